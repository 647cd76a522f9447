"""Cells for the spreadsheets Cohesion writes (CSV and XLSX), safe to open in Excel or Calc.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(and a leading tab or carriage return can hide such a start), so text a participant typed could
call other programs or send the sheet's data away when an organiser opens the export ("CSV
injection"). As OWASP advises, such text gets a single quote in front: the program then shows
it as text. Only text is touched: numbers stay numbers, so a vote of -1 is still -1.
"""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_neutralised(value):
    """The value as a cell that no spreadsheet program runs: text starting like a formula
    gets a leading single quote; numbers, dates and None pass unchanged. Text that already
    starts with a quote before such a character gets one more, so that a reader taking off one
    quote (the stakeholder import) gives back exactly what was written."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_unneutralised(value: str) -> str:
    """A cell of our own export read back as it was typed: the one quote cell_neutralised put in
    front is taken off again."""
    if value[:1] == "'" and value[1:].lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def row_neutralised(values: Iterable) -> list:
    return [cell_neutralised(value) for value in values]


def sheet_row_append(sheet: Worksheet, values: Iterable) -> None:
    """Append a row to an openpyxl sheet with every text cell neutralised and stored as text:
    openpyxl itself takes any string starting with "=" for a formula and would write it so."""
    sheet.append(row_neutralised(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = TYPE_STRING


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """A table as CSV: comma-separated, lines ending in CRLF, UTF-8 with a byte order mark
    (without it Excel reads umlauts and Arabic as Windows-1252), every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(row_neutralised(header))
    for row in rows:
        writer.writerow(row_neutralised(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_header_append(sheet: Worksheet, header: Iterable) -> None:
    """The header row in bold, kept in view when scrolling."""
    sheet_row_append(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def sheet_table_write(sheet: Worksheet, header: Iterable, rows: Iterable[Iterable]) -> None:
    """A plain table on the sheet: the header in row 1, the rows below, every cell neutralised."""
    sheet_header_append(sheet, header)
    for row in rows:
        sheet_row_append(sheet, row)


def workbook_bytes(workbook: Workbook, *, title: str = "") -> bytes:
    workbook.properties.creator = "cohesion"
    if title:
        workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable, Iterable[Iterable]]]) -> bytes:
    """A workbook of ``(title, header, rows)`` sheets, each a plain table (see
    ``sheet_table_write``); titles cut to Excel's 31 characters."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet_table_write(workbook.create_sheet(str(title)[:31]), header, rows)
    return workbook_bytes(workbook)
