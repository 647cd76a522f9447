"""Reads of the strategy, each with its permission filter: None for what the user may not see
(views answer 404)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from cohesion.core.translations import translation_pick
from cohesion.processes.models import Process
from cohesion.strategies.models import (
    FieldOfAction,
    Goal,
    GoalIndicator,
    IndicatorActual,
    Measure,
    Milestone,
    Strategy,
    StrategyChange,
)

_PROCESS = ("process", "process__municipality", "process__programme")


def _pk(pk) -> int | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return int(pk)


def process_for_viewer(*, user, pk) -> Process | None:
    """The process whose strategy the user reads, or None."""
    pk = _pk(pk)
    if pk is None:
        return None
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("strategies.view_strategy", process):
        return None
    return process


def strategy_of_process(*, process) -> Strategy | None:
    strategy = Strategy.objects.filter(process=process).first()
    if strategy is not None:
        strategy.process = process
    return strategy


def _visible(user, obj, perm: str):
    if obj is None or not user.has_perm(perm, obj):
        return None
    return obj


def strategy_for_viewer(*, user, pk) -> Strategy | None:
    pk = _pk(pk)
    if pk is None:
        return None
    strategy = Strategy.objects.select_related(*_PROCESS).filter(pk=pk).first()
    return _visible(user, strategy, "strategies.view_strategy")


def strategy_for_editor(*, user, pk) -> Strategy | None:
    """The strategy if the user may change it, else None. Pages that answer 403 to a reader
    ask ``strategy_for_viewer`` and the permission."""
    return _visible(user, strategy_for_viewer(user=user, pk=pk), "strategies.change_strategy")


def _strategy_related(prefix: str) -> list[str]:
    return [f"{prefix}strategy", *(f"{prefix}strategy__{name}" for name in _PROCESS)]


def field_for_viewer(*, user, pk) -> FieldOfAction | None:
    pk = _pk(pk)
    if pk is None:
        return None
    field = FieldOfAction.objects.select_related(*_strategy_related("")).filter(pk=pk).first()
    return _visible(user, field, "strategies.view_strategy")


def goal_for_viewer(*, user, pk) -> Goal | None:
    pk = _pk(pk)
    if pk is None:
        return None
    goal = (
        Goal.objects.select_related(*_strategy_related("field_of_action__"), "candidate")
        .filter(pk=pk)
        .first()
    )
    return _visible(user, goal, "strategies.view_strategy")


def measure_for_viewer(*, user, pk) -> Measure | None:
    pk = _pk(pk)
    if pk is None:
        return None
    measure = (
        Measure.objects.select_related(
            "goal", *_strategy_related("goal__field_of_action__"), "candidate"
        )
        .prefetch_related("milestones")
        .filter(pk=pk)
        .first()
    )
    return _visible(user, measure, "strategies.view_strategy")


def milestone_for_viewer(*, user, pk) -> Milestone | None:
    pk = _pk(pk)
    if pk is None:
        return None
    milestone = (
        Milestone.objects.select_related(
            "measure", "measure__goal", *_strategy_related("measure__goal__field_of_action__")
        )
        .filter(pk=pk)
        .first()
    )
    return _visible(user, milestone, "strategies.view_strategy")


def indicator_for_viewer(*, user, pk) -> GoalIndicator | None:
    pk = _pk(pk)
    if pk is None:
        return None
    indicator = (
        GoalIndicator.objects.select_related("goal", *_strategy_related("goal__field_of_action__"))
        .prefetch_related("actuals")
        .filter(pk=pk)
        .first()
    )
    return _visible(user, indicator, "strategies.view_strategy")


# --- the whole document ---


def shown(texts: dict, *, strategy: Strategy, language: str):
    return translation_pick(texts, language=language, original_language=strategy.source_language)


def strategy_tree(*, strategy: Strategy, language: str) -> list[FieldOfAction]:
    """The whole document: fields of action → goals → measures (with milestones) and
    indicators (with actual values), each with its text in ``language`` (``.shown``). Six
    queries whatever its size."""
    fields = list(
        FieldOfAction.objects.filter(strategy=strategy)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "pk")),
            Prefetch("goals__measures", queryset=Measure.objects.order_by("order", "pk")),
            Prefetch(
                "goals__measures__milestones", queryset=Milestone.objects.order_by("due", "pk")
            ),
            Prefetch("goals__indicators", queryset=GoalIndicator.objects.order_by("order", "pk")),
            Prefetch(
                "goals__indicators__actuals",
                queryset=IndicatorActual.objects.order_by("period", "pk"),
            ),
        )
    )

    def pick(texts):
        return shown(texts, strategy=strategy, language=language)

    for field in fields:
        field.strategy = strategy
        field.shown = pick(field.title)
        for goal in field.goals.all():
            goal.shown = pick(goal.title)
            goal.description_shown = pick(goal.description) if goal.description else None
            for measure in goal.measures.all():
                measure.shown = pick(measure.title)
                measure.description_shown = (
                    pick(measure.description) if measure.description else None
                )
                for milestone in measure.milestones.all():
                    milestone.shown = pick(milestone.title)
            for indicator in goal.indicators.all():
                indicator.shown = pick(indicator.name) if indicator.name else None
                actuals = indicator.actuals.all()
                indicator.latest_actual = actuals[len(actuals) - 1] if actuals else None
    return fields


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value) -> str | None:
    return str(value) if value is not None else None


def strategy_snapshot(*, strategy: Strategy) -> dict:
    """The strategy as one JSON-able structure (decimals as strings, dates ISO): what versions
    compare and what the exports write."""
    fields = strategy_tree(strategy=strategy, language=strategy.source_language)
    return {
        "title": dict(strategy.title),
        "guiding_principles": dict(strategy.guiding_principles),
        "fields": [
            {
                "id": field.pk,
                "title": dict(field.title),
                "weight": field.weight,
                "goals": [
                    {
                        "id": goal.pk,
                        "title": dict(goal.title),
                        "description": dict(goal.description),
                        "target_year": goal.target_year,
                        "weight": goal.weight,
                        "measures": [
                            {
                                "id": measure.pk,
                                "title": dict(measure.title),
                                "description": dict(measure.description),
                                "lead": measure.lead,
                                "partners": measure.partners,
                                "start": _iso(measure.start),
                                "end": _iso(measure.end),
                                "budget": _decimal(measure.budget),
                                "status": measure.status,
                                "progress": measure.progress,
                                "weight": measure.weight,
                                "milestones": [
                                    {
                                        "id": milestone.pk,
                                        "due": _iso(milestone.due),
                                        "title": dict(milestone.title),
                                        "done_on": _iso(milestone.done_on),
                                    }
                                    for milestone in measure.milestones.all()
                                ],
                            }
                            for measure in goal.measures.all()
                        ],
                        "indicators": [
                            {
                                "id": indicator.pk,
                                "catalogue_key": indicator.catalogue_key,
                                "name": dict(indicator.name),
                                "unit": indicator.unit,
                                "better": indicator.better,
                                "baseline": _decimal(indicator.baseline),
                                "baseline_period": indicator.baseline_period,
                                "target": _decimal(indicator.target),
                                "target_year": indicator.target_year,
                            }
                            for indicator in goal.indicators.all()
                        ],
                    }
                    for goal in field.goals.all()
                ],
            }
            for field in fields
        ],
    }


# --- the workshop's candidates ---


def candidates_available(*, strategy: Strategy, language: str) -> list[dict]:
    """The workshop's candidates per field of action (``workshops.selectors.candidates_of``),
    each with its cards, votes and group breakdown, and ``.goal`` / ``.measure``: what the
    strategy made of it already (None while unused)."""
    from cohesion.workshops.selectors import (
        candidate_breakdowns,
        candidates_of,
        workshop_of_process,
    )

    workshop = workshop_of_process(process=strategy.process)
    if workshop is None:
        return []
    fields = candidates_of(workshop=workshop, language=language)
    candidates = [c for field in fields for c in (*field["goals"], *field["measures"])]
    breakdowns = candidate_breakdowns(candidates=candidates)
    goals = {
        goal.candidate_id: goal
        for goal in Goal.objects.filter(field_of_action__strategy=strategy, candidate__isnull=False)
    }
    measures = {
        measure.candidate_id: measure
        for measure in Measure.objects.filter(
            goal__field_of_action__strategy=strategy, candidate__isnull=False
        )
    }
    for candidate in candidates:
        candidate.workshop = workshop
        candidate.breakdown = breakdowns.get(candidate.pk)
        candidate.goal = goals.get(candidate.pk)
        candidate.measure = measures.get(candidate.pk)
        for made in (candidate.goal, candidate.measure):
            if made is not None:
                made.shown = shown(made.title, strategy=strategy, language=language)
    return fields


def candidate_of_strategy(*, strategy: Strategy, pk, language: str):
    """One candidate of the process's workshop, with its cards, votes and group breakdown;
    None if there is no such candidate."""
    pk = _pk(pk)
    if pk is None:
        return None
    for field in candidates_available(strategy=strategy, language=language):
        for candidate in (*field["goals"], *field["measures"]):
            if candidate.pk == pk:
                return candidate
    return None


KIND_LABELS = {
    "strategy": gettext_lazy("Strategy"),
    "field": gettext_lazy("Field of action"),
    "goal": gettext_lazy("Goal"),
    "measure": gettext_lazy("Measure"),
    "milestone": gettext_lazy("Milestone"),
    "indicator": gettext_lazy("Indicator"),
    "actual": gettext_lazy("Actual value"),
}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)


def strategy_history(*, strategy: Strategy, limit: int = 500) -> list[StrategyChange]:
    """The latest changes first, each with ``kind_label``, ``before_text`` and ``after_text``.
    One query."""
    changes = list(StrategyChange.objects.filter(strategy=strategy).select_related("actor")[:limit])
    for change in changes:
        change.kind_label = KIND_LABELS.get(change.kind, change.kind)
        change.before_text = _as_text(change.before)
        change.after_text = _as_text(change.after)
    return changes


def strategies_in_phase(*, phase_slug: str) -> list[Strategy]:
    """Every strategy whose process is in the phase (for the daily checks of monitoring),
    with its process and municipality. One query; no permission filter: for the system."""
    return list(
        Strategy.objects.filter(process__current_phase_slug=phase_slug)
        .select_related(*_PROCESS)
        .order_by("pk")
    )


# --- collaboration, versions, consultation and adoption ---


def strategy_versions(*, strategy: Strategy) -> list:
    """The versions, the latest first, without their snapshots (one query)."""
    from cohesion.strategies.models import StrategyVersion

    return list(
        StrategyVersion.objects.filter(strategy=strategy)
        .defer("snapshot")
        .select_related("created_by")
        .order_by("-number")
    )


def version_of_strategy(*, strategy: Strategy, number):
    from cohesion.strategies.models import StrategyVersion

    number = _pk(number)
    if number is None:
        return None
    return StrategyVersion.objects.filter(strategy=strategy, number=number).first()


ACTION_LABELS = {
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
    "changed": gettext_lazy("changed"),
    "moved": gettext_lazy("moved"),
}


def _text_of(value, *, language: str, original_language: str) -> str:
    if isinstance(value, dict):
        return translation_pick(value, language=language, original_language=original_language).text
    return "" if value is None else str(value)


def version_difference(*, before: dict, after: dict, language: str, original_language: str):
    """The readable difference between two snapshots: a summary (kind, action, count) and one
    row per change with its place (the titles above it), what changed and, for texts, runs of
    ("equal" | "delete" | "insert", text) that a page marks with <del> and <ins>."""
    from cohesion.strategies.versions import difference_counts, snapshot_difference, text_difference

    changes = snapshot_difference(before, after)
    rows = []
    for change in changes:
        path = " › ".join(
            _text_of(title, language=language, original_language=original_language)
            for title in change.path
        )
        row = {
            "kind": change.kind,
            "kind_label": KIND_LABELS.get(change.kind, change.kind),
            "action": change.action,
            "action_label": ACTION_LABELS.get(change.action, change.action),
            "path": path,
            "field": change.field,
            "language": change.language,
            "runs": None,
            "before": "",
            "after": "",
        }
        if (
            change.action == "changed"
            and (isinstance(change.before, str) or isinstance(change.after, str))
            and (change.language or change.field in {"lead", "partners"})
        ):
            row["runs"] = text_difference(change.before, change.after)
        elif change.action in {"added", "removed"}:
            obj = change.after if change.action == "added" else change.before
            title = (obj or {}).get("title") or (obj or {}).get("name") or {}
            text = _text_of(title, language=language, original_language=original_language)
            row["after" if change.action == "added" else "before"] = text
        else:
            row["before"] = _as_text(change.before)
            row["after"] = _as_text(change.after)
        rows.append(row)
    summary = [
        {
            "kind_label": KIND_LABELS.get(kind, kind),
            "action_label": ACTION_LABELS.get(action, action),
            "count": count,
        }
        for (kind, action), count in difference_counts(changes).items()
    ]
    return {"summary": summary, "rows": rows}


def strategy_comments(*, strategy: Strategy, about: str = "", object_id=None) -> list:
    """The comments on the strategy, the latest first, or those on one of its parts."""
    from cohesion.strategies.models import StrategyComment

    comments = StrategyComment.objects.filter(strategy=strategy).select_related("author")
    if about:
        comments = comments.filter(about=about, object_id=_pk(object_id) if object_id else None)
    return list(comments[:500])


def strategy_parts(*, strategy: Strategy, language: str) -> list[tuple[str, str]]:
    """What a comment can be about, as (value, label): the strategy, each field of action,
    goal and measure ("goal-12"), in document order."""
    parts = [("strategy", str(gettext_lazy("The strategy as a whole")))]
    for field in strategy_tree(strategy=strategy, language=language):
        parts.append((f"field-{field.pk}", field.shown.text))
        for goal in field.goals.all():
            parts.append((f"goal-{goal.pk}", f"– {goal.shown.text}"))
            for measure in goal.measures.all():
                parts.append((f"measure-{measure.pk}", f"– – {measure.shown.text}"))
    return parts


_ASSIGNMENT_RELATED = (
    "assignee",
    "goal__field_of_action__strategy",
    "measure__goal__field_of_action__strategy",
    "strategy",
    "strategy__process",
    "strategy__process__municipality",
)


def assignments_of_strategy(*, strategy: Strategy) -> list:
    from cohesion.strategies.models import Assignment

    return list(
        Assignment.objects.filter(strategy=strategy).select_related(*_ASSIGNMENT_RELATED)[:1000]
    )


def assignments_of_user(*, user) -> list:
    """The user's assignments in strategies they still read, open ones first by due date."""
    from cohesion.strategies.models import Assignment

    if not getattr(user, "is_authenticated", False):
        return []
    found = (
        Assignment.objects.filter(assignee=user)
        .select_related(*_ASSIGNMENT_RELATED, "strategy__process__programme")
        .order_by("done_on", "due", "pk")
    )
    return [a for a in found[:500] if user.has_perm("strategies.view_strategy", a.strategy)]


