"""The participants' pages: vote, add a statement, see the map. No account:
the participant is known by their device token (cohesion.participation.devices); a vote neither
reads nor writes the session."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from cohesion.core.views import rate_limited
from cohesion.opinions.charts import map_context
from cohesion.opinions.models import Conversation, Participant, Vote
from cohesion.opinions.selectors import (
    conversation_by_code,
    conversation_shown,
    map_status_of,
    next_statement_for,
    participant_by_device,
    snapshot_of,
    statement_shown_of,
    statements_by,
    votable_statements,
    vote_target,
)
from cohesion.opinions.services import (
    MAX_STATEMENT_LENGTH,
    participant_join_acting,
    statement_submit,
    vote_cast,
)
from cohesion.participation.devices import (
    device_hash,
    device_hash_of,
    device_token_ensure,
    device_token_of,
)
from cohesion.participation.limits import newcomers_limit


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your statement"),
        max_length=MAX_STATEMENT_LENGTH,
        help_text=gettext_lazy("Others can vote on it once the moderation has accepted it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _reader(request) -> str:
    return getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE


def _participant_of(request, conversation: Conversation) -> Participant | None:
    return participant_by_device(conversation=conversation, device_hash=device_hash_of(request))


def _act_as_participant(request, conversation: Conversation, act) -> bool:
    """Vote or send a statement as the device's participant; a newcomer joins with it. A
    refusal becomes a message in the visitor's language; True when it went through. Raises
    Ratelimited when the address has brought too many newcomers lately."""
    device = device_hash(device_token_ensure(request))
    participant = participant_by_device(conversation=conversation, device_hash=device)
    return _act_as(request, conversation, participant, device, act)


def _act_as(request, conversation: Conversation, participant, device: str, act) -> bool:
    """_act_as_participant once the participant (or None for a newcomer) is known."""
    try:
        if participant is not None:
            act(participant)
            return True
        _limit_newcomers(request)
        participant_join_acting(conversation=conversation, act=act, device_hash=device)
    except ValidationError as error:
        _show_errors(request, error)
        return False
    return True


def _limit_device(request, group: str, rate: str) -> None:
    """Per device, not per address: a whole workshop shares the venue's Wi-Fi. A request
    without a token yet is a newcomer, whom _limit_newcomers counts instead."""
    token = device_token_of(request)
    if token is None:
        return
    device = device_hash(token)  # the token itself goes nowhere, not even into a cache key
    if is_ratelimited(
        request, group=group, key=lambda _group, _request: device, rate=rate, increment=True
    ):
        raise Ratelimited


def _limit_newcomers(request) -> None:
    newcomers_limit(
        request, group="opinions.newcomer", rates=settings.OPINION_NEW_PARTICIPANTS_PER_ADDRESS
    )


def _show_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require_http_methods(["GET", "POST"])
def vote(request, code: str):
    if request.method == "POST":
        try:
            return _vote_posted(request, code)
        except Ratelimited as error:
            return rate_limited(request, error)
    conversation = conversation_by_code(code=code)
    participant = _participant_of(request, conversation)
    votable = votable_statements(conversation=conversation)
    total = votable.count()
    voted = votable.filter(votes__participant=participant).count() if participant else 0
    own = statements_by(participant=participant) if participant else []
    statement = (
        next_statement_for(conversation=conversation, participant=participant)
        if conversation.is_open
        else None
    )
    reader = _reader(request)
    context = {
        "conversation": conversation,
        "shown": conversation_shown(conversation, reader=reader),
        "participant": participant,
        "statement": statement,
        "statement_shown": statement_shown_of(statement, reader=reader) if statement else None,
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


def _vote_posted(request, code: str):
    """The vote's hot path: the statement with its conversation and the device's participant
    (one query), the upsert and the map's mark; answered with a redirect to the vote page."""
    _limit_device(request, "opinions.vote", settings.OPINION_VOTES_PER_DEVICE)
    try:
        statement_pk = int(request.POST.get("statement", ""))
        value = int(request.POST.get("value", ""))
    except ValueError:
        statement_pk = value = None
    target = (
        vote_target(code=code, statement_pk=statement_pk, device_hash=device_hash_of(request))
        if statement_pk
        else None
    )
    if target is None:
        conversation = conversation_by_code(code=code)  # 404 for an unknown code
        if statement_pk is None:
            messages.error(request, _("Choose agree, disagree or pass for a statement."))
        else:
            messages.error(request, _("This statement does not exist."))
        return redirect("participate:vote", code=conversation.code)
    statement = target.statement
    _act_as(
        request,
        statement.conversation,
        target.participant,
        device_hash(device_token_ensure(request)),  # a newcomer's token is made now
        lambda participant: vote_cast(participant=participant, statement=statement, value=value),
    )
    return HttpResponseRedirect(request.path)  # the vote page is where the vote was posted


@require_POST
def submit(request, code: str):
    conversation = conversation_by_code(code=code)
    try:
        _limit_device(request, "opinions.statement", settings.OPINION_STATEMENTS_PER_DEVICE)
    except Ratelimited as error:
        return rate_limited(request, error)
    form = StatementForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("participate:vote", code=conversation.code)
    try:
        submitted = _act_as_participant(
            request,
            conversation,
            lambda participant: statement_submit(
                participant=participant,
                text=form.cleaned_data["text"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            ),
        )
    except Ratelimited as error:
        return rate_limited(request, error)
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
    reader = _reader(request)
    context = {
        "conversation": conversation,
        "shown": conversation_shown(conversation, reader=reader),
        "participant": participant,
        "snapshot": snapshot,
    }
    if snapshot is not None:
        context.update(map_context(snapshot, participant, reader=reader))
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
