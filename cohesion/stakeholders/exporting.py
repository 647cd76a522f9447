"""The stakeholder list as CSV or XLSX, in the import's own layout (reading.HEADER), every text
cell neutralised so that no spreadsheet program runs it as a formula. No Django here."""

import datetime

from cohesion.core import spreadsheets


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


def _text_rows(columns: list[str], records: list[dict]):
    # Every cell as text: a phone number or a score round-trips exactly.
    return ([str(cell) for cell in row] for row in table(columns, records))


def csv_bytes(columns: list[str], records: list[dict]) -> bytes:
    """UTF-8 with a BOM (so that Excel shows umlauts and Arabic), comma-separated."""
    return spreadsheets.csv_bytes(columns, _text_rows(columns, records))


def xlsx_bytes(columns: list[str], records: list[dict], *, title: str = "stakeholders") -> bytes:
    return spreadsheets.xlsx_bytes([(title, columns, _text_rows(columns, records))])
