"""Who prepares the room and who checks people in. Objects are a Process.

- ``invitations.prepare_room`` (the quota table, the gap view, invitations, letters): whoever
  edits the preparation phase or the first workshop day (``processes.change_phase``: moderators
  while those phases are not done, the coordinator, programme managers). Late invitations are
  usual, so the first day's editors keep the list.
- ``invitations.check_in`` (the check-in on the day): the first workshop day's editors, the
  municipality's helpers and interpreters (role HELPER), and the helpers the workshop names.

Anonymous invitees act through their invitation's key, never through a permission.
"""

import rules

from cohesion.accounts.models import Role
from cohesion.accounts.predicates import has_role
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase
from cohesion.workshops.selectors import workshop_of_process

PREPARING_PHASES = ("preparation", "workshop-day-1")


def _edits(user, process, slug: str) -> bool:
    return user.has_perm("processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG[slug]))


@rules.predicate
def prepares_the_room(user, process) -> bool:
    return any(_edits(user, process, slug) for slug in PREPARING_PHASES)


@rules.predicate
def edits_the_first_day(user, process) -> bool:
    return _edits(user, process, "workshop-day-1")


@rules.predicate
def helps_at_the_workshop(user, process) -> bool:
    """A helper the process's workshop names (read through the workshops' selectors)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    workshop = workshop_of_process(process=process)
    return workshop is not None and user.has_perm("workshops.run_workshop", workshop)


rules.add_perm("invitations.prepare_room", prepares_the_room)
rules.add_perm(
    "invitations.check_in",
    edits_the_first_day | has_role(Role.HELPER) | helps_at_the_workshop,
)
