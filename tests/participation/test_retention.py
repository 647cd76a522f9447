"""Retention: pseudonymous participants of conversations closed longer than
PARTICIPANT_RETENTION_DAYS are erased, by the daily upkeep of the worker and by a command."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cohesion.audit.models import AuditEvent
from cohesion.opinions.models import Conversation, Participant, Statement, Vote
from cohesion.participation.models import DeviceConsent
from cohesion.participation.services import (
    consent_record,
    participants_purge,
    participants_purge_schedule,
)
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory

PURGE = "cohesion.participation.tasks.participants_purge_daily"


def _conversation(*, closed_days_ago=None, is_open=False, people=3, device=""):
    closed_at = timezone.now() - timedelta(days=closed_days_ago) if closed_days_ago else None
    conversation = ConversationFactory(is_open=is_open, closed_at=closed_at)
    statement = StatementFactory(conversation=conversation)
    people = ParticipantFactory.create_batch(people, conversation=conversation)
    if device:
        people.append(ParticipantFactory(conversation=conversation, device_hash=device))
    for person in people:
        Vote.objects.create(participant=person, statement=statement, value=1)
    StatementFactory(conversation=conversation, author=people[0], text="Mine, pending")
    return conversation


def test_participants_of_long_closed_conversations_are_erased_and_the_rest_stays(db):
    old = _conversation(closed_days_ago=181, device="a" * 64)
    recent = _conversation(closed_days_ago=179)
    running = _conversation(is_open=True)
    undated = _conversation(is_open=False)  # closed by code that set no date
    consent_record(device_hash="a" * 64)
    consent_record(device_hash="b" * 64)  # a device that contributes still elsewhere
    ParticipantFactory(conversation=running, device_hash="b" * 64)
    DeviceConsent.objects.update(given_at=timezone.now() - timedelta(days=200))

    assert participants_purge() == {"opinions": 4}

    assert not Participant.objects.filter(conversation=old).exists()
    assert not Vote.objects.filter(statement__conversation=old).exists()
    # The statements are the conversation's content: they stay, without author.
    assert Statement.objects.filter(conversation=old, author__isnull=True).count() == 2
    for kept in (recent, running, undated):
        assert Participant.objects.filter(conversation=kept).count() >= 3
    undated.refresh_from_db()
    assert undated.closed_at is not None  # its retention starts now
    assert list(DeviceConsent.objects.values_list("device_hash", flat=True)) == ["b" * 64]
    [event] = AuditEvent.objects.filter(action="participation.participants_purge")
    assert event.after == {"retention_days": 180, "participants": {"opinions": 4}, "consents": 1}

    assert participants_purge() == {}  # nothing left: no second event
    assert AuditEvent.objects.filter(action="participation.participants_purge").count() == 1


def test_a_conversation_opened_again_loses_its_closing_date(db):
    reopened = _conversation(closed_days_ago=400, is_open=True)
    assert participants_purge() == {}
    reopened.refresh_from_db()
    assert reopened.closed_at is None
    assert reopened.participants.count() == 3


def test_the_retention_period_is_a_setting(db, settings):
    settings.PARTICIPANT_RETENTION_DAYS = 30
    conversation = _conversation(closed_days_ago=31)
    assert participants_purge() == {"opinions": 3}
    assert not conversation.participants.exists()


def test_the_command_purges_and_says_how_many(db, capsys):
    _conversation(closed_days_ago=400)
    call_command("participants-purge")
    assert "3 participants erased (retention 180 days): opinions 3" in capsys.readouterr().out
    assert not Participant.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_purges_when_it_starts_and_then_daily(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    conversation = _conversation(closed_days_ago=181)
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert not Participant.objects.filter(conversation=conversation).exists()
    [purge] = DBTaskResult.objects.filter(task_path=PURGE)
    assert purge.status == "READY"
    assert timedelta(hours=23) < purge.run_after - timezone.now() <= timedelta(days=1)
    assert participants_purge_schedule(after=timedelta(days=1)) is False  # not twice

    later = _conversation(closed_days_ago=200)
    DBTaskResult.objects.filter(task_path=PURGE).update(run_after=timezone.now())  # a day later
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert not Participant.objects.filter(conversation=later).exists()
    assert DBTaskResult.objects.filter(task_path=PURGE, status="SUCCESSFUL").count() == 1
    assert DBTaskResult.objects.filter(task_path=PURGE, status="READY").count() == 1
    assert Conversation.objects.count() == 2
