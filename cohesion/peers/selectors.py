"""Peers: the municipalities most similar in size and structure.

The feature matrix of all current registry units of one kind (municipalities, districts) is
built once and kept in the process until the registry or the statistics change; a peer query
then costs two small queries to check that, the numpy search and one query for the peers.
"""

import math
from dataclasses import dataclass
from threading import Lock

import numpy as np
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cohesion.indicators.catalogue import HEADLINE_INDICATORS, INDICATORS_BY_SLUG, Indicator
from cohesion.indicators.selectors import IndicatorResult, indicator_results, latest_own_values
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import population_records, population_records_newest_id
from cohesion.peers.engine import (
    FeatureMatrix,
    Peer,
    Standardised,
    Typology,
    nearest_peers,
    standardise,
    typology,
)
from cohesion.peers.models import PeerGroup
from cohesion.statistics.selectors import statistics_version

# The features peers are matched on, with the label the page shows.
FEATURES = {
    "log_population": _("population (logarithm)"),
    "log_density": _("inhabitants per km² (logarithm)"),
    "population_change": _("population change between the editions of the registry, %"),
    "foreign-share": _("share of foreign residents, %"),
    "immigration-history-share": _("share with immigration history, %"),
}
INDICATOR_FEATURES = ("foreign-share", "immigration-history-share")
UNINHABITED = "Gemeindefreies Gebiet, unbewohnt"


@dataclass(frozen=True)
class PeerSpace:
    version: tuple
    matrix: FeatureMatrix
    standardised: Standardised
    land: np.ndarray  # the Land key of each row, for "same Land only"


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


def _build(kind: str, version: tuple) -> PeerSpace:
    regions = list(_current(kind))
    history: dict[int, list[tuple]] = {}
    for region_id, date, population in (
        population_records(municipality_ids=[r.pk for r in regions])
        .order_by("reference_date")
        .values_list("municipality_id", "reference_date", "population")
    ):
        if population:
            history.setdefault(region_id, []).append((date, population))
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
        records = history.get(region.pk, [])
        if len(records) >= 2 and (records[-1][0] - records[0][0]).days > 365:
            first, last = records[0][1], records[-1][1]
            row["population_change"] = (last - first) / first * 100
        for slug in INDICATOR_FEATURES:
            row[slug] = own.get(region.pk, {}).get(slug)
        rows[region.ags] = row
    matrix = FeatureMatrix.from_rows(rows, list(FEATURES))
    return PeerSpace(
        version=version,
        matrix=matrix,
        standardised=standardise(matrix.values),
        land=np.array([key[:2] for key in matrix.keys]),
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


@dataclass(frozen=True)
class SuggestedPeer:
    municipality: Municipality
    distance: float
    shared: int


def peers_suggested(
    *, municipality: Municipality, count: int = 10, same_land: bool = False
) -> list[SuggestedPeer]:
    """The most similar units of the same kind, nearest first; [] when the registry has too
    few figures for the municipality."""
    space = peer_space(kind=municipality.kind)
    try:
        space.matrix.index_of(municipality.ags)
    except KeyError:
        return []
    candidates = space.land == municipality.ags[:2] if same_land else None
    found: list[Peer] = nearest_peers(
        space.matrix,
        municipality.ags,
        k=count,
        candidates=candidates,
        standardised=space.standardised,
    )
    regions = Municipality.objects.in_bulk([peer.key for peer in found], field_name="ags")
    return [SuggestedPeer(regions[peer.key], peer.distance, peer.shared) for peer in found]


@dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    results: list[IndicatorResult]  # one per compared region, in the order given


def peer_comparison(*, regions: list[Municipality]) -> list[ComparisonRow]:
    """The key indicators of the regions side by side (the first is the one compared)."""
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


# As many types as the German typologies use: the Wegweiser Kommune sorts municipalities into
# 9 to 11 types, the Kreistypisierung districts into 6.
TYPES_PER_KIND = {Municipality.Kind.MUNICIPALITY: 9, Municipality.Kind.DISTRICT: 6}
MIN_UNITS_PER_TYPE = 5
_TYPOLOGIES: dict[str, tuple[tuple, Typology]] = {}
ABOVE, BELOW, AVERAGE = "above", "below", "average"


@dataclass(frozen=True)
class MunicipalityType:
    number: int  # 1-based, type 1 has the largest population on average
    count: int
    members: int
    traits: list[tuple[str, str]]  # (feature label, ABOVE | BELOW | AVERAGE)
    examples: list[Municipality]  # the largest other members


def _typology(kind: str, space: PeerSpace) -> Typology | None:
    """None while the registry holds too few units with figures for types to mean anything."""
    usable = int(((~np.isnan(space.standardised.z)).sum(axis=1) >= 2).sum())
    if usable < MIN_UNITS_PER_TYPE * TYPES_PER_KIND[kind]:
        return None
    cached = _TYPOLOGIES.get(kind)
    if cached is None or cached[0] != space.version:
        with _LOCK:
            cached = _TYPOLOGIES.get(kind)
            if cached is None or cached[0] != space.version:
                found = typology(
                    space.matrix, n_types=TYPES_PER_KIND[kind], standardised=space.standardised
                )
                cached = _TYPOLOGIES[kind] = (space.version, found)
    return cached[1]


def municipality_type(*, municipality: Municipality, examples: int = 8) -> MunicipalityType | None:
    """The type of the municipality in a k-means typology of all units of its kind (z-scores of
    the peer features), described by where the type's centre lies against the average."""
    if municipality.kind not in TYPES_PER_KIND:
        return None
    space = peer_space(kind=municipality.kind)
    try:
        row = space.matrix.index_of(municipality.ags)
    except KeyError:
        return None
    types = _typology(municipality.kind, space)
    if types is None:
        return None
    label = int(types.labels[row])
    if label < 0:
        return None
    centre = types.centres[label]
    members = np.flatnonzero(types.labels == label)
    # A feature most members lack (the Zensus share outside Baden-Württemberg) describes
    # nothing: the clustering took it as average.
    known = (~np.isnan(space.matrix.values[members])).mean(axis=0) >= 0.5
    traits = [
        (FEATURES[name], ABOVE if z > 0.5 else BELOW if z < -0.5 else AVERAGE)
        for name, z, has in zip(space.matrix.features, centre, known, strict=True)
        if has and not np.isnan(z)
    ]
    others = members[members != row]
    # The largest first, by the population column of the matrix itself.
    population = space.matrix.values[others, space.matrix.features.index("log_population")]
    keys = [space.matrix.keys[i] for i in others[np.argsort(-population)][:examples]]
    by_key = Municipality.objects.in_bulk(keys, field_name="ags")
    return MunicipalityType(
        number=label + 1,
        count=types.n_types,
        members=len(members),
        traits=traits,
        examples=[by_key[key] for key in keys if key in by_key],
    )