def assignments_due(*, today, within_days: int = 7) -> list:
    """Open assignments due within ``within_days`` of ``today`` or overdue, each with its
    assignee, goal or measure and strategy (for the notifications of what is due)."""
    import datetime

    from cohesion.strategies.models import Assignment

    return list(
        Assignment.objects.filter(
            done_on__isnull=True, due__lte=today + datetime.timedelta(days=within_days)
        )
        .select_related(*_ASSIGNMENT_RELATED)
        .order_by("due", "pk")
    )


def assignment_for_viewer(*, user, pk):
    from cohesion.strategies.models import Assignment

    pk = _pk(pk)
    if pk is None:
        return None
    found = Assignment.objects.select_related(*_strategy_related("")).filter(pk=pk).first()
    return _visible(user, found, "strategies.view_strategy")


def assignable_people(*, strategy: Strategy) -> list:
    """The municipality's people (each once) who can be given an assignment."""
    from cohesion.accounts.selectors import municipality_memberships

    people = {}
    for membership in municipality_memberships(municipality_id=strategy.process.municipality_id):
        people.setdefault(membership.user.pk, membership.user)
    return list(people.values())


def consultation_of_strategy(*, strategy: Strategy):
    """The latest consultation (open or closed), or None."""
    from cohesion.strategies.models import Consultation

    return (
        Consultation.objects.filter(strategy=strategy)
        .select_related("version", "conversation")
        .order_by("-opened_at", "-pk")
        .first()
    )


