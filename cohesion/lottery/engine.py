"""The fair lottery: a distribution over quota-satisfying panels that maximises the smallest
selection probability of any volunteer (maximin, Flanigan, Gölz, Gupta, Hennig & Procaccia,
"Fair algorithms for selecting citizens' assemblies", Nature 596, 2021), and one panel drawn
from it.

Pure: numpy and scipy (HiGHS) only.

Volunteers with the same values on every quota'd attribute are interchangeable for the quotas,
so averaging any optimal distribution over their permutations keeps it optimal and gives them
equal chances. The engine therefore works on *profiles* (distinct value combinations) with a
head count each: a panel is an integer vector x (x_p ≤ size of profile p), which makes the
pricing problem a MILP with a few hundred variables instead of one per volunteer. A drawn panel
is spread back to people by picking x_p members of profile p uniformly at random.

Column generation: the master LP over the panels found so far maximises z subject to every
(coverable) profile's per-person probability Σ_k λ_k x^k_p / s_p ≥ z and Σ_k λ_k = 1; its duals
y_p weight the profiles, and the pricing MILP finds the panel maximising Σ_p y_p x_p / s_p. When
no panel beats the LP's value, the distribution is optimal (the pricing value bounds z from
above).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import LinearConstraint, linprog, milp
from scipy.sparse import csr_array

METHOD = "maximin (Flanigan et al. 2021): column generation over attribute profiles, HiGHS"

# A panel must beat the master LP's value by more than this to be added; the final minimum is
# within it of the optimum.
TOLERANCE = 1e-9
MAX_ROUNDS = 500
# Extra panels from one pricing round (see _more_columns).
COLUMNS_PER_ROUND = 3


class LotteryError(ValueError):
    """Input that admits no lottery. ``code`` and ``params`` let callers word it in the
    user's language; str() is a plain English message."""

    MESSAGES = {
        "seats": "The number of seats must be at least 1 (got {seats}).",
        "pool_too_small": "The pool has {pool} volunteers, fewer than the {seats} seats.",
        "empty_id": "Volunteer row {row} has no id.",
        "duplicate_id": "Volunteer id {id!r} appears twice (rows {first} and {row}).",
        "quota_bounds": "The quota {attribute}={value!r} has a negative minimum or maximum.",
        "quota_min_above_max": (
            "The quota {attribute}={value!r} has minimum {min} above its maximum {max}."
        ),
        "quota_duplicate": "The quota {attribute}={value!r} is given twice.",
        "attribute_missing": "The quota'd attribute {attribute!r} is not a column of the pool.",
        "value_without_quota": (
            "Volunteer {id!r} (row {row}) has {attribute}={value!r}, which has no quota row."
        ),
        "quota_too_few_volunteers": (
            "The quota {attribute}={value!r} asks for at least {min}, but only {available} "
            "volunteers have it."
        ),
        "attribute_minimums_too_high": (
            "The minimums of {attribute!r} add up to {total}, more than the {seats} seats."
        ),
        "attribute_maximums_too_low": (
            "The maximums of {attribute!r} add up to {total}, fewer than the {seats} seats."
        ),
        "infeasible": "No panel of {seats} meets all the quotas together.",
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


@dataclass(frozen=True)
class Quota:
    attribute: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Lottery:
    selected: list[str]  # ids of the drawn panel, in pool order
    probabilities: dict[str, float]  # every volunteer's chance of being selected
    min_probability: float
    method: str
    panels: int  # panels in the support of the distribution
    rounds: int  # pricing rounds of the column generation


@dataclass
class _Profiles:
    keys: list[tuple[str, ...]]
    members: list[list[int]]  # pool positions of each profile's volunteers
    sizes: np.ndarray


def lottery_draw(
    *,
    ids: Sequence[str],
    attributes: dict[str, Sequence[str]],
    quotas: Sequence[Quota],
    seats: int,
    seed: int = 0,
) -> Lottery:
    """``attributes`` maps each pool column to its values in pool order; columns without any
    quota row are not quota'd and are ignored."""
    profiles, matrix, lower, upper = _prepare(ids, attributes, quotas, seats)
    weights, columns, rounds = maximin_distribution(profiles.sizes, matrix, lower, upper, seats)
    per_person = (weights @ columns) / profiles.sizes
    probabilities = np.zeros(len(ids))
    for profile, members in enumerate(profiles.members):
        probabilities[members] = min(1.0, max(0.0, per_person[profile]))
    rng = np.random.default_rng(seed)
    panel = columns[rng.choice(len(weights), p=weights)]
    chosen: list[int] = []
    for profile, members in enumerate(profiles.members):
        count = int(round(panel[profile]))
        if count:
            chosen.extend(int(i) for i in rng.choice(members, size=count, replace=False))
    chosen.sort()
    return Lottery(
        selected=[ids[i] for i in chosen],
        probabilities={ids[i]: float(probabilities[i]) for i in range(len(ids))},
        min_probability=float(probabilities.min()),
        method=METHOD,
        panels=int((weights > 0).sum()),
        rounds=rounds,
    )


def _prepare(ids, attributes, quotas, seats):
    """Checks the input and reduces the pool to profiles and the quotas to rows of a matrix
    over them."""
    if seats < 1:
        raise LotteryError("seats", seats=seats)
    first_row: dict[str, int] = {}
    for row, volunteer in enumerate(ids, start=2):
        if volunteer == "":
            raise LotteryError("empty_id", row=row)
        if volunteer in first_row:
            raise LotteryError("duplicate_id", id=volunteer, first=first_row[volunteer], row=row)
        first_row[volunteer] = row
    if len(ids) < seats:
        raise LotteryError("pool_too_small", pool=len(ids), seats=seats)

    bounds: dict[tuple[str, str], Quota] = {}
    quotaed: list[str] = []
    for quota in quotas:
        key = (quota.attribute, quota.value)
        if quota.min < 0 or quota.max < 0:
            raise LotteryError("quota_bounds", attribute=quota.attribute, value=quota.value)
        if quota.min > quota.max:
            raise LotteryError(
                "quota_min_above_max",
                attribute=quota.attribute,
                value=quota.value,
                min=quota.min,
                max=quota.max,
            )
        if key in bounds:
            raise LotteryError("quota_duplicate", attribute=quota.attribute, value=quota.value)
        bounds[key] = quota
        if quota.attribute not in quotaed:
            quotaed.append(quota.attribute)
    for attribute in quotaed:
        if attribute not in attributes:
            raise LotteryError("attribute_missing", attribute=attribute)
        for position, value in enumerate(attributes[attribute]):
            if (attribute, value) not in bounds:
                raise LotteryError(
                    "value_without_quota",
                    id=ids[position],
                    row=position + 2,
                    attribute=attribute,
                    value=value,
                )

    # Checks a person can read before the solver says "infeasible".
    for attribute in quotaed:
        counts = Counter(attributes[attribute])
        rows = [quota for quota in bounds.values() if quota.attribute == attribute]
        for quota in rows:
            if counts[quota.value] < quota.min:
                raise LotteryError(
                    "quota_too_few_volunteers",
                    attribute=attribute,
                    value=quota.value,
                    min=quota.min,
                    available=counts[quota.value],
                )
        minimums = sum(quota.min for quota in rows)
        if minimums > seats:
            raise LotteryError(
                "attribute_minimums_too_high", attribute=attribute, total=minimums, seats=seats
            )
        # A value nobody has cannot fill seats, whatever its maximum.
        maximums = sum(min(quota.max, counts[quota.value]) for quota in rows)
        if maximums < seats:
            raise LotteryError(
                "attribute_maximums_too_low", attribute=attribute, total=maximums, seats=seats
            )

    index: dict[tuple[str, ...], int] = {}
    profiles = _Profiles(keys=[], members=[], sizes=np.zeros(0))
    for position in range(len(ids)):
        key = tuple(attributes[attribute][position] for attribute in quotaed)
        if key not in index:
            index[key] = len(profiles.keys)
            profiles.keys.append(key)
            profiles.members.append([])
        profiles.members[index[key]].append(position)
    profiles.sizes = np.array([len(members) for members in profiles.members], dtype=float)

    rows, cols = [], []
    quota_list = list(bounds.values())
    row_of = {(quota.attribute, quota.value): r for r, quota in enumerate(quota_list)}
    for p, key in enumerate(profiles.keys):
        for attribute, value in zip(quotaed, key, strict=True):
            rows.append(row_of[(attribute, value)])
            cols.append(p)
    # Row 0 counts the seats; then one row per quota.
    rows = [0] * len(profiles.keys) + [r + 1 for r in rows]
    cols = list(range(len(profiles.keys))) + cols
    matrix = csr_array(
        (np.ones(len(rows)), (rows, cols)), shape=(len(quota_list) + 1, len(profiles.keys))
    )
    lower = np.array([seats] + [quota.min for quota in quota_list], dtype=float)
    upper = np.array([seats] + [quota.max for quota in quota_list], dtype=float)
    return profiles, matrix, lower, upper


class _Pricing:
    """The quota-feasible panels over profiles, as a MILP with a changing objective."""

    def __init__(self, sizes, matrix, lower, upper):
        self.sizes = sizes
        self.constraint = LinearConstraint(matrix, lower, upper)
        self.integrality = np.ones(len(sizes))
        self.bounds = (np.zeros(len(sizes)), sizes)

    def best(self, gains: np.ndarray) -> np.ndarray | None:
        """The feasible panel with the largest Σ gains_p x_p, or None if there is none."""
        result = milp(
            -gains,
            constraints=self.constraint,
            integrality=self.integrality,
            bounds=self.bounds,
            options={"mip_rel_gap": 1e-9},
        )
        if result.x is None:
            return None
        return np.round(result.x)


def maximin_distribution(sizes, matrix, lower, upper, seats):
    """Returns (weights, columns, rounds): the probability of each panel (rows of
    ``columns``, head counts per profile) in a maximin distribution."""
    pricing = _Pricing(sizes, matrix, lower, upper)
    rng = np.random.default_rng(0)  # seeding only: the distribution does not depend on --seed
    count = len(sizes)

    first = pricing.best(1.0 / sizes)
    if first is None:
        raise LotteryError("infeasible", seats=seats)
    columns = [first]
    covered = first > 0
    # Cover every profile that some feasible panel can include; a search that adds nobody new
    # proves the rest can never be drawn (they keep probability 0).
    while not covered.all():
        gains = np.where(covered, 0.0, (1.0 + rng.random(count)) / sizes)
        panel = pricing.best(gains)
        if panel is None or not (panel[~covered] > 0).any():
            break
        columns.append(panel)
        covered |= panel > 0
    for _ in range(5):
        columns.append(pricing.best(rng.random(count) / sizes))

    active = np.flatnonzero(covered)
    seen = {column.tobytes() for column in columns}
    rounds = 0
    while True:
        rounds += 1
        weights, duals, value = _master(columns, sizes, active)
        gains = duals / sizes
        panel = pricing.best(gains)
        best = float(gains @ panel)
        if best <= value + TOLERANCE or rounds >= MAX_ROUNDS or panel.tobytes() in seen:
            break
        seen.add(panel.tobytes())
        columns.append(panel)
        for extra in _more_columns(pricing, duals, value, panel, best, sizes, seen):
            columns.append(extra)
    stacked = np.array(columns)
    weights = np.clip(weights, 0.0, None)
    weights /= weights.sum()
    return weights, stacked, rounds


def _more_columns(pricing, duals, value, panel, best, sizes, seen):
    """More panels from the same duals without re-solving the LP (the peer's heuristic, on
    profiles): shrink the weights of the profiles the last panel uses until its constraint
    would hold, renormalise, and price again."""
    duals = duals.copy()
    found = []
    for _ in range(COLUMNS_PER_ROUND):
        duals[panel > 0] *= value / best
        total = duals.sum()
        if total <= TOLERANCE:
            break
        duals /= total
        value /= total
        gains = duals / sizes
        panel = pricing.best(gains)
        best = float(gains @ panel)
        if best <= value + TOLERANCE or panel.tobytes() in seen:
            break
        seen.add(panel.tobytes())
        found.append(panel)
    return found


def _master(columns, sizes, active):
    """maximise z s.t. Σ_k λ_k x^k_p / s_p ≥ z for the coverable profiles p, Σ λ = 1.
    Returns (λ, dual weight per profile, z)."""
    panels = np.array(columns)  # K × P
    shares = (panels[:, active] / sizes[active]).T  # |active| × K
    k = len(columns)
    # Variables [λ_1 … λ_K, z]; rows z − Σ_k λ_k share ≤ 0.
    a_ub = np.hstack([-shares, np.ones((len(active), 1))])
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    objective = np.zeros(k + 1)
    objective[-1] = -1.0
    result = linprog(
        objective,
        A_ub=a_ub,
        b_ub=np.zeros(len(active)),
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"master LP failed: {result.message}")
    duals = np.zeros(len(sizes))
    duals[active] = -result.ineqlin.marginals
    return result.x[:k], duals, float(result.x[-1])
