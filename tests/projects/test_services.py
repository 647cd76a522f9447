"""The inventory's services: permission, validation (nothing half-written), the audit trail,
the rating in the workshop."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.projects.models import Project, ProjectRating
from cohesion.projects.services import (
    project_create,
    project_delete,
    project_rate,
    project_rating_item_create,
    project_rating_item_link,
    project_update,
)
from cohesion.workshops.models import Item
from tests.factories import OrganisationFactory, ProjectFactory
from tests.projects.helpers import kerpen_workshop, project_fields

pytestmark = pytest.mark.usefixtures("english")


def test_an_editor_adds_a_project_and_the_trail_records_it(world):
    project = project_create(
        actor=world.moderator, process=world.kerpen_process, **project_fields()
    )
    assert project.pk and project.field_of_action == "Language and education"
    assert project.target_groups == ["women", "refugees"]  # the list's order
    event = AuditEvent.objects.get(action="projects.project_create")
    assert event.actor == world.moderator and event.municipality_id == world.kerpen.pk
    assert event.after["name"] == "Sprachcafé (demo data)"


@pytest.mark.parametrize("role", ["working_group_member", "other_coordinator", "outsider"])
def test_others_may_not_add(world, role):
    with pytest.raises(PermissionDenied):
        project_create(actor=world.by_role(role), process=world.kerpen_process, **project_fields())
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ends_on": datetime.date(2020, 1, 1), "starts_on": datetime.date(2021, 1, 1)}, "dates"),
        ({"name": "x" * 201}, None),
        ({"name": ""}, None),
        ({"name": "bad\x00name"}, "control"),
        ({"description": {"de": "x" * 4001}}, "length"),
        ({"description": "not a dict"}, "description"),
        ({"target_groups": []}, "target_groups"),
        ({"target_groups": ["martians"]}, "target_groups"),
        ({"standard_field": None, "custom_field": ""}, "field_of_action"),
        ({"standard_field": 42}, "field_of_action"),
        ({"status": "dreaming"}, "status"),
        ({"reach": -5}, None),
        ({"funding_amount": Decimal("-1")}, None),
        ({"funding_amount": "a lot"}, "funding_amount"),
        ({"source_language": "xx"}, "language"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, overrides, code):
    with pytest.raises(ValidationError) as error:
        project_create(
            actor=world.coordinator, process=world.kerpen_process, **project_fields(**overrides)
        )
    if code:
        assert error.value.code == code
    assert not Project.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="projects.").exists()


def test_a_custom_field_of_action(world):
    project = project_create(
        actor=world.coordinator,
        process=world.kerpen_process,
        **project_fields(standard_field=None, custom_field="  Digitale Teilhabe "),
    )
    assert project.field_of_action == "Digitale Teilhabe"
    # A standard field clears the custom name.
    project_update(actor=world.coordinator, project=project, standard_field=3)
    project.refresh_from_db()
    assert project.custom_field == "" and project.standard_field == 3


def test_the_provider_from_the_map_of_the_same_process_only(world):
    ours = OrganisationFactory(process=world.kerpen_process, name="Caritas (demo data)")
    theirs = OrganisationFactory(process=world.stuttgart_process, name="Stuttgarter Verein")
    project = project_create(
        actor=world.coordinator,
        process=world.kerpen_process,
        **project_fields(provider="", provider_organisation_id=ours.pk),
    )
    assert project.provider == "Caritas (demo data)"
    with pytest.raises(ValidationError):
        project_update(actor=world.coordinator, project=project, provider_organisation_id=theirs.pk)
    project.refresh_from_db()
    assert project.provider_organisation_id == ours.pk


def test_update_records_what_changed_and_delete_removes(world):
    project = ProjectFactory(process=world.kerpen_process)
    project_update(actor=world.coordinator, project=project, reach=300, status="ended")
    event = AuditEvent.objects.get(action="projects.project_change")
    assert event.before == {"reach": 50, "status": "running"}
    assert event.after == {"reach": 300, "status": "ended"}
    project_rate(actor=world.coordinator, project=project, scores={0: 4})
    project_delete(actor=world.coordinator, project=project)
    assert not Project.objects.exists() and not ProjectRating.objects.exists()
    assert AuditEvent.objects.get(action="projects.project_delete").before["ratings"] == 1


def test_update_refuses_bad_dates_and_keeps_the_project(world):
    project = ProjectFactory(process=world.kerpen_process, starts_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        project_update(actor=world.coordinator, project=project, ends_on=datetime.date(2024, 1, 1))
    project.refresh_from_db()
    assert project.ends_on is None


def test_the_working_group_may_not_change_or_delete(world):
    project = ProjectFactory(process=world.kerpen_process)
    with pytest.raises(PermissionDenied):
        project_update(actor=world.working_group_member, project=project, reach=1)
    with pytest.raises(PermissionDenied):
        project_delete(actor=world.other_coordinator, project=project)


def test_rating_replaces_ones_own_score(world):
    project = ProjectFactory(process=world.kerpen_process)
    project_rate(actor=world.coordinator, project=project, scores={0: 2, 1: 5}, note="Besuch")
    project_rate(actor=world.coordinator, project=project, scores={"0": "4"})
    project_rate(actor=world.moderator, project=project, scores={0: 3})
    scores = sorted(ProjectRating.objects.values_list("criterion", "score", "entered_by__username"))
    assert scores == [(0, 3, "moderator"), (0, 4, "coordinator"), (1, 5, "coordinator")]
    assert AuditEvent.objects.filter(action="projects.project_rate").count() == 3


@pytest.mark.parametrize(
    "scores",
    [{0: 0}, {0: 6}, {0: -1}, {0: "5.5"}, {0: True}, {0: None}, {7: 3}, {"x": 3}, {}, [3]],
)
def test_a_score_outside_1_to_5_is_refused_and_nothing_is_stored(world, scores):
    project = ProjectFactory(process=world.kerpen_process)
    if isinstance(scores, dict) and scores:
        scores = {1: 4} | scores  # a valid score beside the bad one is not stored either
    with pytest.raises(ValidationError):
        project_rate(actor=world.coordinator, project=project, scores=scores)
    assert not ProjectRating.objects.exists()


def test_the_working_group_may_not_rate(world):
    project = ProjectFactory(process=world.kerpen_process)
    with pytest.raises(PermissionDenied):
        project_rate(actor=world.working_group_member, project=project, scores={0: 3})


def test_the_rating_item_on_day_1_in_one_step(world):
    project = ProjectFactory(process=world.kerpen_process, name="Sprachcafé (demo data)")
    with pytest.raises(ValidationError):  # no workshop yet
        project_rating_item_create(actor=world.coordinator, project=project)
    workshop = kerpen_workshop(world)
    before = workshop.items.count()
    item = project_rating_item_create(actor=world.coordinator, project=project)
    project.refresh_from_db()
    assert project.rating_item == item and workshop.items.count() == before + 1
    assert item.kind == "rating" and item.day.phase_slug == "workshop-day-1"
    # Right after the method's evaluation of existing projects, not at the end of the day.
    day = list(item.day.items.order_by("position", "pk").values_list("kind", "pk"))
    rating_places = [n for n, (kind, _pk) in enumerate(day) if kind == "rating"]
    assert rating_places == [rating_places[0], rating_places[0] + 1]
    assert day[rating_places[1]][1] == item.pk and rating_places[1] < len(day) - 1
    second = project_rating_item_create(
        actor=world.coordinator, project=ProjectFactory(process=world.kerpen_process)
    )
    day = list(item.day.items.order_by("position", "pk").values_list("pk", flat=True))
    assert day.index(second.pk) == day.index(item.pk) + 1
    assert item.title["en"] == "Evaluation: Sprachcafé (demo data)"
    assert set(item.title) == {"de", "en", "tr", "ar", "ru", "uk"}
    assert len(item.config["criteria"]) == 3 and item.config["steps"] == 5
    assert AuditEvent.objects.filter(action="projects.rating_item").count() == 2
    with pytest.raises(ValidationError):  # once only
        project_rating_item_create(actor=world.coordinator, project=project)


def test_the_rating_item_needs_the_workshops_permission_too(world):
    kerpen_workshop(world)
    project = ProjectFactory(process=world.kerpen_process)
    with pytest.raises(PermissionDenied):
        project_rating_item_create(actor=world.working_group_member, project=project)
    assert not Item.objects.filter(kind="rating", title__en__startswith="Evaluation:").exists()


def test_linking_an_item_of_the_own_workshop_only(world):
    workshop = kerpen_workshop(world)
    template_item = workshop.items.get(kind="rating")
    first = ProjectFactory(process=world.kerpen_process)
    second = ProjectFactory(process=world.kerpen_process)
    project_rating_item_link(actor=world.coordinator, project=first, item_id=template_item.pk)
    with pytest.raises(ValidationError):  # it rates another project
        project_rating_item_link(actor=world.coordinator, project=second, item_id=template_item.pk)
    open_item = workshop.items.get(kind="open")
    with pytest.raises(ValidationError):  # not a rating
        project_rating_item_link(actor=world.coordinator, project=second, item_id=open_item.pk)
    from cohesion.workshops.services import workshop_create

    other = workshop_create(actor=world.manager, process=world.stuttgart_process)
    with pytest.raises(ValidationError):  # another municipality's item
        project_rating_item_link(
            actor=world.coordinator, project=second, item_id=other.items.get(kind="rating").pk
        )
    project_rating_item_link(actor=world.coordinator, project=first, item_id=None)
    first.refresh_from_db()
    assert first.rating_item is None


def test_the_system_acts_for_the_demo(world):
    project = project_create(actor=SYSTEM, process=world.kerpen_process, **project_fields())
    project_rate(actor=SYSTEM, project=project, scores={2: 1})
    assert ProjectRating.objects.get().entered_by is None


@pytest.mark.parametrize(
    ("phase", "changes", "rates"),
    [
        ("commitment", True, True),
        ("preparation", True, True),
        ("workshop-day-1", False, True),  # the day the room evaluates the projects
        ("workshop-day-2", False, False),
        ("strategy", False, False),
    ],
)
def test_what_a_moderator_may_do_as_the_process_moves_on(world, phase, changes, rates):
    process = world.kerpen_process
    process.current_phase_slug = phase
    process.save()
    project = ProjectFactory(process=process)
    moderator = world.moderator
    assert moderator.has_perm("projects.change_inventory", project) is changes
    assert moderator.has_perm("projects.rate_project", project) is rates
    assert moderator.has_perm("projects.view_inventory", project)
    # The coordinator keeps the record in every phase.
    assert world.coordinator.has_perm("projects.change_inventory", project)
