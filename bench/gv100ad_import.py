"""Import of the 2025 GV100AD edition (10,953 municipalities, 400 districts, 16 Länder).

Runs against a fresh SQLite database in a temporary directory, or against the database that
DATABASE_URL names (a PostgreSQL database is created and dropped for the run). Each run imports
into an empty registry, then once more over the full one; prints one JSON line with the medians.

    .venv/bin/python bench/gv100ad_import.py [--runs 5]
"""

import argparse
import json
import statistics
import time

from _database import benchmark_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with benchmark_database() as vendor:
        from cohesion.municipalities.models import Municipality, PopulationRecord
        from cohesion.municipalities.services import registry_import_gv100ad

        empty, full = [], []
        for _ in range(args.runs):
            PopulationRecord.objects.all().delete()
            Municipality.objects.all().delete()
            started = time.perf_counter()
            registry_import_gv100ad()
            empty.append(time.perf_counter() - started)
            started = time.perf_counter()
            registry_import_gv100ad()
            full.append(time.perf_counter() - started)
        print(  # noqa: T201 - the benchmark's output
            json.dumps(
                {
                    "benchmark": "GV100AD 2025 import",
                    "database": vendor,
                    "entries": Municipality.objects.count(),
                    "runs": args.runs,
                    "import_into_empty_s": round(statistics.median(empty), 3),
                    "reimport_s": round(statistics.median(full), 3),
                    "goal_s": 5,
                }
            )
        )


if __name__ == "__main__":
    main()
