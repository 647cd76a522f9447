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
# Monitoring data: what changes in an adopted strategy without starting an amendment (a
# measure's status and progress, a milestone done, actual values); every other change is
# content.
MONITORING_FIELDS = {
    "measure": frozenset({"status", "progress"}),
    "milestone": frozenset({"done_on"}),
}
MONITORING_KINDS = frozenset({"actual"})
TEXT_LENGTH = 10_000


# --- helpers ---


def _check_may_edit(actor, obj, *, monitoring: bool = False) -> None:
    """The strategy's editors change anything; a change of monitoring data alone (see
    ``MONITORING_FIELDS``) may also come from the monitoring phase's editors."""
    if actor.has_perm("strategies.change_strategy", obj):
        return
    if monitoring and actor.has_perm("strategies.report_progress", obj):
        return
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
    *,
    actor,
    strategy,
    kind: str,
    obj,
    action: str,
    before: dict | None,
    after: dict | None,
    content: bool | None = None,
) -> None:
    """The strategy's history and the audit trail of one change. An update records one row per
    changed field; a creation or a deletion one row with the whole object's values.

    A change of the content (``content``; by default every change but monitoring data, see
    ``is_monitoring_change``) of an adopted strategy starts an amendment: the strategy is a
    draft again, and the adopted version stays as the council adopted it."""
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
    if content is None:
        content = not is_monitoring_change(kind, before, after)
    if content:
        _amendment_start(actor=actor, strategy=strategy)


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


def _update_recorded(actor, obj, fields: dict, *, kind: str, action, check=None) -> None:
    """Set the cleaned fields on the strategy's part and save it in one transaction; what
    changed goes in the strategy's history."""
    strategy = obj.strategy
    with transaction.atomic():
        before = _values(obj, fields)
        for name, value in fields.items():
            setattr(obj, name, value)
        _full_clean(obj)
        if check is not None:
            check(obj)
        obj.save()
        before, after = _changed(before, _values(obj, fields))
        if after:
            _history(
                actor=actor,
                strategy=strategy,
                kind=kind,
                obj=obj,
                action=action,
                before=before,
                after=after,
            )


