"""Statement statistics: hand-computed cases, selection rules and properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.opinions.engine import stats
from cohesion.opinions.engine.matrix import VoteMatrix

Z = 1.2816


def build(columns: dict[str, list], participants=None, moderated=()) -> VoteMatrix:
    """A matrix from columns of votes (None = not seen), participants p0, p1, ..."""
    n = len(next(iter(columns.values())))
    participants = participants or tuple(f"p{i}" for i in range(n))
    cells = {
        (i, j): vote
        for j, votes in enumerate(columns.values())
        for i, vote in enumerate(votes)
        if vote is not None
    }
    return VoteMatrix.from_cells(
        participants=tuple(participants),
        statements=tuple(columns),
        cells=cells,
        moderated_out=moderated,
    )


# ---------------------------------------------------------------------------------------------
# The tiny case: 5 participants × 3 statements, group 0 = p0 p1 p2, group 1 = p3 p4.
#
#        p0  p1  p2 | p3  p4
#   s1   +1  +1  +1 | −1  −1
#   s2   +1   0  −1 | +1   .
#   s3   −1  −1   . | +1  +1

TINY = {
    "s1": [1, 1, 1, -1, -1],
    "s2": [1, 0, -1, 1, None],
    "s3": [-1, -1, None, 1, 1],
}
GROUPS = {"p0": 0, "p1": 0, "p2": 0, "p3": 1, "p4": 1}


def z2(s_in, s_out, n_in, n_out):
    """The two-proportion z by hand (counts already +1)."""
    pi1, pi2, pi_hat = s_in / n_in, s_out / n_out, (s_in + s_out) / (n_in + n_out)
    return (pi1 - pi2) / math.sqrt(pi_hat * (1 - pi_hat) * (1 / n_in + 1 / n_out))


@pytest.fixture
def tiny():
    return build(TINY)


def test_group_votes_by_hand(tiny):
    tallies = stats.group_votes(tiny, GROUPS)
    assert list(tallies) == [0, 1]
    assert tallies[0].n_members == 3 and tallies[1].n_members == 2
    assert tallies[0].agree.tolist() == [3, 1, 0]
    assert tallies[0].disagree.tolist() == [0, 1, 2]
    assert tallies[0].seen.tolist() == [3, 3, 2]
    assert tallies[1].agree.tolist() == [0, 1, 2]
    assert tallies[1].disagree.tolist() == [2, 0, 0]
    assert tallies[1].seen.tolist() == [2, 1, 2]
    assert tallies[0].passed.tolist() == [0, 1, 0]


def test_tests_by_hand():
    # prop-test(3 of 3) = 2·√4·(4/4 − ½) = 2
    assert stats.prop_test(3, 3) == pytest.approx(2.0)
    assert stats.prop_test(1, 3) == pytest.approx(0.0)
    # two-prop test with +1 pseudo-counts; π̂ = 1 → 0
    assert stats.two_prop_test(3, 0, 3, 2) == pytest.approx(z2(4, 1, 4, 3))
    assert stats.two_prop_test(3, 2, 3, 2) == 0.0
    assert stats.probability(3, 3) == pytest.approx(0.8)


def test_repness_group_0_by_hand(tiny):
    result = stats.repness(tiny, GROUPS)
    g0 = result[0]
    # s1: passes on agree (rat ≈ 1.93, pat = 2); s3 passes on disagree (rdt = pdt = √3);
    # s2 passes nothing. Best-agree: s1 (first with pat > z; s2 and s3 don't beat
    # r_a·rat·p_a·pat = 3.2·1.93·0.8·2).
    assert [(e.statement, e.side, e.best_agree) for e in g0] == [
        ("s1", "agree", True),
        ("s3", "disagree", False),
    ]
    s1, s3 = g0
    rat = z2(4, 1, 4, 3)  # in: 3 of 3 agree; rest: 0 of 2
    assert rat == pytest.approx((2 / 3) / math.sqrt(5 / 42))
    assert (s1.n_success, s1.n_trials) == (3, 3)
    assert s1.p_success == pytest.approx(4 / 5)
    assert s1.p_test == pytest.approx(2.0)
    assert s1.repness == pytest.approx((4 / 5) / (1 / 4))
    assert s1.repness_test == float(np.float32(rat))
    assert s1.metric == pytest.approx(3.2 * rat * 0.8 * 2.0, rel=1e-7)
    # s3: 2 of 2 disagree in, 0 of 2 in the rest
    assert (s3.n_success, s3.n_trials) == (2, 2)
    assert s3.p_success == pytest.approx(3 / 4)
    assert s3.p_test == pytest.approx(math.sqrt(3))
    assert s3.repness == pytest.approx((3 / 4) / (1 / 4))
    assert s3.repness_test == pytest.approx(z2(3, 1, 3, 3), rel=1e-7)
    assert z2(3, 1, 3, 3) == pytest.approx(math.sqrt(3))


def test_repness_group_1_by_hand(tiny):
    g1 = stats.repness(tiny, GROUPS)[1]
    # s1 passes on disagree: rdt = 0.75·√7 ≈ 1.98, pdt = √3; metric 3.75·1.98·0.75·√3 ≈ 9.67.
    # s3 passes on agree: rat = pat = √3; metric 3·√3·0.75·√3 = 6.75.
    # Best-agree: s1 does not qualify (pat < z, r_a < 1); s2 does (pat = √2 > z), then s3 beats
    # s2 on r_a·rat·p_a·pat (6.75 > 5/3·1.22·2/3·√2). So: [s3 (best-agree), s1], agrees first.
    assert [(e.statement, e.side, e.best_agree) for e in g1] == [
        ("s3", "agree", True),
        ("s1", "disagree", False),
    ]
    s3, s1 = g1
    assert s1.repness_test == pytest.approx(0.75 * math.sqrt(7), rel=1e-7)
    assert s1.repness == pytest.approx((3 / 4) / (1 / 5))
    assert s1.metric > s3.metric  # ranked second only because best-agree goes first
    assert s3.repness == pytest.approx(3.0)
    assert s3.p_test == pytest.approx(math.sqrt(3))


def test_consensus_and_gac_by_hand(tiny):
    # Over all 5: s1 3/5 agree → p = 4/7, pat = 2√6(4/6 − ½) ≈ 0.82 < z; s2 p_a = 3/6 = 0.5 is not
    # > 0.5; s3 p_a = p_d = 0.5. Nothing is consensus.
    result = stats.consensus(tiny)
    assert result.agree == [] and result.disagree == []
    gac = stats.group_aware_consensus(tiny, GROUPS)
    assert gac["s1"] == pytest.approx((4 / 5) * (1 / 4), abs=1e-15)
    assert gac["s2"] == pytest.approx((2 / 5) * (2 / 3), abs=1e-15)
    assert gac["s3"] == pytest.approx((1 / 4) * (3 / 4), abs=1e-15)
    gacd = stats.group_aware_consensus_disagree(tiny, GROUPS)
    assert gacd["s1"] == pytest.approx((1 / 5) * (3 / 4), abs=1e-15)


def test_consensus_by_hand_with_a_unanimous_statement():
    matrix = build({**TINY, "s4": [1, 1, 1, 1, 1], "s5": [-1, -1, -1, -1, 0]})
    result = stats.consensus(matrix)
    (entry,) = result.agree
    assert entry.statement == "s4"
    assert (entry.n_success, entry.n_trials) == (5, 5)
    assert entry.p_success == pytest.approx(6 / 7)
    assert entry.p_test == pytest.approx(2 * math.sqrt(6) * 0.5)
    (entry,) = result.disagree
    assert entry.statement == "s5"
    assert entry.p_success == pytest.approx(5 / 7)
    assert entry.p_test == pytest.approx(2 * math.sqrt(6) * (5 / 6 - 0.5))
    # s4 for group 0: 3 of 3 agree and 2 of 2 in the rest: π̂ = 1, so rat = 0 and it can't pass
    stats_ = stats._repness_stats(matrix, GROUPS)
    assert stats_.rat[0, 3] == 0.0


def test_priorities_by_hand(tiny):
    extremity = np.array([0.5, 0.0, 1.0])
    result = stats.priorities(tiny, GROUPS, extremity)
    # s1: A = 3, D = 2, S = 5, P = 0: p = 1/7, a = 4/7
    importance = (1 - 1 / 7) * 1.5 * (4 / 7)
    assert result["s1"] == pytest.approx((importance * (1 + 8 * 2 ** (-1))) ** 2)
    # s2: A = 2, D = 1, S = 4, P = 1: p = 2/6, a = 3/6
    importance = (1 - 2 / 6) * 1.0 * (3 / 6)
    assert result["s2"] == pytest.approx((importance * (1 + 8 * 2 ** (-4 / 5))) ** 2)
    # only group members count by default; "all" counts everybody
    partial = stats.priorities(tiny, {"p0": 0}, extremity)
    assert partial["s1"] == pytest.approx(
        ((1 - 1 / 3) * 1.5 * (2 / 3) * (1 + 8 * 2 ** (-1 / 5))) ** 2
    )
    assert stats.priorities(tiny, {"p0": 0}, extremity, counts_from="all") == result
    with pytest.raises(ValueError):
        stats.priorities(tiny, GROUPS, np.zeros(2))


# ---------------------------------------------------------------------------------------------
# Moderated-out columns


def test_moderated_column():
    matrix = build(TINY, moderated={"s3"})
    # raw group tallies don't change
    assert stats.group_votes(matrix, GROUPS)[0].disagree.tolist() == [0, 1, 2]
    # the rating matrix: s3 is seen-and-passed by every member of the set
    st_ = stats._repness_stats(matrix, GROUPS)
    assert st_.na[:, 2].tolist() == [0, 0] and st_.nd[:, 2].tolist() == [0, 0]
    assert st_.ns[:, 2].tolist() == [3, 2]
    # the other columns are unchanged
    plain = stats._repness_stats(build(TINY), GROUPS)
    np.testing.assert_array_equal(st_.rat[:, :2], plain.rat[:, :2])
    # never selected; group 1's best-agree falls back to s2 (s3 was the best)
    result = stats.repness(matrix, GROUPS)
    assert all(e.statement != "s3" for entries in result.values() for e in entries)
    assert [(e.statement, e.side, e.best_agree) for e in result[1]] == [
        ("s2", "agree", True),
        ("s1", "disagree", False),
    ]
    # consensus: excluded even when unanimous
    unanimous = build({**TINY, "s4": [1, 1, 1, 1, 1]}, moderated={"s4"})
    assert stats.consensus(unanimous).agree == []
    # GAC uses the raw tallies; priorities: 0, or 49 for a meta statement
    assert stats.group_aware_consensus(matrix, GROUPS) == stats.group_aware_consensus(
        build(TINY), GROUPS
    )
    extremity = np.ones(3)
    assert stats.priorities(matrix, GROUPS, extremity)["s3"] == 0.0
    assert stats.priorities(matrix, GROUPS, extremity, meta={"s3"})["s3"] == 49.0


def test_everything_moderated_gives_empty_lists():
    matrix = build(TINY, moderated=set(TINY))
    assert stats.repness(matrix, GROUPS) == {0: [], 1: []}


# ---------------------------------------------------------------------------------------------
# Selection rules


def two_camps(columns: dict[str, tuple[list, list]], size: int = 10) -> tuple[VoteMatrix, dict]:
    """Group 0 = a0.., group 1 = b0..; each column gives (group 0's votes, group 1's votes)."""
    participants = [f"a{i}" for i in range(size)] + [f"b{i}" for i in range(size)]
    full = {s: list(g0) + list(g1) for s, (g0, g1) in columns.items()}
    groups = {p: (0 if p.startswith("a") else 1) for p in participants}
    return build(full, participants=participants), groups


def test_take_five_and_ties_by_statement_order():
    # eight identical statements: group 0 all agree, group 1 all disagree
    matrix, groups = two_camps({f"s{j}": ([1] * 10, [-1] * 10) for j in range(8)})
    result = stats.repness(matrix, groups)
    # group 0: best-agree is the first (ties don't beat), then the tied rest in column order
    assert [e.statement for e in result[0]] == ["s0", "s1", "s2", "s3", "s4"]
    assert [e.best_agree for e in result[0]] == [True, False, False, False, False]
    # group 1: everything passes on disagree, no best-agree: the passing list itself
    assert [(e.statement, e.side) for e in result[1]] == [(f"s{j}", "disagree") for j in range(5)]
    assert not any(e.best_agree for e in result[1])


def test_agrees_before_disagrees():
    matrix, groups = two_camps(
        {
            "a1": ([1] * 10, [-1] * 10),
            "a2": ([1] * 8 + [0] * 2, [1] * 2 + [0] * 8),
            "d1": ([-1] * 9 + [0], [1] * 10),
        }
    )
    st_ = stats._repness_stats(matrix, groups)
    metric = {
        "a1": st_.ra[0, 0] * st_.rat[0, 0] * st_.pa[0, 0] * st_.pat[0, 0],
        "a2": st_.ra[0, 1] * st_.rat[0, 1] * st_.pa[0, 1] * st_.pat[0, 1],
        "d1": st_.rd[0, 2] * st_.rdt[0, 2] * st_.pd[0, 2] * st_.pdt[0, 2],
    }
    assert metric["a1"] > metric["d1"] > metric["a2"]  # by metric: a1, d1, a2
    result = stats.repness(matrix, groups)[0]
    assert [(e.statement, e.side) for e in result] == [
        ("a1", "agree"),
        ("a2", "agree"),
        ("d1", "disagree"),
    ]


def test_fallback_to_best_agree():
    # everybody agrees: nothing is representative (rat = 0, π̂ = 1), but pat > z
    matrix, groups = two_camps({"s0": ([0] * 10, [0] * 10), "s1": ([1] * 10, [1] * 10)})
    result = stats.repness(matrix, groups)
    for g in (0, 1):
        assert [(e.statement, e.side, e.best_agree) for e in result[g]] == [
            ("s1", "disagree", True)  # rat = 0 is not > rdt = 0: the side rule says disagree
        ]
        assert result[g][0].repness_test == 0.0


def test_fallback_to_best():
    # no agree anywhere; s1 has one disagree in group 0: not significant, but the best test
    matrix, groups = two_camps(
        {"s0": ([0] * 10, [0] * 10), "s1": ([-1] + [0] * 9, [0] * 10), "s2": ([0] * 10, [0] * 10)}
    )
    result = stats.repness(matrix, groups)
    assert [(e.statement, e.side, e.best_agree) for e in result[0]] == [("s1", "disagree", False)]
    # group 1: s1's rdt for group 1 is negative, s0 and s2 are 0: the first maximum wins
    assert [e.statement for e in result[1]] == ["s0"]


def test_repness_test_is_float32_rounded(tiny):
    entry = stats.repness(tiny, GROUPS)[0][0]
    exact = z2(4, 1, 4, 3)
    assert entry.repness_test == float(np.float32(exact))
    assert entry.repness_test != exact


def test_consensus_take_five_sorted_ties_by_order():
    columns = {f"s{j}": [1] * 6 for j in range(7)}
    columns["s7"] = [1] * 5 + [0]
    columns["s8"] = [1] * 6
    matrix = build(columns)
    agree = stats.consensus(matrix).agree
    assert [e.statement for e in agree] == ["s0", "s1", "s2", "s3", "s4"]
    matrix = build({"x": [1, 1, 1, 1, 1, 0], "y": [1] * 6, "z": [1] * 6})
    assert [e.statement for e in stats.consensus(matrix).agree] == ["y", "z", "x"]


def test_unknown_and_unclustered_participants():
    matrix = build(TINY)
    groups = {**GROUPS, "nobody": 3}
    assert list(stats.group_votes(matrix, groups)) == [0, 1]
    # no groups at all: empty results, GAC the empty product
    assert stats.repness(matrix, {}) == {}
    assert stats.group_aware_consensus(matrix, {}) == {"s1": 1.0, "s2": 1.0, "s3": 1.0}


# ---------------------------------------------------------------------------------------------
# Properties


@st.composite
def conversations(draw):
    n = draw(st.integers(2, 12))
    c = draw(st.integers(1, 8))
    votes = draw(
        st.lists(
            st.lists(st.sampled_from([None, -1, 0, 1]), min_size=n, max_size=n),
            min_size=c,
            max_size=c,
        )
    )
    columns = {
        f"s{j}": column for j, column in enumerate(votes) if any(v is not None for v in column)
    }
    if not columns:
        columns = {"s0": [1] + [None] * (n - 1)}
    labels = draw(st.lists(st.sampled_from([None, 0, 1, 2]), min_size=n, max_size=n))
    moderated = draw(st.sets(st.sampled_from(sorted(columns))))
    matrix = build(columns, moderated=moderated)
    groups = {p: g for p, g in zip(matrix.participants, labels, strict=True) if g is not None}
    return matrix, groups


@settings(max_examples=150, deadline=None)
@given(conversations())
def test_properties(case):
    matrix, groups = case
    order = {s: j for j, s in enumerate(matrix.statements)}
    for entries in stats.repness(matrix, groups).values():
        assert len(entries) <= 5
        sides = [e.side for e in entries]
        assert sides == sorted(sides)  # agrees before disagrees
        assert sum(e.best_agree for e in entries) <= 1
        for e in entries:
            assert 0 < e.p_success < 1 and e.repness > 0
            assert e.statement not in matrix.moderated_out
            assert 0 <= e.n_success <= e.n_trials
    result = stats.consensus(matrix)
    for entries in (result.agree, result.disagree):
        assert len(entries) <= 5
        for e in entries:
            assert 0.5 < e.p_success < 1 and e.p_test > Z
            assert e.statement not in matrix.moderated_out
        keys = [(-e.p_success * e.p_test, order[e.statement]) for e in entries]
        assert keys == sorted(keys)
    for gac in (
        stats.group_aware_consensus(matrix, groups),
        stats.group_aware_consensus_disagree(matrix, groups),
    ):
        assert set(gac) == set(matrix.statements)
        assert all(0 < v <= 1 for v in gac.values())
    priority = stats.priorities(matrix, groups, np.zeros(matrix.shape[1]))
    assert all(v >= 0 and math.isfinite(v) for v in priority.values())
