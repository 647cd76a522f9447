"""State changes of the strategy. Each checks the permission, runs in one transaction, writes
the strategy's history (``StrategyChange``: who, when, which object and field, before and after)
and the audit trail inside it. Bad input raises ValidationError and writes nothing."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import user_or_none
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

STRATEGY_CREATE = audit_action("strategies.strategy_create", gettext_lazy("Strategy started"))
STRATEGY_CHANGE = audit_action("strategies.strategy_change", gettext_lazy("Strategy changed"))
FIELD_CREATE = audit_action(
    "strategies.field_create", gettext_lazy("Field of action added to the strategy")
)
FIELD_CHANGE = audit_action(
    "strategies.field_change", gettext_lazy("Field of action of the strategy changed")
)
FIELD_DELETE = audit_action(
    "strategies.field_delete", gettext_lazy("Field of action removed from the strategy")
)
GOAL_CREATE = audit_action("strategies.goal_create", gettext_lazy("Goal added to the strategy"))
GOAL_CHANGE = audit_action("strategies.goal_change", gettext_lazy("Goal of the strategy changed"))
GOAL_DELETE = audit_action("strategies.goal_delete", gettext_lazy("Goal removed from the strategy"))
MEASURE_CREATE = audit_action(
    "strategies.measure_create", gettext_lazy("Measure added to the strategy")
)
MEASURE_CHANGE = audit_action(
    "strategies.measure_change", gettext_lazy("Measure of the strategy changed")
)
MEASURE_DELETE = audit_action(
    "strategies.measure_delete", gettext_lazy("Measure removed from the strategy")
)
MILESTONE_CREATE = audit_action(
    "strategies.milestone_create", gettext_lazy("Milestone added to a measure")
)
MILESTONE_CHANGE = audit_action(
    "strategies.milestone_change", gettext_lazy("Milestone of a measure changed")
)
INDICATOR_CREATE = audit_action(
    "strategies.indicator_create", gettext_lazy("Indicator added to a goal")
)
INDICATOR_CHANGE = audit_action(
    "strategies.indicator_change", gettext_lazy("Indicator of a goal changed")
)
ACTUAL_ADD = audit_action(
    "strategies.actual_add", gettext_lazy("Actual value of an indicator recorded")
)

STRATEGY_FIELDS = ("title", "guiding_principles")
FIELD_FIELDS = ("title", "weight")
GOAL_FIELDS = ("title", "description", "target_year", "weight", "field_of_action")
MEASURE_FIELDS = (
    "title",
    "description",
    "lead",
    "partners",
    "start",
    "end",
    "budget",
    "status",
    "progress",
    "weight",
)
MILESTONE_FIELDS = ("due", "title", "done_on")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "better",
    "baseline",
    "baseline_period",
    "baseline_source",
    "target",
    "target_year",
)
TITLE_LENGTH = 300
TEXT_LENGTH = 10_000


# --- helpers ---


def _check_may_edit(actor, obj) -> None:
    if not actor.has_perm("strategies.change_strategy", obj):
        raise PermissionDenied


def _unknown_fields(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _texts(value, *, field: str, required: bool, length: int = TITLE_LENGTH) -> dict:
    """A ``{language: text}`` dict of the interface's languages, stripped, empty ones dropped."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ValidationError({field: _("Enter a text.")}, code="texts")
    languages = {code for code, _name in settings.LANGUAGES}
    cleaned = {}
    for language, text in value.items():
        if language not in languages or not isinstance(text, str):
            raise ValidationError({field: _("Enter a text.")}, code="texts")
        if text.strip():
            if len(text.strip()) > length:
                raise ValidationError(
                    {field: _("At most %(count)d characters.") % {"count": length}},
                    code="length",
                )
            cleaned[language] = text.strip()
    if required and not cleaned:
        raise ValidationError({field: _("This field is required.")}, code="required")
    return cleaned


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    return value


def _values(obj, names) -> dict:
    values = {}
    for name in names:
        if name in {"field_of_action", "candidate"}:
            values[name] = getattr(obj, f"{name}_id")
        else:
            values[name] = _value(getattr(obj, name))
    return values


def _label(obj) -> str:
    return str(obj)[:200]


