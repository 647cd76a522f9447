"""Where an object belongs, for permissions: its municipality and the programmes it runs in.

Models name theirs with a ``permission_scope`` property; the role predicates
(``cohesion.accounts.predicates``) read nothing else, so any app's object can be asked about."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    municipality_id: int | None
    programme_ids: frozenset[int]


NO_SCOPE = Scope(municipality_id=None, programme_ids=frozenset())
