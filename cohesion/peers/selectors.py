"""Peers: the municipalities or districts most similar in size and structure, and their type.

The registry features of all current units of one kind (municipalities, districts), the
comparisons built on them and their types are computed once and kept in the process until the
registry or the statistics change; a peer query then costs two small queries to check that, the
numpy search and one query for the peers. See the engine's docstring for the method.
"""

import datetime
import math
from dataclasses import dataclass
from itertools import pairwise
from threading import Lock

import numpy as np
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from cohesion.core.charts import number_display
from cohesion.indicators.catalogue import (
    HEADLINE_INDICATORS,
    INDICATORS_BY_SLUG,
    Indicator,
    census_basis,
)
from cohesion.indicators.selectors import IndicatorResult, indicator_results, latest_own_values
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import population_records, population_records_newest_id
from cohesion.peers.engine import (
    DENSE,
    SIZE_CLASSES,
    TOWN,
    Comparison,
    FeatureMatrix,
    comparison,
    district_types,
    municipality_types,
)
from cohesion.peers.models import PeerGroup
from cohesion.statistics.selectors import statistics_version

# The registry's features: every current unit has a population and an area, and all but those
# formed since the first reference date have a population change.
REGISTRY_FEATURES = ("log_population", "log_density", "population_change")
# Imported figures, used for a kind only where every unit of that kind has them.
INDICATOR_FEATURES = ("foreign-share", "immigration-history-share")
FEATURES = (*REGISTRY_FEATURES, *INDICATOR_FEATURES)
UNINHABITED = "Gemeindefreies Gebiet, unbewohnt"
DISTRICT_FREE_TYPES = frozenset({"Kreisfreie Stadt", "Stadtkreis"})

# The bounds are filled in by the page, in the number format of the active language.
SIZE_CLASS_LABELS = {
    "grosse-grossstadt": _("large city (Großstadt, %(low)s inhabitants or more)"),
    "kleinere-grossstadt": _("city (Großstadt, %(low)s to %(high)s inhabitants)"),
    "groessere-mittelstadt": _("larger medium-sized town (Mittelstadt, %(low)s to %(high)s)"),
    "kleinere-mittelstadt": _("smaller medium-sized town (Mittelstadt, %(low)s to %(high)s)"),
    "groessere-kleinstadt": _("larger small town (Kleinstadt, %(low)s to %(high)s)"),
    "kleine-kleinstadt": _("small town (Kleinstadt, %(low)s to %(high)s)"),
    "landgemeinde": _("rural municipality (Landgemeinde, under %(high)s)"),
}
# For the table of peers, where the long labels would repeat on every line.
SHORT_LABELS = {
    "grosse-grossstadt": _("large city"),
    "kleinere-grossstadt": _("city"),
    "groessere-mittelstadt": _("larger medium-sized town"),
    "kleinere-mittelstadt": _("smaller medium-sized town"),
    "groessere-kleinstadt": _("larger small town"),
    "kleine-kleinstadt": _("small town"),
    "landgemeinde": _("rural municipality"),
    "dense": _("dense"),
    "sparse": _("less dense"),
    "kreisfreie-grossstadt": _("district-free city"),
    "staedtischer-kreis": _("urban district"),
    "laendlicher-kreis-verdichtet": _("rural district with urban centres"),
    "duenn-besiedelt": _("sparsely populated rural district"),
}
DENSITY_LABELS = {
    "dense": _("densely settled (%(density)s inhabitants per km² or more)"),
    "sparse": _("less densely settled (under %(density)s inhabitants per km²)"),
}
DISTRICT_TYPE_LABELS = {
    "kreisfreie-grossstadt": _("district-free city (kreisfreie Großstadt)"),
    "staedtischer-kreis": _("urban district (städtischer Kreis)"),
    "laendlicher-kreis-verdichtet": _(
        "rural district with urban centres (ländlicher Kreis mit Verdichtungsansätzen)"
    ),
    "duenn-besiedelt": _("sparsely populated rural district (dünn besiedelter ländlicher Kreis)"),
}


@dataclass(frozen=True)
class PeerSpace:
    version: tuple
    matrix: FeatureMatrix  # every current unit of the kind, every feature (NaN where missing)
    # The units with every registry feature, on the features all of them have; and all units on
    # the features all of them have, for the few (formed by a merger) without a history.
    complete: Comparison
    everyone: Comparison
    land: dict[str, str]  # the Land key of each unit
    types: dict[str, str | None]  # the type code of each unit
    population: dict[str, int]
    change_span: tuple[datetime.date, datetime.date] | None

    def comparison_of(self, ags: str) -> Comparison | None:
        for found in (self.complete, self.everyone):
            if ags in found:
                return found
        return None


