"""The vote's hot path: the device token, not the session, names the participant; a vote costs a
fixed handful of queries; two first votes of one device give one participant; rate limits per
device, with a backstop per address against clearing the cookie."""

import secrets
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from cohesion.opinions.models import Participant, Statement, Vote
from cohesion.opinions.services import participant_join_acting, vote_cast
from cohesion.participation.devices import COOKIE_NAME, device_hash
from tests.factories import ConversationFactory, StatementFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def fresh_limits():
    """Rate-limit counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conversation(db):
    conversation = ConversationFactory(code="V0TE42")
    StatementFactory.create_batch(6, conversation=conversation)
    return conversation


def _url(conversation, name="participate:vote"):
    return reverse(name, args=[conversation.code])


def _phone(token: str | None = None) -> Client:
    client = Client()
    if token:
        client.cookies[COOKIE_NAME] = token
    return client


def test_a_vote_neither_reads_nor_writes_the_session(conversation):
    phone = _phone()
    statements = list(conversation.statements.all())
    for statement in statements[:3]:
        response = phone.post(_url(conversation), {"statement": statement.pk, "value": 1})
        assert response.status_code == 302
        assert "sessionid" not in response.cookies
    token = phone.cookies[COOKIE_NAME].value
    me = Participant.objects.get(device_hash=device_hash(token))
    assert me.votes.count() == 3
    assert "sessionid" not in phone.cookies
    # The cookie, not the session, makes the page know them.
    page = phone.get(_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert "You voted on 3 of 6 statements." in page.content.decode()
    stranger = _phone().get(_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert "You voted on 0 of 6 statements." in stranger.content.decode()


def test_a_vote_costs_three_queries(
    conversation, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE  # the map's mark and the queued task, as in production
    phone = _phone()
    first, second, third = conversation.statements.all()[:3]
    with django_capture_on_commit_callbacks(execute=True):
        phone.post(_url(conversation), {"statement": first.pk, "value": 1})
    for statement in (second, third):
        # The statement with its conversation and the participant, the upsert, and reading
        # the map's mark (a recompute is queued already, so no second write).
        with (
            django_assert_num_queries(3) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = phone.post(_url(conversation), {"statement": statement.pk, "value": 0})
        assert response.status_code == 302
        assert [q["sql"].split()[0] for q in queries] == ["SELECT", "INSERT", "SELECT"]
    assert Vote.objects.filter(participant__conversation=conversation).count() == 3


def test_changing_a_vote_keeps_one_row_with_the_latest_value(conversation):
    phone = _phone()
    statement = conversation.statements.first()
    for value in (1, -1, 0, -1):
        phone.post(_url(conversation), {"statement": statement.pk, "value": value})
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database fails concurrent writers at once (table locks); "
    "test_concurrent_votes races first votes on a file database through the served application",
)
@pytest.mark.django_db(transaction=True)
def test_two_first_votes_of_one_device_racing_give_one_participant():
    conversation = ConversationFactory()
    statements = StatementFactory.create_batch(8, conversation=conversation)
    token = secrets.token_urlsafe(32)
    barrier = threading.Barrier(len(statements))
    answers = []

    def first_vote(statement):
        barrier.wait()
        try:
            answers.append(
                _phone(token)
                .post(_url(conversation), {"statement": statement.pk, "value": 1})
                .status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=first_vote, args=(s,)) for s in statements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302] * len(statements)
    participant = Participant.objects.get(conversation=conversation)
    assert participant.device_hash == device_hash(token)
    assert participant.votes.count() == len(statements)


def test_a_second_join_of_a_device_finds_its_participant(conversation):
    device = device_hash(secrets.token_urlsafe(32))
    statement = conversation.statements.first()

    def act(participant):
        return vote_cast(participant=participant, statement=statement, value=1)

    first = participant_join_acting(conversation=conversation, act=act, device_hash=device)
    # What a racing first vote meets once the other has committed: the unique constraint.
    again = participant_join_acting(conversation=conversation, act=act, device_hash=device)
    assert again == first
    assert Participant.objects.count() == 1


def test_a_refused_first_vote_leaves_nobody_and_a_made_up_cookie_is_only_a_newcomer(
    conversation,
):
    pending = StatementFactory(conversation=conversation, moderation=Statement.Moderation.PENDING)
    phone = _phone(secrets.token_urlsafe(32))
    response = phone.post(_url(conversation), {"statement": pending.pk, "value": 1}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Participant.objects.exists()
    # A malformed cookie is no device: the vote gets a fresh token.
    phone = _phone("../../etc/passwd")
    statement = conversation.statements.first()
    response = phone.post(_url(conversation), {"statement": statement.pk, "value": 1})
    token = response.cookies[COOKIE_NAME].value
    assert token != "../../etc/passwd"
    assert Participant.objects.get().device_hash == device_hash(token)


def test_a_statement_number_beyond_any_column_is_a_message_not_a_500(conversation):
    phone = _phone()
    response = phone.post(_url(conversation), {"statement": "9" * 40, "value": 1}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Vote.objects.exists()


def test_a_vote_for_an_unknown_code_is_404(conversation):
    statement = conversation.statements.first()
    response = _phone().post(
        reverse("participate:vote", args=["NOPE42"]), {"statement": statement.pk, "value": 1}
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()


# --- rate limits ---------------------------------------------------------------------------------


def test_a_flood_of_statements_from_one_participant_is_refused_with_429(conversation, settings):
    phone = _phone()
    phone.post(_url(conversation), {"statement": conversation.statements.first().pk, "value": 1})
    answers = [
        phone.post(
            _url(conversation, "participate:submit"),
            {"text": f"Statement number {n} of a flood"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        for n in range(60)
    ]
    statuses = [answer.status_code for answer in answers]
    limit = int(settings.OPINION_STATEMENTS_PER_DEVICE.split("/")[0])
    # The limit's window is fixed: a flood that straddles two windows gets the limit twice.
    assert limit <= statuses.count(302) <= 2 * limit
    assert statuses.count(429) == 60 - statuses.count(302)
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert "Please wait a minute, then try again." in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert Statement.objects.filter(author__isnull=False).count() == statuses.count(302)
    # Someone else on the same address is not held up.
    other = _phone()
    answer = other.post(_url(conversation, "participate:submit"), {"text": "My own statement"})
    assert answer.status_code == 302


def test_votes_are_limited_per_device_not_per_address(conversation, settings):
    settings.OPINION_VOTES_PER_DEVICE = "10/h"  # an hour: no window ends during the test
    statements = list(conversation.statements.all())
    phone = _phone()
    statuses = [
        phone.post(_url(conversation), {"statement": statements[n % 6].pk, "value": 1}).status_code
        for n in range(15)
    ]
    # The first vote comes without a token (a newcomer, counted per address), ten with it.
    assert statuses == [302] * 11 + [429] * 4
    # Thirty more phones behind the same address vote as before.
    for _ in range(30):
        assert (
            _phone()
            .post(_url(conversation), {"statement": statements[0].pk, "value": 1})
            .status_code
            == 302
        )
    assert Participant.objects.count() == 31


def test_clearing_the_cookie_to_vote_again_is_bounded_per_address(conversation, settings):
    settings.OPINION_NEW_PARTICIPANTS_PER_ADDRESS = ["20/h", "50/d"]
    statement = conversation.statements.first()
    statuses = [
        _phone(secrets.token_urlsafe(32) if n % 2 else None)  # cleared or made up
        .post(_url(conversation), {"statement": statement.pk, "value": 1})
        .status_code
        for n in range(40)
    ]
    assert statuses == [302] * 20 + [429] * 20
    assert Vote.objects.filter(statement=statement).count() == 20
    # Another address is not held up by it.
    answer = _phone().post(
        _url(conversation), {"statement": statement.pk, "value": 1}, REMOTE_ADDR="10.0.0.7"
    )
    assert answer.status_code == 302
