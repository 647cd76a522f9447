"""Peers and types of municipalities and districts from the registry's figures; numpy only.

Peers
* A region is compared only with regions of its own kind: municipalities (Gemeinden) with
  municipalities, districts (Kreise) with districts.
* It is compared only on features that every region of the comparison has, and whose values
  differ (:func:`comparable_features`). A feature that some regions lack is left out for all of
  them, not filled in: a share imported for 4 of 400 districts would otherwise make those 4 look
  close to each other and far from the rest for no reason but the gap. The caller names the
  features used (``Comparison.features``) and those left out (``Comparison.left_out``).
* Every feature in use is z-standardised over the regions compared (mean 0, standard
  deviation 1), so that a head count and a share weigh alike; the distance is euclidean on the
  z-scores (optionally weighted). The nearest come first, ties go by key, so the answer is the
  same on every run and platform. :func:`nearest_peers` still accepts gaps (each region is then
  compared on the features both have, rescaled to the number in use), but a
  :class:`Comparison` never has any.

Types: the typologies of the Federal Institute for Research on Building, Urban Affairs and
Spatial Development (BBSR) that a municipal officer knows, computed from the registry alone;
deterministic thresholds, no clustering.
* Municipalities: the size classes of the BBSR Stadt- und Gemeindetyp by the municipality's own
  population: große Großstadt (500,000 or more), kleinere Großstadt (100,000 to 499,999),
  größere Mittelstadt (50,000 to 99,999), kleinere Mittelstadt (20,000 to 49,999), größere
  Kleinstadt (10,000 to 19,999), kleine Kleinstadt (5,000 to 9,999) and Landgemeinde (under
  5,000); each split by density at 150 inhabitants per km², the line BBSR draws between urban
  and rural districts. (BBSR classes Gemeindeverbände and also weighs central-place functions;
  the registry has neither, so this is the size class of the municipality itself.) A town of
  66,000 is a größere Mittelstadt and never shares a type with Berlin, Hamburg or München.
* Districts: the BBSR siedlungsstrukturelle Kreistypen, with "Groß- und Mittelstädte" the
  district's municipalities of 20,000 inhabitants or more: kreisfreie Großstadt (a district-free
  city of 100,000 or more); städtischer Kreis (at least half the population in Groß- and
  Mittelstädte and 150 inhabitants per km² or more, or 150 per km² or more outside them);
  ländlicher Kreis mit Verdichtungsansätzen (at least half in Groß- and Mittelstädte but under 150
  per km², or less than half and 100 per km² or more outside them); dünn besiedelter ländlicher
  Kreis (the rest).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "DENSE",
    "DISTRICT_TYPES",
    "SIZE_CLASSES",
    "Comparison",
    "FeatureMatrix",
    "Peer",
    "Standardised",
    "comparable_features",
    "comparison",
    "district_types",
    "municipality_types",
    "nearest_peers",
    "peers_within_kind",
    "standardise",
]


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


# eq=False: the fields hold arrays, which have no single truth value; identity is the useful
# equality, and it keeps the instances hashable.
@dataclass(frozen=True, eq=False)
class FeatureMatrix:
    """Regions (rows) by features (columns); NaN marks a missing value."""

    keys: tuple[str, ...]
    features: tuple[str, ...]
    values: np.ndarray
    _row: dict[str, int] = field(init=False, repr=False)
    # Position of every row in the sorted order of keys: breaks distance ties by key in numpy.
    _key_rank: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        keys = tuple(str(key) for key in self.keys)
        features = tuple(str(name) for name in self.features)
        values = np.array(self.values, dtype=np.float64)  # a copy: the caller keeps theirs
        if values.ndim != 2 or values.shape != (len(keys), len(features)):
            raise ValueError(
                f"values must have shape ({len(keys)}, {len(features)}) for "
                f"{len(keys)} keys and {len(features)} features, got {values.shape}"
            )
        if np.isinf(values).any():
            raise ValueError("values must be finite numbers or NaN for missing, not infinity")
        row = {key: i for i, key in enumerate(keys)}
        if len(row) != len(keys):
            raise ValueError("keys must be unique")
        if len(set(features)) != len(features):
            raise ValueError("feature names must be unique")
        rank = np.empty(len(keys), dtype=np.intp)
        rank[np.argsort(np.array(keys, dtype=object), kind="stable")] = np.arange(len(keys))
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "features", features)
        object.__setattr__(self, "values", _read_only(values))
        object.__setattr__(self, "_row", row)
        object.__setattr__(self, "_key_rank", _read_only(rank))

    @classmethod
    def from_rows(
        cls, rows: Mapping[str, Mapping[str, float | None]], features: Sequence[str]
    ) -> FeatureMatrix:
        """One row per key of ``rows`` in their order; a feature absent or None is missing."""
        features = tuple(features)
        values = np.full((len(rows), len(features)), np.nan)
        for i, row in enumerate(rows.values()):
            for j, name in enumerate(features):
                value = row.get(name)
                if value is not None:
                    values[i, j] = float(value)
        return cls(keys=tuple(rows), features=features, values=values)

    def index_of(self, key: str) -> int:
        """Row of ``key``; KeyError for a key not in the matrix."""
        try:
            return self._row[key]
        except KeyError:
            raise KeyError(f"no region with key {key!r} in the feature matrix") from None


@dataclass(frozen=True, eq=False)
class Standardised:
    """z-scores per column, with the mean and standard deviation they were computed from."""

    z: np.ndarray
    mean: np.ndarray
    std: np.ndarray


def standardise(values: np.ndarray) -> Standardised:
    """z-score every column, ignoring NaN (like nanmean and nanstd with ddof=0).

    A column with fewer than two values, or the same value everywhere, becomes all NaN: it
    cannot tell regions apart, and dividing by a standard deviation of 0 would make noise.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"values must be a 2-d array, got {values.ndim} dimension(s)")
    present = ~np.isnan(values)
    count = present.sum(axis=0)
    has_any = count > 0
    # Computed by hand rather than with nanmean/nanstd: an empty column would warn there.
    mean = np.divide(
        np.where(present, values, 0.0).sum(axis=0),
        count,
        out=np.full(values.shape[1], np.nan),
        where=has_any,
    )
    deviation = np.where(present, values - mean, 0.0)
    std = np.sqrt(
        np.divide(
            (deviation * deviation).sum(axis=0),
            count,
            out=np.full(values.shape[1], np.nan),
            where=has_any,
        )
    )
    # Constant is decided exactly (max == min): a rounded mean would leave a std of 1e-17 and
    # turn a constant column into z-scores of +-1.
    lowest = np.where(present, values, np.inf).min(axis=0, initial=np.inf)
    highest = np.where(present, values, -np.inf).max(axis=0, initial=-np.inf)
    constant = has_any & (highest == lowest)
    std[constant] = 0.0
    usable = (count >= 2) & ~constant & (std > 0)
    # Column-major: the peer search reads whole features at a time.
    z = np.full(values.shape, np.nan, order="F")
    np.divide(values - mean, std, out=z, where=usable[np.newaxis, :])
    return Standardised(z=_read_only(z), mean=_read_only(mean), std=_read_only(std))


