"""What is due or slips, and whom to tell: a registry of due sources.

A *due source* is a callable ``source(*, today) -> Iterable[Due]`` registered with
``due_source_register``; the daily upkeep asks every source and turns each ``Due`` into a
``Notification`` (and an e-mail) unless one with the same user and ``key`` exists: the same
thing is never announced twice. Each ``Due.kind`` is worded by ``notice_kind_register`` (a
translatable text with ``%(name)s`` placeholders filled from ``Due.params``), in the language
of the person who reads it.

The built-in source (``strategy_dues``) looks at the strategies whose process is in the
monitoring phase: a milestone due within ``DUE_WITHIN_DAYS`` days or overdue and not done, a
measure whose traffic light is red. It tells the monitoring editors of the municipality
(coordinator and working group members). Other parts (assignments) register their own."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DUE_WITHIN_DAYS = 7


@dataclass(frozen=True)
class Due:
    key: str  # what the notice is about; one notice per user and key, ever (at most 200)
    user: object
    kind: str
    params: dict = field(default_factory=dict, hash=False)
    link: str = ""


@dataclass(frozen=True)
class NoticeKind:
    text: object  # a lazy translatable text with %(name)s placeholders
    subject: object
    # Parameters worded when shown (in the reader's language) from the stored ones.
    words: Callable[[dict], dict] | None = None


_SOURCES: list[Callable[..., Iterable[Due]]] = []
_KINDS: dict[str, NoticeKind] = {}


def due_source_register(source: Callable[..., Iterable[Due]]):
    """Adds a source of dues (usable as a decorator); registering one twice keeps one."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def notice_kind_register(kind: str, *, text, subject, words=None) -> None:
    _KINDS[kind] = NoticeKind(text=text, subject=subject, words=words)


def dues(*, today: datetime.date) -> list[Due]:
    found: list[Due] = []
    for source in _SOURCES:
        found.extend(source(today=today))
    return found


def _worded(kind: str, params: dict, part: str) -> str:
    notice = _KINDS.get(kind)
    if notice is None:
        return kind
    text = str(getattr(notice, part))
    try:
        shown = {**params, **(notice.words(params) if notice.words else {})}
        return text % shown
    except (KeyError, TypeError, ValueError):
        return text


def notice_text(kind: str, params: dict) -> str:
    """The notice in the active language (a kind no longer registered: its code)."""
    return _worded(kind, params, "text")


def notice_subject(kind: str, params: dict) -> str:
    return _worded(kind, params, "subject")


# --- the strategy's own dues ---

notice_kind_register(
    "milestone_due",
    text=_('The milestone "%(milestone)s" of the measure "%(measure)s" is due on %(due)s.'),
    subject=_("A milestone is due: %(milestone)s"),
)
notice_kind_register(
    "milestone_overdue",
    text=_(
        'The milestone "%(milestone)s" of the measure "%(measure)s" was due on %(due)s and is '
        "not done."
    ),
    subject=_("A milestone is overdue: %(milestone)s"),
)
notice_kind_register(
    "measure_red",
    text=_('The measure "%(measure)s" turned red: %(reason)s'),
    subject=_("A measure slips: %(measure)s"),
    words=lambda params: {"reason": _rule_reason(params.get("rule", ""))},
)


def _rule_reason(code: str) -> str:
    from cohesion.monitoring.selectors import RULE_REASONS

    return str(RULE_REASONS.get(code, ""))


def monitoring_editors(*, municipality_id: int) -> list:
    """The people who keep up a municipality's monitoring: its coordinators and working
    group members (active accounts)."""
    from cohesion.accounts.models import Role
    from cohesion.accounts.selectors import municipality_memberships

    roles = {Role.COORDINATOR, Role.WORKING_GROUP_MEMBER}
    users = {}
    for membership in municipality_memberships(municipality_id=municipality_id):
        if membership.role in roles:
            users[membership.user.pk] = membership.user
    return list(users.values())


@due_source_register
def strategy_dues(*, today: datetime.date) -> list[Due]:
    from cohesion.monitoring.selectors import measure_lights
    from cohesion.strategies.selectors import strategies_in_phase, strategy_tree

    found = []
    for strategy in strategies_in_phase(phase_slug="monitoring"):
        people = monitoring_editors(municipality_id=strategy.process.municipality_id)
        if not people:
            continue
        fields = strategy_tree(strategy=strategy, language=strategy.source_language)
        for field_of_action in fields:
            for goal in field_of_action.goals.all():
                for measure in goal.measures.all():
                    link = reverse("monitoring:measure", args=[measure.pk])
                    assessment = measure_lights(measure, today=today)
                    if assessment.light == "red":
                        for user in people:
                            found.append(
                                Due(
                                    key=f"measure:{measure.pk}:red:{assessment.rule}",
                                    user=user,
                                    kind="measure_red",
                                    params={
                                        "measure": measure.shown.text[:200],
                                        "rule": assessment.rule,
                                    },
                                    link=link,
                                )
                            )
                    for milestone in measure.milestones.all():
                        if milestone.done_on is not None:
                            continue
                        days = (milestone.due - today).days
                        if days < 0:
                            kind = "milestone_overdue"
                        elif days <= DUE_WITHIN_DAYS:
                            kind = "milestone_due"
                        else:
                            continue
                        for user in people:
                            found.append(
                                Due(
                                    key=f"milestone:{milestone.pk}:{kind}:{milestone.due}",
                                    user=user,
                                    kind=kind,
                                    params={
                                        "milestone": milestone.shown.text[:200],
                                        "measure": measure.shown.text[:200],
                                        "due": milestone.due.isoformat(),
                                    },
                                    link=link,
                                )
                            )
    return found


notice_kind_register(
    "assignment_due",
    text=_('Your assignment "%(task)s" is due on %(due)s.'),
    subject=_("An assignment is due: %(task)s"),
)
notice_kind_register(
    "assignment_overdue",
    text=_('Your assignment "%(task)s" was due on %(due)s and is not done.'),
    subject=_("An assignment is overdue: %(task)s"),
)


@due_source_register
def assignment_dues(*, today: datetime.date) -> list[Due]:
    """The strategy's open assignments due within ``DUE_WITHIN_DAYS`` days or overdue, told to
    the person they are assigned to."""
    from cohesion.strategies.selectors import assignments_due

    found = []
    for assignment in assignments_due(today=today, within_days=DUE_WITHIN_DAYS):
        kind = "assignment_overdue" if assignment.due < today else "assignment_due"
        found.append(
            Due(
                key=f"assignment:{assignment.pk}:{kind}:{assignment.due}",
                user=assignment.assignee,
                kind=kind,
                params={"task": assignment.task[:200], "due": assignment.due.isoformat()},
                link=reverse("strategies:my_assignments"),
            )
        )
    return found
