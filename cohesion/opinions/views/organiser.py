"""The organisers' side: open conversations in a phase, seed and moderate statements, see the
map, import and export in the Pol.is format."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cohesion.opinions.forms import ConversationForm, ImportForm, SeedForm
from cohesion.opinions.messages import polis_error_message
from cohesion.opinions.models import Statement
from cohesion.opinions.polis import PolisFormatError
from cohesion.opinions.selectors import (
    conversation_get_visible,
    conversations_of,
    groups_shown,
    snapshot_of,
    statement_of,
    statements_for_moderation,
)
from cohesion.opinions.services import (
    conversation_create,
    conversation_export_polis,
    conversation_import_polis,
    opinion_map_recompute,
    statement_moderate,
    statement_seed,
)
from cohesion.processes.rules import ProcessPhase
from cohesion.processes.selectors import process_phase_get_visible


def _may_manage(user, process, phase) -> bool:
    return user.has_perm("processes.change_phase", ProcessPhase(process, phase))


@require_http_methods(["GET", "POST"])
@login_required
def conversation_list(request, process_pk: int, phase_slug: str):
    process_phase = process_phase_get_visible(user=request.user, pk=process_pk, slug=phase_slug)
    process, phase = process_phase.process, process_phase.phase
    can_manage = _may_manage(request.user, process, phase)
    form = ConversationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            conversation = conversation_create(
                actor=request.user,
                process=process,
                phase_slug=phase.slug,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
            return redirect("opinions:manage", pk=conversation.pk)
    return render(
        request,
        "opinions/conversation_list.html",
        {
            "process": process,
            "phase": phase,
            "conversations": list(conversations_of(process=process, phase_slug=phase.slug)),
            "form": form,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def conversation_manage(request, pk: int):
    conversation = conversation_get_visible(user=request.user, pk=pk)
    process = conversation.process
    phase = process_phase_get_visible(
        user=request.user, pk=process.pk, slug=conversation.phase_slug
    ).phase
    can_manage = _may_manage(request.user, process, phase)
    seed_form = SeedForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "seed":
                seed_form = SeedForm(request.POST)
                if seed_form.is_valid():
                    statement_seed(
                        actor=request.user,
                        conversation=conversation,
                        text=seed_form.cleaned_data["text"],
                    )
                    return redirect("opinions:manage", pk=pk)
            elif action in ("accept", "reject"):
                statement = statement_of(
                    conversation=conversation, pk=request.POST.get("statement", "")
                )
                if statement is None:
                    raise ValidationError(_("That statement is not in this conversation."))
                decision = (
                    Statement.Moderation.ACCEPTED
                    if action == "accept"
                    else Statement.Moderation.REJECTED
                )
                statement_moderate(actor=request.user, statement=statement, moderation=decision)
                return redirect("opinions:manage", pk=pk)
            elif action == "recompute":
                opinion_map_recompute(conversation=conversation)
                messages.success(request, _("The map has been drawn again."))
                return redirect("opinions:manage", pk=pk)
            else:
                raise ValidationError(_("That is not possible here."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    snapshot = snapshot_of(conversation=conversation)
    return render(
        request,
        "opinions/conversation_manage.html",
        {
            "conversation": conversation,
            "process": process,
            "phase": phase,
            "statements": list(statements_for_moderation(conversation=conversation)),
            "seed_form": seed_form,
            "can_manage": can_manage,
            "snapshot": snapshot,
            "groups": groups_shown(snapshot=snapshot) if snapshot else {},
            "join_url": request.build_absolute_uri(
                reverse("participate:vote", args=[conversation.code])
            ),
        },
    )


@require_GET
@login_required
def conversation_export(request, pk: int):
    conversation = conversation_get_visible(user=request.user, pk=pk)
    response = HttpResponse(
        conversation_export_polis(conversation=conversation), content_type="application/zip"
    )
    name = f"cohesion-conversation-{conversation.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def conversation_import(request, process_pk: int, phase_slug: str):
    process_phase = process_phase_get_visible(user=request.user, pk=process_pk, slug=phase_slug)
    process, phase = process_phase.process, process_phase.phase
    if not _may_manage(request.user, process, phase):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = conversation_import_polis(
                actor=request.user,
                process=process,
                phase_slug=phase.slug,
                title=form.cleaned_data["title"],
                archive=form.cleaned_data["archive"].read(),
            )
        except PolisFormatError as error:
            form.add_error("archive", polis_error_message(error))
        except ValidationError as error:
            form.add_error("archive", error)
        else:
            messages.success(request, _("The conversation has been imported."))
            return redirect("opinions:manage", pk=conversation.pk)
    return render(
        request,
        "opinions/conversation_import.html",
        {"process": process, "phase": phase, "form": form},
    )