@dataclass(frozen=True)
class Peer:
    """A similar region: its key, its distance in z units and how many features were compared."""

    key: str
    distance: float
    shared: int


def _weight_vector(features: tuple[str, ...], weights: Mapping[str, float] | None) -> np.ndarray:
    vector = np.ones(len(features))
    if not weights:
        return vector
    unknown = sorted(set(weights) - set(features))
    if unknown:
        raise ValueError(f"weights name unknown features: {', '.join(unknown)}")
    for j, name in enumerate(features):
        if name in weights:
            vector[j] = float(weights[name])
    if not np.isfinite(vector).all() or (vector < 0).any():
        raise ValueError("weights must be finite and not negative")
    return vector


def nearest_peers(
    matrix: FeatureMatrix,
    key: str,
    *,
    k: int = 10,
    candidates: np.ndarray | None = None,
    weights: Mapping[str, float] | None = None,
    min_shared: int = 2,
    standardised: Standardised | None = None,
) -> list[Peer]:
    """The ``k`` regions closest to ``key``, closest first, ties broken by key.

    Features in use are those with a weight above 0 whose column could be standardised. With
    weights w the distance to a region is ``sqrt(sum(w*d**2) / sum(w over shared) * sum(w in
    use))`` with d the z-difference over the features both regions have; for weights of 1
    that is the root mean square difference times the root of the number of features in use.
    It is symmetric: a to b is b to a.

    ``candidates`` is a boolean mask over rows limiting who may be a peer; the region itself
    never is. A region sharing fewer than ``min_shared`` features with the target is never a
    peer; a target with fewer than ``min_shared`` features gets no peers. Pass ``standardised``
    (from :func:`standardise` on ``matrix.values``) to reuse it between calls; z-scores are
    always relative to all rows of the matrix, not only the candidates.
    """
    if k < 0:
        raise ValueError(f"k must be 0 or more, got {k}")
    if min_shared < 1:
        raise ValueError(f"min_shared must be at least 1, got {min_shared}")
    target = matrix.index_of(key)
    n_rows = len(matrix.keys)
    if standardised is None:
        standardised = standardise(matrix.values)
    z = standardised.z
    if z.shape != matrix.values.shape:
        raise ValueError(
            f"standardised z has shape {z.shape}, the matrix has {matrix.values.shape}"
        )
    if candidates is not None:
        candidates = np.asarray(candidates)
        if candidates.dtype != np.bool_ or candidates.shape != (n_rows,):
            raise ValueError(f"candidates must be a boolean mask of shape ({n_rows},)")

    weight = _weight_vector(matrix.features, weights)
    # A column without spread (constant, too few values; all NaN in z) cannot be in use: it
    # would inflate every distance alike while carrying no information. NaN > 0 is False.
    in_use = np.flatnonzero((weight > 0) & (np.asarray(standardised.std) > 0))
    target_z = z[target, in_use]
    if k == 0 or np.count_nonzero(~np.isnan(target_z)) < min_shared:
        return []

    # Features as rows, C-contiguous: summing over axis 0 then adds feature by feature in one
    # fixed order for every region, which makes a to b and b to a bit-identical. All the work
    # is done in place in this one copy, as fresh large arrays cost more than the arithmetic.
    if in_use.size == z.shape[1]:
        diff = np.array(z.T, order="C")
    else:
        diff = np.ascontiguousarray(z.T[in_use])
    diff -= target_z[:, np.newaxis]
    missing = np.isnan(diff)
    shared = in_use.size - missing.view(np.uint8).sum(axis=0, dtype=np.int32)
    w = weight[in_use]
    diff *= diff
    uniform = bool((w == w[0]).all())
    if not uniform:
        diff *= w[:, np.newaxis]
    np.fmax(diff, 0.0, out=diff)  # squares are >= 0, so this only turns NaN into 0
    squared = diff.sum(axis=0)
    if uniform:
        squared *= w[0]
        shared_weight = shared * w[0]
    else:
        # The buffer is free again: fill it with the weights, zero them where missing, add up.
        diff[...] = w[:, np.newaxis]
        diff *= ~missing
        shared_weight = diff.sum(axis=0)

    eligible = shared >= min_shared
    eligible[target] = False
    if candidates is not None:
        eligible &= candidates
    n_eligible = int(np.count_nonzero(eligible))
    if n_eligible == 0:
        return []
    # Multiplied before dividing: with whole weights, equal gaps then rescale exactly to the
    # complete row's distance rather than an ulp off.
    squared *= float(w.sum())
    distance = np.full(n_rows, np.inf)
    np.divide(squared, shared_weight, out=distance, where=eligible)
    np.sqrt(distance, out=distance, where=eligible)

    take = min(k, n_eligible)
    if take < n_eligible:
        nearest = np.argpartition(distance, take - 1)[:take]
        # Everything tied with the k-th distance competes, so the key decides, not the
        # partition's arbitrary order.
        chosen = np.flatnonzero(distance <= distance[nearest].max())
    else:
        chosen = np.flatnonzero(eligible)
    chosen = chosen[np.lexsort((matrix._key_rank[chosen], distance[chosen]))][:take]
    return [
        Peer(key=matrix.keys[i], distance=float(distance[i]), shared=int(shared[i])) for i in chosen
    ]


