"""My contributions (GDPR Art. 15, 17, 20): with its device token a participant sees, downloads
and erases what it contributed; another device's token, a forged one or none reach nothing
(attack 8)."""

import json
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.opinions.models import OpinionMapSnapshot, Participant, Statement, Vote
from cohesion.opinions.services import opinion_map_recompute
from cohesion.participation.devices import COOKIE_NAME
from cohesion.participation.models import DeviceConsent
from cohesion.participation.services import consent_record
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory

ME = "/c/me/"
DOWNLOAD = "/c/me/download.json"
ERASE = "/c/me/erase/"


@pytest.fixture
def scene(device):
    """Amira's phone sent a statement others voted on and voted herself; Bernd's phone voted
    in the same conversation; twelve imported people make a map."""
    conversation = ConversationFactory(code="K7M2QX", title="Integration in Kerpen")
    seeded = StatementFactory(conversation=conversation, text="Language courses need childcare")
    amira, bernd = device(), device()
    amira_participant = ParticipantFactory(conversation=conversation, device_hash=amira.hash)
    bernd_participant = ParticipantFactory(conversation=conversation, device_hash=bernd.hash)
    own = StatementFactory(
        conversation=conversation,
        author=amira_participant,
        text="مزيد من دورات اللغة",
        language="ar",
    )
    waiting = StatementFactory(
        conversation=conversation,
        author=amira_participant,
        text="A waiting statement",
        moderation=Statement.Moderation.PENDING,
    )
    Vote.objects.create(participant=amira_participant, statement=seeded, value=1)
    Vote.objects.create(participant=bernd_participant, statement=seeded, value=-1)
    Vote.objects.create(participant=bernd_participant, statement=own, value=1)
    others = ParticipantFactory.create_batch(12, conversation=conversation)
    Vote.objects.bulk_create(
        Vote(participant=person, statement=statement, value=1 if i % 2 else -1)
        for i, person in enumerate(others)
        for statement in (seeded, own)
    )
    consent_record(device_hash=amira.hash)
    consent_record(device_hash=bernd.hash)
    return {
        "conversation": conversation,
        "amira": amira,
        "bernd": bernd,
        "own": own,
        "waiting": waiting,
        "seeded": seeded,
        "amira_participant": amira_participant,
    }


