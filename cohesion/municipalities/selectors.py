from django.db.models import F, Max, QuerySet
from django.http import Http404

from cohesion.accounts.selectors import user_scope_filter
from cohesion.municipalities.models import Municipality, PopulationRecord, fold_for_search


def municipalities_visible_to(*, user) -> QuerySet[Municipality]:
    """Municipalities of the user's programmes (programme manager) or roles (everyone else)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    scope = user_scope_filter(
        user=user, municipality_field="pk", programme_field="processes__programme_id"
    )
    return Municipality.objects.filter(scope).distinct().order_by("name")


def registry_search(*, query: str, include_former: bool = False) -> QuerySet[Municipality]:
    """Länder, districts and municipalities whose name contains the query or whose official key
    starts with it; largest first. Units the newest edition no longer lists are left out unless
    asked for."""
    query = query.strip()
    if not query:
        return Municipality.objects.none()
    found = Municipality.objects.all()
    if query.isdigit():
        found = found.filter(ags__startswith=query)
    else:
        found = found.filter(search_name__contains=fold_for_search(query))
    if not include_former:
        newest = Municipality.objects.aggregate(newest=Max("territorial_status"))["newest"]
        found = found.filter(territorial_status=newest)
    return found.order_by(F("population").desc(nulls_last=True), "name", "ags")


def municipality_get(*, ags: str) -> Municipality:
    """Registry entries are public official data: any signed-in person may look one up."""
    municipality = Municipality.objects.filter(ags=ags).first()
    if municipality is None:
        raise Http404
    return municipality


def municipality_get_by_ags(*, ags: str) -> Municipality | None:
    return Municipality.objects.filter(ags=ags).first()


def municipality_district(*, municipality: Municipality) -> Municipality | None:
    """The district a municipality belongs to (None for districts and Länder)."""
    if municipality.kind != Municipality.Kind.MUNICIPALITY:
        return None
    return Municipality.objects.filter(ags=municipality.ags[:5]).first()


def municipality_population_history(*, municipality: Municipality) -> list[PopulationRecord]:
    return list(municipality.population_records.order_by("reference_date"))
