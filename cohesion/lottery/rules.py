"""Who draws the lottery and sees its results: whoever edits the process's preparation phase
(``processes.change_phase``: its moderators while it is open, the coordinator, programme
managers). The object is the process."""

import rules

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase


@rules.predicate
def edits_preparation(user, process) -> bool:
    if process is None:
        return False
    return user.has_perm(
        "processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG["preparation"])
    )


rules.add_perm("lottery.draw_lottery", edits_preparation)
