"""Settings for the test suite: the production settings, reached over plain HTTP."""

import os

os.environ.setdefault("HTTPS", "false")
# Recomputes run inside the request, so a test sees the map a vote leads to; the queue and its
# worker have their own tests (tests/opinions/test_tasks.py, the deployment recipe).
os.environ.setdefault("COHESION_TASKS", "immediate")

from cohesion.settings import *  # noqa: E402, F403

# Hashing with a fast algorithm keeps the suite quick; the production hasher is unchanged.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Memory caches, as the rate limits' in production without Redis, even when a test run has
# REDIS_URL set. Both share one store, so that the autouse fixture that empties the default cache
# before each test (tests/conftest.py) leaves no test another's rate limit counts.
_memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
CACHES = {"default": _memory, "ratelimits": _memory}

# The suite collects the static files (hashed names, as in production) into a folder of its own
# at the start of each run (tests/conftest.py), never relying on what an earlier run left.

# SQLite tests run in a database in memory, one per test process: named here, since the parallel
# runner would otherwise append its worker's name to the file name of the development database.
if DATABASES["default"]["ENGINE"] == "cohesion.core.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