_SPACES: dict[str, PeerSpace] = {}
_LOCK = Lock()


def _version() -> tuple:
    # Every registry edition adds population records, and statistics_version changes with every
    # import, approval and undo, so these tell whether the figures changed.
    return (population_records_newest_id(), statistics_version())


def _current(kind: str):
    newest = Municipality.objects.aggregate(newest=Max("territorial_status"))["newest"]
    return (
        Municipality.objects.filter(kind=kind, territorial_status=newest, population__gt=0)
        .exclude(type_label=UNINHABITED)
        .order_by("ags")
    )


def change_span(dates) -> tuple[datetime.date, datetime.date] | None:
    """The longest span of reference dates on one census basis, the newest basis that has two:
    a change across the Zensus 2022 correction would mix growth with the correction."""
    by_basis: dict[str, list[datetime.date]] = {}
    for date in sorted(set(dates)):
        by_basis.setdefault(census_basis(date.isoformat()), []).append(date)
    for basis in sorted(by_basis, reverse=True):
        if len(by_basis[basis]) >= 2:
            return by_basis[basis][0], by_basis[basis][-1]
    return None


def _town_totals() -> dict[str, tuple[int, float]]:
    """Per district key, the population and area of its municipalities of TOWN or more."""
    totals: dict[str, tuple[int, float]] = {}
    for ags, population, area in (
        _current(Municipality.Kind.MUNICIPALITY)
        .filter(population__gte=TOWN)
        .values_list("ags", "population", "area_km2")
    ):
        people, km2 = totals.get(ags[:5], (0, 0.0))
        totals[ags[:5]] = (people + population, km2 + float(area or 0))
    return totals


def _types(kind: str, regions: list[Municipality]) -> list[str | None]:
    population = [float(region.population) for region in regions]
    area = [float(region.area_km2) if region.area_km2 else math.nan for region in regions]
    if kind == Municipality.Kind.MUNICIPALITY:
        return municipality_types(population, area)
    if kind == Municipality.Kind.DISTRICT:
        towns = _town_totals()
        return district_types(
            population=population,
            area=area,
            district_free=[region.type_label in DISTRICT_FREE_TYPES for region in regions],
            town_population=[towns.get(region.ags, (0, 0.0))[0] for region in regions],
            town_area=[towns.get(region.ags, (0, 0.0))[1] for region in regions],
        )
    return [None] * len(regions)


def _build(kind: str, version: tuple) -> PeerSpace:
    regions = list(_current(kind))
    history: dict[int, dict[datetime.date, int]] = {}
    for region_id, date, population in population_records(
        municipality_ids=[r.pk for r in regions]
    ).values_list("municipality_id", "reference_date", "population"):
        if population:
            history.setdefault(region_id, {})[date] = population
    span = change_span(date for records in history.values() for date in records)
    indicators = [INDICATORS_BY_SLUG[slug] for slug in INDICATOR_FEATURES]
    own = latest_own_values(regions=regions, indicators=indicators)
    rows = {}
    for region in regions:
        row: dict[str, float | None] = {
            "log_population": math.log10(region.population),
            "log_density": (
                math.log10(region.population / float(region.area_km2)) if region.area_km2 else None
            ),
            "population_change": None,
        }
        records = history.get(region.pk, {})
        if span and span[0] in records and span[1] in records:
            first, last = records[span[0]], records[span[1]]
            row["population_change"] = (last - first) / first * 100
        for slug in INDICATOR_FEATURES:
            row[slug] = own.get(region.pk, {}).get(slug)
        rows[region.ags] = row
    matrix = FeatureMatrix.from_rows(rows, FEATURES)
    registry_columns = [matrix.features.index(name) for name in REGISTRY_FEATURES]
    with_history = ~np.isnan(matrix.values[:, registry_columns]).any(axis=1)
    return PeerSpace(
        version=version,
        matrix=matrix,
        complete=comparison(matrix, with_history),
        everyone=comparison(matrix),
        land={region.ags: region.ags[:2] for region in regions},
        types=dict(zip(matrix.keys, _types(kind, regions), strict=True)),
        population={region.ags: region.population for region in regions},
        change_span=span,
    )


def peer_space(*, kind: str) -> PeerSpace:
    version = _version()
    space = _SPACES.get(kind)
    if space is None or space.version != version:
        with _LOCK:
            space = _SPACES.get(kind)
            if space is None or space.version != version:
                space = _SPACES[kind] = _build(kind, version)
    return space


