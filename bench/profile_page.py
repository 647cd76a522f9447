"""Server time of the profile page and of the peer query over a five-million-row observation table.

Sets up a fresh database (SQLite in a temporary directory, or PostgreSQL when DATABASE_URL names a
server: a database is created and dropped), imports the full registry from every shipped GV100AD
edition and the real demo statistics, then fills the observation table with synthetic series
(table codes "BENCH-…", which the catalogue does not know) over every municipality and district
key and the years 2005-2024 until it holds --observations rows, through the project's bulk upsert.

Measures, with Django's test client as a signed-in user reading German:
- the profile page /profiles/<ags>/ of Kerpen, Stuttgart, the district of Göttingen and München
  (no statistics of its own): the first request of each (charts are rendered and cached then;
  profile_cold_ms is the median of those four), then 30 timed requests each (median and p95);
- peers_suggested(count=10): the first call, which builds the feature matrix
  (peer_matrix_build_ms), then 3 calls each for 50 municipalities drawn with a fixed seed
  (median and p95); the district kind (Göttingen) is printed once warmed.
Prints readable lines and ends with one JSON line of the figures.

    .venv/bin/python bench/profile_page.py [--observations N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/profile_page.py
"""

import argparse
import hashlib
import itertools
import json
import math
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from decimal import Decimal

from _database import benchmark_database

PROFILES = {
    "05362032": "Kerpen",
    "08111000": "Stuttgart",
    "03159": "Göttingen (district)",
    "09162000": "München (no statistics)",
}
GÖTTINGEN = "03159"
PERIODS = [f"{year}-12-31" for year in range(2005, 2025)]
LOAD_BATCH = 250_000  # rows per call of the bulk upsert (each in its own transaction)
PROFILE_REQUESTS = 30
PEER_SAMPLE = 50
PEER_CALLS = 3
SEED = 2025