def _history(
    *, actor, strategy, kind: str, obj, action: str, before: dict | None, after: dict | None
) -> None:
    """The strategy's history and the audit trail of one change. An update records one row per
    changed field; a creation or a deletion one row with the whole object's values."""
    user = user_or_none(actor)
    label = getattr(actor, "get_username", lambda: "")() if user is not None else ""
    common = {
        "strategy": strategy,
        "actor": user,
        "actor_label": label[:150],
        "kind": kind,
        "object_id": obj.pk,
        "object_label": _label(obj),
    }
    if before is not None and after is not None:
        rows = [
            StrategyChange(field=name, before=before[name], after=after[name], **common)
            for name in sorted(after)
        ]
    else:
        rows = [StrategyChange(field="", before=before, after=after, **common)]
    StrategyChange.objects.bulk_create(rows)
    audit_record(
        action=action,
        actor=actor,
        process=strategy.process,
        target=obj,
        target_label=_label(obj),
        before=before,
        after=after,
    )


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    names = sorted(name for name in after if before[name] != after[name])
    return {n: before[n] for n in names}, {n: after[n] for n in names}


def _full_clean(obj, exclude=()) -> None:
    obj.full_clean(exclude=["candidate", *exclude], validate_unique=False)


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _lock(strategy: Strategy) -> Strategy:
    return Strategy.objects.select_for_update().get(pk=strategy.pk)


def _candidate_of_strategy(strategy: Strategy, candidate):
    from cohesion.workshops.selectors import workshop_of_process

    workshop = workshop_of_process(process=strategy.process)
    if candidate is not None and (workshop is None or candidate.workshop_id != workshop.pk):
        raise ValidationError(_("This candidate is not of this process's workshop."))
    return candidate


# --- the strategy ---


def _default_language(process) -> str:
    from cohesion.workshops.selectors import workshop_of_process

    workshop = workshop_of_process(process=process)
    if workshop is not None:
        return workshop.source_language
    current = (translation.get_language() or "").split("-")[0]
    languages = {code for code, _name in settings.LANGUAGES}
    return current if current in languages else settings.LANGUAGE_CODE


def strategy_create(*, actor, process, language: str | None = None) -> Strategy:
    """The process's strategy, a draft with the method's standard fields of action in its
    language."""
    from cohesion.workshops.template import FIELDS_OF_ACTION

    _check_may_edit(actor, process)
    language = language or _default_language(process)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choose one of the languages of the interface."))
    with transaction.atomic():
        if Strategy.objects.filter(process=process).exists():
            raise ValidationError(_("This process has a strategy already."), code="exists")
        with translation.override(language):
            title = _("Integration strategy of %(name)s") % {"name": process.municipality.name}
            fields = [str(field) for field in FIELDS_OF_ACTION]
        strategy = Strategy.objects.create(
            process=process, title={language: title}, source_language=language
        )
        FieldOfAction.objects.bulk_create(
            FieldOfAction(strategy=strategy, title={language: name}, order=index)
            for index, name in enumerate(fields)
        )
        _history(
            actor=actor,
            strategy=strategy,
            kind="strategy",
            obj=strategy,
            action=STRATEGY_CREATE,
            before=None,
            after={"title": strategy.title, "language": language, "fields": fields},
        )
    return strategy


def strategy_update(*, actor, strategy: Strategy, **fields) -> Strategy:
    _unknown_fields(fields, STRATEGY_FIELDS)
    _check_may_edit(actor, strategy)
    cleaned = {}
    if "title" in fields:
        cleaned["title"] = _texts(fields["title"], field="title", required=True)
    if "guiding_principles" in fields:
        cleaned["guiding_principles"] = _texts(
            fields["guiding_principles"],
            field="guiding_principles",
            required=False,
            length=TEXT_LENGTH,
        )
    with transaction.atomic():
        strategy = _lock(strategy)
        before = _values(strategy, cleaned)
        for name, value in cleaned.items():
            setattr(strategy, name, value)
        strategy.save()
        before, after = _changed(before, _values(strategy, cleaned))
        if after:
            _history(
                actor=actor,
                strategy=strategy,
                kind="strategy",
                obj=strategy,
                action=STRATEGY_CHANGE,
                before=before,
                after=after,
            )
    return strategy


