"""The check-in as the live workshop's census of the room: the balance panel counts the people
checked in by target group, through the workshop's room registry (workshops/room.py)."""

from cohesion.invitations.selectors import attendance_by_target_group
from cohesion.workshops.room import room_census_register


def checked_in_census(*, process) -> dict[str, int] | None:
    counts = attendance_by_target_group(process=process)
    return counts or None


def census_register() -> None:
    """Register with the workshop's room registry."""
    room_census_register(key="invitations.check_in", census=checked_in_census)
