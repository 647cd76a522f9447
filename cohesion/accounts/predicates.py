"""The role predicates, defined once and composed by every app's ``rules.py`` (as adhocracy4's
``modules/predicates.py``).

A role is held either in a municipality (coordinator, moderator, working-group member:
``Membership``) or in a programme (programme manager: ``Programme.managers``; juries next). An
object that permissions are asked about names its scope through ``permission_scope``: the
municipality it belongs to and the programmes it runs in. Anonymous users hold no role.
"""

import rules

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality
from cohesion.core.scope import NO_SCOPE, Scope


def scope_of(obj) -> Scope:
    """The scope an object declares (``permission_scope``); none for None or anything else."""
    if obj is None:
        return NO_SCOPE
    scope = getattr(obj, "permission_scope", None)
    return scope if isinstance(scope, Scope) else NO_SCOPE


def roles_in(user, obj) -> frozenset[str]:
    """The municipal roles the user holds in the object's municipality."""
    municipality_id = scope_of(obj).municipality_id
    if municipality_id is None:
        return frozenset()
    return user_roles_by_municipality(user=user).get(municipality_id, frozenset())


def has_role(*roles: str):
    """A predicate: the user holds one of these roles in the object's municipality."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(wanted))})")
    def predicate(user, obj) -> bool:
        return bool(roles_in(user, obj) & wanted)

    return predicate


is_coordinator = has_role(Role.COORDINATOR)
is_moderator = has_role(Role.MODERATOR)
is_working_group_member = has_role(Role.WORKING_GROUP_MEMBER)


@rules.predicate
def has_municipal_role(user, obj) -> bool:
    return bool(roles_in(user, obj))


@rules.predicate
def is_programme_manager(user, obj) -> bool:
    """The user manages a programme the object runs in."""
    programmes = scope_of(obj).programme_ids
    return bool(programmes) and bool(programmes & user_managed_programme_ids(user=user))


# Without an object: whether the user holds the role anywhere (who may import shared statistics).


@rules.predicate
def manages_a_programme(user) -> bool:
    return bool(user_managed_programme_ids(user=user))


@rules.predicate
def coordinates_a_municipality(user) -> bool:
    return any(
        Role.COORDINATOR in roles for roles in user_roles_by_municipality(user=user).values()
    )


def coordinated_municipality_ids(*, user) -> frozenset[int]:
    return frozenset(
        municipality_id
        for municipality_id, roles in user_roles_by_municipality(user=user).items()
        if Role.COORDINATOR in roles
    )
