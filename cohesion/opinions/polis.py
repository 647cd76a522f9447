"""Conversations in the Pol.is open-data format, in and out.

Pure module (no Django). A conversation folder holds ``comments.csv`` (the statements),
``participants-votes.csv`` (the final vote of every participant on every statement, with
Pol.is's own opinion group) and, when the export has it, ``votes.csv`` (every vote event with
its time). Cities bring earlier conversations this way and take theirs elsewhere.

Votes are coded as the exports code them: agree +1, disagree −1, pass 0, empty = not seen.
``moderated`` is 1 (accepted), 0 (not yet moderated) or −1 (rejected); rejected and meta
statements are moderated out of the math.

Reading is bounded: no field over the csv module's limit (131,072 characters, far above any
statement Pol.is accepts; the process-wide limit is left alone), ids of at most MAX_ID_LENGTH
characters, no NUL anywhere. Writing neutralises text that a spreadsheet would run as a formula.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from cohesion.core.spreadsheets import row_neutralised
from cohesion.opinions.engine.matrix import AGREE, DISAGREE, PASS, Vote, VoteMatrix

COMMENTS = "comments.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
VOTES = "votes.csv"
COMMENT_COLUMNS = ("comment-id", "comment-body")
PARTICIPANT_COLUMNS = ("participant", "group-id")
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
# The columns of participants-votes.csv before the first statement column.
PARTICIPANT_FIXED = frozenset(
    {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}
)
VOTE_CODES = {"1": AGREE, "-1": DISAGREE, "0": PASS, "1.0": AGREE, "-1.0": DISAGREE, "0.0": PASS}
MODERATION_CODES = frozenset({-1, 0, 1})
# Statement and participant ids are stored in fields of this length (Pol.is uses numbers).
MAX_ID_LENGTH = 64


class PolisFormatError(ValueError):
    """The folder is not a conversation in the open-data format; ``code`` is stable, ``file``,
    ``line`` and ``column`` say where."""

    def __init__(self, code: str, message: str, *, file: str = "", line=None, column=None):
        where = ", ".join(
            part
            for part in (file, f"line {line}" if line else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.code, self.message, self.file, self.line, self.column = (
            code,
            message,
            file,
            line,
            column,
        )


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    author: str = ""
    created: int = 0  # milliseconds since 1970
    moderated: int = 0  # 1 accepted, 0 not yet, -1 rejected
    is_meta: bool = False
    agrees: int = 0  # as the export counted them (vote events)
    disagrees: int = 0
    line: int = field(default=0, compare=False)  # in comments.csv, for messages about the text

    @property
    def moderated_out(self) -> bool:
        return self.moderated == -1 or self.is_meta


@dataclass
class Conversation:
    statements: list[Statement]
    votes: list[Vote]  # vote events when votes.csv exists, else one per cell
    groups: dict[str, int | None] = field(default_factory=dict)  # Pol.is's group-id
    participant_order: list[str] = field(default_factory=list)  # rows of participants-votes.csv

    @property
    def moderated_out(self) -> frozenset[str]:
        return frozenset(s.id for s in self.statements if s.moderated_out)

    def matrix(self) -> VoteMatrix:
        """The latest vote of every participant on every statement. Rows in the order of
        participants-votes.csv when the folder has it (the order Pol.is numbered them)."""
        matrix = VoteMatrix.from_votes(self.votes, moderated_out=self.moderated_out)
        if not self.participant_order:
            return matrix
        return _reordered(matrix, self.participant_order)


def _reordered(matrix: VoteMatrix, order: list[str]) -> VoteMatrix:
    voters = set(matrix.participants)
    present = [p for p in order if p in voters]  # people who never voted get no row
    listed = set(present)
    rest = [p for p in matrix.participants if p not in listed]
    rows = [matrix.participant_index(p) for p in (*present, *rest)]
    return VoteMatrix(
        participants=(*present, *rest),
        statements=matrix.statements,
        agree=matrix.agree[rows],
        disagree=matrix.disagree[rows],
        seen=matrix.seen[rows],
        moderated_out=matrix.moderated_out,
    )


def _rows(directory: Path, name: str, required: tuple[str, ...]):
    path = directory / name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PolisFormatError("missing_file", f"{name} is missing", file=name) from None
    except UnicodeDecodeError:
        raise PolisFormatError("encoding", "the file is not UTF-8 text", file=name) from None
    nul = text.find("\x00")
    if nul >= 0:  # no database stores it in text; no honest export has it
        line = text.count("\n", 0, nul) + 1
        raise PolisFormatError("nul", "the file contains a NUL character", file=name, line=line)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(_checked(reader, name), None)
    if not header:
        raise PolisFormatError("empty", "the file is empty", file=name)
    header = [cell.strip() for cell in header]
    for column in required:
        if column not in header:
            raise PolisFormatError(
                "missing_column", f"the column {column!r} is missing", file=name, column=column
            )
    return header, (
        (reader.line_num, row) for row in _checked(reader, name) if any(c.strip() for c in row)
    )


def _checked(reader, name: str):
    """The reader's rows; its errors (a field over the size limit, a broken quote) become
    PolisFormatError naming the file and the line, never an unexplained crash."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            code = "field_too_large" if "field limit" in str(error) else "csv"
            raise PolisFormatError(code, str(error), file=name, line=reader.line_num) from None
        yield row


