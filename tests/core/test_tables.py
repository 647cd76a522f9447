"""Reading uploaded tables: whatever a spreadsheet program saves reads back as it was written;
what is too large, too long or no table at all is refused with its code."""

import datetime
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cohesion.core import tables
from cohesion.core.tables import TableError, table_rows

MB = 1024 * 1024

# Column names as people write them; the delimiter is sniffed from this first record.
_name = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCXYZ0123456789 _-", min_size=1, max_size=12
).filter(str.strip)
_any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=20,
)
# Text Windows-1252 holds, and whose bytes no UTF-8 decoder would take for its own.
_cp1252_text = st.text(alphabet=st.sampled_from([*map(chr, range(32, 127)), *"äöüÄÖÜßé\t\n\r"]))


@st.composite
def _tables(draw, cell):
    width = draw(st.integers(2, 5))
    header = draw(st.lists(_name, min_size=width, max_size=width))
    body = draw(
        st.lists(
            st.lists(cell, min_size=width, max_size=width).filter(
                lambda row: any(value.strip() for value in row)
            ),
            max_size=8,
        )
    )
    return [header, *body]


def _csv(table, *, delimiter: str, lineterminator: str) -> str:
    """The table as a spreadsheet program writes it: a cell quoted where it holds the
    delimiter, a quote or a line break (Python's own writer leaves a lone CR unquoted when
    lines end in LF, which no reader could take back)."""

    def cell(value: str) -> str:
        if any(char in value for char in (delimiter, '"', "\r", "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(map(cell, row)) + lineterminator for row in table)


def _read(data: bytes, **bounds) -> list[list[str]]:
    rows = table_rows(data, **({"max_bytes": MB, "max_rows": 100} | bounds))
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    return [row.cells for row in rows]


_layout = {
    "delimiter": st.sampled_from([",", ";", "\t"]),
    "lineterminator": st.sampled_from(["\r\n", "\n"]),
}


@settings(deadline=None)
@given(table=_tables(_any_text), bom=st.booleans(), **_layout)
def test_any_utf8_table_reads_back_with_or_without_bom(table, bom, delimiter, lineterminator):
    data = _csv(table, delimiter=delimiter, lineterminator=lineterminator).encode()
    assert _read(b"\xef\xbb\xbf" + data if bom else data) == table


@settings(deadline=None)
@given(table=_tables(_any_text), **_layout)
def test_any_utf16_table_reads_back(table, delimiter, lineterminator):
    # Excel's "Unicode text" is UTF-16 with its byte order mark (Python writes it too).
    data = _csv(table, delimiter=delimiter, lineterminator=lineterminator).encode("utf-16")
    assert _read(data) == table


@settings(deadline=None)
@given(table=_tables(_cp1252_text), **_layout)
def test_any_windows_1252_table_reads_back(table, delimiter, lineterminator):
    data = _csv(table, delimiter=delimiter, lineterminator=lineterminator).encode("cp1252")
    assert _read(data) == table


def test_a_quoted_header_holding_other_delimiters_keeps_its_own():
    data = b'"a;b;c","d\nd",e\n1,2,3\n'
    assert _read(data) == [["a;b;c", "d\nd", "e"], ["1", "2", "3"]]


def test_blank_rows_are_left_out_but_keep_the_numbering():
    rows = table_rows(b"a,b\n\n , \n1,2\n\n", max_bytes=MB, max_rows=10)
    assert [(row.number, row.cells) for row in rows] == [(1, ["a", "b"]), (4, ["1", "2"])]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_workbooks_cells_read_as_a_csv_would_hold_them():
    data = _xlsx(
        [
            ["name", "count", "share", "day", "yes"],
            ["Ayşe", 3, 2.5, datetime.date(2026, 3, 1), True],
            ["Köln", 4.0, None, datetime.datetime(2026, 3, 2, 10, 30), False],
        ]
    )
    assert _read(data, max_columns=5) == [
        ["name", "count", "share", "day", "yes"],
        ["Ayşe", "3", "2.5", "2026-03-01", "yes"],
        ["Köln", "4", "", "2026-03-02", "no"],
    ]
    # A workbook's rows are as wide as the columns asked for: no sheet sets the width.
    assert _read(data, max_columns=7)[0] == ["name", "count", "share", "day", "yes", "", ""]
    assert _read(data, max_columns=2)[1] == ["Ayşe", "3"]


@pytest.mark.parametrize(
    ("data", "bounds", "code", "params"),
    [
        (b"a,b\n" + b"x" * MB, {}, "too_large", {"limit_mb": 1}),
        (b"a,b\n" + b"1,2\n" * 11, {"max_rows": 10}, "too_many_rows", {"limit": 10}),
        (
            b"a,b\n1," + b"x" * 51 + b"\n",
            {"max_cell": 50},
            "cell_too_long",
            {"limit": 50, "row": 2},
        ),
        (b"", {}, "empty", {}),
        (b" \r\n;;\r\n", {}, "empty", {}),
        (b"\x00\x01\x02" * 10, {}, "not_a_table", {}),
        (b"PK\x03\x04 not a workbook", {}, "not_a_table", {}),
        ("a,b\nä,ö\n".encode("cp1252"), {"encodings": ("utf-8",)}, "encoding", {}),
        (b"a,b\n\x81\x8d\x90,1\n", {}, "encoding", {}),
        ("a,b\n1,2\n".encode("utf-16"), {"encodings": ("utf-8",)}, "encoding", {}),
        ("a,b\n1,2\n".encode("utf-16-le"), {}, "not_a_table", {}),
    ],
)
def test_what_is_no_readable_table_or_too_much_is_refused(data, bounds, code, params):
    with pytest.raises(TableError) as raised:
        table_rows(data, **({"max_bytes": MB, "max_rows": 100} | bounds))
    assert (raised.value.code, raised.value.params) == (code, params)


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><body>Session expired</body></html>",
        b"\xef\xbb\xbf\n  <html lang='de'><head><title>Anmeldung</title></head></html>",
        "<?xml version='1.0'?><html/>".encode("utf-16"),
    ],
)
def test_a_web_page_saved_instead_of_the_table_is_refused(page):
    with pytest.raises(TableError) as raised:
        table_rows(page, max_bytes=MB, max_rows=100)
    assert raised.value.code == "html_page"


def test_a_workbook_unpacking_to_far_more_than_allowed_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (tables.UNPACK_FACTOR * MB + 1))
    with pytest.raises(TableError) as raised:
        table_rows(out.getvalue(), max_bytes=MB, max_rows=100)
    assert (raised.value.code, raised.value.params) == ("too_large", {"limit_mb": 1})


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TableError) as raised:
        table_rows(out.getvalue(), max_bytes=MB, max_rows=100)
    assert raised.value.code == "not_a_table"


def test_a_workbook_beyond_the_row_bound_is_refused():
    data = _xlsx([["a", "b"], *([1, 2] for _ in range(11))])
    with pytest.raises(TableError) as raised:
        table_rows(data, max_bytes=MB, max_rows=10)
    assert raised.value.code == "too_many_rows"


def test_a_broken_csv_record_names_its_row():
    # A field beyond the csv module's own limit (128 KiB) is no table's cell.
    data = b'a,b\n1,2\n3,"' + b"x" * (200 * 1024) + b'"\n'
    with pytest.raises(TableError) as raised:
        table_rows(data, max_bytes=MB, max_rows=100)
    assert raised.value.code == "not_a_table" and raised.value.params["row"] == 3
