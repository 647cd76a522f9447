import secrets

import pytest
from django.core.cache import cache

from cohesion.participation.devices import COOKIE_NAME, device_hash


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


class Device:
    """A participant's phone: its token, and a test client that carries its cookie."""

    def __init__(self, client_class):
        self.token = secrets.token_urlsafe(32)
        self.hash = device_hash(self.token)
        self.client = client_class()
        self.client.cookies[COOKIE_NAME] = self.token


@pytest.fixture
def device(db, client):
    return lambda: Device(type(client))
