"""Who sees and who keeps a process's project inventory, composed from the phase editors.

Objects are a Process, a Project or a ProjectRating (the process it belongs to):

- ``projects.change_inventory``: whoever edits the preparation phase (``processes.change_phase``:
  moderators while preparation is current or upcoming, the coordinator, programme managers);
  they add, change and remove projects;
- ``projects.rate_project``: the same people and whoever edits workshop day 1, the day the
  existing projects are evaluated: they enter ratings and put a project's rating on the day's
  agenda (which asks the workshop's own permission as well);
- ``projects.view_inventory``: the editors and everyone who sees the process (a municipal role,
  programme managers): the list, the evaluation, the gap view and the export.

Other municipalities see none of it (the selectors answer None, the views 404).
"""

import rules

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase


def process_of(obj):
    """The process an object of the inventory belongs to (a Process is its own)."""
    from cohesion.processes.models import Process
    from cohesion.projects.models import Project, ProjectRating

    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Project):
        return obj.process
    if isinstance(obj, ProjectRating):
        return obj.project.process
    return None


def _edits(user, obj, slug: str) -> bool:
    process = process_of(obj)
    if process is None:
        return False
    return user.has_perm("processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG[slug]))


@rules.predicate
def edits_preparation(user, obj) -> bool:
    return _edits(user, obj, "preparation")


@rules.predicate
def edits_workshop_day_1(user, obj) -> bool:
    return _edits(user, obj, "workshop-day-1")


@rules.predicate
def sees_process(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and user.has_perm("processes.view_process", process)


rules.add_perm("projects.change_inventory", edits_preparation)
rules.add_perm("projects.rate_project", edits_preparation | edits_workshop_day_1)
rules.add_perm("projects.view_inventory", edits_preparation | sees_process)
