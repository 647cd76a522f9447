"""Statement statistics of the opinion map: group tallies, repness, consensus, routing priority.

Pure module (numpy and scipy only). Re-implemented from the formulas in the algorithm notes
(``opinion-map-algorithm.md`` §1.2, §1.8–§1.12); red-dwarf is the test oracle.

Two views of the votes are used, as in Pol.is (§1.2):

* the **raw** matrix (``matrix.agree``/``disagree``/``seen`` as given) for the group tallies
  (:func:`group_votes`), group-aware consensus and the routing priority;
* the **rating** matrix, where every moderated-out column is zeroed: the whole column counts as
  seen-and-passed by *every* participant of the set (n_a = n_d = 0, n_s = size of the set). It is
  used for repness and consensus. Since every statistic is per column, this only changes the
  moderated-out statements' own numbers, and those are never selected.

Group membership is ``groups: dict[participant id, group id]`` for the clustered participants
only; a participant absent from it is in no group (but still counts for consensus, which is over
everybody). Ids in ``groups`` that have no row in the matrix (no votes) are ignored.

Everything is vectorised over statements and groups; only the final per-group selection walks
the handful of candidates.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from .matrix import VoteMatrix

#: One-sided 90 % critical value, as Pol.is hard-codes it (``z-sig-90?``).
Z_90 = 1.2816
#: How many statements a group's repness list and each consensus list keep.
PICK_MAX = 5
#: Pol.is gives meta statements an unsquared priority of 7, hence 49.
META_PRIORITY = 49.0

Side = Literal["agree", "disagree"]


@dataclass(frozen=True, eq=False)
class GroupTally:
    """Per-statement vote counts of one group's members (arrays in matrix column order)."""

    n_members: int
    agree: np.ndarray  # A
    disagree: np.ndarray  # D
    seen: np.ndarray  # S: any vote, passes included

    @property
    def passed(self) -> np.ndarray:
        return self.seen - self.agree - self.disagree


@dataclass(frozen=True)
class Repness:
    statement: str
    side: Side
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float  # rounded through float32, as Pol.is stores it
    best_agree: bool = False

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


@dataclass(frozen=True)
class ConsensusEntry:
    statement: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class Consensus:
    agree: list[ConsensusEntry]
    disagree: list[ConsensusEntry]


# --------------------------------------------------------------------------------------------
# Tests and probabilities (elementwise over numpy arrays)


