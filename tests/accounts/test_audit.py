"""Attack 8 (log-ins): every log-in and failed log-in, and every role given or taken, is in the
audit trail, in the trail of the municipality concerned; a password never is."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cohesion.accounts.models import Membership, Role
from cohesion.accounts.services import (
    LOGIN_FAILED,
    LOGIN_SUCCEEDED,
    MEMBERSHIP_GRANTED,
    MEMBERSHIP_REVOKED,
    membership_grant,
    membership_revoke,
)
from cohesion.audit.models import AuditEvent
from cohesion.audit.selectors import audit_events_visible_to
from cohesion.core.actors import SYSTEM
from tests.factories import PASSWORD


def _log_in(username: str, password: str, address: str = "203.0.113.30"):
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_log_in_is_recorded_with_who_and_from_where(world):
    assert _log_in("moderator", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action=LOGIN_SUCCEEDED)
    assert event.actor == world.moderator
    assert event.municipality == world.kerpen
    assert event.after == {"address": "203.0.113.30"}
    # Kerpen's coordinator sees it; Stuttgart's does not.
    assert event in audit_events_visible_to(user=world.coordinator)
    assert event not in audit_events_visible_to(user=world.other_coordinator)


def test_a_failed_log_in_records_the_name_tried_and_the_address_never_the_password(world):
    secret = "hunter2-not-the-password"
    assert _log_in("coordinator", secret).status_code == 200
    event = AuditEvent.objects.get(action=LOGIN_FAILED)
    assert event.actor is None
    assert event.target_label == "coordinator"
    assert event.municipality == world.kerpen
    assert event.after == {
        "username": "coordinator",
        "address": "203.0.113.30",
        "locked_out": False,
    }
    stored = json.dumps([list(row) for row in AuditEvent.objects.values_list()], default=str)
    assert secret not in stored


def test_a_failed_log_in_under_an_unknown_name_is_recorded_bounded_and_unscoped(db):
    response = _log_in("x" * 5000, "guess")
    assert response.status_code == 200  # the usual answer, not a database error
    assert response.context["form"].non_field_errors()
    event = AuditEvent.objects.get(action=LOGIN_FAILED)
    assert event.municipality is None and event.programme is None
    assert event.target_label == "x" * 150


def test_the_refusals_of_a_lockout_are_recorded_as_such(world, settings):
    settings.LOGIN_RATE_PER_ADDRESS = "1000/m"
    for n in range(6):
        _log_in("coordinator", f"guess-{n}")
    flags = list(
        AuditEvent.objects.filter(action=LOGIN_FAILED)
        .order_by("pk")
        .values_list("after__locked_out", flat=True)
    )
    assert flags == [False] * 4 + [True] * 2


def test_giving_and_taking_a_role_is_recorded_in_the_municipality(world):
    person = world.outsider
    membership_grant(
        user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=world.coordinator
    )
    membership_grant(  # held already: nothing changes, nothing recorded
        user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=world.coordinator
    )
    assert membership_revoke(
        user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=world.manager
    )
    assert not membership_revoke(
        user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=world.manager
    )
    events = list(
        AuditEvent.objects.filter(action__in=[MEMBERSHIP_GRANTED, MEMBERSHIP_REVOKED]).order_by(
            "pk"
        )
    )
    assert [(e.action, e.actor, e.municipality, e.target_id) for e in events] == [
        (MEMBERSHIP_GRANTED, world.coordinator, world.kerpen, str(person.pk)),
        (MEMBERSHIP_REVOKED, world.manager, world.kerpen, str(person.pk)),
    ]
    assert events[0].after == {"role": "moderator"} and events[1].before == {"role": "moderator"}


@pytest.mark.parametrize("actor", ["other_coordinator", "moderator", "outsider"])
def test_only_the_coordinator_or_a_programme_manager_gives_roles(world, actor):
    with pytest.raises(PermissionDenied):
        membership_grant(
            user=world.outsider,
            municipality=world.kerpen,
            role=Role.COORDINATOR,
            actor=world.by_role(actor),
        )
    with pytest.raises(PermissionDenied):
        membership_revoke(
            user=world.coordinator,
            municipality=world.kerpen,
            role=Role.COORDINATOR,
            actor=world.by_role(actor),
        )
    assert not Membership.objects.filter(user=world.outsider).exists()
    assert Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).exists()
    assert not AuditEvent.objects.exists()


def test_the_system_gives_and_takes_roles_recorded_without_a_name(world):
    person = world.outsider
    membership_grant(user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=SYSTEM)
    assert membership_revoke(
        user=person, municipality=world.kerpen, role=Role.MODERATOR, actor=SYSTEM
    )
    events = AuditEvent.objects.filter(action__in=[MEMBERSHIP_GRANTED, MEMBERSHIP_REVOKED])
    assert [(e.actor, e.actor_label) for e in events] == [(None, "")] * 2


def test_a_missing_actor_gives_and_takes_no_role(world):
    with pytest.raises(AttributeError):
        membership_grant(
            user=world.outsider, municipality=world.kerpen, role=Role.COORDINATOR, actor=None
        )
    with pytest.raises(AttributeError):
        membership_revoke(
            user=world.coordinator, municipality=world.kerpen, role=Role.COORDINATOR, actor=None
        )
    with pytest.raises(TypeError):
        membership_grant(user=world.outsider, municipality=world.kerpen, role=Role.COORDINATOR)
    assert not Membership.objects.filter(user=world.outsider).exists()
    assert Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).exists()
    assert not AuditEvent.objects.exists()
