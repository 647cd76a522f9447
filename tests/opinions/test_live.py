"""The open opinion map hears of a fresh map by push: the recompute sends
``opinion_map.updated`` after it stores the map; without Redis, where the worker's event cannot
reach the web server, the web server's shared timer notices the stored map and sends the same
event. Through the real ASGI application and the configured channel layer."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from cohesion.core.consumers import CLOSE_FORBIDDEN
from cohesion.core.realtime import layer_crosses_processes
from cohesion.opinions.consumers import shared_watch
from cohesion.opinions.models import OpinionMapSnapshot, Vote
from cohesion.opinions.realtime import opinion_map_group_name, opinion_map_version
from cohesion.opinions.services import opinion_map_recompute
from tests.asgi import asgi_application
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory

pytestmark = [pytest.mark.realtime, pytest.mark.django_db(transaction=True)]

HEADERS = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]


def _conversation_with_votes():
    conversation = ConversationFactory(code="LIVE42")
    statements = StatementFactory.create_batch(4, conversation=conversation)
    people = ParticipantFactory.create_batch(8, conversation=conversation)
    Vote.objects.bulk_create(
        Vote(participant=person, statement=statement, value=1 if (i + j) % 2 else -1)
        for i, person in enumerate(people)
        for j, statement in enumerate(statements)
    )
    return conversation


def _map_socket(code: str):
    return WebsocketCommunicator(asgi_application(), f"/ws/c/{code}/map/", headers=HEADERS)


@pytest.mark.django_db  # in a test transaction, to hold the callbacks back
def test_the_recompute_sends_the_fresh_map_after_commit(django_capture_on_commit_callbacks):
    conversation = _conversation_with_votes()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(opinion_map_group_name(conversation.pk), channel)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        snapshot = opinion_map_recompute(conversation=conversation)
    assert len(callbacks) == 1  # nothing leaves before the map is stored
    callbacks[0]()
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {
        "type": "opinion_map.updated",
        "version": opinion_map_version(snapshot.computed_at),
        "computed": snapshot.computed_at.isoformat(),
    }


def test_an_open_map_gets_the_snapshot_then_the_push():
    conversation = _conversation_with_votes()
    first = opinion_map_recompute(conversation=conversation)

    async def scenario():
        communicator = _map_socket(conversation.code)
        assert (await communicator.connect())[0]
        snapshot = await communicator.receive_json_from(timeout=5)
        fresh = await database_sync_to_async(opinion_map_recompute)(conversation=conversation)
        pushed = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return snapshot, fresh, pushed

    snapshot, fresh, pushed = async_to_sync(scenario)()
    assert snapshot == {
        "type": "snapshot",
        "version": opinion_map_version(first.computed_at),
        "computed": first.computed_at.isoformat(),
        "pending": False,
    }
    assert pushed["type"] == "opinion_map.updated"
    assert pushed["version"] == opinion_map_version(fresh.computed_at) > snapshot["version"]


def test_an_unknown_code_is_turned_away():
    async def scenario():
        return await _map_socket("NOSUCH").connect()

    assert async_to_sync(scenario)() == (False, CLOSE_FORBIDDEN)


@pytest.mark.skipif(layer_crosses_processes(), reason="with Redis the worker pushes itself")
def test_without_redis_one_shared_timer_notices_the_workers_map(settings):
    """The worker stores the map in another process: here, a write to the table that sends
    nothing, as the worker's event on its own in-memory layer reaches no one here."""
    settings.OPINION_MAP_WATCH_SECONDS = 0.05
    conversation = _conversation_with_votes()
    opinion_map_recompute(conversation=conversation)

    def worker_stores_a_map():
        OpinionMapSnapshot.objects.filter(conversation=conversation).update(
            computed_at=timezone.now()
        )

    async def scenario():
        phones = [_map_socket(conversation.code) for _ in range(3)]
        for phone in phones:
            assert (await phone.connect())[0]
            await phone.receive_json_from(timeout=5)
        sharing = shared_watch.watching(conversation.pk)
        await database_sync_to_async(worker_stores_a_map)()
        pushed = [await phone.receive_json_from(timeout=5) for phone in phones]
        for phone in phones:
            await phone.disconnect()
        await asyncio.sleep(0)
        return sharing, pushed, shared_watch.watching(conversation.pk)

    sharing, pushed, after = async_to_sync(scenario)()
    assert sharing == 3  # three open maps, one timer
    assert after == 0  # the timer stops with the last map
    stored = OpinionMapSnapshot.objects.get(conversation=conversation)
    assert {message["version"] for message in pushed} == {opinion_map_version(stored.computed_at)}
    assert {message["type"] for message in pushed} == {"opinion_map.updated"}
