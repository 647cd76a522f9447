import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohesion.core.actors import SYSTEM
from cohesion.monitoring import selectors, services
from cohesion.strategies import services as strategy_services
from cohesion.strategies.models import Measure
from tests.monitoring.conftest import build_strategy

pytestmark = pytest.mark.usefixtures("english")
TODAY = datetime.date.today()


def _overview(strategy, today=TODAY):
    return selectors.monitoring_overview(strategy=strategy, language="en", today=today)


def test_progress_rolls_up_weighted_and_cancelled_weigh_nothing(world, kerpen):
    first, second, third = (Measure.objects.get(pk=m.pk) for m in kerpen["measures"])
    strategy_services.measure_update(actor=SYSTEM, measure=first, progress=100, weight=3)
    strategy_services.measure_update(actor=SYSTEM, measure=second, progress=0)
    strategy_services.measure_update(actor=SYSTEM, measure=third, status="cancelled")
    overview = _overview(kerpen["strategy"])
    field = overview["fields"][0]
    goal = field.goals.all()[0]
    assert goal.progress == 75  # (100 × 3 + 0 × 1) / 4; the cancelled one left out
    assert field.progress == 75
    assert overview["progress"] == 75  # the only field with a progress
    assert overview["fields"][1].progress is None  # no measures: nothing to show, not 0 %


def test_lights_per_measure_and_worst_of_upwards(world, kerpen):
    second = Measure.objects.get(pk=kerpen["measures"][1].pk)
    strategy_services.measure_update(actor=SYSTEM, measure=second, progress=5)
    overview = _overview(kerpen["strategy"])
    lights = {m.pk: m.light for m in overview["fields"][0].goals.all()[0].measures.all()}
    assert lights[second.pk] == "red"  # 5 % after half the time
    assert lights[kerpen["measures"][0].pk] == "green"  # 50 % after half the time
    assert overview["fields"][0].goals.all()[0].light == "red"
    assert overview["fields"][0].light == "red"
    counts = {entry["light"]: entry["count"] for entry in overview["measure_lights"]}
    assert counts == {"red": 1, "amber": 0, "green": 2, "blue": 0, "grey": 0}
    assert [m.pk for m in overview["red"]] == [second.pk]
    assert "more than 25 points" in str(overview["red"][0].assessed["reason"])


def test_the_three_questions(world, kerpen):
    first = Measure.objects.get(pk=kerpen["measures"][0].pk)
    services.measure_report(actor=world.coordinator, measure=first, status="completed")
    overview = _overview(kerpen["strategy"])
    assert [m.pk for m in overview["completed"]] == [first.pk]
    assert len(overview["open"]) == 2
    assert [m.pk for m in overview["milestones_due"]] == [kerpen["milestone"].pk]


def test_an_entered_actual_moves_the_indicator(world, kerpen):
    indicator = kerpen["indicator"]
    services.actual_add(
        actor=world.working_group_member,
        indicator=indicator,
        period=str(TODAY.year),
        value="30",
    )
    overview = _overview(kerpen["strategy"])
    (shown,) = overview["indicators"]
    assert shown.actual["value"] == Decimal("30")
    assert shown.light == "green"  # the target reached
    assert [i.pk for i in overview["indicators_moved"]] == [indicator.pk]


def test_the_statistics_bring_a_later_actual_than_the_entered_one(world, kerpen):
    indicator = kerpen["indicator"]
    strategy_services.indicator_actual_add(
        actor=SYSTEM, indicator=indicator, period="2022", value="12"
    )
    indicator = type(indicator).objects.prefetch_related("actuals").get(pk=indicator.pk)
    indicator.catalogue_key = "foreign_share"
    imported = {
        "foreign_share": {
            "value": Decimal("14"),
            "period": "2024",
            "year": 2024,
            "source": "Destatis",
            "from_statistics": True,
        }
    }
    assert selectors.indicator_actual(indicator, imported)["value"] == Decimal("14")
    older = {"foreign_share": {**imported["foreign_share"], "year": 2021}}
    assert selectors.indicator_actual(indicator, older)["value"] == Decimal("12")


