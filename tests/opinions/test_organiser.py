"""The organisers' pages: start, seed, moderate, draw the map, import and export."""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.opinions.models import Conversation, Statement
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
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
    assert "Group 0" in page or "Group 1" in page
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