def _identifier(value: str, *, file: str, line: int, column: str) -> str:
    value = value.strip()
    if len(value) > MAX_ID_LENGTH:
        raise PolisFormatError(
            "long_id",
            f"an id is longer than {MAX_ID_LENGTH} characters",
            file=file,
            line=line,
            column=column,
        )
    return value


def _check_width(row: list[str], header: list[str], *, file: str, line: int) -> None:
    if len(row) != len(header):
        raise PolisFormatError(
            "bad_row",
            f"the row has {len(row)} cells, the header {len(header)}",
            file=file,
            line=line,
        )


def _int(value: str, *, file: str, line: int, column: str, default: int | None = None) -> int:
    value = value.strip()
    if not value and default is not None:
        return default
    try:
        return int(float(value))
    except ValueError:
        raise PolisFormatError(
            "bad_number", f"{value[:20]!r} is not a number", file=file, line=line, column=column
        ) from None


def _vote(value: str, *, file: str, line: int, column: str) -> int:
    code = VOTE_CODES.get(value.strip())
    if code is None:
        raise PolisFormatError(
            "bad_vote",
            f"{value[:20]!r} is not a vote (1, -1 or 0)",
            file=file,
            line=line,
            column=column,
        )
    return code


def read_statements(directory: Path) -> list[Statement]:
    header, rows = _rows(directory, COMMENTS, COMMENT_COLUMNS)
    at = {name: i for i, name in enumerate(header)}

    def cell(row, name, default=""):
        i = at.get(name)
        return row[i] if i is not None and i < len(row) else default

    statements, seen = [], set()
    for line, row in rows:
        _check_width(row, header, file=COMMENTS, line=line)
        statement_id = _identifier(
            cell(row, "comment-id"), file=COMMENTS, line=line, column="comment-id"
        )
        if not statement_id:
            raise PolisFormatError(
                "missing_id", "a statement has no id", file=COMMENTS, line=line, column="comment-id"
            )
        if statement_id in seen:
            raise PolisFormatError(
                "duplicate_statement",
                f"the statement {statement_id} appears twice",
                file=COMMENTS,
                line=line,
                column="comment-id",
            )
        seen.add(statement_id)
        number = {"file": COMMENTS, "line": line}
        moderated = _int(cell(row, "moderated"), column="moderated", default=0, **number)
        if moderated not in MODERATION_CODES:
            raise PolisFormatError(
                "bad_moderation",
                f"{moderated} is not a moderation (1, 0 or -1)",
                column="moderated",
                **number,
            )
        statements.append(
            Statement(
                id=statement_id,
                text=cell(row, "comment-body"),
                author=cell(row, "author-id").strip(),
                created=_int(cell(row, "timestamp"), column="timestamp", default=0, **number),
                moderated=moderated,
                is_meta=cell(row, "is-meta").strip().lower() in {"1", "true"},
                agrees=_int(cell(row, "agrees"), column="agrees", default=0, **number),
                disagrees=_int(cell(row, "disagrees"), column="disagrees", default=0, **number),
                line=line,
            )
        )
    return statements


