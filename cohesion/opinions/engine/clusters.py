"""Who is clustered, base clusters, opinion groups and the choice of k (algorithm notes
§1.3, §1.6, §1.7), with the fixes of §7.3: deterministic, no single-person groups, group ids
that survive updates.

Pure module (numpy and scipy only). Every k-means here is vectorised: one distance matrix
per iteration, centres by ``np.bincount``.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

from .matrix import VoteMatrix

MIN_VOTES = 7
GREEDY_N = 15


# -- who is in the conversation ------------------------------------------------------------


def in_conversation(
    matrix: VoteMatrix, *, previous: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Participants with n_votes ≥ min(7, n_cols) (raw seen cells, passes included), then the
    top voters until there are 15 (ties by row order), plus everyone in ``previous``: the set
    never shrinks."""
    n_cols = matrix.shape[1]
    counts = np.asarray(matrix.seen.getnnz(axis=1), dtype=np.int64)
    chosen = counts >= min(MIN_VOTES, n_cols)
    index = matrix._participant_index
    rows = np.fromiter((index[p] for p in previous if p in index), dtype=np.int64)
    chosen[rows] = True
    outside = len(previous) - len(rows)  # earlier members no longer in the matrix
    missing = GREEDY_N - int(chosen.sum()) - outside
    if missing > 0:
        order = np.argsort(-counts, kind="stable")
        chosen[order[~chosen[order]][:missing]] = True
    return frozenset(previous) | frozenset(
        matrix.participants[i] for i in np.flatnonzero(chosen).tolist()
    )


# -- k-means machinery ---------------------------------------------------------------------


def _sq_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    d = (
        np.einsum("ij,ij->i", points, points)[:, None]
        - 2.0 * points @ centres.T
        + np.einsum("ij,ij->i", centres, centres)[None, :]
    )
    np.maximum(d, 0.0, out=d)
    return d


# From this many point-centre pairs on, a k-d tree over the centres finds the nearest centre
# several times faster than the full distance matrix (100,000 points × 100 centres: 23 ms
# against 117 ms per Lloyd iteration); below it the matrix is cheap and keeps Pol.is's
# arithmetic exactly.
KD_TREE_PAIRS = 2_000_000


def _nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    if len(points) * len(centres) >= KD_TREE_PAIRS:
        return cKDTree(centres).query(points, workers=-1)[1].astype(np.int64)
    return np.argmin(_sq_distances(points, centres), axis=1)


def _first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """Indices of the first k distinct rows, in row order."""
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)[:k]


def _n_distinct(points: np.ndarray) -> int:
    return 0 if len(points) == 0 else len(np.unique(points, axis=0))


