"""The workshop's live events.

Phones hear ``workshop.changed`` only: the item on the screen, its state, the timer. Votes never
reach them. The console and the presenter screen also hear ``workshop.answered`` for every stored
answer, and each of those screens coalesces them into at most RESULTS_PUSH_SECONDS-spaced
counts, read from the database (consumers.py): a room of a thousand voting at once costs each
screen a few counts a second, not a thousand messages."""

import asyncio
import time

from channels.layers import get_channel_layer

from cohesion.core.realtime import LAYER_MESSAGE_TYPE, broadcast, event_build, event_type

WORKSHOP_CHANGED = event_type("workshop.changed", "item", "state")
WORKSHOP_ANSWERED = event_type("workshop.answered", "item")
# --- cards ---
# A card written, moderated, typed in or deleted, or an upvote: screens only, coalesced as answers.
WORKSHOP_CARDED = event_type("workshop.carded", "item")

RESULTS_PUSH_SECONDS = 0.25


def room_group_name(workshop_id: int) -> str:
    """Every phone, the presenter and the console."""
    return f"workshop.{workshop_id}"


def screens_group_name(workshop_id: int) -> str:
    """The presenter screen and the console: they show counts."""
    return f"workshop.{workshop_id}.screens"


class _AnsweredSignal:
    """``workshop.answered`` for the screens, at most once per RESULTS_PUSH_SECONDS and item
    from this process: a room answering at once would otherwise send a message per answer
    through the layer (and from a thread, each a trip to the event loop). The first answer of a
    quiet item goes at once; later ones within the window go together at its end.

    The process's event loop is known once a consumer has connected here (``bind``); a process
    without one (a command, the HTTP fallback before any websocket) sends at once."""

    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_sent: dict[tuple[int, int], float] = {}
        self._waiting: set[tuple[int, int]] = set()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._loop is not loop:
            self._loop = loop
            self._last_sent.clear()
            self._waiting.clear()

    def __call__(self, *, workshop_id: int, item_id: int) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            self._send_now(workshop_id, item_id)
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._note((workshop_id, item_id))
        else:
            loop.call_soon_threadsafe(self._note, (workshop_id, item_id))

    def _note(self, key: tuple[int, int]) -> None:
        if key in self._waiting:
            return
        now = time.monotonic()
        wait = self._last_sent.get(key, 0.0) + RESULTS_PUSH_SECONDS - now
        if wait <= 0:
            self._send(key)
        else:
            self._waiting.add(key)
            self._loop.call_later(wait, self._send, key)

    def _send(self, key: tuple[int, int]) -> None:
        self._waiting.discard(key)
        self._last_sent[key] = time.monotonic()
        if len(self._last_sent) > 1000:  # items long finished
            oldest = sorted(self._last_sent, key=self._last_sent.get)[:500]
            for stale in oldest:
                self._last_sent.pop(stale, None)
        workshop_id, item_id = key
        layer = get_channel_layer()
        if layer is not None:
            message = {"type": LAYER_MESSAGE_TYPE, "event": _answered(item_id)}
            asyncio.ensure_future(layer.group_send(screens_group_name(workshop_id), message))

    @staticmethod
    def _send_now(workshop_id: int, item_id: int) -> None:
        broadcast(group=screens_group_name(workshop_id), event=_answered(item_id))


def _answered(item_id: int) -> dict:
    return event_build(WORKSHOP_ANSWERED, version=0, item=item_id)


answered_signal = _AnsweredSignal()