def consultation_comments(*, consultation) -> list:
    return list(consultation.comments.select_related("moderated_by").order_by("created_at", "pk"))


def consultation_for_viewer(*, user, pk):
    from cohesion.strategies.models import Consultation

    pk = _pk(pk)
    if pk is None:
        return None
    found = (
        Consultation.objects.select_related(*_strategy_related(""), "version").filter(pk=pk).first()
    )
    return _visible(user, found, "strategies.view_strategy")


def consultation_comment_for_viewer(*, user, pk):
    from cohesion.strategies.models import ConsultationComment

    pk = _pk(pk)
    if pk is None:
        return None
    found = (
        ConsultationComment.objects.select_related(
            "consultation", *_strategy_related("consultation__")
        )
        .filter(pk=pk)
        .first()
    )
    return _visible(user, found, "strategies.view_strategy")


def _ags(ags) -> str | None:
    ags = str(ags or "")
    return ags if ags.isdigit() and len(ags) in (2, 5, 8) else None


def consultation_public(*, ags):
    """The open consultation of a municipality (by its official key), for everyone; None
    when none is open."""
    from cohesion.strategies.models import Consultation

    ags = _ags(ags)
    if ags is None:
        return None
    return (
        Consultation.objects.filter(
            closed_at__isnull=True, strategy__process__municipality__ags=ags
        )
        .select_related(*_strategy_related(""), "version", "conversation")
        .order_by("-opened_at", "-pk")
        .first()
    )


