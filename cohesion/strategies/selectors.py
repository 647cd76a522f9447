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