def _candidate_title(candidate) -> dict:
    """A candidate's title in each of its languages, cut to a title's length."""
    return {k: v[:TITLE_LENGTH] for k, v in (candidate.title or {}).items()}


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
    _update_recorded(actor, field, fields, kind="field", action=FIELD_CHANGE)
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
    _update_recorded(actor, goal, fields, kind="goal", action=GOAL_CHANGE)
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
            title=_candidate_title(candidate),
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
    _check_may_edit(actor, measure, monitoring=set(fields) <= MONITORING_FIELDS["measure"])
    fields = _measure_texts(fields)
    _update_recorded(
        actor, measure, fields, kind="measure", action=MEASURE_CHANGE, check=_measure_check
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
            title=_candidate_title(candidate),
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
    _check_may_edit(actor, milestone, monitoring=set(fields) <= MONITORING_FIELDS["milestone"])
    if "title" in fields:
        fields["title"] = _texts(fields["title"], field="title", required=True)
    _update_recorded(actor, milestone, fields, kind="milestone", action=MILESTONE_CHANGE)
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
    _update_recorded(actor, indicator, fields, kind="indicator", action=INDICATOR_CHANGE)
    return indicator


def indicator_actual_add(
    *, actor, indicator: GoalIndicator, period: str, value, source: str = ""
) -> IndicatorActual:
    _check_may_edit(actor, indicator, monitoring=True)
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


# --- collaboration, versions, consultation and adoption ---

AMENDMENT_START = audit_action(
    "strategies.amendment_start",
    gettext_lazy("Amendment of the adopted strategy started"),
)
VERSION_SAVE = audit_action(
    "strategies.version_save", gettext_lazy("Version of the strategy saved")
)
COMMENT_ADD = audit_action("strategies.comment_add", gettext_lazy("Comment on the strategy added"))
ASSIGNMENT_CREATE = audit_action(
    "strategies.assignment_create", gettext_lazy("Assignment of the strategy given")
)
ASSIGNMENT_DONE = audit_action(
    "strategies.assignment_done", gettext_lazy("Assignment of the strategy marked done or open")
)
CONSULTATION_OPEN = audit_action(
    "strategies.consultation_open", gettext_lazy("Strategy put out for consultation")
)
CONSULTATION_CLOSE = audit_action(
    "strategies.consultation_close", gettext_lazy("Consultation on the strategy closed")
)
CONSULTATION_MAP = audit_action(
    "strategies.consultation_opinion_map",
    gettext_lazy("Opinion map on the strategy's goals made for the consultation"),
)
CONSULTATION_COMMENT_MODERATE = audit_action(
    "strategies.consultation_comment_moderate",
    gettext_lazy("Comment of the consultation moderated"),
)
STRATEGY_ADOPT = audit_action(
    "strategies.strategy_adopt", gettext_lazy("Strategy adopted by the council")
)

COMMENT_LENGTH = 4_000
PUBLIC_COMMENT_LENGTH = 2_000
PUBLIC_NAME_LENGTH = 80
LABEL_LENGTH = 200
PDF_MAGIC = b"%PDF-"
DECISION_MAX_MB = getattr(settings, "COUNCIL_DECISION_MAX_MB", 20)


def is_monitoring_change(kind: str, before: dict | None, after: dict | None) -> bool:
    """Whether a change touches monitoring data only (``MONITORING_FIELDS``, ``MONITORING_KINDS``):
    such a change leaves an adopted strategy adopted."""
    if kind in MONITORING_KINDS:
        return True
    fields = MONITORING_FIELDS.get(kind)
    return fields is not None and before is not None and after is not None and set(after) <= fields


def _amendment_start(*, actor, strategy: Strategy) -> None:
    """An adopted strategy whose content changes is a draft again: the amendment. The adopted
    version (its snapshot) stays, and the public page keeps showing it."""
    changed = Strategy.objects.filter(pk=strategy.pk, state=Strategy.State.ADOPTED).update(
        state=Strategy.State.DRAFT
    )
    if not changed:
        return
    strategy.state = Strategy.State.DRAFT
    _history(
        actor=actor,
        strategy=strategy,
        kind="strategy",
        obj=strategy,
        action=AMENDMENT_START,
        before={"state": Strategy.State.ADOPTED.value},
        after={"state": Strategy.State.DRAFT.value},
        content=False,
    )


def _state_set(*, actor, strategy: Strategy, state: str, action: str) -> None:
    before = strategy.state
    Strategy.objects.filter(pk=strategy.pk).update(state=state)
    strategy.state = state
    _history(
        actor=actor,
        strategy=strategy,
        kind="strategy",
        obj=strategy,
        action=action,
        before={"state": before},
        after={"state": state},
        content=False,
    )


def _plain(text, *, field: str, min_length: int, max_length: int) -> str:
    from cohesion.core.text import plain_text_clean

    text = text if isinstance(text, str) else ""
    if len(" ".join(text.split())) > max_length:
        raise ValidationError(
            {field: _("At most %(count)d characters.") % {"count": max_length}}, code="length"
        )
    if min_length and not text.strip():
        raise ValidationError({field: _("This field is required.")}, code="required")
    try:
        return plain_text_clean(text, min_length=min_length, max_length=max_length)
    except ValidationError as error:
        raise ValidationError({field: error.messages}, code=error.code) from None


def _version_new(*, actor, strategy: Strategy, kind: str, label: str = ""):
    """A version of the strategy as it is now (the caller holds the strategy's lock)."""
    from cohesion.strategies.models import StrategyVersion
    from cohesion.strategies.selectors import strategy_snapshot

    label = (label or "").strip()
    if len(label) > LABEL_LENGTH:
        raise ValidationError(
            {"label": _("At most %(count)d characters.") % {"count": LABEL_LENGTH}}, code="length"
        )
    highest = strategy.versions.aggregate(highest=Max("number"))["highest"] or 0
    version = StrategyVersion.objects.create(
        strategy=strategy,
        number=highest + 1,
        kind=kind,
        label=label,
        snapshot=strategy_snapshot(strategy=strategy),
        source_language=strategy.source_language,
        created_by=user_or_none(actor),
    )
    audit_record(
        action=VERSION_SAVE,
        actor=actor,
        process=strategy.process,
        target=version,
        target_label=f"{_label(strategy)} v{version.number}"[:200],
        after={"number": version.number, "kind": kind, "label": label},
    )
    return version


def strategy_version_save(*, actor, strategy: Strategy, label: str = ""):
    """Keep the strategy as it is now as a numbered version (never changed afterwards)."""
    from cohesion.strategies.models import StrategyVersion

    _check_may_edit(actor, strategy)
    with transaction.atomic():
        locked = _lock(strategy)
        locked.process = strategy.process
        return _version_new(
            actor=actor, strategy=locked, kind=StrategyVersion.Kind.SAVED, label=label
        )


# --- comments and assignments ---


def _part_of(strategy: Strategy, about: str, object_id):
    """The field of action, goal or measure of this strategy that a comment is about; None for
    the strategy itself. Anything else (another strategy's part, an unknown kind): refused."""
    if about in ("", "strategy", None):
        return None
    models_by_kind = {
        "field": (FieldOfAction, "strategy"),
        "goal": (Goal, "field_of_action__strategy"),
        "measure": (Measure, "goal__field_of_action__strategy"),
    }
    if about not in models_by_kind or not str(object_id or "").isdigit():
        raise ValidationError({"about": _("Choose what the comment is about.")}, code="about")
    model, path = models_by_kind[about]
    part = model.objects.filter(pk=int(object_id), **{path: strategy}).first()
    if part is None:
        raise ValidationError({"about": _("Choose what the comment is about.")}, code="about")
    return part


def strategy_comment_add(
    *, actor, strategy: Strategy, text: str, about: str = "strategy", object_id=None
):
    """A comment of someone who reads the strategy, on it or on one of its fields of action,
    goals or measures."""
    from cohesion.strategies.models import StrategyComment

    if not actor.has_perm("strategies.comment_strategy", strategy):
        raise PermissionDenied
    text = _plain(text, field="text", min_length=1, max_length=COMMENT_LENGTH)
    part = _part_of(strategy, about, object_id)
    with transaction.atomic():
        comment = StrategyComment.objects.create(
            strategy=strategy,
            about=about if part is not None else StrategyComment.About.STRATEGY,
            object_id=part.pk if part is not None else None,
            object_label=_label(part if part is not None else strategy),
            author=user_or_none(actor),
            text=text,
        )
        audit_record(
            action=COMMENT_ADD,
            actor=actor,
            process=strategy.process,
            target=comment,
            target_label=comment.object_label,
            after={"about": comment.about, "object_id": comment.object_id},
        )
    return comment


def _member_of(strategy: Strategy, user) -> bool:
    from cohesion.accounts.selectors import municipality_memberships

    return (
        user is not None
        and municipality_memberships(municipality_id=strategy.process.municipality_id)
        .filter(user=user)
        .exists()
    )


def assignment_create(
    *, actor, strategy: Strategy, assignee, task: str, due, goal=None, measure=None
):
    """A task on one goal or one measure of the strategy for one of the municipality's
    people, due on a date."""
    from cohesion.strategies.models import Assignment

    _check_may_edit(actor, strategy)
    if (goal is None) == (measure is None):
        raise ValidationError({"about": _("Choose a goal or a measure.")}, code="about")
    part = goal or measure
    if part.strategy.pk != strategy.pk:
        raise ValidationError({"about": _("This belongs to another strategy.")}, code="about")
    if not _member_of(strategy, assignee):
        raise ValidationError(
            {"assignee": _("Choose one of the municipality's people.")}, code="assignee"
        )
    task = _plain(task, field="task", min_length=1, max_length=TITLE_LENGTH)
    if due is None:
        raise ValidationError({"due": _("This field is required.")}, code="required")
    with transaction.atomic():
        assignment = Assignment.objects.create(
            strategy=strategy,
            goal=goal,
            measure=measure,
            assignee=assignee,
            task=task,
            due=due,
            created_by=user_or_none(actor),
        )
        audit_record(
            action=ASSIGNMENT_CREATE,
            actor=actor,
            process=strategy.process,
            target=assignment,
            target_label=task[:200],
            after={
                "goal": getattr(goal, "pk", None),
                "measure": getattr(measure, "pk", None),
                "assignee": assignee.pk,
                "due": due,
            },
        )
    return assignment


def assignment_done_set(*, actor, assignment, done: bool, today=None):
    """The assignee or an editor marks the assignment done (today) or open again."""
    import datetime

    from cohesion.strategies.models import Assignment

    strategy = assignment.strategy
    is_assignee = user_or_none(actor) is not None and assignment.assignee_id == actor.pk
    if not (
        (is_assignee and actor.has_perm("strategies.view_strategy", strategy))
        or actor.has_perm("strategies.change_strategy", strategy)
    ):
        raise PermissionDenied
    done_on = (today or datetime.date.today()) if done else None
    with transaction.atomic():
        before = assignment.done_on
        Assignment.objects.filter(pk=assignment.pk).update(done_on=done_on)
        assignment.done_on = done_on
        if before != done_on:
            audit_record(
                action=ASSIGNMENT_DONE,
                actor=actor,
                process=strategy.process,
                target=assignment,
                target_label=assignment.task[:200],
                before={"done_on": before},
                after={"done_on": done_on},
            )
    return assignment


# --- consultation ---


def _check_pdf(document) -> None:
    if document is None:
        return
    limit = DECISION_MAX_MB * 1024 * 1024
    if document.size is None or document.size > limit:
        raise ValidationError(
            {"document": _("The document is larger than %(mb)s MB.") % {"mb": DECISION_MAX_MB}},
            code="size",
        )
    document.seek(0)
    head = document.read(len(PDF_MAGIC))
    document.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"document": _("The document is not a PDF file.")}, code="not_pdf")


