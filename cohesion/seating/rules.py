"""Who seats the workshop's people: whoever edits the first workshop day's phase
(``processes.change_phase``: moderators while the day is not done, the coordinator, programme
managers). The object is a Process."""

import rules

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase

SEATING_PHASE = "workshop-day-1"


@rules.predicate
def edits_the_first_workshop_day(user, process) -> bool:
    return user.has_perm(
        "processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG[SEATING_PHASE])
    )


rules.add_perm("seating.change_seating", edits_the_first_workshop_day)
