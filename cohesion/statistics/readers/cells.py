"""What every reader needs, written once: bytes to text, CSV records, ZIP archives, table ids,
region keys, periods, numbers, the sign legend and repeated rows.

Pure Python, no Django. Every format treats a ``-``, a ``08111000`` or a ``31.12.2025`` alike
because they all ask this module. Where a format must differ, a parameter says so at the call.
"""

import codecs
import csv
import datetime
import functools
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from cohesion.core.archives import ArchiveLimitError, zip_member_read
from cohesion.statistics.readers.base import (
    Observation,
    Problem,
    StatisticsFileError,
    Status,
)

LICENCE_DL_DE_BY = "dl-de/by-2-0"  # Datenlizenz Deutschland, the official statistics' licence

# --- size ----------------------------------------------------------------------------------------

_MIB = 1024 * 1024


def _megabytes(size: int, *, up: bool = False) -> int | float:
    tenths = size * 10 / _MIB
    mb = (math.ceil(tenths) if up else round(tenths)) / 10
    return int(mb) if mb == int(mb) else mb


def too_large(size: int, limit: int, what: str = "the file has") -> StatisticsFileError:
    """``too_large`` with the sizes in bytes (``size``, ``limit``) and MiB (``size_mb``,
    ``limit_mb``, one decimal; the size rounded up, so that it never shows as the limit)."""
    return StatisticsFileError(
        "too_large",
        f"{what} {size} bytes, the limit is {limit}",
        params={
            "size": size,
            "limit": limit,
            "size_mb": _megabytes(size, up=True),
            "limit_mb": _megabytes(limit),
        },
    )


def check_size(data: bytes, max_bytes: int | None) -> None:
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(len(data), max_bytes)


# --- bytes to text -------------------------------------------------------------------------------

ERROR_HTML = "the file is an HTML page (an expired download session?), not a statistics file"
_HTML_STARTS = ("<!doctype", "<html", "<head", "<body", "<!--")
# A BOM and blanks before the first character; a regex match, unlike lstrip(), copies nothing.
_LEADING_BLANK_BYTES_RE = re.compile(rb"(?:\xef\xbb\xbf)?\s*")
_LEADING_BLANK_TEXT_RE = re.compile(r"\ufeff?\s*")
_CONTENT_RE = re.compile(r"\S")
# Everything below U+0020 except tab, LF and CR: statistics text never holds these, binary does
# (and UTF-16 without a BOM shows up as NULs).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_empty(data: bytes) -> bool:
    """Nothing but blanks (and a UTF-8 BOM); unlike ``not data.strip()``, no copy of 200 MB."""
    return _LEADING_BLANK_BYTES_RE.match(data).end() == len(data)