def consultation_open(
    *, actor, strategy: Strategy, label: str = "", with_opinion_map: bool = False
):
    """Put the strategy out for comments: a version of kind consultation is kept, the public
    page shows it, and the strategy is in consultation. With the opinion map, a conversation
    with one statement per goal of that version is made in the same step."""
    from cohesion.strategies.models import Consultation, StrategyVersion

    if not actor.has_perm("strategies.consult_strategy", strategy):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(strategy)
        locked.process = strategy.process
        if locked.consultations.filter(closed_at__isnull=True).exists():
            raise ValidationError(_("A consultation is open already."), code="open")
        version = _version_new(
            actor=actor,
            strategy=locked,
            kind=StrategyVersion.Kind.CONSULTATION,
            label=label,
        )
        consultation = Consultation.objects.create(
            strategy=locked, version=version, opened_by=user_or_none(actor)
        )
        _state_set(
            actor=actor,
            strategy=locked,
            state=Strategy.State.CONSULTATION,
            action=CONSULTATION_OPEN,
        )
        if with_opinion_map:
            consultation_opinion_map_create(actor=actor, consultation=consultation)
    strategy.state = locked.state
    return consultation


def _statement_texts(texts: dict, language: str) -> tuple[str, dict]:
    """The goal's title as a statement and its translations, each cleaned; a translation that
    is no valid statement is left out."""
    from cohesion.opinions.services import statement_text_clean

    original = texts.get(language) or next(iter(texts.values()), "")
    translations = {}
    for code, text in texts.items():
        if code == language or not text:
            continue
        try:
            translations[code] = statement_text_clean(text)
        except ValidationError:
            continue
    return original, translations


