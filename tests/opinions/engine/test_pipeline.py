"""compute(): determinism, JSON state round trip, warm updates."""

import json

import numpy as np
import pytest

from cohesion.opinions.engine.matrix import Vote, VoteMatrix
from cohesion.opinions.engine.pipeline import OpinionState, compute
from tests.opinions.polis_data import adjusted_rand_index, load_conversation


def synthetic(n: int = 300, c: int = 60, seed: int = 0, density: float = 0.5) -> list[Vote]:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 2, n)
    side = rng.choice([-1, 1], size=(2, c))
    votes = []
    for i in range(n):
        for j in np.flatnonzero(rng.random(c) < density):
            agree = side[group[i], j] > 0
            vote = 1 if (rng.random() < 0.85) == agree else -1
            votes.append(Vote(f"p{i}", f"s{j}", vote, timestamp=i * 1000 + int(j)))
    return votes


def same_map(a, b) -> None:
    assert a.groups == b.groups
    assert a.k == b.k
    assert a.silhouettes == b.silhouettes
    assert np.array_equal(a.participant_points, b.participant_points)
    assert a.state.to_dict() == b.state.to_dict()


def test_shape_of_the_result():
    matrix = VoteMatrix.from_votes(synthetic(), moderated_out=["s3"])
    result = compute(matrix)
    assert set(result.participants) == set(matrix.participants)
    assert set(result.statements) == set(result.extremity) == set(matrix.statements)
    assert result.statements["s3"] == (0.0, 0.0)
    assert set(result.groups) == set(result.clustered_ids) <= result.in_conv
    assert result.k == 2
    assert sum(result.group_sizes.values()) == len(result.groups)
    assert set(result.timings) >= {"pca", "projection", "base_clusters", "groups", "total"}
    json.dumps(result.state.to_dict())


def test_two_planted_groups_are_found():
    votes = synthetic(seed=4)
    result = compute(VoteMatrix.from_votes(votes))
    rng = np.random.default_rng(4)
    planted = rng.integers(0, 2, 300)
    ids = list(result.groups)
    truth = [planted[int(p[1:])] for p in ids]
    assert adjusted_rand_index(truth, [result.groups[p] for p in ids]) > 0.95


def test_not_in_conv_participants_are_projected_but_not_grouped():
    votes = synthetic(n=60, c=30)
    votes += [Vote("lurker", "s1", 1, timestamp=10**9)]
    result = compute(VoteMatrix.from_votes(votes))
    assert "lurker" in result.participants
    assert "lurker" not in result.in_conv
    assert "lurker" not in result.groups


def test_deterministic():
    matrix = VoteMatrix.from_votes(synthetic(seed=1))
    same_map(compute(matrix), compute(matrix))


def test_state_round_trip_gives_the_same_update():
    votes = synthetic(seed=2)
    first = compute(VoteMatrix.from_votes(votes[:-500]))
    restored = OpinionState.from_dict(json.loads(json.dumps(first.state.to_dict())))
    assert restored.to_dict() == first.state.to_dict()
    later = VoteMatrix.from_votes(votes)
    same_map(compute(later, previous=first.state), compute(later, previous=restored))


def test_warm_update_keeps_groups_and_in_conv():
    votes = synthetic(seed=3)
    cut = len(votes) * 4 // 5
    first = compute(VoteMatrix.from_votes(votes[:cut]))
    second = compute(VoteMatrix.from_votes(votes), previous=first.state)
    assert first.in_conv <= second.in_conv
    common = [p for p in first.groups if p in second.groups]
    agree = np.mean([first.groups[p] == second.groups[p] for p in common])
    assert agree > 0.95  # same ids, not only the same partition
    assert second.k_choice.candidate == 2
    assert second.state.k_streak == 2
    assert set(second.base.ids.tolist()) & set(first.base.ids.tolist())


def test_in_conv_persists_through_the_state():
    early = [Vote(f"p{i}", f"s{j}", 1) for i in range(3) for j in range(2)]
    first = compute(VoteMatrix.from_votes(early))
    assert first.in_conv == {"p0", "p1", "p2"}  # n_cols = 2 < 7
    later = early + [Vote(f"q{i}", f"s{j}", -1) for i in range(20) for j in range(9)]
    second = compute(VoteMatrix.from_votes(later), previous=first.state)
    assert {"p0", "p1", "p2"} <= second.in_conv


@pytest.mark.shared_data
def test_real_conversation_deterministic_and_round_trip():
    matrix, _ = load_conversation("scoop-hivemind.biodiversity")
    first, again = compute(matrix), compute(matrix)
    same_map(first, again)
    restored = OpinionState.from_dict(json.loads(json.dumps(first.state.to_dict())))
    same_map(compute(matrix, previous=first.state), compute(matrix, previous=restored))
    warm = compute(matrix, previous=first.state)
    assert warm.groups == first.groups  # nothing changed: nothing moves


def test_empty_and_tiny():
    empty = VoteMatrix.from_votes([])
    result = compute(empty)
    assert result.groups == {} and result.k is None
    tiny = VoteMatrix.from_votes([Vote("a", "s", 1), Vote("b", "s", -1)])
    result = compute(tiny)
    assert result.in_conv == {"a", "b"}
    json.dumps(result.state.to_dict())
