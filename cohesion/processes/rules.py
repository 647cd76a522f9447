"""Permissions as rules over role × municipality × phase, composed from the shared predicates.

Objects are a Programme, a Process or a ProcessPhase (a process seen in one of its phases); all
name their scope (``permission_scope``). Anonymous users and people without a role hold no
permission.

Who edits a phase's content (``change_phase``):

- programme managers and the coordinator, in every phase, done ones included: they answer for the
  process's record and correct it after the fact (close a conversation left open, fix a figure);
- the other roles the phase names as its editors (moderators in preparation and the workshop,
  the working group in strategy and monitoring) only while the phase is current or upcoming:
  once the process has moved on, what was decided in a done phase stays as it was.

The role × phase-state table is tested in tests/processes/test_rules.py.
"""

from dataclasses import dataclass

import rules

from cohesion.accounts.predicates import (
    has_municipal_role,
    is_coordinator,
    is_programme_manager,
    roles_in,
)
from cohesion.core.scope import Scope
from cohesion.processes.phases import CURRENT, UPCOMING, Phase, phase_state

# The phase states in which a phase's named editors may change its content.
EDITABLE_STATES = frozenset({CURRENT, UPCOMING})


@dataclass(frozen=True)
class ProcessPhase:
    process: object
    phase: Phase

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope

    @property
    def state(self) -> str:
        return phase_state(self.phase, self.process.current_phase)


@rules.predicate
def is_phase_editor(user, obj) -> bool:
    """The user holds a role the phase names as its editors, and the phase is not done."""
    if not isinstance(obj, ProcessPhase) or obj.state not in EDITABLE_STATES:
        return False
    return bool(roles_in(user, obj) & obj.phase.editors)


rules.add_perm("processes.add_programme", rules.is_superuser)
rules.add_perm("processes.start_process", rules.is_superuser | is_programme_manager)
rules.add_perm("processes.view_process", is_programme_manager | has_municipal_role)
rules.add_perm("processes.advance_process", is_programme_manager | is_coordinator)
rules.add_perm("processes.change_phase", is_programme_manager | is_coordinator | is_phase_editor)
