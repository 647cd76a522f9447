"""The peer: the Sortition Foundation's ``sortition-algorithms`` (GPL-3), a development
dependency only, used as the test oracle and in the benchmark. Never imported by the
application itself."""

import contextlib
import logging
import os
import sys
from collections.abc import Sequence

from cohesion.lottery.engine import Quota


def peer_maximin(
    *, ids: Sequence[str], attributes: dict[str, Sequence[str]], quotas: Sequence[Quota], seats: int
) -> dict[str, float]:
    """Every volunteer's selection probability in the peer's maximin distribution (its default
    algorithm and HiGHS back end)."""
    from sortition_algorithms import Settings, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import find_distribution_maximin

    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    features, _, _ = read_in_features(
        ["feature", "value", "min", "max"],
        [
            {"feature": q.attribute, "value": q.value, "min": str(q.min), "max": str(q.max)}
            for q in quotas
        ],
        number_to_select=seats,
    )
    columns = sorted({q.attribute for q in quotas})
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(
        ["id", *columns],
        [
            {"id": volunteer, **{column: attributes[column][i] for column in columns}}
            for i, volunteer in enumerate(ids)
        ],
        features,
        settings,
    )
    with _stdout_to_stderr():
        committees, weights, _ = find_distribution_maximin(features, people, seats, [], "highspy")
    probabilities = dict.fromkeys(ids, 0.0)
    for committee, weight in zip(committees, weights, strict=True):
        for volunteer in committee:
            probabilities[volunteer] += weight
    return probabilities


@contextlib.contextmanager
def _stdout_to_stderr():
    """The peer and its solver print progress on standard output (the solver from C++, past
    Python's sys.stdout): send it to standard error, where logs belong."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