def looks_like_html(data: bytes | str) -> bool:
    """An HTML page saved under a statistics name (the portal's "session expired" page)."""
    if isinstance(data, bytes):
        start = _LEADING_BLANK_BYTES_RE.match(data).end()
        head = data[start : start + 2048].decode("latin-1").lower()  # any byte is a character
    else:
        start = _LEADING_BLANK_TEXT_RE.match(data).end()
        head = data[start : start + 2048].lower()
    return head.startswith(_HTML_STARTS) or (head.startswith("<") and "<html" in head)


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding's name: UTF-16 with a BOM (Excel's "Unicode text"), else UTF-8
    (BOM or not), else Windows-1252. Rejects empty files, HTML pages and binary data."""
    if is_empty(data):
        raise StatisticsFileError("empty", "the file is empty")
    utf16 = data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    # Before decoding: a page with a stray byte is still a page, not an encoding problem.
    if not utf16 and looks_like_html(data):
        raise StatisticsFileError("html_page", ERROR_HTML)
    if utf16:
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise StatisticsFileError("encoding", "broken UTF-16 text") from exc
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise StatisticsFileError(
                    "encoding",
                    f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252",
                    line=data.count(b"\n", 0, exc.start) + 1,
                ) from None
    text = text.rstrip("\x1a")  # DOS end-of-file mark
    bad = _CONTROL_RE.search(text)
    if bad:
        raise StatisticsFileError(
            "encoding",
            f"control character U+{ord(bad.group()):04X}: binary data, not text",
            line=text.count("\n", 0, bad.start()) + 1,
        )
    if utf16 and looks_like_html(text):
        raise StatisticsFileError("html_page", ERROR_HTML)
    if not _CONTENT_RE.search(text):  # e.g. only no-break spaces in Windows-1252
        raise StatisticsFileError("empty", "the file holds no text")
    return text, encoding


# --- CSV records ---------------------------------------------------------------------------------

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # the universal newlines of io


class CsvRecords:
    """The CSV records of a text, each with the physical line it starts on (a quoted field may
    span lines). The lines are cut by a regex: io.StringIO would hold four bytes per character,
    a copy of a 200 MB text. ``pos`` is where the next unread line starts, ``line`` the physical
    line the last record ended on."""

    def __init__(self, text: str, delimiter: str = ";"):
        self.text = text
        self.pos = 0
        self.line = 0
        self._reader = csv.reader(self._lines(), delimiter=delimiter, quotechar='"')

    def _lines(self) -> Iterator[str]:
        for match in _LINE_RE.finditer(self.text):
            self.pos = match.end()
            yield match.group()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        start = self.line + 1
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise csv_error(exc, line=start) from None
            self.line = self._reader.line_num
            yield start, row
            start = self.line + 1


# Python's csv module refuses fields longer than its field size limit (128 KiB by default); no
# cell of a statistics table comes near it.
FIELD_LIMIT = csv.field_size_limit()


def csv_error(exc: csv.Error, *, line: int | None) -> StatisticsFileError:
    """The reader's error for a CSV the csv module cannot read: a field beyond the field size
    limit gets its own code (a clear message rather than "unreadable")."""
    if "field larger than field limit" in str(exc):
        return StatisticsFileError(
            "field_too_large",
            f"a field is longer than {csv.field_size_limit()} characters",
            line=line,
            params={"limit": csv.field_size_limit()},
        )
    return StatisticsFileError("unknown_layout", f"unreadable CSV: {exc}", line=line)


def first_line(text: str) -> str:
    """The first line holding more than blanks, without its line end ("" when there is none)."""
    for match in _LINE_RE.finditer(text):  # lazily: a 200 MB text is not split into lines
        line = match.group().rstrip("\r\n")
        if line.strip():
            return line
    return ""


def sniff_delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever the first non-blank line holds most of (outside quotes)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line(text))
    counts = {delimiter: unquoted.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])  # ties: the order above
    return best if counts[best] else ";"


def is_blank(cells: list[str]) -> bool:
    return not any(map(str.strip, cells))


# --- ZIP archives --------------------------------------------------------------------------------

# What zipfile raises on damaged, encrypted or exotic archives.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
)


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise StatisticsFileError(
            "truncated", f"the ZIP archive is damaged or cut off ({exc})"
        ) from exc


def csv_from_zip(data: bytes, *, max_bytes: int | None = None) -> tuple[str, bytes]:
    """The name and bytes of the one CSV file inside a ZIP archive (``<table>_de_flat.csv``)."""
    archive = open_zip(data)
    members = [
        info
        for info in archive.infolist()
        # Not ZipInfo.is_dir(): it fails on the empty name of a damaged entry.
        if info.filename.lower().endswith(".csv")
        and not info.filename.startswith("__MACOSX/")
        and not info.filename.rsplit("/", 1)[-1].startswith("._")
    ]
    if not members:
        names = [info.filename for info in archive.infolist()][:10]
        raise StatisticsFileError(
            "zip_without_csv",
            f"the ZIP archive holds no .csv file ({', '.join(names) or 'nothing'})",
            params={"names": names},
        )
    if len(members) > 1:
        flat = [info for info in members if info.filename.lower().endswith("_flat.csv")]
        if len(flat) != 1:
            names = [info.filename for info in members][:10]
            raise StatisticsFileError(
                "unknown_layout",
                f"the ZIP archive holds several CSV files ({', '.join(names)}); upload one",
                params={"names": names},
            )
        members = flat
    info = members[0]
    return info.filename, member_read(archive, info, max_bytes=max_bytes)


# Without a limit of the caller's (format detection), members are read up to this size.
DEFAULT_MEMBER_BYTES = 200 * 1024 * 1024


def member_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, max_bytes: int | None) -> bytes:
    """A member's bytes, decompressed in bounded steps (cohesion.core.archives): a member past
    the size limit or compressed beyond reason (a ZIP bomb) is refused as soon as that shows."""
    limit = DEFAULT_MEMBER_BYTES if max_bytes is None else max_bytes
    try:
        return zip_member_read(archive, info, max_bytes=limit)
    except ArchiveLimitError as exc:
        params = {"member": info.filename[:80], "limit_mb": limit // (1024 * 1024)}
        if exc.code == "ratio":
            raise StatisticsFileError(
                "zip_member_ratio", f"{info.filename}: {exc}", params=params
            ) from None
        raise StatisticsFileError("too_large", f"{info.filename}: {exc}", params=params) from None
    except ZIP_ERRORS as exc:
        raise StatisticsFileError(
            "truncated", f"{info.filename} cannot be unpacked ({exc})"
        ) from exc


def members_check(archive: zipfile.ZipFile, *, max_bytes: int | None) -> None:
    """Decompress every member within bounds and forget it: what a library that unpacks the
    whole archive itself (openpyxl) is handed must have passed here first."""
    for info in archive.infolist():
        member_read(archive, info, max_bytes=max_bytes)


# --- table ids and region keys -------------------------------------------------------------------

# The first cell of a classic table: GENESIS codes (12521-0041, 1000A-0001) and Regionaldatenbank
# codes (12411-01-01-4, 12211-Z-10, AI003-2, 12411-01-01-5-B), bare or after "Tabelle:" or
# "GENESIS-Tabelle:", possibly followed by ": title"; "Temporär" is a table the user rearranged,
# it has no code. Use with fullmatch, on the first cell.
TABLE_ID_RE = re.compile(
    r"(?:(?:GENESIS-)?Tabelle:\s*)?"
    r"(?P<code>[0-9A-Z]{4}[0-9A-Z]-[0-9]{4}"
    r"|(?=[A-Z]{0,2}[0-9]{3})[0-9A-Z]{3,5}(?:-[0-9A-Z]{1,2}){1,4}"
    r"|Temporär)"
    r"(?:\s*:\s*(?P<rest>.*))?",
    re.IGNORECASE,
)
_TABLE_LABEL_RE = re.compile(r"(?:GENESIS-)?Tabelle:", re.IGNORECASE)


def names_a_table(first_cell: str) -> bool:
    """Whether a file's first cell makes it a classic table: a table id as the table reader
    reads it, or ``Tabelle:`` before something it does not (the reader then says what)."""
    return bool(TABLE_ID_RE.fullmatch(first_cell) or _TABLE_LABEL_RE.match(first_cell))


# DG (Deutschland), Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde (AGS) 8, Gemeindeverband 9,
# ARS 12 digits; ASCII digits only, kept as text.
REGION_KEY_RE = re.compile(r"DG|[0-9]{2}|[0-9]{3}|[0-9]{5}|[0-9]{8}|[0-9]{9}|[0-9]{12}")


def is_region_key(key: str) -> bool:
    return bool(REGION_KEY_RE.fullmatch(key))


# --- periods -------------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"[12][0-9]{3}")
# ISO, also as an XLSX/pandas timestamp at midnight ("2022-05-15T00:00:00", "2022-05-15 00:00").
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_GERMAN_DATE_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def looks_like_period(text: str) -> bool:
    """Shaped like a year or a date, valid or not (``31.02.2025`` too: the reader names it)."""
    s = text.strip()
    return bool(_YEAR_RE.fullmatch(s) or _GERMAN_DATE_RE.fullmatch(s) or _ISO_DATE_RE.fullmatch(s))


@functools.lru_cache(maxsize=4096)  # a file repeats a handful of periods on every row
def normalise_period(text: str) -> str | None:
    """``YYYY-MM-DD`` for a date (``31.12.2025``, ``2025-12-31``), ``YYYY`` for a year; None for
    anything else, an impossible date included."""
    s = text.strip()
    if _YEAR_RE.fullmatch(s):
        return s
    match = _ISO_DATE_RE.fullmatch(s)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _GERMAN_DATE_RE.fullmatch(s)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- numbers -------------------------------------------------------------------------------------

# "610 458", "610'458": a blank or apostrophe between digit groups, as spreadsheets write them.
_GROUP_GAP_RE = re.compile(r"(?<=[0-9])[ \u00a0\u202f'](?=[0-9]{3}(?:[^0-9]|$))")
_GROUPED_RE = {
    sep: re.compile(r"[+-]?[0-9]{1,3}(?:" + re.escape(sep) + r"[0-9]{3})+") for sep in ".,"
}
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # "1." and ".5" too
_STRICT_NUMBER_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_NUMBER_CHARS_RE = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
# Digits with at most one separator followed by digits: group 1 is the separator, if any.
_SIMPLE_NUMBER_RE = re.compile(r"[+-]?[0-9]+(?:([.,])[0-9]+)?")


def _clean_number(text: str, *, strict: bool = False) -> str:
    s = text.strip().replace("\u2212", "-")  # the typographic minus
    return s if strict else _GROUP_GAP_RE.sub("", s)


def number_style(text: str) -> str | None:
    """Which decimal separator a number cell must be using: "," (German), "." (English), or
    None when it does not tell (no separator, or ``1.234`` / ``1,234``, which could be either)."""
    s = _clean_number(text).strip("()").lstrip("+-")
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        return "," if s.rfind(",") > s.rfind(".") else "."
    if commas + dots == 0 or not _NUMBER_CHARS_RE.fullmatch(s):  # ".", "..." tell nothing
        return None
    sep = "," if commas else "."
    if commas > 1 or dots > 1:  # a repeated separator groups thousands
        return "." if sep == "," else ","
    whole, fraction = s.split(sep)
    if len(fraction) != 3 or not 1 <= len(whole) <= 3 or whole.startswith("0"):
        return sep
    return None


def parse_number(text: str, decimal: str | None = None, *, strict: bool = False) -> Decimal | None:
    """A number with decimal comma or point, or None.

    With ``decimal`` ("," or ".") the other sign may only group thousands: ``1.234,5`` or
    ``1,234.5``. Without it, a single separator is always the decimal one (``89.504`` is 89.504)
    and only repeated or mixed ones group. ``strict`` admits only what GENESIS itself prints:
    no blanks or apostrophes between digit groups, and digits on both sides of the decimal sign.
    """
    simple = _SIMPLE_NUMBER_RE.fullmatch(text.strip())
    if simple is not None and (decimal is None or simple.group(1) in (None, decimal)):
        # The common cell ("12345", "108,84", "-2.5"): one reading whatever the rules below.
        return Decimal(simple.group().replace(",", "."))
    s = _clean_number(text, strict=strict)
    if decimal is None:
        commas, dots = s.count(","), s.count(".")
        if commas and dots:
            decimal = "," if s.rfind(",") > s.rfind(".") else "."
        elif commas > 1 or dots > 1:
            decimal = "." if commas else ","
        else:
            decimal = "," if commas else "."
    group = "." if decimal == "," else ","
    whole, sep, fraction = s.partition(decimal)
    if decimal in fraction or group in fraction:
        return None
    if group in whole:
        if not _GROUPED_RE[group].fullmatch(whole):
            return None
        whole = whole.replace(group, "")
    s = whole + ("." + fraction if sep else "")
    if not (_STRICT_NUMBER_RE if strict else _PLAIN_NUMBER_RE).fullmatch(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid literals
        return None


# --- cells ---------------------------------------------------------------------------------------

# The official sign legend (Zeichenerklärung); see base.Status.
SPECIAL_VALUES: dict[str, tuple[Status, Decimal | None]] = {
    "": (Status.EMPTY, None),
    "-": (Status.ZERO, Decimal(0)),
    "–": (Status.ZERO, Decimal(0)),  # en dash: typeset tables copied into a spreadsheet
    "—": (Status.ZERO, Decimal(0)),
    ".": (Status.SUPPRESSED, None),
    "...": (Status.UNAVAILABLE, None),
    "…": (Status.UNAVAILABLE, None),
    "/": (Status.UNRELIABLE, None),
    "x": (Status.NOT_APPLICABLE, None),
    "X": (Status.NOT_APPLICABLE, None),
}


def parse_cell(
    raw: str,
    *,
    line: int | None = None,
    column: str | None = None,
    decimal: str | None = None,
    strict: bool = False,
) -> tuple[Status, Decimal | None]:
    """A value cell after the sign legend: ``(status, value)``, ``(123)`` being a restricted
    number; raises ``bad_number`` naming ``line`` and ``column``. ``decimal`` and ``strict`` as
    for ``parse_number``."""
    s = raw.strip()
    special = SPECIAL_VALUES.get(s)
    if special is not None:
        return special
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":
        number = parse_number(s[1:-1], decimal, strict=strict)
        if number is not None:
            return Status.RESTRICTED, number
    number = parse_number(s, decimal, strict=strict)
    if number is None:
        raise StatisticsFileError(
            "bad_number",
            f"{s[:40]!r} is not a number",
            line=line,
            column=column,
            params={"value": s[:40]},
        )
    return Status.OK, number


# --- repeated rows -------------------------------------------------------------------------------


class Duplicates:
    """Rows that repeat an earlier one. An identical repeat is skipped and counted, for one
    Problem (a re-exported table may repeat thousands of rows); a repeat with other values is
    the error ``duplicate_row``. ``hint`` ends that error's message."""

    def __init__(self, hint: str = ""):
        self.hint = hint
        self.count = 0
        self.first: tuple[int, int] = (0, 0)  # the first repeat's line, the line it repeats
        self._last_line = 0

    def identical(self, line: int, first_line: int) -> None:
        if line == self._last_line:
            return  # another value of the same row
        if not self.count:
            self.first = (line, first_line)
        self.count += 1
        self._last_line = line

    def conflict(
        self, what: str, *, line: int, first_line: int, region_key: str
    ) -> StatisticsFileError:
        return StatisticsFileError(
            "duplicate_row",
            f"{what} appears on line {first_line} with other values{self.hint}",
            line=line,
            params={"first_line": first_line, "region_key": region_key},
        )

    def problem(self) -> Problem | None:
        if not self.count:
            return None
        line, first_line = self.first
        return Problem(
            "duplicate_identical",
            f"{self.count} row(s) repeat an earlier row with the same values and were skipped "
            f"(the first: line {line} repeats line {first_line})",
            line=line,
            params={"count": self.count, "first_line": first_line},
        )


