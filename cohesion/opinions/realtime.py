"""The opinion map's live view: the event sent when a fresh map is stored, and its version.

The version is the moment the map was stored (in microseconds): of two recomputes, the one that
read the votes later is kept, so versions only grow."""

from datetime import datetime

from cohesion.core.realtime import event_type

OPINION_MAP_UPDATED = event_type("opinion_map.updated", "computed")


def opinion_map_group_name(conversation_id: int) -> str:
    return f"opinion_map.{conversation_id}"


def opinion_map_version(computed_at: datetime | None) -> int:
    return int(computed_at.timestamp() * 1_000_000) if computed_at else 0
