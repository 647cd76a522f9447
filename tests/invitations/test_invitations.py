"""Invitations: only with consent and an address; e-mail in the invitee's language after
commit; letters as one PDF, a page per invitee in their language with the QR code."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.invitations import services
from cohesion.invitations.letters import letters_html, letters_pdf_document
from cohesion.invitations.models import Invitation

SITE = "http://testserver/"


def _invite(world, person, channel="auto"):
    return services.invitation_create(
        actor=world.moderator,
        process=world.kerpen_process,
        stakeholder=person,
        channel=channel,
        site_url=SITE,
    )


@pytest.mark.parametrize(
    ("who", "channel", "message"),
    [
        ("no_consent", "auto", "has not consented"),
        ("no_address", "auto", "no postal address"),
        ("clerk", "email", "no e-mail address"),
        ("mayor", "letter", "no postal address"),
    ],
)
def test_people_without_consent_or_address_are_refused(world, people, who, channel, message):
    with pytest.raises(ValidationError) as refused:
        _invite(world, people[who], channel)
    assert message in refused.value.messages[0]
    assert people[who].name in refused.value.messages[0]
    assert not Invitation.objects.exists()


def test_a_batch_is_all_or_nothing(world, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.invitations_create(
            actor=world.moderator,
            process=world.kerpen_process,
            stakeholders=[people["mayor"], people["no_consent"]],
            channel="auto",
            site_url=SITE,
        )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_mail_goes_after_commit_in_the_invitees_language(
    world, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, people["ayse"])
    assert invitation.channel == "email" and invitation.language == "tr"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["ayse"].email]
    assert f"{SITE.rstrip('/')}/invitations/r/{invitation.key}/" in message.body
    assert f"/invitations/in/{invitation.key}/" in message.body
    assert message.attachments[0][0] == "check-in.png"
    assert message.attachments[0][1][:8] == b"\x89PNG\r\n\x1a\n"
    event = AuditEvent.objects.get(action="invitations.create")
    # The trail names the invitation, not the person.
    assert people["ayse"].name not in event.target_label


def test_the_mail_is_written_in_the_invitees_language(
    world, people, django_capture_on_commit_callbacks
):
    """Rendered under the invitee's language, whatever the organiser's: the workshop's date
    reads in Turkish for Ayşe, in Ukrainian for Olena's letter, in German for the mayor."""
    import datetime

    from cohesion.workshops.services import workshop_create

    workshop = workshop_create(actor=world.moderator, process=world.kerpen_process)
    workshop.days.filter(phase_slug="workshop-day-1").update(date=datetime.date(2026, 11, 6))
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, people["ayse"])
        _invite(world, people["mayor"])
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Kasım" in bodies[people["ayse"].email]
    assert "November" in bodies[people["mayor"].email]


def test_invited_twice_is_refused(world, people):
    _invite(world, people["mayor"])
    with pytest.raises(ValidationError, match="invited already"):
        _invite(world, people["mayor"])


def test_only_the_preparers_invite(world, people):
    for user in (world.working_group_member, world.other_coordinator, world.outsider):
        with pytest.raises(PermissionDenied):
            services.invitation_create(
                actor=user,
                process=world.kerpen_process,
                stakeholder=people["mayor"],
                channel="auto",
                site_url=SITE,
            )


def test_a_stakeholder_of_another_process_is_refused(world, people):
    with pytest.raises(ValidationError, match="not on this process"):
        services.invitation_create(
            actor=world.other_coordinator,
            process=world.stuttgart_process,
            stakeholder=people["mayor"],
            channel="auto",
            site_url=SITE,
        )


def test_letters_are_one_pdf_a_page_per_invitee_in_their_language(world, people):
    clerk = _invite(world, people["clerk"])
    olena = _invite(world, people["olena"])
    assert clerk.channel == olena.channel == "letter"
    assert olena.language == "uk"
    links = {
        i.pk: {"rsvp_url": f"https://x/r/{i.key}/", "check_in_url": f"https://x/in/{i.key}/"}
        for i in (clerk, olena)
    }
    html = letters_html(invitations=[clerk, olena], links=links)
    assert html.count('class="letter"') == 2
    assert 'lang="uk"' in html and 'lang="de"' in html
    assert html.count("data:image/svg+xml;base64,") == 2
    assert "Rathausplatz 1" in html and "Stiftsstraße 2" in html
    document = letters_pdf_document(invitations=[clerk, olena], links=links)
    assert len(document.pages) == 2
    content = services.letters_print(
        actor=world.moderator,
        process=world.kerpen_process,
        site_url=SITE,
        invitations=[clerk, olena],
    )
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF") and len(content) > 5000
    clerk.refresh_from_db()
    assert clerk.sent_at is not None
    assert AuditEvent.objects.filter(action="invitations.letters_print").exists()


def test_letters_carry_the_workshop_dates(world, people):
    import datetime

    from cohesion.workshops.services import workshop_create

    workshop = workshop_create(actor=world.moderator, process=world.kerpen_process)
    workshop.days.filter(phase_slug="workshop-day-1").update(date=datetime.date(2026, 11, 6))
    clerk = _invite(world, people["clerk"])
    html = letters_html(
        invitations=[clerk], links={clerk.pk: {"rsvp_url": "r", "check_in_url": "c"}}
    )
    assert "6. November 2026" in html


def test_revoking_withdraws_and_is_audited(world, people):
    invitation = _invite(world, people["mayor"])
    services.invitation_revoke(actor=world.moderator, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(action="invitations.revoke").count() == 1
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=world.outsider, invitation=invitation)


def test_the_list_page_invites_the_checked_people(
    client, world, people, django_capture_on_commit_callbacks
):
    client.force_login(world.moderator)
    url = reverse("invitations:list", args=[world.kerpen_process.pk])
    page = client.get(url).content.decode()
    assert "Anna Mayor" in page and "Carl Noconsent" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"people": [people["mayor"].pk, people["clerk"].pk], "channel": "auto"},
        )
    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 1
    # A person without consent, forged into the form, is no choice of it.
    response = client.post(url, {"people": [people["no_consent"].pk], "channel": "auto"})
    assert response.status_code == 400
    assert Invitation.objects.count() == 2
    response = client.get(reverse("invitations:letters", args=[world.kerpen_process.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_the_list_pages_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    from tests.factories import InviteeFactory

    client.force_login(world.moderator)
    people = InviteeFactory.create_batch(30, process=world.kerpen_process)
    services.invitations_create(
        actor=world.moderator,
        process=world.kerpen_process,
        stakeholders=people[:20],
        channel="auto",
        site_url=SITE,
        send=False,
    )
    for name in ("list", "gaps", "gaps_live", "quotas", "check_in_list"):
        with django_assert_max_num_queries(25):
            response = client.get(reverse(f"invitations:{name}", args=[world.kerpen_process.pk]))
        assert response.status_code == 200, name
