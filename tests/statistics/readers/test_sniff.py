"""Choosing the reader: every real format, the bad inputs, and bytes that are no format at all."""

import contextlib
import csv
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import StatisticsFileError
from cohesion.statistics.readers.sniff import detect_format, read_statistics_file
from cohesion.statistics.readers.tidy import read_tidy
from tests.paths import DATASETS as SHARED_DATASETS
from tests.statistics.readers.test_ffcsv import zensus_ffcsv, zipped
from tests.statistics.readers.test_tidy import ZENSUS, ZENSUS_BW, mutate, niedersachsen
from tests.statistics.readers.test_xlsx import EXTRACT, extract_xlsx

# The real files of ../shared throughout (see tests/conftest.py for what happens without them).
pytestmark = pytest.mark.shared_data

DATASETS = SHARED_DATASETS / "de"
GV100AD = DATASETS / "gv100ad" / "GV100AD_30112025.txt"
NIEDERSACHSEN_1_1_1 = DATASETS / "integrationsmonitoring_niedersachsen" / "indicator_1-1-1.csv"
HTML = b"<!DOCTYPE html>\n<html><head><title>Sitzung abgelaufen</title></head><body></body></html>"


def gv100ad_head() -> bytes:
    with GV100AD.open("rb") as fh:
        return b"".join(fh.readline() for _ in range(20))


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zensus_xlsx() -> bytes:
    lines = ZENSUS_BW.read_text(encoding="utf-8").splitlines()[:30]
    return workbook(list(csv.reader(lines)))


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: zensus_ffcsv(), "ffcsv"),
        (lambda: zipped("1000A_de_flat.csv", zensus_ffcsv()), "ffcsv"),
        (lambda: EXTRACT.read_bytes(), "genesis-table"),
        (lambda: EXTRACT.read_text(encoding="utf-8").encode("cp1252"), "genesis-table"),
        (lambda: b"12411-01-01-4;;;\nBev\xf6lkerung nach Geschlecht;;;\n", "genesis-table"),
        (lambda: b"GENESIS-Tabelle: 21341-0001;;\n", "genesis-table"),
        (lambda: extract_xlsx(), "xlsx"),
        (lambda: ZENSUS_BW.read_bytes(), "tidy"),
        (lambda: NIEDERSACHSEN_1_1_1.read_bytes(), "tidy"),
        (lambda: zipped("daten.csv", ZENSUS_BW.read_bytes()), "tidy"),
        (lambda: zensus_xlsx(), "tidy"),
        (lambda: gv100ad_head(), "gv100ad"),
        (lambda: GV100AD.read_text(encoding="utf-8")[:5000].encode("latin-1"), "gv100ad"),
        (lambda: HTML, "unknown"),
        (lambda: b"", "unknown"),
        (lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "unknown"),
        (lambda: b"just one line of prose", "unknown"),
        (lambda: zipped("readme.txt", b"hello"), "unknown"),
    ],
)
def test_detect_format(make, expected):
    assert detect_format(make()) == expected


def error(data: bytes, **kwargs) -> StatisticsFileError:
    with pytest.raises(StatisticsFileError) as info:
        read_statistics_file(data, **kwargs)
    return info.value


def test_reads_flat_files_plain_and_zipped():
    plain = read_statistics_file(zensus_ffcsv(), filename="1000A_de_flat.csv")
    assert plain.format == "ffcsv"
    assert read_statistics_file(zipped("1000A_de_flat.csv", zensus_ffcsv())) == plain


def test_flat_file_ignores_a_mapping():
    assert read_statistics_file(zensus_ffcsv(), mapping=ZENSUS).format == "ffcsv"


def test_reads_tidy_files_with_a_mapping():
    parsed = read_statistics_file(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    assert parsed == read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    zipped_csv = zipped("zensus.csv", ZENSUS_BW.read_bytes())
    assert read_statistics_file(zipped_csv, mapping=ZENSUS).observations == parsed.observations
    niedersachsen_file = read_statistics_file(
        NIEDERSACHSEN_1_1_1.read_bytes(), mapping=niedersachsen("1.1.1")
    )
    assert niedersachsen_file.format == "tidy"


def test_tidy_xlsx_needs_a_mapping():
    data = zensus_xlsx()
    exc = error(data)
    assert exc.code == "bad_mapping"
    assert "mapping" in exc.message
    parsed = read_statistics_file(data, mapping=ZENSUS)
    assert parsed.format == "tidy"
    assert parsed.observations[0].value == 610458


def test_tidy_csv_without_a_mapping_is_an_unknown_layout_that_asks_for_one():
    exc = error(ZENSUS_BW.read_bytes())
    assert exc.code == "unknown_layout"
    assert exc.params["needs_mapping"] is True
    exc = error(b"just one line of prose")
    assert (exc.code, exc.params["needs_mapping"]) == ("unknown_layout", False)


def test_gv100ad_points_to_its_command():
    exc = error(gv100ad_head())
    assert exc.code == "unknown_layout"
    assert "cohesion import-gv100ad" in exc.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (HTML, "html_page"),
        (b"\n\n   <html><body>Fehler 500</body></html>", "html_page"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "unknown_layout"),
        (zipped("tabelle.xlsx", b"x"), "zip_without_csv"),
        (zipped("a.csv", b"a;b\n1;2"), "unknown_layout"),
        (b"ags;wert\n08111000;1\n\x81", "encoding"),
        ("ags;wert\n08111000;1\n".encode("utf-16-le"), "encoding"),
    ],
)
def test_bad_input(data, code):
    assert error(data).code == code


