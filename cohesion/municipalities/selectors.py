from django.db.models import Q, QuerySet
from django.http import Http404

from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality
from cohesion.municipalities.models import Municipality


def municipalities_visible_to(*, user) -> QuerySet[Municipality]:
    """Municipalities of the user's programmes (programme manager) or roles (everyone else)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    member_of = list(user_roles_by_municipality(user=user))
    managed = user_managed_programme_ids(user=user)
    return (
        Municipality.objects.filter(Q(pk__in=member_of) | Q(processes__programme_id__in=managed))
        .distinct()
        .order_by("name")
    )


def municipality_get_visible(*, user, ags: str) -> Municipality:
    """The municipality with this key if the user may see it; 404 otherwise, so that
    another municipality's existence is not revealed either."""
    municipality = Municipality.objects.filter(ags=ags).first()
    if municipality is None or not user.has_perm("municipalities.view_municipality", municipality):
        raise Http404
    return municipality


def municipality_get_by_ags(*, ags: str) -> Municipality | None:
    return Municipality.objects.filter(ags=ags).first()
