"""Our cold-start groups against Pol.is's exported group-id (adjusted Rand index over the
participants both clustered). Gates from the algorithm notes' validation bands."""

import pytest

from cohesion.opinions.engine.pipeline import compute
from tests.opinions.polis_data import adjusted_rand_index, conversations, load_conversation

pytestmark = pytest.mark.shared_data

GATES = {
    "scoop-hivemind.biodiversity": 0.9,
    "austria-climate.5twd2jsnkf.2022-08-08": 0.9,
    "bg2050-volunteers": 0.9,
    "austria-climate.7z7ejpbmv5.2022-08-08": 0.85,
}
AVAILABLE = conversations()


def agreement(name: str) -> tuple[float, int, int | None, int]:
    matrix, polis = load_conversation(name)
    result = compute(matrix)
    both = [p for p in result.groups if polis.get(p) is not None]
    ours = [result.groups[p] for p in both]
    theirs = [polis[p] for p in both]
    polis_k = len({g for g in polis.values() if g is not None})
    return adjusted_rand_index(theirs, ours), len(both), result.k, polis_k


@pytest.mark.parametrize("name", sorted(GATES))
def test_groups_agree_with_polis(name):
    ari, n, k, polis_k = agreement(name)
    assert n > 100
    assert k == polis_k
    assert ari >= GATES[name], f"{name}: ARI {ari:.3f}"


def test_report_every_conversation():
    for name in AVAILABLE:
        ari, n, k, polis_k = agreement(name)
        print(f"{name:45s} n={n:5d} k={k} polis k={polis_k} ARI={ari:.3f}")  # noqa: T201
