"""The Pol.is open-data format: real conversations in, the same out, bad folders refused."""

import numpy as np
import pytest

from cohesion.opinions.engine.matrix import Vote
from cohesion.opinions.polis import (
    PolisFormatError,
    Statement,
    read_conversation,
    write_conversation,
)
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

POLIS = DATASETS / "polis"
BIODIVERSITY = POLIS / "scoop-hivemind.biodiversity"


def _dense(matrix):
    return matrix.values.toarray(), matrix.seen.toarray()


def test_reads_a_real_conversation():
    conversation = read_conversation(BIODIVERSITY)
    matrix = conversation.matrix()
    assert matrix.shape == (536, 314)
    assert matrix.participants[:3] == ("0", "1", "2")  # the export's participant order
    assert sum(group is not None for group in conversation.groups.values()) == 443
    assert len(conversation.moderated_out) == 162
    # votes.csv holds 29,802 events for 29,719 final votes, the cells of participants-votes.csv.
    assert len(conversation.votes) == 29_802
    assert matrix.seen.sum() == 29_719


def test_votes_csv_and_participants_votes_agree_on_every_cell(tmp_path):
    for name in ("comments.csv", "participants-votes.csv"):
        (tmp_path / name).write_bytes((BIODIVERSITY / name).read_bytes())
    from_cells = read_conversation(tmp_path).matrix()
    from_events = read_conversation(BIODIVERSITY).matrix()
    assert from_cells.participants == from_events.participants
    order = [from_events.statement_index(s) for s in from_cells.statements]
    for ours, theirs in zip(_dense(from_cells), _dense(from_events), strict=True):
        assert np.array_equal(ours, theirs[:, order])


def test_what_we_write_reads_back_the_same(tmp_path):
    conversation = read_conversation(BIODIVERSITY)
    write_conversation(
        tmp_path,
        statements=conversation.statements,
        votes=conversation.votes,
        groups=conversation.groups,
    )
    again = read_conversation(tmp_path)
    assert again.groups == conversation.groups
    assert {s.id: s.text for s in again.statements} == {
        s.id: s.text for s in conversation.statements
    }
    first, second = conversation.matrix(), again.matrix()
    assert set(first.participants) == set(second.participants)
    rows = [second.participant_index(p) for p in first.participants]
    columns = [second.statement_index(s) for s in first.statements]
    for ours, theirs in zip(_dense(first), _dense(second), strict=True):
        assert np.array_equal(ours, theirs[rows][:, columns])
    assert again.moderated_out == conversation.moderated_out


def test_a_later_vote_replaces_an_earlier_one(tmp_path):
    write_conversation(
        tmp_path,
        statements=[Statement("1", "Mehr Sprachkurse am Abend")],
        votes=[Vote("p", "1", 1, timestamp=1), Vote("p", "1", -1, timestamp=2)],
    )
    matrix = read_conversation(tmp_path).matrix()
    assert matrix.values.toarray().tolist() == [[-1.0]]


def _folder(tmp_path, comments: str, participants: str | None = None, votes: str | None = None):
    (tmp_path / "comments.csv").write_text(comments, encoding="utf-8")
    if participants is not None:
        (tmp_path / "participants-votes.csv").write_text(participants, encoding="utf-8")
    if votes is not None:
        (tmp_path / "votes.csv").write_text(votes, encoding="utf-8")
    return tmp_path


COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n" + (
    "1,,0,5,0,0,1,Eins\n1,,1,5,0,0,-1,Zwei\n"
)
HEADER = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"