# --- fields of action ---


def field_of_action_create(*, actor, strategy: Strategy, title: dict, weight: int = 1):
    _check_may_edit(actor, strategy)
    field = FieldOfAction(
        strategy=strategy, title=_texts(title, field="title", required=True), weight=weight
    )
    with transaction.atomic():
        _lock(strategy)
        field.order = _next_order(strategy.fields_of_action.all())
        _full_clean(field)
        field.save()
        _history(
            actor=actor,
            strategy=strategy,
            kind="field",
            obj=field,
            action=FIELD_CREATE,
            before=None,
            after=_values(field, FIELD_FIELDS),
        )
    return field


def field_of_action_update(*, actor, field_of_action: FieldOfAction, **fields) -> FieldOfAction:
    _unknown_fields(fields, FIELD_FIELDS)
    _check_may_edit(actor, field_of_action)
    if "title" in fields:
        fields["title"] = _texts(fields["title"], field="title", required=True)
    field = field_of_action
    with transaction.atomic():
        before = _values(field, fields)
        for name, value in fields.items():
            setattr(field, name, value)
        _full_clean(field)
        field.save()
        before, after = _changed(before, _values(field, fields))
        if after:
            _history(
                actor=actor,
                strategy=field.strategy,
                kind="field",
                obj=field,
                action=FIELD_CHANGE,
                before=before,
                after=after,
            )
    return field


def field_of_action_delete(*, actor, field_of_action: FieldOfAction) -> None:
    """Only an empty field of action goes: its goals would go with it."""
    _check_may_edit(actor, field_of_action)
    field = field_of_action
    with transaction.atomic():
        if field.goals.exists():
            raise ValidationError(
                _("Only a field of action without goals can be removed."), code="not_empty"
            )
        _history(
            actor=actor,
            strategy=field.strategy,
            kind="field",
            obj=field,
            action=FIELD_DELETE,
            before=_values(field, FIELD_FIELDS),
            after=None,
        )
        field.delete()


