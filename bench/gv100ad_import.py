"""Import of the 2025 GV100AD edition (10,953 municipalities, 400 districts, 16 Länder).

Runs against a fresh SQLite database in a temporary directory, or against the database that
DATABASE_URL names (a PostgreSQL database is created and dropped for the run). Each run imports
into an empty registry, then once more over the full one; prints one JSON line with the medians.

    .venv/bin/python bench/gv100ad_import.py [--runs 5]
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("COHESION_VAR_DIR", tempfile.mkdtemp(prefix="cohesion-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cohesion.settings"
    server_url = os.environ.get("DATABASE_URL", "")
    database = None
    if server_url.startswith("postgres"):
        import psycopg

        database = f"cohesion_bench_{secrets.token_hex(4)}"
        base = server_url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"{base}/{database}"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cohesion.municipalities.models import Municipality, PopulationRecord
    from cohesion.municipalities.services import registry_import_gv100ad

    try:
        call_command("migrate", verbosity=0)
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
                    "database": connection.vendor,
                    "entries": Municipality.objects.count(),
                    "runs": args.runs,
                    "import_into_empty_s": round(statistics.median(empty), 3),
                    "reimport_s": round(statistics.median(full), 3),
                    "goal_s": 5,
                }
            )
        )
    finally:
        if database:
            connection.close()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
