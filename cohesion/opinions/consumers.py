"""The open opinion map's websocket: a snapshot with its version on connect, then an
``opinion_map.updated`` event whenever a fresh map is stored.

The map is drawn by the background worker, a process of its own. With Redis the worker's event
reaches the web server's consumers through the layer. The in-memory layer (the embedded set-up
without Redis) lives inside one process, so there the web process watches for itself: one timer
per conversation, shared by every open map of that conversation in this process, reads the
stored map's version (one small query) and sends the event when it changed. A hundred phones
on one map cost one query every OPINION_MAP_WATCH_SECONDS, not a hundred.
"""

import asyncio

from channels.db import database_sync_to_async
from django.conf import settings

from cohesion.core.consumers import LiveConsumer
from cohesion.core.realtime import LAYER_MESSAGE_TYPE, event_build, layer_crosses_processes
from cohesion.opinions.realtime import (
    OPINION_MAP_UPDATED,
    opinion_map_group_name,
    opinion_map_version,
)
from cohesion.opinions.selectors import conversation_find_by_code, map_status_of


def _status(conversation_id: int) -> dict:
    from cohesion.opinions.models import Conversation

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return {"version": 0, "computed": "", "pending": False}
    status = map_status_of(conversation=conversation)
    return {
        "version": opinion_map_version(status.computed_at),
        "computed": status.computed_at.isoformat() if status.computed_at else "",
        "pending": status.pending,
    }


@database_sync_to_async
def _conversation_id(code: str) -> int | None:
    conversation = conversation_find_by_code(code=code)
    return None if conversation is None else conversation.pk


class _SharedWatch:
    """One watching task per event loop and conversation, counted by the consumers using it."""

    def __init__(self):
        self._tasks: dict[tuple[int, int], tuple[asyncio.Task, int]] = {}

    def join(self, layer, conversation_id: int, version: int) -> None:
        key = (id(asyncio.get_running_loop()), conversation_id)
        task, count = self._tasks.get(key, (None, 0))
        if task is None or task.done():
            task = asyncio.ensure_future(self._watch(layer, conversation_id, version))
        self._tasks[key] = (task, count + 1)

    def leave(self, conversation_id: int) -> None:
        key = (id(asyncio.get_running_loop()), conversation_id)
        task, count = self._tasks.get(key, (None, 0))
        if task is None:
            return
        if count <= 1:
            task.cancel()
            del self._tasks[key]
        else:
            self._tasks[key] = (task, count - 1)

    def watching(self, conversation_id: int) -> int:
        """How many consumers of this loop share the conversation's timer (for tests)."""
        key = (id(asyncio.get_running_loop()), conversation_id)
        return self._tasks.get(key, (None, 0))[1]

    async def _watch(self, layer, conversation_id: int, version: int) -> None:
        group = opinion_map_group_name(conversation_id)
        while True:
            await asyncio.sleep(settings.OPINION_MAP_WATCH_SECONDS)
            status = await database_sync_to_async(_status)(conversation_id)
            if status["version"] != version:
                version = status["version"]
                event = event_build(
                    OPINION_MAP_UPDATED, version=version, computed=status["computed"]
                )
                await layer.group_send(group, {"type": LAYER_MESSAGE_TYPE, "event": event})


shared_watch = _SharedWatch()


class OpinionMapConsumer(LiveConsumer):
    conversation_id: int | None = None
    watches = False

    async def authorise(self) -> str | None:
        # The map is public to whoever has the code, as the map page is.
        self.conversation_id = await _conversation_id(self.scope["url_route"]["kwargs"]["code"])
        if self.conversation_id is None:
            return None
        return opinion_map_group_name(self.conversation_id)

    async def snapshot(self) -> dict:
        return await database_sync_to_async(_status)(self.conversation_id)

    async def send_snapshot(self) -> None:
        status = await self.snapshot()
        await self.send_json({"type": "snapshot", **status})
        if not self.watches and not layer_crosses_processes():
            self.watches = True
            shared_watch.join(self.channel_layer, self.conversation_id, status["version"])

    async def disconnect(self, code):
        if self.watches:
            shared_watch.leave(self.conversation_id)
            self.watches = False
        await super().disconnect(code)
