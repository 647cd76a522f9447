"""Settings for the test suite: the production settings, reached over plain HTTP."""

import os

os.environ.setdefault("HTTPS", "false")
# Recomputes run inside the request, so a test sees the map a vote leads to; the queue and its
# worker have their own tests (tests/opinions/test_tasks.py, the deployment recipe).
os.environ.setdefault("COHESION_TASKS", "immediate")

from cohesion.settings import *  # noqa: E402, F403

# Hashing with a fast algorithm keeps the suite quick; the production hasher is unchanged.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
