"""Cells for the spreadsheets Cohesion writes (CSV and XLSX), safe to open in Excel or Calc.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(and a leading tab or carriage return can hide such a start), so text a participant typed could
call other programs or send the sheet's data away when an organiser opens the export ("CSV
injection"). As OWASP advises, such text gets a single quote in front: the program then shows
it as text. Only text is touched: numbers stay numbers, so a vote of -1 is still -1.
"""

from collections.abc import Iterable

from openpyxl.cell.cell import TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_neutralised(value):
    """The value as a cell that no spreadsheet program runs: text starting like a formula
    gets a leading single quote; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
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