def _weighted_centres(
    points: np.ndarray, labels: np.ndarray, weights: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    mass = np.bincount(labels, weights=weights, minlength=m)
    sums = np.stack(
        [
            np.bincount(labels, weights=weights * points[:, d], minlength=m)
            for d in range(points.shape[1])
        ],
        axis=1,
    )
    centres = np.divide(sums, mass[:, None], out=np.zeros_like(sums), where=mass[:, None] > 0)
    return centres, mass


def _lloyd(
    points: np.ndarray,
    weights: np.ndarray,
    centres: np.ndarray,
    ids: np.ndarray,
    *,
    max_iter: int,
    tol: float | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lloyd iterations; empty clusters are dropped. Converged when every centre moved less
    than ``tol`` (None: run all ``max_iter``). Returns (labels, centres, ids, mass)."""
    labels = np.zeros(len(points), dtype=np.int64)
    mass = np.zeros(len(centres))
    for _ in range(max_iter):
        labels = _nearest(points, centres)
        new_centres, mass = _weighted_centres(points, labels, weights, len(centres))
        keep = mass > 0
        moved = np.sqrt(((new_centres - centres) ** 2).sum(axis=1))
        converged = tol is not None and bool(keep.all()) and bool(np.all(moved < tol))
        if not keep.all():
            remap = np.cumsum(keep) - 1
            labels = remap[labels]
            new_centres, mass, ids = new_centres[keep], mass[keep], ids[keep]
        centres = new_centres
        if converged:
            break
    return labels, centres, ids, mass


def _warm_centres(
    points: np.ndarray,
    weights: np.ndarray,
    previous_labels: np.ndarray,
    previous_ids: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Pol.is's clean start: recentre the previous clusters on their members' current
    positions (``previous_labels`` aligned to ``points``, −1 for points new to the
    clustering), merge identical centres, then split the most distal points off into new
    clusters until there are min(k, distinct points). Returns (centres, ids)."""
    m = len(previous_ids)
    member = previous_labels >= 0
    centres, mass = _weighted_centres(
        points[member], previous_labels[member], weights[member], max(m, 1)
    )
    keep = mass[:m] > 0
    centres, ids = centres[:m][keep], previous_ids[keep]
    if len(centres):
        _, first = np.unique(centres, axis=0, return_index=True)
        first = np.sort(first)
        centres, ids = centres[first], ids[first]
    target = min(k, _n_distinct(points))
    next_id = int(previous_ids.max()) + 1 if len(previous_ids) else 0
    if len(centres) == 0 and target > 0:
        centres = points[_first_distinct(points, 1)]
        ids = np.array([next_id], dtype=np.int64)
        next_id += 1
    if len(centres) < target:
        nearest = _sq_distances(points, centres).min(axis=1)
        extra_centres, extra_ids = [], []
        for _ in range(target - len(centres)):
            far = int(np.argmax(nearest))
            if nearest[far] <= 0.0:
                break
            extra_centres.append(points[far])
            extra_ids.append(next_id)
            next_id += 1
            nearest = np.minimum(nearest, ((points - points[far]) ** 2).sum(axis=1))
        if extra_centres:
            centres = np.vstack([centres, np.asarray(extra_centres)])
            ids = np.concatenate([ids, np.asarray(extra_ids, dtype=np.int64)])
    return centres, ids.astype(np.int64)


# -- base clusters ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BaseClusters:
    """``labels[i]`` is the position (into ``ids``/``centres``/``sizes``) of point i's cluster;
    ``ids`` are stable cluster ids (kept across warm starts)."""

    labels: np.ndarray  # (n_points,) int
    centres: np.ndarray  # (m, 2)
    sizes: np.ndarray  # (m,) int
    ids: np.ndarray  # (m,) int

    def __len__(self) -> int:
        return len(self.ids)


def base_clusters(
    points: np.ndarray,
    *,
    k: int = 100,
    previous: BaseClusters | None = None,
    max_iter: int = 100,
    tol: float = 0.01,
) -> BaseClusters:
    """k-means on the 2-D participant projections.

    Cold: the first k distinct points in row order are the initial centres. Warm
    (``previous``, whose ``labels`` must be aligned to ``points``: −1 for new points): the
    Pol.is clean start (see ``_warm_centres``). Then Lloyd iterations until every centre moves
    less than ``tol``; empty clusters are dropped.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    weights = np.ones(len(points))
    if len(points) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return BaseClusters(empty, np.zeros((0, 2)), empty, empty)
    if previous is not None and len(previous.ids):
        labels_prev = np.asarray(previous.labels, dtype=np.int64)
        if labels_prev.shape != (len(points),):
            raise ValueError("previous.labels must be aligned to points (-1 for new points)")
        centres, ids = _warm_centres(points, weights, labels_prev, np.asarray(previous.ids), k)
    else:
        first = _first_distinct(points, k)
        centres, ids = points[first].copy(), np.arange(len(first), dtype=np.int64)
    labels, centres, ids, mass = _lloyd(points, weights, centres, ids, max_iter=max_iter, tol=tol)
    return BaseClusters(labels, centres, mass.astype(np.int64), ids)


# -- groups ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GroupClustering:
    """A clustering of the base clusters into groups. ``labels[b]`` is the group (position
    into ``centres``/``sizes``) of base cluster b (in the order of ``BaseClusters``)."""

    k: int
    labels: np.ndarray  # (n_base,) int
    centres: np.ndarray  # (n_groups, 2); n_groups ≤ k (empty or merged groups are dropped)
    sizes: np.ndarray  # (n_groups,) participants
    silhouette: float


def max_group_k(n_base: int, max_k: int = 5) -> int:
    return min(max_k, 2 + n_base // 12)


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Unweighted mean silhouette over the items of ``distances`` (a square distance matrix).
    An item alone in its group scores 0; a single group scores 0."""
    n = len(labels)
    groups = np.unique(labels)
    if n == 0 or len(groups) < 2:
        return 0.0
    onehot = (labels[:, None] == groups[None, :]).astype(np.float64)  # n × g
    counts = onehot.sum(axis=0)
    totals = distances @ onehot  # n × g: summed distance to each group
    own = np.searchsorted(groups, labels)
    own_count = counts[own] - 1
    a = np.divide(totals[np.arange(n), own], own_count, out=np.zeros(n), where=own_count > 0)
    means = totals / counts[None, :]
    means[np.arange(n), own] = np.inf
    b = means.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros(n), where=denom > 0)
    s[own_count == 0] = 0.0
    return float(s.mean())


def _merge_small(
    centres: np.ndarray,
    labels: np.ndarray,
    base_points: np.ndarray,
    weights: np.ndarray,
    min_size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge every group with fewer than ``min_size`` participants into the nearest other
    group (smallest first), recentring as it goes. Returns (labels, centres, mass)."""
    m = len(centres)
    c, mass = _weighted_centres(base_points, labels, weights, m)
    c = np.where(mass[:, None] > 0, c, centres)
    alive = mass > 0
    while alive.sum() > 1:
        small = np.flatnonzero(alive & (mass < min_size))
        if len(small) == 0:
            break
        g = small[np.argmin(mass[small])]
        d = ((c - c[g]) ** 2).sum(axis=1)
        d[~alive] = np.inf
        d[g] = np.inf
        target = int(np.argmin(d))
        labels = np.where(labels == g, target, labels)
        total = mass[target] + mass[g]
        c[target] = (c[target] * mass[target] + c[g] * mass[g]) / total
        mass[target], mass[g] = total, 0.0
        alive[g] = False
    remap = np.cumsum(alive) - 1
    return remap[labels], c[alive], mass[alive]


def group_clusterings(
    base: BaseClusters,
    *,
    max_k: int | None = None,
    previous: Mapping[int, GroupClustering] | None = None,
    previous_labels: Mapping[int, np.ndarray] | None = None,
    iterations: int = 20,
    min_group_size: int = 2,
) -> dict[int, GroupClustering]:
    """Weighted k-means over the base centres (weights = base sizes) for
    k = 2..min(5, 2 + n_base // 12) (``max_k`` caps it further).

    Cold init: the first k distinct base centres. Warm (``previous[k]``): start from its
    centres, recentred on the current base centres of its members when ``previous_labels[k]``
    (aligned to ``base``, −1 for new base clusters) is given. Then ``iterations`` Lloyd steps
    (Pol.is runs 20), then groups with fewer than ``min_group_size`` participants are merged
    into the nearest other group. Silhouette: unweighted mean over base clusters on the
    distance matrix between base centres.
    """
    n_base = len(base)
    upper = max_group_k(n_base)
    if max_k is not None:
        upper = min(upper, max_k)
    points = np.asarray(base.centres, dtype=np.float64)
    weights = np.asarray(base.sizes, dtype=np.float64)
    distances = np.sqrt(_sq_distances(points, points)) if n_base else np.zeros((0, 0))
    np.fill_diagonal(distances, 0.0)
    distinct = _n_distinct(points)
    result: dict[int, GroupClustering] = {}
    for k in range(2, upper + 1):
        if distinct < k:
            break
        init = None
        if previous is not None and k in previous and len(previous[k].centres):
            prev = previous[k]
            init = np.asarray(prev.centres, dtype=np.float64).copy()
            if previous_labels is not None and k in previous_labels:
                lab = np.asarray(previous_labels[k], dtype=np.int64)
                member = lab >= 0
                if member.any():
                    c, mass = _weighted_centres(
                        points[member], lab[member], weights[member], len(init)
                    )
                    init = np.where(mass[:, None] > 0, c, init)
            _, first = np.unique(init, axis=0, return_index=True)
            init = init[np.sort(first)]
            if len(init) < k:
                nearest = _sq_distances(points, init).min(axis=1)
                while len(init) < k and nearest.max() > 0:
                    far = int(np.argmax(nearest))
                    init = np.vstack([init, points[far]])
                    nearest = np.minimum(nearest, ((points - points[far]) ** 2).sum(axis=1))
            init = init[:k]
        if init is None:
            init = points[_first_distinct(points, k)].copy()
        labels, centres, _, _ = _lloyd(
            points, weights, init, np.arange(len(init)), max_iter=iterations, tol=None
        )
        if min_group_size > 1:
            labels, centres, mass = _merge_small(centres, labels, points, weights, min_group_size)
        else:
            _, mass = _weighted_centres(points, labels, weights, len(centres))
        result[k] = GroupClustering(
            k=k,
            labels=labels,
            centres=centres,
            sizes=mass.astype(np.int64),
            silhouette=silhouette(distances, labels),
        )
    return result


# -- the k-smoother ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KChoice:
    k: int | None  # the k shown (smoothed)
    candidate: int | None  # the k that won the last update
    streak: int  # how many consecutive updates ``candidate`` has won


def choose_k(
    silhouettes: Mapping[int, float],
    *,
    previous_k: int | None = None,
    previous_candidate: int | None = None,
    streak: int = 0,
    buffer: int = 4,
) -> KChoice:
    """The best-silhouette k (ties: the smaller k) replaces the current k only once it has won
    ``buffer`` consecutive updates; the first update (no current k, or the current k no longer
    available) takes the best directly."""
    if not silhouettes:
        return KChoice(previous_k, previous_candidate, streak)
    best = max(sorted(silhouettes), key=lambda k: silhouettes[k])
    new_streak = streak + 1 if best == previous_candidate else 1
    if previous_k is None or previous_k not in silhouettes or new_streak >= buffer:
        return KChoice(best, best, new_streak)
    return KChoice(previous_k, best, new_streak)


# -- stable group ids ------------------------------------------------------------------------------


def stable_group_ids(
    new_labels: Mapping[Hashable, int], previous: Mapping[Hashable, int]
) -> dict[int, int]:
    """Map each new group label to a group id: Hungarian matching on member overlap with the
    previous groups (only pairs that share members are matched); unmatched new groups get
    the smallest ids used neither by a previous group nor by a match, in label order."""
    keys = list(new_labels)
    new = np.fromiter((new_labels[p] for p in keys), dtype=np.int64, count=len(keys))
    old = np.fromiter((previous.get(p, -1) for p in keys), dtype=np.int64, count=len(keys))
    return match_group_ids(new, old, previous_ids=set(previous.values()))


def match_group_ids(
    new: np.ndarray, old: np.ndarray, *, previous_ids: set[int] | None = None
) -> dict[int, int]:
    """``stable_group_ids`` on aligned arrays: ``new[i]`` the new label of member i,
    ``old[i]`` its previous group id (−1: none). ``previous_ids``: every previous group id
    (default: those seen in ``old``)."""
    new_groups = np.unique(new)
    known = old >= 0
    old_groups = np.unique(old[known])
    used = set(previous_ids) if previous_ids is not None else set()
    used.update(old_groups.tolist())
    mapping: dict[int, int] = {}
    if len(new_groups) and len(old_groups):
        rows = np.searchsorted(new_groups, new[known])
        cols = np.searchsorted(old_groups, old[known])
        overlap = np.zeros((len(new_groups), len(old_groups)))
        np.add.at(overlap, (rows, cols), 1.0)
        r, c = linear_sum_assignment(overlap, maximize=True)
        for i, j in zip(r.tolist(), c.tolist(), strict=True):
            if overlap[i, j] > 0:
                mapping[int(new_groups[i])] = int(old_groups[j])
    used.update(mapping.values())
    fresh = 0
    for g in new_groups.tolist():
        if g not in mapping:
            while fresh in used:
                fresh += 1
            mapping[int(g)] = fresh
            used.add(fresh)
    return mapping