def test_a_participant_sees_their_statements_and_votes_in_their_own_words(scene):
    page = scene["amira"].client.get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Integration in Kerpen" in text
    assert "مزيد من دورات اللغة" in text and 'lang="ar"' in text
    assert "A waiting statement" in text and "waiting for moderation" in text
    assert "Language courses need childcare" in text  # the statement voted on
    assert "agree" in text
    assert "You agreed to the privacy notice (version 1)" in text
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_download_is_the_same_as_json(scene):
    response = scene["amira"].client.get(DOWNLOAD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["consent"]["privacy_notice_version"] == 1
    [conversation] = data["contributions"]["opinions"]
    assert conversation["code"] == "K7M2QX"
    assert [s["text"] for s in conversation["statements"]] == [
        "مزيد من دورات اللغة",
        "A waiting statement",
    ]
    assert conversation["votes"] == [
        {
            "statement": "Language courses need childcare",
            "vote": "agree",
            "value": 1,
            "voted_at": conversation["votes"][0]["voted_at"],
        }
    ]
    assert "device_hash" not in response.content.decode()
    assert scene["amira"].hash not in response.content.decode()


@pytest.mark.parametrize(
    "cookie",
    [None, "forged", "malformed"],
    ids=["no token", "forged token", "malformed token"],
)
def test_without_the_device_s_token_nothing_is_seen_or_erased(scene, client, cookie):
    if cookie == "forged":
        client.cookies[COOKIE_NAME] = secrets.token_urlsafe(32)
    elif cookie == "malformed":
        client.cookies[COOKIE_NAME] = scene["amira"].hash  # the hash is not the token
    page = client.get(ME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Integration in Kerpen" not in page
    assert "A waiting statement" not in page
    assert json.loads(client.get(DOWNLOAD).content)["contributions"] == {}
    assert client.post(ERASE).status_code == 302
    assert Participant.objects.filter(device_hash=scene["amira"].hash).exists()
    assert Statement.objects.filter(pk=scene["waiting"].pk).exists()
    assert not AuditEvent.objects.filter(action="participation.participant_data_erase").exists()


def test_another_device_sees_and_erases_only_its_own(scene):
    bernd = scene["bernd"]
    page = bernd.client.get(ME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A waiting statement" not in page  # Amira's
    assert bernd.client.post(ERASE).status_code == 302
    assert not Participant.objects.filter(device_hash=bernd.hash).exists()
    amira = Participant.objects.get(device_hash=scene["amira"].hash)
    assert amira.votes.count() == 1
    assert Statement.objects.filter(author=amira).count() == 2


def test_erasure_asks_first_then_erases_everything_of_the_device(
    scene, django_capture_on_commit_callbacks
):
    amira = scene["amira"]
    opinion_map_recompute(conversation=scene["conversation"])
    before = OpinionMapSnapshot.objects.get().result["participants"]
    assert str(scene["amira_participant"].pk) in before

    confirm = amira.client.get(ERASE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the votes other people cast on them" in confirm
    assert 'method="post"' in confirm
    assert Participant.objects.filter(device_hash=amira.hash).exists()  # asking erased nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = amira.client.post(ERASE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == reverse("participate:own_data")
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "" and cookie["max-age"] == 0  # the device forgets its key

    assert not Participant.objects.filter(device_hash=amira.hash).exists()
    assert not Statement.objects.filter(pk__in=[scene["own"].pk, scene["waiting"].pk]).exists()
    # The votes others cast on her statement went with it; theirs on other statements stay.
    assert not Vote.objects.filter(statement_id=scene["own"].pk).exists()
    assert Vote.objects.filter(statement=scene["seeded"]).count() == 13
    assert not DeviceConsent.objects.filter(device_hash=amira.hash).exists()
    assert DeviceConsent.objects.filter(device_hash=scene["bernd"].hash).exists()
    # The map is drawn again without her.
    after = OpinionMapSnapshot.objects.get().result["participants"]
    assert str(scene["amira_participant"].pk) not in after

    [event] = AuditEvent.objects.filter(action="participation.participant_data_erase")
    assert event.actor is None
    # 2 statements, 13 votes on hers, her participant row and her vote.
    assert event.after == {"erased": {"opinions": 2 + 13 + 1 + 1}}
    recorded = json.dumps([event.actor_label, event.target_label, event.before, event.after])
    assert amira.hash not in recorded and amira.token not in recorded

    page = amira.client.get(ME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Everything this device contributed has been erased." in page
    assert "Integration in Kerpen" not in page


def test_the_page_reads_a_bounded_number_of_queries_however_many_conversations(
    device, django_assert_max_num_queries
):
    phone = device()
    counts = []
    for _ in range(3):
        conversation = ConversationFactory()
        participant = ParticipantFactory(conversation=conversation, device_hash=phone.hash)
        for statement in StatementFactory.create_batch(3, conversation=conversation):
            Vote.objects.create(participant=participant, statement=statement, value=0)
        StatementFactory(conversation=conversation, author=participant)
        with CaptureQueriesContext(connection) as queries:
            assert phone.client.get(ME).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
    with django_assert_max_num_queries(10):
        phone.client.get(ME)


def test_looking_erasing_and_downloading_are_limited_per_address(scene, settings):
    settings.PARTICIPATION_OWN_DATA_RATE = "5/d"
    client = scene["amira"].client
    assert [client.get(ME).status_code for _ in range(5)] == [200] * 5
    assert client.get(DOWNLOAD).status_code == 429
    assert client.post(ERASE).status_code == 429
    assert Participant.objects.filter(device_hash=scene["amira"].hash).exists()
    assert scene["bernd"].client.get(ME, REMOTE_ADDR="198.51.100.9").status_code == 200
