"""Mixed tables: seat people at T tables over R rounds (pure, no Django).

Hard constraints, always met or refused with an error: tables 1..T in every round, sizes
differing by at most one, everyone once per round, and each keep-with group (``keep_with`` is
symmetric, chains merge) at one table in every round. Then, as far as possible: "spread" (at
every table, for every non-empty value v of target_group, department and origin,
|count of v − n_v × table size / N| ≤ 1) and as few repeated encounters as possible (a pair, not
kept together, sharing a table in two or more rounds).

Each round starts from a greedy seating (groups one by one to the table where they are most
missing and have met fewest) and is improved by swaps of equal-size groups between tables,
every candidate partner of a group scored at once with numpy; the cost is the spread's excess ×
1000 plus the encounters with people met in other rounds, and only groups that cost something
are moved (with a little annealing); where a table stays off the spread, a group kept together
trades places with as many single people of another table. Rounds are seated one after
another against the earlier ones, then every round again against all the others while that
lowers the repeated encounters.
A spread that cannot be met (a large group kept together, say) is not an error: the best
seating found is returned with the places it misses (``Seating.spread_violations``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SPREAD_ATTRIBUTES = ("target_group", "department", "origin")
_SPREAD_WEIGHT = 1000.0  # one person too many or too few outweighs every encounter
_EPSILON = 1e-9
_TRADE_PASSES = 20  # at most, of trading kept-together groups for single people
_SWEEPS = 4  # at most, of every round again against the others
# Annealing: a swap that adds d encounters is taken with probability exp(-(d + ½) / t), t
# starting at 1 and cooling by 15 % a pass; the search ends after 8 passes without a better one.
_START_TEMPERATURE, _COOLING, _QUIET_PASSES = 1.0, 0.85, 8
_WORK = 4_000_000  # swaps weighed per round and sweep at most: a big room still answers in time


class SeatingError(ValueError):
    """Input no seating can satisfy, with a message naming the person or group; ``code`` and
    ``params`` let a page say the same in the reader's language."""

    def __init__(self, message: str, code: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Person:
    id: str
    target_group: str = ""
    department: str = ""
    origin: str = ""
    language: str = ""
    keep_with: str = ""


@dataclass(frozen=True)
class SpreadViolation:
    round: int  # 1-based
    table: int  # 1-based
    attribute: str
    value: str
    count: int
    expected: float  # n_v × table size / N


@dataclass
class Seating:
    rounds: list[list[list[str]]]  # round → table (1..T in order) → person ids
    groups: list[list[str]]  # the keep-with groups of two or more
    repeated_encounters: int
    spread_violations: list[SpreadViolation] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rounds": [
                [{"table": number, "people": people} for number, people in enumerate(tables, 1)]
                for tables in self.rounds
            ]
        }


