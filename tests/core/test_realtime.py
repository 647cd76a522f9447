"""The realtime foundation: declared events, sending after commit, and the consumer base that
reads client messages defensively (size, nesting depth, rate), through the real ASGI
application and the configured channel layer (in memory, or Redis when REDIS_URL is set)."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.utils import translation

from cohesion.core.consumers import (
    CLOSE_FLOOD,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_CHARS,
    RATE_MESSAGES,
    json_depth_exceeds,
)
from cohesion.core.realtime import (
    broadcast_on_commit,
    event_build,
    event_type,
    event_types,
)
from tests.asgi import asgi_application
from tests.processes.test_consumers import _headers

pytestmark = pytest.mark.realtime

TEST_EVENT = event_type("test.happened", "what")


def test_events_are_declared_once_with_their_fields():
    assert "phase.changed" in {declared.name for declared in event_types()}
    assert "opinion_map.updated" in {declared.name for declared in event_types()}
    assert event_build(TEST_EVENT, what="x", version=3) == {
        "type": "test.happened",
        "what": "x",
        "version": 3,
    }
    with pytest.raises(ValueError, match="takes"):
        event_build(TEST_EVENT, what="x")  # every event carries its version
    with pytest.raises(ValueError, match="takes"):
        event_build(TEST_EVENT, what="x", version=1, secret="y")
    with pytest.raises(ValueError, match="declared twice"):
        event_type("test.happened", "other")


def _listening():
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("test.group", channel)
    return layer, channel


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():
    layer, channel = _listening()
    with pytest.raises(RuntimeError), transaction.atomic():
        broadcast_on_commit(
            group="test.group", event=event_build(TEST_EVENT, what="lost", version=1)
        )
        raise RuntimeError
    with transaction.atomic():
        broadcast_on_commit(
            group="test.group", event=event_build(TEST_EVENT, what="kept", version=2)
        )
    message = async_to_sync(layer.receive)(channel)
    assert message["event"]["what"] == "kept"  # the rolled-back event never left


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ('{"type": "ping"}', False),
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), True),
        ('{"text": "' + "[" * 100 + '"}', False),  # brackets inside a string do not count
        ('{"text": "\\"' + "[" * 100 + '"}', False),  # nor after an escaped quote
    ],
)
def test_json_depth_is_measured_without_recursion(text, deep):
    assert json_depth_exceeds(text, MAX_JSON_DEPTH) is deep


def _connector(world):
    """Builds the communicator inside the test's event loop, from headers made outside it."""
    headers = _headers(world.coordinator)
    path = f"/ws/processes/{world.kerpen_process.pk}/"
    return lambda: WebsocketCommunicator(asgi_application(), path, headers=headers)


@pytest.mark.django_db(transaction=True)
def test_a_100000_deep_message_is_answered_not_raised(world):
    world.coordinator.language = "de"
    world.coordinator.save()

    connect = _connector(world)

    async def scenario():
        communicator = connect()
        assert (await communicator.connect())[0]
        await communicator.receive_json_from(timeout=5)  # the snapshot
        # Shorter than the size limit would let through, were it not for the depth limit.
        await communicator.send_to(text_data="[" * 2000)
        deep = await communicator.receive_json_from(timeout=5)
        await communicator.send_to(text_data="[" * 100_000 + "]" * 100_000)
        huge = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"type": "ping"})  # the connection still works
        pong = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return deep, huge, pong

    deep, huge, pong = async_to_sync(scenario)()
    assert (deep["type"], deep["code"]) == ("error", "too_deep")
    with translation.override("de"):
        assert deep["message"] == translation.gettext(
            "This message is nested too deeply. Nothing was done."
        )
    assert (huge["type"], huge["code"]) == ("error", "too_large")
    assert pong == {"type": "pong"}


@pytest.mark.django_db(transaction=True)
def test_an_oversize_message_and_binary_frames_are_refused(world):
    connect = _connector(world)

    async def scenario():
        communicator = connect()
        assert (await communicator.connect())[0]
        await communicator.receive_json_from(timeout=5)
        await communicator.send_to(
            text_data='{"type": "ping", "x": "' + "a" * MAX_MESSAGE_CHARS + '"}'
        )
        oversize = await communicator.receive_json_from(timeout=5)
        await communicator.send_to(bytes_data=b"\x00\x01")
        binary = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return oversize, binary

    oversize, binary = async_to_sync(scenario)()
    assert oversize["code"] == "too_large"
    assert binary["code"] == "invalid"


@pytest.mark.django_db(transaction=True)
def test_a_flood_is_slowed_then_closed(world):
    connect = _connector(world)

    async def scenario():
        communicator = connect()
        assert (await communicator.connect())[0]
        await communicator.receive_json_from(timeout=5)
        answers = []
        for _ in range(RATE_MESSAGES + 1):
            await communicator.send_json_to({"type": "ping"})
            answers.append(await communicator.receive_json_from(timeout=5))
        for _ in range(RATE_MESSAGES):
            await communicator.send_json_to({"type": "ping"})
        output = [await communicator.receive_output(timeout=5) for _ in range(RATE_MESSAGES)]
        return answers, output

    answers, output = async_to_sync(scenario)()
    assert answers[:RATE_MESSAGES] == [{"type": "pong"}] * RATE_MESSAGES
    assert answers[-1]["code"] == "too_many"
    assert output[-1] == {"type": "websocket.close", "code": CLOSE_FLOOD}


@pytest.mark.django_db(transaction=True)
def test_a_client_asks_for_a_fresh_snapshot(world):
    connect = _connector(world)

    async def scenario():
        communicator = connect()
        assert (await communicator.connect())[0]
        first = await communicator.receive_json_from(timeout=5)
        await communicator.send_json_to({"type": "resync"})
        again = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return first, again

    first, again = async_to_sync(scenario)()
    assert first == again == {"type": "snapshot", "phase": "commitment", "version": 0}
