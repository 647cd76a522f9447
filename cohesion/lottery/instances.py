"""A realistic lottery instance built deterministically, for the benchmark and the tests: a pool
of volunteers who, as volunteers do, are older, more often without an immigration history and
more often from the centre than the town, and quotas from the town's shares ± a tolerance.
Pure (numpy only); the figures are invented (demo data)."""

import math

import numpy as np

from cohesion.lottery.engine import Quota

# attribute → [(value, share in the town, share among volunteers)]
ATTRIBUTES = {
    "gender": [("female", 0.50, 0.55), ("male", 0.48, 0.43), ("diverse", 0.02, 0.02)],
    "age": [
        ("16-29", 0.20, 0.12),
        ("30-44", 0.24, 0.20),
        ("45-59", 0.24, 0.27),
        ("60-74", 0.20, 0.28),
        ("75+", 0.12, 0.13),
    ],
    "immigration": [
        ("none", 0.62, 0.74),
        ("own", 0.20, 0.12),
        ("parents", 0.12, 0.10),
        ("refugee", 0.06, 0.04),
    ],
    "target_group": [
        ("policymakers", 0.10, 0.12),
        ("administration", 0.15, 0.18),
        ("immigrant_organisations", 0.25, 0.15),
        ("civil_society", 0.50, 0.55),
    ],
    "district": [("centre", 0.45, 0.60), ("outskirts", 0.55, 0.40)],
}


def lottery_instance(
    *, volunteers: int = 1000, seats: int = 60, tolerance: float = 0.25, seed: int = 2021
) -> tuple[list[str], dict[str, list[str]], list[Quota]]:
    """(ids, attributes, quotas): one quota row per value (18 with the attributes above),
    minimum ⌊share·seats·(1−tolerance)⌋ and maximum ⌈share·seats·(1+tolerance)⌉."""
    rng = np.random.default_rng(seed)
    ids = [f"V{number:04d}" for number in range(1, volunteers + 1)]
    attributes: dict[str, list[str]] = {}
    for attribute, rows in ATTRIBUTES.items():
        values = [value for value, _, _ in rows]
        pool_shares = np.array([pool for _, _, pool in rows])
        attributes[attribute] = list(
            rng.choice(values, size=volunteers, p=pool_shares / pool_shares.sum())
        )
    # Young people with an immigration history more often live in the outskirts: profiles
    # are correlated, as in a real pool.
    for i in range(volunteers):
        if attributes["immigration"][i] != "none" and rng.random() < 0.3:
            attributes["district"][i] = "outskirts"
    quotas = []
    for attribute, rows in ATTRIBUTES.items():
        for value, town, _ in rows:
            quotas.append(
                Quota(
                    attribute,
                    value,
                    math.floor(town * seats * (1 - tolerance)),
                    math.ceil(town * seats * (1 + tolerance)),
                )
            )
    return ids, attributes, quotas