def feature_label(name: str, space: PeerSpace) -> str:
    """What the page calls a feature: "population change 2021–2022 (%)"."""
    if name == "log_population":
        return str(_("population (on a logarithmic scale)"))
    if name == "log_density":
        return str(_("inhabitants per km² (on a logarithmic scale)"))
    if name == "population_change" and space.change_span:
        first, last = space.change_span
        return str(
            _("population change %(first)s–%(last)s (%%)")
            % {"first": first.year, "last": last.year}
        )
    if name == "population_change":
        return str(_("population change (%)"))
    return str(INDICATORS_BY_SLUG[name].title)


@dataclass(frozen=True)
class SuggestedPeer:
    municipality: Municipality
    distance: float
    type_label: str


@dataclass(frozen=True)
class Suggestions:
    peers: list[SuggestedPeer]
    features: list[str]  # the labels of the features compared on
    left_out: list[str]  # the labels of the features some units lack


def peers_suggested(
    *, municipality: Municipality, count: int = 10, same_land: bool = False
) -> Suggestions:
    """The most similar units of the same kind, nearest first, and the features compared on;
    no peers when the registry has too few figures for the municipality."""
    space = peer_space(kind=municipality.kind)
    found = space.comparison_of(municipality.ags)
    if found is None:
        return Suggestions([], [], [])
    candidates = None
    if same_land:
        land = municipality.ags[:2]
        candidates = np.array([space.land[key] == land for key in found.matrix.keys])
    nearest = found.peers(municipality.ags, k=count, candidates=candidates)
    regions = Municipality.objects.in_bulk([peer.key for peer in nearest], field_name="ags")
    return Suggestions(
        peers=[
            SuggestedPeer(
                regions[peer.key], peer.distance, type_label(space.types[peer.key], short=True)
            )
            for peer in nearest
        ],
        features=[feature_label(name, space) for name in found.features],
        left_out=[feature_label(name, space) for name in found.left_out],
    )


@dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    results: list[IndicatorResult]  # one per compared region, in the order given


def peer_comparison(*, regions: list[Municipality]) -> list[ComparisonRow]:
    """The key indicators of the regions side by side (the first is the one compared). A
    result whose ``level`` is set holds the district's or Land's figure, not the region's."""
    results = indicator_results(regions=regions, indicators=HEADLINE_INDICATORS)
    return [
        ComparisonRow(indicator, [results[region.pk][index] for region in regions])
        for index, indicator in enumerate(HEADLINE_INDICATORS)
    ]


def peer_group_of(*, municipality: Municipality) -> list[Municipality]:
    group = PeerGroup.objects.filter(municipality=municipality).first()
    if group is None:
        return []
    return list(group.peers.order_by("-population", "name"))


def _size_class_label(size: str) -> str:
    lowest = dict(SIZE_CLASSES)
    # A class ends one below where the next larger one begins (SIZE_CLASSES is largest first).
    highest = {smaller: low - 1 for (_larger, low), (smaller, _) in pairwise(SIZE_CLASSES)}
    return SIZE_CLASS_LABELS[size] % {
        "low": number_display(lowest[size], 0),
        "high": number_display(highest[size], 0) if size in highest else "",
    }


def type_label(code: str | None, *, short: bool = False) -> str:
    """ "larger medium-sized town (…), densely settled (…)" for a type code of the engine;
    "larger medium-sized town, dense" when ``short``."""
    if not code:
        return ""
    size, _slash, density = code.partition("/")
    if short:
        label = str(SHORT_LABELS[size])
        density_label = SHORT_LABELS.get(density)
    else:
        label = str(DISTRICT_TYPE_LABELS.get(size) or _size_class_label(size))
        density_label = density and DENSITY_LABELS[density] % {"density": number_display(DENSE, 0)}
    if density_label:
        label = pgettext("a type", "%(size)s, %(density)s") % {
            "size": label,
            "density": density_label,
        }
    return label


@dataclass(frozen=True)
class MunicipalityType:
    code: str
    label: str
    members: int  # units of this kind with this type, the municipality included
    examples: list[Municipality]  # the largest other members


def municipality_type(*, municipality: Municipality, examples: int = 8) -> MunicipalityType | None:
    """The BBSR type of the municipality or district (see the engine), with the largest others
    of that type."""
    if municipality.kind not in (Municipality.Kind.MUNICIPALITY, Municipality.Kind.DISTRICT):
        return None
    space = peer_space(kind=municipality.kind)
    code = space.types.get(municipality.ags)
    if not code:
        return None
    members = [key for key, other in space.types.items() if other == code]
    others = sorted(
        (key for key in members if key != municipality.ags),
        key=lambda key: (-space.population[key], key),
    )[:examples]
    by_key = Municipality.objects.in_bulk(others, field_name="ags")
    return MunicipalityType(
        code=code,
        label=type_label(code),
        members=len(members),
        examples=[by_key[key] for key in others if key in by_key],
    )
