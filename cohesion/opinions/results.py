"""An opinion-map result as plain data (JSON): for the command, the stored snapshot and pages."""

import dataclasses
from collections.abc import Iterable

import numpy as np

from cohesion.opinions.engine import OpinionResult


def result_as_dict(result: OpinionResult, *, participants: Iterable[str] = ()) -> dict:
    """Per participant id the group (None when not clustered), the groups' sizes and
    silhouettes, the representative statements per group, consensus and group-informed
    consensus, the map's points and the routing priorities."""
    computed = result.map
    everyone = list(dict.fromkeys([*participants, *computed.participants]))
    return {
        "participants": {p: computed.groups.get(p) for p in everyone},
        "k": computed.k,
        "group_sizes": {str(g): n for g, n in sorted(computed.group_sizes.items())},
        "silhouettes": {str(k): s for k, s in sorted(computed.silhouettes.items())},
        "repness": {
            str(group): [dataclasses.asdict(entry) for entry in entries]
            for group, entries in sorted(result.repness.items())
        },
        "consensus": {
            "agree": [dataclasses.asdict(entry) for entry in result.consensus.agree],
            "disagree": [dataclasses.asdict(entry) for entry in result.consensus.disagree],
        },
        "group_informed_consensus": result.group_aware_consensus,
        "group_informed_consensus_disagree": result.group_aware_consensus_disagree,
        "points": {p: list(point) for p, point in computed.participants.items()},
        "group_centres": _group_centres(computed),
        "priorities": result.priorities,
        "timings_s": computed.timings,
    }


def _group_centres(computed) -> dict[str, list[float]]:
    """The mean position of each group's members, computed once here rather than on every
    page that draws the map."""
    if not computed.groups:
        return {}
    row = {p: i for i, p in enumerate(computed.participant_ids)}
    members = [p for p in computed.groups if p in row]
    points = computed.participant_points[[row[p] for p in members]]
    labels = np.array([computed.groups[p] for p in members])
    return {
        str(group): points[labels == group].mean(axis=0).tolist() for group in np.unique(labels)
    }
