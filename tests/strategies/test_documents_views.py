"""The downloads page and the downloads: readers of the strategy get every format in the
language they choose, each download audited; others 404, anonymous to the log-in."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohesion.audit.models import AuditEvent
from cohesion.strategies import services

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def strategy(world):
    strategy = services.strategy_create(
        actor=world.coordinator, process=world.kerpen_process, language="de"
    )
    field = strategy.fields_of_action.order_by("order")[0]
    goal = services.goal_create(
        actor=world.coordinator, field_of_action=field, title={"de": "Mehr Sprachkurse"}
    )
    services.measure_create(
        actor=world.coordinator, goal=goal, title={"de": "Abendkurse an der VHS"}, progress=30
    )
    return strategy


def test_the_page_offers_every_format_in_the_chosen_language(client, world, strategy):
    client.force_login(world.moderator)
    page = client.get(reverse("strategies:documents", args=[strategy.pk]), {"language": "tr"})
    assert page.status_code == 200
    content = page.content.decode()
    for format in ("pdf", "docx", "xlsx", "json"):
        assert (
            reverse("strategies:document", args=[strategy.pk, format]) + "?language=tr" in content
        )
    assert '<option value="tr" lang="tr" selected>' in content


@pytest.mark.parametrize(
    ("format", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("json", "application/json", b"{"),
    ],
)
def test_a_reader_downloads_and_the_download_is_audited(
    client, world, strategy, format, content_type, start
):
    client.force_login(world.moderator)
    response = client.get(
        reverse("strategies:document", args=[strategy.pk, format]), {"language": "en"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)
    assert f'filename="strategy-05362032-en.{format}"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="strategies.export")
    assert event.actor == world.moderator
    assert event.after == {"format": format, "language": "en"}
    assert event.municipality_id == world.kerpen.pk


def test_the_pdf_is_in_the_language_asked_for(client, world, strategy):
    client.force_login(world.coordinator)
    response = client.get(
        reverse("strategies:document", args=[strategy.pk, "pdf"]), {"language": "en"}
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Guiding principles" in text
    assert "Abendkurse an der VHS" in " ".join(text.split())


def test_an_unknown_language_falls_back_to_the_page_language(client, world, strategy):
    client.force_login(world.coordinator)
    response = client.get(
        reverse("strategies:document", args=[strategy.pk, "json"]), {"language": "xx"}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["municipality"]["ags"] == "05362032"
    assert AuditEvent.objects.get(action="strategies.export").after["language"] == "en"


def test_an_unknown_format_is_404_and_not_audited(client, world, strategy):
    client.force_login(world.coordinator)
    response = client.get(reverse("strategies:document", args=[strategy.pk, "odt"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="strategies.export").exists()


def test_another_municipality_gets_404_and_nothing_is_audited(client, world, strategy):
    client.force_login(world.other_coordinator)
    for url in (
        reverse("strategies:documents", args=[strategy.pk]),
        reverse("strategies:document", args=[strategy.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="strategies.export").exists()


def test_anonymous_goes_to_the_log_in(client, strategy):
    response = client.get(reverse("strategies:document", args=[strategy.pk, "json"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_get(client, world, strategy):
    client.force_login(world.coordinator)
    response = client.post(reverse("strategies:document", args=[strategy.pk, "json"]))
    assert response.status_code == 405
