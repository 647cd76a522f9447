"""The invitee's pages by link: no account, the key is the permission; a wrong key tells
nothing, a withdrawn invitation says so, guessing is rate limited, and the person sees,
downloads and erases their own data."""

import json

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.invitations import services
from cohesion.invitations.limits import WRONG_KEYS_RATE
from cohesion.invitations.models import DistanceRecord, Invitation
from cohesion.stakeholders.models import Stakeholder


@pytest.fixture
def invitation(world, people):
    return services.invitation_create(
        actor=world.moderator,
        process=world.kerpen_process,
        stakeholder=people["ayse"],
        channel="email",
        site_url="http://testserver/",
        send=False,
    )


def _url(name, invitation_or_key):
    key = getattr(invitation_or_key, "key", invitation_or_key)
    return reverse(f"invitations:{name}", args=[key])


def test_the_page_opens_in_the_invitations_language_and_switches(client, invitation):
    response = client.get(_url("rsvp", invitation))
    assert response.status_code == 200
    assert '<html lang="tr"' in response.content.decode()
    response = client.get(_url("rsvp", invitation) + "?lang=ar")
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "Ayşe Demir" in page


def test_confirm_decline_and_change_the_answer(client, world, invitation):
    services.quota_save(
        actor=world.moderator,
        process=world.kerpen_process,
        attribute="target_group",
        value="immigrant",
        minimum=5,
        maximum=10,
    )
    url = _url("rsvp", invitation)
    client.post(url, {"answer": "confirmed"})
    invitation.refresh_from_db()
    assert invitation.answer == "confirmed" and invitation.answered_at is not None
    client.post(url, {"answer": "declined"})
    invitation.refresh_from_db()
    assert invitation.answer == "declined"
    assert AuditEvent.objects.filter(action="invitations.answer").count() == 2
    # A made-up answer changes nothing.
    client.post(url, {"answer": "maybe"})
    invitation.refresh_from_db()
    assert invitation.answer == "declined"
    # Each answer moved the confirmed people's distance: its history holds before and after.
    distances = list(
        DistanceRecord.objects.filter(status="confirmed").values_list("distance", flat=True)
    )
    # Newest first: declined (back to 1.0), confirmed (closer), the quota added.
    assert distances[:3] == [1.0, pytest.approx(0.975), 1.0]


def test_a_wrong_key_is_404_without_telling(client, invitation):
    for name in ("rsvp", "rsvp_data", "rsvp_erase"):
        response = client.get(_url(name, "x" + invitation.key[1:]))
        assert response.status_code == 404
        assert b"Ay\xc5\x9fe" not in response.content


def test_guessing_keys_is_rate_limited_for_every_key(client, invitation):
    limit = int(WRONG_KEYS_RATE.split("/")[0])
    for number in range(limit):
        assert client.get(_url("rsvp", f"guess{number}")).status_code == 404
    assert client.get(_url("rsvp", "guess-more")).status_code == 429
    # The right key is refused too meanwhile: a refusal tells a guesser nothing.
    assert client.get(_url("rsvp", invitation)).status_code == 429


def test_a_withdrawn_invitation_has_a_clear_page_and_takes_no_answer(client, world, invitation):
    services.invitation_revoke(actor=world.moderator, invitation=invitation)
    response = client.get(_url("rsvp", invitation) + "?lang=en")
    assert response.status_code == 200
    assert "withdrawn" in response.content.decode()
    client.post(_url("rsvp", invitation), {"answer": "confirmed"})
    invitation.refresh_from_db()
    assert invitation.answer == "pending"


def test_the_person_downloads_their_own_data(client, invitation):
    response = client.get(_url("rsvp_data", invitation))
    assert response["Content-Disposition"].startswith("attachment")
    document = json.loads(response.content)
    assert document["person"]["name"] == "Ayşe Demir"
    assert document["person"]["email"] == invitation.stakeholder.email
    assert document["invitation"]["answer"] == "pending"


def test_erasing_withdraws_and_removes_the_stakeholder(client, world, people, invitation):
    response = client.get(_url("rsvp_erase", invitation))
    assert response.status_code == 200 and Stakeholder.objects.filter(pk=people["ayse"].pk)
    response = client.post(_url("rsvp_erase", invitation))
    assert response.status_code == 200
    assert not Stakeholder.objects.filter(pk=people["ayse"].pk).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    event = AuditEvent.objects.get(action="invitations.invitee_erase")
    assert "Ayşe" not in json.dumps(event.after) + event.target_label
    # The link is dead now.
    assert client.get(_url("rsvp", invitation)).status_code == 404
    # The rest of the map is untouched.
    assert Stakeholder.objects.filter(pk=people["mayor"].pk).exists()
