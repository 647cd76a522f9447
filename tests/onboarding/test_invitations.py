import datetime
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.models import Membership, Role, User
from cohesion.accounts.services import membership_revoke
from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.onboarding.models import StaffInvitation
from cohesion.onboarding.services import (
    InvitationUnusable,
    municipality_add,
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_resend,
    staff_invitation_revoke,
)
from tests.factories import MunicipalityFactory, UserFactory

SITE = "https://cohesion.example.org/"
STRONG = "Lindenblatt-im-Herbst-42"


def _invite(world, *, actor=None, role=Role.MODERATOR, email="neu@example.org", language="de"):
    return staff_invitation_create(
        actor=actor or world.coordinator,
        process=world.kerpen_process,
        email=email,
        role=role,
        language=language,
        site_url=SITE,
    )


def _token_of(mail) -> str:
    return re.search(r"/onboarding/invitations/([^/\s]+)/", mail.body).group(1)


def test_the_coordinator_invites_a_moderator_by_mail_in_the_invitees_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, language="tr")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["neu@example.org"]
    token = _token_of(mail)
    assert mail.body.count(f"{SITE}onboarding/invitations/{token}/") == 1
    # Only the hash is stored: the database holds no working link.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(StaffInvitation.objects.values().get())
    # Turkish, not the server's German.
    assert "Kerpen" in mail.subject and "Einladung" not in mail.subject
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=13, hours=23)
    event = AuditEvent.objects.get(action="onboarding.staff_invitation_create")
    assert event.municipality_id == world.kerpen.pk and event.after["role"] == Role.MODERATOR


def test_no_mail_leaves_when_the_invitation_is_not_stored(world, mailoutbox):
    # Without the commit (this test's transaction never commits), nothing is sent.
    _invite(world)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("role", "invited", "allowed"),
    [
        ("coordinator", Role.MODERATOR, True),
        ("coordinator", Role.WORKING_GROUP_MEMBER, True),
        ("coordinator", Role.HELPER, True),
        ("coordinator", Role.COORDINATOR, False),  # only programme managers name coordinators
        ("manager", Role.COORDINATOR, True),
        ("manager", Role.HELPER, True),
        ("moderator", Role.HELPER, False),
        ("working_group_member", Role.MODERATOR, False),
        ("other_coordinator", Role.MODERATOR, False),
        ("outsider", Role.MODERATOR, False),
    ],
)
def test_who_may_invite_whom(world, role, invited, allowed):
    actor = world.by_role(role)
    if allowed:
        assert _invite(world, actor=actor, role=invited).role == invited
    else:
        with pytest.raises(PermissionDenied):
            _invite(world, actor=actor, role=invited)
        assert not StaffInvitation.objects.exists()


def test_bad_addresses_and_duplicates_are_refused(world):
    with pytest.raises(ValidationError):
        _invite(world, email="not an address")
    _invite(world)
    with pytest.raises(ValidationError, match="already has an open invitation"):
        _invite(world, email="neu@EXAMPLE.org")
    assert StaffInvitation.objects.count() == 1


def test_accepting_creates_the_account_and_the_role_and_logs_both(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, language="uk")
    token = _token_of(mailoutbox[0])
    invitation, user = staff_invitation_accept(
        token=token, username="neu", password=STRONG, first_name="Nadia", last_name="Neu"
    )
    assert user.email == "neu@example.org" and user.language == "uk"
    assert user.check_password(STRONG)
    assert Membership.objects.filter(
        user=user, municipality=world.kerpen, role=Role.MODERATOR
    ).exists()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    grant = AuditEvent.objects.get(action="accounts.membership_grant", target_id=str(user.pk))
    assert grant.actor == world.coordinator  # given in the name of whoever invited
    assert AuditEvent.objects.filter(
        action="onboarding.staff_invitation_accept", actor=user
    ).exists()
    # Used once: the link does not work again.
    with pytest.raises(InvitationUnusable) as used:
        staff_invitation_accept(token=token, username="zwei", password=STRONG)
    assert used.value.status == "accepted"


@pytest.mark.parametrize("password", ["12345678", "password", "kurz", "neu-example"])
def test_weak_passwords_are_refused_and_nothing_is_written(world, password):
    _invite(world)
    token = "staff-token"
    StaffInvitation.objects.update(token_hash=hashlib.sha256(token.encode()).hexdigest())
    with pytest.raises(ValidationError):
        staff_invitation_accept(token=token, username="neu-example", password=password)
    assert not User.objects.filter(username="neu-example").exists()
    assert StaffInvitation.objects.get().accepted_at is None


def _with_token(invitation, value="the-link"):
    StaffInvitation.objects.filter(pk=invitation.pk).update(
        token_hash=hashlib.sha256(value.encode()).hexdigest()
    )
    return value