def consultation_opinion_map_create(*, actor, consultation):
    """An opinion map's conversation on the consulted version: one statement per goal, in the
    strategy's language with the goals' translations, linked from the consultation page."""
    from cohesion.opinions.services import conversation_create, statement_seed

    strategy = consultation.strategy
    if not actor.has_perm("strategies.consult_strategy", strategy):
        raise PermissionDenied
    if consultation.conversation_id is not None:
        raise ValidationError(_("The consultation has an opinion map already."), code="exists")
    if not consultation.is_open:
        raise ValidationError(_("The consultation is closed."), code="closed")
    snapshot = consultation.version.snapshot
    language = consultation.version.source_language
    goals = [goal for field in snapshot.get("fields", []) for goal in field.get("goals", [])]
    if not goals:
        raise ValidationError(_("The consulted version has no goals yet."), code="no_goals")
    with transaction.atomic():
        with translation.override(language):
            title = _("Consultation: %(title)s") % {
                "title": (snapshot.get("title") or {}).get(language, "")
                or str(strategy.process.municipality.name)
            }
            description = _("Do you agree with these goals of the strategy?")
        conversation = conversation_create(
            actor=actor,
            process=strategy.process,
            phase_slug="strategy",
            title=title[:200],
            description=description,
            source_language=language,
        )
        for goal in goals:
            text, translations = _statement_texts(goal.get("title") or {}, language)
            statement_seed(
                actor=actor,
                conversation=conversation,
                text=text,
                language=language,
                translations=translations,
            )
        consultation.conversation = conversation
        consultation.save(update_fields=["conversation"])
        audit_record(
            action=CONSULTATION_MAP,
            actor=actor,
            process=strategy.process,
            target=consultation,
            after={"conversation": conversation.pk, "statements": len(goals)},
        )
    return conversation


