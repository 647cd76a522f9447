"""Pick the reader for an uploaded statistics file (the recipe of the research notes, §1.7).

Order: empty, too large, HTML, old binary Excel; ZIP (an XLSX workbook: GENESIS table if its first
cell is a table id, else tidy; any other ZIP: the CSV inside, sniffed like a plain file); text:
flat file (header with ``statistics_code`` and ``value``), classic GENESIS / Regionaldatenbank
table (first cell a table id, bare or after ``Tabelle:``: ``cells.names_a_table``, the test the
table reader applies), GV100AD (its own command), and with a mapping a tidy table.
"""

import re

from cohesion.statistics.readers.base import ParsedFile, ReadChoices, StatisticsFileError
from cohesion.statistics.readers.cells import (
    ERROR_HTML,
    check_size,
    csv_from_zip,
    decode,
    first_line,
    is_empty,
    looks_like_html,
    names_a_table,
    sniff_delimiter,
)
from cohesion.statistics.readers.ffcsv import is_ffcsv_header, read_ffcsv
from cohesion.statistics.readers.sheet import looks_like_sheet, read_sheet
from cohesion.statistics.readers.tidy import TidyMapping, guess_mapping, read_tidy
from cohesion.statistics.readers.xlsx import (
    is_xlsx,
    looks_like_genesis_xlsx,
    read_genesis_xlsx,
)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

GV100AD_RE = re.compile(r"[1-6]0\d{8}")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003)


def _text_format(text: str) -> str:
    first = first_line(text)
    if is_ffcsv_header(first):
        return "ffcsv"
    if names_a_table(first.split(";", 1)[0].strip().strip('"').strip()):
        return "genesis-table"
    if len(first) >= 200 and GV100AD_RE.match(first):
        return "gv100ad"
    if first.count(sniff_delimiter(text)) >= 1:
        return "tidy"
    return "unknown"


def _is_opendocument(data: bytes) -> bool:
    # The ODF "mimetype" member comes first and uncompressed, so its text sits near the start.
    return b"mimetypeapplication/vnd.oasis.opendocument" in data[:200]


def detect_format(data: bytes, filename: str = "") -> str:
    """ "genesis-table", "ffcsv", "tidy", "xlsx", "gv100ad" or "unknown"; never raises.

    "tidy" means only "a delimited table that is none of the official layouts".
    """
    try:
        if is_empty(data) or looks_like_html(data):
            return "unknown"
        if data[:2] == b"PK":
            if is_xlsx(data):
                return "xlsx" if looks_like_genesis_xlsx(data) else "tidy"
            _, data = csv_from_zip(data)
        return _text_format(decode(data)[0])
    except StatisticsFileError:
        return "unknown"


def _need_mapping(what: str) -> StatisticsFileError:
    return StatisticsFileError(
        "bad_mapping",
        f"{what} is not an official statistics layout; a column mapping is needed to read it",
        params={"needs_mapping": True},
    )


def read_statistics_file(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    mapping: TidyMapping | None = None,
    choices: ReadChoices | None = None,
) -> ParsedFile:
    """Read any statistics file Cohesion knows. ``mapping`` reads a plain table by the user's
    column mapping (else the guessed one); ``choices`` carries the user's corrections of the
    layout model's guesses and the decision on ambiguous rows."""
    if is_empty(data):
        raise StatisticsFileError("empty", "the file is empty")
    check_size(data, max_bytes)
    if looks_like_html(data):
        raise StatisticsFileError("html_page", ERROR_HTML)
    if data.startswith(OLE2_MAGIC):
        raise StatisticsFileError(
            "unknown_layout",
            "the file is an old Excel workbook (.xls); save it as .xlsx or CSV",
            params={"filename": filename},
        )

    if data[:2] == b"PK":
        if is_xlsx(data):
            if looks_like_genesis_xlsx(data, max_bytes=max_bytes):
                return read_genesis_xlsx(data, max_bytes=max_bytes, choices=choices)
            if mapping is None and looks_like_sheet(data, max_bytes=max_bytes):
                return read_sheet(data, max_bytes=max_bytes, choices=choices)
            mapping = mapping or guess_mapping(data, max_bytes=max_bytes, filename=filename)
            if mapping is None:
                raise _need_mapping("the Excel file")
            return read_tidy(data, mapping=mapping, max_bytes=max_bytes, choices=choices)
        if _is_opendocument(data):
            raise StatisticsFileError(
                "unknown_layout",
                "the file is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV",
                params={"filename": filename},
            )
        # Any other archive: the CSV inside decides (GENESIS flat files come as <table>_flat.zip).
        _, data = csv_from_zip(data, max_bytes=max_bytes)

    kind = _text_format(decode(data)[0])  # the text dies here: the reader decodes its own
    if kind == "ffcsv":
        return read_ffcsv(data, max_bytes=max_bytes, choices=choices)
    if kind == "genesis-table":
        from cohesion.statistics.readers.genesis_table import read_genesis_table

        return read_genesis_table(data, max_bytes=max_bytes, choices=choices)
    if kind == "gv100ad":
        raise StatisticsFileError(
            "unknown_layout",
            "this is the Gemeindeverzeichnis GV100AD; import it with `cohesion import-gv100ad`",
            params={"command": "cohesion import-gv100ad"},
        )
    if mapping is None and looks_like_sheet(data, max_bytes=max_bytes):
        return read_sheet(data, max_bytes=max_bytes, choices=choices)
    mapping = mapping or (
        guess_mapping(data, max_bytes=max_bytes, filename=filename) if kind == "tidy" else None
    )
    if mapping is not None:
        return read_tidy(data, mapping=mapping, max_bytes=max_bytes, choices=choices)
    # A table of its own layout: the UI tells by ``needs_mapping`` that the mapping step helps.
    raise StatisticsFileError(
        "unknown_layout",
        "the file is none of the official layouts (GENESIS table, flat file)"
        + ("; map its columns to read it as a tidy table" if kind == "tidy" else ""),
        params={"filename": filename, "needs_mapping": kind == "tidy"},
    )
