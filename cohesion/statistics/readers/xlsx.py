"""Excel workbooks: the GENESIS / Regionaldatenbank table downloaded as XLSX, and the first sheet
as rows for the tidy reader.

A GENESIS XLSX has the layout of the classic table CSV, one cell per field. Rather than parse that
layout a second time, ``read_genesis_xlsx`` writes the first sheet back as the classic CSV
(semicolons, numbers and dates German-style) and hands it to ``read_genesis_table``; lines in
its answer are mapped back to worksheet rows.
"""

import csv
import dataclasses
import datetime
import io
import warnings
from decimal import Decimal

import openpyxl

from cohesion.statistics.readers.base import ParsedFile, ReadChoices, StatisticsFileError
from cohesion.statistics.readers.cells import (
    TABLE_ID_RE,
    ZIP_ERRORS,
    check_size,
    members_check,
    names_a_table,
    open_zip,
    too_large,
)

# An XLSX compresses about tenfold; a sheet unpacking to far more than the upload limit is a
# ZIP bomb, not a statistics table.
UNPACK_FACTOR = 20


def is_xlsx(data: bytes) -> bool:
    if data[:2] != b"PK":
        return False
    try:
        return "xl/workbook.xml" in open_zip(data).namelist()
    except (StatisticsFileError, *ZIP_ERRORS):
        return False


