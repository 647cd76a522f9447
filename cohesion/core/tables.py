"""Reading an uploaded table (CSV or XLSX) into rows of text, bounded: pure Python and
openpyxl, no Django.

What people upload is whatever their spreadsheet program saved: CSV in UTF-8 (with or without
a byte order mark), UTF-16 (Excel's "Unicode text") or Windows-1252 (Excel's "CSV" on German
Windows), separated by ``;`` (German Excel), ``,`` or tabs; or an XLSX workbook. Sometimes it
is a web page saved by mistake (a login page instead of the download). Each reader refuses
what it cannot read with a ``TableError`` whose ``code`` the app words in the user's language:

- ``empty``: no row with any text;
- ``too_large`` (``limit_mb``): more bytes than allowed, or an XLSX unpacking to far more
  (a ZIP bomb);
- ``too_many_rows`` (``limit``): more rows after the header than allowed;
- ``cell_too_long`` (``limit``, ``row``): a cell longer than allowed;
- ``encoding``: text in none of the encodings above;
- ``html_page``: a web page, not a table;
- ``not_a_table`` (``row`` and ``reason`` where a CSV record is broken): anything else.
"""

import csv
import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass

# Tried in order; UTF-16 only where its byte order mark starts the file.
ENCODINGS = ("utf-16", "utf-8", "cp1252")
DELIMITERS = (";", ",", "\t")  # the first wins a tie: German Excel writes ";"
UNPACK_FACTOR = 20  # an XLSX unpacking to far more than this is a ZIP bomb
SNIFF_CHARS = 64 * 1024  # the header record is looked for in this much text
HTML_STARTS = ("<!doctype html", "<html", "<?xml", "<head", "<body")


class TableError(ValueError):
    """A file that is no readable table, or one beyond a bound; ``code`` and ``params`` as
    listed in the module's docstring."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Row:
    """One row with some text: its number in the file (the first record is 1; for a CSV the
    record, which may span lines) and its cells."""

    number: int
    cells: list[str]


def table_rows(
    data: bytes,
    *,
    max_bytes: int,
    max_rows: int,
    max_columns: int = 100,
    max_cell: int | None = None,
    encodings: tuple[str, ...] = ENCODINGS,
    filename: str = "",
) -> list[Row]:
    """The rows of a CSV or XLSX (its first sheet) that hold any text, at most ``max_rows``
    after the first (the header). Blank rows are left out but counted in the numbering.

    ``max_columns`` bounds the columns read from a workbook (a sheet may claim millions);
    ``max_cell``, if given, the characters of each cell. ``encodings`` narrows what a CSV may
    be written in (an app whose page asks for UTF-8 passes ``("utf-8",)``)."""
    if len(data) > max_bytes:
        raise TableError("too_large", limit_mb=max_bytes // (1024 * 1024))
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        records = _xlsx_records(data, max_bytes=max_bytes, max_columns=max_columns)
    else:
        records = _csv_records(text_decoded(data, encodings))
    rows: list[Row] = []
    try:
        for number, cells in records:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, as spreadsheet programs leave them at the end
            if len(rows) > max_rows:
                raise TableError("too_many_rows", limit=max_rows)
            if max_cell is not None and any(len(cell) > max_cell for cell in cells):
                raise TableError("cell_too_long", limit=max_cell, row=number)
            rows.append(Row(number, cells))
    finally:
        records.close()  # a workbook stopped at a bound is closed now
    if not rows:
        raise TableError("empty")
    return rows


def text_decoded(data: bytes, encodings: tuple[str, ...] = ENCODINGS) -> str:
    """The bytes as text: UTF-16 by its byte order mark, else UTF-8 (a BOM dropped), else
    Windows-1252, as far as ``encodings`` name them. A web page is refused, and so are binary
    bytes."""
    if "utf-16" in encodings and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TableError("encoding") from error
    else:
        text = _decoded(data.removeprefix(b"\xef\xbb\xbf"), encodings)
        if "\x00" in text[:4096]:
            raise TableError("not_a_table")  # binary bytes, or UTF-16 without its mark
    if looks_like_html(text):
        raise TableError("html_page")
    return text


def _decoded(data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in (name for name in encodings if name != "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("encoding")


def looks_like_html(text: str) -> bool:
    return text.lstrip()[:200].lower().startswith(HTML_STARTS)


def delimiter_sniffed(text: str) -> str:
    """The delimiter the first record uses most often, outside quoted cells (a quoted header
    may hold the other delimiters, or a line break)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text[:SNIFF_CHARS]:
        if char == '"':
            quoted = not quoted  # a doubled quote flips twice
        elif quoted:
            continue
        elif char in counts:
            counts[char] += 1
        elif char in "\r\n":
            break
    return max(DELIMITERS, key=counts.__getitem__)


def _csv_records(text: str):
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter_sniffed(text), strict=False
    )
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - kept for the error
            yield number, cells
    except csv.Error as error:
        raise TableError("not_a_table", row=number + 1, reason=str(error)) from error


def cell_text(value) -> str:
    """A workbook's cell as the text a CSV would hold: whole numbers without ".0", dates as
    2025-03-01, yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(data: bytes, *, max_bytes: int, max_columns: int):
    import openpyxl

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableError("not_a_table") from error
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise TableError("not_a_table")
    if sum(info.file_size for info in infos) > max_bytes * UNPACK_FACTOR:
        raise TableError("too_large", limit_mb=max_bytes // (1024 * 1024))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise TableError("not_a_table") from error
    try:
        if not workbook.worksheets:
            raise TableError("empty")
        # Read-only mode pads every row to max_col: a sheet's own claim is not trusted.
        values = workbook.worksheets[0].iter_rows(values_only=True, max_col=max_columns)
        for number, row in enumerate(values, start=1):
            yield number, [cell_text(value) for value in row]
    finally:
        workbook.close()
