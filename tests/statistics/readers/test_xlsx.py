"""GENESIS tables downloaded as XLSX, built here from the real 12521-0041 CSV extract.

Tests whose name contains "genesis_table" go through ``read_genesis_table`` (another module); the
converter tests do not.
"""

import contextlib
import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from functools import cache

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import StatisticsFileError
from cohesion.statistics.readers.xlsx import (
    german_text,
    is_xlsx,
    looks_like_genesis_xlsx,
    plain_text,
    read_genesis_xlsx,
    xlsx_to_genesis_csv,
)
from tests.paths import DATASETS as SHARED_DATASETS

# The real files of ../shared throughout (see tests/conftest.py for what happens without them).
pytestmark = pytest.mark.shared_data

EXTRACT = (
    SHARED_DATASETS
    / "de"
    / "regionalstatistik"
    / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
)


def extract_records() -> list[list[str]]:
    with EXTRACT.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def _typed(cell: str, dates: bool):
    """What Excel would hold: counts as numbers, keys with a leading zero as text."""
    if re.fullmatch(r"[1-9]\d*", cell):
        return int(cell)
    if dates and re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", cell):
        day, month, year = map(int, cell.split("."))
        return datetime.datetime(year, month, day)
    return cell or None


def extract_xlsx(*, dates: bool = False, blank_row_after: int | None = None) -> bytes:
    """One worksheet cell per CSV cell of the extract (the footnote is one multi-line cell)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "12521-0041"
    for number, record in enumerate(extract_records(), start=1):
        sheet.append([_typed(cell, dates) for cell in record])
        if number == blank_row_after:
            sheet.append([])
    workbook.create_sheet("Hinweise").append(["Zeichenerklärung"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_recognised_as_genesis_xlsx():
    data = extract_xlsx()
    assert is_xlsx(data)
    assert looks_like_genesis_xlsx(data)
    assert not is_xlsx(EXTRACT.read_bytes())


@pytest.mark.parametrize("dates", [False, True])
def test_converter_writes_the_classic_csv(dates):
    text, line_rows = xlsx_to_genesis_csv(extract_xlsx(dates=dates))
    original = EXTRACT.read_text(encoding="utf-8")
    # Title lines padded with ";" in the download come back as a single field.
    expected = re.sub(r"(?m)^([^;\n]+);+$", r"\1", original)
    assert text.decode("utf-8") == expected
    assert len(line_rows) == original.count("\n")
    footnote_lines = original.split("__________\n")[1].split("\n©")[0].count("\n") + 1
    assert line_rows[:212] == list(range(1, 213))
    assert line_rows[212 : 212 + footnote_lines] == [213] * footnote_lines
    assert line_rows[-2:] == [214, 215]


def test_converter_maps_lines_to_rows_around_blank_rows():
    text, line_rows = xlsx_to_genesis_csv(extract_xlsx(blank_row_after=6))
    assert text == xlsx_to_genesis_csv(extract_xlsx())[0]
    assert line_rows[5:8] == [6, 8, 9]


@pytest.mark.parametrize(
    ("value", "german", "plain"),
    [
        (None, "", ""),
        (15755, "15755", "15755"),
        (35752.5, "35752,5", "35752.5"),
        (108.84, "108,84", "108.84"),
        (5.0, "5", "5"),
        (1e-7, "0,0000001", "0.0000001"),
        (-2.25, "-2,25", "-2.25"),
        (Decimal("1.50"), "1,5", "1.5"),
        (datetime.datetime(2025, 12, 31), "31.12.2025", "2025-12-31"),
        (
            datetime.datetime(2026, 9, 25, 11, 47, 11),
            "25.09.2026 / 11:47:11",
            "2026-09-25 11:47:11",
        ),
        (datetime.date(2022, 5, 15), "15.05.2022", "2022-05-15"),
        ("Tabelle: 12521-0041", "Tabelle: 12521-0041", "Tabelle: 12521-0041"),
        ("a\r\nb", "a\nb", "a\r\nb"),
    ],
)
def test_cell_formatting(value, german, plain):
    assert german_text(value) == german
    assert plain_text(value) == plain


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def error(data: bytes, **kwargs) -> StatisticsFileError:
    with pytest.raises(StatisticsFileError) as info:
        read_genesis_xlsx(data, **kwargs)
    return info.value


def test_not_a_workbook():
    assert error(EXTRACT.read_bytes()).code == "unknown_layout"
    assert error(zipped(("table.csv", b"a;b"))).code == "unknown_layout"
    assert error(b"").code == "unknown_layout"


def test_damaged_workbook():
    data = extract_xlsx()
    assert error(data[: len(data) // 2]).code == "truncated"
    broken = zipped(("xl/workbook.xml", b"<workbook"), ("[Content_Types].xml", b"<Types/>"))
    assert error(broken).code == "unknown_layout"


def test_empty_worksheet():
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert error(buffer.getvalue()).code == "empty"


def test_too_large():
    data = extract_xlsx()
    assert error(data, max_bytes=1000).code == "too_large"
    assert error(data, max_bytes=len(data) // 30).code == "too_large"


# --- end to end through read_genesis_table -----------------------------------------------------


def test_xlsx_reads_like_the_csv_genesis_table():
    from cohesion.statistics.readers.genesis_table import read_genesis_table

    from_csv = read_genesis_table(EXTRACT.read_bytes())
    from_xlsx = read_genesis_xlsx(extract_xlsx(dates=True))
    assert from_xlsx.format == "xlsx"
    assert from_csv.format == "genesis-table"
    for field in ("table_code", "title", "stand", "source", "licence", "footnotes"):
        assert getattr(from_xlsx, field) == getattr(from_csv, field), field
    assert from_xlsx.observations == from_csv.observations
    assert from_xlsx.problems == from_csv.problems

    solingen = {
        dict(o.dimensions)["Geschlecht"]: o.value
        for o in from_xlsx.observations
        if o.region_key == "05122"
        and dict(o.dimensions)["Ländergruppierungen/Staatsangehörigkeit"] == "Insgesamt"
    }
    assert solingen == {"männlich": 15755, "weiblich": 15250, "Insgesamt": 31005}


def test_lines_are_worksheet_rows_genesis_table():
    from cohesion.statistics.readers.genesis_table import read_genesis_table

    from_csv = read_genesis_table(EXTRACT.read_bytes())
    from_xlsx = read_genesis_xlsx(extract_xlsx(blank_row_after=6))
    shifted = [
        o._replace(line=o.line + 1 if o.line >= 7 else o.line) for o in from_csv.observations
    ]
    assert from_xlsx.observations == shifted
    assert next(iter(from_xlsx.observations)).line == 8


def test_errors_name_the_worksheet_row_genesis_table():
    workbook = openpyxl.load_workbook(io.BytesIO(extract_xlsx(blank_row_after=6)))
    sheet = workbook.active
    assert sheet["B10"].value == "05122"
    sheet["E10"] = "zwölf"
    buffer = io.BytesIO()
    workbook.save(buffer)
    exc = error(buffer.getvalue())
    assert (exc.code, exc.line) == ("bad_number", 10)


# --- properties -------------------------------------------------------------------------------

edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=6,
)


def mutate(data: bytes, edits) -> bytes:
    buffer = bytearray(data)
    for kind, position, byte in edits:
        at = position % (len(buffer) + 1)
        if kind == "flip" and buffer:
            buffer[at % len(buffer)] = byte
        elif kind == "insert":
            buffer[at:at] = bytes([byte])
        elif kind == "delete":
            del buffer[at : at + 1]
        else:
            del buffer[at:]
    return bytes(buffer)


@cache
def small_members() -> dict[str, bytes]:
    """The parts of a workbook holding the extract's header, Solingen block and footer."""
    workbook = openpyxl.Workbook()
    for record in extract_records()[:20] + extract_records()[-4:]:
        workbook.active.append([_typed(cell, False) for cell in record])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def workbook_with(edits, part: str | None) -> bytes:
    """The small workbook with one XML part mutated (a valid ZIP), or the ZIP bytes mutated."""
    members = dict(small_members())
    if part is not None:
        members[part] = mutate(members[part], edits)
    data = zipped(*members.items())
    return data if part is not None else mutate(data, edits)


parts = st.sampled_from(
    [
        None,
        "xl/worksheets/sheet1.xml",
        "xl/workbook.xml",
        "xl/styles.xml",
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
    ]
)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_statistics_file_errors(data):
    with contextlib.suppress(StatisticsFileError):
        xlsx_to_genesis_csv(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, part=parts)
def test_mutated_workbook_converter_raises_only_statistics_file_errors(edits, part):
    with contextlib.suppress(StatisticsFileError):
        xlsx_to_genesis_csv(workbook_with(edits, part))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, part=parts)
def test_mutated_workbook_genesis_table_raises_only_statistics_file_errors(edits, part):
    with contextlib.suppress(StatisticsFileError):
        read_genesis_xlsx(workbook_with(edits, part))
