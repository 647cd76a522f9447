"""The base of every live view's websocket: it authorises, sends the snapshot with its version,
forwards the declared events, and reads what clients send defensively.

A client message is bounded before it is parsed: its size, its JSON nesting depth (json.loads
recurses, so a deeply nested message would raise RecursionError inside the server) and the
number of messages per connection and time window. Bad input gets an error message in the
connection's language; the connection stays open unless it floods. Client writes go through
``handlers``, each of which calls a service (in a thread, ``database_sync_to_async``): the
consumer itself holds no logic.
"""

import json
import time

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

# Application close codes (4000-4999 are free for applications).
CLOSE_FORBIDDEN = 4403
CLOSE_FLOOD = 4429

MAX_MESSAGE_CHARS = 4096
MAX_JSON_DEPTH = 8
# At most RATE_MESSAGES per RATE_WINDOW_SECONDS per connection; beyond twice that, the
# connection is closed (a client in a loop, not a person).
RATE_MESSAGES = 20
RATE_WINDOW_SECONDS = 10.0


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether the JSON text nests arrays or objects deeper than ``limit``, in one linear pass
    that never recurses (brackets inside strings do not count)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _error_messages() -> dict[str, str]:
    return {
        "invalid": _('This message could not be read: send JSON such as {"type": "ping"}.'),
        "too_large": _("This message is too long. Nothing was done."),
        "too_deep": _("This message is nested too deeply. Nothing was done."),
        "too_many": _("Too many messages in a short time. Wait a moment and try again."),
        "unknown": _("Unknown message type. Nothing was done."),
    }


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Subclasses say who may watch (``authorise``, returning the group or None), what the
    current state is (``snapshot``, a dict with a ``version``) and which client messages they
    accept (``handlers``: type → method name)."""

    handlers: dict[str, str] = {}
    group_name: str | None = None

    async def authorise(self) -> str | None:
        raise NotImplementedError

    async def snapshot(self) -> dict:
        raise NotImplementedError

    async def connect(self):
        self._sent_at: list[float] = []
        group = await self.authorise()
        if group is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group_name = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_snapshot()

    async def disconnect(self, code):
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def send_snapshot(self) -> None:
        await self.send_json({"type": "snapshot", **await self.snapshot()})

    async def realtime_event(self, message):
        await self.send_json(message["event"])

    def _language(self) -> str:
        user = self.scope.get("user")
        cookies = self.scope.get("cookies", {})
        language = getattr(user, "language", "") or cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _name in settings.LANGUAGES}
        return language if language in codes else settings.LANGUAGE_CODE

    async def send_error(self, code: str) -> None:
        with translation.override(self._language()):
            message = _error_messages()[code]
        await self.send_json({"type": "error", "code": code, "message": message})

    def _over_rate(self) -> int:
        """How many messages this connection sent within the window, this one included."""
        now = time.monotonic()
        self._sent_at = [at for at in self._sent_at if now - at < RATE_WINDOW_SECONDS]
        self._sent_at.append(now)
        return len(self._sent_at)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        count = self._over_rate()
        if count > 2 * RATE_MESSAGES:
            await self.close(code=CLOSE_FLOOD)
            return
        if count > RATE_MESSAGES:
            await self.send_error("too_many")
            return
        text = text_data if text_data is not None else ""
        if bytes_data is not None or len(text) > MAX_MESSAGE_CHARS:
            await self.send_error("too_large" if len(text) > MAX_MESSAGE_CHARS else "invalid")
            return
        if json_depth_exceeds(text, MAX_JSON_DEPTH):
            await self.send_error("too_deep")
            return
        try:
            content = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            await self.send_error("invalid")
            return
        if not isinstance(content, dict):
            await self.send_error("invalid")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "resync":
            await self.send_snapshot()
        elif isinstance(kind, str) and kind in self.handlers:
            await getattr(self, self.handlers[kind])(content)
        else:
            await self.send_error("unknown")
