"""The audit trail: written inside the service's transaction, shown per municipality and
programme, never to others."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.audit.models import AuditEvent
from cohesion.audit.registry import audit_action
from cohesion.audit.selectors import audit_events_of, audit_events_visible_to
from cohesion.audit.services import audit_record
from tests.factories import MunicipalityFactory

TESTED = audit_action("tests.thing_change", _("changed a test thing"))

pytestmark = pytest.mark.django_db


def test_an_undeclared_action_is_refused():
    with pytest.raises(ValueError, match="undeclared"):
        audit_record(action="tests.never_declared")


def test_declaring_one_name_with_two_labels_is_refused():
    with pytest.raises(ValueError, match="twice"):
        audit_action("tests.thing_change", _("something else"))


def test_a_rolled_back_change_leaves_no_event(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action=TESTED, actor=world.coordinator, municipality=world.kerpen)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


def test_the_event_keeps_who_what_and_before_after(world):
    event = audit_record(
        action=TESTED,
        actor=world.coordinator,
        municipality=world.kerpen,
        target=world.kerpen_process,
        before={"phase": "commitment"},
        after={"phase": "preparation"},
    )
    event.refresh_from_db()
    assert event.actor_label == "coordinator"
    assert event.target_type == "processes.process"
    assert event.before == {"phase": "commitment"}
    assert list(audit_events_of(target=world.kerpen_process)) == [event]
    # The name outlives the account.
    world.coordinator.delete()
    event.refresh_from_db()
    assert event.actor is None and event.actor_label == "coordinator"


def test_each_role_sees_only_its_part(world):
    in_kerpen = audit_record(action=TESTED, actor=world.coordinator, municipality=world.kerpen)
    in_stuttgart = audit_record(
        action=TESTED, actor=world.other_coordinator, municipality=world.stuttgart
    )
    of_programme = audit_record(action=TESTED, actor=world.manager, programme=world.programme)
    elsewhere = audit_record(action=TESTED, municipality=MunicipalityFactory())

    def seen(user):
        return set(audit_events_visible_to(user=user))

    assert seen(world.coordinator) == {in_kerpen}
    assert seen(world.other_coordinator) == {in_stuttgart}
    assert seen(world.manager) == {in_kerpen, in_stuttgart, of_programme}
    for user in (world.moderator, world.working_group_member, world.outsider):
        assert seen(user) == set()
    assert elsewhere not in seen(world.manager)


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("audit:trail"), params)


def test_the_page_lists_the_events_in_a_fixed_number_of_queries(client, world):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, world.manager)
        assert response.status_code == 200
        return len(queries)

    audit_record(action=TESTED, actor=world.coordinator, municipality=world.kerpen)
    count_queries()  # the first request fills Django's per-process caches (content types)
    few = count_queries()
    for _number in range(30):
        audit_record(
            action=TESTED,
            actor=world.coordinator,
            municipality=world.kerpen,
            before={"value": 1},
            after={"value": 2},
        )
    assert count_queries() == few


def test_the_page_is_bounded_and_filters_by_action(client, world):
    for _number in range(60):
        audit_record(action=TESTED, actor=world.coordinator, municipality=world.kerpen)
    response = _get(client, world.coordinator)
    assert len(response.context["entries"]) == 50
    assert _get(client, world.coordinator, page=2).context["entries"].__len__() == 10
    assert _get(client, world.coordinator, page="999").status_code == 200  # last page
    assert _get(client, world.coordinator, action="tests.thing_change").status_code == 200
    # An unknown action is ignored with the form's error, not a 500.
    response = _get(client, world.coordinator, action="<script>")
    assert response.status_code == 200
    assert len(response.context["entries"]) == 50


def test_roles_without_responsibility_are_refused(client, world):
    assert _get(client, world.moderator).status_code == 403
    assert _get(client, world.outsider).status_code == 403
