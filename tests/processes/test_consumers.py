"""Live updates over websockets, through the real ASGI application (routing, origin check, session
authentication) and the configured channel layer: in memory, or Redis when REDIS_URL is set."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from cohesion.processes.consumers import CLOSE_FORBIDDEN
from cohesion.processes.services import process_advance
from tests.asgi import asgi_application
from tests.factories import CommitmentFactory

pytestmark = [pytest.mark.realtime, pytest.mark.django_db(transaction=True)]


def _headers(user=None, *, origin="http://127.0.0.1", language=None):
    cookies = []
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    if language:
        cookies.append(f"{settings.LANGUAGE_COOKIE_NAME}={language}")
    headers = [(b"origin", origin.encode()), (b"host", b"127.0.0.1")]
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    return headers


def _communicator(process, headers):
    return WebsocketCommunicator(
        asgi_application(), f"/ws/processes/{process.pk}/", headers=headers
    )


def test_the_channel_layer_follows_the_settings():
    layer = get_channel_layer()
    expected = "RedisChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected


def test_people_on_the_process_hear_when_the_phase_changes(world):
    CommitmentFactory(process=world.kerpen_process)  # the commitment gate lets it move on
    headers = _headers(world.moderator)

    async def scenario():
        communicator = _communicator(world.kerpen_process, headers)
        connected, _ = await communicator.connect()
        assert connected
        snapshot = await communicator.receive_json_from(timeout=5)
        assert snapshot == {"type": "snapshot", "phase": "commitment", "version": 0}
        await database_sync_to_async(process_advance)(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
        )
        message = await communicator.receive_json_from(timeout=5)
        assert message == {"type": "phase.changed", "phase": "preparation", "version": 1}
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.parametrize("role", ["anonymous", "other_coordinator", "outsider"])
def test_people_without_a_role_there_are_turned_away(world, role):
    headers = _headers(world.by_role(role))

    async def scenario():
        communicator = _communicator(world.kerpen_process, headers)
        connected, code = await communicator.connect()
        assert (connected, code) == (False, CLOSE_FORBIDDEN)

    async_to_sync(scenario)()


def test_a_foreign_origin_is_turned_away(world):
    headers = _headers(world.coordinator, origin="https://evil.example")

    async def scenario():
        connected, _ = await _communicator(world.kerpen_process, headers).connect()
        assert not connected

    async_to_sync(scenario)()


def test_bad_messages_get_a_clear_answer_in_the_persons_language(world):
    world.coordinator.language = "de"
    world.coordinator.save()
    headers = _headers(world.coordinator)

    async def scenario():
        communicator = _communicator(world.kerpen_process, headers)
        assert (await communicator.connect())[0]
        assert (await communicator.receive_json_from(timeout=5))["type"] == "snapshot"
        await communicator.send_to(text_data="this is not json")
        answer = await communicator.receive_json_from(timeout=5)
        assert answer["type"] == "error" and "JSON" in answer["message"]
        await communicator.send_json_to(["a", "list"])
        assert (await communicator.receive_json_from(timeout=5))["type"] == "error"
        await communicator.send_json_to({"type": "dance"})
        unknown = await communicator.receive_json_from(timeout=5)
        assert unknown["type"] == "error" and unknown["code"] == "unknown"
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}
        await communicator.disconnect()
        return unknown["message"]

    german = async_to_sync(scenario)()
    from django.utils import translation

    with translation.override("de"):
        assert german == translation.gettext("Unknown message type. Nothing was done.")


@pytest.mark.parametrize("path", ["/ws/processes/0/", "/ws/processes/abc/", "/ws/nowhere/"])
def test_unknown_addresses_are_closed_cleanly(world, path):
    from cohesion.routing import CLOSE_NOT_FOUND

    headers = _headers(world.coordinator)
    expected = CLOSE_FORBIDDEN if path == "/ws/processes/0/" else CLOSE_NOT_FOUND

    async def scenario():
        communicator = WebsocketCommunicator(asgi_application(), path, headers=headers)
        assert await communicator.connect() == (False, expected)

    async_to_sync(scenario)()
