"""Push events to the browsers watching an object, through the configured channel layer.

Every event type is declared once, with its payload fields (``event_type``), by the app that
sends it, at import time of its realtime module. Services send them with ``broadcast_on_commit``
inside their transaction: the event leaves only when the change is stored, so no browser hears
of a change that was rolled back (as Zulip's ``send_event_on_commit``).

Every live view is a snapshot plus a version: the page (and the consumer, on connect) carries the
version it shows, every event carries the version it leads to, and a client that sees a gap, or
reconnects, takes a fresh snapshot instead of patching.
"""

from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

# What consumers receive from the layer: one handler (``realtime_event``) forwards any declared
# event, so a new event type needs no new consumer method.
LAYER_MESSAGE_TYPE = "realtime.event"


@dataclass(frozen=True)
class EventType:
    name: str  # "<thing>.<happened>", e.g. "phase.changed"
    fields: frozenset[str]  # payload fields besides "type"; "version" is always one of them


_EVENT_TYPES: dict[str, EventType] = {}


def event_type(name: str, *fields: str) -> EventType:
    """Declare an event type and its payload fields; every event carries a version."""
    declared = EventType(name=name, fields=frozenset({"version", *fields}))
    known = _EVENT_TYPES.get(name)
    if known is not None and known != declared:
        raise ValueError(f"event type {name!r} is declared twice")
    _EVENT_TYPES[name] = declared
    return declared


def event_types() -> list[EventType]:
    return sorted(_EVENT_TYPES.values(), key=lambda declared: declared.name)


def event_build(kind: EventType, **payload) -> dict:
    """The event as sent to the browsers; a payload that differs from the declaration is a
    programming error, caught here rather than in a browser."""
    if _EVENT_TYPES.get(kind.name) != kind:
        raise ValueError(f"undeclared event type {kind.name!r}")
    if set(payload) != kind.fields:
        raise ValueError(
            f"event {kind.name!r} takes {sorted(kind.fields)}, was given {sorted(payload)}"
        )
    return {"type": kind.name, **payload}


def process_group_name(process_id: int) -> str:
    return f"process.{process_id}"


def layer_crosses_processes() -> bool:
    """Whether an event sent by one process (the background worker) reaches the consumers of
    another (the web server): only through Redis; the in-memory layer lives in one process."""
    return bool(getattr(settings, "REDIS_URL", ""))


def broadcast(*, group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": LAYER_MESSAGE_TYPE, "event": event})


def broadcast_on_commit(*, group: str, event: dict) -> None:
    """Send the event once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: broadcast(group=group, event=event))
