"""A database of its own for a benchmark: SQLite in a temporary directory, or, when
DATABASE_URL names a PostgreSQL server, a database created for the run and dropped after it."""

import contextlib
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@contextlib.contextmanager
def benchmark_database():
    """Sets Django up on a fresh, migrated database and yields its vendor name."""
    if "COHESION_VAR_DIR" not in os.environ:  # only then a directory of our own
        os.environ["COHESION_VAR_DIR"] = tempfile.mkdtemp(prefix="cohesion-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cohesion.settings"
    server_url = os.environ.get("DATABASE_URL", "")
    database = base = None
    if server_url.startswith("postgres"):
        import psycopg

        database = f"cohesion_bench_{secrets.token_hex(4)}"
        base = server_url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"{base}/{database}"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        yield connection.vendor
    finally:
        if database:
            connection.close()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
