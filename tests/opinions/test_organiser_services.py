"""The organisers' services: the one statement check, deleting, opening and closing, imports
within bounds, exports only for those who manage, each change in the audit trail."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.opinions import services
from cohesion.opinions.actions import organiser_action_perform
from cohesion.opinions.models import Conversation, Statement, Vote
from cohesion.opinions.services import (
    conversation_export_polis,
    conversation_import_polis,
    conversation_open_set,
    participant_join,
    statement_delete,
    statement_moderate,
    statement_seed,
    statement_submit,
)
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    ParticipantFactory,
    ProcessFactory,
    StatementFactory,
)
from tests.paths import DATASETS


@pytest.fixture
def conversation(db):
    return ConversationFactory(process=ProcessFactory())


@pytest.fixture
def moderator(conversation):
    return MembershipFactory(
        municipality=conversation.process.municipality, role=Role.MODERATOR
    ).user


@pytest.fixture
def member(conversation):
    return MembershipFactory(
        municipality=conversation.process.municipality, role=Role.WORKING_GROUP_MEMBER
    ).user


SPOOFS = [
    "\u200b\u200b\u200b\u200b\u200b",  # zero-width spaces only
    "\u200d\u200c\u200d\u200c",  # joiners only
    "\x00\x00\x00",
    "x" * 401,
    "   ",
]


@pytest.mark.parametrize("text", SPOOFS)
def test_typed_and_seeded_statements_pass_the_same_check(conversation, moderator, text):
    participant = participant_join(conversation=conversation)
    with pytest.raises(ValidationError):
        statement_submit(participant=participant, text=text)
    with pytest.raises(ValidationError):
        statement_seed(actor=moderator, conversation=conversation, text=text)
    assert not Statement.objects.exists() and not AuditEvent.objects.exists()


def test_an_rtl_override_never_reaches_the_stored_text(conversation, moderator):
    participant = participant_join(conversation=conversation)
    typed = statement_submit(participant=participant, text="Preis: \u202e001\u202c Euro")
    seeded = statement_seed(actor=moderator, conversation=conversation, text="\u2066Ja\u2069 bitte")
    assert (typed.text, seeded.text) == ("Preis: 001 Euro", "Ja bitte")


def test_only_moderation_codes_are_decisions(conversation, moderator):
    statement = StatementFactory(conversation=conversation, moderation=0)
    for value in (7, 2, -2):
        with pytest.raises(ValidationError):
            statement_moderate(actor=moderator, statement=statement, moderation=value)
    statement.refresh_from_db()
    assert statement.moderation == 0 and not AuditEvent.objects.exists()


def test_deleting_needs_the_right_to_manage_and_keeps_the_text_in_the_trail(
    conversation, moderator, member
):
    statement = StatementFactory(conversation=conversation, text="Weg damit")
    Vote.objects.create(
        participant=ParticipantFactory(conversation=conversation), statement=statement, value=1
    )
    with pytest.raises(PermissionDenied):
        statement_delete(actor=member, statement=statement)
    assert Statement.objects.filter(pk=statement.pk).exists()
    statement_delete(actor=moderator, statement=statement)
    assert not Statement.objects.exists() and not Vote.objects.exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.before["text"], event.before["votes"]) == (
        "opinions.statement_delete",
        "Weg damit",
        1,
    )
    assert (
        event.actor == moderator and event.municipality_id == conversation.process.municipality_id
    )


def test_opening_and_closing_are_audited_once(conversation, moderator, member):
    with pytest.raises(PermissionDenied):
        conversation_open_set(actor=member, conversation=conversation, is_open=False)
    conversation_open_set(actor=moderator, conversation=conversation, is_open=False)
    conversation_open_set(actor=moderator, conversation=conversation, is_open=False)  # no change
    conversation.refresh_from_db()
    assert not conversation.is_open
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "opinions.conversation_close"
    ]


def test_an_unknown_action_or_statement_is_a_message_not_a_crash(conversation, moderator):
    with pytest.raises(ValidationError):
        organiser_action_perform(actor=moderator, conversation=conversation, action="explode")
    with pytest.raises(ValidationError):
        organiser_action_perform(
            actor=moderator, conversation=conversation, action="accept", statement="x"
        )
    other = StatementFactory(moderation=0)
    with pytest.raises(ValidationError):
        organiser_action_perform(
            actor=moderator, conversation=conversation, action="reject", statement=str(other.pk)
        )
    other.refresh_from_db()
    assert other.moderation == 0


def test_the_votes_export_is_refused_to_those_who_do_not_manage(conversation, member):
    with pytest.raises(PermissionDenied):
        conversation_export_polis(actor=member, conversation=conversation)
    assert not AuditEvent.objects.exists()


def _archive(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def _import(conversation, actor, archive: bytes):
    return conversation_import_polis(
        actor=actor,
        process=conversation.process,
        phase_slug="workshop-day-1",
        title="Import",
        archive=archive,
    )


def test_a_member_larger_than_the_limit_is_refused_while_unpacking(
    conversation, moderator, monkeypatch
):
    monkeypatch.setattr(services, "MAX_POLIS_MEMBER_BYTES", 1000)
    comments = "comment-id,comment-body\n" + "".join(f"{i},Aussage {i}\n" for i in range(200))
    archive = _archive(
        **{"comments.csv": comments, "participants-votes.csv": "participant,group-id\n"}
    )
    with pytest.raises(ValidationError) as error:
        _import(conversation, moderator, archive)
    assert error.value.code == "archive_limit" and "comments.csv" in error.value.messages[0]
    assert Conversation.objects.count() == 1  # only the fixture's


def test_a_damaged_archive_is_a_message(conversation, moderator):
    archive = bytearray(
        _archive(**{"comments.csv": "comment-id,comment-body\n" + "1,Mehr Sprachkurse\n" * 300})
    )
    archive[60:90] = b"\xff" * 30  # inside the compressed data
    with pytest.raises((ValidationError, ValueError)):
        _import(conversation, moderator, bytes(archive))
    assert not Statement.objects.exists()


@pytest.mark.usefixtures("english")
def test_the_list_of_problems_is_bounded(conversation, moderator):
    comments = "comment-id,comment-body\n" + "".join(f"{i},x\n" for i in range(500))
    archive = _archive(
        **{"comments.csv": comments, "participants-votes.csv": "participant,group-id\n"}
    )
    with pytest.raises(ValidationError) as error:
        _import(conversation, moderator, archive)
    problems = error.value.messages
    assert len(problems) == services.MAX_IMPORT_PROBLEMS + 1
    assert problems[0].startswith("Line 2 of comments.csv") and "490 more" in problems[-1]
    assert not Statement.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.shared_data
def test_a_real_export_with_statements_nobody_could_type_is_refused_with_where(
    conversation, moderator
):
    folder = DATASETS / "polis" / "15-per-hour-seattle"
    archive = _archive(
        **{
            name: (folder / name).read_bytes()
            for name in ("comments.csv", "participants-votes.csv", "votes.csv")
        }
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(conversation, moderator, archive)
    # The line as an editor shows it (statements above run over several lines).
    assert error.value.messages == [
        "Line 35 of comments.csv: A statement has between 3 and 400 characters."
    ]


@pytest.mark.shared_data
def test_an_import_is_audited_with_its_size(conversation, moderator):
    folder = DATASETS / "polis" / "bg2050-volunteers"
    archive = _archive(
        **{
            name: (folder / name).read_bytes()
            for name in ("comments.csv", "participants-votes.csv", "votes.csv")
        }
    )
    imported = _import(conversation, moderator, archive)
    event = AuditEvent.objects.get()
    assert event.action == "opinions.conversation_import" and event.target_id == str(imported.pk)
    assert event.after["statements"] == imported.statements.count()
    assert event.after["votes"] == Vote.objects.filter(statement__conversation=imported).count()


def test_closing_dates_the_retention_and_opening_again_clears_it(world):
    conversation = ConversationFactory(process=world.kerpen_process, phase_slug="workshop-day-1")
    conversation_open_set(actor=world.moderator, conversation=conversation, is_open=False)
    conversation.refresh_from_db()
    assert conversation.closed_at is not None
    conversation_open_set(actor=world.moderator, conversation=conversation, is_open=True)
    conversation.refresh_from_db()
    assert conversation.closed_at is None
