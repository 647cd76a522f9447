from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohesion.processes.forms import ProcessAdvanceForm
from cohesion.processes.phases import (
    FACTS_PHASES,
    OPINION_PHASES,
    phase_after,
    phase_before,
    phase_steps,
)
from cohesion.processes.selectors import (
    process_get_visible,
    process_phase_get_visible,
    process_transitions,
    processes_visible_to,
)
from cohesion.processes.services import process_advance


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
    process = process_get_visible(user=request.user, pk=pk)
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "steps": phase_steps(process.current_phase),
            "next_phase": process.next_phase,
            "can_advance": request.user.has_perm("processes.advance_process", process),
            "advance_form": ProcessAdvanceForm(
                initial={"expected_phase": process.current_phase_slug}
            ),
            "transitions": list(process_transitions(process=process)[:20]),
        },
    )


@require_GET
@login_required
def phase_detail(request, pk: int, slug: str):
    process_phase = process_phase_get_visible(user=request.user, pk=pk, slug=slug)
    process, phase = process_phase.process, process_phase.phase
    steps = phase_steps(process.current_phase)
    return render(
        request,
        "processes/phase_detail.html",
        {
            "process": process,
            "phase": phase,
            "steps": steps,
            "state": steps[phase.number - 1]["state"],
            "previous_phase": phase_before(phase),
            "following_phase": phase_after(phase),
            "can_change": request.user.has_perm("processes.change_phase", process_phase),
            "shows_facts": phase.slug in FACTS_PHASES,
            "shows_opinions": phase.slug in OPINION_PHASES,
        },
    )


@require_POST
@login_required
def process_advance_view(request, pk: int):
    process = process_get_visible(user=request.user, pk=pk)
    if not request.user.has_perm("processes.advance_process", process):
        raise PermissionDenied
    form = ProcessAdvanceForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("expected_phase", []):
            messages.error(request, error)
        return redirect("processes:detail", pk=process.pk)
    try:
        process = process_advance(
            process=process,
            actor=request.user,
            expected_phase_slug=form.cleaned_data["expected_phase"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The process is now in the phase “%(phase)s”.")
            % {"phase": process.current_phase.title},
        )
    return redirect("processes:detail", pk=process.pk)
