"""The strategy's services: permission, one transaction, history and audit trail, and bad input
refused with nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohesion.audit.models import AuditEvent
from cohesion.municipalities.models import PopulationRecord
from cohesion.strategies import services
from cohesion.strategies.models import (
    FieldOfAction,
    Goal,
    GoalIndicator,
    IndicatorActual,
    Measure,
    Strategy,
    StrategyChange,
)
from cohesion.workshops.models import Candidate

pytestmark = pytest.mark.usefixtures("english")


def _field(strategy, position=0):
    return strategy.fields_of_action.order_by("order", "pk")[position]


def test_a_strategy_starts_with_the_standard_fields_of_action(world, strategy):
    fields = list(strategy.fields_of_action.order_by("order"))
    assert len(fields) == 9
    assert fields[0].title == {"de": "Sprache und Bildung"}
    assert strategy.source_language == "de"
    assert strategy.title["de"].startswith("Integrationsstrategie") or strategy.title["de"]
    change = StrategyChange.objects.get(strategy=strategy)
    assert change.actor == world.coordinator and change.kind == "strategy"
    assert AuditEvent.objects.filter(action="strategies.strategy_create").count() == 1


def test_a_process_has_one_strategy(world, strategy):
    with pytest.raises(ValidationError):
        services.strategy_create(actor=world.coordinator, process=world.kerpen_process)
    assert Strategy.objects.count() == 1


@pytest.mark.parametrize("role", ["working_group_member", "manager"])
def test_the_working_group_and_managers_start_it(world, role):
    services.strategy_create(actor=world.by_role(role), process=world.kerpen_process)
    assert Strategy.objects.filter(process=world.kerpen_process).exists()


@pytest.mark.parametrize("role", ["moderator", "other_coordinator", "outsider"])
def test_others_may_not_change_it(world, strategy, role):
    user = world.by_role(role)
    with pytest.raises(PermissionDenied):
        services.strategy_create(actor=user, process=world.kerpen_process)
    with pytest.raises(PermissionDenied):
        services.field_of_action_create(actor=user, strategy=strategy, title={"en": "Sport"})
    assert not StrategyChange.objects.filter(actor=user).exists()


def test_a_working_group_member_edits_only_while_the_phase_is_not_done(world, strategy):
    process = world.kerpen_process
    process.current_phase_slug = "monitoring"
    process.save()
    strategy.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.field_of_action_create(
            actor=world.working_group_member, strategy=strategy, title={"en": "Sport"}
        )
    services.field_of_action_create(
        actor=world.coordinator, strategy=strategy, title={"en": "Sport"}
    )


def test_the_strategy_title_and_guiding_principles(world, strategy):
    services.strategy_update(
        actor=world.working_group_member,
        strategy=strategy,
        title=strategy.title | {"en": "Kerpen's integration strategy"},
        guiding_principles={"en": "Everybody belongs."},
    )
    strategy.refresh_from_db()
    assert strategy.guiding_principles == {"en": "Everybody belongs."}
    fields = set(
        StrategyChange.objects.filter(kind="strategy")
        .exclude(field="")
        .values_list("field", flat=True)
    )
    assert fields == {"title", "guiding_principles"}
    with pytest.raises(ValidationError):
        services.strategy_update(actor=world.coordinator, strategy=strategy, title={"en": "  "})


def test_fields_of_action_renamed_added_reordered_and_removed(world, strategy):
    first = _field(strategy)
    services.field_of_action_update(
        actor=world.coordinator, field_of_action=first, title=first.title | {"en": "Language"}
    )
    change = StrategyChange.objects.get(kind="field", field="title")
    assert change.before == {"de": "Sprache und Bildung"}
    assert change.after == {"de": "Sprache und Bildung", "en": "Language"}

    sport = services.field_of_action_create(
        actor=world.coordinator, strategy=strategy, title={"en": "Sport"}
    )
    assert sport.order == 9
    services.field_of_action_move(actor=world.coordinator, field_of_action=sport, direction="up")
    assert _field(strategy, 8) == sport
    services.field_of_action_move(actor=world.coordinator, field_of_action=first, direction="up")
    assert _field(strategy, 0) == first  # already first: nothing moves

    services.field_of_action_delete(actor=world.coordinator, field_of_action=sport)
    assert strategy.fields_of_action.count() == 9


def test_a_field_of_action_with_goals_stays(world, strategy):
    field = _field(strategy)
    services.goal_create(actor=world.coordinator, field_of_action=field, title={"de": "Ziel"})
    with pytest.raises(ValidationError):
        services.field_of_action_delete(actor=world.coordinator, field_of_action=field)
    assert FieldOfAction.objects.filter(pk=field.pk).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"title": {"de": ""}},
        {"title": {"xx": "Ziel"}},
        {"title": {"de": "Ziel"}, "target_year": 1990},
        {"title": {"de": "Ziel"}, "target_year": 3000},
        {"title": {"de": "x" * 301}},
    ],
)
def test_a_bad_goal_writes_nothing(world, strategy, fields):
    changes = StrategyChange.objects.count()
    with pytest.raises(ValidationError):
        services.goal_create(actor=world.coordinator, field_of_action=_field(strategy), **fields)
    assert Goal.objects.count() == 0
    assert StrategyChange.objects.count() == changes


def test_a_goal_of_another_strategy_cannot_be_moved_there(world, strategy):
    other = services.strategy_create(actor=world.other_coordinator, process=world.stuttgart_process)
    goal = services.goal_create(
        actor=world.coordinator, field_of_action=_field(strategy), title={"de": "Ziel"}
    )
    with pytest.raises(ValidationError):
        services.goal_update(actor=world.coordinator, goal=goal, field_of_action=_field(other))


def test_goal_update_and_delete_keep_the_history(world, strategy):
    goal = services.goal_create(
        actor=world.coordinator,
        field_of_action=_field(strategy),
        title={"de": "Ziel"},
        target_year=2030,
    )
    services.goal_update(actor=world.coordinator, goal=goal, target_year=2032, weight=1)
    change = StrategyChange.objects.get(kind="goal", field="target_year")
    assert (change.before, change.after) == (2030, 2032)
    assert not StrategyChange.objects.filter(kind="goal", field="weight").exists()
    services.goal_delete(actor=world.coordinator, goal=goal)
    removed = StrategyChange.objects.filter(kind="goal", field="").latest("pk")
    assert removed.after is None and removed.before["target_year"] == 2032


def _goal(world, strategy):
    return services.goal_create(
        actor=world.coordinator, field_of_action=_field(strategy), title={"de": "Ziel"}
    )


def test_a_measure_with_its_plan(world, strategy):
    goal = _goal(world, strategy)
    measure = services.measure_create(
        actor=world.working_group_member,
        goal=goal,
        title={"de": "Sprachcafé"},
        lead="VHS",
        partners="Integrationsrat",
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31),
        budget=Decimal("12000.50"),
        status="running",
        progress=20,
    )
    services.measure_update(actor=world.coordinator, measure=measure, progress=40)
    change = StrategyChange.objects.get(kind="measure", field="progress")
    assert (change.before, change.after) == (20, 40)
    created = StrategyChange.objects.get(kind="measure", field="")
    assert created.after["budget"] == "12000.50" and created.after["start"] == "2027-01-01"
    milestone = services.milestone_create(
        actor=world.coordinator,
        measure=measure,
        due=datetime.date(2027, 6, 1),
        title={"de": "Start"},
    )
    services.milestone_update(
        actor=world.coordinator, milestone=milestone, done_on=datetime.date(2027, 6, 3)
    )
    assert StrategyChange.objects.filter(kind="milestone").count() == 2
    services.measure_delete(actor=world.coordinator, measure=measure)
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"start": datetime.date(2027, 5, 1), "end": datetime.date(2027, 4, 30)},
        {"progress": 101},
        {"status": "forgotten"},
        {"budget": Decimal("-1")},
        {"weight": 1000},
    ],
)
def test_a_bad_measure_writes_nothing(world, strategy, fields):
    goal = _goal(world, strategy)
    changes = StrategyChange.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.measure_create(actor=world.coordinator, goal=goal, title={"de": "M"}, **fields)
    assert not Measure.objects.exists()
    assert StrategyChange.objects.count() == changes
    assert AuditEvent.objects.count() == events


def test_a_goal_from_a_candidate_in_one_step(world, strategy, goal_candidate):
    goal = services.goal_create_from_candidate(
        actor=world.coordinator, strategy=strategy, candidate=goal_candidate
    )
    assert goal.title == {"de": "Mehr Sprachkurse für Berufstätige"}
    assert goal.field_of_action == _field(strategy)  # matched by name
    assert goal.candidate == goal_candidate


def test_a_candidate_of_a_new_field_of_action_makes_it(world, strategy, workshop):
    candidate = Candidate.objects.create(
        workshop=workshop, kind="goal", title={"de": "Sportplätze"}, field_of_action="Sport"
    )
    goal = services.goal_create_from_candidate(
        actor=world.coordinator, strategy=strategy, candidate=candidate
    )
    assert goal.field_of_action.title == {"de": "Sport"}
    assert strategy.fields_of_action.count() == 10
    # The next candidate of that field finds it.
    second = Candidate.objects.create(
        workshop=workshop, kind="goal", title={"de": "Vereine"}, field_of_action=" sport "
    )
    again = services.goal_create_from_candidate(
        actor=world.coordinator, strategy=strategy, candidate=second
    )
    assert again.field_of_action == goal.field_of_action


def test_a_candidate_of_another_process_is_refused(world, strategy):
    from cohesion.workshops.services import workshop_create

    stuttgart = workshop_create(actor=world.other_coordinator, process=world.stuttgart_process)
    candidate = Candidate.objects.create(workshop=stuttgart, kind="goal", title={"de": "Fremd"})
    with pytest.raises(ValidationError):
        services.goal_create_from_candidate(
            actor=world.coordinator, strategy=strategy, candidate=candidate
        )
    assert not Goal.objects.exists()


def test_a_measure_from_a_candidate(world, strategy, measure_candidate):
    goal = _goal(world, strategy)
    measure = services.measure_create_from_candidate(
        actor=world.coordinator, goal=goal, candidate=measure_candidate
    )
    assert measure.candidate == measure_candidate
    assert measure.title == measure_candidate.title


def test_an_indicator_of_the_catalogue_takes_its_baseline_from_the_statistics(world, strategy):
    PopulationRecord.objects.create(
        municipality=world.kerpen,
        reference_date=datetime.date(2024, 12, 31),
        population=66585,
        territorial_status=datetime.date(2025, 11, 30),
        source="GV-ISys test",
    )
    goal = _goal(world, strategy)
    indicator = services.indicator_create(
        actor=world.coordinator,
        goal=goal,
        catalogue_key="population",
        target=70000,
        target_year=2035,
    )
    assert indicator.baseline == Decimal("66585")
    assert indicator.baseline_period == "2024"
    assert "GV-ISys test" in indicator.baseline_source
    assert indicator.name == {"de": "Einwohnerzahl"}
    assert indicator.target == Decimal("70000")


def test_an_indicator_without_statistics_has_no_baseline(world, strategy):
    goal = _goal(world, strategy)
    indicator = services.indicator_create(
        actor=world.coordinator, goal=goal, catalogue_key="unemployment-gap"
    )
    assert indicator.baseline is None and indicator.baseline_source == ""
    assert indicator.better == "lower"


@pytest.mark.parametrize(
    "fields",
    [
        {"catalogue_key": "no-such-indicator"},
        {"catalogue_key": ""},  # one's own needs a name
        {"name": {"de": "Kurse"}, "target": "viele"},
        {"name": {"de": "Kurse"}, "target_year": 1900},
    ],
)
def test_a_bad_indicator_writes_nothing(world, strategy, fields):
    goal = _goal(world, strategy)
    with pytest.raises(ValidationError):
        services.indicator_create(actor=world.coordinator, goal=goal, **fields)
    assert not GoalIndicator.objects.exists()


def test_actual_values_of_an_own_indicator(world, strategy):
    goal = _goal(world, strategy)
    indicator = services.indicator_create(
        actor=world.coordinator,
        goal=goal,
        name={"de": "Teilnehmende der Sprachcafés"},
        unit="Personen",
        baseline=120,
        baseline_period="2026",
        baseline_source="VHS",
        target=300,
        target_year=2030,
    )
    actual = services.indicator_actual_add(
        actor=world.working_group_member,
        indicator=indicator,
        period="2027",
        value="180",
        source="VHS-Bericht",
    )
    assert actual.entered_by == world.working_group_member
    assert StrategyChange.objects.filter(kind="actual").count() == 1
    for bad in ({"period": "", "value": 1}, {"period": "2028", "value": "viel"}):
        with pytest.raises(ValidationError):
            services.indicator_actual_add(actor=world.coordinator, indicator=indicator, **bad)
    assert IndicatorActual.objects.count() == 1
    services.indicator_update(actor=world.coordinator, indicator=indicator, target=350)
    change = StrategyChange.objects.get(kind="indicator", field="target")
    assert (Decimal(change.before), Decimal(change.after)) == (300, 350)


def test_a_candidate_is_taken_over_once(world, strategy, goal_candidate, measure_candidate):
    goal = services.goal_create_from_candidate(
        actor=world.coordinator, strategy=strategy, candidate=goal_candidate
    )
    with pytest.raises(ValidationError):
        services.goal_create_from_candidate(
            actor=world.coordinator, strategy=strategy, candidate=goal_candidate
        )
    services.measure_create_from_candidate(
        actor=world.coordinator, goal=goal, candidate=measure_candidate
    )
    with pytest.raises(ValidationError):
        services.measure_create_from_candidate(
            actor=world.coordinator, goal=goal, candidate=measure_candidate
        )
    assert Goal.objects.count() == 1 and Measure.objects.count() == 1


def test_without_a_workshop_the_strategy_is_in_the_starters_language(world):
    from django.utils import translation

    with translation.override("tr"):
        strategy = services.strategy_create(
            actor=world.working_group_member, process=world.kerpen_process
        )
    assert strategy.source_language == "tr"
    assert set(strategy.fields_of_action.first().title) == {"tr"}


def test_with_a_workshop_in_the_workshops_language(world, workshop):
    workshop.source_language = "de"
    workshop.save()
    from django.utils import translation

    with translation.override("en"):
        strategy = services.strategy_create(actor=world.coordinator, process=world.kerpen_process)
    assert strategy.source_language == "de"


def test_a_candidate_without_a_title_leaves_no_field_of_action_behind(world, strategy, workshop):
    candidate = Candidate.objects.create(
        workshop=workshop, kind="goal", title={}, field_of_action="Sport"
    )
    changes = StrategyChange.objects.count()
    with pytest.raises(ValidationError):
        services.goal_create_from_candidate(
            actor=world.coordinator, strategy=strategy, candidate=candidate
        )
    assert strategy.fields_of_action.count() == 9
    assert StrategyChange.objects.count() == changes