def keep_with_groups(people: list[Person]) -> list[list[str]]:
    """The groups kept together, in input order: keep_with is symmetric and chains merge."""
    index = {}
    for position, person in enumerate(people):
        if not person.id:
            raise SeatingError(
                f"The person in position {position + 1} has no id.",
                "no_id",
                position=position + 1,
            )
        if person.id in index:
            raise SeatingError(
                f"The id {person.id!r} is given to two people.", "duplicate_id", id=person.id
            )
        index[person.id] = position
    parent = list(range(len(people)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for position, person in enumerate(people):
        if not person.keep_with:
            continue
        if person.keep_with not in index:
            raise SeatingError(
                f"{person.id!r} is to be kept with {person.keep_with!r}, who is not in the list.",
                "unknown_keep_with",
                id=person.id,
                keep_with=person.keep_with,
            )
        a, b = root(position), root(index[person.keep_with])
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[str]] = {}
    for position, person in enumerate(people):
        members.setdefault(root(position), []).append(person.id)
    return list(members.values())


def table_sizes(people: int, tables: int) -> list[int]:
    small, larger = divmod(people, tables)
    return [small + 1] * larger + [small] * (tables - larger)


def pack_groups(sizes: list[int], capacities: list[int], rng) -> list[int] | None:
    """Tables for groups of these sizes so that each table is filled exactly (None if not
    found): largest groups first, each to the table with the most room left, singles last;
    then shuffled tries of the groups of two or more."""
    larger = [g for g in sorted(range(len(sizes)), key=lambda g: -sizes[g]) if sizes[g] > 1]
    singles = [g for g in range(len(sizes)) if sizes[g] == 1]
    for attempt in range(200 if larger else 1):
        room = np.array(capacities, dtype=np.int64)
        where = [0] * len(sizes)
        for g in larger + singles:
            fits = np.flatnonzero(room >= sizes[g])
            if len(fits) == 0:
                break
            if attempt == 0:
                choice = int(fits[np.argmax(room[fits])])
            else:
                choice = int(fits[rng.integers(len(fits))])
            where[g] = choice
            room[choice] -= sizes[g]
        else:
            return where
        rng.shuffle(larger)
    return None


class _Problem:
    """The people as groups: sizes, attribute counts and who meets whom."""

    def __init__(self, people: list[Person], tables: int):
        self.people = people
        self.tables = tables
        self.groups = keep_with_groups(people)
        self.size = len(people)
        position = {person.id: i for i, person in enumerate(people)}
        self.group_members = [np.array([position[i] for i in g]) for g in self.groups]
        self.group_sizes = np.array([len(g) for g in self.groups])
        self.person_group = np.zeros(self.size, dtype=np.int64)
        for g, members in enumerate(self.group_members):
            self.person_group[members] = g
        self.capacities = table_sizes(self.size, tables)
        largest = max(self.capacities)
        for group in self.groups:
            if len(group) > largest:
                raise SeatingError(
                    f"The group kept together ({', '.join(group)}) has {len(group)} people, "
                    f"more than a table seats ({largest}).",
                    "group_too_large",
                    group=", ".join(group),
                    size=len(group),
                    seats=largest,
                )
        # The columns of the spread: each non-empty value of each attribute.
        self.columns: list[tuple[str, str]] = []
        for attribute in SPREAD_ATTRIBUTES:
            values = sorted({getattr(p, attribute) for p in people} - {""})
            self.columns += [(attribute, value) for value in values]
        column = {key: c for c, key in enumerate(self.columns)}
        self.person_profile = np.zeros((self.size, len(self.columns)))
        for i, person in enumerate(people):
            for attribute in SPREAD_ATTRIBUTES:
                value = getattr(person, attribute)
                if value:
                    self.person_profile[i, column[(attribute, value)]] = 1
        self.group_profile = np.zeros((len(self.groups), len(self.columns)))
        np.add.at(self.group_profile, self.person_group, self.person_profile)
        self.totals = self.person_profile.sum(axis=0)

    def targets(self, capacities) -> np.ndarray:
        return np.outer(np.asarray(capacities, dtype=float), self.totals) / self.size


def _excess(counts: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """How far each count lies outside target ± 1 (0 inside)."""
    excess = np.abs(counts - targets) - 1.0
    return np.where(excess > _EPSILON, excess, 0.0)


class _Round:
    """One round being improved: where each group sits, the counts per table, and how often
    each group has met the people at each table in the other rounds."""

    def __init__(self, problem: _Problem, place: np.ndarray, capacities, meets: np.ndarray):
        self.problem = problem
        self.targets = problem.targets(capacities)
        self.meets = meets  # group × group: rounds shared elsewhere (0 within a group)
        self.reset(place)

    def reset(self, place: np.ndarray) -> None:
        problem = self.problem
        self.place = place.copy()  # group → table
        self.counts = np.zeros_like(self.targets)
        np.add.at(self.counts, self.place, problem.group_profile)
        membership = np.zeros((len(place), problem.tables))
        membership[np.arange(len(place)), self.place] = 1
        self.seen = self.meets @ membership  # group × table: meetings with who sits there

    def cost(self) -> float:
        spread = _excess(self.counts, self.targets).sum()
        encounters = self.seen[np.arange(len(self.place)), self.place].sum() / 2
        return spread * _SPREAD_WEIGHT + encounters

    def troubled(self) -> np.ndarray:
        """The groups at a table off the spread or beside someone they met in another round."""
        off = _excess(self.counts, self.targets).sum(axis=1) > _EPSILON
        met = self.seen[np.arange(len(self.place)), self.place] > _EPSILON
        return np.flatnonzero(off[self.place] | met)

    def swap_deltas(self, a: int, partners: np.ndarray) -> np.ndarray:
        problem = self.problem
        ta, tb = self.place[a], self.place[partners]
        pa, pb = problem.group_profile[a], problem.group_profile[partners]
        old = _excess(self.counts[ta], self.targets[ta]).sum() + _excess(
            self.counts[tb], self.targets[tb]
        ).sum(axis=1)
        new = _excess(self.counts[ta] - pa + pb, self.targets[ta]).sum(axis=1) + _excess(
            self.counts[tb] - pb + pa, self.targets[tb]
        ).sum(axis=1)
        between = self.meets[a, partners]
        encounters = (
            self.seen[a, tb]
            + self.seen[partners, ta]
            - 2 * between
            - self.seen[a, ta]
            - self.seen[partners, tb]
        )
        return (new - old) * _SPREAD_WEIGHT + encounters

    def move(self, group: int, table: int) -> None:
        """One group to another table (the caller keeps the table sizes: see _trade)."""
        source = self.place[group]
        profile = self.problem.group_profile[group]
        self.counts[source] -= profile
        self.counts[table] += profile
        self.seen[:, source] -= self.meets[:, group]
        self.seen[:, table] += self.meets[:, group]
        self.place[group] = table

    def spread_off(self) -> np.ndarray:
        """The tables off the spread."""
        return np.flatnonzero(_excess(self.counts, self.targets).sum(axis=1) > _EPSILON)

    def swap(self, a: int, b: int) -> None:
        problem = self.problem
        ta, tb = self.place[a], self.place[b]
        moved = problem.group_profile[b] - problem.group_profile[a]
        self.counts[ta] += moved
        self.counts[tb] -= moved
        self.seen[:, ta] += self.meets[:, b] - self.meets[:, a]
        self.seen[:, tb] += self.meets[:, a] - self.meets[:, b]
        self.place[a], self.place[b] = tb, ta


def _greedy(problem: _Problem, capacities, meets: np.ndarray, rng) -> np.ndarray | None:
    """Groups one by one (largest first, then the rarest profiles) to the table with room where
    their values are most missing and they have met fewest people."""
    groups = len(problem.groups)
    targets = problem.targets(capacities)
    counts = np.zeros_like(targets)
    room = np.array(capacities, dtype=float)
    seen = np.zeros((groups, problem.tables))
    place = np.full(groups, -1, dtype=np.int64)
    rarity = (problem.group_profile / np.maximum(problem.totals, 1)).sum(axis=1)
    order = np.lexsort((rng.random(groups), -rarity, -problem.group_sizes))
    for g in order:
        size = problem.group_sizes[g]
        open_tables = np.flatnonzero(room >= size)
        if len(open_tables) == 0:
            return None
        profile = problem.group_profile[g]
        fill = (targets[open_tables] - counts[open_tables]) / np.maximum(targets[open_tables], 1)
        score = -(fill * profile).sum(axis=1) + seen[g, open_tables] * 2
        score -= room[open_tables] / max(capacities) * (0.5 if size > 1 else 0.1)
        score += rng.random(len(open_tables)) * 1e-3
        table = open_tables[np.argmin(score)]
        place[g] = table
        counts[table] += profile
        room[table] -= size
        seen[:, table] += meets[:, g]
    return place


def _improve(state: _Round, rng, passes: int = 60) -> None:
    """Swaps of equal-size groups between tables: each group that costs something (at a table
    off the spread, or beside someone met before) takes its best swap when it lowers the cost,
    and, while the search is young, sometimes when it raises the encounters a little
    (annealing), so that a local optimum does not hold it. The best seating seen is kept."""
    sizes = state.problem.group_sizes
    by_size = {int(s): np.flatnonzero(sizes == s) for s in np.unique(sizes)}
    best_cost, best_place = state.cost(), state.place.copy()
    temperature, quiet, work = _START_TEMPERATURE, 0, 0
    for _ in range(passes):
        troubled = state.troubled()
        if len(troubled) == 0:
            return  # nothing costs anything: this is the best there is
        for a in rng.permutation(troubled):
            partners = by_size[int(sizes[a])]
            partners = partners[state.place[partners] != state.place[a]]
            if len(partners) == 0:
                continue
            deltas = state.swap_deltas(a, partners)
            work += len(partners)
            best = np.min(deltas)
            if best >= -_EPSILON and (
                best >= _SPREAD_WEIGHT / 2  # never knowingly off the spread
                or rng.random() >= np.exp(-(best + 0.5) / temperature)
            ):
                continue
            choices = np.flatnonzero(deltas <= best + _EPSILON)
            state.swap(a, partners[choices[rng.integers(len(choices))]])
        if work > _WORK:
            break
        cost = state.cost()
        if cost < best_cost - _EPSILON:
            best_cost, best_place, quiet = cost, state.place.copy(), 0
        else:
            quiet += 1
            if quiet >= _QUIET_PASSES:
                break
        temperature *= _COOLING
    if not np.array_equal(state.place, best_place):
        state.reset(best_place)


def _trade(state: _Round, rng) -> None:
    """Where swaps of equal-size groups leave a table off the spread, a group kept together
    (k people) trades places with k single people of another table, the singles chosen one by
    one where they mend the spread most; a trade is kept only when it lowers the cost. (Swaps
    alone cannot move, say, an interpreter pair of one origin against two people of another.)"""
    sizes = state.problem.group_sizes
    singles = np.flatnonzero(sizes == 1)
    if len(singles) == 0 or not (sizes > 1).any():
        return
    for _pass in range(_TRADE_PASSES):
        off = state.spread_off()
        if len(off) == 0:
            return
        traded = False
        groups = np.flatnonzero((sizes > 1) & np.isin(state.place, off))
        for a in rng.permutation(groups):
            home, k = state.place[a], int(sizes[a])
            before = state.cost()
            for table in rng.permutation(state.problem.tables):
                candidates = singles[state.place[singles] == table]
                if table == home or len(candidates) < k:
                    continue
                state.move(a, table)
                chosen = []
                for _ in range(k):
                    candidates = candidates[~np.isin(candidates, chosen)]
                    profiles = state.problem.group_profile[candidates]
                    deltas = (
                        _excess(state.counts[home] + profiles, state.targets[home]).sum(axis=1)
                        + _excess(state.counts[table] - profiles, state.targets[table]).sum(axis=1)
                    ) * _SPREAD_WEIGHT + state.seen[candidates, home]
                    single = int(candidates[np.argmin(deltas)])
                    state.move(single, home)
                    chosen.append(single)
                if state.cost() < before - _EPSILON:
                    traded = True
                    break
                for single in chosen:
                    state.move(single, table)
                state.move(a, home)
        if not traded:
            return


def seat(people: list[Person], *, tables: int, rounds: int, seed: int = 0) -> Seating:
    """Seat ``people`` at ``tables`` tables over ``rounds`` rounds (the same seed, the same
    seating); raise SeatingError for input no seating satisfies."""
    if tables < 1:
        raise SeatingError("There must be at least one table.", "no_table")
    if rounds < 1:
        raise SeatingError("There must be at least one round.", "no_round")
    if tables > len(people):
        raise SeatingError(
            f"There are more tables ({tables}) than people ({len(people)}): "
            "every table needs someone.",
            "too_many_tables",
            tables=tables,
            people=len(people),
        )
    problem = _Problem(people, tables)
    rng = np.random.default_rng(seed)
    places: list[np.ndarray] = []
    capacities_per_round = []
    for _ in range(rounds):
        capacities = problem.capacities
        meets = _meetings(problem, places)
        place = _greedy(problem, capacities, meets, rng)
        if place is None:
            place = pack_groups(list(problem.group_sizes), capacities, rng)
            if place is None:
                raise SeatingError(
                    "The groups kept together cannot be seated at tables whose sizes differ by "
                    "at most one; fewer or smaller groups, or another number of tables, would do.",
                    "groups_do_not_fit",
                )
            place = np.array(place, dtype=np.int64)
        state = _Round(problem, place, capacities, meets)
        _improve(state, rng)
        if len(state.spread_off()):
            _trade(state, rng)
            _improve(state, rng)
        places.append(state.place)
        capacities_per_round.append(capacities)
    # Each round again, against all the others (the first rounds knew nothing of the later),
    # while that still lowers the encounters.
    best = _total(problem, places)
    for _sweep in range(_SWEEPS if rounds > 1 else 0):
        if best == (0.0, 0):
            break
        kept = [place.copy() for place in places]
        for r in range(rounds):
            others = places[:r] + places[r + 1 :]
            state = _Round(problem, places[r], capacities_per_round[r], _meetings(problem, others))
            _improve(state, rng, passes=20)
            if len(state.spread_off()):
                _trade(state, rng)
            places[r] = state.place
        total = _total(problem, places)
        if total >= best:
            places = kept  # no better: the rounds as they were
            break
        best = total
    seating_rounds = []
    for place in places:
        at_table: list[list[str]] = [[] for _ in range(tables)]
        person_table = place[problem.person_group]
        for i, person in enumerate(people):
            at_table[person_table[i]].append(person.id)
        seating_rounds.append(at_table)
    return Seating(
        rounds=seating_rounds,
        groups=[g for g in problem.groups if len(g) > 1],
        repeated_encounters=repeated_encounters(seating_rounds, problem.groups),
        spread_violations=spread_violations(people, seating_rounds),
    )


def _total(problem: _Problem, places: list[np.ndarray]) -> tuple[float, int]:
    """How far the rounds are off the spread, and the pairs of people met more than once."""
    spread = 0.0
    for place in places:
        counts = np.zeros((problem.tables, len(problem.columns)))
        np.add.at(counts, place, problem.group_profile)
        spread += _excess(counts, problem.targets(problem.capacities)).sum()
    meets = _meetings(problem, places)
    sizes = problem.group_sizes.astype(float)
    # Each pair of groups that met m times stands for |g|×|h| pairs of people.
    repeated = np.triu(meets >= 2 * np.outer(sizes, sizes), 1)
    return round(spread, 6), int((repeated * np.outer(sizes, sizes)).sum())


def _meetings(problem: _Problem, places: list[np.ndarray]) -> np.ndarray:
    """Group × group: in how many of these rounds they shared a table (0 within a group)."""
    groups = len(problem.groups)
    meets = np.zeros((groups, groups))
    for place in places:
        meets += place[:, None] == place[None, :]
    sizes = problem.group_sizes.astype(float)
    meets *= np.outer(sizes, sizes)  # a group of two meeting a single is two encounters
    np.fill_diagonal(meets, 0)
    return meets


def repeated_encounters(rounds: list[list[list[str]]], groups: list[list[str]]) -> int:
    """Pairs, not kept together, who share a table in two or more rounds."""
    kept = {}
    for number, group in enumerate(groups):
        for person in group:
            kept[person] = number
    met: dict[tuple[str, str], int] = {}
    for tables in rounds:
        for people in tables:
            ordered = sorted(people)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    if a in kept and kept.get(b) == kept[a]:
                        continue
                    met[(a, b)] = met.get((a, b), 0) + 1
    return sum(1 for times in met.values() if times >= 2)


def spread_violations(people: list[Person], rounds: list[list[list[str]]]) -> list[SpreadViolation]:
    """Every (round, table, value) whose count lies more than one from n_v × size / N."""
    by_id = {person.id: person for person in people}
    total = len(people)
    violations = []
    for attribute in SPREAD_ATTRIBUTES:
        overall: dict[str, int] = {}
        for person in people:
            value = getattr(person, attribute)
            if value:
                overall[value] = overall.get(value, 0) + 1
        for r, tables in enumerate(rounds, 1):
            for t, seated in enumerate(tables, 1):
                here: dict[str, int] = {}
                for person_id in seated:
                    value = getattr(by_id[person_id], attribute)
                    here[value] = here.get(value, 0) + 1
                for value in sorted(overall):
                    expected = overall[value] * len(seated) / total
                    count = here.get(value, 0)
                    if abs(count - expected) > 1 + _EPSILON:
                        violations.append(SpreadViolation(r, t, attribute, value, count, expected))
    return violations
