"""The vote's target, read in one query written out in SQL: it must find exactly what the ORM's
queries would (the statement of that code, the device's participant of that conversation)."""

import secrets
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohesion.opinions.models import Conversation, Statement, Vote
from cohesion.opinions.selectors import vote_target
from cohesion.opinions.services import map_update_request, vote_cast
from cohesion.participation.devices import device_hash
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def device():
    return device_hash(secrets.token_urlsafe(32))


def test_the_target_is_the_statement_of_that_code_and_the_device_s_participant(device):
    conversation = ConversationFactory(code="HOT123")
    statement = StatementFactory(conversation=conversation)
    other = ConversationFactory(code="COLD45")
    ParticipantFactory(conversation=other, device_hash=device)  # the same phone, elsewhere
    mine = ParticipantFactory(conversation=conversation, device_hash=device)

    target = vote_target(code="HOT123", statement_pk=statement.pk, device_hash=device)

    assert target.statement == statement
    assert target.statement.moderation == Statement.Moderation.ACCEPTED
    assert target.statement.conversation.code == "HOT123"
    assert target.statement.conversation.is_open is True
    assert target.participant == mine
    assert target.participant.conversation is target.statement.conversation
    # The fields not read are deferred, as with only(): reading one asks the database.
    assert target.statement.get_deferred_fields() >= {"text"}
    assert target.statement.text == statement.text


def test_no_target_for_another_code_or_a_made_up_statement(device):
    conversation = ConversationFactory(code="HOT123")
    statement = StatementFactory(conversation=conversation)
    ConversationFactory(code="COLD45")
    assert vote_target(code="COLD45", statement_pk=statement.pk, device_hash=device) is None
    assert vote_target(code="hot123", statement_pk=statement.pk, device_hash=device) is None
    assert vote_target(code="HOT123", statement_pk=statement.pk + 99, device_hash=device) is None
    assert vote_target(code="HOT123", statement_pk="1 OR 1=1", device_hash=device) is None
    assert vote_target(code="HOT123", statement_pk=-1, device_hash=device) is None
    # Beyond what the column holds: no statement, not an overflow in the database driver.
    assert vote_target(code="HOT123", statement_pk=10**30, device_hash=device) is None


def test_without_a_device_nobody_is_found_not_even_a_participant_without_one(device):
    conversation = ConversationFactory()
    statement = StatementFactory(conversation=conversation)
    ParticipantFactory(conversation=conversation, device_hash="")  # imported, no device
    for nothing in (None, ""):
        target = vote_target(code=conversation.code, statement_pk=statement.pk, device_hash=nothing)
        assert target.participant is None
    target = vote_target(code=conversation.code, statement_pk=statement.pk, device_hash=device)
    assert target.participant is None  # a newcomer


def test_a_closed_conversation_reads_as_closed_and_refuses_the_vote(device):
    conversation = ConversationFactory(is_open=False)
    statement = StatementFactory(conversation=conversation)
    ParticipantFactory(conversation=conversation, device_hash=device)
    target = vote_target(code=conversation.code, statement_pk=statement.pk, device_hash=device)
    assert target.statement.conversation.is_open is False
    with pytest.raises(ValidationError) as refused:
        vote_cast(participant=target.participant, statement=target.statement, value=1)
    assert refused.value.code == "closed"
    assert not Vote.objects.exists()


def test_the_upsert_keeps_one_row_with_the_latest_value_and_time(device):
    conversation = ConversationFactory()
    statement = StatementFactory(conversation=conversation)
    participant = ParticipantFactory(conversation=conversation, device_hash=device)
    before = timezone.now()
    vote_cast(participant=participant, statement=statement, value=1)
    vote_cast(participant=participant, statement=statement, value=-1)
    vote = Vote.objects.get()
    assert vote.value == -1
    assert before <= vote.updated_at <= timezone.now()


def test_a_recent_mark_spares_the_request_and_an_old_one_is_taken_as_lost(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    conversation = ConversationFactory()
    Conversation.objects.filter(pk=conversation.pk).update(
        map_update_requested_at=timezone.now() - timedelta(minutes=1)
    )
    assert map_update_request(conversation_id=conversation.pk) is False
    Conversation.objects.filter(pk=conversation.pk).update(
        map_update_requested_at=timezone.now() - timedelta(hours=1)
    )
    assert map_update_request(conversation_id=conversation.pk) is True