def test_expired_revoked_and_wrong_links_are_refused_and_write_nothing(world):
    expired = _invite(world, email="alt@example.org")
    StaffInvitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked = _invite(world, email="weg@example.org")
    staff_invitation_revoke(actor=world.coordinator, invitation=revoked)
    users = User.objects.count()
    for invitation, status in [(expired, "expired"), (revoked, "revoked")]:
        token = _with_token(invitation, f"token-{status}")
        with pytest.raises(InvitationUnusable) as refused:
            staff_invitation_accept(token=token, username=f"x{status}", password=STRONG)
        assert refused.value.status == status
    with pytest.raises(InvitationUnusable) as wrong:
        staff_invitation_accept(token="guessed", username="guess", password=STRONG)
    assert wrong.value.status == "unknown"
    assert User.objects.count() == users
    assert not Membership.objects.filter(role=Role.MODERATOR, user__username__startswith="x")


def test_an_existing_account_accepts_instead_of_getting_a_second_one(world):
    person = UserFactory(username="bekannt", email="Bekannt@Example.org")
    invitation = _invite(world, email="bekannt@example.org", role=Role.HELPER)
    token = _with_token(invitation)
    with pytest.raises(ValidationError, match="exists already"):
        staff_invitation_accept(token=token, username="bekannt2", password=STRONG)
    other = UserFactory(username="jemand", email="jemand@example.org")
    with pytest.raises(ValidationError, match="another e-mail"):
        staff_invitation_accept(token=token, user=other)
    _invitation, user = staff_invitation_accept(token=token, user=person)
    assert user == person
    assert Membership.objects.filter(user=person, role=Role.HELPER).exists()
    assert not User.objects.filter(username="bekannt2").exists()


def test_an_inviter_who_lost_the_role_lets_nobody_in(world):
    invitation = _invite(world)
    token = _with_token(invitation)
    membership_revoke(
        user=world.coordinator, municipality=world.kerpen, role=Role.COORDINATOR, actor=SYSTEM
    )
    with pytest.raises(InvitationUnusable):
        staff_invitation_accept(token=token, username="neu", password=STRONG)
    assert not User.objects.filter(username="neu").exists()


def test_revoking_and_resending_are_audited_and_resending_replaces_the_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world)
    first = _token_of(mailoutbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        staff_invitation_resend(actor=world.coordinator, invitation=invitation, site_url=SITE)
    second = _token_of(mailoutbox[1])
    assert first != second
    with pytest.raises(InvitationUnusable):
        staff_invitation_accept(token=first, username="neu", password=STRONG)
    with pytest.raises(PermissionDenied):
        staff_invitation_revoke(actor=world.moderator, invitation=invitation)
    staff_invitation_revoke(actor=world.coordinator, invitation=invitation)
    assert {"onboarding.staff_invitation_resend", "onboarding.staff_invitation_revoke"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    with pytest.raises(InvitationUnusable):
        staff_invitation_accept(token=second, username="neu", password=STRONG)


def test_a_programme_manager_adds_a_municipality_and_invites_its_coordinator(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    frechen = MunicipalityFactory(ags="05362020", name="Frechen")
    with django_capture_on_commit_callbacks(execute=True):
        process, invitation = municipality_add(
            actor=world.manager,
            programme=world.programme,
            municipality=frechen,
            coordinator_email="koordination@frechen.example",
            language="de",
            site_url=SITE,
        )
    assert process.current_phase_slug == "commitment" and process.municipality == frechen
    assert invitation.role == Role.COORDINATOR and invitation.process == process
    assert mailoutbox[0].to == ["koordination@frechen.example"]
    assert AuditEvent.objects.filter(action="onboarding.municipality_add").exists()
    # Twice is refused, and a coordinator may not add municipalities.
    with pytest.raises(ValidationError, match="already takes part"):
        municipality_add(
            actor=world.manager,
            programme=world.programme,
            municipality=frechen,
            coordinator_email="x@frechen.example",
            language="de",
            site_url=SITE,
        )
    with pytest.raises(PermissionDenied):
        municipality_add(
            actor=world.coordinator,
            programme=world.programme,
            municipality=MunicipalityFactory(),
            coordinator_email="x@example.org",
            language="de",
            site_url=SITE,
        )


def test_a_bad_address_adds_no_municipality(world):
    frechen = MunicipalityFactory(ags="05362020", name="Frechen")
    with pytest.raises(ValidationError):
        municipality_add(
            actor=world.manager,
            programme=world.programme,
            municipality=frechen,
            coordinator_email="nope",
            language="de",
            site_url=SITE,
        )
    assert not world.programme.processes.filter(municipality=frechen).exists()


def test_the_audit_trail_names_the_invitation_for_the_coordinator(client, world):
    _invite(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("audit:trail"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Colleague invited" in page and "neu@example.org" in page
