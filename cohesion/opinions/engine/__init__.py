"""The opinion-map engine (pure: numpy and scipy, no Django).

``matrix`` holds the votes, ``pca`` the map, ``clusters`` the groups, ``pipeline.compute`` runs
them with the state of the previous run, ``stats`` says what characterises each group and what
nearly everybody agrees on. ``opinion_map`` runs everything once.
"""

from dataclasses import dataclass

import numpy as np

from cohesion.opinions.engine import stats
from cohesion.opinions.engine.matrix import VoteMatrix
from cohesion.opinions.engine.pipeline import OpinionMap, OpinionState, compute


@dataclass(eq=False)
class OpinionResult:
    map: OpinionMap
    repness: dict[int, list[stats.Repness]]
    consensus: stats.Consensus
    group_aware_consensus: dict[str, float]
    group_aware_consensus_disagree: dict[str, float]
    priorities: dict[str, float]


def opinion_map(
    matrix: VoteMatrix, *, previous: OpinionState | None = None, seed: int = 0
) -> OpinionResult:
    """The groups, their representative statements, consensus and routing priorities."""
    computed = compute(matrix, previous=previous, seed=seed)
    extremity = np.array([computed.extremity.get(s, 0.0) for s in matrix.statements])
    return OpinionResult(
        map=computed,
        repness=stats.repness(matrix, computed.groups),
        consensus=stats.consensus(matrix),
        group_aware_consensus=stats.group_aware_consensus(matrix, computed.groups),
        group_aware_consensus_disagree=stats.group_aware_consensus_disagree(
            matrix, computed.groups
        ),
        priorities=stats.priorities(matrix, computed.groups, extremity),
    )
