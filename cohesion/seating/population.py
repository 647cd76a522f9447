"""A realistic workshop room (invented) for the benchmark and the tests, and the peer the
seating is compared with: a random seating that respects only the hard constraints (pure)."""

import numpy as np

from cohesion.seating.engine import Person, keep_with_groups, pack_groups, table_sizes

# The method's five target groups (the stakeholder map's values), shares of a first workshop day.
TARGET_GROUPS = {
    "policy": 0.10,
    "administration": 0.30,
    "immigrant": 0.30,
    "civil_society": 0.25,
    "other": 0.05,
}
DEPARTMENTS = [
    "social services",
    "youth welfare",
    "schools",
    "housing",
    "foreigners authority",
    "job centre liaison",
    "health",
    "urban planning",
    "culture and sports",
    "citizens' office",
]
# Resident origins, roughly the order of the largest groups in a North Rhine-Westphalian town.
ORIGINS = {
    "Germany": 0.40,
    "Turkey": 0.15,
    "Syria": 0.10,
    "Poland": 0.08,
    "Ukraine": 0.08,
    "Italy": 0.07,
    "Iraq": 0.06,
    "Romania": 0.06,
}
LANGUAGES = {"Turkey": "tr", "Syria": "ar", "Iraq": "ar", "Ukraine": "uk", "Poland": "pl"}


def realistic_room(size: int = 300, *, interpreters: int = 10, seed: int = 0) -> list[Person]:
    """``size`` people: target groups and origins by the shares above, a department for each
    person of the administration, and ``interpreters`` of them interpreters kept with an
    immigrant who speaks their language."""
    rng = np.random.default_rng(seed)
    groups = rng.choice(list(TARGET_GROUPS), size=size, p=list(TARGET_GROUPS.values()))
    origins = rng.choice(list(ORIGINS), size=size, p=list(ORIGINS.values()))
    people = []
    for i in range(size):
        group, origin = str(groups[i]), str(origins[i])
        department = str(rng.choice(DEPARTMENTS)) if group == "administration" else ""
        people.append(
            Person(f"p{i + 1:03d}", group, department, origin, LANGUAGES.get(origin, "de"), "")
        )
    # The interpreters: the last people of the room, each kept with an immigrant who needs one.
    needing = [
        i
        for i, p in enumerate(people[: size - interpreters])
        if p.origin in LANGUAGES and p.target_group == "immigrant"
    ]
    for k, i in enumerate(rng.choice(needing, size=min(interpreters, len(needing)), replace=False)):
        j = size - 1 - k
        person = people[int(i)]
        people[j] = Person(people[j].id, "other", "", "Germany", person.language, person.id)
    return people


def random_seating(people: list[Person], *, tables: int, rounds: int, seed: int = 0):
    """The peer: each round a random seating with the right table sizes and every keep-with
    group together, nothing else considered."""
    rng = np.random.default_rng(seed)
    groups = keep_with_groups(people)
    sizes = [len(g) for g in groups]
    capacities = table_sizes(len(people), tables)
    result = []
    for _ in range(rounds):
        order = rng.permutation(len(groups))
        where = pack_groups([sizes[g] for g in order], capacities, rng)
        at_table: list[list[str]] = [[] for _ in range(tables)]
        for position, g in enumerate(order):
            at_table[where[position]].extend(groups[g])
        result.append(at_table)
    return result, groups
