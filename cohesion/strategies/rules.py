"""Who reads and who shapes a process's strategy, composed from the phase editors.

Objects are a Process, a Strategy or anything in it (a field of action, goal, measure,
milestone, indicator or actual value: each names its strategy):

- ``strategies.change_strategy``: whoever edits the strategy phase (``processes.change_phase``:
  the working group while the phase is current or upcoming, the coordinator, programme
  managers);
- ``strategies.view_strategy``: the editors and everyone who sees the process (moderators and
  the other municipal roles, programme managers).
"""

import rules

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase


def process_of(obj):
    """The process an object of the strategy belongs to (a Process is its own)."""
    from cohesion.processes.models import Process

    if isinstance(obj, Process):
        return obj
    strategy = getattr(obj, "strategy", None)
    if strategy is not None and hasattr(strategy, "process"):
        return strategy.process
    return None


@rules.predicate
def edits_strategy(user, obj) -> bool:
    process = process_of(obj)
    if process is None:
        return False
    return user.has_perm(
        "processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG["strategy"])
    )


@rules.predicate
def sees_process(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and user.has_perm("processes.view_process", process)


rules.add_perm("strategies.change_strategy", edits_strategy)
rules.add_perm("strategies.view_strategy", edits_strategy | sees_process)
