import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.processes.capabilities import phase_cards
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase
from cohesion.seating.documents import pdf_document, plan_html
from cohesion.seating.models import SeatingPlan
from cohesion.seating.people import HEADER, MAX_BYTES
from cohesion.seating.services import seating_plan_create, seating_plan_delete
from tests.factories import SeatingPlanFactory
from tests.seating.helpers import room_guest, room_of

HEADER_LINE = ",".join(HEADER) + "\n"


def _post(client, process, **data):
    fields = {"source": "expected", "tables": 4, "rounds": 3, "seed": 0}
    fields.update(data)
    return client.post(
        reverse("seating:seating", args=[process.pk]), fields, HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture
def room(world):
    return room_of(world.kerpen_process)


def test_a_moderator_seats_the_people_who_confirmed(client, world, room):
    room_guest(world.kerpen_process, "Declined (demo data)", answer="declined")
    client.force_login(world.moderator)
    response = _post(client, world.kerpen_process)
    plan = SeatingPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("seating:plan", args=[world.kerpen_process.pk, plan.pk])
    assert len(plan.people) == 25  # the declined guest is not seated
    assert {p["name"] for p in plan.people} == {p.name for p in room}
    for tables in plan.result["rounds"]:
        assert [t["table"] for t in tables] == [1, 2, 3, 4]
        assert sorted(len(t["people"]) for t in tables) == [6, 6, 6, 7]
        interpreter = str(room[-1].pk)
        kept = str(room[2].pk)
        assert any(interpreter in t["people"] and kept in t["people"] for t in tables)
    assert plan.created_by == world.moderator
    event = AuditEvent.objects.get(action="seating.plan_create")
    assert event.after["people"] == 25 and event.municipality_id == world.kerpen.pk
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Guest 1 (demo data)" in page.content.decode()
    assert "Round 3" in page.content.decode()


def test_on_the_day_only_those_who_came(client, world, room):
    room_guest(world.kerpen_process, "Came (demo data)", attended=True)
    room_guest(world.kerpen_process, "Also came (demo data)", attended=True, answer="pending")
    client.force_login(world.coordinator)
    _post(client, world.kerpen_process, source="attended", tables=1, rounds=1)
    plan = SeatingPlan.objects.get()
    assert sorted(p["name"] for p in plan.people) == ["Also came (demo data)", "Came (demo data)"]


def test_a_csv_file_is_seated(client, world):
    client.force_login(world.manager)
    content = HEADER_LINE + "".join(f"p{i},other,,,de,\n" for i in range(12))
    response = _post(
        client,
        world.kerpen_process,
        source="upload",
        tables=3,
        file=SimpleUploadedFile("people.csv", content.encode(), content_type="text/csv"),
    )
    assert response.status_code == 302
    plan = SeatingPlan.objects.get()
    assert plan.source == "upload" and len(plan.people) == 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name\n1,x\n", "The first line must be exactly"),
        (HEADER_LINE + "a,,,,,\na,,,,,\n", "Row 3 repeats the id a of row 2."),
        (HEADER_LINE + "a,,,,,zz\n", "Row 2 keeps a with zz, who is not in the file."),
        (HEADER_LINE + "a,,,,,b\nb,,,,,c\nc,,,,,\nd,,,,,\n", "more than a table seats"),
        (HEADER_LINE + "a,,,,,\n", "more tables (4) than people (1)"),
    ],
)
def test_a_bad_file_or_an_impossible_seating_is_refused_and_nothing_is_stored(
    client, world, content, message
):
    client.force_login(world.moderator)
    response = _post(
        client,
        world.kerpen_process,
        source="upload",
        file=SimpleUploadedFile("people.csv", content.encode(), content_type="text/csv"),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SeatingPlan.objects.exists()
    assert not AuditEvent.objects.filter(action="seating.plan_create").exists()


def test_a_file_too_large_and_a_missing_file_are_refused(client, world):
    client.force_login(world.moderator)
    big = SimpleUploadedFile("people.csv", b"x" * (MAX_BYTES + 1), content_type="text/csv")
    response = _post(client, world.kerpen_process, source="upload", file=big)
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    response = _post(client, world.kerpen_process, source="upload")
    assert "Choose a CSV file." in response.content.decode()
    assert not SeatingPlan.objects.exists()


def test_an_empty_room_and_out_of_range_numbers_are_refused(client, world):
    client.force_login(world.moderator)
    response = _post(client, world.kerpen_process)
    assert response.status_code == 400
    assert "There is no one to seat." in response.content.decode()
    response = _post(client, world.kerpen_process, tables=0, rounds=99)
    assert response.status_code == 400
    assert not SeatingPlan.objects.exists()


def test_the_plan_prints_as_a_plan_and_as_one_card_per_table_and_round(client, world, room):
    client.force_login(world.moderator)
    _post(client, world.kerpen_process, tables=4, rounds=2)
    plan = SeatingPlan.objects.get()
    response = client.get(reverse("seating:pdf", args=[world.kerpen_process.pk, plan.pk, "cards"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = plan_html(plan=plan, part="cards")
    assert len(pdf_document(html=html, part="cards").pages) == 4 * 2
    response = client.get(reverse("seating:pdf", args=[world.kerpen_process.pk, plan.pk, "plan"]))
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="seating.plan_export").count() == 2


def test_the_exports_list_every_seat_with_formulas_neutralised(client, world):
    client.force_login(world.moderator)
    plan = SeatingPlanFactory(process=world.kerpen_process)
    plan.people[0]["name"] = '=HYPERLINK("http://evil")'
    plan.save()
    response = client.get(
        reverse("seating:export", args=[world.kerpen_process.pk, plan.pk, "csv"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Round", "Table", "id", "Name"]
    assert len(rows) == 1 + 4 * 2
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    response = client.get(
        reverse("seating:export", args=[world.kerpen_process.pk, plan.pk, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 4 * 2
    assert sheet["D2"].value == '\'=HYPERLINK("http://evil")'
    assert AuditEvent.objects.filter(action="seating.plan_export").count() == 2


def test_a_plan_and_its_people_can_be_deleted(client, world):
    plan = SeatingPlanFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    response = client.post(reverse("seating:delete", args=[world.kerpen_process.pk, plan.pk]))
    assert response.status_code == 302
    assert not SeatingPlan.objects.exists()
    assert AuditEvent.objects.filter(action="seating.plan_delete").exists()


def test_another_municipality_s_plan_is_not_found(client, world):
    plan = SeatingPlanFactory(process=world.stuttgart_process)
    client.force_login(world.coordinator)
    for url in (
        reverse("seating:plan", args=[world.stuttgart_process.pk, plan.pk]),
        reverse("seating:plan", args=[world.kerpen_process.pk, plan.pk]),
        reverse("seating:export", args=[world.kerpen_process.pk, plan.pk, "csv"]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(reverse("seating:delete", args=[world.kerpen_process.pk, plan.pk]))
    assert response.status_code == 404
    assert SeatingPlan.objects.exists()


def test_the_service_checks_the_permission(world):
    for user in (world.working_group_member, world.other_coordinator, world.outsider):
        with pytest.raises(PermissionDenied):
            seating_plan_create(
                process=world.kerpen_process,
                tables=1,
                rounds=1,
                seed=0,
                people=[{"id": "a"}],
                actor=user,
                source="upload",
            )
    plan = SeatingPlanFactory(process=world.kerpen_process)
    with pytest.raises(PermissionDenied):
        seating_plan_delete(plan=plan, actor=world.working_group_member)
    with pytest.raises(ValidationError):
        seating_plan_create(
            process=world.kerpen_process,
            tables=1,
            rounds=1,
            seed=0,
            people=[{"id": "a"}],
            actor=SYSTEM,
            source="elsewhere",
        )


def test_a_moderator_no_longer_seats_once_the_first_day_is_done(world):
    from cohesion.seating.selectors import process_for_seating

    process = world.kerpen_process
    assert process_for_seating(user=world.moderator, pk=process.pk) == process
    process.current_phase_slug = "strategy"
    process.save()
    assert process_for_seating(user=world.moderator, pk=process.pk) is None
    assert process_for_seating(user=world.coordinator, pk=process.pk) == process


def test_the_card_shows_on_the_first_workshop_day_to_those_who_seat(world):
    phase = ProcessPhase(world.kerpen_process, PHASES_BY_SLUG["workshop-day-1"])
    keys = {card["key"] for card in phase_cards(user=world.moderator, process_phase=phase)}
    assert "seating.tables" in keys
    keys = {
        card["key"] for card in phase_cards(user=world.working_group_member, process_phase=phase)
    }
    assert "seating.tables" not in keys


def test_the_list_of_plans_takes_few_queries(client, world, django_assert_max_num_queries):
    for _ in range(5):
        SeatingPlanFactory(process=world.kerpen_process, created_by=world.moderator)
    client.force_login(world.moderator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("seating:seating", args=[world.kerpen_process.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("/plans/") == 5


def test_the_service_takes_the_room_as_the_invitations_read_it(world, room):
    from cohesion.invitations.selectors import room_people

    plan = seating_plan_create(
        process=world.kerpen_process,
        tables=5,
        rounds=2,
        seed=3,
        people=room_people(process=world.kerpen_process),
        actor=SYSTEM,
    )
    assert plan.source == "expected" and plan.created_by is None
    assert len(plan.people) == 25
    interpreter, kept = str(room[-1].pk), str(room[2].pk)
    for tables in plan.result["rounds"]:
        assert any({interpreter, kept} <= set(t["people"]) for t in tables)
    event = AuditEvent.objects.get(action="seating.plan_create")
    assert event.actor is None
