"""The organisers' side: open conversations in a phase, seed, moderate and delete statements,
see the map, import and export in the Pol.is format. The views validate what is posted and call
services (cohesion.opinions.actions for the buttons of the conversation's page)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cohesion.core.shortcuts import found_or_404
from cohesion.opinions.actions import organiser_action_perform
from cohesion.opinions.charts import groups_labelled
from cohesion.opinions.forms import ConversationForm, ImportForm, OrganiserActionForm, SeedForm
from cohesion.opinions.messages import polis_error_message
from cohesion.opinions.polis import PolisFormatError
from cohesion.opinions.selectors import (
    conversation_get_visible,
    conversation_translations_missing,
    conversations_of,
    groups_shown,
    snapshot_summary_of,
    statement_of,
    statement_translations_missing,
    statements_for_moderation,
)
from cohesion.opinions.services import (
    conversation_create,
    conversation_export_polis,
    conversation_export_statements,
    conversation_import_polis,
    statement_delete,
)
from cohesion.processes.rules import ProcessPhase
from cohesion.processes.selectors import process_phase_visible


def _may_manage(user, process, phase) -> bool:
    return user.has_perm("processes.change_phase", ProcessPhase(process, phase))


def _conversation_and_phase(request, pk: int):
    conversation = found_or_404(conversation_get_visible(user=request.user, pk=pk))
    phase = found_or_404(
        process_phase_visible(
            user=request.user, pk=conversation.process.pk, slug=conversation.phase_slug
        )
    ).phase
    return conversation, phase


def _attachment(content: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"  # participants' votes stay out of shared caches
    return response


@require_http_methods(["GET", "POST"])
@login_required
def conversation_list(request, process_pk: int, phase_slug: str):
    process_phase = found_or_404(
        process_phase_visible(user=request.user, pk=process_pk, slug=phase_slug)
    )
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
    conversation, phase = _conversation_and_phase(request, pk)
    process = conversation.process
    can_manage = _may_manage(request.user, process, phase)
    seed_form = SeedForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = OrganiserActionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("That is not possible here."))
            messages.success(
                request,
                organiser_action_perform(
                    actor=request.user, conversation=conversation, **form.cleaned_data
                ),
            )
            return redirect("opinions:manage", pk=pk)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            if request.POST.get("action") == "seed":  # keep what was typed
                seed_form = SeedForm(request.POST)
    snapshot = snapshot_summary_of(conversation=conversation)
    statements = list(statements_for_moderation(conversation=conversation))
    languages = dict(settings.LANGUAGES)
    for statement in statements:  # what the translation form beside each statement offers
        statement.missing = statement_translations_missing(statement)
        statement.language_choices = [
            (code, name) for code, name in languages.items() if code != statement.language
        ]
        statement.translation_list = [
            (code, languages.get(code, code), text)
            for code, text in sorted((statement.translations or {}).items())
        ]
    return render(
        request,
        "opinions/conversation_manage.html",
        {
            "conversation": conversation,
            "process": process,
            "phase": phase,
            "statements": statements,
            "conversation_missing": conversation_translations_missing(conversation),
            "conversation_language_choices": [
                (code, name)
                for code, name in languages.items()
                if code != conversation.source_language
            ],
            "conversation_translation_list": [
                (
                    code,
                    languages.get(code, code),
                    conversation.title_translations.get(code, ""),
                    conversation.description_translations.get(code, ""),
                )
                for code in sorted(
                    {*conversation.title_translations, *conversation.description_translations}
                )
            ],
            "seed_form": seed_form,
            "can_manage": can_manage,
            "snapshot": snapshot,
            "groups": groups_labelled(groups_shown(snapshot=snapshot)) if snapshot else [],
            "join_url": request.build_absolute_uri(
                reverse("participate:vote", args=[conversation.code])
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def statement_delete_confirm(request, pk: int, statement_pk: int):
    """Ask, then delete the statement with its votes."""
    conversation, phase = _conversation_and_phase(request, pk)
    if not _may_manage(request.user, conversation.process, phase):
        raise PermissionDenied
    statement = found_or_404(statement_of(conversation=conversation, pk=statement_pk))
    if request.method == "POST":
        statement_delete(actor=request.user, statement=statement)
        messages.success(
            request,
            _("Deleted: “%(text)s”, with its votes. The map is drawn again without it.")
            % {"text": statement.text},
        )
        return redirect("opinions:manage", pk=pk)
    return render(
        request,
        "opinions/conversation_statement_delete.html",
        {
            "conversation": conversation,
            "statement": statement,
            "votes": statement.votes.count(),
        },
    )


@require_GET
@login_required
def conversation_export(request, pk: int):
    """Every participant's votes (Pol.is format): only for those who manage the conversation."""
    conversation = found_or_404(conversation_get_visible(user=request.user, pk=pk))
    return _attachment(
        conversation_export_polis(actor=request.user, conversation=conversation),
        content_type="application/zip",
        name=f"cohesion-conversation-{conversation.pk}.zip",
    )


@require_GET
@login_required
def conversation_export_comments(request, pk: int):
    """The statements with their vote counts (comments.csv), for everyone who sees them."""
    conversation = found_or_404(conversation_get_visible(user=request.user, pk=pk))
    return _attachment(
        conversation_export_statements(actor=request.user, conversation=conversation),
        content_type="text/csv; charset=utf-8",
        name=f"cohesion-conversation-{conversation.pk}-comments.csv",
    )


@require_http_methods(["GET", "POST"])
@login_required
def conversation_import(request, process_pk: int, phase_slug: str):
    process_phase = found_or_404(
        process_phase_visible(user=request.user, pk=process_pk, slug=phase_slug)
    )
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
