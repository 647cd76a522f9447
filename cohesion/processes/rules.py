"""Permissions as rules over role × municipality × phase, composed from the shared predicates.

Objects are a Process or a ProcessPhase (a process seen in one of its phases); both name their
scope (``permission_scope``). Anonymous users and people without a role hold no permission.
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
from cohesion.processes.phases import Phase


@dataclass(frozen=True)
class ProcessPhase:
    process: object
    phase: Phase

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


@rules.predicate
def is_phase_editor(user, obj) -> bool:
    if not isinstance(obj, ProcessPhase):
        return False
    return bool(roles_in(user, obj) & obj.phase.editors)


rules.add_perm("processes.view_process", is_programme_manager | has_municipal_role)
rules.add_perm("processes.advance_process", is_programme_manager | is_coordinator)
rules.add_perm("processes.view_phase", is_programme_manager | has_municipal_role)
rules.add_perm("processes.change_phase", is_programme_manager | is_coordinator | is_phase_editor)
