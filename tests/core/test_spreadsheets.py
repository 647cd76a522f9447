"""Spreadsheet cells that no spreadsheet program runs as a formula (CSV and XLSX)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from cohesion.core.spreadsheets import cell_neutralised, sheet_row_append


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 2237", "'+49 2237"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
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
