"""Who reads and who keeps up a strategy's monitoring.

Objects are a Process, a Strategy or anything in it (each names its strategy):

- ``monitoring.report_progress``: whoever edits the monitoring phase (``processes.change_phase``:
  the working group while the phase is current or upcoming, the coordinator, programme
  managers): progress reports, milestones done, actual values, bulk updates;
- ``monitoring.view_monitoring``: whoever reads the strategy (``strategies.view_strategy``:
  everyone who sees the process).
"""

import rules

from cohesion.strategies.rules import edits_monitoring, process_of


@rules.predicate
def reads_strategy(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and user.has_perm("strategies.view_strategy", process)


rules.add_perm("monitoring.report_progress", edits_monitoring)
rules.add_perm("monitoring.view_monitoring", edits_monitoring | reads_strategy)
