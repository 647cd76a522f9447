"""Kerpen's strategy in the demo: derived from its workshop (every candidate used), six fields
of action, fifteen goals, forty measures, twenty indicators (the catalogue's with their real
baselines from the demo's statistics), two years of monitoring of which it holds only what is
dated on or before the day it is built, German and English texts, and everything invented marked
as demo data."""

import datetime
import time
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.models import User
from cohesion.audit.models import AuditEvent
from cohesion.demo.services import KERPEN, demo_load
from cohesion.indicators.catalogue import INDICATORS_BY_SLUG
from cohesion.monitoring.demo import kerpen_monitoring
from cohesion.monitoring.models import ProgressReport
from cohesion.monitoring.selectors import monitoring_overview
from cohesion.strategies import demo as kerpen
from cohesion.strategies.demo import (
    ADOPTED_ON,
    CATALOGUE_WITH_BASELINE,
    GOALS,
    INDICATORS,
    MEASURES,
    MONITORING_DATES,
    kerpen_strategy,
    monitoring_on,
    monitoring_rounds,
)
from cohesion.strategies.models import (
    Consultation,
    CouncilDecision,
    FieldOfAction,
    Goal,
    GoalIndicator,
    IndicatorActual,
    Measure,
    Milestone,
    Strategy,
    StrategyChange,
)
from cohesion.strategies.services import catalogue_baseline
from cohesion.workshops.models import Candidate, Workshop

LANGUAGES = ("de", "en", "tr", "ar", "ru", "uk")
STATUSES = {choice for choice, _label in Measure.Status.choices}
CUSTOM = [plan for plan in INDICATORS if not plan.catalogue_key]
# The day of the council's decision: Kerpen held its workshop in September 2024.
TODAY = ADOPTED_ON
# A day after the last half-year of the monitoring.
AFTER = MONITORING_DATES[-1] + datetime.timedelta(days=1)
# The measures after the last half-year, and their lights on its last day and the day after.
FINAL_STATUSES = {"running": 30, "completed": 7, "delayed": 2, "cancelled": 1}
FINAL_LIGHTS = {"grey": 1, "blue": 7, "green": 24, "amber": 5, "red": 3}

# The catalogue indicators whose baseline the demo's statistics hold: Kerpen's population from
# the registry, the others from the Rhein-Erft-Kreis's tables (value, period).
REAL_BASELINES = {
    "population": ("66585", "2024"),
    "foreigners": ("91165", "2025"),
    "foreign-share": ("19.073", "2025"),
    "origin-near-east": ("11.249", "2025"),
    "net-migration-rate": ("6.23", "2021"),
    "foreign-pupils-share": ("13.742", "2023"),
    "leavers-without-certificate": ("4.57", "2023"),
    "disposable-income": ("24503", "2021"),
}


def _marked(texts: dict) -> None:
    assert texts["de"].count("Demo-Daten") == 1, texts
    assert texts["en"].count("demo data") == 1, texts


# --- the tables and the monitoring, without a database ---


def test_the_tables_hold_fifteen_goals_forty_measures_and_twenty_indicators():
    assert len(GOALS) == 15 and len({plan.key for plan in GOALS}) == 15
    assert len(MEASURES) == 40 and len({plan.key for plan in MEASURES}) == 40
    assert len(INDICATORS) == 20 and len({plan.key for plan in INDICATORS}) == 20
    goals = {plan.key for plan in GOALS}
    assert {plan.goal for plan in MEASURES} == goals  # every goal has measures
    assert {plan.goal for plan in INDICATORS} <= goals
    assert {plan.field for plan in GOALS} == set(kerpen.FIELDS)
    assert len({plan.title["de"] for plan in MEASURES}) == 40
    catalogue = [plan.catalogue_key for plan in INDICATORS if plan.catalogue_key]
    assert sorted(catalogue) == sorted(CATALOGUE_WITH_BASELINE) == sorted(REAL_BASELINES)
    assert all(key in INDICATORS_BY_SLUG for key in catalogue)


def test_measures_run_between_2024_and_2027_with_a_lead_partners_and_a_budget():
    for plan in MEASURES:
        assert datetime.date(2024, 1, 1) <= plan.start < plan.end <= datetime.date(2027, 12, 31)
        assert plan.lead and plan.partners and plan.budget >= 0
        _marked(plan.description)


