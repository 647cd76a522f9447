import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.stakeholders import services
from cohesion.stakeholders.models import Organisation, OrganisationRelation, Stakeholder
from cohesion.stakeholders.selectors import stakeholder_export_data
from tests.factories import OrganisationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _person(world, **fields):
    return services.stakeholder_create(
        actor=world.moderator,
        process=world.kerpen_process,
        name="Ayşe Demir (demo data)",
        target_group="immigrant",
        email="ayse@example.org",
        phone="+49 2237 1234",
        postal_address="Hauptstraße 1, 50171 Kerpen",
        languages=["tr", "de"],
        **fields,
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("manager", True),
        ("coordinator", True),
        ("moderator", True),
        ("working_group_member", False),
        ("other_coordinator", False),
        ("outsider", False),
    ],
)
def test_who_changes_the_map(world, role, allowed):
    user = world.by_role(role)
    process = world.kerpen_process
    assert user.has_perm("stakeholders.change_map", process) is allowed
    assert user.has_perm("stakeholders.view_contact", process) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.organisation_create(
                actor=user, process=process, name="X", kind="club", target_group="other"
            )
        assert not Organisation.objects.exists()


def test_working_group_sees_the_map_without_contact(world):
    process = world.kerpen_process
    assert world.working_group_member.has_perm("stakeholders.view_map", process)
    assert not world.working_group_member.has_perm("stakeholders.view_contact", process)
    assert not world.other_coordinator.has_perm("stakeholders.view_map", process)


def test_moderators_stop_editing_once_preparation_is_done(world):
    process = world.kerpen_process
    process.current_phase_slug = "workshop-day-1"
    process.save()
    assert not world.moderator.has_perm("stakeholders.change_map", process)
    assert world.moderator.has_perm("stakeholders.view_map", process)
    assert world.coordinator.has_perm("stakeholders.change_map", process)


def test_organisation_changes_are_audited(world):
    organisation = services.organisation_create(
        actor=world.coordinator,
        process=world.kerpen_process,
        name="Caritas Kerpen (demo data)",
        kind="welfare",
        target_group="civil_society",
        influence=3,
        interest=5,
    )
    services.organisation_update(actor=world.coordinator, organisation=organisation, influence=4)
    event = AuditEvent.objects.get(action="stakeholders.organisation_change")
    assert event.before == {"influence": 3} and event.after == {"influence": 4}
    assert event.municipality_id == world.kerpen.pk
    services.organisation_delete(actor=world.coordinator, organisation=organisation)
    assert AuditEvent.objects.filter(action="stakeholders.organisation_delete").exists()
    assert not Organisation.objects.exists()


def test_duplicate_organisation_name_is_a_message_not_a_crash(world):
    OrganisationFactory(process=world.kerpen_process, name="VHS Kerpen")
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=world.moderator,
            process=world.kerpen_process,
            name="VHS Kerpen",
            kind="education",
            target_group="civil_society",
        )


def test_bad_score_is_refused(world):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=world.moderator,
            process=world.kerpen_process,
            name="X",
            kind="club",
            target_group="other",
            influence=9,
        )
    assert not Organisation.objects.exists()


def test_person_audit_keeps_no_personal_data(world):
    person = _person(world)
    services.stakeholder_update(actor=world.moderator, stakeholder=person, email="new@example.org")
    for event in AuditEvent.objects.filter(action__startswith="stakeholders."):
        text = f"{event.target_label} {event.before} {event.after}"
        assert "Ayşe" not in text and "example.org" not in text and "2237" not in text
    change = AuditEvent.objects.get(action="stakeholders.stakeholder_change")
    assert change.after == {"fields": ["email"]}


def test_consent_needs_date_and_purpose(world):
    with pytest.raises(ValidationError):
        _person(world, consent_to_contact=True)
    assert not Stakeholder.objects.exists()


