"""Reads about people and their roles.

Role look-ups are cached on the user object for the length of a request, so that permission
checks over a whole list of processes cost one query, not one per row.
"""

from collections import defaultdict

from django.db.models import Q

from cohesion.accounts.models import Membership, User

_ROLES_CACHE = "_cohesion_roles_by_municipality"
_PROGRAMMES_CACHE = "_cohesion_managed_programme_ids"


def user_roles_by_municipality(*, user) -> dict[int, frozenset[str]]:
    """The roles the user holds, keyed by municipality id; empty for anonymous users."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        roles: dict[int, set[str]] = defaultdict(set)
        for municipality_id, role in Membership.objects.filter(user=user).values_list(
            "municipality_id", "role"
        ):
            roles[municipality_id].add(role)
        cached = {key: frozenset(value) for key, value in roles.items()}
        setattr(user, _ROLES_CACHE, cached)
    return cached


def user_managed_programme_ids(*, user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _PROGRAMMES_CACHE, None)
    if cached is None:
        cached = frozenset(user.managed_programmes.values_list("pk", flat=True))
        setattr(user, _PROGRAMMES_CACHE, cached)
    return cached


def user_scope_filter(*, user, municipality_field: str, programme_field: str) -> Q:
    """The rows a person may see: those of municipalities where they hold a role, and those of
    programmes they manage. Callers name the paths to the municipality and programme ids."""
    return Q(**{f"{municipality_field}__in": list(user_roles_by_municipality(user=user))}) | Q(
        **{f"{programme_field}__in": user_managed_programme_ids(user=user)}
    )


def user_forget_cached_roles(*, user) -> None:
    for attribute in (_ROLES_CACHE, _PROGRAMMES_CACHE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def user_memberships(*, user: User):
    return (
        Membership.objects.filter(user=user)
        .select_related("municipality")
        .order_by("municipality__name", "role")
    )


def municipality_memberships(*, municipality_id: int):
    """Who holds which role in a municipality (its team page, the people phase 1 names)."""
    return (
        Membership.objects.filter(municipality_id=municipality_id, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def user_with_email(*, email: str) -> User | None:
    """The active account of an e-mail address (case does not matter), if there is one."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).order_by("pk").first()
