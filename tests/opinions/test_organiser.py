"""The organisers' pages: start, seed, moderate, draw the map, import and export."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.opinions.models import Conversation, OpinionMapSnapshot, Statement, Vote
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    ParticipantFactory,
    ProcessFactory,
    StatementFactory,
)
from tests.paths import DATASETS

POLIS = DATASETS / "polis"


@pytest.fixture
def moderator(client, db):
    process = ProcessFactory()
    user = MembershipFactory(municipality=process.municipality, role=Role.MODERATOR).user
    client.force_login(user)
    client.cookies["cohesion_language"] = "en"
    return process


def test_start_seed_and_moderate(client, moderator):
    url = reverse("opinions:list", args=[moderator.pk, "workshop-day-1"])
    response = client.post(url, {"title": "Integration bei uns", "description": "Was heißt das?"})
    conversation = Conversation.objects.get()
    assert response.url == reverse("opinions:manage", args=[conversation.pk])
    manage = reverse("opinions:manage", args=[conversation.pk])
    client.post(manage, {"action": "seed", "text": "Mehr Sprachcafés"})
    pending = StatementFactory(conversation=conversation, moderation=Statement.Moderation.PENDING)
    client.post(manage, {"action": "accept", "statement": pending.pk})
    pending.refresh_from_db()
    assert pending.moderation == Statement.Moderation.ACCEPTED
    page = client.get(manage).content.decode()
    assert "Mehr Sprachcafés" in page and conversation.code in page


def test_bad_changes_are_answered_and_change_nothing(client, moderator):
    conversation = ConversationFactory(process=moderator)
    other = StatementFactory(moderation=Statement.Moderation.PENDING)  # another conversation
    manage = reverse("opinions:manage", args=[conversation.pk])
    for data in (
        {"action": "accept", "statement": other.pk},
        {"action": "accept", "statement": "x"},
        {"action": "explode"},
    ):
        response = client.post(manage, data, follow=True)
        assert response.status_code == 200
        assert response.context["messages"]
    response = client.post(manage, {"action": "seed", "text": "no"})
    assert "between 3 and 400" in response.content.decode()
    other.refresh_from_db()
    assert other.moderation == Statement.Moderation.PENDING
    assert not conversation.statements.exists()


def _zip(folder: Path) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name in ("comments.csv", "participants-votes.csv", "votes.csv"):
            zipped.write(folder / name, name)
    buffer.seek(0)
    buffer.name = "conversation.zip"
    return buffer


@pytest.mark.shared_data
def test_import_draw_and_export(client, moderator):
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    response = client.post(
        url, {"title": "bg2050", "archive": _zip(POLIS / "bg2050-volunteers")}, follow=True
    )
    conversation = Conversation.objects.get()
    assert "The conversation has been imported." in response.content.decode()
    manage = reverse("opinions:manage", args=[conversation.pk])
    page = client.post(manage, {"action": "recompute"}, follow=True).content.decode()
    assert "Group A" in page and "Group 0" not in page  # as the participants see them
    export = client.get(reverse("opinions:export", args=[conversation.pk]))
    assert export["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(export.content)).namelist()) == 3


def test_a_bad_archive_is_answered_in_the_users_language(client, moderator):
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zipped:
        zipped.writestr("comments.csv", "comment-id,comment-body\n1,x\n")
        zipped.writestr("participants-votes.csv", "participant,group-id,1\n7,,yes\n")
    broken.seek(0)
    broken.name = "broken.zip"
    client.cookies["cohesion_language"] = "de"
    page = client.post(url, {"title": "x", "archive": broken}).content.decode()
    assert "participants-votes.csv" in page and "Zeile 2" in page
    assert not Conversation.objects.exists()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_every_moderation_action_is_confirmed_and_audited(client, moderator):
    conversation = ConversationFactory(process=moderator)
    manage = reverse("opinions:manage", args=[conversation.pk])
    response = client.post(manage, {"action": "seed", "text": "Mehr Sprachcafés"}, follow=True)
    assert any("has been added" in text for text in _messages(response))
    pending = StatementFactory(conversation=conversation, moderation=Statement.Moderation.PENDING)
    response = client.post(manage, {"action": "accept", "statement": pending.pk}, follow=True)
    assert any(text.startswith("Accepted") and pending.text in text for text in _messages(response))
    response = client.post(manage, {"action": "reject", "statement": pending.pk}, follow=True)
    assert any(text.startswith("Rejected") for text in _messages(response))
    response = client.post(manage, {"action": "close"}, follow=True)
    assert any("closed" in text for text in _messages(response))
    conversation.refresh_from_db()
    assert not conversation.is_open
    client.post(manage, {"action": "open"})
    conversation.refresh_from_db()
    assert conversation.is_open
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "before", "after"))
    assert [action for action, *_ in events] == [
        "opinions.statement_seed",
        "opinions.statement_moderate",
        "opinions.statement_moderate",
        "opinions.conversation_close",
        "opinions.conversation_open",
    ]
    assert events[0][2] == {"text": "Mehr Sprachcafés"}
    assert events[2][1]["moderation"] == "accepted" and events[2][2]["moderation"] == "rejected"
    event = AuditEvent.objects.first()
    assert event.municipality_id == moderator.municipality_id
    assert event.programme_id == moderator.programme_id


def test_starting_a_conversation_is_audited(client, moderator):
    url = reverse("opinions:list", args=[moderator.pk, "workshop-day-1"])
    client.post(url, {"title": "Integration bei uns"})
    event = AuditEvent.objects.get()
    assert event.action == "opinions.conversation_create"
    assert event.after == {"title": "Integration bei uns", "phase": "workshop-day-1"}


def test_the_moderator_sees_the_groups_named_as_participants_do(client, moderator):
    conversation = ConversationFactory(process=moderator)
    OpinionMapSnapshot.objects.create(
        conversation=conversation,
        state={},
        result={"group_sizes": {"0": 7, "1": 5, "2": 3}},  # group 2 is too small to be shown
    )
    page = client.get(reverse("opinions:manage", args=[conversation.pk])).content.decode()
    assert "Group A: 7 people" in page and "Group B: 5 people" in page
    assert "Group C" not in page and "Gruppe 0" not in page and "Group 0" not in page


def test_an_organiser_deletes_a_statement_after_confirming(
    client, moderator, django_capture_on_commit_callbacks
):
    conversation = ConversationFactory(process=moderator)
    statement = StatementFactory(conversation=conversation, text="Ein beleidigender Satz")
    kept = StatementFactory(conversation=conversation)
    for participant in ParticipantFactory.create_batch(3, conversation=conversation):
        Vote.objects.create(participant=participant, statement=statement, value=1)
        Vote.objects.create(participant=participant, statement=kept, value=-1)
    url = reverse("opinions:statement_delete", args=[conversation.pk, statement.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ein beleidigender Satz" in confirm.content.decode()
    assert Statement.objects.filter(pk=statement.pk).exists()  # asking deletes nothing
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, follow=True)
    assert any(text.startswith("Deleted") for text in _messages(response))
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert Vote.objects.filter(statement=kept).count() == 3
    assert Vote.objects.count() == 3
    assert len(callbacks) == 1  # the map is drawn again without it
    event = AuditEvent.objects.get(action="opinions.statement_delete")
    assert event.before["text"] == "Ein beleidigender Satz" and event.before["votes"] == 3
    assert event.target_id == str(statement.pk)


def test_a_statement_of_another_conversation_cannot_be_deleted(client, moderator):
    conversation = ConversationFactory(process=moderator)
    other = StatementFactory()  # another municipality's conversation
    url = reverse("opinions:statement_delete", args=[conversation.pk, other.pk])
    assert client.post(url).status_code == 404
    assert Statement.objects.filter(pk=other.pk).exists()
    assert not AuditEvent.objects.exists()


def _member_of(process, client):
    user = MembershipFactory(municipality=process.municipality, role=Role.WORKING_GROUP_MEMBER).user
    client.force_login(user)
    return user


def test_only_those_who_manage_download_every_participants_votes(client, moderator):
    conversation = ConversationFactory(process=moderator)
    statement = StatementFactory(conversation=conversation, text="Mehr Sprachkurse")
    author = ParticipantFactory(conversation=conversation)
    statement.author = author
    statement.save()
    Vote.objects.create(participant=author, statement=statement, value=1)
    full = client.get(reverse("opinions:export", args=[conversation.pk]))
    assert full.status_code == 200 and full["Cache-Control"] == "no-store"
    _member_of(moderator, client)  # sees the workshop day, does not run it
    assert client.get(reverse("opinions:export", args=[conversation.pk])).status_code == 403
    page = client.get(reverse("opinions:manage", args=[conversation.pk])).content.decode()
    assert reverse("opinions:export", args=[conversation.pk]) not in page
    comments = client.get(reverse("opinions:export_comments", args=[conversation.pk]))
    assert comments.status_code == 200
    rows = list(csv.DictReader(io.StringIO(comments.content.decode())))
    assert rows[0]["comment-body"] == "Mehr Sprachkurse" and rows[0]["agrees"] == "1"
    assert rows[0]["author-id"] == ""  # who wrote what stays with the organisers
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "opinions.conversation_export",
        "opinions.statements_export",
    ]


def test_participant_text_is_no_formula_in_the_export(client, moderator):
    conversation = ConversationFactory(process=moderator)
    texts = ['=HYPERLINK("http://x";"y")', "+1+2 sagt alles", "-2+3", "@SUM(A1)"]
    for text in texts:
        StatementFactory(conversation=conversation, text=text)
    export = client.get(reverse("opinions:export", args=[conversation.pk]))
    with zipfile.ZipFile(io.BytesIO(export.content)) as zipped:
        rows = list(csv.DictReader(io.StringIO(zipped.read("comments.csv").decode())))
    assert [row["comment-body"] for row in rows] == ["'" + text for text in texts]
    assert all(row["moderated"] == "1" for row in rows)
    # The datetime column is filled as Pol.is fills it, e.g. "Wed Jun 18 11:53:44 UTC 2014".
    assert all(row["datetime"].endswith(f" UTC {row['datetime'][-4:]}") for row in rows)


def _zip_of(**members: str) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, text in members.items():
            zipped.writestr(name.replace("_", "-") + ".csv", text)
    buffer.seek(0)
    buffer.name = "conversation.zip"
    return buffer


PARTICIPANTS = "participant,group-id,n-comments,n-votes,n-agree,n-disagree\n"


def test_a_tiny_archive_with_a_huge_statement_is_answered_not_a_crash(client, moderator):
    """The attack: 537 bytes of ZIP holding a 140,000-character comment-body."""
    archive = _zip_of(
        comments="comment-id,comment-body\n1," + "A" * 140_000 + "\n",
        participants_votes=PARTICIPANTS,
    )
    assert len(archive.getvalue()) < 1000
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    response = client.post(url, {"title": "x", "archive": archive})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2 of comments.csv" in page
    assert not Conversation.objects.exists()


def test_an_archive_that_unpacks_to_much_more_is_refused(client, moderator):
    archive = _zip_of(comments="comment-id,comment-body\n" + "1,x\n" * 2_000_000)
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    page = client.post(url, {"title": "x", "archive": archive}).content.decode()
    assert "compressed beyond any real export" in page
    assert not Conversation.objects.exists()


def test_an_import_with_statements_nobody_could_type_is_refused_whole(client, moderator):
    comments = "comment-id,moderated,comment-body\n" + "".join(
        f"{i},1,{text}\n"
        for i, text in enumerate(
            [
                "Mehr Sprachcafés in den Stadtteilen",  # fine, but not imported alone
                "x" * 5000,
                '""',
                "\u200b\u200b\u200d\u200d\u2060",  # only invisible characters
                "ok\x07ay",  # a control character
            ]
        )
    )
    archive = _zip_of(comments=comments, participants_votes=PARTICIPANTS)
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    response = client.post(url, {"title": "x", "archive": archive})
    page = response.content.decode()
    assert response.status_code == 200
    for line in (3, 4, 5, 6):
        assert f"Line {line} of comments.csv" in page
    assert "Line 2 of comments.csv" not in page
    assert not Conversation.objects.exists() and not Statement.objects.exists()


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ("comment-id,moderated,comment-body\n1,7,Mehr Sprachkurse\n", "“moderated” is 1, 0 or -1"),
        ("comment-id,comment-body\n" + "9" * 65 + ",Mehr Sprachkurse\n", "is too long"),
        ("comment-id,comment-body\n1,Mehr\x00Sprachkurse\n", "contains a NUL character"),
    ],
)
def test_values_the_pages_never_produce_are_refused(client, moderator, comments, expected):
    archive = _zip_of(comments=comments, participants_votes=PARTICIPANTS)
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    response = client.post(url, {"title": "x", "archive": archive})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Conversation.objects.exists()


def test_an_rtl_override_spoof_does_not_reach_the_page(client, moderator):
    archive = _zip_of(
        comments="comment-id,moderated,comment-body\n1,1,Abstimmung \u202eetats\u202c jetzt\n",
        participants_votes=PARTICIPANTS,
    )
    url = reverse("opinions:import", args=[moderator.pk, "workshop-day-1"])
    client.post(url, {"title": "x", "archive": archive})
    assert Statement.objects.get().text == "Abstimmung etats jetzt"
    manage = reverse("opinions:manage", args=[Conversation.objects.get().pk])
    assert "\u202e" not in client.get(manage).content.decode()
    assert AuditEvent.objects.get().action == "opinions.conversation_import"


def test_the_list_and_manage_pages_ask_the_database_a_fixed_number_of_times(
    client, moderator, django_assert_num_queries
):
    list_url = reverse("opinions:list", args=[moderator.pk, "workshop-day-1"])
    conversation = ConversationFactory(process=moderator)
    manage = reverse("opinions:manage", args=[conversation.pk])
    client.get(list_url), client.get(manage)  # sessions and caches warm
    counts = []
    for _round in range(2):
        for conversation_ in ConversationFactory.create_batch(5, process=moderator):
            StatementFactory.create_batch(2, conversation=conversation_)
        StatementFactory.create_batch(10, conversation=conversation)
        with django_assert_num_queries(LIST_QUERIES):
            assert client.get(list_url).status_code == 200
        with django_assert_num_queries(MANAGE_QUERIES):
            assert client.get(manage).status_code == 200
        counts.append(Conversation.objects.count())
    assert counts == [6, 11]


LIST_QUERIES, MANAGE_QUERIES = 6, 8
