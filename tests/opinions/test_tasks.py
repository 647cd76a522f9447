"""The map's recompute in the background: votes queue one task in the database, a burst of votes
shares it, and the real worker (`cohesion worker`) draws the map from all of them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cohesion.accounts.models import Role
from cohesion.opinions.models import Conversation, OpinionMapSnapshot, Statement
from cohesion.opinions.services import (
    MAP_UPDATE_REQUEST_LOST_AFTER,
    map_update_request,
    opinion_map_recompute,
    statement_moderate,
    vote_cast,
)
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    ParticipantFactory,
    StatementFactory,
)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.OPINION_MAP_DEBOUNCE_SECONDS = 2


@pytest.fixture
def conversation(db):
    conversation = ConversationFactory()
    StatementFactory.create_batch(4, conversation=conversation)
    return conversation


def _votes(conversation, people: int) -> int:
    statements = list(conversation.statements.all())
    count = 0
    for person in range(people):
        participant = ParticipantFactory(conversation=conversation)
        for index, statement in enumerate(statements):
            value = 1 if (person + index) % 3 else -1
            vote_cast(participant=participant, statement=statement, value=value)
            count += 1
    return count


def _run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _waiting(conversation) -> DBTaskResult:
    return DBTaskResult.objects.filter(task_path="cohesion.opinions.tasks.opinion_map_update")


# The worker commits and closes its connection as in production: a real transaction per test.
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_votes_queues_one_recompute_that_the_worker_runs_after_the_wait(
    queue, conversation
):
    before = timezone.now()
    cast = _votes(conversation, people=6)
    assert cast == 24
    queued = list(_waiting(conversation))
    assert len(queued) == 1
    assert queued[0].args_kwargs == {"args": [conversation.pk], "kwargs": {}}
    wait = queued[0].run_after - before
    assert timedelta(seconds=2) <= wait < timedelta(seconds=10)
    conversation.refresh_from_db()
    assert conversation.map_update_requested_at is not None

    _run_worker()  # the wait is not over: the task stays queued, no map yet
    assert not OpinionMapSnapshot.objects.filter(conversation=conversation).exists()
    assert _waiting(conversation).get().status == "READY"

    _waiting(conversation).update(run_after=timezone.now())  # the two seconds have passed
    _run_worker()
    finished = _waiting(conversation).get()
    assert finished.status == "SUCCESSFUL", finished.traceback
    assert finished.return_value == 24
    snapshot = OpinionMapSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == 24
    conversation.refresh_from_db()
    assert conversation.map_update_requested_at is None

    # A vote after the task read the votes queues the next recompute.
    _votes(conversation, people=1)
    assert _waiting(conversation).filter(status="READY").count() == 1


def test_a_request_whose_task_was_lost_is_made_again(queue, conversation):
    Conversation.objects.filter(pk=conversation.pk).update(
        map_update_requested_at=timezone.now() - MAP_UPDATE_REQUEST_LOST_AFTER - timedelta(1)
    )
    assert map_update_request(conversation_id=conversation.pk) is True
    assert map_update_request(conversation_id=conversation.pk) is False
    assert _waiting(conversation).count() == 1


def test_a_recompute_that_read_the_votes_earlier_never_replaces_a_later_one(conversation):
    _votes(conversation, people=2)
    opinion_map_recompute(conversation=conversation)
    later = timezone.now() + timedelta(minutes=1)
    OpinionMapSnapshot.objects.filter(conversation=conversation).update(
        vote_count=99, votes_read_at=later
    )
    snapshot = opinion_map_recompute(conversation=conversation)
    assert snapshot.vote_count == 99
    assert OpinionMapSnapshot.objects.get(conversation=conversation).vote_count == 99

    OpinionMapSnapshot.objects.filter(conversation=conversation).update(
        votes_read_at=timezone.now() - timedelta(minutes=1)
    )
    assert opinion_map_recompute(conversation=conversation).vote_count == 8


def test_rejecting_a_statement_with_votes_asks_for_a_new_map(
    queue, conversation, django_capture_on_commit_callbacks
):
    municipality = conversation.process.municipality
    moderator = MembershipFactory(municipality=municipality, role=Role.MODERATOR).user
    unvoted = StatementFactory(conversation=conversation, moderation=Statement.Moderation.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        statement_moderate(
            actor=moderator, statement=unvoted, moderation=Statement.Moderation.ACCEPTED
        )
    assert not _waiting(conversation).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _votes(conversation, people=1)
    _waiting(conversation).delete()
    Conversation.objects.filter(pk=conversation.pk).update(map_update_requested_at=None)
    voted = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        statement_moderate(
            actor=moderator, statement=voted, moderation=Statement.Moderation.REJECTED
        )
    assert _waiting(conversation).count() == 1