@pytest.mark.parametrize("period, year", [("2024", 2024), ("31.12.2023", 2023), ("Q1", None)])
def test_the_year_of_a_period(period, year):
    assert selectors.year_of(period) == year


def test_the_dashboard_costs_the_same_queries_for_3_and_30_measures(world):
    small = build_strategy(world.kerpen_process, measures=3)["strategy"]
    large = build_strategy(world.stuttgart_process, measures=30)["strategy"]
    counts = []
    for strategy in (small, large):
        with CaptureQueriesContext(connection) as queries:
            _overview(strategy)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_year_report_counts_the_years_reports(world, kerpen):
    first = Measure.objects.get(pk=kerpen["measures"][0].pk)
    services.measure_report(
        actor=world.coordinator,
        measure=first,
        status="completed",
        reported_on=TODAY.replace(month=1, day=1),
    )
    report = selectors.year_report(
        strategy=kerpen["strategy"], language="en", year=TODAY.year, today=TODAY
    )
    assert report["report_count"] == 1
    assert [m.pk for m in report["completed_in_year"]] == [first.pk]
    last_year = selectors.year_report(
        strategy=kerpen["strategy"], language="en", year=TODAY.year - 1, today=TODAY
    )
    assert last_year["report_count"] == 0


def test_the_rule_is_explained_for_every_code():
    from cohesion.strategies.progress import RULES

    explained = selectors.rules_explained()
    assert [rule["code"] for rule in explained] == [code for code, _light, _n in RULES]
    assert all(str(rule["text"]) for rule in explained)


def test_climate_before_and_after(world, kerpen):
    from cohesion.workshops.services import workshop_create

    workshop_create(actor=world.coordinator, process=world.kerpen_process)
    rows = selectors.climate_before_after(process=world.kerpen_process, language="en")
    assert len(rows) == 3 and all("after" not in row for row in rows)
    assert (
        services.climate_follow_up_prepare(actor=world.coordinator, process=world.kerpen_process)
        == 3
    )
    rows = selectors.climate_before_after(process=world.kerpen_process, language="en")
    assert all(row["after"]["answers"] == 0 for row in rows)
    assert (
        services.climate_follow_up_prepare(actor=world.coordinator, process=world.kerpen_process)
        == 0
    )


def test_a_new_statistics_import_moves_the_actual_without_typing(world, kerpen):
    from cohesion.municipalities.models import PopulationRecord
    from cohesion.strategies.models import GoalIndicator

    def population(year, value):
        PopulationRecord.objects.create(
            municipality=world.kerpen,
            reference_date=datetime.date(year, 12, 31),
            population=value,
            territorial_status=datetime.date(2025, 11, 30),
            source=f"GV-ISys {year}",
        )

    population(2022, 66000)
    indicator = strategy_services.indicator_create(
        actor=SYSTEM,
        goal=kerpen["goal"],
        catalogue_key="population",
        target=70000,
        target_year=2030,
    )
    assert indicator.baseline_period == "2022"
    population(2024, 68000)  # the next year's figures arrive
    overview = _overview(kerpen["strategy"])
    shown = next(i for i in overview["indicators"] if i.pk == indicator.pk)
    assert shown.actual["value"] == Decimal("68000")
    assert shown.actual["from_statistics"] and "GV-ISys 2024" in shown.actual["source"]
    assert shown.achieved == 50  # half way from 66,000 to 70,000
    assert GoalIndicator.objects.get(pk=indicator.pk).actuals.count() == 0


def test_the_daily_upkeep_sends_the_notices_and_prunes_old_uploads(world, kerpen):
    from django.apps import apps
    from django.utils import timezone

    from cohesion.monitoring.models import BulkUpload, Notification

    upload = BulkUpload.objects.create(
        strategy=kerpen["strategy"],
        token="t" * 43,
        filename="a.csv",
        data=b"id\n",
        uploaded_by=world.coordinator,
    )
    BulkUpload.objects.filter(pk=upload.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    apps.get_app_config("monitoring").daily_upkeep()
    assert Notification.objects.count() == 2
    assert not BulkUpload.objects.exists()
