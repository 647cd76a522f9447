"""The inventory's reads: fixed query counts, the gap table, the evaluation that shows the
workshop's means only from five answers up, the export with formulas neutralised."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from cohesion.core.spreadsheets import csv_bytes, xlsx_bytes
from cohesion.projects.selectors import (
    export_table,
    gap_table,
    inventory_of,
    inventory_process,
    project_evaluation,
    project_visible,
    rating_items_free,
)
from cohesion.projects.services import project_rate, project_rating_item_create
from cohesion.workshops.models import Answer, WorkshopParticipant
from tests.factories import ProjectFactory
from tests.projects.helpers import kerpen_workshop

pytestmark = pytest.mark.usefixtures("english")


def test_who_sees_the_inventory(world):
    project = ProjectFactory(process=world.kerpen_process)
    for role in ("manager", "coordinator", "moderator", "working_group_member"):
        user = world.by_role(role)
        assert inventory_process(user=user, pk=world.kerpen_process.pk) is not None
        assert project_visible(user=user, pk=project.pk) == project
    for user in (world.other_coordinator, world.outsider, AnonymousUser()):
        assert inventory_process(user=user, pk=world.kerpen_process.pk) is None
        assert project_visible(user=user, pk=project.pk) is None
        assert inventory_of(user=user, process=world.kerpen_process) is None
        assert gap_table(user=user, process=world.kerpen_process) is None
    assert project_visible(user=world.coordinator, pk="1; drop") is None
    assert project_visible(user=world.coordinator, pk=2**70) is None


def test_the_list_takes_the_same_queries_whatever_the_number(world, django_assert_num_queries):
    world.coordinator.has_perm("projects.view_inventory", world.kerpen_process)  # roles cached
    ProjectFactory(process=world.kerpen_process)
    with django_assert_num_queries(1):
        few = inventory_of(user=world.coordinator, process=world.kerpen_process)
    for n in range(30):
        project = ProjectFactory(process=world.kerpen_process)
        if n % 3 == 0:
            project_rate(actor=world.coordinator, project=project, scores={0: 4, 1: 2})
    with django_assert_num_queries(1):
        many = inventory_of(user=world.coordinator, process=world.kerpen_process)
    assert len(few.projects) == 1 and len(many.projects) == 31
    rated = [p for p in many.projects if p.rating_count]
    assert len(rated) == 10 and rated[0].rating_mean == 3


def test_the_status_filter(world):
    ProjectFactory(process=world.kerpen_process, status="ended")
    ProjectFactory(process=world.kerpen_process, status="planned")
    inventory = inventory_of(user=world.coordinator, process=world.kerpen_process, status="ended")
    assert [p.status for p in inventory.projects] == ["ended"]
    inventory = inventory_of(user=world.coordinator, process=world.kerpen_process, status="x")
    assert len(inventory.projects) == 2 and inventory.status == ""


def test_the_gap_table(world, django_assert_num_queries):
    kerpen = world.kerpen_process
    ProjectFactory(process=kerpen, standard_field=0, target_groups=["refugees", "women"], reach=100)
    ProjectFactory(process=kerpen, standard_field=0, target_groups=["refugees"], reach=None)
    ProjectFactory(process=kerpen, standard_field=1, target_groups=["refugees"], status="ended")
    ProjectFactory(
        process=kerpen,
        standard_field=None,
        custom_field="Digitale Teilhabe",
        target_groups=["older_people"],
        reach=20,
        status="planned",
    )
    ProjectFactory(process=world.stuttgart_process, standard_field=3, target_groups=["women"])
    world.coordinator.has_perm("projects.view_inventory", kerpen)
    with django_assert_num_queries(1):
        table = gap_table(user=world.coordinator, process=kerpen)
    assert table.counted == 3
    assert len(table.rows) == 9 + 1 and table.rows[-1].label == "Digitale Teilhabe"
    columns = [value for value, _label in table.columns]
    language = table.rows[0]
    refugees = language.cells[columns.index("refugees")]
    assert (refugees.projects, refugees.reach, refugees.reach_unknown) == (2, 100, 1)
    assert language.cells[columns.index("women")].projects == 1
    assert language.cells[columns.index("families")].empty
    # Ended projects are not counted: work and economy is a gap; so is Stuttgart's health.
    assert table.rows[1].empty and table.rows[3].empty
    assert table.rows[-1].cells[columns.index("older_people")].reach == 20
    assert table.empty_cells == 10 * 9 - 3


def test_the_workshop_means_only_from_five_answers(world):
    workshop = kerpen_workshop(world)
    project = ProjectFactory(process=world.kerpen_process)
    project_rate(actor=world.coordinator, project=project, scores={0: 4, 2: 2})
    project_rate(actor=world.moderator, project=project, scores={0: 5})
    item = project_rating_item_create(actor=world.coordinator, project=project)
    project.refresh_from_db()

    def answer(n, value):
        participant = WorkshopParticipant.objects.create(
            workshop=workshop, device_hash=f"{n:064d}", language="de"
        )
        Answer.objects.create(item=item, participant=participant, value=value, client_key=f"k{n}x")

    for n in range(4):
        answer(n, {"0": 4, "1": 2})
    evaluation = project_evaluation(project=project)
    assert [row.entered_mean for row in evaluation.rows] == [4.5, None, 2]
    assert [row.entered_count for row in evaluation.rows] == [2, 0, 1]
    assert evaluation.workshop_answers == 4 and not evaluation.workshop_shown
    assert all(row.workshop_mean is None for row in evaluation.rows)
    answer(4, {"0": 5, "1": 3})
    evaluation = project_evaluation(project=project)
    assert evaluation.workshop_shown
    assert evaluation.rows[0].workshop_mean == 4.2 and evaluation.rows[0].workshop_count == 5
    assert evaluation.rows[1].workshop_mean == 2.2
    # Only one person rated the third criterion: no mean of one.
    answer(5, {"2": 1})
    evaluation = project_evaluation(project=project)
    assert evaluation.rows[2].workshop_mean is None and evaluation.rows[2].workshop_count == 1


def test_free_rating_items(world):
    workshop = kerpen_workshop(world)
    first = ProjectFactory(process=world.kerpen_process)
    second = ProjectFactory(process=world.kerpen_process)
    template_item = workshop.items.get(kind="rating")
    assert [pk for pk, _title in rating_items_free(project=first)] == [template_item.pk]
    first.rating_item = template_item
    first.save()
    assert rating_items_free(project=second) == []
    assert [pk for pk, _title in rating_items_free(project=first)] == [template_item.pk]


def test_the_export_neutralises_formulas(world):
    project = ProjectFactory(
        process=world.kerpen_process,
        name='=HYPERLINK("http://evil.example","click")',
        provider="@SUM(A1)",
        description={"de": "+49 Demo data"},
        funding_amount=Decimal("6500.50"),
        starts_on=datetime.date(2024, 1, 1),
    )
    project_rate(actor=world.coordinator, project=project, scores={0: 3})
    header, rows = export_table(process=world.kerpen_process)
    assert header[0] == "Name" and len(rows) == 1 and rows[0][11] == 3
    text = csv_bytes(header, rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+49 Demo data" in text
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Projects", header, rows)]))).active
    assert sheet["A2"].value.startswith("'=") and sheet["A2"].data_type == "s"
    assert sheet["G2"].value == 6500.5 and sheet["H2"].value.year == 2024
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([("Projects", header, rows)]))) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