def consultation_close(*, actor, consultation):
    """Close the consultation: no more comments; the strategy is a draft again (unless it was
    adopted meanwhile)."""
    from cohesion.strategies.models import Consultation

    strategy = consultation.strategy
    if not actor.has_perm("strategies.consult_strategy", strategy):
        raise PermissionDenied
    from django.utils import timezone

    with transaction.atomic():
        locked = _lock(strategy)
        locked.process = strategy.process
        closed = Consultation.objects.filter(pk=consultation.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        if not closed:
            return consultation
        consultation.refresh_from_db(fields=["closed_at"])
        if locked.state == Strategy.State.CONSULTATION:
            _state_set(
                actor=actor,
                strategy=locked,
                state=Strategy.State.DRAFT,
                action=CONSULTATION_CLOSE,
            )
        else:
            audit_record(
                action=CONSULTATION_CLOSE, actor=actor, process=locked.process, target=consultation
            )
    return consultation


def _snapshot_part(snapshot: dict, about: str, object_id) -> dict | None:
    kinds = {
        "field": ("fields",),
        "goal": ("fields", "goals"),
        "measure": ("fields", "goals", "measures"),
    }
    path = kinds.get(about)
    if path is None or not str(object_id or "").isdigit():
        return None
    items = [snapshot]
    for key in path:
        items = [child for item in items for child in item.get(key, [])]
    return next((item for item in items if item.get("id") == int(object_id)), None)


def consultation_comment_submit(
    *, consultation, text: str, name: str = "", about: str = "strategy", object_id=None
):
    """A comment of anyone on the consulted version, without an account; held for moderation.
    The caller (the public page) limits how many an address sends."""
    from cohesion.strategies.models import ConsultationComment

    if not consultation.is_open:
        raise ValidationError(_("The consultation is closed."), code="closed")
    text = _plain(text, field="text", min_length=3, max_length=PUBLIC_COMMENT_LENGTH)
    name = _plain(name, field="name", min_length=0, max_length=PUBLIC_NAME_LENGTH)
    snapshot = consultation.version.snapshot
    label = ""
    if about not in ("", "strategy", None):
        part = _snapshot_part(snapshot, about, object_id)
        if part is None:
            raise ValidationError({"about": _("Choose what the comment is about.")}, code="about")
        titles = part.get("title") or {}
        label = (
            titles.get(consultation.version.source_language) or next(iter(titles.values()), "")
        )[:200]
        object_id = int(object_id)
    else:
        about, object_id = ConsultationComment._meta.get_field("about").default, None
    return ConsultationComment.objects.create(
        consultation=consultation,
        about=about,
        object_id=object_id,
        object_label=label,
        name=name,
        text=text,
    )


def consultation_comment_moderate(*, actor, comment, state: str):
    """Publish or reject a comment of the consultation (or hold it again)."""
    from django.utils import timezone

    from cohesion.strategies.models import ConsultationComment

    strategy = comment.consultation.strategy
    _check_may_edit(actor, strategy)
    if state not in ConsultationComment.State.values:
        raise ValidationError(_("Publish or reject."), code="state")
    with transaction.atomic():
        before = comment.state
        comment.state = state
        comment.moderated_by = user_or_none(actor)
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["state", "moderated_by", "moderated_at"])
        if before != state:
            audit_record(
                action=CONSULTATION_COMMENT_MODERATE,
                actor=actor,
                process=strategy.process,
                target=comment,
                target_label=comment.text[:200],
                before={"state": before},
                after={"state": state},
            )
    return comment


