"""Check-in on the day: the QR code's address for a logged-in moderator or helper, a list by
name for those without the letter; a second scan counts nobody twice."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.invitations import services
from cohesion.invitations.census import checked_in_census
from cohesion.invitations.selectors import attendance_by_target_group, room_people
from cohesion.workshops.room import room_census
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def invitations(world, people):
    return {
        name: services.invitation_create(
            actor=world.moderator,
            process=world.kerpen_process,
            stakeholder=people[name],
            channel="auto",
            site_url="http://testserver/",
            send=False,
        )
        for name in ("mayor", "ayse", "olena")
    }


def test_check_in_is_idempotent_and_audited(world, invitations):
    ayse = invitations["ayse"]
    assert services.invitation_check_in(actor=world.moderator, invitation=ayse) is True
    assert services.invitation_check_in(actor=world.moderator, invitation=ayse) is False
    assert AuditEvent.objects.filter(action="invitations.check_in").count() == 1
    assert attendance_by_target_group(process=world.kerpen_process) == {"immigrant": 1}
    assert [p.name for p in room_people(process=world.kerpen_process, attended_only=True)] == [
        "Ayşe Demir"
    ]


def test_who_may_check_in(world, invitations):
    helper = MembershipFactory(municipality=world.kerpen, role=Role.HELPER).user
    assert services.invitation_check_in(actor=helper, invitation=invitations["mayor"])
    for user in (world.working_group_member, world.other_coordinator, world.outsider):
        with pytest.raises(PermissionDenied):
            services.invitation_check_in(actor=user, invitation=invitations["olena"])


def test_a_workshop_helper_may_check_in(world, invitations):
    from cohesion.workshops.services import workshop_create

    workshop = workshop_create(actor=world.moderator, process=world.kerpen_process)
    helper = UserFactory()
    workshop.helpers.add(helper)
    assert services.invitation_check_in(actor=helper, invitation=invitations["olena"])


def test_the_qr_address_confirms_then_checks_in(client, world, invitations):
    url = reverse("invitations:check_in", args=[invitations["ayse"].key])
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(world.moderator)
    page = client.get(url).content.decode()
    assert "Check in Ayşe Demir?" in page
    client.post(url)
    client.post(url)
    invitations["ayse"].refresh_from_db()
    assert invitations["ayse"].attended_at is not None
    assert sum(attendance_by_target_group(process=world.kerpen_process).values()) == 1


def test_a_wrong_key_or_a_stranger_gets_404(client, world, invitations):
    client.force_login(world.moderator)
    assert client.get(reverse("invitations:check_in", args=["nope"])).status_code == 404
    client.force_login(world.other_coordinator)
    url = reverse("invitations:check_in", args=[invitations["ayse"].key])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    invitations["ayse"].refresh_from_db()
    assert invitations["ayse"].attended_at is None


def test_a_withdrawn_invitation_is_not_checked_in(client, world, invitations):
    services.invitation_revoke(actor=world.moderator, invitation=invitations["mayor"])
    client.force_login(world.moderator)
    client.post(reverse("invitations:check_in", args=[invitations["mayor"].key]))
    invitations["mayor"].refresh_from_db()
    assert invitations["mayor"].attended_at is None


def test_the_list_finds_by_name_and_checks_in(client, world, invitations):
    client.force_login(world.moderator)
    url = reverse("invitations:check_in_list", args=[world.kerpen_process.pk])
    page = client.get(url + "?q=olena").content.decode()
    assert "Olena Koval" in page and "Anna Mayor" not in page
    client.post(url, {"invitation": invitations["olena"].pk})
    invitations["olena"].refresh_from_db()
    assert invitations["olena"].attended_at is not None
    assert client.post(url, {"invitation": "99999"}).status_code == 404


def test_the_check_in_counts_the_workshops_room(world, invitations):
    assert checked_in_census(process=world.kerpen_process) is None
    services.invitation_check_in(actor=world.moderator, invitation=invitations["ayse"])
    services.invitation_check_in(actor=world.moderator, invitation=invitations["mayor"])
    assert checked_in_census(process=world.kerpen_process) == {"immigrant": 1, "policy": 1}
    assert room_census(process=world.kerpen_process) == {"immigrant": 1, "policy": 1}
