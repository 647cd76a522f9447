"""Who runs a workshop and who changes it, composed from the phase editors and the helpers.

Objects are a Workshop (either of its days), a WorkshopDay or an Item (the day it belongs to):

- ``workshops.change_workshop``, the agenda (days, items, the helpers list, exports): whoever
  edits the workshop day's phase (``processes.change_phase``: moderators while the day is not
  done, the coordinator, programme managers); for a Workshop, either day's phase;
- ``workshops.run_workshop``, the console (open, lock, reveal, close, timer, next; moderating
  and translating cards; the presenter screen): the same people, and the workshop's helpers
  (co-moderators and interpreters named on the agenda page, any active account).

The table is tested in tests/workshops/test_helpers.py.
"""

import rules

from cohesion.accounts.models import Role
from cohesion.accounts.predicates import has_role
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase


def _workshop_id(obj) -> int | None:
    from cohesion.workshops.models import Item, Workshop, WorkshopDay

    if isinstance(obj, Workshop):
        return obj.pk
    if isinstance(obj, Item | WorkshopDay):
        return obj.workshop_id
    return None


def _phases_of(obj) -> list[ProcessPhase]:
    """The phases whose editors change the object: a day's (an item's day's), or a workshop's
    two days'."""
    from cohesion.workshops.models import WORKSHOP_PHASES, Item, Workshop, WorkshopDay

    if isinstance(obj, Workshop):
        process = obj.process
        return [ProcessPhase(process, PHASES_BY_SLUG[slug]) for slug, _label in WORKSHOP_PHASES]
    if isinstance(obj, Item):
        day = obj.day
        day.workshop = obj.workshop
        obj = day
    if isinstance(obj, WorkshopDay):
        return [ProcessPhase(obj.workshop.process, PHASES_BY_SLUG[obj.phase_slug])]
    return []


@rules.predicate
def edits_workshop_day(user, obj) -> bool:
    """The user edits the phase of the object's day (of either day, for a workshop)."""
    return any(user.has_perm("processes.change_phase", phase) for phase in _phases_of(obj))


@rules.predicate
def is_workshop_helper(user, obj) -> bool:
    """The user is an active account the workshop names among its helpers."""
    from cohesion.workshops.models import Workshop

    workshop_id = _workshop_id(obj)
    if workshop_id is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    return Workshop.helpers.through.objects.filter(
        workshop_id=workshop_id, user_id=user.pk
    ).exists()


rules.add_perm("workshops.change_workshop", edits_workshop_day)
# The municipality's helpers and interpreters (the role) run its workshops' console as well.
rules.add_perm(
    "workshops.run_workshop", edits_workshop_day | is_workshop_helper | has_role(Role.HELPER)
)