def test_targets_go_the_better_way():
    for plan in CUSTOM:
        assert plan.target_year in {2026, 2027}
        if plan.better == "higher":
            assert plan.target > plan.baseline
        else:
            assert plan.better == "lower" and plan.target < plan.baseline
        assert len(plan.actuals) == len(MONITORING_DATES)


def test_two_years_of_monitoring_half_year_by_half_year():
    rounds = monitoring_rounds()
    assert [r.on for r in rounds] == [
        datetime.date(2025, 5, 31),
        datetime.date(2025, 11, 30),
        datetime.date(2026, 5, 31),
        datetime.date(2026, 11, 30),
    ]
    # All of it after the adoption and before the day the demo is first loaded.
    assert rounds[0].on > kerpen.ADOPTED_ON and rounds[-1].on < datetime.date(2026, 12, 2)
    keys = [plan.key for plan in MEASURES]
    progress = dict.fromkeys(keys, 0)
    for monitoring_round in rounds:
        assert [report.key for report in monitoring_round.measures] == keys
        for report in monitoring_round.measures:
            assert report.on == monitoring_round.on
            assert report.status in STATUSES
            assert 0 <= report.progress <= 100
            assert report.progress >= progress[report.key]  # never goes back
            progress[report.key] = report.progress
            if report.status == "completed":
                assert report.progress == 100
            if report.status == "planned":
                assert report.progress == 0
            _marked(report.note)
        assert {value.key for value in monitoring_round.actuals} == {p.key for p in CUSTOM}
        assert {value.period for value in monitoring_round.actuals} == {
            f"{monitoring_round.on:%Y-%m}"
        }
        assert all("Demo-Daten" in value.source for value in monitoring_round.actuals)
    # Two years show every kind of course, the latest half-year included.
    first = {report.status for report in rounds[0].measures}
    last = {report.status for report in rounds[-1].measures}
    assert "planned" in first
    assert {"running", "completed", "delayed", "cancelled"} <= last


def test_the_monitoring_is_the_same_every_time():
    assert monitoring_rounds() == monitoring_rounds()


def _done_on(state) -> list[datetime.date]:
    return [done for ms in state.milestones.values() for _due, _title, done in ms if done]


def test_on_the_day_of_the_adoption_nothing_of_the_monitoring_applies():
    state = monitoring_on(TODAY)
    assert state.today == TODAY
    assert state.rounds == () and state.actuals == ()
    for plan in MEASURES:
        # As created: planned, or running without progress once the start has come.
        expected = ("running", 0) if plan.start <= TODAY else ("planned", 0)
        assert state.measures[plan.key] == expected, plan.key
        assert len(state.milestones[plan.key]) == 2
    assert Counter(status for status, _ in state.measures.values()) == {
        "planned": 39,
        "running": 1,  # the language café, since September 2024
    }
    assert all(done <= TODAY for done in _done_on(state))


def test_a_round_applies_from_its_own_day_on():
    rounds = monitoring_rounds()
    for index, on in enumerate(MONITORING_DATES):
        before = monitoring_on(on - datetime.timedelta(days=1))
        state = monitoring_on(on)
        assert state.rounds == tuple(rounds[: index + 1]) and len(before.rounds) == index
        assert state.actuals == tuple(v for r in rounds[: index + 1] for v in r.actuals)
        assert len(state.actuals) == len(CUSTOM) * (index + 1)
        assert state.measures == {r.key: (r.status, r.progress) for r in rounds[index].measures}
        assert all(done <= on for done in _done_on(state))
        assert len(_done_on(before)) <= len(_done_on(state))
    # Between two rounds the earlier one holds; milestones are done up to the day itself.
    between = monitoring_on(datetime.date(2025, 9, 1))
    assert between.rounds == (rounds[0],)
    assert between.measures == monitoring_on(MONITORING_DATES[0]).measures
    assert max(_done_on(between)) > MONITORING_DATES[0]


