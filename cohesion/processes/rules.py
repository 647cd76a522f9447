"""Permissions as rules over role × municipality × phase.

Objects are a Process, a Municipality or a ProcessPhase (a process seen in one of its phases).
Anonymous users and people without a role in the municipality hold no permission at all.
"""

from dataclasses import dataclass

import rules

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality
from cohesion.processes.phases import Phase


@dataclass(frozen=True)
class ProcessPhase:
    process: object
    phase: Phase


def _process(obj):
    return obj.process if isinstance(obj, ProcessPhase) else obj


def _roles_in(user, obj) -> frozenset[str]:
    if obj is None:
        return frozenset()
    return user_roles_by_municipality(user=user).get(_process(obj).municipality_id, frozenset())


@rules.predicate
def is_programme_manager(user, obj) -> bool:
    if obj is None:
        return False
    return _process(obj).programme_id in user_managed_programme_ids(user=user)


@rules.predicate
def is_coordinator(user, obj) -> bool:
    return Role.COORDINATOR in _roles_in(user, obj)


@rules.predicate
def has_municipal_role(user, obj) -> bool:
    return bool(_roles_in(user, obj))


@rules.predicate
def is_phase_editor(user, obj) -> bool:
    if not isinstance(obj, ProcessPhase):
        return False
    return bool(_roles_in(user, obj) & obj.phase.editors)


rules.add_perm("processes.view_process", is_programme_manager | has_municipal_role)
rules.add_perm("processes.advance_process", is_programme_manager | is_coordinator)
rules.add_perm("processes.view_phase", is_programme_manager | has_municipal_role)
rules.add_perm("processes.change_phase", is_programme_manager | is_coordinator | is_phase_editor)