# --- comparisons on complete features ------------------------------------------------------------


def comparable_features(values: np.ndarray) -> np.ndarray:
    """Per column: True when every row has a value and not all values are the same."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"values must be a 2-d array, got {values.ndim} dimension(s)")
    if values.shape[0] == 0:
        return np.zeros(values.shape[1], dtype=bool)
    complete = ~np.isnan(values).any(axis=0)
    with np.errstate(invalid="ignore"):
        spread = np.nanmax(values, axis=0, initial=-np.inf) > np.nanmin(
            values, axis=0, initial=np.inf
        )
    return complete & spread


@dataclass(frozen=True, eq=False)
class Comparison:
    """Regions of one kind on the features all of them have, ready for peer searches."""

    matrix: FeatureMatrix  # the regions compared, with only the features in use
    left_out: tuple[str, ...]  # features some region lacks, or that do not differ
    standardised: Standardised

    @property
    def features(self) -> tuple[str, ...]:
        return self.matrix.features

    def __contains__(self, key: object) -> bool:
        return key in self.matrix._row

    def peers(
        self,
        key: str,
        *,
        k: int = 10,
        candidates: np.ndarray | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> list[Peer]:
        """The ``k`` nearest regions of the comparison, nearest first, ties by key."""
        if not self.features:
            return []
        return nearest_peers(
            self.matrix,
            key,
            k=k,
            candidates=candidates,
            weights=weights,
            min_shared=len(self.features),
            standardised=self.standardised,
        )


def comparison(matrix: FeatureMatrix, rows: np.ndarray | None = None) -> Comparison:
    """The comparison of ``rows`` (a boolean mask; all rows when None) on the features every one
    of them has. z-scores are relative to these rows only."""
    if rows is None:
        rows = np.ones(len(matrix.keys), dtype=bool)
    rows = np.asarray(rows)
    if rows.dtype != np.bool_ or rows.shape != (len(matrix.keys),):
        raise ValueError(f"rows must be a boolean mask of shape ({len(matrix.keys)},)")
    picked = np.flatnonzero(rows)
    values = matrix.values[picked]
    usable = comparable_features(values)
    sub = FeatureMatrix(
        keys=tuple(matrix.keys[i] for i in picked),
        features=tuple(name for name, use in zip(matrix.features, usable, strict=True) if use),
        values=values[:, usable],
    )
    left_out = tuple(name for name, use in zip(matrix.features, usable, strict=True) if not use)
    return Comparison(matrix=sub, left_out=left_out, standardised=standardise(sub.values))


def peers_within_kind(
    matrix: FeatureMatrix, kinds: Sequence[str], key: str, *, k: int = 10
) -> tuple[Comparison, list[Peer]]:
    """The ``k`` nearest regions of the same kind as ``key``, compared on the features every
    region of that kind has; with the comparison, which names those features."""
    kinds = np.array([str(kind) for kind in kinds], dtype=object)
    if kinds.shape != (len(matrix.keys),):
        raise ValueError(f"kinds must name the kind of each of the {len(matrix.keys)} rows")
    own = kinds == kinds[matrix.index_of(key)]
    found = comparison(matrix, own.astype(bool))
    return found, found.peers(key, k=k)


# --- types ---------------------------------------------------------------------------------------

# BBSR Stadt- und Gemeindetyp: (code, lowest population), largest first.
SIZE_CLASSES = (
    ("grosse-grossstadt", 500_000),
    ("kleinere-grossstadt", 100_000),
    ("groessere-mittelstadt", 50_000),
    ("kleinere-mittelstadt", 20_000),
    ("groessere-kleinstadt", 10_000),
    ("kleine-kleinstadt", 5_000),
    ("landgemeinde", 0),
)
# Inhabitants per km² from which BBSR calls a district urban; below it, rural.
DENSE = 150.0
# Outside its Groß- and Mittelstädte, a district this dense still has "Verdichtungsansätze".
SETTLED = 100.0
# Groß- and Mittelstädte: municipalities of at least this many inhabitants.
TOWN = 20_000
DISTRICT_FREE_CITY = 100_000
DISTRICT_TYPES = (
    "kreisfreie-grossstadt",
    "staedtischer-kreis",
    "laendlicher-kreis-verdichtet",
    "duenn-besiedelt",
)


def _floats(values, n: int | None = None) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1 or (n is not None and array.shape[0] != n):
        raise ValueError("every input must be a 1-d array, one value per region")
    return array


def _density(population: np.ndarray, area: np.ndarray) -> np.ndarray:
    density = np.full(population.shape, np.nan)
    np.divide(population, area, out=density, where=area > 0)
    return density


def municipality_types(population, area) -> list[str | None]:
    """Per municipality: ``"<size class>/dense"`` or ``"<size class>/sparse"`` (see the module
    docstring); None without a population, "<size class>" alone without an area."""
    population = _floats(population)
    area = _floats(area, population.shape[0])
    density = _density(population, area)
    types: list[str | None] = []
    for people, per_km2 in zip(population.tolist(), density.tolist(), strict=True):
        if math.isnan(people):
            types.append(None)
            continue
        size = next(code for code, lowest in SIZE_CLASSES if people >= lowest)
        if math.isnan(per_km2):
            types.append(size)
        else:
            types.append(f"{size}/{'dense' if per_km2 >= DENSE else 'sparse'}")
    return types


def district_types(
    *, population, area, district_free, town_population, town_area
) -> list[str | None]:
    """Per district, its BBSR siedlungsstruktureller Kreistyp (a code of ``DISTRICT_TYPES``);
    ``town_population`` and ``town_area`` are the sums over its municipalities of ``TOWN``
    inhabitants or more. None without population or area."""
    population = _floats(population)
    n = population.shape[0]
    area = _floats(area, n)
    town_population = _floats(town_population, n)
    town_area = _floats(town_area, n)
    district_free = np.asarray(district_free, dtype=bool)
    if district_free.shape != (n,):
        raise ValueError("every input must be a 1-d array, one value per region")
    density = _density(population, area)
    rest_density = _density(population - town_population, area - town_area)
    types: list[str | None] = []
    for i in range(n):
        if math.isnan(density[i]):
            types.append(None)
        elif district_free[i] and population[i] >= DISTRICT_FREE_CITY:
            types.append(DISTRICT_TYPES[0])
        elif town_population[i] * 2 >= population[i]:
            types.append(DISTRICT_TYPES[1] if density[i] >= DENSE else DISTRICT_TYPES[2])
        elif not math.isnan(rest_density[i]) and rest_density[i] >= DENSE:
            types.append(DISTRICT_TYPES[1])
        elif not math.isnan(rest_density[i]) and rest_density[i] >= SETTLED:
            types.append(DISTRICT_TYPES[2])
        else:
            types.append(DISTRICT_TYPES[3])
    return types