def test_after_the_last_round_the_strategy_holds_all_two_years():
    final = {report.key: report for report in monitoring_rounds()[-1].measures}
    for today in (MONITORING_DATES[-1], AFTER, datetime.date(2031, 1, 1)):
        state = monitoring_on(today)
        assert len(state.rounds) == 4 and len(state.actuals) == 48
        assert state.measures == {key: (r.status, r.progress) for key, r in final.items()}
        assert Counter(status for status, _ in state.measures.values()) == FINAL_STATUSES
        done = _done_on(state)
        assert 0 < len(done) < 80 and max(done) <= MONITORING_DATES[-1]
        assert state.milestones == monitoring_on(AFTER).milestones
    # A delayed or cancelled measure has its concept done, not its review.
    state = monitoring_on(AFTER)
    for key, (status, _progress) in state.measures.items():
        if status in {"delayed", "cancelled"}:
            (_, _, concept), (_, _, review) = state.milestones[key]
            assert concept is not None and review is None, key


# --- in the demo ---


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the tests of the class; each test runs in a transaction that
    is rolled back, and the class's end empties the database."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        demo_load()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def strategy(demo_loaded, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Strategy.objects.select_related("process__municipality").get(
        process__municipality__ags=KERPEN
    )


def _by_title(model, plans):
    objects = {obj.title["de"]: obj for obj in model.objects.all()}
    return {plan.key: objects[plan.title["de"]] for plan in plans}