def test_consent_given_and_withdrawn_are_changes(world):
    person = _person(world)
    assert not person.invitable
    services.stakeholder_consent_record(
        actor=world.moderator,
        stakeholder=person,
        consent=True,
        given_on=datetime.date(2026, 9, 10),
        purpose="Einladung zum Workshop",
    )
    person.refresh_from_db()
    assert person.invitable
    services.stakeholder_consent_record(actor=world.moderator, stakeholder=person, consent=False)
    person.refresh_from_db()
    assert not person.invitable and person.consent_given_on is None
    events = list(AuditEvent.objects.filter(action="stakeholders.consent_change").order_by("pk"))
    assert [event.after["consent_to_contact"] for event in events] == [True, False]


def test_keep_with_from_another_process_is_refused(world):
    stranger = StakeholderFactory(process=world.stuttgart_process)
    with pytest.raises(ValidationError):
        _person(world, keep_with=stranger)


def test_erase_removes_the_person_and_keeps_no_trace_in_the_trail(world):
    person = _person(world)
    interpreter = _person(world, keep_with=None)
    services.stakeholder_update(actor=world.moderator, stakeholder=interpreter, keep_with=person)
    services.stakeholder_erase(stakeholder=person, actor=world.moderator)
    assert not Stakeholder.objects.filter(name="Ayşe Demir (demo data)", pk=person.pk).exists()
    interpreter.refresh_from_db()
    assert interpreter.keep_with is None
    event = AuditEvent.objects.get(action="stakeholders.stakeholder_erase")
    assert event.after == {"erased": True}
    assert "Ayşe" not in event.target_label


def test_erase_needs_an_editor(world):
    person = _person(world)
    with pytest.raises(PermissionDenied):
        services.stakeholder_erase(stakeholder=person, actor=world.working_group_member)
    assert Stakeholder.objects.filter(pk=person.pk).exists()


def test_export_data_holds_everything(world):
    person = _person(world)
    data = stakeholder_export_data(stakeholder=person)
    assert data["email"] == "ayse@example.org"
    assert data["postal_address"].startswith("Hauptstraße")
    assert data["languages"] == ["tr", "de"]
    data = services.stakeholder_data_export(actor=world.coordinator, stakeholder=person)
    assert data["name"] == "Ayşe Demir (demo data)"
    assert AuditEvent.objects.filter(action="stakeholders.data_export").exists()


def test_relations(world):
    a = OrganisationFactory(process=world.kerpen_process)
    b = OrganisationFactory(process=world.kerpen_process)
    other = OrganisationFactory(process=world.stuttgart_process)
    relation = services.relation_create(actor=world.moderator, source=a, target=b, kind="funds")
    with pytest.raises(ValidationError):
        services.relation_create(actor=world.moderator, source=a, target=b, kind="funds")
    with pytest.raises(ValidationError):
        services.relation_create(actor=world.moderator, source=a, target=a, kind="funds")
    with pytest.raises(ValidationError):
        services.relation_create(actor=world.moderator, source=a, target=other, kind="funds")
    with pytest.raises(PermissionDenied):
        services.relation_delete(actor=world.working_group_member, relation=relation)
    services.relation_delete(actor=world.moderator, relation=relation)
    assert not OrganisationRelation.objects.exists()
    assert AuditEvent.objects.filter(action="stakeholders.relation_delete").exists()


def test_map_export_with_contact_is_audited_only_for_editors(world):
    StakeholderFactory(process=world.kerpen_process, email="x@example.org")
    data, _type = services.stakeholder_map_export(
        actor=world.moderator, process=world.kerpen_process, file_format="csv"
    )
    assert b"x@example.org" in data
    assert AuditEvent.objects.filter(action="stakeholders.export").count() == 1
    data, _type = services.stakeholder_map_export(
        actor=world.working_group_member, process=world.kerpen_process, file_format="csv"
    )
    assert b"x@example.org" not in data and b"email" not in data
    assert AuditEvent.objects.filter(action="stakeholders.export").count() == 1
    with pytest.raises(PermissionDenied):
        services.stakeholder_map_export(
            actor=world.other_coordinator, process=world.kerpen_process, file_format="csv"
        )


def test_system_may_do_everything(world):
    organisation = services.organisation_create(
        actor=SYSTEM, process=world.kerpen_process, name="X", kind="club", target_group="other"
    )
    assert organisation.pk
