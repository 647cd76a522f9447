"""Our maximin against the peer's (sortition-algorithms, GPL-3, a development dependency): on
instances where the peer runs in seconds, the smallest selection probability is the same."""

import time

import numpy as np
import pytest

from cohesion.lottery.engine import Quota, lottery_draw
from cohesion.lottery.instances import lottery_instance
from cohesion.lottery.peer import peer_maximin

pytest.importorskip("sortition_algorithms")


def _skewed_instance(*, size: int, seats: int, seed: int):
    """A pool over-representing some values, with quotas from even shares ± 20 %."""
    rng = np.random.default_rng(seed)
    features = {
        "gender": (["female", "male", "diverse"], [0.6, 0.37, 0.03]),
        "age": (["young", "middle", "old"], [0.15, 0.35, 0.5]),
        "origin": (["here", "eu", "elsewhere"], [0.75, 0.1, 0.15]),
    }
    ids = [f"id-{i}" for i in range(size)]
    attributes = {
        name: list(rng.choice(values, size=size, p=shares))
        for name, (values, shares) in features.items()
    }
    targets = {
        "gender": [0.5, 0.47, 0.03],
        "age": [0.3, 0.35, 0.35],
        "origin": [0.6, 0.15, 0.25],
    }
    quotas = []
    for name, (values, _) in features.items():
        for value, share in zip(values, targets[name], strict=True):
            available = attributes[name].count(value)
            low = min(available, int(share * seats * 0.8))
            quotas.append(Quota(name, value, low, max(low, int(np.ceil(share * seats * 1.2)))))
    return ids, attributes, quotas


@pytest.mark.parametrize(("size", "seats", "seed"), [(60, 10, 1), (80, 12, 2), (100, 15, 3)])
def test_the_minimum_probability_equals_the_peers_maximin(size, seats, seed):
    ids, attributes, quotas = _skewed_instance(size=size, seats=seats, seed=seed)
    ours = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats, seed=seed)
    theirs = peer_maximin(ids=ids, attributes=attributes, quotas=quotas, seats=seats)
    assert ours.min_probability == pytest.approx(min(theirs.values()), abs=1e-6)
    assert sum(theirs.values()) == pytest.approx(seats, abs=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize(("size", "seats", "seed"), [(150, 20, 4), (120, 18, 5)])
def test_the_minimum_probability_equals_the_peers_maximin_on_larger_pools(size, seats, seed):
    ids, attributes, quotas = _skewed_instance(size=size, seats=seats, seed=seed)
    ours = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats, seed=seed)
    theirs = peer_maximin(ids=ids, attributes=attributes, quotas=quotas, seats=seats)
    assert ours.min_probability == pytest.approx(min(theirs.values()), abs=1e-6)


@pytest.mark.slow
def test_the_benchmark_instance_in_small_matches_the_peer_and_is_faster():
    ids, attributes, quotas = lottery_instance(volunteers=150, seats=20)
    started = time.perf_counter()
    ours = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=20)
    our_seconds = time.perf_counter() - started
    started = time.perf_counter()
    theirs = peer_maximin(ids=ids, attributes=attributes, quotas=quotas, seats=20)
    peer_seconds = time.perf_counter() - started
    assert ours.min_probability == pytest.approx(min(theirs.values()), abs=1e-6)
    assert our_seconds < peer_seconds