def say(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - the benchmark's output


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def load_real_data() -> None:
    from cohesion.core.actors import SYSTEM
    from cohesion.demo.services import DATA_DIR, DEMO_STATISTICS
    from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
    from cohesion.statistics.services import statistics_import

    for edition in SHIPPED_GV100AD_EDITIONS:
        registry_import_gv100ad(path=edition)
    for filename, mapping in DEMO_STATISTICS:
        path = DATA_DIR / filename
        statistics_import(data=path.read_bytes(), filename=filename, mapping=mapping, actor=SYSTEM)


def load_synthetic(target: int) -> tuple[int, int, float]:
    """Fill the observation table up to `target` rows; returns (rows added, series, seconds)."""
    from django.db import transaction

    from cohesion.municipalities.models import Municipality
    from cohesion.statistics.models import Observation, Series, StatisticsImport
    from cohesion.statistics.staging import staged_observations

    needed = target - Observation.objects.count()
    if needed <= 0:
        return 0, 0, 0.0
    regions = list(
        Municipality.objects.filter(kind__in=["municipality", "district"])
        .order_by("ags")
        .values_list("ags", "pk")
    )
    series_count = math.ceil(needed / (len(regions) * len(PERIODS)))
    values = [Decimal(f"{number * 37 % 100000}.{number % 100:02d}") for number in range(997)]

    started = time.perf_counter()
    record = StatisticsImport.objects.create(
        filename="bench-synthetic.csv",
        sha256=hashlib.sha256(f"bench-synthetic-{target}".encode()).hexdigest(),
        format="bench",
        table_code="BENCH",
        title="Synthetic benchmark series",
        source="Benchmark",
        observation_count=needed,
    )
    Series.objects.bulk_create(
        [
            Series(table_code=f"BENCH-{number:04d}", variable="Bench", dimensions_key="")
            for number in range(1, series_count + 1)
        ]
    )
    series_ids = list(
        Series.objects.filter(table_code__startswith="BENCH-")
        .order_by("table_code")
        .values_list("pk", flat=True)
    )
    rows = (
        (series_id, ags, pk, period, values[index % len(values)], "ok", "", record.pk)
        for index, (series_id, period, (ags, pk)) in enumerate(
            itertools.product(series_ids, PERIODS, regions)
        )
    )
    rows = itertools.islice(rows, needed)
    while batch := list(itertools.islice(rows, LOAD_BATCH)):
        with transaction.atomic(), staged_observations(batch) as stage:
            stage.observations_write()
    return needed, series_count, time.perf_counter() - started


def measure_profiles(client) -> tuple[dict[str, float], list[float]]:
    cold, timed = {}, []
    for ags, name in PROFILES.items():
        url = f"/profiles/{ags}/"
        started = time.perf_counter()
        response = client.get(url, secure=True)
        cold[ags] = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        own = []
        for _ in range(PROFILE_REQUESTS):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            own.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        timed += own
        say(
            f"profile {ags} {name}: first {milliseconds(cold[ags])} ms, median "
            f"{milliseconds(statistics.median(own))} ms, p95 {milliseconds(p95(own))} ms "
            f"({len(response.content) // 1024} KiB)"
        )
    return cold, timed


def measure_peers() -> tuple[float, list[float]]:
    from django.db.models import Max

    from cohesion.municipalities.models import Municipality
    from cohesion.peers.selectors import peers_suggested

    newest = Municipality.objects.aggregate(newest=Max("territorial_status"))["newest"]
    current = list(
        Municipality.objects.filter(
            kind="municipality", territorial_status=newest, population__gt=0
        )
        .order_by("ags")
        .values_list("ags", flat=True)
    )
    sample = random.Random(SEED).sample(current, PEER_SAMPLE)  # noqa: S311 - a fixed draw
    chosen = Municipality.objects.in_bulk(sample, field_name="ags")

    started = time.perf_counter()
    peers_suggested(municipality=chosen[sample[0]], count=10)
    build = time.perf_counter() - started
    timed, found = [], 0
    for ags in sample:
        for _ in range(PEER_CALLS):
            started = time.perf_counter()
            peers = peers_suggested(municipality=chosen[ags], count=10).peers
            timed.append(time.perf_counter() - started)
        found += bool(peers)
    say(
        f"peers, municipalities: matrix built in {milliseconds(build)} ms; "
        f"{PEER_SAMPLE} municipalities × {PEER_CALLS}: median "
        f"{milliseconds(statistics.median(timed))} ms, p95 {milliseconds(p95(timed))} ms "
        f"({found} of {PEER_SAMPLE} with peers)"
    )

    district = Municipality.objects.get(ags=GÖTTINGEN)
    started = time.perf_counter()
    peers_suggested(municipality=district, count=10)
    district_build = time.perf_counter() - started
    district_timed = []
    for _ in range(PEER_CALLS):
        started = time.perf_counter()
        peers = peers_suggested(municipality=district, count=10).peers
        district_timed.append(time.perf_counter() - started)
    say(
        f"peers, districts ({GÖTTINGEN}): matrix built in {milliseconds(district_build)} ms; "
        f"warm median {milliseconds(statistics.median(district_timed))} ms ({len(peers)} peers)"
    )
    return build, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=5_000_000)
    args = parser.parse_args()
    # A directory of our own for the SQLite file (and the secret key), removed at the end.
    # A termination runs the clean-up too (the database is dropped, the directory removed).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    var_dir = tempfile.mkdtemp(prefix="cohesion-bench-")
    os.environ["COHESION_VAR_DIR"] = var_dir
    try:
        run(args.observations)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def run(target: int) -> None:
    with benchmark_database() as vendor:
        from django.db import connection
        from django.test import Client

        from cohesion.accounts.services import user_create
        from cohesion.statistics.models import Observation

        started = time.perf_counter()
        load_real_data()
        real = Observation.objects.count()
        elapsed = time.perf_counter() - started
        say(f"registry and demo statistics ({real:,} observations) in {elapsed:.1f} s")

        added, series, load_s = load_synthetic(target)
        observations = Observation.objects.count()
        say(
            f"synthetic load: {added:,} observations in {series} series in {load_s:.1f} s "
            f"({observations:,} in the table, {vendor})"
        )
        if vendor == "postgresql":
            # What autovacuum does shortly after such a load; measured on current statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        user = user_create(username="bench", password="bench-profile-page", language="de")  # noqa: S106
        client = Client(HTTP_HOST="localhost")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.cookies["cohesion_language"] = "de"
        cold, timed = measure_profiles(client)
        build, peer_timed = measure_peers()

        say(
            json.dumps(
                {
                    "benchmark": "profile_page",
                    "database": vendor,
                    "observations": observations,
                    "load_s": round(load_s, 1),
                    "profile_cold_ms": milliseconds(statistics.median(cold.values())),
                    "profile_median_ms": milliseconds(statistics.median(timed)),
                    "profile_p95_ms": milliseconds(p95(timed)),
                    "peer_matrix_build_ms": milliseconds(build),
                    "peer_query_median_ms": milliseconds(statistics.median(peer_timed)),
                    "peer_query_p95_ms": milliseconds(p95(peer_timed)),
                    "goal_profile_ms": 150,
                    "goal_peer_ms": 50,
                }
            )
        )


if __name__ == "__main__":
    main()
