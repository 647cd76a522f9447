"""One update of the opinion map: in-conv → PCA → projections → base clusters → groups → k.

Pure module (numpy and scipy only). ``compute(matrix)`` is the Pol.is cold start (algorithm
notes §1); ``compute(matrix, previous=state)`` continues from the state of the last update
(warm-started PCA, base clusters and groups, the k-smoother, stable group ids). The state is
plain lists and numbers (``to_dict`` / ``from_dict``), so a restart cannot change the groups.
"""

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .clusters import (
    BaseClusters,
    GroupClustering,
    KChoice,
    base_clusters,
    choose_k,
    group_clusterings,
    in_conversation,
    match_group_ids,
)
from .matrix import VoteMatrix
from .pca import PCA, pca, project_participants, project_statements, statement_extremity

BASE_K = 100
GROUP_ITERATIONS = 20
K_BUFFER = 4


@dataclass
class OpinionState:
    """Everything the next update needs. Plain Python values only."""

    statements: list[str] = field(default_factory=list)  # column order of the components
    in_conv: list[str] = field(default_factory=list)
    pca_center: list[float] = field(default_factory=list)
    pca_components: list[list[float]] = field(default_factory=list)
    base_ids: list[int] = field(default_factory=list)
    base_centres: list[list[float]] = field(default_factory=list)
    base_members: list[list[str]] = field(default_factory=list)  # participant ids per base cluster
    # k -> {"centres": [[x, y], ...], "labels": [group position per base cluster (base_ids order)]}
    group_clusterings: dict[int, dict[str, list]] = field(default_factory=dict)
    k: int | None = None
    k_candidate: int | None = None
    k_streak: int = 0
    group_ids: dict[str, int] = field(default_factory=dict)  # participant id -> group id

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": list(self.statements),
            "in_conv": list(self.in_conv),
            "pca_center": list(self.pca_center),
            "pca_components": [list(row) for row in self.pca_components],
            "base_ids": list(self.base_ids),
            "base_centres": [list(row) for row in self.base_centres],
            "base_members": [list(m) for m in self.base_members],
            "group_clusterings": {
                str(k): {"centres": [list(c) for c in g["centres"]], "labels": list(g["labels"])}
                for k, g in self.group_clusterings.items()
            },
            "k": self.k,
            "k_candidate": self.k_candidate,
            "k_streak": self.k_streak,
            "group_ids": dict(self.group_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "OpinionState":
        return cls(
            statements=[str(s) for s in data["statements"]],
            in_conv=[str(p) for p in data["in_conv"]],
            pca_center=[float(v) for v in data["pca_center"]],
            pca_components=[[float(v) for v in row] for row in data["pca_components"]],
            base_ids=[int(i) for i in data["base_ids"]],
            base_centres=[[float(v) for v in row] for row in data["base_centres"]],
            base_members=[[str(p) for p in m] for m in data["base_members"]],
            group_clusterings={
                int(k): {
                    "centres": [[float(v) for v in c] for c in g["centres"]],
                    "labels": [int(v) for v in g["labels"]],
                }
                for k, g in data["group_clusterings"].items()
            },
            k=None if data["k"] is None else int(data["k"]),
            k_candidate=None if data["k_candidate"] is None else int(data["k_candidate"]),
            k_streak=int(data["k_streak"]),
            group_ids={str(p): int(g) for p, g in data["group_ids"].items()},
        )


@dataclass(eq=False)
class OpinionMap:
    participant_ids: tuple[str, ...]  # matrix row order
    participant_points: np.ndarray  # (N, 2), rows as participant_ids
    participants: dict[str, tuple[float, float]]
    statements: dict[str, tuple[float, float]]
    extremity: dict[str, float]
    pca: PCA
    in_conv: frozenset[str]
    clustered_ids: tuple[str, ...]  # the in-conv participants present in the matrix, row order
    base: BaseClusters  # over clustered_ids
    base_members: dict[int, list[str]]  # base cluster id -> participant ids
    k: int | None
    k_choice: KChoice
    clusterings: dict[int, GroupClustering]
    silhouettes: dict[int, float]
    groups: dict[str, int]  # clustered participant id -> group id
    group_sizes: dict[int, int]
    timings: dict[str, float]
    state: OpinionState


def _lookup(keys: np.ndarray, values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """values[keys == q] for every query (−1 where absent); vectorised on string arrays."""
    if len(keys) == 0 or len(queries) == 0:
        return np.full(len(queries), -1, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    pos = np.searchsorted(sorted_keys, queries)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    found = sorted_keys[pos] == queries
    return np.where(found, values[order][pos], -1).astype(np.int64)


def _as_str_array(items) -> np.ndarray:
    items = list(items)
    return np.asarray(items, dtype=str) if items else np.zeros(0, dtype="<U1")


def _previous_components(previous: OpinionState, statements: np.ndarray) -> np.ndarray | None:
    if not previous.pca_components or not previous.statements:
        return None
    old = np.asarray(previous.pca_components, dtype=np.float64)
    where = _lookup(
        _as_str_array(previous.statements), np.arange(len(previous.statements)), statements
    )
    aligned = np.zeros((old.shape[0], len(statements)))
    known = where >= 0
    aligned[:, known] = old[:, where[known]]
    return aligned


def compute(
    matrix: VoteMatrix, *, previous: OpinionState | None = None, seed: int = 0
) -> OpinionMap:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    start = clock
    participants = _as_str_array(matrix.participants)
    statements = _as_str_array(matrix.statements)

    members = in_conversation(
        matrix, previous=frozenset(previous.in_conv) if previous else frozenset()
    )
    conv_mask = (
        np.isin(participants, _as_str_array(members))
        if members
        else np.zeros(len(participants), dtype=bool)
    )
    conv_rows = np.flatnonzero(conv_mask)
    clustered = participants[conv_rows]
    lap("in_conv")

    warm = _previous_components(previous, statements) if previous else None
    model = pca(matrix, previous=warm, seed=seed)
    lap("pca")

    points = project_participants(matrix, model)
    statement_points = project_statements(matrix, model)
    extremity = statement_extremity(statement_points)
    lap("projection")

    base_previous = None
    if previous and previous.base_ids:
        sizes = [len(m) for m in previous.base_members]
        flat = _as_str_array(p for m in previous.base_members for p in m)
        positions = np.repeat(np.arange(len(sizes)), sizes)
        labels = _lookup(flat, positions, clustered)
        base_previous = BaseClusters(
            labels=labels,
            centres=np.asarray(previous.base_centres, dtype=np.float64).reshape(-1, 2),
            sizes=np.asarray(sizes, dtype=np.int64),
            ids=np.asarray(previous.base_ids, dtype=np.int64),
        )
    base = base_clusters(points[conv_rows], k=BASE_K, previous=base_previous)
    lap("base_clusters")

    group_previous: dict[int, GroupClustering] = {}
    group_previous_labels: dict[int, np.ndarray] = {}
    if previous and previous.group_clusterings:
        old_base = np.asarray(previous.base_ids, dtype=np.int64)
        order = np.argsort(old_base)
        pos = np.searchsorted(old_base[order], base.ids)
        pos = np.minimum(pos, max(len(old_base) - 1, 0))
        found = old_base[order][pos] == base.ids if len(old_base) else np.zeros(0, bool)
        for k, g in previous.group_clusterings.items():
            centres = np.asarray(g["centres"], dtype=np.float64).reshape(-1, 2)
            old_labels = np.asarray(g["labels"], dtype=np.int64)
            aligned = np.full(len(base), -1, dtype=np.int64)
            if len(old_labels) == len(old_base) and len(old_base):
                aligned[found] = old_labels[order][pos[found]]
            group_previous[k] = GroupClustering(k, old_labels, centres, np.zeros(0), 0.0)
            group_previous_labels[k] = aligned
    clusterings = group_clusterings(
        base,
        previous=group_previous,
        previous_labels=group_previous_labels,
        iterations=GROUP_ITERATIONS,
    )
    silhouettes = {k: g.silhouette for k, g in clusterings.items()}
    if previous:
        choice = choose_k(
            silhouettes,
            previous_k=previous.k,
            previous_candidate=previous.k_candidate,
            streak=previous.k_streak,
            buffer=K_BUFFER,
        )
    else:
        choice = choose_k(silhouettes, buffer=K_BUFFER)
    lap("groups")

    group_of_point = np.full(len(conv_rows), -1, dtype=np.int64)
    group_sizes: dict[int, int] = {}
    if choice.k is not None and choice.k in clusterings:
        chosen = clusterings[choice.k]
        labels = chosen.labels[base.labels]
        if previous and previous.group_ids:
            old_ids = _lookup(
                _as_str_array(previous.group_ids),
                np.fromiter(previous.group_ids.values(), dtype=np.int64),
                clustered,
            )
            mapping = match_group_ids(
                labels, old_ids, previous_ids=set(previous.group_ids.values())
            )
        else:
            mapping = match_group_ids(labels, np.full(len(labels), -1, dtype=np.int64))
        translate = np.zeros(len(chosen.centres), dtype=np.int64)
        for label, gid in mapping.items():
            translate[label] = gid
        group_of_point = translate[labels]
        ids, counts = np.unique(group_of_point, return_counts=True)
        group_sizes = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    lap("group_ids")

    clustered_list = clustered.tolist()
    groups = (
        dict(zip(clustered_list, group_of_point.tolist(), strict=True))
        if choice.k is not None
        else {}
    )
    member_order = np.argsort(base.labels, kind="stable")
    bounds = np.cumsum(np.bincount(base.labels, minlength=len(base)))[:-1]
    member_lists = (
        [part.tolist() for part in np.split(clustered[member_order], bounds)] if len(base) else []
    )
    state = OpinionState(
        statements=statements.tolist(),
        in_conv=sorted(members),
        pca_center=model.center.tolist(),
        pca_components=model.components.tolist(),
        base_ids=base.ids.tolist(),
        base_centres=base.centres.tolist(),
        base_members=member_lists,
        group_clusterings={
            k: {"centres": g.centres.tolist(), "labels": g.labels.tolist()}
            for k, g in clusterings.items()
        },
        k=choice.k,
        k_candidate=choice.candidate,
        k_streak=choice.streak,
        group_ids=groups,
    )
    participant_ids = matrix.participants
    result = OpinionMap(
        participant_ids=participant_ids,
        participant_points=points,
        participants=dict(zip(participant_ids, map(tuple, points.tolist()), strict=True)),
        statements=dict(zip(matrix.statements, map(tuple, statement_points.tolist()), strict=True)),
        extremity=dict(zip(matrix.statements, extremity.tolist(), strict=True)),
        pca=model,
        in_conv=members,
        clustered_ids=tuple(clustered_list),
        base=base,
        base_members=dict(zip(base.ids.tolist(), member_lists, strict=True)),
        k=choice.k,
        k_choice=choice,
        clusterings=clusterings,
        silhouettes=silhouettes,
        groups=groups,
        group_sizes=group_sizes,
        timings=timings,
        state=state,
    )
    lap("output")
    timings["total"] = time.perf_counter() - start
    return result