def read_conversation(directory: Path) -> Conversation:
    """Read a conversation folder; raises PolisFormatError naming the file, line and column."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PolisFormatError("not_a_folder", f"{directory} is not a folder")
    statements = read_statements(directory)
    known = {statement.id for statement in statements}
    groups: dict[str, int | None] = {}
    order: list[str] = []
    cell_votes: list[Vote] = []
    if (directory / PARTICIPANTS_VOTES).exists():
        header, rows = _rows(directory, PARTICIPANTS_VOTES, PARTICIPANT_COLUMNS)
        columns = [(i, name) for i, name in enumerate(header) if name not in PARTICIPANT_FIXED]
        for _, name in columns:
            if name not in known:
                raise PolisFormatError(
                    "unknown_statement",
                    f"the column {name!r} names no statement of comments.csv",
                    file=PARTICIPANTS_VOTES,
                    column=name,
                )
        participant_i, group_i = header.index("participant"), header.index("group-id")
        for line, row in rows:
            if len(row) != len(header):
                raise PolisFormatError(
                    "bad_row",
                    f"the row has {len(row)} cells, the header {len(header)}",
                    file=PARTICIPANTS_VOTES,
                    line=line,
                )
            participant = _identifier(
                row[participant_i], file=PARTICIPANTS_VOTES, line=line, column="participant"
            )
            if participant in groups:
                raise PolisFormatError(
                    "duplicate_participant",
                    f"the participant {participant} appears twice",
                    file=PARTICIPANTS_VOTES,
                    line=line,
                    column="participant",
                )
            group = row[group_i].strip()
            groups[participant] = (
                _int(group, file=PARTICIPANTS_VOTES, line=line, column="group-id")
                if group
                else None
            )
            order.append(participant)
            for i, name in columns:
                if row[i].strip():
                    code = _vote(row[i], file=PARTICIPANTS_VOTES, line=line, column=name)
                    cell_votes.append(Vote(participant, name, code))
    if (directory / VOTES).exists():
        votes = read_votes(directory, known)
    elif cell_votes or (directory / PARTICIPANTS_VOTES).exists():
        votes = cell_votes
    else:
        raise PolisFormatError(
            "missing_file", "neither participants-votes.csv nor votes.csv is there", file=VOTES
        )
    return Conversation(statements=statements, votes=votes, groups=groups, participant_order=order)


def read_votes(directory: Path, known: set[str]) -> list[Vote]:
    _header, rows = _rows(directory, VOTES, VOTE_COLUMNS)
    at = {name: i for i, name in enumerate(_header)}
    votes = []
    for line, row in rows:
        _check_width(row, _header, file=VOTES, line=line)
        statement = row[at["comment-id"]].strip()
        if statement not in known:
            raise PolisFormatError(
                "unknown_statement",
                f"the statement {statement!r} is not in comments.csv",
                file=VOTES,
                line=line,
                column="comment-id",
            )
        votes.append(
            Vote(
                participant=_identifier(
                    row[at["voter-id"]], file=VOTES, line=line, column="voter-id"
                ),
                statement=statement,
                vote=_vote(row[at["vote"]], file=VOTES, line=line, column="vote"),
                timestamp=_int(row[at["timestamp"]], file=VOTES, line=line, column="timestamp"),
            )
        )
    return votes


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def polis_datetime(milliseconds: int) -> str:
    """The export's human-readable time, as Pol.is writes it (Java's Date.toString, e.g. "Wed
    Jun 18 11:53:44 UTC 2014"), in UTC and in English whatever the server's locale."""
    if not milliseconds:
        return ""
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=UTC)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} UTC {moment.year}"
    )


