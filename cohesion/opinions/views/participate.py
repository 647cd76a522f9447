"""The participants' pages: vote, add a statement, see the map. No account:
the participant is known by a random key kept in the session."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cohesion.opinions.charts import map_context
from cohesion.opinions.models import Conversation, Participant, Vote
from cohesion.opinions.selectors import (
    conversation_by_code,
    map_status_of,
    next_statement_for,
    participant_by_key,
    snapshot_of,
    statement_get,
    statements_by,
    votable_statements,
)
from cohesion.opinions.services import (
    MAX_STATEMENT_LENGTH,
    participant_join_acting,
    statement_submit,
    vote_cast,
)

SESSION_KEY = "opinion_participants"  # {conversation pk as str: participant key}


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your statement"),
        max_length=MAX_STATEMENT_LENGTH,
        help_text=gettext_lazy("Others can vote on it once the moderation has accepted it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _participant_of(request, conversation: Conversation) -> Participant | None:
    key = request.session.get(SESSION_KEY, {}).get(str(conversation.pk))
    return participant_by_key(conversation=conversation, key=key)


def _act_as_participant(request, conversation: Conversation, act) -> bool:
    """Vote or send a statement as the session's participant; a newcomer joins with it. A
    refusal becomes a message in the visitor's language; True when it went through."""
    participant = _participant_of(request, conversation)
    try:
        if participant is not None:
            act(participant)
            return True
        participant = participant_join_acting(conversation=conversation, act=act)
    except ValidationError as error:
        _show_errors(request, error)
        return False
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(conversation.pk)] = participant.key
    request.session[SESSION_KEY] = known
    return True


def _show_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require_http_methods(["GET", "POST"])
def vote(request, code: str):
    conversation = conversation_by_code(code=code)
    if request.method == "POST":
        _vote_posted(request, conversation)
        return redirect("participate:vote", code=conversation.code)
    participant = _participant_of(request, conversation)
    votable = votable_statements(conversation=conversation)
    total = votable.count()
    voted = votable.filter(votes__participant=participant).count() if participant else 0
    own = statements_by(participant=participant) if participant else []
    context = {
        "conversation": conversation,
        "participant": participant,
        "statement": next_statement_for(conversation=conversation, participant=participant)
        if conversation.is_open
        else None,
        "voted": voted,
        "total": total,
        "choices": [
            (Vote.Choice.AGREE, _("Agree")),
            (Vote.Choice.DISAGREE, _("Disagree")),
            (Vote.Choice.PASS, _("Pass / unsure")),
        ],
        "form": StatementForm(),
        "own_statements": own,
    }
    return render(request, "opinions/participate/vote.html", context)


def _vote_posted(request, conversation: Conversation) -> None:
    try:
        statement_pk = int(request.POST.get("statement", ""))
        value = int(request.POST.get("value", ""))
    except ValueError:
        messages.error(request, _("Choose agree, disagree or pass for a statement."))
        return
    statement = statement_get(pk=statement_pk)
    if statement is None:
        messages.error(request, _("This statement does not exist."))
        return
    _act_as_participant(
        request,
        conversation,
        lambda participant: vote_cast(participant=participant, statement=statement, value=value),
    )


@require_POST
def submit(request, code: str):
    conversation = conversation_by_code(code=code)
    form = StatementForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("participate:vote", code=conversation.code)
    submitted = _act_as_participant(
        request,
        conversation,
        lambda participant: statement_submit(
            participant=participant,
            text=form.cleaned_data["text"],
            language=getattr(request, "LANGUAGE_CODE", ""),
        ),
    )
    if submitted:
        messages.success(
            request,
            _("Thank you: your statement is shown once the moderation has accepted it."),
        )
    return redirect("participate:vote", code=conversation.code)


@require_http_methods(["GET"])
def opinion_map(request, code: str):
    conversation = conversation_by_code(code=code)
    participant = _participant_of(request, conversation)
    snapshot = snapshot_of(conversation=conversation)
    context = {"conversation": conversation, "participant": participant, "snapshot": snapshot}
    if snapshot is not None:
        context.update(map_context(snapshot, participant))
    return render(request, "opinions/participate/map.html", context)


@require_http_methods(["GET"])
def map_status(request, code: str):
    """When the map was last drawn and whether new votes wait: what the open map page polls to
    know when to fetch itself again (two small queries, nothing personal)."""
    status = map_status_of(conversation=conversation_by_code(code=code))
    response = JsonResponse(
        {
            "computed": status.computed_at.isoformat() if status.computed_at else "",
            "pending": status.pending,
        }
    )
    response["Cache-Control"] = "no-store"
    return response
