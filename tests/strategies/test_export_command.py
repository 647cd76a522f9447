"""``cohesion export-strategy``: every format to a file, clear errors for an unknown key, a
municipality without a strategy, a missing folder; each export audited."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook
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
    services.measure_create(actor=world.coordinator, goal=goal, title={"de": "Abendkurse"})
    return strategy


def _export(*args):
    err = io.StringIO()
    call_command("export-strategy", *args, stderr=err)
    return err.getvalue()


@pytest.mark.parametrize("format", ["pdf", "docx", "xlsx", "json"])
def test_every_format_to_a_file(strategy, tmp_path, format):
    target = tmp_path / f"kerpen.{format}"
    said = _export("05362032", "--format", format, "--output", str(target), "--language", "en")
    assert str(target) in said
    content = target.read_bytes()
    if format == "pdf":
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "Abendkurse" in text and "Contents" in text
    elif format == "docx":
        headings = [p.text for p in Document(io.BytesIO(content)).paragraphs]
        assert "Guiding principles" in headings
    elif format == "xlsx":
        assert "measures" in load_workbook(io.BytesIO(content)).sheetnames
    else:
        assert json.loads(content)["strategy"]["source_language"] == "de"
    event = AuditEvent.objects.get(action="strategies.export")
    assert event.actor is None and event.actor_label == "export-strategy"
    assert event.after == {"format": format, "language": "en"}
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_the_language_defaults_to_the_strategys(strategy, tmp_path):
    target = tmp_path / "kerpen.docx"
    _export("05362032", "--format", "docx", "--output", str(target))
    assert AuditEvent.objects.get(action="strategies.export").after["language"] == "de"


def test_an_unknown_key(world, tmp_path):
    with pytest.raises(CommandError, match="no municipality with the key 99999999"):
        _export("99999999", "--format", "json", "--output", str(tmp_path / "x.json"))


def test_a_municipality_without_a_strategy(world, tmp_path):
    with pytest.raises(CommandError, match=r"Stuttgart \(08111000\) has no strategy yet"):
        _export("08111000", "--format", "json", "--output", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


def test_a_missing_folder(strategy, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _export("05362032", "--format", "json", "--output", str(tmp_path / "no" / "x.json"))
    assert not AuditEvent.objects.filter(action="strategies.export").exists()


def test_an_unknown_format_is_refused(strategy, tmp_path):
    with pytest.raises(CommandError):
        _export("05362032", "--format", "odt", "--output", str(tmp_path / "x.odt"))


def test_json_to_stdout(strategy, capsysbinary):
    call_command("export-strategy", "05362032", "--format", "json", "--output", "-")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["schema_version"] == "1.0"