# --- adoption ---


def strategy_adopt(
    *,
    actor,
    strategy: Strategy,
    decided_on,
    reference: str,
    document=None,
    label: str = "",
    today=None,
):
    """The council adopted the strategy: its decision (date, reference, the PDF if given) is
    recorded, the strategy as it is now is kept as the adopted version, an open consultation
    closes, and the strategy is adopted. Later changes of its content start an amendment and
    never touch this version."""
    import datetime

    from django.utils import timezone

    from cohesion.strategies.models import CouncilDecision, StrategyVersion

    if not actor.has_perm("strategies.adopt_strategy", strategy):
        raise PermissionDenied
    reference = _plain(reference, field="reference", min_length=1, max_length=200)
    if not isinstance(decided_on, datetime.date):
        raise ValidationError({"decided_on": _("Enter a valid date.")}, code="date")
    if decided_on > (today or timezone.localdate()):
        raise ValidationError(
            {"decided_on": _("A council decision cannot lie in the future.")}, code="future"
        )
    _check_pdf(document)
    with transaction.atomic():
        locked = _lock(strategy)
        locked.process = strategy.process
        if locked.state == Strategy.State.ADOPTED:
            raise ValidationError(
                _("This version is adopted already; change the strategy to amend it."),
                code="adopted",
            )
        version = _version_new(
            actor=actor, strategy=locked, kind=StrategyVersion.Kind.ADOPTED, label=label
        )
        locked.consultations.filter(closed_at__isnull=True).update(closed_at=timezone.now())
        decision = CouncilDecision(
            strategy=locked,
            version=version,
            decided_on=decided_on,
            reference=reference,
            recorded_by=user_or_none(actor),
        )
        if document is not None:
            decision.document.save("decision.pdf", document, save=False)
        try:
            decision.save()
        except Exception:
            if decision.document:
                decision.document.storage.delete(decision.document.name)
            raise
        _state_set(
            actor=actor, strategy=locked, state=Strategy.State.ADOPTED, action=STRATEGY_CHANGE
        )
        audit_record(
            action=STRATEGY_ADOPT,
            actor=actor,
            process=locked.process,
            target=decision,
            target_label=reference[:200],
            after={
                "version": version.number,
                "decided_on": decided_on,
                "reference": reference,
                "document": bool(decision.document),
            },
        )
    strategy.state = locked.state
    return decision
