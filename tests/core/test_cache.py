"""The cache the rate limits count in, as configured without Redis: Django's database cache with
an increment that concurrent requests cannot lose (cohesion.core.cache). Several server worker
processes are played by several processes incrementing one count in the same database."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cohesion.core.cache import DatabaseCache

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
INCREMENTS = 300
TABLE = "test_shared_cache"

# Each process waits for the same moment to begin, so that their increments overlap (Django's
# own DatabaseCache loses about two thirds of them here).
COUNT = f"""
import os, time
import django
django.setup()
from django.core.cache import cache
cache.add("count", 0, 600)
time.sleep(max(0.0, float(os.environ["COUNT_FROM"]) - time.time()))
for _ in range({INCREMENTS}):
    cache.incr("count")
"""


def _database_url(tmp_path) -> str:
    """The database the worker processes share: a file for SQLite (the suite's own is in
    memory), the test database itself for PostgreSQL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_workers_incrementing_at_once_lose_no_count(transactional_db, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "cohesion.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "COHESION_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 50,
    }
    python = [sys.executable, "-c"]
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            *python,
            "import django; django.setup(); from django.core.management import "
            "call_command; call_command('createcachetable')",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    try:
        env["COUNT_FROM"] = str(time.time() + 5)
        workers = [
            subprocess.Popen([*python, COUNT], env=env, cwd=ROOT)  # noqa: S603
            for _ in range(PROCESSES)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0] * PROCESSES
        result = subprocess.run(  # noqa: S603
            [
                *python,
                "import django; django.setup(); from django.core.cache import cache; "
                "print(cache.get('count'))",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        assert int(result.stdout) == PROCESSES * INCREMENTS
    finally:
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS cohesion_cache")


@pytest.fixture
def database_cache(db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "cohesion.core.cache.DatabaseCache", "LOCATION": TABLE},
    }
    call_command("createcachetable", TABLE, verbosity=0)
    cache = caches["shared"]
    assert isinstance(cache, DatabaseCache)
    return cache


def test_a_missing_or_expired_count_is_not_incremented(database_cache):
    with pytest.raises(ValueError, match="not found"):
        database_cache.incr("never-set")
    database_cache.set("old", 3, 60)
    assert database_cache.incr("old", 2) == 5
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET expires = %s WHERE cache_key = %s",  # noqa: S608 - a constant
            [timezone.now() - timedelta(seconds=1), database_cache.make_key("old")],
        )
    with pytest.raises(ValueError, match="not found"):
        database_cache.incr("old")


def test_migrate_creates_the_cache_table_of_the_configured_cache(transactional_db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "cohesion.core.cache.DatabaseCache", "LOCATION": "migrated_cache"}
    }
    try:
        call_command("migrate", verbosity=0)
        assert "migrated_cache" in connection.introspection.table_names()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS migrated_cache")
