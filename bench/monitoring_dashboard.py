"""Server time and query count of the monitoring dashboard with 100 municipalities' strategies.

Sets up a fresh database (SQLite in a temporary directory, or PostgreSQL when DATABASE_URL names
a server), and loads 100 municipalities in the monitoring phase, each with a strategy of 6 fields
of action, 15 goals, 40 measures (a milestone each), 20 indicators (half of them of the
catalogue, so the statistics are asked) with an actual value a year, and progress reports over
two years (one a quarter and measure: 800,000 rows in all would be too slow to load, so eight
per measure: 32,000). Then one municipality's strategy grows to 400 measures.
Measures, with Django's test client as the programme manager reading German: the dashboard
/monitoring/process/<id>/ of a 40-measure and of the 400-measure strategy, the first request,
then --requests timed ones (median and p95), and the queries of one request.
Prints readable lines and ends with one JSON line of the figures.

    .venv/bin/python bench/monitoring_dashboard.py [--requests N]
"""

import argparse
import datetime
import json
import math
import secrets
import statistics
import time
from decimal import Decimal

from _database import benchmark_database

MUNICIPALITIES = 100
FIELDS, GOALS, MEASURES, INDICATORS = 6, 15, 40, 20
REPORTS_PER_MEASURE = 8  # a quarter over two years
LARGE = 400


def say(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - the benchmark's output


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _strategy(process, *, measures: int, today: datetime.date):
    """One strategy written in bulk (the services' one-by-one history is not what is measured)."""
    from cohesion.monitoring.models import ProgressReport
    from cohesion.strategies.models import (
        FieldOfAction,
        Goal,
        GoalIndicator,
        IndicatorActual,
        Measure,
        Milestone,
        Strategy,
    )

    strategy = Strategy.objects.create(
        process=process, title={"de": f"Strategie {process.municipality.name}"}, state="adopted"
    )
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=strategy, title={"de": f"Handlungsfeld {n}"}, order=n)
        for n in range(FIELDS)
    )
    goals = Goal.objects.bulk_create(
        Goal(
            field_of_action=fields[n % FIELDS],
            title={"de": f"Ziel {n}"},
            target_year=2030,
            order=n,
        )
        for n in range(GOALS)
    )
    statuses = ("planned", "running", "running", "delayed", "completed", "cancelled")
    start = today - datetime.timedelta(days=730)
    made = Measure.objects.bulk_create(
        Measure(
            goal=goals[n % GOALS],
            title={"de": f"Maßnahme {n}"},
            start=start,
            end=today + datetime.timedelta(days=365 * (n % 3)),
            status=statuses[n % len(statuses)],
            progress=(n * 17) % 101,
            weight=1 + n % 3,
            order=n,
        )
        for n in range(measures)
    )
    Milestone.objects.bulk_create(
        Milestone(
            measure=measure,
            due=today + datetime.timedelta(days=(n % 60) - 20),
            title={"de": f"Meilenstein {n}"},
            done_on=today - datetime.timedelta(days=5) if n % 4 == 0 else None,
        )
        for n, measure in enumerate(made)
    )
    catalogue = ("foreign-share", "population", "net-migration-rate", "immigrated-share")
    indicators = GoalIndicator.objects.bulk_create(
        GoalIndicator(
            goal=goals[n % GOALS],
            catalogue_key=catalogue[n % len(catalogue)] if n % 2 == 0 else "",
            name={"de": f"Indikator {n}"},
            baseline=Decimal(10 + n),
            baseline_period="2022",
            target=Decimal(20 + n),
            target_year=2030,
            order=n,
        )
        for n in range(INDICATORS)
    )
    IndicatorActual.objects.bulk_create(
        IndicatorActual(indicator=indicator, period=str(year), value=Decimal(12 + n + year % 10))
        for n, indicator in enumerate(indicators)
        for year in (today.year - 1, today.year)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            measure=measure,
            reported_on=start + datetime.timedelta(days=91 * quarter),
            status=measure.status,
            progress=min(100, quarter * 12),
        )
        for measure in made
        for quarter in range(REPORTS_PER_MEASURE)
    )
    return strategy


def load(today: datetime.date):
    import datetime as dt

    from cohesion.accounts.models import User
    from cohesion.municipalities.models import Municipality
    from cohesion.processes.models import Process, Programme

    manager = User.objects.create_user(username="manager", password=secrets.token_urlsafe())
    programme = Programme.objects.create(name="Bench", slug="bench")
    programme.managers.set([manager])
    processes = []
    for n in range(MUNICIPALITIES):
        municipality = Municipality.objects.create(
            ags=f"09{n:06d}",
            kind=Municipality.Kind.MUNICIPALITY,
            name=f"Gemeinde {n}",
            search_name=f"gemeinde {n}",
            land="Bayern",
            district="Landkreis Beispiel",
            population=25_000,
            population_reference_date=dt.date(2024, 12, 31),
            territorial_status=dt.date(2025, 11, 30),
        )
        process = Process.objects.create(
            programme=programme,
            municipality=municipality,
            started_on=dt.date(2024, 1, 1),
            current_phase_slug="monitoring",
        )
        _strategy(process, measures=MEASURES, today=today)
        processes.append(process)
    municipality = Municipality.objects.create(
        ags="09999999",
        kind=Municipality.Kind.MUNICIPALITY,
        name="Gemeinde groß",
        search_name="gemeinde gross",
        land="Bayern",
        district="Landkreis Beispiel",
        population=250_000,
        population_reference_date=dt.date(2024, 12, 31),
        territorial_status=dt.date(2025, 11, 30),
    )
    large = Process.objects.create(
        programme=programme,
        municipality=municipality,
        started_on=dt.date(2024, 1, 1),
        current_phase_slug="monitoring",
    )
    _strategy(large, measures=LARGE, today=today)
    return manager, processes[MUNICIPALITIES // 2], large


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(url, secure=True)
    cold = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    timed = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, secure=True)
        timed.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    return {
        "cold_ms": milliseconds(cold),
        "median_ms": milliseconds(statistics.median(timed)),
        "p95_ms": milliseconds(p95(timed)),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with benchmark_database() as vendor:
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        call_command("collectstatic", interactive=False, verbosity=0)  # the pages name them

        today = timezone.localdate()
        started = time.perf_counter()
        manager, typical, large = load(today)
        load_seconds = time.perf_counter() - started
        say(f"loaded {MUNICIPALITIES} strategies and one of {LARGE} measures: {load_seconds:.1f} s")
        client = Client(HTTP_HOST="localhost")
        client.force_login(manager)
        client.cookies["django_language"] = "de"
        figures = {}
        for label, process in ((str(MEASURES), typical), (str(LARGE), large)):
            figures[label] = measure(client, f"/monitoring/process/{process.pk}/", args.requests)
            say(f"dashboard with {label} measures: {figures[label]}")
        print(  # noqa: T201 - the benchmark's output
            json.dumps(
                {
                    "benchmark": "monitoring dashboard",
                    "database": vendor,
                    "municipalities": MUNICIPALITIES,
                    "requests": args.requests,
                    "load_s": round(load_seconds, 1),
                    "measures_40": figures[str(MEASURES)],
                    "measures_400": figures[str(LARGE)],
                    "queries_fixed": figures[str(MEASURES)]["queries"]
                    == figures[str(LARGE)]["queries"],
                }
            )
        )


if __name__ == "__main__":
    main()
