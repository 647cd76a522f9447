"""Who is in the room, as other apps know it: a registry of room censuses (the invitations'
check-in registers one) that the balance panel asks before it falls back on the groups the
phones named. The phones undercount: naming a group is optional; the check-in counts everyone.
"""

from collections.abc import Callable, Mapping

# A census answers {stakeholder group: people} for a process, or None when it knows nothing.
RoomCensus = Callable[..., Mapping[str, int] | None]

_CENSUSES: dict[str, RoomCensus] = {}


def room_census_register(*, key: str, census: RoomCensus) -> None:
    _CENSUSES[key] = census


def room_census_unregister(*, key: str) -> None:
    _CENSUSES.pop(key, None)


def room_census(*, process) -> dict[str, int] | None:
    """The first registered census that counts anybody for this process, else None."""
    for census in _CENSUSES.values():
        counts = census(process=process)
        if counts and sum(counts.values()):
            return dict(counts)
    return None