@pytest.mark.parametrize(
    ("files", "code", "where"),
    [
        ({"comments": "", "participants": HEADER}, "empty", "comments.csv"),
        ({"comments": "comment-id\n1\n", "participants": HEADER}, "missing_column", "comment-body"),
        ({"comments": COMMENTS}, "missing_file", "votes.csv"),
        (
            {"comments": COMMENTS, "participants": HEADER + "7,,0,1,1,0,yes,\n"},
            "bad_vote",
            "line 2",
        ),
        (
            {"comments": COMMENTS, "participants": HEADER + "7,,0,1,1,0,1,\n7,,0,1,1,0,1,\n"},
            "duplicate_participant",
            "line 3",
        ),
        (
            {"comments": COMMENTS, "participants": HEADER.replace(",1\n", ",9\n")},
            "unknown_statement",
            "column 9",
        ),
        ({"comments": COMMENTS, "participants": HEADER + "7,,0\n"}, "bad_row", "line 2"),
        (
            {"comments": COMMENTS, "votes": "timestamp,comment-id,voter-id,vote\nx,0,7,1\n"},
            "bad_number",
            "column timestamp",
        ),
        (
            {"comments": COMMENTS + "1,,0,5,0,0,1,Doppelt\n", "participants": HEADER},
            "duplicate_statement",
            "line 4",
        ),
    ],
)
def test_bad_folders_are_refused_with_where(tmp_path, files, code, where):
    folder = _folder(tmp_path, files["comments"], files.get("participants"), files.get("votes"))
    with pytest.raises(PolisFormatError) as error:
        read_conversation(folder)
    assert error.value.code == code
    assert where in str(error.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "comments.csv").write_bytes("comment-id,comment-body\n1,Straße\n".encode("cp1252"))
    with pytest.raises(PolisFormatError, match="not UTF-8"):
        read_conversation(tmp_path)


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(PolisFormatError) as error:
        read_conversation(tmp_path / "nowhere")
    assert error.value.code == "not_a_folder"


def test_the_datetime_column_is_written_as_polis_writes_it(tmp_path):
    write_conversation(
        tmp_path,
        statements=[Statement("1", "Mehr Sprachkurse am Abend", created=1403067224363)],
        votes=[Vote("p", "1", 1, timestamp=1403054214196)],
    )
    comments = (tmp_path / "comments.csv").read_text().splitlines()
    assert comments[1].startswith("1403067224363,Wed Jun 18 04:53:44 UTC 2014,1,")
    votes = (tmp_path / "votes.csv").read_text().splitlines()
    assert votes[1] == "1403054214196,Wed Jun 18 01:16:54 UTC 2014,1,p,1"
    # The shared exports use the same shape, in their server's zone (here WIB, UTC+7).
    assert (
        (POLIS / "15-per-hour-seattle" / "comments.csv").read_text().splitlines()[1].split(",")[1]
    ).split()[0] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}


def test_text_that_a_spreadsheet_would_run_is_written_as_text(tmp_path):
    statements = [Statement(str(i), text) for i, text in enumerate(["=1+1", "\tx", "-1", "ok"])]
    write_conversation(tmp_path, statements=statements, votes=[Vote("p", "0", -1, timestamp=1)])
    again = {s.id: s.text for s in read_conversation(tmp_path).statements}
    assert again == {"0": "'=1+1", "1": "'\tx", "2": "'-1", "3": "ok"}
    # Numbers stay numbers: a disagree is still -1, moderation still a code.
    assert read_conversation(tmp_path).votes[0].vote == -1


@pytest.mark.parametrize(
    ("comments", "code", "where"),
    [
        ("comment-id,comment-body\n1," + "x" * 140_000 + "\n", "field_too_large", "line 2"),
        ("comment-id,comment-body\n1,Eins\n2,Zw\x00ei\n", "nul", "line 3"),
        ("comment-id,comment-body\n" + "1" * 65 + ",Eins\n", "long_id", "line 2"),
        ("comment-id,moderated,comment-body\n1,7,Eins\n", "bad_moderation", "line 2"),
    ],
)
def test_bounds_of_the_format_are_refused_with_where(tmp_path, comments, code, where):
    folder = _folder(tmp_path, comments, HEADER.replace(",0,1\n", "\n"))
    with pytest.raises(PolisFormatError) as error:
        read_conversation(folder)
    assert error.value.code == code
    assert "comments.csv" in str(error.value) and where in str(error.value)


def test_a_voter_id_longer_than_the_field_is_refused(tmp_path):
    votes = "timestamp,comment-id,voter-id,vote\n1,0," + "7" * 65 + ",1\n"
    with pytest.raises(PolisFormatError) as error:
        read_conversation(_folder(tmp_path, COMMENTS, votes=votes))
    assert (error.value.code, error.value.file, error.value.line) == ("long_id", "votes.csv", 2)
