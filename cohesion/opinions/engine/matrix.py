"""The vote matrix: participants × statements, the latest vote of each person on each statement.

Pure module (numpy and scipy only). Votes are coded as the Pol.is exports code them:
agree = +1, disagree = −1, pass = 0. A sparse matrix cannot tell a stored 0 from a missing cell
reliably, so the matrix keeps three sparse indicator matrices of the same shape (int8, 1 where
true): ``agree``, ``disagree`` and ``seen`` (any vote, passes included). ``values`` is
agree − disagree as float64 (passes and unseen cells both 0; ``seen`` tells them apart).

Rows are participants in the order of their first vote, columns statements in the order of
their first vote (only statements with at least one vote get a column), as Pol.is orders them.
``moderated_out`` are statements rejected by the moderator (or meta statements): the math treats
their whole column as "everybody passed" (see the algorithm notes §1.2), the selections leave
them out.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class Vote:
    participant: str
    statement: str
    vote: int  # AGREE, DISAGREE or PASS
    timestamp: int = 0  # milliseconds; a later vote replaces an earlier one


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    participants: tuple[str, ...]
    statements: tuple[str, ...]
    agree: sparse.csr_matrix
    disagree: sparse.csr_matrix
    seen: sparse.csr_matrix
    moderated_out: frozenset[str] = frozenset()
    _participant_index: dict[str, int] = field(init=False, repr=False)
    _statement_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_participant_index", {p: i for i, p in enumerate(self.participants)}
        )
        object.__setattr__(self, "_statement_index", {s: j for j, s in enumerate(self.statements)})

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    @property
    def values(self) -> sparse.csr_matrix:
        """agree − disagree (float64); passes and unseen cells are 0."""
        return (self.agree.astype(np.float64) - self.disagree.astype(np.float64)).tocsr()

    def participant_index(self, participant: str) -> int:
        return self._participant_index[participant]

    def statement_index(self, statement: str) -> int:
        return self._statement_index[statement]

    @property
    def moderated_mask(self) -> np.ndarray:
        """A boolean per column: True for a moderated-out statement."""
        return np.array([s in self.moderated_out for s in self.statements], dtype=bool)

    @classmethod
    def from_votes(
        cls, votes: Iterable[Vote], *, moderated_out: Iterable[str] = ()
    ) -> "VoteMatrix":
        """The latest vote wins (by timestamp, then by the order given)."""
        ordered = sorted(enumerate(votes), key=lambda item: (item[1].timestamp, item[0]))
        participants: dict[str, int] = {}
        statements: dict[str, int] = {}
        latest: dict[tuple[int, int], int] = {}
        for _, vote in ordered:
            if vote.vote not in (AGREE, DISAGREE, PASS):
                raise ValueError(f"a vote is +1, -1 or 0, not {vote.vote!r}")
            row = participants.setdefault(vote.participant, len(participants))
            column = statements.setdefault(vote.statement, len(statements))
            latest[(row, column)] = vote.vote
        return cls.from_cells(
            participants=tuple(participants),
            statements=tuple(statements),
            cells=latest,
            moderated_out=moderated_out,
        )

    @classmethod
    def from_cells(
        cls,
        *,
        participants: tuple[str, ...],
        statements: tuple[str, ...],
        cells: dict[tuple[int, int], int],
        moderated_out: Iterable[str] = (),
    ) -> "VoteMatrix":
        shape = (len(participants), len(statements))
        if cells:
            rows, columns = (np.fromiter(axis, dtype=np.int64) for axis in zip(*cells, strict=True))
            codes = np.fromiter(cells.values(), dtype=np.int8)
        else:
            rows = columns = np.zeros(0, dtype=np.int64)
            codes = np.zeros(0, dtype=np.int8)

        def indicator(mask: np.ndarray) -> sparse.csr_matrix:
            ones = np.ones(int(mask.sum()), dtype=np.int8)
            return sparse.csr_matrix((ones, (rows[mask], columns[mask])), shape=shape)

        return cls(
            participants=participants,
            statements=statements,
            agree=indicator(codes == AGREE),
            disagree=indicator(codes == DISAGREE),
            seen=indicator(np.ones(len(codes), dtype=bool)),
            moderated_out=frozenset(moderated_out) & frozenset(statements),
        )
