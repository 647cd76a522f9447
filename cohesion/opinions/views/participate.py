"""The participants' pages: join with a code, vote, add a statement, see the map. No account:
the participant is known by a random key kept in the session."""

import altair as alt
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cohesion.core.charts import COLOUR, HEIGHT, WIDTH, chart_svg, configured
from cohesion.opinions.models import Conversation, Participant, Vote
from cohesion.opinions.selectors import (
    MIN_SHOWN_GROUP,
    conversation_by_code,
    conversation_find_by_code,
    map_shown_to,
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
YOU_COLOUR = "#a4161a"  # the stylesheet's danger red, 7:1 against white


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("The code is shown in the room or in your invitation."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


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
def join(request):
    form = JoinForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        conversation = conversation_find_by_code(code=code)
        if conversation is not None and conversation.is_open:
            return redirect("participate:vote", code=conversation.code)
        if conversation is None:
            problem = _("There is no conversation with the code %(code)s. Check the code.") % {
                "code": code
            }
        else:
            problem = _("The conversation with the code %(code)s is closed.") % {"code": code}
        form.add_error("code", problem)
    return render(request, "opinions/participate/join.html", {"form": form})


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


def group_label(group: str) -> str:
    """Group A, B, … from the engine's stable group ids 0, 1, …"""
    letter = chr(ord("A") + int(group)) if group.isdigit() and int(group) < 26 else group
    return _("Group %(letter)s") % {"letter": letter}


def centres_spec(*, centres: list[dict], you: list[float] | None, you_label: str) -> dict:
    """The centres of the shown groups, sized by the group, and the viewer's own position."""
    xs = [c["x"] for c in centres] + ([you[0]] if you else [])
    ys = [c["y"] for c in centres] + ([you[1]] if you else [])
    pad = 0.15 * max(max(xs) - min(xs), max(ys) - min(ys), 0.5)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[min(xs) - pad, max(xs) + pad]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[min(ys) - pad, max(ys) + pad]))
    base = alt.Chart(alt.Data(values=centres)).properties(width=WIDTH, height=HEIGHT + 60)
    layers = [
        base.mark_circle(color=COLOUR, opacity=0.35, stroke=COLOUR, strokeWidth=2).encode(
            x=x, y=y, size=alt.Size("size:Q", legend=None, scale=alt.Scale(range=[300, 2500]))
        ),
        # Above the biggest circle (radius ≈ 28 px), so the cross for "you" stays visible.
        base.mark_text(color="#222", fontSize=12, fontWeight="bold", dy=-36).encode(
            x=x, y=y, text="label:N"
        ),
    ]
    if you:
        mine = alt.Chart(alt.Data(values=[{"x": you[0], "y": you[1], "label": you_label}]))
        layers.append(
            mine.mark_point(shape="cross", size=160, filled=True, color=YOU_COLOUR).encode(x=x, y=y)
        )
        layers.append(
            mine.mark_text(color=YOU_COLOUR, dy=16, fontSize=12, fontWeight="bold").encode(
                x=x, y=y, text="label:N"
            )
        )
    return configured(alt.layer(*layers))


def _map_context(snapshot, participant: Participant | None) -> dict:
    shown = map_shown_to(snapshot=snapshot, participant=participant)
    groups = [
        {
            "id": group.id,
            "label": group_label(group.id),
            "size": group.size,
            "statements": group.statements,
            "centre": group.centre,
        }
        for group in shown.groups
    ]
    centres = [
        {"x": g["centre"][0], "y": g["centre"][1], "size": g["size"], "label": g["label"]}
        for g in groups
        if g["centre"]
    ]
    chart = None
    if centres:
        chart = chart_svg(
            centres_spec,
            centres=centres,
            you=list(shown.own_point) if shown.own_point else None,
            you_label=_("You"),
            description=_(
                "Map of the groups: each circle is a group, the bigger the more people; "
                "the cross marks you. The table below lists the same groups."
            ),
        )
    own_group = shown.own_group
    return {
        "groups": groups,
        "consensus": shown.consensus,
        "own_group": own_group,
        "own_group_label": group_label(own_group) if own_group in shown.shown_ids else "",
        "own_group_too_small": own_group is not None and own_group not in shown.shown_ids,
        "own_unplaced": participant is not None and own_group is None,
        "chart": chart,
        "min_shown": MIN_SHOWN_GROUP,
    }


@require_http_methods(["GET"])
def opinion_map(request, code: str):
    conversation = conversation_by_code(code=code)
    participant = _participant_of(request, conversation)
    snapshot = snapshot_of(conversation=conversation)
    context = {"conversation": conversation, "participant": participant, "snapshot": snapshot}
    if snapshot is not None:
        context.update(_map_context(snapshot, participant))
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
