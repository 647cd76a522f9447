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


def edits_phase(slug: str) -> rules.Predicate:
    """Whoever edits the named phase of the object's process (``processes.change_phase``)."""

    def edits(user, obj) -> bool:
        process = process_of(obj)
        if process is None:
            return False
        return user.has_perm("processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG[slug]))

    return rules.predicate(edits, name=f"edits_{slug}")


edits_strategy = edits_phase("strategy")


@rules.predicate
def sees_process(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and user.has_perm("processes.view_process", process)


rules.add_perm("strategies.change_strategy", edits_strategy)
rules.add_perm("strategies.view_strategy", edits_strategy | sees_process)


# --- collaboration, consultation and adoption ---
#
# - ``strategies.comment_strategy``: everyone who reads the strategy writes comments on it;
# - ``strategies.adopt_strategy``: the council's decision is recorded by the coordinator or a
#   programme manager, who also speak for the town when the strategy goes out for comments
#   (``strategies.consult_strategy``); the working group prepares, saves versions and moderates
#   the public comments (``strategies.change_strategy``);
# - ``strategies.report_progress``: monitoring data (a measure's status and progress, a
#   milestone done, an actual value) by the strategy's editors and the monitoring phase's.


edits_monitoring = edits_phase("monitoring")


@rules.predicate
def speaks_for_the_town(user, obj) -> bool:
    from cohesion.accounts.predicates import is_coordinator, is_programme_manager

    process = process_of(obj)
    return process is not None and (
        is_coordinator(user, process) or is_programme_manager(user, process)
    )


rules.add_perm("strategies.comment_strategy", edits_strategy | sees_process)
rules.add_perm("strategies.consult_strategy", edits_strategy & speaks_for_the_town)
rules.add_perm("strategies.adopt_strategy", edits_strategy & speaks_for_the_town)
rules.add_perm("strategies.report_progress", edits_strategy | edits_monitoring)
