"""Test helpers: the Pol.is open-data conversations (CC BY 4.0, see SOURCE.md in the folder)
and the adjusted Rand index.

"""

from functools import cache

import numpy as np

from cohesion.opinions.engine.matrix import VoteMatrix
from cohesion.opinions.polis import read_conversation
from tests.paths import DATASETS

POLIS = DATASETS / "polis"


def conversations() -> list[str]:
    if not POLIS.is_dir():
        return []
    return sorted(p.name for p in POLIS.iterdir() if (p / "participants-votes.csv").is_file())


@cache
def load_conversation(name: str) -> tuple[VoteMatrix, dict[str, int | None]]:
    """The conversation's VoteMatrix, read by the project's own reader (rows: participants with
    a vote, in the export's order), and Pol.is's group-id per participant id."""
    conversation = read_conversation(POLIS / name)
    return conversation.matrix(), dict(conversation.groups)


def adjusted_rand_index(a, b) -> float:
    """Hubert–Arabie adjusted Rand index of two labelings of the same items."""
    a = np.asarray(a)
    b = np.asarray(b)
    if len(a) != len(b):
        raise ValueError("labelings must have the same length")
    n = len(a)
    if n < 2:
        return 1.0
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1), dtype=np.int64)
    np.add.at(table, (ai, bi), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) // 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / pairs(np.asarray([n]))
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
