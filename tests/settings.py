"""Settings for the test suite: the production settings, reached over plain HTTP."""

import os

os.environ.setdefault("HTTPS", "false")
# Recomputes run inside the request, so a test sees the map a vote leads to; the queue and its
# worker have their own tests (tests/opinions/test_tasks.py, the deployment recipe).
os.environ.setdefault("COHESION_TASKS", "immediate")

from cohesion.settings import *  # noqa: E402, F403

# Hashing with a fast algorithm keeps the suite quick; the production hasher is unchanged.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One process runs the suite, so a memory cache is shared by everything it serves; an autouse
# fixture empties it before each test (tests/conftest.py), so no test inherits another's rate
# limit counts. The production cache (cohesion.core.cache.DatabaseCache) has its own tests in
# tests/core/test_cache.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405

# The suite collects the static files (hashed names, as in production) into a folder of its own
# at the start of each run (tests/conftest.py), never relying on what an earlier run left.