class TestKerpensStrategy:
    def test_six_fields_fifteen_goals_forty_measures_twenty_indicators(self, strategy):
        assert Strategy.objects.count() == 1
        fields = list(FieldOfAction.objects.filter(strategy=strategy).order_by("order"))
        assert [field.title["de"] for field in fields] == [
            "Sprache und Bildung",
            "Arbeit und Wirtschaft",
            "Wohnen, Nachbarschaft und Schutz vor Diskriminierung",
            "Teilhabe und bürgerschaftliches Engagement",
            "Interkulturelle Öffnung der Verwaltung",
            "Willkommenskultur und Begegnung",
        ]
        assert Goal.objects.filter(field_of_action__strategy=strategy).count() == 15
        assert Measure.objects.filter(goal__field_of_action__strategy=strategy).count() == 40
        assert GoalIndicator.objects.filter(goal__field_of_action__strategy=strategy).count() == 20
        assert Milestone.objects.count() == 80
        assert all(field.goals.exists() for field in fields)

    def test_every_candidate_of_the_workshop_is_used(self, strategy):
        candidates = Candidate.objects.filter(workshop__process=strategy.process)
        goals = candidates.filter(kind=Candidate.Kind.GOAL)
        measures = candidates.filter(kind=Candidate.Kind.MEASURE)
        assert goals.count() >= 4 and measures.count() >= 3
        for candidate in goals:
            goal = Goal.objects.get(candidate=candidate)
            assert goal.field_of_action.strategy_id == strategy.pk
        for candidate in measures:
            measure = Measure.objects.get(candidate=candidate)
            assert measure.title["de"] == candidate.title["de"]
        # The working group worded the candidate goals afresh (the clusters' one-word titles).
        worded = {plan.title["de"] for plan in GOALS if plan.candidate_field}
        assert {goal.candidate and goal.title["de"] for goal in Goal.objects.all()} >= worded

    def test_catalogue_indicators_take_their_real_baselines_from_the_statistics(self, strategy):
        municipality = strategy.process.municipality
        for key, (value, period) in REAL_BASELINES.items():
            indicator = GoalIndicator.objects.get(catalogue_key=key)
            found = catalogue_baseline(municipality=municipality, catalogue_key=key)
            assert indicator.baseline == found["baseline"] == Decimal(value), key
            assert indicator.baseline_period == found["baseline_period"] == period, key
            assert indicator.baseline_source == found["baseline_source"], key
            assert "Demo" not in indicator.baseline_source
            if key != "population":  # the district's figures stand in for Kerpen's
                assert "Rhein-Erft-Kreis" in indicator.baseline_source
            assert not indicator.actuals.exists()  # they come with the next statistics
        leavers = GoalIndicator.objects.get(catalogue_key="leavers-without-certificate")
        assert leavers.better == "lower" and leavers.target == Decimal("3.5")
        assert leavers.target_year == 2027

    def test_the_towns_own_indicators_have_invented_baselines_and_two_years_of_actuals(
        self, strategy
    ):
        own = GoalIndicator.objects.filter(catalogue_key="").order_by("pk")
        assert own.count() == len(CUSTOM) == 12
        plans = {plan.name["de"]: plan for plan in CUSTOM}
        for indicator in own:
            plan = plans[indicator.name["de"]]
            assert indicator.name["en"] == plan.name["en"]
            assert indicator.baseline == plan.baseline and indicator.target == plan.target
            assert "Demo-Daten" in indicator.baseline_source
            actuals = list(indicator.actuals.order_by("period"))
            assert [a.period for a in actuals] == ["2025-05", "2025-11", "2026-05", "2026-11"]
            assert [a.value for a in actuals] == [Decimal(v) for v in plan.actuals]
            assert all("Demo-Daten" in actual.source for actual in actuals)
        assert IndicatorActual.objects.count() == 12 * len(MONITORING_DATES) == 48
        for indicator in GoalIndicator.objects.exclude(target=None):
            if indicator.better == "higher":
                assert indicator.target > indicator.baseline
            else:
                assert indicator.target < indicator.baseline

    def test_texts_in_german_and_english_and_the_principles_in_six_languages(self, strategy):
        assert set(strategy.title) == set(LANGUAGES)
        assert set(strategy.guiding_principles) == set(LANGUAGES)
        assert strategy.source_language == "de"
        for field in FieldOfAction.objects.all():
            assert set(field.title) == set(LANGUAGES)
        for goal in Goal.objects.all():
            assert {"de", "en"} <= set(goal.title)
            _marked(goal.description)
        for measure in Measure.objects.all():
            assert {"de", "en"} <= set(measure.title)
            _marked(measure.description)

    def test_everything_invented_is_marked_as_demo_data(self, strategy):
        _marked(strategy.title)
        _marked(strategy.guiding_principles)
        for language in ("tr", "ar", "ru", "uk"):
            assert "(" in strategy.guiding_principles[language]  # the marker in the language
        for measure in Measure.objects.all():
            assert measure.lead.endswith("(Demo)")
            assert measure.partners.endswith("(Demo)")

    def test_the_council_adopted_it_three_months_after_the_workshop(self, strategy, client):
        assert strategy.state == Strategy.State.ADOPTED
        decision = CouncilDecision.objects.get(strategy=strategy)
        assert decision.decided_on == ADOPTED_ON == datetime.date(2024, 12, 12)
        assert "Demo-Daten" in decision.reference
        workshop_day = Workshop.objects.get(process=strategy.process).days.order_by("date")[0]
        assert (decision.decided_on - workshop_day.date).days == 90
        # The draft went out for comments first; the adoption closed the consultation.
        consultation = Consultation.objects.get(strategy=strategy)
        assert consultation.closed_at is not None
        # The adopted version holds the measures as the council adopted them, not as reported.
        adopted = decision.version.snapshot
        assert all(
            measure["status"] == "planned"
            for field in adopted["fields"]
            for goal in field["goals"]
            for measure in goal["measures"]
        )
        # The public page shows it to anyone, in German and in Arabic.
        page = client.get(f"/strategy/{KERPEN}/", HTTP_ACCEPT_LANGUAGE="de")
        assert page.status_code == 200
        assert "Integrationsstrategie Kerpen 2025–2027" in page.content.decode()
        page = client.get(f"/strategy/{KERPEN}/", HTTP_ACCEPT_LANGUAGE="ar")
        assert "استراتيجية الاندماج في كيربن" in page.content.decode()

    def test_two_years_of_reports_without_an_amendment(self, strategy):
        final = {report.key: report for report in monitoring_rounds()[-1].measures}
        measures = _by_title(Measure, MEASURES)
        for plan in MEASURES:
            measure = measures[plan.key]
            report = final[plan.key]
            assert (measure.status, measure.progress) == (report.status, report.progress)
            assert (measure.start, measure.end) == (plan.start, plan.end)
            assert measure.budget == Decimal(plan.budget)
            reports = list(measure.progress_reports.order_by("reported_on"))
            assert [r.reported_on for r in reports] == list(MONITORING_DATES), plan.key
            assert all("Demo-Daten" in r.note for r in reports)
        assert ProgressReport.objects.count() == 40 * 4
        assert Counter(Measure.objects.values_list("status", flat=True)) == FINAL_STATUSES
        done = Milestone.objects.exclude(done_on=None)
        assert 0 < done.count() < Milestone.objects.count() == 80
        assert all(m.done_on <= MONITORING_DATES[-1] for m in done)
        done_by_key = sorted(d for d in done.values_list("done_on", flat=True))
        assert done_by_key == sorted(_done_on(monitoring_on(AFTER)))
        for today in (MONITORING_DATES[-1], AFTER):
            overview = monitoring_overview(strategy=strategy, language="de", today=today)
            lights = {entry["light"]: entry["count"] for entry in overview["measure_lights"]}
            assert lights == FINAL_LIGHTS
        # Monitoring data changes the adopted strategy without starting an amendment.
        strategy.refresh_from_db()
        assert strategy.state == Strategy.State.ADOPTED

    def test_the_coordinator_made_it_and_the_history_says_so(self, strategy):
        coordinator = User.objects.get(username="coordinator")
        changes = StrategyChange.objects.filter(strategy=strategy)
        assert changes.count() > 15 + 40 + 80 + 20  # goals, measures, milestones, indicators
        assert set(changes.values_list("actor", flat=True)) == {coordinator.pk}
        assert AuditEvent.objects.filter(action="strategies.goal_create").count() == 15

    def test_the_coordinator_reads_it(self, strategy, client):
        client.force_login(User.objects.get(username="coordinator"))
        page = client.get(
            reverse("strategies:strategy", args=[strategy.process_id]),
            HTTP_ACCEPT_LANGUAGE="de",
        )
        assert page.status_code == 200
        text = page.content.decode()
        assert "Willkommenskultur und Begegnung" in text
        assert "Ausländische Berufsabschlüsse schneller anerkennen" in text

    def test_building_it_again_takes_seconds(self, strategy, capsys):
        """What the strategy and its monitoring add to ``cohesion demo --reset``, printed (run
        with -s); on a day after the last half-year it holds all two years of the monitoring."""
        process = strategy.process
        strategy.delete()
        coordinator = User.objects.get(username="coordinator")
        started = time.perf_counter()
        made = kerpen_strategy(process=process, actor=coordinator, today=AFTER)
        built = time.perf_counter() - started
        reports = kerpen_monitoring(made=made, actor=coordinator, today=AFTER)
        seconds = time.perf_counter() - started
        with capsys.disabled():
            print(  # noqa: T201 - the measurement the demo asks for
                f"\nKerpen's demo strategy built in {built:.2f} s, "
                f"with its monitoring {seconds:.2f} s"
            )
        assert len(made.measures) == 40 and len(made.indicators) == 20 and reports == 160
        assert set(made.goals) == {plan.key for plan in GOALS}
        assert Counter(Measure.objects.values_list("status", flat=True)) == FINAL_STATUSES
        assert Strategy.objects.get(pk=made.strategy.pk).state == Strategy.State.ADOPTED

    def test_built_before_the_adoption_it_is_a_draft_as_created(self, strategy):
        process = strategy.process
        strategy.delete()
        coordinator = User.objects.get(username="coordinator")
        before = ADOPTED_ON - datetime.timedelta(days=1)
        made = kerpen_strategy(process=process, actor=coordinator, today=before)
        assert kerpen_monitoring(made=made, actor=coordinator, today=before) == 0
        assert made.strategy.state == Strategy.State.DRAFT
        assert not CouncilDecision.objects.exists() and not ProgressReport.objects.exists()
        state = monitoring_on(before)
        measures = _by_title(Measure, MEASURES)
        assert {key: (m.status, m.progress) for key, m in measures.items()} == state.measures
        assert not IndicatorActual.objects.exists()
        # The language café's concept was agreed before the council's decision.
        done = list(Milestone.objects.exclude(done_on=None).values_list("done_on", flat=True))
        assert done == _done_on(state) == [datetime.date(2024, 12, 7)]

    def test_built_without_a_day_it_holds_the_monitoring_as_of_the_local_date(self, strategy):
        process = strategy.process
        strategy.delete()
        coordinator = User.objects.get(username="coordinator")
        made = kerpen_strategy(process=process, actor=coordinator)
        kerpen_monitoring(made=made, actor=coordinator)
        state = monitoring_on(timezone.localdate())
        measures = _by_title(Measure, MEASURES)
        assert {key: (m.status, m.progress) for key, m in measures.items()} == state.measures
        assert IndicatorActual.objects.count() == len(state.actuals)
        done = sorted(d for d in Milestone.objects.values_list("done_on", flat=True) if d)
        assert done == sorted(_done_on(state))
        assert made.strategy.pk == Strategy.objects.get(process=process).pk
