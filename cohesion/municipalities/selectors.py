from django.db.models import F, Max, QuerySet

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


def municipality_get(*, ags: str) -> Municipality | None:
    """Registry entries are public official data: any signed-in person may look one up."""
    return Municipality.objects.filter(ags=ags).first()


# The name other apps know; the same lookup.
municipality_get_by_ags = municipality_get


def municipalities_by_ids(*, ids) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=list(ids)).order_by("pk"))


def registry_ids() -> dict[str, int]:
    """Every registry key with its id. The whole registry in one query (some 11,000 short rows)
    rather than an IN list that could pass SQLite's limit on parameters."""
    return dict(Municipality.objects.values_list("ags", "pk"))


def municipality_ids_with_districts(*, ids) -> frozenset[int]:
    """The given municipalities and the districts they lie in."""
    keys = {
        ags[:5]
        for ags in Municipality.objects.filter(pk__in=list(ids)).values_list("ags", flat=True)
    }
    districts = Municipality.objects.filter(ags__in=keys).values_list("pk", flat=True)
    return frozenset(ids) | frozenset(districts)


def population_records(*, municipality_ids) -> QuerySet[PopulationRecord]:
    """The population of these registry entries at every reference date."""
    return PopulationRecord.objects.filter(municipality_id__in=list(municipality_ids))


def population_records_newest_id() -> int | None:
    """Grows with every registry edition imported (a cache key for computed comparisons)."""
    return PopulationRecord.objects.aggregate(last=Max("pk"))["last"]


def municipality_district(*, municipality: Municipality) -> Municipality | None:
    """The district a municipality belongs to (None for districts and Länder)."""
    if municipality.kind != Municipality.Kind.MUNICIPALITY:
        return None
    return Municipality.objects.filter(ags=municipality.ags[:5]).first()


def municipality_population_history(*, municipality: Municipality) -> list[PopulationRecord]:
    return list(municipality.population_records.order_by("reference_date"))


def _collapsed(name: str) -> str:
    return " ".join(name.split()).casefold()


def registry_names(*, normalise=_collapsed) -> tuple[tuple[str, str], ...]:
    """(normalised name, key) of every registry entry whose name tells it apart, for statistics
    that name regions without a key (an office's own spreadsheet); ``normalise`` is the reader's
    own. A district-free city is both a district and its one municipality under the same name
    ("Halle (Saale), Stadt": 15002 and 15002000): the name stands for the district, the coarser
    key, as office tables list districts. Any other name two entries share ("Neustadt") says
    nothing and is left out."""
    keys: dict[str, str | None] = {}
    for ags, name in Municipality.objects.values_list("ags", "name").order_by("ags"):
        normalised = normalise(name)
        if normalised not in keys:
            keys[normalised] = ags
        elif keys[normalised] is not None and not ags.startswith(keys[normalised]):
            keys[normalised] = None
    return tuple((name, ags) for name, ags in sorted(keys.items()) if ags is not None)
