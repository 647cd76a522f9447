"""The strategy as documents, read back: the PDF's text (headings, measures, indicator numbers)
and page count, the DOCX's headings in Word's styles and its tables, the XLSX's sheets with
formulas neutralised, the JSON against its schema; Arabic renders right to left."""

import datetime
import io
import json
import os
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cohesion.strategies import documents, services
from cohesion.strategies.opendata import strategy_open_data
from tests.strategies.test_documents_sample import sample_strategy_fill

pytestmark = pytest.mark.usefixtures("english")

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "strategy.schema.json"
TODAY = datetime.date(2025, 6, 30)
KEEP = os.environ.get("STRATEGY_DOCUMENTS_KEEP")  # a folder to keep the documents in for looking


def _keep(name: str, content: bytes) -> None:
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        (Path(KEEP) / name).write_bytes(content)


@pytest.fixture
def full(world):
    return sample_strategy_fill(actor=world.coordinator, process=world.kerpen_process)


def _document(strategy, language="en", **options):
    return documents.strategy_document(strategy=strategy, language=language, today=TODAY, **options)


def test_the_document_rolls_progress_up_and_counts(full, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        document = _document(full, charts=False)
    assert document.counts == {
        "fields": 6,
        "goals": 15,
        "measures": 40,
        "indicators": 20,
        "milestones": 40,
    }
    goal = document.fields[0].goals[0]
    measures = [m.measure for m in goal.measures if m.measure.status != "cancelled"]
    expected = sum(m.progress * m.weight for m in measures) / sum(m.weight for m in measures)
    assert goal.progress == pytest.approx(expected)
    assert 0 <= document.progress <= 100
    assert sum(document.lights.values()) == 60
    assert document.council_decision is None


def test_the_query_count_does_not_grow_with_the_strategy(world, django_assert_max_num_queries):
    small = sample_strategy_fill(
        actor=world.coordinator,
        process=world.kerpen_process,
        fields=2,
        goals=2,
        measures=2,
        indicators=1,
    )
    with django_assert_max_num_queries(9):
        _document(small, charts=False)
    big = sample_strategy_fill(actor=world.other_coordinator, process=world.stuttgart_process)
    with django_assert_max_num_queries(9):
        _document(big, charts=False)


def _pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_pdf_has_title_contents_tables_and_numbers(full):
    content = documents.strategy_pdf(_document(full))
    _keep("strategy-en.pdf", content)
    assert content.startswith(b"%PDF")
    text, pages = _pdf_text(content)
    assert 8 <= pages <= 40
    for heading in (
        "Contents",
        "Guiding principles",
        "Council decision",
        "Progress at a glance",
        "Indicators",
    ):
        assert heading in text
    assert "Integrationsstrategie" in text or "Integration strategy" in text
    assert "Kerpen, Kolpingstadt" in text
    assert "Maßnahme 40: Sprachkurs am Abend" in text
    assert "Indikator 20: Quote" in text
    assert "40.5" in text  # the first indicator's baseline
    assert "79" in text  # the last indicator's target (60 + 19)
    assert "Not adopted yet" in text
    assert "Volkshochschule" in text


def test_pdf_json_and_docx_name_the_council_decision_once_adopted(full, world):
    from cohesion.strategies.services import strategy_adopt

    strategy_adopt(
        actor=world.coordinator,
        strategy=full,
        decided_on=datetime.date(2025, 3, 12),
        reference="V/2025/0173",
    )
    decision = documents.council_decision_of(full)
    assert decision.reference == "V/2025/0173"
    text, _pages = _pdf_text(documents.strategy_pdf(_document(full, council_decision=decision)))
    assert "V/2025/0173" in text
    assert "Adopted by the council on" in text
    exported = documents.strategy_export(
        strategy=full, format="json", language="en", council_decision=decision
    )
    assert json.loads(exported)["strategy"]["council_decision"] == {
        "date": "2025-03-12",
        "reference": "V/2025/0173",
    }


def test_arabic_pdf_renders_right_to_left(full):
    document = _document(full, language="ar")
    assert document.direction == "rtl"
    html = documents.strategy_html(document)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    content = documents.strategy_pdf(document)
    _keep("strategy-ar.pdf", content)
    text, pages = _pdf_text(content)
    assert pages >= 8
    assert "Kerpen" in text


def test_docx_has_word_headings_and_a_table_of_measures(full):
    content = documents.strategy_docx(_document(full, charts=False))
    _keep("strategy-en.docx", content)
    word = Document(io.BytesIO(content))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0][0] == "Title"
    headings = {text for name, text in styles if name.startswith("Heading")}
    assert {"Contents", "Guiding principles", "Council decision"} <= headings
    assert sum(1 for name, _text in styles if name == "Heading 1") >= 6 + 4
    assert sum(1 for name, _text in styles if name == "Heading 2") == 15
    measure_tables = [t for t in word.tables if t.rows[0].cells[1].text == "Measure"]
    assert sum(len(t.rows) - 1 for t in measure_tables) == 40
    assert any("Maßnahme 1: Sprachkurs am Abend" in c.text for c in measure_tables[0].rows[1].cells)
    indicator_tables = [t for t in word.tables if t.rows[0].cells[0].text == "Indicator"]
    assert sum(len(t.rows) - 1 for t in indicator_tables) == 20
    assert all(t.style.name == "Table Grid" for t in word.tables)
    assert len(word.inline_shapes) == 1  # the progress chart; no text boxes
    assert b"txbx" not in content
    assert word.core_properties.title


