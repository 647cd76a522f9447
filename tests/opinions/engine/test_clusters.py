"""In-conv, base clusters, groups, silhouette, the k-smoother, minimum group size, stable ids."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.opinions.engine.clusters import (
    BaseClusters,
    base_clusters,
    choose_k,
    group_clusterings,
    in_conversation,
    max_group_k,
    silhouette,
    stable_group_ids,
)
from cohesion.opinions.engine.matrix import VoteMatrix


def matrix_with_counts(counts: list[int], n_cols: int) -> VoteMatrix:
    cells = {(i, j): 1 for i, c in enumerate(counts) for j in range(c)}
    return VoteMatrix.from_cells(
        participants=tuple(f"p{i}" for i in range(len(counts))),
        statements=tuple(f"s{j}" for j in range(n_cols)),
        cells=cells,
    )


# -- in-conv -------------------------------------------------------------------------------


def test_in_conv_threshold_then_greedy_top_voters_ties_by_row_order():
    # 5 participants with ≥ 7 votes, then 20 with 1..3 votes
    counts = [7, 8, 9, 10, 7] + [3, 1, 2, 3, 1] * 4
    matrix = matrix_with_counts(counts, 10)
    members = in_conversation(matrix)
    assert len(members) == 15
    assert {f"p{i}" for i in range(5)} <= members
    threes = [i for i, c in enumerate(counts) if c == 3]  # 8 of them
    twos = [i for i, c in enumerate(counts) if c == 2]
    assert {f"p{i}" for i in threes} <= members
    assert {f"p{i}" for i in twos[:2]} <= members  # 5 + 8 + 2 = 15: the first two twos
    assert not {f"p{i}" for i in twos[2:]} & members


def test_in_conv_threshold_is_min_7_and_n_cols():
    matrix = matrix_with_counts([3] * 20 + [2] * 5, 3)
    assert in_conversation(matrix) == {f"p{i}" for i in range(20)}


def test_in_conv_never_shrinks():
    matrix = matrix_with_counts([7] * 20 + [1], 10)
    assert "p20" not in in_conversation(matrix)
    members = in_conversation(matrix, previous=frozenset({"p20", "gone"}))
    assert {"p20", "gone"} <= members
    assert len(members) == 22


# -- base clusters ---------------------------------------------------------------------------


def test_base_cold_init_is_first_distinct_points_in_row_order():
    points = np.array([[0, 0], [0, 0], [0, 0], [10, 0], [10, 0], [20, 0]], dtype=float)
    base = base_clusters(points, k=2)
    # init (0,0) and (10,0); (20,0) joins the second
    assert base.centres == pytest.approx(np.array([[0.0, 0.0], [40 / 3, 0.0]]))
    assert base.sizes.tolist() == [3, 3]
    assert base.labels.tolist() == [0, 0, 0, 1, 1, 1]
    assert base.ids.tolist() == [0, 1]


def test_base_k_capped_by_distinct_points_and_sizes_sum():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(500, 2)).round(1)
    base = base_clusters(points, k=100)
    assert len(base) <= 100
    assert base.sizes.sum() == 500
    assert np.all(base.sizes > 0)
    few = base_clusters(np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), k=100)
    assert len(few) == 2


def test_base_warm_start_keeps_ids_and_adds_new_ones():
    rng = np.random.default_rng(1)
    points = np.vstack([rng.normal(0, 0.1, (30, 2)), rng.normal(5, 0.1, (30, 2))])
    cold = base_clusters(points, k=2)
    moved = points + 0.01
    far = np.vstack([moved, [[50.0, 50.0]]])
    previous = BaseClusters(
        labels=np.concatenate([cold.labels, [-1]]),
        centres=cold.centres,
        sizes=cold.sizes,
        ids=cold.ids + 10,
    )
    warm = base_clusters(far, k=3, previous=previous)
    assert warm.ids.tolist() == [10, 11, 12]
    assert warm.labels[-1] == 2
    assert np.array_equal(warm.labels[:-1], cold.labels)


def test_base_deterministic():
    rng = np.random.default_rng(2)
    points = rng.normal(size=(1000, 2))
    a, b = base_clusters(points), base_clusters(points)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.centres, b.centres)


# -- groups ----------------------------------------------------------------------------------


def base_of(centres, sizes) -> BaseClusters:
    centres = np.asarray(centres, dtype=float)
    return BaseClusters(
        labels=np.zeros(0, dtype=np.int64),
        centres=centres,
        sizes=np.asarray(sizes, dtype=np.int64),
        ids=np.arange(len(centres)),
    )


def test_k_range():
    assert [max_group_k(n) for n in (1, 11, 12, 24, 36, 100)] == [2, 2, 3, 4, 5, 5]
    rng = np.random.default_rng(3)
    many = base_of(rng.normal(size=(100, 2)), np.ones(100))
    assert sorted(group_clusterings(many)) == [2, 3, 4, 5]
    assert sorted(group_clusterings(many, max_k=3)) == [2, 3]
    few = base_of(rng.normal(size=(11, 2)), np.ones(11))
    assert sorted(group_clusterings(few)) == [2]


def test_groups_cold_init_first_distinct_and_weighted():
    base = base_of([[0, 0], [0, 0.0], [1, 0], [9, 0], [10, 0]], [5, 5, 1, 1, 10])
    clustering = group_clusterings(base)[2]
    assert clustering.labels.tolist() == [0, 0, 0, 1, 1]
    assert clustering.sizes.tolist() == [11, 11]
    assert clustering.centres[1] == pytest.approx([(9 + 100) / 11, 0])


def test_silhouette_by_hand():
    x = np.array([0.0, 1.0, 10.0, 11.0])
    d = np.abs(x[:, None] - x[None, :])
    s0 = (10.5 - 1) / 10.5
    s1 = (9.5 - 1) / 9.5
    assert silhouette(d, np.array([0, 0, 1, 1])) == pytest.approx((s0 + s1 + s1 + s0) / 4)
    # a singleton group's member scores 0
    y = np.array([0.0, 10.0, 11.0])
    d = np.abs(y[:, None] - y[None, :])
    assert silhouette(d, np.array([0, 1, 1])) == pytest.approx((0 + 9 / 10 + 10 / 11) / 3)
    assert silhouette(d, np.array([0, 0, 0])) == 0.0


def test_no_single_person_groups():
    base = base_of([[0, 0], [0.1, 0], [5, 0], [5.1, 0], [1000, 0]], [10, 10, 10, 10, 1])
    raw = group_clusterings(base, min_group_size=1)[2]
    assert sorted(raw.sizes.tolist()) == [1, 40]
    merged = group_clusterings(base)[2]
    assert merged.sizes.tolist() == [41]
    assert set(merged.labels.tolist()) == {0}
    assert merged.silhouette == 0.0


def test_groups_warm_start_from_previous_same_k():
    base = base_of([[0, 0], [1, 0], [9, 0], [10, 0]], [1, 1, 1, 1])
    cold = group_clusterings(base)
    warm = group_clusterings(base, previous=cold)
    assert np.array_equal(warm[2].labels, cold[2].labels)
    assert warm[2].centres == pytest.approx(cold[2].centres)


# -- k-smoother -------------------------------------------------------------------------------


def test_k_smoother_switches_only_after_four_wins():
    choice = choose_k({2: 0.5, 3: 0.4})
    assert (choice.k, choice.candidate, choice.streak) == (2, 2, 1)
    history = []
    for _ in range(4):
        choice = choose_k(
            {2: 0.4, 3: 0.5},
            previous_k=choice.k,
            previous_candidate=choice.candidate,
            streak=choice.streak,
        )
        history.append(choice.k)
    assert history == [2, 2, 2, 3]
    assert choice.streak == 4
    # an interruption resets the streak
    scores = {2: 0.5, 3: 0.4, 4: 0.6}
    fourth = choose_k(scores, previous_k=3, previous_candidate=4, streak=3)
    assert (fourth.k, fourth.candidate, fourth.streak) == (4, 4, 4)
    reset = choose_k(scores, previous_k=3, previous_candidate=2, streak=3)
    assert (reset.k, reset.candidate, reset.streak) == (3, 4, 1)


def test_k_smoother_takes_best_when_current_k_unavailable_and_ties_smaller_k():
    assert choose_k({2: 0.5}, previous_k=4, previous_candidate=4, streak=9).k == 2
    assert choose_k({2: 0.5, 3: 0.5}).k == 2


# -- stable ids ---------------------------------------------------------------------------------


def test_hungarian_stable_ids():
    previous = {"a": 0, "b": 0, "c": 1, "d": 1, "x": 7}
    new = {"a": 1, "b": 1, "c": 0, "d": 0, "e": 2}
    assert stable_group_ids(new, previous) == {1: 0, 0: 1, 2: 2}
    # a group that overlaps nobody gets an id no previous group used
    assert stable_group_ids({"z": 0, "a": 1}, {"a": 0, "c": 1}) == {1: 0, 0: 2}
    assert stable_group_ids({"a": 3, "b": 5}, {}) == {3: 0, 5: 1}


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 4), min_size=1, max_size=40),
    st.permutations(list(range(5))),
)
def test_relabelled_groups_keep_their_ids(labels, permutation):
    previous = {f"p{i}": g for i, g in enumerate(labels)}
    new = {p: permutation[g] for p, g in previous.items()}
    mapping = stable_group_ids(new, previous)
    assert {p: mapping[g] for p, g in new.items()} == previous


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=2, max_size=30))
def test_silhouette_bounds_and_base_partition(raw):
    points = np.asarray(raw, dtype=float)
    base = base_clusters(points, k=5)
    assert base.sizes.sum() == len(points)
    assert np.all(base.sizes > 0)
    for clustering in group_clusterings(base).values():
        assert -1.0 <= clustering.silhouette <= 1.0
        assert clustering.sizes.sum() == len(points)
        assert np.all(clustering.sizes >= 2) or len(clustering.sizes) == 1