def field_of_action_move(*, actor, field_of_action: FieldOfAction, direction: str) -> None:
    """One place up or down; the fields of action are numbered afresh."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Move up or down."), code="direction")
    _check_may_edit(actor, field_of_action)
    strategy = field_of_action.strategy
    with transaction.atomic():
        _lock(strategy)
        fields = list(strategy.fields_of_action.order_by("order", "pk"))
        index = next(i for i, field in enumerate(fields) if field.pk == field_of_action.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(fields):
            return
        fields[index], fields[other] = fields[other], fields[index]
        for order, field in enumerate(fields):
            field.order = order
        FieldOfAction.objects.bulk_update(fields, ["order"])
        _history(
            actor=actor,
            strategy=strategy,
            kind="field",
            obj=field_of_action,
            action=FIELD_CHANGE,
            before={"position": index + 1},
            after={"position": other + 1},
        )


# --- goals ---


def _goal_clean(fields: dict, strategy: Strategy) -> dict:
    if "title" in fields:
        fields["title"] = _texts(fields["title"], field="title", required=True)
    if "description" in fields:
        fields["description"] = _texts(
            fields["description"], field="description", required=False, length=TEXT_LENGTH
        )
    field = fields.get("field_of_action")
    if field is not None and field.strategy_id != strategy.pk:
        raise ValidationError({"field_of_action": _("This belongs to another strategy.")})
    return fields


def goal_create(
    *, actor, field_of_action: FieldOfAction, title: dict, candidate=None, **fields
) -> Goal:
    _unknown_fields(fields, set(GOAL_FIELDS) - {"field_of_action"})
    _check_may_edit(actor, field_of_action)
    strategy = field_of_action.strategy
    fields = _goal_clean({"title": title, "field_of_action": field_of_action, **fields}, strategy)
    with transaction.atomic():
        _candidate_of_strategy(strategy, candidate)
        goal = Goal(candidate=candidate, **fields)
        goal.order = _next_order(Goal.objects.filter(field_of_action=goal.field_of_action))
        _full_clean(goal)
        goal.save()
        _history(
            actor=actor,
            strategy=strategy,
            kind="goal",
            obj=goal,
            action=GOAL_CREATE,
            before=None,
            after=_values(goal, (*GOAL_FIELDS, "candidate")),
        )
    return goal


def goal_update(*, actor, goal: Goal, **fields) -> Goal:
    _unknown_fields(fields, GOAL_FIELDS)
    _check_may_edit(actor, goal)
    strategy = goal.strategy
    fields = _goal_clean(fields, strategy)
    with transaction.atomic():
        before = _values(goal, fields)
        for name, value in fields.items():
            setattr(goal, name, value)
        _full_clean(goal)
        goal.save()
        before, after = _changed(before, _values(goal, fields))
        if after:
            _history(
                actor=actor,
                strategy=strategy,
                kind="goal",
                obj=goal,
                action=GOAL_CHANGE,
                before=before,
                after=after,
            )
    return goal


def goal_delete(*, actor, goal: Goal) -> None:
    """The goal goes with its measures and indicators."""
    _check_may_edit(actor, goal)
    with transaction.atomic():
        _history(
            actor=actor,
            strategy=goal.strategy,
            kind="goal",
            obj=goal,
            action=GOAL_DELETE,
            before=_values(goal, (*GOAL_FIELDS, "candidate"))
            | {"measures": goal.measures.count(), "indicators": goal.indicators.count()},
            after=None,
        )
        goal.delete()


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def goal_create_from_candidate(*, actor, strategy: Strategy, candidate) -> Goal:
    """In one step: a goal titled as the candidate, in the field of action of the same name
    (made when there is none), linked to the candidate and so to its cards and votes."""
    _check_may_edit(actor, strategy)
    _candidate_of_strategy(strategy, candidate)
    name = (candidate.field_of_action or "").strip()
    with transaction.atomic():
        strategy = _lock(strategy)
        if Goal.objects.filter(field_of_action__strategy=strategy, candidate=candidate).exists():
            raise ValidationError(_("This candidate is a goal already."), code="taken")
        field = None
        if name:
            wanted = _fold(name)
            for existing in strategy.fields_of_action.order_by("order", "pk"):
                if any(_fold(text) == wanted for text in existing.title.values()):
                    field = existing
                    break
        if field is None:
            if not name:
                with translation.override(strategy.source_language):
                    name = _("Further goals")
                wanted = _fold(name)
                field = next(
                    (
                        existing
                        for existing in strategy.fields_of_action.all()
                        if any(_fold(text) == wanted for text in existing.title.values())
                    ),
                    None,
                )
            if field is None:
                field = field_of_action_create(
                    actor=actor,
                    strategy=strategy,
                    title={strategy.source_language: name[:TITLE_LENGTH]},
                )
        return goal_create(
            actor=actor,
            field_of_action=field,
            title={k: v[:TITLE_LENGTH] for k, v in (candidate.title or {}).items()},
            candidate=candidate,
        )


# --- measures ---


def _measure_check(measure: Measure) -> None:
    if measure.start and measure.end and measure.end < measure.start:
        raise ValidationError({"end": _("The end cannot be before the start.")}, code="dates")


def _measure_texts(fields: dict) -> dict:
    if "title" in fields:
        fields["title"] = _texts(fields["title"], field="title", required=True)
    if "description" in fields:
        fields["description"] = _texts(
            fields["description"], field="description", required=False, length=TEXT_LENGTH
        )
    if fields.get("budget") is not None and not isinstance(fields["budget"], Decimal):
        try:
            fields["budget"] = Decimal(str(fields["budget"]))
        except ArithmeticError as error:
            raise ValidationError({"budget": _("Enter a number.")}) from error
    return fields


def measure_create(*, actor, goal: Goal, title: dict, candidate=None, **fields) -> Measure:
    _unknown_fields(fields, MEASURE_FIELDS)
    _check_may_edit(actor, goal)
    strategy = goal.strategy
    fields = _measure_texts({"title": title, **fields})
    with transaction.atomic():
        _candidate_of_strategy(strategy, candidate)
        measure = Measure(goal=goal, candidate=candidate, **fields)
        measure.order = _next_order(goal.measures.all())
        _full_clean(measure)
        _measure_check(measure)
        measure.save()
        _history(
            actor=actor,
            strategy=strategy,
            kind="measure",
            obj=measure,
            action=MEASURE_CREATE,
            before=None,
            after=_values(measure, (*MEASURE_FIELDS, "candidate")),
        )
    return measure


def measure_update(*, actor, measure: Measure, **fields) -> Measure:
    _unknown_fields(fields, MEASURE_FIELDS)
    _check_may_edit(actor, measure)
    fields = _measure_texts(fields)
    with transaction.atomic():
        before = _values(measure, fields)
        for name, value in fields.items():
            setattr(measure, name, value)
        _full_clean(measure)
        _measure_check(measure)
        measure.save()
        before, after = _changed(before, _values(measure, fields))
        if after:
            _history(
                actor=actor,
                strategy=measure.strategy,
                kind="measure",
                obj=measure,
                action=MEASURE_CHANGE,
                before=before,
                after=after,
            )
    return measure


def measure_delete(*, actor, measure: Measure) -> None:
    _check_may_edit(actor, measure)
    with transaction.atomic():
        _history(
            actor=actor,
            strategy=measure.strategy,
            kind="measure",
            obj=measure,
            action=MEASURE_DELETE,
            before=_values(measure, (*MEASURE_FIELDS, "candidate")),
            after=None,
        )
        measure.delete()


def measure_create_from_candidate(*, actor, goal: Goal, candidate) -> Measure:
    """In one step: a measure of the goal titled as the candidate and linked to it."""
    _check_may_edit(actor, goal)
    strategy = goal.strategy
    with transaction.atomic():
        _lock(strategy)
        if Measure.objects.filter(
            goal__field_of_action__strategy=strategy, candidate=candidate
        ).exists():
            raise ValidationError(_("This candidate is a measure already."), code="taken")
        return measure_create(
            actor=actor,
            goal=goal,
            title={k: v[:TITLE_LENGTH] for k, v in (candidate.title or {}).items()},
            candidate=candidate,
        )


# --- milestones ---


def milestone_create(*, actor, measure: Measure, due, title: dict, done_on=None) -> Milestone:
    _check_may_edit(actor, measure)
    milestone = Milestone(
        measure=measure,
        due=due,
        title=_texts(title, field="title", required=True),
        done_on=done_on,
    )
    with transaction.atomic():
        _full_clean(milestone, exclude=["candidate"])
        milestone.save()
        _history(
            actor=actor,
            strategy=measure.strategy,
            kind="milestone",
            obj=milestone,
            action=MILESTONE_CREATE,
            before=None,
            after=_values(milestone, MILESTONE_FIELDS),
        )
    return milestone


def milestone_update(*, actor, milestone: Milestone, **fields) -> Milestone:
    _unknown_fields(fields, MILESTONE_FIELDS)
    _check_may_edit(actor, milestone)
    if "title" in fields:
        fields["title"] = _texts(fields["title"], field="title", required=True)
    with transaction.atomic():
        before = _values(milestone, fields)
        for name, value in fields.items():
            setattr(milestone, name, value)
        _full_clean(milestone)
        milestone.save()
        before, after = _changed(before, _values(milestone, fields))
        if after:
            _history(
                actor=actor,
                strategy=milestone.strategy,
                kind="milestone",
                obj=milestone,
                action=MILESTONE_CHANGE,
                before=before,
                after=after,
            )
    return milestone


# --- indicators ---


def _number(value, field: str):
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError as error:
        raise ValidationError({field: _("Enter a number.")}, code="number") from error
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")}, code="number")
    return number


def catalogue_baseline(*, municipality, catalogue_key: str) -> dict | None:
    """The latest value of a catalogue indicator from the imported statistics, its period and
    its source (a district or the Land standing in says so); None when there is none."""
    from cohesion.indicators.catalogue import INDICATORS_BY_SLUG
    from cohesion.indicators.selectors import indicator_results

    indicator = INDICATORS_BY_SLUG[catalogue_key]
    result = indicator_results(regions=[municipality], indicators=[indicator])[municipality.pk][0]
    latest = result.latest
    if latest is None:
        return None
    source = "; ".join(latest.sources)
    if result.level is not None and result.region.pk != municipality.pk:
        source = _("Figures of %(region)s: %(source)s") % {
            "region": result.region.name,
            "source": source,
        }
    return {
        "baseline": Decimal(str(round(latest.value, max(indicator.decimals, 0) + 2))),
        "baseline_period": latest.period_label,
        "baseline_source": source[:2000],
    }


def indicator_create(*, actor, goal: Goal, catalogue_key: str = "", **fields) -> GoalIndicator:
    """An indicator of the catalogue (its name, unit and direction from there; the baseline,
    unless given, from the municipality's imported statistics with its period and source) or
    one of the town's own (a name needed)."""
    from cohesion.indicators.catalogue import INDICATORS_BY_SLUG, Better

    _unknown_fields(fields, INDICATOR_FIELDS)
    _check_may_edit(actor, goal)
    strategy = goal.strategy
    fields["name"] = _texts(fields.get("name"), field="name", required=not catalogue_key)
    for name in ("baseline", "target"):
        if name in fields:
            fields[name] = _number(fields[name], name)
    if catalogue_key:
        indicator = INDICATORS_BY_SLUG.get(catalogue_key)
        if indicator is None:
            raise ValidationError(
                {"catalogue_key": _("Choose an indicator of the catalogue.")}, code="catalogue"
            )
        if not fields["name"]:
            with translation.override(strategy.source_language):
                fields["name"] = {strategy.source_language: str(indicator.title)}
        if not fields.get("unit"):
            with translation.override(strategy.source_language):
                fields["unit"] = str(indicator.unit)[:60]
        if not fields.get("better") and indicator.better != Better.NEUTRAL:
            fields["better"] = str(indicator.better)
        if fields.get("baseline") is None:
            found = catalogue_baseline(
                municipality=strategy.process.municipality, catalogue_key=catalogue_key
            )
            if found is not None:
                fields.update(found)
    fields = {
        name: value
        for name, value in fields.items()
        if value is not None or name in {"baseline", "target", "target_year"}
    }
    with transaction.atomic():
        goal_indicator = GoalIndicator(goal=goal, catalogue_key=catalogue_key, **fields)
        goal_indicator.order = _next_order(goal.indicators.all())
        _full_clean(goal_indicator)
        goal_indicator.save()
        _history(
            actor=actor,
            strategy=strategy,
            kind="indicator",
            obj=goal_indicator,
            action=INDICATOR_CREATE,
            before=None,
            after=_values(goal_indicator, ("catalogue_key", *INDICATOR_FIELDS)),
        )
    return goal_indicator


def indicator_update(*, actor, indicator: GoalIndicator, **fields) -> GoalIndicator:
    _unknown_fields(fields, INDICATOR_FIELDS)
    _check_may_edit(actor, indicator)
    if "name" in fields:
        fields["name"] = _texts(fields["name"], field="name", required=not indicator.catalogue_key)
    for name in ("baseline", "target"):
        if name in fields:
            fields[name] = _number(fields[name], name)
    with transaction.atomic():
        before = _values(indicator, fields)
        for name, value in fields.items():
            setattr(indicator, name, value)
        _full_clean(indicator)
        indicator.save()
        before, after = _changed(before, _values(indicator, fields))
        if after:
            _history(
                actor=actor,
                strategy=indicator.strategy,
                kind="indicator",
                obj=indicator,
                action=INDICATOR_CHANGE,
                before=before,
                after=after,
            )
    return indicator


def indicator_actual_add(
    *, actor, indicator: GoalIndicator, period: str, value, source: str = ""
) -> IndicatorActual:
    _check_may_edit(actor, indicator)
    number = _number(value, "value")
    if number is None:
        raise ValidationError({"value": _("Enter a number.")}, code="number")
    actual = IndicatorActual(
        indicator=indicator,
        period=(period or "").strip(),
        value=number,
        source=(source or "").strip(),
        entered_by=user_or_none(actor),
    )
    with transaction.atomic():
        _full_clean(actual, exclude=["entered_by"])
        actual.save()
        _history(
            actor=actor,
            strategy=indicator.strategy,
            kind="actual",
            obj=actual,
            action=ACTUAL_ADD,
            before=None,
            after={
                "indicator": indicator.pk,
                "period": actual.period,
                "value": actual.value,
                "source": actual.source,
            },
        )
    return actual