def probability(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Laplace-smoothed proportion (s + 1) / (n + 2)."""
    return (np.asarray(successes) + 1) / (np.asarray(trials) + 2)


def prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """One-sample test 2·√(n+1)·((s+1)/(n+1) − ½)."""
    s = np.asarray(successes) + 1
    n = np.asarray(trials) + 1
    return 2 * np.sqrt(n) * (s / n - 0.5)


def two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    """Two-sample z with +1 pseudo-counts on all four counts; 0 where the pooled π̂ is 1."""
    s1 = np.asarray(succ_in) + 1
    s2 = np.asarray(succ_out) + 1
    n1 = np.asarray(n_in) + 1
    n2 = np.asarray(n_out) + 1
    pi1 = s1 / n1
    pi2 = s2 / n2
    pi_hat = (s1 + s2) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (pi1 - pi2) / np.sqrt(pi_hat * (1 - pi_hat) * (1 / n1 + 1 / n2))
    return np.where(pi_hat == 1, 0.0, z)


# --------------------------------------------------------------------------------------------
# Counting


def _membership(
    matrix: VoteMatrix, groups: Mapping[str, int]
) -> tuple[list[int], sparse.csr_matrix]:
    """Group ids (sorted) and the groups × participants 0/1 matrix."""
    index = matrix._participant_index
    pairs = [(index[p], g) for p, g in groups.items() if p in index]
    group_ids = sorted({g for _, g in pairs})
    column = {g: k for k, g in enumerate(group_ids)}
    rows = np.fromiter((column[g] for _, g in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    membership = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int64), (rows, cols)),
        shape=(len(group_ids), matrix.shape[0]),
    )
    return group_ids, membership


def _group_counts(
    matrix: VoteMatrix, membership: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raw (A, D, S), each groups × statements int64: one sparse product per indicator."""
    return tuple(  # type: ignore[return-value]
        np.asarray((membership @ indicator).todense(), dtype=np.int64)
        for indicator in (matrix.agree, matrix.disagree, matrix.seen)
    )


def _zero_out(
    a: np.ndarray, d: np.ndarray, s: np.ndarray, sizes: np.ndarray, moderated: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rating-matrix counts: a moderated-out column is seen-and-passed by the whole set."""
    a, d, s = a.copy(), d.copy(), s.copy()
    a[..., moderated] = 0
    d[..., moderated] = 0
    s[..., moderated] = np.asarray(sizes)[..., None]
    return a, d, s


def group_votes(matrix: VoteMatrix, groups: Mapping[str, int]) -> dict[int, GroupTally]:
    """A, D, S per statement over each group's members, from the raw matrix (§1.8)."""
    group_ids, membership = _membership(matrix, groups)
    a, d, s = _group_counts(matrix, membership)
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    return {
        g: GroupTally(n_members=int(sizes[k]), agree=a[k], disagree=d[k], seen=s[k])
        for k, g in enumerate(group_ids)
    }


# --------------------------------------------------------------------------------------------
# Representativeness (§1.9)


@dataclass(frozen=True, eq=False)
class _RepnessStats:
    """Everything of §1.9 as groups × statements arrays (rating-matrix counts)."""

    group_ids: list[int]
    na: np.ndarray
    nd: np.ndarray
    ns: np.ndarray
    pa: np.ndarray
    pd: np.ndarray
    pat: np.ndarray
    pdt: np.ndarray
    ra: np.ndarray
    rd: np.ndarray
    rat: np.ndarray
    rdt: np.ndarray


def _repness_stats(matrix: VoteMatrix, groups: Mapping[str, int]) -> _RepnessStats:
    group_ids, membership = _membership(matrix, groups)
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    na, nd, ns = _zero_out(*_group_counts(matrix, membership), sizes, matrix.moderated_mask)
    # "rest" = all other groups' members summed
    rna, rnd, rns = (x.sum(axis=0, keepdims=True) - x for x in (na, nd, ns))
    pa, pd = probability(na, ns), probability(nd, ns)
    return _RepnessStats(
        group_ids=group_ids,
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / probability(rna, rns),
        rd=pd / probability(rnd, rns),
        rat=two_prop_test(na, rna, ns, rns),
        rdt=two_prop_test(nd, rnd, ns, rns),
    )


def _best_agree(st: _RepnessStats, k: int, allowed: np.ndarray) -> int | None:
    """Column of the best-agree statement of group row ``k`` (the cascading rule), or None.

    Scanning the statements in order, a candidate replaces the current best when it beats it;
    instead of visiting every statement we jump to the next one that beats the current best.
    """
    ra, rat, pa, pat = st.ra[k], st.rat[k], st.pa[k], st.pat[k]
    eligible = allowed & ((st.na[k] + st.nd[k]) > 0)
    full = ra * rat * pa * pat  # used while the current best has r_a > 1
    prob = pa * pat  # used otherwise
    first = np.flatnonzero(eligible & ((pat > Z_90) | ((ra > 1.0) & (pa > 0.5))))
    if not len(first):
        return None
    best = int(first[0])
    while True:
        metric = full if ra[best] > 1.0 else prob
        later = eligible[best + 1 :] & (metric[best + 1 :] > metric[best])
        following = np.flatnonzero(later)
        if not len(following):
            return best
        best += 1 + int(following[0])


def _entry(
    st: _RepnessStats, k: int, j: int, statement: str, *, best_agree: bool = False
) -> Repness:
    agree = bool(st.rat[k, j] > st.rdt[k, j])
    n, p, pt, r, rt = (
        (st.na, st.pa, st.pat, st.ra, st.rat) if agree else (st.nd, st.pd, st.pdt, st.rd, st.rdt)
    )
    return Repness(
        statement=statement,
        side="agree" if agree else "disagree",
        n_success=int(n[k, j]),
        n_trials=int(st.ns[k, j]),
        p_success=float(p[k, j]),
        p_test=float(pt[k, j]),
        repness=float(r[k, j]),
        repness_test=float(np.float32(rt[k, j])),
        best_agree=best_agree,
    )


def repness(
    matrix: VoteMatrix, groups: Mapping[str, int], *, pick_max: int = PICK_MAX
) -> dict[int, list[Repness]]:
    """The representative statements of each group, selected per §1.9.

    Per group: the best-agree statement first (flagged), then the statements passing the test
    sorted by repness × repness_test × p_success × p_test (descending, ties in statement order),
    the first ``pick_max``, then agrees before disagrees. If none passes: [best-agree], else
    [best] (highest max(rat, rdt)). Moderated-out statements are never selected.
    """
    st = _repness_stats(matrix, groups)
    allowed = ~matrix.moderated_mask
    z_agree = (st.rat > Z_90) & (st.pat > Z_90)
    z_disagree = (st.rdt > Z_90) & (st.pdt > Z_90)
    passes = (z_agree | z_disagree) & allowed
    agree_side = st.rat > st.rdt
    # the metric with the float32-stored repness-test, side by side
    r = np.where(agree_side, st.ra, st.rd)
    rt = np.where(agree_side, st.rat, st.rdt).astype(np.float32).astype(np.float64)
    p = np.where(agree_side, st.pa, st.pd)
    pt = np.where(agree_side, st.pat, st.pdt)
    metric = r * rt * p * pt
    best_test = np.where(allowed, np.maximum(st.rat, st.rdt), -np.inf)
    statements = matrix.statements

    result: dict[int, list[Repness]] = {}
    for k, g in enumerate(st.group_ids):
        best_agree = _best_agree(st, k, allowed)
        passing = np.flatnonzero(passes[k])
        if len(passing):
            ranked = passing[np.argsort(-metric[k, passing], kind="stable")]
            chosen = [] if best_agree is None else [best_agree]
            chosen += [int(j) for j in ranked if j != best_agree]
            entries = [
                _entry(st, k, j, statements[j], best_agree=(j == best_agree))
                for j in chosen[:pick_max]
            ]
            # agrees before disagrees, keeping the order within each side (stable)
            entries.sort(key=lambda e: e.side != "agree")
        elif best_agree is not None:
            entries = [_entry(st, k, best_agree, statements[best_agree], best_agree=True)]
        elif allowed.any():
            j = int(np.argmax(best_test[k]))
            entries = [_entry(st, k, j, statements[j])]
        else:
            entries = []
        result[g] = entries
    return result


# --------------------------------------------------------------------------------------------
# Consensus (§1.10) and group-aware consensus (§1.11)


def consensus(matrix: VoteMatrix, *, pick_max: int = PICK_MAX) -> Consensus:
    """Top agree and disagree statements over all participants (rating matrix, §1.10)."""
    n = matrix.shape[0]
    counts = (
        np.asarray(m.sum(axis=0), dtype=np.int64).ravel()
        for m in (matrix.agree, matrix.disagree, matrix.seen)
    )
    moderated = matrix.moderated_mask
    na, nd, ns = _zero_out(*counts, n, moderated)

    def side(successes: np.ndarray) -> list[ConsensusEntry]:
        p = probability(successes, ns)
        pt = prop_test(successes, ns)
        keep = np.flatnonzero((p > 0.5) & (pt > Z_90) & ~moderated)
        ranked = keep[np.argsort(-(p[keep] * pt[keep]), kind="stable")][:pick_max]
        return [
            ConsensusEntry(
                statement=matrix.statements[j],
                n_success=int(successes[j]),
                n_trials=int(ns[j]),
                p_success=float(p[j]),
                p_test=float(pt[j]),
            )
            for j in ranked
        ]

    return Consensus(agree=side(na), disagree=side(nd))


def _gac(matrix: VoteMatrix, groups: Mapping[str, int], which: int) -> dict[str, float]:
    _, membership = _membership(matrix, groups)
    counts = _group_counts(matrix, membership)
    values = probability(counts[which], counts[2]).prod(axis=0)  # no groups: all 1.0
    return dict(zip(matrix.statements, values.tolist(), strict=True))


def group_aware_consensus(matrix: VoteMatrix, groups: Mapping[str, int]) -> dict[str, float]:
    """Π over groups of (A_g + 1)/(S_g + 2), from the raw group tallies (§1.11)."""
    return _gac(matrix, groups, 0)


def group_aware_consensus_disagree(
    matrix: VoteMatrix, groups: Mapping[str, int]
) -> dict[str, float]:
    """Π over groups of (D_g + 1)/(S_g + 2): red-dwarf's disagree variant."""
    return _gac(matrix, groups, 1)


# --------------------------------------------------------------------------------------------
# Routing priority (§1.12)


def priorities(
    matrix: VoteMatrix,
    groups: Mapping[str, int],
    extremity: np.ndarray,
    *,
    meta: Iterable[str] = (),
    counts_from: Literal["groups", "all"] = "groups",
) -> dict[str, float]:
    """Routing priority per statement: [(1−p)(E+1)a · (1 + 8·2^(−S/5))]² (§1.12).

    p = (P+1)/(S+2), a = (A+1)/(S+2), P = S − A − D, counted from the raw matrix. By default
    the counts are the group tallies summed over the groups (clustered participants), which is
    what Pol.is reads (its group votes) and what red-dwarf counts; ``counts_from="all"`` counts
    every participant instead. ``extremity`` is one value per matrix column.

    Statements in ``meta`` get 7² = 49 as in Pol.is (meta statements are still shown). Other
    moderated-out statements get 0: they are never shown, so they must never be routed.
    """
    extremity = np.asarray(extremity, dtype=np.float64)
    if extremity.shape != (matrix.shape[1],):
        raise ValueError(f"one extremity per statement: {matrix.shape[1]}, not {extremity.shape}")
    if counts_from == "groups":
        _, membership = _membership(matrix, groups)
        a, d, s = (x.sum(axis=0) for x in _group_counts(matrix, membership))
    elif counts_from == "all":
        a, d, s = (
            np.asarray(m.sum(axis=0), dtype=np.int64).ravel()
            for m in (matrix.agree, matrix.disagree, matrix.seen)
        )
    else:
        raise ValueError(f"counts_from is 'groups' or 'all', not {counts_from!r}")
    importance = (1 - probability(s - a - d, s)) * (extremity + 1) * probability(a, s)
    priority = (importance * (1 + 8 * np.power(2.0, -s / 5))) ** 2
    priority = np.where(matrix.moderated_mask, 0.0, priority)
    meta_set = frozenset(meta)
    is_meta = np.array([x in meta_set for x in matrix.statements], dtype=bool)
    priority = np.where(is_meta, META_PRIORITY, priority)
    return dict(zip(matrix.statements, priority.tolist(), strict=True))