def _sort_key(identifier: str):
    # Pol.is ids are numbers; ours may not be. Numbers first, in numeric order.
    return (0, int(identifier), "") if identifier.isdigit() else (1, 0, identifier)


def write_conversation(
    directory: Path,
    *,
    statements: Iterable[Statement],
    votes: Iterable[Vote],
    groups: dict[str, int | None] | None = None,
) -> None:
    """Write comments.csv, votes.csv and participants-votes.csv in the open-data format, every
    text cell neutralised against formulas."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    statements = sorted(statements, key=lambda s: _sort_key(s.id))
    votes = list(votes)
    groups = groups or {}
    matrix = VoteMatrix.from_votes(
        votes, moderated_out=[s.id for s in statements if s.moderated_out]
    )
    agree_events: dict[str, int] = {}
    disagree_events: dict[str, int] = {}
    for vote in votes:
        if vote.vote == AGREE:
            agree_events[vote.statement] = agree_events.get(vote.statement, 0) + 1
        elif vote.vote == DISAGREE:
            disagree_events[vote.statement] = disagree_events.get(vote.statement, 0) + 1
    with open(directory / COMMENTS, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"]
            + ["moderated", "comment-body", "is-meta"]
        )
        for s in statements:
            writer.writerow(
                row_neutralised(
                    [s.created, polis_datetime(s.created), s.id, s.author]
                    + [agree_events.get(s.id, 0), disagree_events.get(s.id, 0), s.moderated]
                    + [s.text, int(s.is_meta)]
                )
            )
    with open(directory / VOTES, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for vote in sorted(votes, key=lambda v: v.timestamp):
            writer.writerow(
                row_neutralised(
                    [vote.timestamp, polis_datetime(vote.timestamp), vote.statement]
                    + [vote.participant, vote.vote]
                )
            )
    authored: dict[str, int] = {}
    for s in statements:
        if s.author:
            authored[s.author] = authored.get(s.author, 0) + 1
    agree, disagree, seen = matrix.agree.tocsr(), matrix.disagree.tocsr(), matrix.seen.tocsr()
    ids = [s.id for s in statements]
    # The matrix column of each output column; a vote cell is written only where one was seen.
    position = {statement_id: k for k, statement_id in enumerate(ids)}
    output_of = np.array([position.get(s, -1) for s in matrix.statements], dtype=np.int64)
    codes = (agree - disagree).tocsr()
    with open(directory / PARTICIPANTS_VOTES, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            row_neutralised(
                ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"] + ids
            )
        )
        for participant in sorted(matrix.participants, key=_sort_key):
            i = matrix.participant_index(participant)
            cells: list = [""] * len(ids)
            start, end = codes.indptr[i], codes.indptr[i + 1]
            row_votes = zip(
                codes.indices[start:end].tolist(), codes.data[start:end].tolist(), strict=True
            )
            votes = dict(row_votes)
            for j in seen.indices[seen.indptr[i] : seen.indptr[i + 1]].tolist():
                if output_of[j] >= 0:
                    cells[output_of[j]] = int(votes.get(j, 0))  # absent: a pass
            counts = [
                int(seen.indptr[i + 1] - seen.indptr[i]),
                int(agree.indptr[i + 1] - agree.indptr[i]),
                int(disagree.indptr[i + 1] - disagree.indptr[i]),
            ]
            group = groups.get(participant)
            writer.writerow(
                row_neutralised(
                    [participant, "" if group is None else group, authored.get(participant, 0)]
                    + counts
                    + cells
                )
            )
