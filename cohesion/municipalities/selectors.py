from django.db.models import QuerySet
from django.http import Http404

from cohesion.accounts.selectors import user_scope_filter
from cohesion.municipalities.models import Municipality


def municipalities_visible_to(*, user) -> QuerySet[Municipality]:
    """Municipalities of the user's programmes (programme manager) or roles (everyone else)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    scope = user_scope_filter(
        user=user, municipality_field="pk", programme_field="processes__programme_id"
    )
    return Municipality.objects.filter(scope).distinct().order_by("name")


def municipality_get_visible(*, user, ags: str) -> Municipality:
    """The municipality with this key if the user may see it; 404 otherwise, so that
    another municipality's existence is not revealed either."""
    municipality = Municipality.objects.filter(ags=ags).first()
    if municipality is None or not user.has_perm("municipalities.view_municipality", municipality):
        raise Http404
    return municipality


def municipality_get_by_ags(*, ags: str) -> Municipality | None:
    return Municipality.objects.filter(ags=ags).first()