def test_arabic_docx_is_right_to_left(full):
    content = documents.strategy_docx(_document(full, language="ar", charts=False))
    _keep("strategy-ar.docx", content)
    word = Document(io.BytesIO(content))
    bidi = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"

    def right_to_left(paragraph):
        return paragraph._p.pPr is not None and paragraph._p.pPr.find(bidi) is not None

    contents = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    assert contents.text == "المحتويات" and right_to_left(contents)
    state = word.paragraphs[2]
    assert right_to_left(state) == (documents._first_strong_direction(state.text) == "rtl")
    # The German organiser text keeps its own direction.
    principles = next(p for p in word.paragraphs if p.text.startswith("Integration ist"))
    assert not right_to_left(principles)
    assert all(t._tbl.tblPr.find(bidi + "Visual") is not None for t in word.tables)


def test_xlsx_has_the_sheets_and_neutralises_formulas(world, full):
    measure = full.fields_of_action.first().goals.first().measures.first()
    services.measure_update(actor=world.coordinator, measure=measure, lead='=HYPERLINK("http://x")')
    content = documents.strategy_xlsx(_document(full, charts=False))
    _keep("strategy-en.xlsx", content)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["fields", "goals", "measures", "indicators", "actuals", "milestones"]
    assert book["fields"].max_row == 7
    assert book["goals"].max_row == 16
    assert book["measures"].max_row == 41
    assert book["indicators"].max_row == 21
    assert book["actuals"].max_row == 41
    assert book["milestones"].max_row == 41
    leads = [row[5] for row in book["measures"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in leads
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_json_follows_its_schema(full):
    jsonschema = pytest.importorskip("jsonschema")
    document = _document(full, charts=False)
    data = json.loads(documents.strategy_export(strategy=full, format="json", language="en"))
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["municipality"] == {"ags": "05362032", "name": "Kerpen, Kolpingstadt"}
    measures = [m for f in data["fields_of_action"] for g in f["goals"] for m in g["measures"]]
    assert len(measures) == 40
    assert measures[0]["title"] == {"de": "Maßnahme 1: Sprachkurs am Abend"}
    assert strategy_open_data(document)["strategy"]["council_decision"] is None


def test_the_schema_refuses_a_broken_document(full):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    data = strategy_open_data(_document(full, charts=False))
    data["fields_of_action"][0]["goals"][0]["measures"][0]["progress"] = 140
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_an_empty_strategy_gives_every_format(world):
    strategy = services.strategy_create(
        actor=world.coordinator, process=world.kerpen_process, language="de"
    )
    for format in documents.FORMATS:
        content = documents.strategy_export(strategy=strategy, format=format, language="de")
        assert content


def test_an_unknown_format_is_refused(full):
    with pytest.raises(ValueError):
        documents.strategy_export(strategy=full, format="odt", language="en")
