"""Settings for the test suite: the production settings, reached over plain HTTP."""

import os

os.environ.setdefault("HTTPS", "false")

from cohesion.settings import *  # noqa: E402, F403

# Hashing with a fast algorithm keeps the suite quick; the production hasher is unchanged.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
