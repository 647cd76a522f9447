"""Reads for the profile: every indicator of the catalogue for one or many regions.

One call costs a fixed number of queries whatever the number of regions and indicators: the
series table (small), the observations of the matching series for the regions and their
districts and Länder, the provenance of the files they came from, and the registry's
population records.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cohesion.indicators.catalogue import (
    INDICATORS,
    RAW_SERIES,
    REGISTRY,
    Indicator,
    Level,
    Topic,
    census_basis,
)
from cohesion.indicators.formula import evaluate
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import population_records
from cohesion.statistics.readers.base import Status
from cohesion.statistics.selectors import import_provenances, observation_rows, series_rows

# Municipalities that are their own district: their district-level figures are their own.
DISTRICT_FREE_TYPES = frozenset({"Kreisfreie Stadt", "Stadtkreis"})


@dataclass(frozen=True)
class RawValue:
    value: float | None
    status: str
    source: str  # provenance line of the file (or registry edition) it came from


@dataclass(frozen=True)
class IndicatorValue:
    period: str
    value: float | None
    sources: tuple[str, ...]
    # Inputs taken from another period than the value's own, e.g. {"population": "2024-12-31"}
    lagged: dict[str, str] = field(default_factory=dict)
    status: str = Status.OK  # why a missing value is missing
    census_basis: str | None = None  # "Zensus 2011" or "Zensus 2022" for Fortschreibung figures

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class IndicatorResult:
    indicator: Indicator
    region: Municipality  # whose figures these are: the municipality itself, its district or Land
    values: list[IndicatorValue] = field(default_factory=list)  # oldest first
    level: Level | None = None  # the level the values come from when it is not the region's own

    @property
    def latest(self) -> IndicatorValue | None:
        with_value = [value for value in self.values if value.value is not None]
        return with_value[-1] if with_value else None

    @property
    def missing(self) -> bool:
        return self.latest is None

    @property
    def trend(self) -> list[IndicatorValue]:
        return [value for value in self.values if value.value is not None]

    @property
    def census_break(self) -> IndicatorValue | None:
        """The first value of the trend on the Zensus 2022 basis when earlier ones rest on the
        Zensus 2011: the line is broken there."""
        trend = self.trend
        for before, after in zip(trend, trend[1:], strict=False):
            if before.census_basis == "Zensus 2011" and after.census_basis == "Zensus 2022":
                return after
        return None

    @property
    def earlier_bases(self) -> list[str]:
        """The censuses before the Zensus 2011 that part of the trend rests on, oldest first
        (a long series such as IT.NRW's since 1962)."""
        seen: dict[str, None] = {}
        for value in self.trend:
            if value.census_basis and value.census_basis.startswith("Volkszählung"):
                seen.setdefault(value.census_basis, None)
        return list(seen)

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for value in self.values:
            for source in value.sources:
                seen.setdefault(source, None)
        return list(seen)


@dataclass
class TopicSection:
    topic: Topic
    results: list[IndicatorResult]

    @property
    def label(self) -> str:
        return self.topic.label

    @property
    def available(self) -> list[IndicatorResult]:
        return [result for result in self.results if not result.missing]

    @property
    def missing(self) -> list[IndicatorResult]:
        return [result for result in self.results if result.missing]


@dataclass
class Profile:
    municipality: Municipality
    district: Municipality | None
    state: Municipality | None
    sections: list[TopicSection]

    def result(self, slug: str) -> IndicatorResult | None:
        for section in self.sections:
            for result in section.results:
                if result.indicator.slug == slug:
                    return result
        return None


def period_label(period: str) -> str:
    """2024-12-31 and 2024 read as "2024"; any other reference date as dd.mm.yyyy."""
    if len(period) == 4 or period.endswith("-12-31"):
        return period[:4]
    return f"{period[8:10]}.{period[5:7]}.{period[:4]}"


def _merge_key(period: str) -> str:
    # A year and 31 December of that year are one point of a trend (the Niedersachsen monitor
    # writes "2024" for what the Gemeindeverzeichnis calls 31.12.2024).
    return period[:4] if len(period) == 4 or period.endswith("-12-31") else period


def _fallback_chain(region: Municipality, regions: dict[str, Municipality]):
    """Where to look for a region's figures, with the level each answer is labelled with."""
    chain = [(region, None)]
    if region.kind == Municipality.Kind.MUNICIPALITY:
        district = regions.get(region.ags[:5])
        if district is not None:
            same_area = region.type_label in DISTRICT_FREE_TYPES
            chain.append((district, None if same_area else Level.DISTRICT))
    if region.kind != Municipality.Kind.STATE:
        state = regions.get(region.ags[:2])
        if state is not None:
            chain.append((state, Level.STATE))
    return chain


def _related_keys(regions: Iterable[Municipality]) -> set[str]:
    keys = set()
    for region in regions:
        keys.update({region.ags, region.ags[:5], region.ags[:2]})
    return keys


def _matching_series(names: set[str]) -> dict[str, list[list[int]]]:
    """For every raw series, the ids of the series that fit each of its sources, in order."""
    rows = series_rows()
    matched: dict[str, list[list[int]]] = {}
    for name in names:
        matched[name] = [
            [
                pk
                for pk, table, variable, unit, dimensions in rows
                if source.matches(
                    table_code=table, variable=variable, unit=unit, dimensions=dimensions
                )
            ]
            if source.table != REGISTRY
            else []
            for source in RAW_SERIES[name].sources
        ]
    return matched


def _raw_values(
    region_ids: dict[str, int], names: set[str]
) -> dict[tuple[str, int], dict[str, RawValue]]:
    """(raw series name, region id) -> {period: value}, sources merged in order of preference."""
    matched = _matching_series(names)
    wanted_ids = {pk for lists in matched.values() for ids in lists for pk in ids}
    by_series: dict[tuple[int, int], dict[str, tuple]] = defaultdict(dict)
    import_ids = set()
    if wanted_ids:
        rows = observation_rows(series_ids=wanted_ids, municipality_ids=region_ids.values())
        for series_id, region_id, period, value, status, import_id in rows:
            by_series[(series_id, region_id)][period] = (value, status, import_id)
            import_ids.add(import_id)
    # One line each: a footer's © line may run over several lines of the file.
    provenance = {
        pk: " ".join(line.split()) for pk, line in import_provenances(ids=import_ids).items()
    }
    registry: dict[int, dict[str, RawValue]] = defaultdict(dict)
    if any(source.table == REGISTRY for name in names for source in RAW_SERIES[name].sources):
        for region_id, date, population, source in population_records(
            municipality_ids=region_ids.values()
        ).values_list("municipality_id", "reference_date", "population", "source"):
            registry[region_id][date.isoformat()] = RawValue(
                None if population is None else float(population),
                Status.OK if population is not None else Status.EMPTY,
                source,
            )

    result: dict[tuple[str, int], dict[str, RawValue]] = {}
    for name in names:
        for region_id in region_ids.values():
            merged: dict[str, tuple[str, RawValue]] = {}
            for source, ids in zip(RAW_SERIES[name].sources, matched[name], strict=True):
                if source.table == REGISTRY:
                    candidates = registry.get(region_id, {}).items()
                else:
                    candidates = [
                        (
                            period,
                            RawValue(
                                None if value is None else float(value),
                                status,
                                provenance[import_id],
                            ),
                        )
                        for pk in ids
                        for period, (value, status, import_id) in by_series.get(
                            (pk, region_id), {}
                        ).items()
                    ]
                for period, raw in candidates:
                    key = _merge_key(period)
                    if key not in merged:
                        merged[key] = (period, raw)
            if merged:
                result[(name, region_id)] = dict(merged.values())
    return result


def _compute(
    indicator: Indicator, region_id: int, raw: dict[tuple[str, int], dict[str, RawValue]]
) -> list[IndicatorValue]:
    formula = indicator.formula
    inputs = {name: raw.get((name, region_id), {}) for name in formula.names}
    numbers = {name: {p: v.value for p, v in values.items()} for name, values in inputs.items()}
    computed = []
    for item in evaluate(formula, numbers):
        used = {name: period for name, period in item.inputs.items() if period is not None}
        sources = tuple(dict.fromkeys(inputs[name][period].source for name, period in used.items()))
        status = Status.OK
        if item.value is None:
            statuses = [inputs[name][period].status for name, period in used.items()]
            status = next((s for s in statuses if s != Status.OK), Status.EMPTY)
        bases = [
            census_basis(period) for name, period in used.items() if RAW_SERIES[name].census_based
        ]
        computed.append(
            IndicatorValue(
                period=item.period,
                value=item.value,
                sources=sources,
                lagged=item.lagged,
                status=status,
                census_basis=bases[0] if bases else None,
            )
        )
    return computed


def indicator_results(
    *, regions: Sequence[Municipality], indicators: Sequence[Indicator] = INDICATORS
) -> dict[int, list[IndicatorResult]]:
    """Every indicator for every region, with the district or Land standing in (and saying so)
    where the region has no figures of its own."""
    keys = _related_keys(regions)
    related = {m.ags: m for m in Municipality.objects.filter(ags__in=keys)}
    related.update({region.ags: region for region in regions})
    names = {name for indicator in indicators for name in indicator.formula.names}
    raw = _raw_values({ags: m.pk for ags, m in related.items()}, names)
    results: dict[int, list[IndicatorResult]] = {}
    for region in regions:
        chain = _fallback_chain(region, related)
        region_results = []
        for indicator in indicators:
            result = IndicatorResult(indicator=indicator, region=region)
            for candidate, level in chain:
                values = _compute(indicator, candidate.pk, raw)
                if any(value.value is not None for value in values):
                    result = IndicatorResult(indicator, candidate, values, level)
                    break
                if values and not result.values:
                    # Missing, but the statistics of this level say why.
                    result = IndicatorResult(indicator, candidate, values, level)
            region_results.append(result)
        results[region.pk] = region_results
    return results


def profile_of(*, municipality: Municipality) -> Profile:
    results = indicator_results(regions=[municipality])[municipality.pk]
    by_topic: dict[Topic, list[IndicatorResult]] = defaultdict(list)
    # The municipality's own figures first, in each topic, then those a district or the Land
    # stands in for, then the missing ones.
    for result in sorted(results, key=_own_first):
        by_topic[result.indicator.topic].append(result)
    district = None
    if municipality.kind == Municipality.Kind.MUNICIPALITY:
        district = Municipality.objects.filter(ags=municipality.ags[:5]).first()
    state = None
    if municipality.kind != Municipality.Kind.STATE:
        state = Municipality.objects.filter(ags=municipality.ags[:2]).first()
    return Profile(
        municipality=municipality,
        district=district,
        state=state,
        sections=sorted(
            (TopicSection(topic, by_topic[topic]) for topic in Topic if by_topic[topic]),
            key=_own_figures_first,
        ),
    )


def _own_first(result: IndicatorResult) -> int:
    if result.missing:
        return 2
    return 0 if result.level is None else 1


def _own_figures_first(section: TopicSection) -> int:
    """Topics with the municipality's own figures first, then those a district or the Land
    stands in for, then those with no figures (the order of the catalogue within each)."""
    if any(result.level is None for result in section.available):
        return 0
    return 1 if section.available else 2


def level_note(result: IndicatorResult) -> str:
    """The label a value carries beside its number when it is not the municipality's own:
    whose figure it is and at which level, e.g. "Rhein-Erft-Kreis (district)"."""
    if result.level == Level.DISTRICT:
        return _("%(name)s (district)") % {"name": result.region.name}
    if result.level == Level.STATE:
        return _("%(name)s (Land)") % {"name": result.region.name}
    return ""


def latest_own_values(
    *, regions: Sequence[Municipality], indicators: Sequence[Indicator]
) -> dict[int, dict[str, float]]:
    """The latest value of each indicator from each region's own figures (no district or Land
    standing in): comparable numbers for matching peers."""
    names = {name for indicator in indicators for name in indicator.formula.names}
    raw = _raw_values({region.ags: region.pk for region in regions}, names)
    latest: dict[int, dict[str, float]] = {}
    for region in regions:
        values = {}
        for indicator in indicators:
            if not any((name, region.pk) in raw for name in indicator.formula.names):
                continue
            computed = [v for v in _compute(indicator, region.pk, raw) if v.value is not None]
            if computed:
                values[indicator.slug] = computed[-1].value
        latest[region.pk] = values
    return latest
