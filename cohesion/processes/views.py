from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.processes.capabilities import guard_verdicts, overview_entries, phase_cards
from cohesion.processes.forms import ProcessAdvanceForm
from cohesion.processes.models import PhaseTransition
from cohesion.processes.phases import phase_after, phase_before, phase_steps
from cohesion.processes.selectors import (
    process_latest_transition,
    process_phase_visible,
    process_status,
    process_transitions,
    process_version,
    process_visible,
    processes_visible_to,
)
from cohesion.processes.services import process_advance, process_advance_undo


@require_GET
def overview(request):
    """The start page: what Cohesion is for guests; the processes one works on for everyone else."""
    if not request.user.is_authenticated:
        return render(request, "processes/welcome.html")
    return render(
        request,
        "processes/overview.html",
        {"processes": list(processes_visible_to(user=request.user))},
    )


@require_GET
@login_required
def process_detail(request, pk: int):
    process = found_or_404(process_visible(user=request.user, pk=pk))
    can_advance = request.user.has_perm("processes.advance_process", process)
    latest = process_latest_transition(process=process)
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "steps": phase_steps(process.current_phase),
            "next_phase": process.next_phase,
            "can_advance": can_advance,
            "can_undo": can_advance
            and latest is not None
            and latest.kind == PhaseTransition.Kind.ADVANCE,
            "undo_to": phase_before(process.current_phase),
            "phase_form": ProcessAdvanceForm(
                initial={"expected_phase": process.current_phase_slug}
            ),
            "entries": overview_entries(user=request.user, process=process),
            "transitions": list(process_transitions(process=process)[:20]),
            "version": process_version(process_id=process.pk),
        },
    )


@require_GET
@login_required
def process_status_view(request, pk: int):
    """The process's live view as JSON: what a page polls when its websocket cannot connect."""
    process = found_or_404(process_visible(user=request.user, pk=pk))
    response = JsonResponse(process_status(process_id=process.pk))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def phase_detail(request, pk: int, slug: str):
    process_phase = found_or_404(process_phase_visible(user=request.user, pk=pk, slug=slug))
    process, phase = process_phase.process, process_phase.phase
    return render(
        request,
        "processes/phase_detail.html",
        {
            "process": process,
            "phase": phase,
            "steps": phase_steps(process.current_phase),
            "state": process_phase.state,
            "previous_phase": phase_before(phase),
            "following_phase": phase_after(phase),
            "can_change": request.user.has_perm("processes.change_phase", process_phase),
            "cards": phase_cards(user=request.user, process_phase=process_phase),
        },
    )


def _messages_of(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
@login_required
def process_advance_view(request, pk: int):
    """Two steps: the page shows the next phase and what every guard says, and the button on it
    moves the process on (refused if the process changed meanwhile, or a guard objects)."""
    process = found_or_404(process_visible(user=request.user, pk=pk))
    if not request.user.has_perm("processes.advance_process", process):
        raise PermissionDenied
    next_phase = process.next_phase
    if request.method == "GET":
        if next_phase is None:
            messages.error(request, _("This is the last phase; the process cannot move further."))
            return redirect("processes:detail", pk=process.pk)
        verdicts = guard_verdicts(
            process=process, from_phase=process.current_phase, to_phase=next_phase
        )
        return render(
            request,
            "processes/process_advance.html",
            {
                "process": process,
                "next_phase": next_phase,
                "verdicts": verdicts,
                "allowed": all(verdict.allows for verdict in verdicts),
                "form": ProcessAdvanceForm(initial={"expected_phase": process.current_phase_slug}),
            },
        )
    return _phase_move(
        request,
        process,
        move=process_advance,
        done=_("The process is now in the phase “%(phase)s”."),
    )


@require_POST
@login_required
def process_advance_undo_view(request, pk: int):
    process = found_or_404(process_visible(user=request.user, pk=pk))
    if not request.user.has_perm("processes.advance_process", process):
        raise PermissionDenied
    return _phase_move(
        request,
        process,
        move=process_advance_undo,
        done=_("Undone: the process is back in the phase “%(phase)s”."),
    )


def _phase_move(request, process, *, move, done: str):
    """A move on or its undo from the posted form: the phase the person saw travels with it, so
    a process someone else moved meanwhile is not moved twice."""
    form = ProcessAdvanceForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("expected_phase", []):
            messages.error(request, error)
        return redirect("processes:detail", pk=process.pk)
    try:
        process = move(
            process=process,
            actor=request.user,
            expected_phase_slug=form.cleaned_data["expected_phase"],
        )
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(request, done % {"phase": process.current_phase.title})
    return redirect("processes:detail", pk=process.pk)
