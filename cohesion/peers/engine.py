"""Peers and types of municipalities from standardised indicators; numpy only, no Django.

Method, in the spirit of the Wegweiser Kommune "Demografietypen":

* Every indicator is z-standardised over all regions (mean 0, standard deviation 1), so that a
  head count in the hundred thousands and a share between 0 and 1 weigh alike. A column that
  is constant, or has fewer than two values, says nothing about difference and becomes all NaN.
* The distance between two regions is NaN-aware: only features both regions have are compared.
  It is the root of the (weighted) mean squared z-difference over those shared features, times
  the root of the number of features in use. For two complete rows that is exactly the
  euclidean distance; for a row with gaps each missing feature counts as if it differed by the
  average of the others. Summing over the shared features alone would make a region with
  fewer figures look closer than a complete one, just because it has less to differ in.
* The typology is k-means (k-means++ start) on the z-scores, missing values imputed with 0,
  the mean. Types are numbered so that type 0 has the largest centre on the first feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "FeatureMatrix",
    "Peer",
    "Standardised",
    "Typology",
    "nearest_peers",
    "standardise",
    "typology",
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


@dataclass(frozen=True, eq=False)
class Typology:
    """A type per row (-1: too few features), the type centres in z units, the fit's inertia."""

    labels: np.ndarray
    centres: np.ndarray
    n_types: int
    inertia: float


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2, all pairs at once; clipped as rounding can dip below 0.
    result = (
        (points * points).sum(axis=1)[:, np.newaxis]
        - 2.0 * points @ centres.T
        + (centres * centres).sum(axis=1)[np.newaxis, :]
    )
    return np.maximum(result, 0.0, out=result)


def _kmeans_plus_plus(points: np.ndarray, n_types: int, rng: np.random.Generator) -> np.ndarray:
    n_points = len(points)
    chosen = [int(rng.integers(n_points))]
    closest = _squared_distances(points, points[chosen])[:, 0]
    for _ in range(1, n_types):
        total = closest.sum()
        if total > 0:
            # A point is drawn with probability proportional to its squared distance.
            cumulative = np.cumsum(closest)
            index = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
            index = min(index, n_points - 1)
        else:  # every point sits on a centre already: any point will do
            index = int(rng.integers(n_points))
        chosen.append(index)
        closest = np.minimum(closest, _squared_distances(points, points[[index]])[:, 0])
    return points[chosen].copy()


def typology(
    matrix: FeatureMatrix,
    *,
    n_types: int = 8,
    seed: int = 0,
    min_features: int = 2,
    standardised: Standardised | None = None,
    max_iter: int = 100,
) -> Typology:
    """Group the regions into ``n_types`` types by k-means on their z-scores.

    Rows with fewer than ``min_features`` z-scores are left out (label -1); in the others a
    missing z-score is taken as 0, the mean. The start is k-means++ drawn from
    ``np.random.default_rng(seed)``, so a seed always gives the same result; a type left empty
    is re-seeded with the point farthest from its centre.

    Numbering: types are sorted by their centre on the first feature, largest first, so type 0
    is the one with the highest mean z-score (gaps as 0) of ``matrix.features[0]``; ties go by
    the next features, then by the order k-means found them in. ``centres`` follow that
    numbering. ``inertia`` is the sum of squared distances of the rows to their type centre.
    """
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1, got {max_iter}")
    if min_features < 0:
        raise ValueError(f"min_features must be 0 or more, got {min_features}")
    if standardised is None:
        standardised = standardise(matrix.values)
    z = standardised.z
    if z.shape != matrix.values.shape:
        raise ValueError(
            f"standardised z has shape {z.shape}, the matrix has {matrix.values.shape}"
        )
    usable = (~np.isnan(z)).sum(axis=1) >= min_features
    n_usable = int(np.count_nonzero(usable))
    if n_types < 1:
        raise ValueError(f"n_types must be at least 1, got {n_types}")
    if n_types > n_usable:
        raise ValueError(
            f"n_types is {n_types}, but only {n_usable} regions have at least "
            f"{min_features} features: ask for at most {n_usable} types"
        )
    points = np.ascontiguousarray(np.nan_to_num(z[usable], nan=0.0))
    rng = np.random.default_rng(seed)
    centres = _kmeans_plus_plus(points, n_types, rng)

    rows = np.arange(n_usable)
    labels = None
    for _ in range(max_iter):
        distances = _squared_distances(points, centres)
        new_labels = distances.argmin(axis=1)
        counts = np.bincount(new_labels, minlength=n_types)
        for empty in np.flatnonzero(counts == 0):
            # Take the worst-served point from a type that can spare one.
            spare = counts[new_labels] > 1
            farthest = int(np.argmax(np.where(spare, distances[rows, new_labels], -1.0)))
            counts[new_labels[farthest]] -= 1
            new_labels[farthest] = empty
            counts[empty] = 1
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        one_hot = np.zeros((n_usable, n_types))
        one_hot[rows, labels] = 1.0
        centres = (one_hot.T @ points) / counts[:, np.newaxis]

    # Readable numbering: descending centre on the first feature, then the next ones.
    sort_keys = [np.arange(n_types)]  # last resort: the order found, for identical centres
    sort_keys += [-centres[:, j] for j in reversed(range(centres.shape[1]))]
    order = np.lexsort(sort_keys)
    renumber = np.empty(n_types, dtype=np.intp)
    renumber[order] = np.arange(n_types)
    inertia = float(((points - centres[labels]) ** 2).sum())
    all_labels = np.full(len(matrix.keys), -1, dtype=np.intp)
    all_labels[usable] = renumber[labels]
    return Typology(
        labels=_read_only(all_labels),
        centres=_read_only(np.ascontiguousarray(centres[order])),
        n_types=n_types,
        inertia=inertia,
    )
