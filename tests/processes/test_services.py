import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.core.realtime import process_group_name
from cohesion.processes.capabilities import phase_guard_register, phase_guard_unregister
from cohesion.processes.models import PhaseTransition
from cohesion.processes.phases import PHASES
from cohesion.processes.services import (
    process_advance,
    process_advance_undo,
    process_start,
    programme_create,
)
from tests.factories import CommitmentFactory, MunicipalityFactory, ProgrammeFactory, UserFactory


@pytest.fixture(autouse=True)
def committed(world):
    """Kerpen's mayor has committed, so the commitment gate lets its process move on."""
    return CommitmentFactory(process=world.kerpen_process)


def test_process_start_opens_the_first_phase_and_records_it(world):
    municipality = MunicipalityFactory()
    process = process_start(
        actor=world.manager, programme=world.programme, municipality=municipality
    )
    assert process.current_phase == PHASES[0]
    assert list(process.transitions.values_list("from_phase_slug", "to_phase_slug", "kind")) == [
        ("", "commitment", "start")
    ]
    event = AuditEvent.objects.get(action="processes.process_start")
    assert (event.actor, event.municipality_id, event.programme_id) == (
        world.manager,
        municipality.pk,
        world.programme.pk,
    )
    assert event.after == {"phase": "commitment"}


@pytest.mark.parametrize("role", ["coordinator", "moderator", "other_coordinator", "outsider"])
def test_only_programme_managers_start_a_process(world, role):
    with pytest.raises(PermissionDenied):
        process_start(
            actor=world.by_role(role), programme=world.programme, municipality=MunicipalityFactory()
        )
    assert not AuditEvent.objects.filter(action="processes.process_start").exists()


def test_a_manager_of_another_programme_may_not_start_a_process_in_this_one(world):
    other = ProgrammeFactory()
    with pytest.raises(PermissionDenied):
        process_start(actor=world.manager, programme=other, municipality=MunicipalityFactory())


@pytest.mark.parametrize("role", ["manager", "coordinator", "outsider"])
def test_only_superusers_and_the_system_create_programmes(world, role):
    with pytest.raises(PermissionDenied):
        programme_create(actor=world.by_role(role), name="Another", slug="another")
    admin = UserFactory(is_superuser=True)
    programme = programme_create(actor=admin, name="Another", slug="another")
    assert AuditEvent.objects.get(action="processes.programme_create").actor == admin
    programme_create(actor=SYSTEM, name="Third", slug="third", managers=[world.manager])
    system_event = AuditEvent.objects.get(programme__slug="third")
    assert (system_event.actor, system_event.actor_label) == (None, "")
    assert programme.slug == "another"


def test_coordinator_moves_the_process_on_and_it_is_logged(world):
    process = process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    assert process.current_phase_slug == "preparation"
    transition = PhaseTransition.objects.get(process=process, to_phase_slug="preparation")
    assert (transition.from_phase_slug, transition.actor) == ("commitment", world.coordinator)
    event = AuditEvent.objects.get(action="processes.process_advance")
    assert (event.actor, event.municipality_id, event.programme_id) == (
        world.coordinator,
        world.kerpen.pk,
        world.programme.pk,
    )
    assert (event.before, event.after) == ({"phase": "commitment"}, {"phase": "preparation"})


@pytest.mark.parametrize(
    "role", ["moderator", "working_group_member", "other_coordinator", "outsider"]
)
def test_other_roles_may_not_move_the_process(world, role):
    with pytest.raises(PermissionDenied):
        process_advance(
            process=world.kerpen_process,
            actor=world.by_role(role),
            expected_phase_slug="commitment",
        )
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


def test_a_stale_form_changes_nothing(world):
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    # A second person sends the form they loaded before the first moved the process on.
    with translation.override("en"), pytest.raises(ValidationError, match="already in the phase"):
        process_advance(
            process=world.kerpen_process, actor=world.manager, expected_phase_slug="commitment"
        )
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "preparation"
    assert world.kerpen_process.transitions.count() == 1


def test_the_last_phase_is_the_end(world):
    world.kerpen_process.current_phase_slug = "learning"
    world.kerpen_process.save()
    with translation.override("en"), pytest.raises(ValidationError, match="last phase"):
        process_advance(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="learning"
        )


@pytest.mark.realtime
def test_moving_on_is_broadcast_after_commit(world, django_capture_on_commit_callbacks):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(process_group_name(world.kerpen_process.pk), channel)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        process_advance(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
        )
    assert len(callbacks) == 1  # nothing leaves before the transaction commits
    callbacks[0]()
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {"type": "phase.changed", "phase": "preparation", "version": 1}


@pytest.fixture
def guard():
    """A guard on leaving the commitment phase, as the commitment gate will be."""
    verdict = {"reason": "The mayor's commitment is not recorded yet."}
    phase_guard_register(
        key="tests.commitment",
        label="Mayor's commitment",
        check=lambda process, from_phase, to_phase: verdict["reason"],
        leaving={"commitment"},
    )
    yield verdict
    phase_guard_unregister(key="tests.commitment")


def test_a_guard_refuses_with_its_reason_and_nothing_changes(world, guard):
    with pytest.raises(ValidationError) as refused:
        process_advance(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
        )
    assert refused.value.messages == ["The mayor's commitment is not recorded yet."]
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"
    assert not AuditEvent.objects.filter(action="processes.process_advance").exists()
    guard["reason"] = None  # the commitment was recorded
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "preparation"


def test_a_guard_is_asked_only_about_its_phases(world, guard):
    world.kerpen_process.current_phase_slug = "preparation"
    world.kerpen_process.save()
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="preparation"
    )


def test_the_coordinator_undoes_the_latest_move(world):
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    process = process_advance_undo(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="preparation"
    )
    assert process.current_phase_slug == "commitment"
    assert list(process.transitions.order_by("pk").values_list("kind", "to_phase_slug")) == [
        ("advance", "preparation"),
        ("undo", "commitment"),
    ]
    event = AuditEvent.objects.get(action="processes.process_advance_undo")
    assert (event.actor, event.municipality_id, event.programme_id) == (
        world.coordinator,
        world.kerpen.pk,
        world.programme.pk,
    )
    assert (event.before, event.after) == ({"phase": "preparation"}, {"phase": "commitment"})
    # An undo is not undone again, and only the latest move can be undone.
    with translation.override("en"), pytest.raises(ValidationError, match="Only a move on"):
        process_advance_undo(
            process=world.kerpen_process, actor=world.manager, expected_phase_slug="commitment"
        )


def test_a_start_cannot_be_undone(world):
    process = process_start(
        actor=world.manager, programme=world.programme, municipality=MunicipalityFactory()
    )
    with pytest.raises(ValidationError):
        process_advance_undo(process=process, actor=world.manager, expected_phase_slug="commitment")


def test_a_stale_undo_changes_nothing(world):
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    # Someone moved on again before the undo arrived: the undo would go back the wrong way.
    process_advance(
        process=world.kerpen_process, actor=world.manager, expected_phase_slug="preparation"
    )
    with translation.override("en"), pytest.raises(ValidationError, match="already in the phase"):
        process_advance_undo(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="preparation"
        )
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "workshop-day-1"


@pytest.mark.parametrize("role", ["moderator", "working_group_member", "other_coordinator"])
def test_other_roles_may_not_undo(world, role):
    process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    with pytest.raises(PermissionDenied):
        process_advance_undo(
            process=world.kerpen_process,
            actor=world.by_role(role),
            expected_phase_slug="preparation",
        )
