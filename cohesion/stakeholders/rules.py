"""Who sees and who shapes a process's stakeholder map, composed from the phase editors.

Objects are a Process, an Organisation, a Stakeholder or an OrganisationRelation (the process
it belongs to):

- ``stakeholders.change_map``: whoever edits the preparation phase (``processes.change_phase``:
  moderators while preparation is current or upcoming, the coordinator, programme managers);
  they add, change, import, export and erase;
- ``stakeholders.view_contact``: the same people; e-mail, phone and postal address are for
  inviting, not for everyone who looks at the map;
- ``stakeholders.view_map``: the editors and everyone who sees the process (a municipal role,
  programme managers): organisations, names, roles and scores, without contact data.

The table is tested in tests/stakeholders/test_rules.py.
"""

import rules

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase


def process_of(obj):
    """The process an object of the map belongs to (a Process is its own)."""
    from cohesion.processes.models import Process
    from cohesion.stakeholders.models import Organisation, OrganisationRelation, Stakeholder

    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Organisation | Stakeholder):
        return obj.process
    if isinstance(obj, OrganisationRelation):
        return obj.source.process
    return None


@rules.predicate
def edits_preparation(user, obj) -> bool:
    process = process_of(obj)
    if process is None:
        return False
    return user.has_perm(
        "processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG["preparation"])
    )


@rules.predicate
def sees_process(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and user.has_perm("processes.view_process", process)


rules.add_perm("stakeholders.change_map", edits_preparation)
rules.add_perm("stakeholders.view_contact", edits_preparation)
rules.add_perm("stakeholders.view_map", edits_preparation | sees_process)