def drop_duplicates(
    observations: list[Observation], problems: list[Problem], *, hint: str = ""
) -> list[Observation]:
    """Keep the first of identical observations (one Problem says how many rows went); raise
    ``duplicate_row`` when the same cell has two different values.

    The unit is part of what identifies a cell: a count and a share of the same measure for the
    same region (``Anzahl`` and ``%``) are two observations, not a conflict.
    """
    duplicates = Duplicates(hint)
    seen: dict[tuple, Observation] = {}
    kept: list[Observation] = []
    for obs in observations:
        key = (obs.region_key, obs.period, obs.variable, obs.unit, obs.dimensions)
        first = seen.get(key)
        if first is None:
            seen[key] = obs
            kept.append(obs)
        elif (first.value, first.status) == (obs.value, obs.status):
            duplicates.identical(obs.line, first.line)
        else:
            raise duplicates.conflict(
                f"{obs.region_key} {obs.period} {obs.variable}",
                line=obs.line,
                first_line=first.line,
                region_key=obs.region_key,
            )
    problem = duplicates.problem()
    if problem is not None:
        problems.append(problem)
    return kept


# The Länder by name, with their key: tables that print the name only, titles naming the Land.
LAND_KEYS = {
    "Schleswig-Holstein": "01",
    "Hamburg": "02",
    "Niedersachsen": "03",
    "Bremen": "04",
    "Nordrhein-Westfalen": "05",
    "Hessen": "06",
    "Rheinland-Pfalz": "07",
    "Baden-Württemberg": "08",
    "Bayern": "09",
    "Saarland": "10",
    "Berlin": "11",
    "Brandenburg": "12",
    "Mecklenburg-Vorpommern": "13",
    "Sachsen": "14",
    "Sachsen-Anhalt": "15",
    "Thüringen": "16",
}
