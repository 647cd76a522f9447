"""Conversations, statements, votes and the stored map, through the services."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohesion.accounts.models import Role
from cohesion.opinions.models import Conversation, Participant, Statement, Vote
from cohesion.opinions.polis import read_conversation
from cohesion.opinions.selectors import (
    groups_shown,
    next_statement_for,
    snapshot_of,
    vote_matrix_of,
)
from cohesion.opinions.services import (
    conversation_create,
    conversation_export_polis,
    conversation_import_polis,
    opinion_map_recompute,
    participant_join,
    statement_moderate,
    statement_seed,
    statement_submit,
    vote_cast,
)
from tests.factories import (
    MembershipFactory,
    ParticipantFactory,
    ProcessFactory,
    StatementFactory,
    UserFactory,
)
from tests.paths import DATASETS

POLIS = DATASETS / "polis"


@pytest.fixture
def process(db):
    return ProcessFactory()


@pytest.fixture
def moderator(process):
    return MembershipFactory(municipality=process.municipality, role=Role.MODERATOR).user


@pytest.fixture
def coordinator(process):
    # The consultation on the draft strategy is the coordinator's and the working group's.
    return MembershipFactory(municipality=process.municipality, role=Role.COORDINATOR).user


def test_the_moderator_opens_a_conversation_others_may_not(process, moderator):
    conversation = conversation_create(
        actor=moderator, process=process, phase_slug="workshop-day-1", title=" Klima "
    )
    assert conversation.title == "Klima"
    with pytest.raises(PermissionDenied):
        conversation_create(
            actor=UserFactory(), process=process, phase_slug="workshop-day-1", title="x"
        )
    with pytest.raises(ValidationError):
        conversation_create(actor=moderator, process=process, phase_slug="nope", title="x")


def test_statements_are_moderated_before_they_are_shown(process, moderator):
    conversation = conversation_create(
        actor=moderator, process=process, phase_slug="workshop-day-1", title="Klima"
    )
    seeded = statement_seed(actor=moderator, conversation=conversation, text="Mehr Sprachkurse")
    participant = participant_join(conversation=conversation)
    own = statement_submit(participant=participant, text="  Mehr   Begegnungsorte  ")
    assert seeded.moderation == Statement.Moderation.ACCEPTED
    assert (own.moderation, own.text) == (Statement.Moderation.PENDING, "Mehr Begegnungsorte")
    assert next_statement_for(conversation=conversation, participant=participant) == seeded
    with pytest.raises(ValidationError):
        vote_cast(participant=participant, statement=own, value=1)
    statement_moderate(actor=moderator, statement=own, moderation=Statement.Moderation.ACCEPTED)
    vote_cast(participant=participant, statement=seeded, value=1)
    assert next_statement_for(conversation=conversation, participant=participant) == own
    with pytest.raises(ValidationError):
        statement_submit(participant=participant, text="no")  # too short
    with pytest.raises(PermissionDenied):
        statement_moderate(actor=UserFactory(), statement=own, moderation=-1)


def test_one_vote_per_person_and_statement_and_bad_votes_change_nothing(db):
    statement = StatementFactory()
    participant = ParticipantFactory(conversation=statement.conversation)
    vote_cast(participant=participant, statement=statement, value=1)
    vote_cast(participant=participant, statement=statement, value=-1)
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]
    elsewhere = ParticipantFactory()
    for who, value in ((participant, 5), (elsewhere, 1)):
        with pytest.raises(ValidationError):
            vote_cast(participant=who, statement=statement, value=value)
    statement.conversation.is_open = False
    statement.conversation.save()
    participant.refresh_from_db()
    with pytest.raises(ValidationError):
        vote_cast(participant=participant, statement=statement, value=0)
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def _two_camps(conversation, people=24, statements=10, seed=0):
    rng = np.random.default_rng(seed)
    items = [StatementFactory(conversation=conversation) for _ in range(statements)]
    participants = [ParticipantFactory(conversation=conversation) for _ in range(people)]
    Vote.objects.bulk_create(
        Vote(
            participant=p,
            statement=s,
            value=(1 if (i < people // 2) == (j % 2 == 0) else -1) if rng.random() < 0.9 else 0,
        )
        for i, p in enumerate(participants)
        for j, s in enumerate(items)
    )
    return participants


def test_the_map_is_stored_and_a_recompute_keeps_the_groups(db):
    conversation = StatementFactory().conversation
    participants = _two_camps(conversation)
    first = opinion_map_recompute(conversation=conversation)
    groups = first.result["participants"]
    camp_a = {groups[str(p.pk)] for p in participants[:12]}
    camp_b = {groups[str(p.pk)] for p in participants[12:]}
    assert len(camp_a) == len(camp_b) == 1 and camp_a != camp_b
    assert groups_shown(snapshot=first) == {str(g): 12 for g in (*camp_a, *camp_b)}
    again = opinion_map_recompute(conversation=conversation)
    assert again.pk == first.pk and again.result["participants"] == groups
    assert (
        snapshot_of(conversation=conversation).vote_count
        == vote_matrix_of(conversation=conversation).seen.sum()
    )


def test_no_group_under_five_people_is_shown(db):
    conversation = StatementFactory().conversation
    _two_camps(conversation, people=8)
    snapshot = opinion_map_recompute(conversation=conversation)
    assert all(size >= 5 for size in groups_shown(snapshot=snapshot).values())


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for path in folder.iterdir():
            if path.name != "summary.csv":
                zipped.write(path, f"export/{path.name}")
    return buffer.getvalue()


@pytest.mark.shared_data
def test_a_polis_conversation_comes_in_and_goes_out_the_same(process, coordinator, tmp_path):
    folder = POLIS / "bg2050-volunteers"
    conversation = conversation_import_polis(
        actor=coordinator,
        process=process,
        phase_slug="strategy",
        title="bg2050",
        archive=_zip(folder),
    )
    original = read_conversation(folder).matrix()
    ours = vote_matrix_of(conversation=conversation)
    assert ours.shape == original.shape and ours.seen.sum() == original.seen.sum()
    assert len(ours.moderated_out) == len(original.moderated_out)
    opinion_map_recompute(conversation=conversation)
    with zipfile.ZipFile(
        io.BytesIO(conversation_export_polis(actor=coordinator, conversation=conversation))
    ) as z:
        assert sorted(z.namelist()) == ["comments.csv", "participants-votes.csv", "votes.csv"]
        z.extractall(tmp_path)
    back = read_conversation(tmp_path).matrix()
    assert back.shape == original.shape and back.values.sum() == original.values.sum()


def test_a_bad_archive_leaves_nothing_behind(process, coordinator, moderator):
    with pytest.raises(ValidationError):
        conversation_import_polis(
            actor=coordinator, process=process, phase_slug="strategy", title="x", archive=b"no"
        )
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zipped:
        zipped.writestr("comments.csv", "comment-id,comment-body\n1,x\n")
        zipped.writestr("participants-votes.csv", "participant,group-id,1\n7,,yes\n")
    with pytest.raises(ValueError, match="not a vote"):
        conversation_import_polis(
            actor=coordinator,
            process=process,
            phase_slug="strategy",
            title="x",
            archive=broken.getvalue(),
        )
    with pytest.raises(PermissionDenied):  # the strategy phase is not the moderator's
        conversation_import_polis(
            actor=moderator, process=process, phase_slug="strategy", title="x", archive=b""
        )
    assert not Conversation.objects.exists() and not Participant.objects.exists()
