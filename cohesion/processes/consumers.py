"""Live updates of a process: browsers on a process page hear when its phase changes."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from cohesion.core.realtime import process_group_name
from cohesion.processes.selectors import process_get_visible

# Application close code for "not allowed" (4000-4999 are free for applications).
CLOSE_FORBIDDEN = 4403


@database_sync_to_async
def _may_view(user, pk: int) -> bool:
    try:
        process_get_visible(user=user, pk=pk)
    except Http404:
        return False
    return True


class ProcessConsumer(AsyncJsonWebsocketConsumer):
    group_name: str | None = None

    async def connect(self):
        pk = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await _may_view(self.scope["user"], pk):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group_name = process_group_name(pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    def _language(self) -> str:
        user = self.scope.get("user")
        cookies = self.scope.get("cookies", {})
        language = getattr(user, "language", "") or cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _name in settings.LANGUAGES}
        return language if language in codes else settings.LANGUAGE_CODE

    async def _send_error(self, message_id: str) -> None:
        with translation.override(self._language()):
            messages = {
                "invalid": _('This message could not be read: send JSON such as {"type": "ping"}.'),
                "unknown": _("Unknown message type. This channel only answers “ping”."),
            }
            await self.send_json({"type": "error", "message": messages[message_id]})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except (TypeError, ValueError):
            await self._send_error("invalid")
            return
        if not isinstance(content, dict):
            await self._send_error("invalid")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self._send_error("unknown")

    async def phase_changed(self, event):
        await self.send_json({"type": "phase.changed", "phase": event["phase"]})
