import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cohesion.core.realtime import process_group_name
from cohesion.processes.models import PhaseTransition
from cohesion.processes.phases import PHASES
from cohesion.processes.services import process_advance, process_start
from tests.factories import MunicipalityFactory, ProgrammeFactory


def test_process_start_opens_the_first_phase_and_records_it(db):
    process = process_start(programme=ProgrammeFactory(), municipality=MunicipalityFactory())
    assert process.current_phase == PHASES[0]
    assert list(process.transitions.values_list("from_phase_slug", "to_phase_slug")) == [
        ("", "commitment")
    ]


def test_coordinator_moves_the_process_on_and_it_is_logged(world):
    process = process_advance(
        process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
    )
    assert process.current_phase_slug == "preparation"
    transition = PhaseTransition.objects.get(process=process, to_phase_slug="preparation")
    assert (transition.from_phase_slug, transition.actor) == ("commitment", world.coordinator)


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


def test_moving_on_is_broadcast_after_commit(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "cohesion.processes.services.broadcast", lambda *, group, event: sent.append((group, event))
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        process_advance(
            process=world.kerpen_process, actor=world.coordinator, expected_phase_slug="commitment"
        )
    assert sent == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sent == [
        (
            process_group_name(world.kerpen_process.pk),
            {"type": "phase.changed", "phase": "preparation"},
        )
    ]