def strategy_public(*, ags):
    """The council decision of a municipality's latest adopted version, with ``version`` and
    ``strategy`` (by the municipality's official key), for everyone; None when no strategy of
    it was ever adopted. An amendment in progress does not change what this shows."""
    from cohesion.strategies.models import CouncilDecision

    ags = _ags(ags)
    if ags is None:
        return None
    return (
        CouncilDecision.objects.filter(strategy__process__municipality__ags=ags)
        .select_related("version", *_strategy_related(""))
        .order_by("-version__created_at", "-pk")
        .first()
    )


def council_decision_latest(*, strategy: Strategy):
    """The council decision of the strategy's latest adopted version, or None (one query; for
    whoever reads the strategy: the caller checked that)."""
    from cohesion.strategies.models import CouncilDecision

    return (
        CouncilDecision.objects.filter(strategy=strategy)
        .order_by("-version__created_at", "-pk")
        .first()
    )


def snapshot_tree(
    *, snapshot: dict, language: str, original_language: str, current_measures: bool = False
) -> dict:
    """A version's document for reading: the title and guiding principles and the fields of
    action → goals → measures, each text picked in ``language`` (``Shown``: the original with
    a note where no translation exists). With ``current_measures`` each measure carries its
    current status and progress (monitoring data, which may change after adoption); one
    query."""

    def pick(texts):
        return translation_pick(texts or {}, language=language, original_language=original_language)

    measures_now = {}
    if current_measures:
        ids = [
            measure["id"]
            for field in snapshot.get("fields", [])
            for goal in field.get("goals", [])
            for measure in goal.get("measures", [])
        ]
        measures_now = {
            measure.pk: measure
            for measure in Measure.objects.filter(pk__in=ids).only("pk", "status", "progress")
        }
    statuses = dict(Measure.Status.choices)
    fields = []
    for field in snapshot.get("fields", []):
        goals = []
        for goal in field.get("goals", []):
            measures = []
            for measure in goal.get("measures", []):
                now = measures_now.get(measure.get("id"))
                status = now.status if now is not None else measure.get("status")
                measures.append(
                    {
                        "id": measure.get("id"),
                        "shown": pick(measure.get("title")),
                        "description": pick(measure.get("description"))
                        if measure.get("description")
                        else None,
                        "lead": measure.get("lead", ""),
                        "start": measure.get("start"),
                        "end": measure.get("end"),
                        "status": statuses.get(status, status),
                        "progress": now.progress if now is not None else measure.get("progress"),
                    }
                )
            goals.append(
                {
                    "id": goal.get("id"),
                    "shown": pick(goal.get("title")),
                    "description": pick(goal.get("description"))
                    if goal.get("description")
                    else None,
                    "target_year": goal.get("target_year"),
                    "measures": measures,
                    "indicators": [
                        {"shown": pick(indicator.get("name")), **indicator}
                        for indicator in goal.get("indicators", [])
                    ],
                }
            )
        fields.append({"id": field.get("id"), "shown": pick(field.get("title")), "goals": goals})
    principles = snapshot.get("guiding_principles") or {}
    return {
        "title": pick(snapshot.get("title")),
        "principles": pick(principles) if principles else None,
        "fields": fields,
    }
