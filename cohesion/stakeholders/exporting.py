"""The stakeholder list as CSV or XLSX, in the import's own layout (reading.HEADER), every text
cell neutralised so that no spreadsheet program runs it as a formula. No Django here."""

import csv
import datetime
import io

import openpyxl

from cohesion.core.spreadsheets import row_neutralised, sheet_row_append


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def table(columns: list[str], records: list[dict]) -> list[list]:
    return [[_cell(record.get(column)) for column in columns] for record in records]


def csv_bytes(columns: list[str], records: list[dict]) -> bytes:
    """UTF-8 with a BOM (so that Excel shows umlauts and Arabic), comma-separated."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in table(columns, records):
        writer.writerow(row_neutralised(str(cell) for cell in row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(columns: list[str], records: list[dict], *, title: str = "stakeholders") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet_row_append(sheet, columns)
    for row in table(columns, records):
        # Every cell as text: a phone number or a score round-trips exactly.
        sheet_row_append(sheet, [str(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