def test_opendocument_spreadsheet_gets_a_hint():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # ODF puts an uncompressed "mimetype" member first.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    exc = error(buffer.getvalue(), filename="daten.ods")
    assert exc.code == "unknown_layout"
    assert ".ods" in exc.message


def test_html_page_saved_as_csv_even_with_a_mapping():
    assert error(HTML, filename="12521-0041.csv", mapping=ZENSUS).code == "html_page"


def test_truncated_flat_file():
    data = zensus_ffcsv()
    assert error(data[:-25]).code == "truncated"


def test_mapping_naming_a_missing_column():
    mapping = niedersachsen("1.1.1", region_name="Kreis")
    exc = error(NIEDERSACHSEN_1_1_1.read_bytes(), mapping=mapping)
    assert (exc.code, exc.column) == ("bad_mapping", "Kreis")


def test_too_large():
    data = zensus_ffcsv()
    assert error(data, max_bytes=len(data) - 1).code == "too_large"
    assert read_statistics_file(data, max_bytes=len(data)).format == "ffcsv"
    assert error(zipped("t_de_flat.csv", data), max_bytes=len(data) - 1).code == "too_large"


# --- through read_genesis_table (another module) -----------------------------------------------


def test_reads_classic_csv_genesis_table():
    parsed = read_statistics_file(EXTRACT.read_bytes())
    assert (parsed.format, parsed.table_code) == ("genesis-table", "12521-0041")


@pytest.mark.parametrize(
    ("first_cell", "code"),
    [
        ("12521-0041", "12521-0041"),
        ("12211-Z-10", "12211-Z-10"),
        ("AI003-2", "AI003-2"),
        ("12411-01-01-4", "12411-01-01-4"),
        ("Tabelle: 12211-Z-10", "12211-Z-10"),
        ("GENESIS-Tabelle: AI003-2", "AI003-2"),
        ("GENESIS-Tabelle: Temporär", ""),
    ],
)
def test_bare_and_labelled_table_ids_are_classic_tables(first_cell, code):
    data = EXTRACT.read_text(encoding="utf-8").replace("Tabelle: 12521-0041", first_cell, 1)
    assert detect_format(data.encode("cp1252")) == "genesis-table"
    parsed = read_statistics_file(data.encode("utf-8"))
    assert (parsed.format, parsed.table_code) == ("genesis-table", code)


def test_a_bad_table_id_gets_the_table_readers_message():
    data = EXTRACT.read_text(encoding="utf-8").replace("12521-0041", "1221-0041", 1).encode()
    exc = error(data)
    assert (exc.code, exc.line) == ("unknown_layout", 1)
    assert "names no GENESIS table" in exc.message


def test_reads_genesis_xlsx_through_genesis_table():
    parsed = read_statistics_file(extract_xlsx(), filename="12521-0041.xlsx")
    assert (parsed.format, parsed.table_code) == ("xlsx", "12521-0041")


def test_genesis_xlsx_with_a_bare_table_id():
    book = openpyxl.load_workbook(io.BytesIO(extract_xlsx()))
    book.active["A1"] = "12211-Z-10"
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = read_statistics_file(buffer.getvalue())
    assert (parsed.format, parsed.table_code) == ("xlsx", "12211-Z-10")


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_raise_only_statistics_file_errors(data):
    assert detect_format(data) in {"genesis-table", "ffcsv", "tidy", "xlsx", "gv100ad", "unknown"}
    if detect_format(data) == "genesis-table":
        return  # another module's reader; covered by its own tests
    for mapping in (None, ZENSUS):
        with contextlib.suppress(StatisticsFileError):
            read_statistics_file(data, mapping=mapping)


edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=8,
)
SAMPLES = (
    {
        "ffcsv": zensus_ffcsv()[:5000],
        "ffcsv.zip": zipped("t_de_flat.csv", zensus_ffcsv()[:5000]),
        "zensus": ZENSUS_BW.read_bytes()[:5000],
        "gv100ad": gv100ad_head(),
    }
    if ZENSUS_BW.exists()
    else {}  # without ../shared: the module is skipped
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, sample=st.sampled_from(sorted(SAMPLES)), with_mapping=st.booleans())
def test_mutated_real_files_raise_only_statistics_file_errors(edits, sample, with_mapping):
    data = mutate(SAMPLES[sample], edits)
    if detect_format(data) == "genesis-table":
        return
    with contextlib.suppress(StatisticsFileError):
        read_statistics_file(data, mapping=ZENSUS if with_mapping else None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits)
def test_mutated_classic_csv_genesis_table_raises_only_statistics_file_errors(edits):
    with contextlib.suppress(StatisticsFileError):
        read_statistics_file(mutate(EXTRACT.read_bytes(), edits))
