"""The opinion-map benchmark, side by side with red-dwarf where it can run the same case.

    .venv/bin/cohesion bench opinion-map [--runs 5]

Cases: a full recompute of the real bowling-green conversation (2,031 × 896, Pol.is open data,
read from ../shared when it is there) by us and by red-dwarf's ``run_pipeline``; a synthetic
conversation of 100,000 participants × 5,000 statements with 5 million votes (ours only: red-dwarf
works on a dense pandas matrix of 500 million cells); and an incremental update after 100 new
votes at 2,000 × 900, warm-started from the previous state (red-dwarf has no incremental update).
Each case ends in one JSON line: ``{"case", "ours_s", "red_dwarf_s", "ratio", "peak_rss_mb"}``
(median seconds; ratio = red-dwarf's time over ours).
"""

import json
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from cohesion.opinions.engine import opinion_map
from cohesion.opinions.engine.matrix import AGREE, DISAGREE, PASS, VoteMatrix
from cohesion.opinions.polis import read_conversation

BOWLING_GREEN = "american-assembly.bowling-green"


def _median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def synthetic(
    participants: int, statements: int, votes: int, *, groups: int = 3, seed: int = 0
) -> VoteMatrix:
    """A conversation with planted opinion groups: each group leans one way on each statement."""
    rng = np.random.default_rng(seed)
    group_of = rng.integers(groups, size=participants)
    leaning = rng.choice([AGREE, DISAGREE], size=(groups, statements))
    cells = rng.choice(participants * statements, size=votes, replace=False)
    rows, columns = np.divmod(cells, statements)
    agrees_with_group = rng.random(votes) < 0.8
    codes = np.where(
        agrees_with_group, leaning[group_of[rows], columns], -leaning[group_of[rows], columns]
    )
    codes[rng.random(votes) < 0.1] = PASS
    return _matrix(participants, statements, rows, columns, codes.astype(np.int8))


def _matrix(participants, statements, rows, columns, codes) -> VoteMatrix:
    from scipy import sparse

    shape = (participants, statements)

    def indicator(mask):
        return sparse.csr_matrix(
            (np.ones(int(mask.sum()), dtype=np.int8), (rows[mask], columns[mask])), shape=shape
        )

    return VoteMatrix(
        participants=tuple(str(i) for i in range(participants)),
        statements=tuple(str(j) for j in range(statements)),
        agree=indicator(codes == AGREE),
        disagree=indicator(codes == DISAGREE),
        seen=indicator(np.ones(len(codes), dtype=bool)),
    )


def _red_dwarf_votes(matrix: VoteMatrix) -> list[dict]:
    coo = matrix.seen.tocoo()
    values = matrix.values.tocsr()
    return [
        {
            "participant_id": int(matrix.participants[i]),
            "statement_id": int(matrix.statements[j]),
            "vote": int(values[i, j]),
            "modified": 0,
        }
        for i, j in zip(coo.row.tolist(), coo.col.tolist(), strict=True)
    ]


def _line(case: str, ours: float, theirs: float | None) -> str:
    return json.dumps(
        {
            "case": case,
            "ours_s": round(ours, 4),
            "red_dwarf_s": None if theirs is None else round(theirs, 4),
            "ratio": None if theirs is None else round(theirs / ours, 2),
            "peak_rss_mb": _peak_rss_mb(),
        }
    )


def run(*, polis_dir: Path, runs: int = 5, write: Callable[[str], None] = print) -> None:
    folder = polis_dir / BOWLING_GREEN
    if folder.is_dir():
        matrix = read_conversation(folder).matrix()
        ours = _median_seconds(lambda: opinion_map(matrix), runs)
        theirs = None
        try:
            from reddwarf.implementations.polis import run_pipeline
        except ImportError:
            write("red-dwarf is not installed: only our figure")
        else:
            votes = _red_dwarf_votes(matrix)
            moderated = [int(s) for s in matrix.moderated_out]
            theirs = _median_seconds(
                lambda: run_pipeline(votes=votes, mod_out_statement_ids=moderated, random_state=0),
                max(1, runs // 2),
            )
        write(
            _line(
                f"{BOWLING_GREEN} full recompute ({matrix.shape[0]} x {matrix.shape[1]})",
                ours,
                theirs,
            )
        )
    else:
        write(f"{folder} is missing: the real conversation's case is left out")

    large = synthetic(100_000, 5_000, 5_000_000)
    ours = _median_seconds(lambda: opinion_map(large), max(1, runs // 2))
    write(_line("synthetic 100,000 x 5,000, 5 M votes, full recompute", ours, None))

    base = synthetic(2_000, 900, 180_000, seed=1)
    previous = opinion_map(base).map.state
    rng = np.random.default_rng(2)
    coo = base.seen.tocoo()
    codes = np.asarray(base.values[coo.row, coo.col]).ravel().astype(int)
    cells = dict(zip(zip(coo.row.tolist(), coo.col.tolist(), strict=True), codes, strict=True))
    for _ in range(100):
        cell = (int(rng.integers(2_000)), int(rng.integers(900)))
        cells[cell] = int(rng.choice([AGREE, DISAGREE, PASS]))
    updated = VoteMatrix.from_cells(
        participants=base.participants, statements=base.statements, cells=cells
    )
    ours = _median_seconds(lambda: opinion_map(updated, previous=previous), runs)
    write(_line("incremental update after 100 votes at 2,000 x 900", ours, None))