def _open_first_sheet(data: bytes, max_bytes: int | None):
    check_size(data, max_bytes)
    if data[:2] != b"PK":
        raise StatisticsFileError("unknown_layout", "the file is not an Excel workbook (.xlsx)")
    archive = open_zip(data)
    try:
        infos = archive.infolist()
    except ZIP_ERRORS as exc:  # pragma: no cover - open_zip has read the directory already
        raise StatisticsFileError("truncated", f"the Excel file is damaged ({exc})") from exc
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise StatisticsFileError("unknown_layout", "the ZIP archive is not an Excel workbook")
    unpacked = sum(info.file_size for info in infos)
    if max_bytes is not None and unpacked > max_bytes * UNPACK_FACTOR:
        raise too_large(unpacked, max_bytes * UNPACK_FACTOR, "the workbook unpacks to")
    # The stated sizes are the file's word; openpyxl would unpack whatever the members hold.
    members_check(archive, max_bytes=max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise StatisticsFileError(
            "unknown_layout", f"the Excel file cannot be read ({type(exc).__name__}: {exc})"
        ) from exc
    if not workbook.worksheets:
        workbook.close()
        raise StatisticsFileError("unknown_layout", "the Excel file has no worksheet")
    return workbook


def read_first_sheet(
    data: bytes, *, max_bytes: int | None = None, max_rows: int | None = None
) -> list[tuple[int, list]]:
    """The rows of the first worksheet as ``(row number, cell values)``; empty rows included."""
    workbook = _open_first_sheet(data, max_bytes)
    rows: list[tuple[int, list]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet = workbook.worksheets[0]
            # The stored dimension can be wrong, and read-only mode would cut rows to it.
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if max_rows is not None and number > max_rows:
                    break
                rows.append((number, list(values)))
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise StatisticsFileError(
            "unknown_layout", f"the Excel sheet cannot be read ({type(exc).__name__}: {exc})"
        ) from exc
    finally:
        workbook.close()
    return rows


def first_cell(data: bytes, *, max_bytes: int | None = None) -> str:
    """The first non-empty cell of the first row, as text ("" when there is none)."""
    for _, values in read_first_sheet(data, max_bytes=max_bytes, max_rows=1):
        for value in values:
            if value is not None and str(value).strip():
                return str(value).strip()
    return ""


def first_sheet_name(data: bytes, *, max_bytes: int | None = None) -> str:
    """The name of the first worksheet ("" when it cannot be read)."""
    workbook = _open_first_sheet(data, max_bytes)
    try:
        return str(workbook.worksheets[0].title or "")
    finally:
        workbook.close()


def _table_code_of_sheet(name: str) -> str:
    """The Regionaldatenbank names the sheet after the table ("12711-04-02-4")."""
    match = TABLE_ID_RE.fullmatch(name.strip())
    if not match or match.group("rest") or match.group("code").lower() == "temporär":
        return ""
    return match.group("code")


def looks_like_genesis_xlsx(data: bytes, *, max_bytes: int | None = None) -> bool:
    if names_a_table(first_cell(data, max_bytes=max_bytes)):
        return True
    return bool(_table_code_of_sheet(first_sheet_name(data, max_bytes=max_bytes)))


def _plain_decimal(value: float | Decimal) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def german_text(value) -> str:
    """A cell as the classic CSV writes it: ``35752,5``, ``31.12.2025``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _plain_decimal(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y / %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def plain_text(value) -> str:
    """A cell for the tidy reader: decimal point, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _plain_decimal(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def xlsx_to_genesis_csv(data: bytes, *, max_bytes: int | None = None) -> tuple[bytes, list[int]]:
    """The first sheet as classic table CSV (UTF-8), and for each CSV line its worksheet row.

    Empty rows are left out; a row whose only value is in its first cell (title lines, footer)
    becomes a single field, the others are padded to the table's width like the real CSV.
    """
    rows = []
    for number, values in read_first_sheet(data, max_bytes=max_bytes):
        cells = [german_text(value) for value in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            rows.append((number, cells))
    if rows and not names_a_table(rows[0][1][0].strip()):
        # Apache POI exports of the Regionaldatenbank start with the title; the table code is
        # the sheet's name. The reader gets it as the classic first line.
        code = _table_code_of_sheet(first_sheet_name(data, max_bytes=max_bytes))
        if code:
            rows.insert(0, (rows[0][0], [f"Tabelle: {code}"]))
    width = max((len(cells) for _, cells in rows if len(cells) > 1), default=1)
    chunks: list[str] = []
    writer = csv.writer(_Chunks(chunks), delimiter=";", lineterminator="\n")
    line_rows: list[int] = []
    for number, cells in rows:
        if len(cells) > 1:
            cells = cells + [""] * (width - len(cells))
        start = len(chunks)
        writer.writerow(cells)
        # A quoted cell with line breaks spans several CSV lines.
        line_rows.extend([number] * sum(chunk.count("\n") for chunk in chunks[start:]))
    return "".join(chunks).encode("utf-8"), line_rows


class _Chunks:
    """A file-like sink for csv.writer that keeps what each row wrote."""

    def __init__(self, chunks: list[str]):
        self.chunks = chunks

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return len(text)


def read_genesis_xlsx(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    text, line_rows = xlsx_to_genesis_csv(data, max_bytes=max_bytes)
    if not text.strip():
        raise StatisticsFileError("empty", "the first worksheet is empty")
    from cohesion.statistics.readers.genesis_table import read_genesis_table

    def row_of(line: int | None) -> int | None:
        if line is None or not 1 <= line <= len(line_rows):
            return line
        return line_rows[line - 1]

    try:
        parsed = read_genesis_table(text, choices=choices)
    except StatisticsFileError as exc:
        raise StatisticsFileError(
            exc.code, exc.message, line=row_of(exc.line), column=exc.column, params=exc.params
        ) from exc
    parsed.format = "xlsx"
    parsed.observations = [obs._replace(line=row_of(obs.line) or 0) for obs in parsed.observations]

    def rows_of(problem):
        params = problem.params
        if problem.code == "ambiguous_rows" and "lines" in params:
            lines = [row_of(int(line)) for line in str(params["lines"]).split(", ")]
            params = {**params, "lines": ", ".join(str(line) for line in lines)}
        return dataclasses.replace(problem, line=row_of(problem.line), params=params)

    parsed.problems = [rows_of(problem) for problem in parsed.problems]
    if parsed.layout is not None:
        layout = parsed.layout
        layout.header_lines = tuple(row_of(line) or line for line in layout.header_lines)
        layout.first_data_line = row_of(layout.first_data_line) or layout.first_data_line
        layout.footer_line = row_of(layout.footer_line)
    return parsed
