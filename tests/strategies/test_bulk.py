"""The bulk update of measures from CSV and XLSX: what it changes and every bad input."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.core import spreadsheets
from cohesion.strategies import bulk
from cohesion.strategies.bulk import BulkFileError, MeasureState

D = datetime.date
AGS = "05362032"  # Kerpen
KNOWN = {
    11: MeasureState(11, "planned", 0, D(2026, 1, 1), D(2026, 12, 31), Decimal("5000.00"), "A"),
    12: MeasureState(12, "running", 40, D(2026, 3, 1), D(2027, 6, 30), None, "B"),
    13: MeasureState(13, "running", 10, None, None, None, "C"),
}


def plan(text: str, *, encoding="utf-8", known=None, filename="update.csv"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return bulk.bulk_plan(data, filename, known=KNOWN if known is None else known, ags=AGS)


def codes(result) -> list[tuple[int, str, str]]:
    return [(problem.line, problem.column, problem.code) for problem in result.problems]


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- what a good file changes ---


def test_a_good_file_plans_the_changes():
    result = plan(
        "id,status,progress,start,end,budget,note\n"
        "11,running,20,,,,Started in January\n"
        "12,,55,2026-04-01,,1234.50,\n"
        "13,running,10,,,,\n"
    )
    assert result.all_valid
    assert result.columns == ["id", "status", "progress", "start", "end", "budget", "note"]
    first, second, third = result.rows
    assert (first.line, first.measure_id, first.action) == (2, 11, "update")
    assert first.changes == {"status": ("planned", "running"), "progress": (0, 20)}
    assert first.note == "Started in January"
    assert second.changes == {
        "progress": (40, 55),
        "start": (D(2026, 3, 1), D(2026, 4, 1)),
        "budget": (None, Decimal("1234.50")),
    }
    assert third.unchanged and third.action == "unchanged"
    assert [row.measure_id for row in result.valid_rows] == [11, 12, 13]
    assert [row.measure_id for row in result.changed_rows] == [11, 12]
    assert result.count("update") == 2 and result.count("unchanged") == 1


def test_an_empty_cell_leaves_the_value_and_a_status_brings_its_default_progress():
    result = plan("id;status;progress\n12;completed;\n11;;\n13;planned;\n")
    completed, nothing, planned = result.rows
    assert completed.changes == {"status": ("running", "completed"), "progress": (40, 100)}
    assert nothing.unchanged
    assert planned.changes == {"status": ("running", "planned"), "progress": (10, 0)}


def test_a_status_with_its_own_progress_keeps_it():
    result = plan("id,status,progress\n12,completed,90\n")
    assert result.rows[0].changes == {"status": ("running", "completed"), "progress": (40, 90)}


def test_german_headers_words_numbers_and_dates_with_semicolons_and_bom():
    text = (
        "\ufeffGemeindeschlüssel;ID;Maßnahme;Status;Fortschritt (%);Beginn;Ende;Budget (EUR);"
        "Bemerkung\n"
        "05362032;11;Sprachcafé;Läuft;35 %;01.02.2026;31.12.2026;1.234,50 €;Gut angelaufen\n"
        "05362032;12;Lotsen;verzögert;40;;30.9.2027;12.000;\n"
        "05362032;13;Beratung;Abgeschlossen;;;;;\n"
    )
    result = plan(text)
    assert result.all_valid, codes(result)
    assert result.columns == list(bulk.COLUMNS)
    first, second, third = result.rows
    assert first.changes == {
        "status": ("planned", "running"),
        "progress": (0, 35),
        "start": (D(2026, 1, 1), D(2026, 2, 1)),
        "budget": (Decimal("5000.00"), Decimal("1234.50")),
    }
    assert first.note == "Gut angelaufen"
    assert second.changes == {
        "status": ("running", "delayed"),
        "end": (D(2027, 6, 30), D(2027, 9, 30)),
        "budget": (None, Decimal("12000")),
    }
    assert third.changes == {"status": ("running", "completed"), "progress": (10, 100)}


def test_windows_1252_and_utf_16_and_tabs():
    text = "ID;Status;Bemerkung\n11;läuft;Öffnung\n"
    assert plan(text, encoding="cp1252").rows[0].note == "Öffnung"
    assert plan(text.replace(";", "\t"), encoding="utf-16").rows[0].changes == {
        "status": ("planned", "running")
    }


def test_xlsx_with_numbers_dates_and_text():
    data = xlsx(
        [
            ["Municipality", "ID", "Title", "Status", "Progress", "Start", "End", "Budget"],
            [5362032, 11, "A", "running", 30, datetime.datetime(2026, 2, 1), None, 2500.5],
            [AGS, 12.0, "B", "Completed", None, None, D(2027, 12, 31), "1.234,50"],
            [None, None, None, None, None, None, None, None],
            [AGS, 13, "C", "running", 0.45, None, None, 0.1 + 0.2],
        ]
    )
    result = plan(data, filename="update.xlsx")
    first, second, third = result.rows
    assert first.changes == {
        "status": ("planned", "running"),
        "progress": (0, 30),
        "start": (D(2026, 1, 1), D(2026, 2, 1)),
        "budget": (Decimal("5000.00"), Decimal("2500.50")),
    }
    assert first.valid  # Excel dropped the key's leading zero
    assert second.changes == {
        "status": ("running", "completed"),
        "progress": (40, 100),
        "end": (D(2027, 6, 30), D(2027, 12, 31)),
        "budget": (None, Decimal("1234.50")),
    }
    assert third.line == 5
    # A progress formatted as percent arrives as 0.45: refused, not taken for 0 or 45.
    assert codes(result) == [(5, "progress", "bad_progress")]
    assert not result.all_valid
    assert [row.measure_id for row in result.valid_rows] == [11, 12]


def test_the_template_reads_back_unchanged_in_both_languages():
    measures = list(KNOWN.values())
    for language in ("en", "de"):
        rows = bulk.bulk_template_rows(measures, ags=AGS, language=language)
        assert len(rows) == 4
        csv_data = spreadsheets.csv_bytes(rows[0], rows[1:])
        xlsx_data = spreadsheets.xlsx_bytes([("Measures", rows[0], rows[1:])])
        for data, name in ((csv_data, "m.csv"), (xlsx_data, "m.xlsx")):
            result = bulk.bulk_plan(data, name, known=KNOWN, ags=AGS)
            assert result.all_valid, (language, name, codes(result))
            assert [row.action for row in result.rows] == ["unchanged"] * 3
            assert result.ignored_columns == []


def test_the_template_rows():
    rows = bulk.bulk_template_rows([KNOWN[11]], ags=AGS, language="de")
    assert rows == [
        list(bulk.TEMPLATE_HEADER["de"]),
        [AGS, "11", "A", "geplant", "0", "01.01.2026", "31.12.2026", "5000,00", ""],
    ]
    rows = bulk.bulk_template_rows([KNOWN[12]])
    assert rows[1] == ["", "12", "B", "running", "40", "2026-03-01", "2027-06-30", "", ""]
    assert bulk.bulk_template_rows([], language="xx") == [list(bulk.TEMPLATE_HEADER["en"])]


def test_a_formula_like_title_in_the_template_is_neutralised_and_ignored():
    measure = MeasureState(11, "planned", 0, title='=HYPERLINK("http://x")')
    rows = bulk.bulk_template_rows([measure], ags=AGS)
    data = spreadsheets.csv_bytes(rows[0], rows[1:])
    assert b"'=HYPERLINK" in data
    result = bulk.bulk_plan(data, "m.csv", known={11: measure}, ags=AGS)
    assert result.rows[0].unchanged


def test_unknown_columns_are_left_aside():
    result = plan("ID,Responsible,Status,Zielgruppe\n11,Ms Demir,running,Frauen\n")
    assert result.ignored_columns == ["Responsible", "Zielgruppe"]
    assert result.columns == ["id", "status"]
    assert result.rows[0].changes == {"status": ("planned", "running")}


def test_a_row_with_a_title_alone_is_a_heading_and_left_out():
    result = plan("id,title,status\n,Field: Language,\n11,A,running\n")
    assert [row.line for row in result.rows] == [3]


# --- bad input, row by row ---


def test_unknown_missing_and_malformed_ids():
    result = plan("id,status\n99,running\n,running\nabc,running\n-11,running\n11.5,running\n")
    assert codes(result) == [
        (2, "id", "unknown_measure"),
        (3, "id", "missing_id"),
        (4, "id", "bad_id"),
        (5, "id", "bad_id"),
        (6, "id", "bad_id"),
    ]
    assert result.rows[0].measure_id == 99
    assert result.rows[0].changes == {}
    assert not result.all_valid
    assert result.valid_rows == []


def test_an_id_of_another_strategy_is_unknown():
    other = {21: MeasureState(21, "running", 50)}
    result = plan("id,progress\n21,60\n11,5\n")  # 21 is a measure of another strategy
    assert codes(result) == [(2, "id", "unknown_measure")]
    assert [row.measure_id for row in result.valid_rows] == [11]
    assert plan("id,progress\n21,60\n", known=other).all_valid


def test_a_duplicate_id_marks_every_row_with_it():
    result = plan("id,progress\n11,10\n12,50\n11,20\n")
    assert codes(result) == [(2, "id", "duplicate_measure"), (4, "id", "duplicate_measure")]
    assert result.rows[0].problems[0].params == {"lines": (2, 4)}
    assert [row.measure_id for row in result.valid_rows] == [12]


@pytest.mark.parametrize("value", ["101", "-1", "12.5", "50,5", "abc", "0.45", "1e2", "1000"])
def test_progress_outside_0_to_100_or_not_whole(value):
    result = plan(f'id,progress\n11,"{value}"\n')
    assert codes(result) == [(2, "progress", "bad_progress")]
    assert result.problems[0].value == value


@pytest.mark.parametrize("value", ["0", "100", "45 %", "45%", "45,0", " 7 "])
def test_progress_accepted(value):
    assert plan(f'id,progress\n12,"{value}"\n').all_valid


@pytest.mark.parametrize("value", ["done-ish", "ok", "50", "grün"])
def test_unknown_status(value):
    assert codes(plan(f"id,status\n11,{value}\n")) == [(2, "status", "bad_status")]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Planned", "planned"),
        ("geplant", "planned"),
        ("IN PROGRESS", "running"),
        ("in Umsetzung", "running"),
        ("läuft", "running"),
        ("Delayed", "delayed"),
        ("Verzögert", "delayed"),
        ("done", "completed"),
        ("erledigt", "completed"),
        ("canceled", "cancelled"),
        ("Abgebrochen", "cancelled"),
        ("not_started", "planned"),
    ],
)
def test_status_words_in_english_and_german(word, status):
    assert bulk.status_of(word) == status


@pytest.mark.parametrize(
    "value",
    ["31.02.2026", "2026-02-30", "2026-13-01", "1.1.26", "03/01/2026", "soon", "0026-01-01"],
)
def test_impossible_dates(value):
    result = plan(f"id,start\n13,{value}\n")
    assert codes(result) == [(2, "start", "bad_date")]


def test_end_before_start_within_the_row_and_against_the_measure():
    result = plan(
        "id,start,end\n"
        "13,2026-05-01,2026-04-30\n"  # both in the row
        "11,,2025-12-31\n"  # the measure starts 2026-01-01
        "12,2027-07-01,\n"  # the measure ends 2027-06-30
    )
    assert codes(result) == [
        (2, "end", "end_before_start"),
        (3, "end", "end_before_start"),
        (4, "start", "end_before_start"),
    ]
    assert plan("id,start,end\n13,2026-05-01,2026-05-01\n").all_valid  # one day is fine


@pytest.mark.parametrize(
    "value", ["abc", "-500", "1.234,567", "12,34,5", "1e3", "1000000000000", "12.345.6"]
)
def test_budget_not_a_number(value):
    result = plan(f'id,budget\n13,"{value}"\n')
    assert codes(result) == [(2, "budget", "bad_budget")]


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1.234,50", "1234.50"),
        ("1234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1234.5", "1234.5"),
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("12 000 €", "12000"),
        ("EUR 250", "250"),
        ("0", "0"),
    ],
)
def test_budget_numbers(value, amount):
    result = plan(f'id,budget\n13,"{value}"\n')
    assert result.rows[0].changes == {"budget": (None, Decimal(amount))}


def test_a_budget_equal_in_value_is_no_change():
    assert plan("id,budget\n11,5000\n").rows[0].unchanged


def test_a_file_of_another_municipality_is_refused_as_a_whole():
    result = plan("AGS,id,progress\n05362032,11,10\n05315000,12,60\n")
    assert codes(result) == [(3, "municipality", "other_municipality")]
    assert result.refused == "other_municipality"
    assert result.valid_rows == [] and result.changed_rows == []
    assert not result.all_valid
    # The same key written without its leading zero is the same municipality.
    assert plan("Gemeinde,id,progress\n5362032,11,10\n").all_valid


def test_formulas_are_refused_in_values_and_kept_as_text_in_a_note():
    result = plan(
        "id,status,progress,budget,note\n"
        '11,=A1,"=1+1",@SUM(A1),=HYPERLINK("http://example.org")\n'
        "12,,,,'=2+2\n"
    )
    assert codes(result) == [
        (2, "status", "formula"),
        (2, "progress", "formula"),
        (2, "budget", "formula"),
    ]
    assert result.rows[0].note == '=HYPERLINK("http://example.org")'
    assert result.rows[1].note == "=2+2"  # our own export's quote taken off


def test_a_long_note_is_refused():
    result = plan("id,note\n11," + "x" * 2001 + "\n")
    assert codes(result) == [(2, "note", "too_long")]
    assert result.problems[0].params == {"limit": 2000}


def test_all_problems_of_a_row_are_reported_in_column_order():
    result = plan("note,end,start,budget,progress,status,id,AGS\n,x,y,z,200,maybe,99,09162000\n")
    assert [problem.code for problem in result.problems] == [
        "other_municipality",
        "unknown_measure",
        "bad_status",
        "bad_progress",
        "bad_date",
        "bad_date",
        "bad_budget",
    ]


# --- bad files ---


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\n;;\n", "empty"),
        (b"<!DOCTYPE html><html><body>Log in</body></html>", "html_page"),
        (b"status,progress\nrunning,10\n", "no_id_column"),
        (b"id,Fortschritt,progress\n11,1,2\n", "repeated_column"),
        (b"id,status\n", "no_rows"),
        (b"id,title\n,Only a heading\n", "no_rows"),
        (b"PK\x03\x04 not really a workbook", "not_a_table"),
        (b"\x00\x01\x02\x03" * 10, "not_a_table"),
    ],
)
def test_files_refused_as_a_whole(data, code):
    with pytest.raises(BulkFileError) as error:
        bulk.bulk_plan(data, "update.csv", known=KNOWN, ags=AGS)
    assert error.value.code == code


def test_a_too_large_file_is_refused(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_BYTES", 100)
    with pytest.raises(BulkFileError) as error:
        plan("id,note\n" + "11,x\n" * 50)
    assert error.value.code == "too_large"


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 3)
    with pytest.raises(BulkFileError) as error:
        plan("id,note\n" + "11,x\n" * 5)
    assert (error.value.code, error.value.params) == ("too_many_rows", {"limit": 3})


def test_a_repeated_column_names_the_column():
    with pytest.raises(BulkFileError) as error:
        plan("ID,Beginn,Start\n11,,\n")
    assert error.value.params == {"column": "start"}


# --- properties ---

statuses = st.sampled_from(["planned", "running", "delayed", "completed", "cancelled"])
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@st.composite
def measures(draw):
    ids = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=8, unique=True))
    result = []
    for measure_id in ids:
        start = draw(st.none() | days)
        end = draw(st.none() | days.filter(lambda day, s=start: s is None or day >= s))
        result.append(
            MeasureState(
                measure_id,
                draw(statuses),
                draw(st.integers(0, 100)),
                start,
                end,
                draw(st.none() | amounts),
                draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)),
            )
        )
    return result


@settings(max_examples=60, deadline=None)
@given(measures(), st.sampled_from(["en", "de"]), st.booleans())
def test_any_template_reads_back_unchanged(items, language, as_xlsx):
    known = {measure.id: measure for measure in items}
    rows = bulk.bulk_template_rows(items, ags=AGS, language=language)
    if as_xlsx:
        data, name = spreadsheets.xlsx_bytes([("Measures", rows[0], rows[1:])]), "m.xlsx"
    else:
        data, name = spreadsheets.csv_bytes(rows[0], rows[1:]), "m.csv"
    result = bulk.bulk_plan(data, name, known=known, ags=AGS)
    assert result.all_valid, codes(result)
    assert all(row.unchanged for row in result.rows)
    assert [row.measure_id for row in result.rows] == [measure.id for measure in items]


@given(amounts)
def test_amounts_read_back_in_every_notation(amount):
    plain = f"{amount:.2f}"
    german = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    english = f"{amount:,.2f}"
    for text in (plain, german, english, plain.replace(".", ",")):
        assert bulk.amount_parsed(text) == amount, text


@given(st.text(max_size=20))
def test_parsers_never_fail(text):
    bulk.progress_parsed(text)
    bulk.date_parsed(text)
    bulk.amount_parsed(text)
    bulk.amount_parsed(text, workbook=True)
    bulk.status_of(text)
    bulk.column_of(text)


def test_every_status_has_words_and_a_template_word():
    for status in ("planned", "running", "delayed", "completed", "cancelled"):
        assert bulk.status_of(status) == status
        assert bulk.status_of(bulk.TEMPLATE_STATUS["de"][status]) == status


def test_a_workbook_formula_is_never_run_only_its_saved_value_read():
    # openpyxl saves no computed value: the cell reads empty and changes nothing.
    data = xlsx([["id", "progress", "note"], [11, "=20+30", "=HYPERLINK(A1)"]])
    result = plan(data, filename="update.xlsx")
    assert result.rows[0].unchanged


def test_a_title_above_the_header_is_passed_over():
    result = plan("Maßnahmen der Stadt Kerpen (Stand März 2026)\n\nID;Fortschritt\n11;15\n")
    assert result.rows[0].line == 4
    assert result.rows[0].changes == {"progress": (0, 15)}


def test_a_status_already_set_keeps_the_progress_reported_before():
    odd = {11: MeasureState(11, "planned", 5)}
    assert plan("id,status\n11,planned\n", known=odd).rows[0].unchanged
