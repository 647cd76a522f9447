"""Spreadsheet cells that no spreadsheet program runs as a formula (CSV and XLSX)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from cohesion.core.spreadsheets import cell_neutralised, csv_bytes, sheet_row_append, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 2237", "'+49 2237"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=", "''="),  # looks neutralised already: one more quote, taken off again on import
        ("'abc", "'abc"),
        ("Mehr Sprachkurse = mehr Teilhabe", "Mehr Sprachkurse = mehr Teilhabe"),
        ("", ""),
        (-1, -1),  # numbers stay numbers
        (2.5, 2.5),
        (None, None),
    ],
)
def test_text_starting_like_a_formula_gets_a_quote(value, expected):
    assert cell_neutralised(value) == expected


def test_an_xlsx_row_holds_text_never_a_formula():
    workbook = Workbook()
    sheet = workbook.active
    sheet_row_append(sheet, ["=1+1", "@A1", -3, "plain"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert [cell.value for cell in cells] == ["'=1+1", "'@A1", -3, "plain"]
    assert [cell.data_type for cell in cells] == ["s", "s", "n", "s"]


def test_csv_bytes_has_a_bom_crlf_and_neutralised_cells():
    data = csv_bytes(["name", "=x"], [["Ayşe", "=1+1"], [-1, None]])
    assert data == "\ufeffname,'=x\r\nAyşe,'=1+1\r\n-1,\r\n".encode()


def test_xlsx_bytes_writes_each_sheet_with_a_bold_frozen_header():
    data = xlsx_bytes([("first", ["name", "votes"], [["=cmd", -1]]), ("a" * 40, ["only"], [])])
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["first", "a" * 31]
    sheet = workbook["first"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["name", "votes"],
        ["'=cmd", -1],
    ]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["A2"].data_type == "s"
    assert workbook.properties.creator == "cohesion"
