"""Reader for an office's own spreadsheet tables (Land statistical offices' XLSX deliveries, the
SRDB export of Statistik BW): regions in rows or in columns, periods in header cells or rows.

Pure module (no Django). One layout model for a grid of cells rather than one reader per office:

- the **body** is the longest run of rows that hold numbers; above it the **header rows** (rows
  of several cells, found by content, or ``ReadChoices.header_rows``), above those the **title
  block** (one cell per row: title, measure line, ``©``); below it the **footer** (footnotes, ©);
- the **region axis**: a header row whose cells name regions (``5122000``, ``03101 Braunschweig,
  Stadt``, a name the registry knows) puts regions in columns; a stub column that does puts them
  in rows; else one region named in the title block ("Stadtkreis Stuttgart") holds every row;
- the **stub** (leading label columns) gives each row its region, period (a year column, a week
  column ``KW 01``; an ``Insgesamt`` row is the year's total) and breakdowns (another year column
  such as the Berichtsjahr); the header gives each value column its period (a year row), measure,
  unit and breakdowns (``insgesamt``/``männlich``/``weiblich`` is ``Geschlecht``).

Periods: ``YYYY`` for a year, ``YYYY-Www`` (ISO 8601 week, e.g. ``2014-W01``) for a calendar week.
"""

import csv
import io
import re
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from cohesion.statistics.readers.base import (
    AMBIGUOUS_ORDER,
    ColumnGuess,
    Layout,
    Observation,
    ParsedFile,
    Problem,
    ReadChoices,
    StatisticsFileError,
    Status,
)
from cohesion.statistics.readers.cells import (
    LAND_KEYS,
    LICENCE_DL_DE_BY,
    SPECIAL_VALUES,
    ZIP_ERRORS,
    check_size,
    csv_error,
    decode,
    is_region_key,
    members_check,
    names_a_table,
    number_style,
    open_zip,
    parse_number,
    sniff_delimiter,
    too_large,
)
from cohesion.statistics.readers.ffcsv import is_ffcsv_header
from cohesion.statistics.readers.xlsx import UNPACK_FACTOR, is_xlsx, plain_text

# A sniff looks at this much of a text file and this many rows of a sheet.
_SNIFF_BYTES = 64 * 1024
_SNIFF_ROWS = 80
# Office sheets often carry a used range of a million formatted but empty rows; the table has
# ended long before this many empty rows in a row.
_MAX_EMPTY_RUN = 500
# An office's own table is a few hundred rows; this reader holds its grid in memory, so a
# larger text file is left to the plain-table reader, which streams.
_MAX_TEXT_SHEET_BYTES = 20 * 1024 * 1024

# Longest first: "Sachsen-Anhalt" before "Sachsen", "Niedersachsen" is its own word.
_LAND_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(name) for name in sorted(LAND_KEYS, key=len, reverse=True))
    + r")(?![\w-])"
)
_LAND_NAMES = {name.casefold(): key for name, key in LAND_KEYS.items()}
# The nine Stadtkreise of Baden-Württemberg as the SRDB names them ("Stadtkreis Stuttgart").
BW_STADTKREISE = {
    "stuttgart": "08111",
    "heilbronn": "08121",
    "baden-baden": "08211",
    "karlsruhe": "08212",
    "heidelberg": "08221",
    "mannheim": "08222",
    "pforzheim": "08231",
    "freiburg im breisgau": "08311",
    "ulm": "08421",
}

_SEX_LABELS = frozenset({"insgesamt", "zusammen", "männlich", "weiblich", "männer", "frauen"})
_SEX_MARKERS = frozenset({"männlich", "weiblich", "männer", "frauen"})
_TOTAL_LABELS = frozenset({"insgesamt", "zusammen", "summe", "jahr insgesamt"})
_UNIT_WORDS = frozenset(
    {
        "anzahl",
        "%",
        "prozent",
        "ha",
        "qkm",
        "km2",
        "km²",
        "ew/km2",
        "ew/km²",
        "ew je km2",
        "eur",
        "euro",
        "tsd. eur",
        "mill. eur",
        "1000",
        "tsd.",
        "personen",
    }
)
# A footnote marker at the end of a label or year: "Jahr1)", "20164)", "1961*", "Wert 2)".
_MARKER_RE = re.compile(r"\s*(?:\d{1,2}\)|\*+)\s*$")
_YEAR_RE = re.compile(r"(1[89]\d\d|20\d\d)")
_WEEK_RE = re.compile(r"(?:KW|Kalenderwoche|Woche)\s*(\d{1,2})", re.IGNORECASE)
# Key and name in one cell: "03101 Braunschweig, Stadt", "632 Lkr. Hersfeld-Rotenburg".
_KEY_NAME_RE = re.compile(r"(\d{2}|\d{3}|\d{5}|\d{8})\s+(\D.*)")
# An office key without its leading zero: 5122000 (Solingen), 5000000 (NRW).
_AGS7_RE = re.compile(r"[1-9]\d{6}")
_MEASURE_UNIT_RE = re.compile(r"(?P<measure>.+?)\s*\((?P<unit>[^()]+)\)")
_TITLE_CUT_RE = re.compile(r"\s+(?:in|im|nach|seit|ab|von|für)\s|\s+\d{4}")
_SPACES_RE = re.compile(r"\s+")
# A header over region columns that groups them rather than naming a measure.
_REGION_GROUP_RE = re.compile(
    r"kreis|städte|stadt|gemeinde|bezirk|region|land\b|länder", re.IGNORECASE
)
_NUMBERISH_RE = re.compile(r"[+-]?[0-9][0-9.,]*")
_NAME_WORDS_RE = re.compile(
    r"\b(?:landkreis|kreisfreie stadt|stadtkreis|kreis|lkr\.|krfr\. stadt|insgesamt)(?=\W|$)"
)


def normalise_region_name(name: str) -> str:
    """The form in which ``ReadChoices.region_names`` pairs names with keys: casefolded, blanks
    and line breaks collapsed, "Landkreis", "kreisfreie Stadt", "Stadtkreis", "Kreis", ", Stadt"
    and footnote markers left out. The importer normalises the registry's names with it."""
    s = _MARKER_RE.sub("", _SPACES_RE.sub(" ", str(name)).strip()).casefold()
    s = s.replace("-\n", "-")
    s = _NAME_WORDS_RE.sub(" ", s)
    s = re.sub(r",\s*stadt\b", " ", s)
    s = _SPACES_RE.sub(" ", s)
    return re.sub(r"\s*,\s*", ", ", s).strip(" ,")


# --- the grid ------------------------------------------------------------------------------------


@dataclass
class _Grid:
    rows: list[tuple[int, list]]  # (row or line number, cells), empty rows left out
    encoding: str
    format: str  # "xlsx" or "csv"
    decimal: str | None = None  # for text cells: "," or "."; None when no cell tells


def _trim(cells: list) -> list:
    end = len(cells)
    while end and _text(cells[end - 1]) == "":
        end -= 1
    return list(cells[:end])


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    return plain_text(value).strip()


def _sheet_rows(data: bytes, *, max_bytes: int | None, max_rows: int | None) -> list:
    """The first worksheet's non-empty rows, cut where the table has plainly ended."""
    import openpyxl  # noqa: PLC0415 - only sheets need it

    check_size(data, max_bytes)
    archive = open_zip(data)
    try:
        infos = archive.infolist()
    except ZIP_ERRORS as exc:  # pragma: no cover - open_zip has read the directory already
        raise StatisticsFileError("truncated", f"the Excel file is damaged ({exc})") from exc
    unpacked = sum(info.file_size for info in infos)
    if max_bytes is not None and unpacked > max_bytes * UNPACK_FACTOR:
        raise too_large(unpacked, max_bytes * UNPACK_FACTOR, "the workbook unpacks to")
    members_check(archive, max_bytes=max_bytes)
    rows: list[tuple[int, list]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()
                empty_run = 0
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = _trim(values)
                    if not cells:
                        empty_run += 1
                        if empty_run > _MAX_EMPTY_RUN:
                            break
                        continue
                    empty_run = 0
                    rows.append((number, cells))
                    if max_rows is not None and len(rows) >= max_rows:
                        break
            finally:
                workbook.close()
    except StatisticsFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        raise StatisticsFileError(
            "unknown_layout", f"the Excel sheet cannot be read ({type(exc).__name__}: {exc})"
        ) from exc
    return rows


def _delimiter(text: str) -> str:
    """``;``, tab or ``,``: whichever splits the most lines into the same number of fields. The
    first line alone does not tell: an office table starts with a title ("© IT.NRW, Düsseldorf")."""
    lines = [line for line in text[:_SNIFF_BYTES].splitlines()[:60] if line.strip()]
    best, best_score = sniff_delimiter(text), 0
    for delimiter in (";", "\t", ","):
        counts = Counter(
            count for line in lines if (count := re.sub(r'"[^"]*"', "", line).count(delimiter))
        )
        score = counts.most_common(1)[0][1] if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _text_rows(text: str, *, max_rows: int | None) -> list[tuple[int, list]]:
    delimiter = _delimiter(text)
    rows: list[tuple[int, list]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            cells = _trim(cells)
            if cells:
                rows.append((start, cells))
                if max_rows is not None and len(rows) >= max_rows:
                    break
    except csv.Error as exc:
        raise csv_error(exc, line=line) from None
    return rows


def _head_text(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4 and len(data) > len(head):
            return head[: exc.start].decode("utf-8-sig", errors="replace")
        return head.decode("cp1252", errors="replace")


# --- cells ---------------------------------------------------------------------------------------


def _value(cell, decimal: str | None) -> tuple[Status, Decimal | None] | None:
    """A value cell after the sign legend, or None for text (and for an empty cell)."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float | Decimal):
        return Status.OK, Decimal(plain_text(cell))
    s = str(cell).strip()
    if not s:
        return None
    special = SPECIAL_VALUES.get(s)
    if special is not None:
        return special
    number = parse_number(s, decimal)
    return None if number is None else (Status.OK, number)


def _whole(cell, decimal: str | None) -> bool:
    """Whether a cell holds no number or a whole one."""
    parsed = _value(cell, decimal)
    return parsed is None or parsed[1] is None or parsed[1] == parsed[1].to_integral_value()


def _strip_marker(text: str) -> tuple[str, str]:
    """A label without its footnote marker, and the marker ("Jahr1)" -> "Jahr", "1)")."""
    match = _MARKER_RE.search(text)
    if not match or match.start() == 0:
        return text.strip(), ""
    return text[: match.start()].strip(), match.group().strip()


def _year(cell) -> tuple[str, str] | None:
    """A year cell (2014, "2000", "1961*", "20164)") as ("YYYY", marker)."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return (str(cell), "") if 1800 <= cell <= 2100 else None
    if isinstance(cell, float) and cell.is_integer():
        return _year(int(cell))
    if not isinstance(cell, str):
        return None
    s = cell.strip()
    if _YEAR_RE.fullmatch(s):
        return s, ""
    match = re.fullmatch(r"(1[89]\d\d|20\d\d)(\d{1,2}\)|\*+)", s)
    return (match.group(1), match.group(2)) if match else None


def _week(cell) -> int | None:
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell if 1 <= cell <= 53 else None
    if isinstance(cell, float) and cell.is_integer():
        return _week(int(cell))
    if not isinstance(cell, str):
        return None
    match = _WEEK_RE.fullmatch(cell.strip())
    week = int(match.group(1)) if match else None
    return week if week and 1 <= week <= 53 else None


def iso_week(year: str, week: int) -> str:
    """The period of a calendar week after ISO 8601: ``2014-W01``."""
    return f"{year}-W{week:02d}"


def _header_word(text: str) -> str:
    """A header label as one word: "Berichts-jahr" -> "berichtsjahr", "Kalender-woche" too."""
    return re.sub(r"-\s*", "", _strip_marker(_SPACES_RE.sub(" ", text))[0]).casefold().strip()


# --- regions -------------------------------------------------------------------------------------


@dataclass
class _Regions:
    """Resolves a cell that names a region, remembering what had to be restored or was unknown."""

    names: dict[str, set[str]]  # normalised name -> keys
    land: str = ""  # the Land the table is about, "" when unknown
    restored: list[tuple[str, str]] = field(default_factory=list)  # (as in the file, key)
    unresolved: dict[str, int] = field(default_factory=dict)  # name -> row/line

    def by_name(self, text: str) -> str | None:
        plain = _SPACES_RE.sub(" ", text).strip()
        norm = normalise_region_name(plain)
        land = _LAND_NAMES.get(norm.removeprefix("land ").removeprefix("bundesland "))
        if land:
            return land
        if norm in {"deutschland", "bundesgebiet"}:
            return "DG"
        candidates = [norm]
        if "," in norm:
            candidates.append(norm.split(",", 1)[0].strip())
        for candidate in candidates:
            keys = self.names.get(candidate, set())
            if self.land:
                keys = {key for key in keys if key.startswith(self.land)} or (
                    keys if not any(k.startswith(self.land) for k in keys) else set()
                )
            if len(keys) == 1:
                return next(iter(keys))
            if len(keys) > 1:
                return None  # two regions of that name: never guess
        if plain.casefold().startswith("stadtkreis ") and self.land in ("", "08"):
            return BW_STADTKREISE.get(norm)
        return None

    def key_of(self, cell) -> tuple[str, str, str] | None:
        """(key, name, role) for a cell naming a region, else None."""
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        if isinstance(cell, int) and not isinstance(cell, bool):
            # A number is a key only as an AGS that lost its leading zero (5122000); a small
            # number (a week, an age) is never a Land's key.
            return self._restore(str(cell)) if _AGS7_RE.fullmatch(str(cell)) else None
        if not isinstance(cell, str):
            return None
        s = cell.strip()
        if not s:
            return None
        if s.isdigit():
            if _AGS7_RE.fullmatch(s):
                return self._restore(s)
            return (s, "", "key") if is_region_key(s) else None
        match = _KEY_NAME_RE.fullmatch(_SPACES_RE.sub(" ", s))
        if match:
            key, name = match.groups()
            if len(key) == 3 and key[0] != "0":
                # A Land's own Kreis numbering ("632 Lkr. Hersfeld-Rotenburg"): the Land in front.
                if not self.land:
                    return None
                key = self.land + key
            return key, _strip_marker(name)[0], "key_name"
        key = self.by_name(s)
        return (key, _SPACES_RE.sub(" ", s), "name") if key else None

    def _restore(self, digits: str) -> tuple[str, str, str] | None:
        if not _AGS7_RE.fullmatch(digits):
            return (digits, "", "key") if is_region_key(digits) else None
        ags = digits.zfill(8)
        key = ags[:2] if ags.endswith("000000") else ags[:5] if ags.endswith("000") else ags
        self.restored.append((digits, key))
        return key, "", "key"


def _land_of(text: str) -> str:
    match = _LAND_RE.search(text)
    return LAND_KEYS[match.group(1)] if match else ""


# --- the layout model ----------------------------------------------------------------------------


def _is_value_row(cells: list, decimal: str | None) -> bool:
    numbers = sum(1 for cell in cells if _value(cell, decimal) is not None)
    filled = sum(1 for cell in cells if _text(cell))
    return numbers >= 1 and numbers * 2 >= filled


def _is_year_header(cells: list, decimal: str | None) -> bool:
    """A header row of years beside a word ("Kreise", "2022", "2023"): distinct years."""
    filled = [cell for cell in cells if _text(cell)]
    numbers = [cell for cell in filled if _value(cell, decimal) is not None]
    years = [_year(cell) for cell in numbers]
    return (
        bool(numbers)
        and all(years)
        and len({year[0] for year in years if year}) == len(years)
        and filled[0] is not numbers[0]
        and not _text(filled[0])[:1].isdigit()
    )


def _body_span(rows: list[tuple[int, list]], decimal: str | None) -> tuple[int, int] | None:
    """Indices [start, end) of the longest run of rows holding values; a run's first row of
    years beside a word is the header above it."""
    best: tuple[int, int] | None = None
    start = None
    for i, (_, cells) in enumerate([*rows, (0, [])]):
        if i < len(rows) and _is_value_row(cells, decimal):
            if start is None:
                start = i + 1 if _is_year_header(cells, decimal) else i
        elif start is not None:
            if i > start and (best is None or i - start > best[1] - best[0]):
                best = (start, i)
            start = None
    return best


def _header_start(rows: list[tuple[int, list]], body: int, wanted: int | None) -> int:
    if wanted is not None:
        return max(0, body - wanted)
    start = body
    # Header rows hold cells beyond the first column; the title block above holds one per row.
    while start > 0 and any(_text(c) for c in rows[start - 1][1][1:]):
        start -= 1
    if start == body and body > 0:
        start -= 1  # a one-cell header row ("Gestorbene") still counts
    return start


def _grid_decimal(rows: list[tuple[int, list]]) -> tuple[str | None, str]:
    """The decimal sign the text cells use, and a note when "." groups thousands."""
    styles = Counter()
    grouped = 0
    for _, cells in rows:
        for cell in cells:
            s = cell.strip() if isinstance(cell, str) else ""
            if _NUMBERISH_RE.fullmatch(s):
                style = number_style(s)
                if style:
                    styles[style] += 1
                elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", s):
                    grouped += 1
    if styles:
        return styles.most_common(1)[0][0], ""
    if grouped:
        return ",", "'.' groups thousands (20.724 = 20724): no value has a decimal point"
    return None, ""


_SHEET_NAME_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def _first_sheet_names_a_table(data: bytes) -> bool:
    """Whether the workbook's first sheet is named by a table code ("61511-01-03-4")."""
    archive = open_zip(data)
    with archive.open("xl/workbook.xml") as member:
        match = _SHEET_NAME_RE.search(member.read(1 << 20))
    return bool(match) and names_a_table(match.group(1).decode("utf-8", "replace").strip())


def looks_like_sheet(data: bytes, *, max_bytes: int | None = None) -> bool:
    """Whether the file is an office table this reader understands (never raises): a title
    block of one-cell rows above a header and a body of numbers. A plain table whose first row
    names its columns is not one; neither is a GENESIS table or flat file."""
    try:
        if max_bytes is not None and len(data) > max_bytes:
            return False
        if is_xlsx(data):
            if _first_sheet_names_a_table(data):
                return False  # a Regionaldatenbank export: the sheet is named by its table code
            rows = _sheet_rows(data, max_bytes=max_bytes, max_rows=_SNIFF_ROWS)
        else:
            if data[:2] == b"PK" or len(data) > _MAX_TEXT_SHEET_BYTES:
                return False  # a large text file is a plain table for the streaming reader
            text = _head_text(data)
            if not text:
                return False
            rows = _text_rows(text, max_rows=_SNIFF_ROWS)
        if not rows:
            return False
        first = [_text(cell) for cell in rows[0][1]]
        if names_a_table(first[0]) or is_ffcsv_header(";".join(first)):
            return False
        if len([cell for cell in first if cell]) != 1:
            return False  # a header of column names: the plain-table guesser's
        decimal, _ = _grid_decimal(rows)
        span = _body_span(rows, decimal)
        return span is not None and span[1] - span[0] >= 2 and span[0] >= 2
    except Exception:  # noqa: BLE001 - a sniff never raises
        return False


@dataclass
class _Column:
    index: int
    path: tuple[str, ...]  # header cells top to bottom, merged cells filled in
    measure: str = ""
    unit: str = ""
    period: str = ""
    region: tuple[str, str] | None = None  # (key, name) when regions are in columns
    dimensions: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _SheetReader:
    def __init__(self, grid: _Grid, choices: ReadChoices):
        self.grid = grid
        self.choices = choices
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        names: dict[str, set[str]] = defaultdict(set)
        for name, key in choices.region_names:
            names[normalise_region_name(name)].add(key)
        self.regions = _Regions(names=dict(names))

    def fail(self, message: str, **kwargs) -> StatisticsFileError:
        return StatisticsFileError("unknown_layout", message, **kwargs)

    def read(self) -> ParsedFile:
        rows = self.grid.rows
        decimal, decimal_note = _grid_decimal(rows)
        self.grid.decimal = decimal
        if decimal_note:
            self.notes.append(decimal_note)
        span = _body_span(rows, decimal)
        if span is None:
            raise self.fail("the sheet holds no rows of numbers", line=rows[0][0] if rows else None)
        body_start, body_end = span
        header_start = _header_start(rows, body_start, self.choices.header_rows)
        title_rows = rows[:header_start]
        header = rows[header_start:body_start]
        body = rows[body_start:body_end]
        footer = rows[body_end:]
        # The title block and footer: title, measure line, the © line, footnotes.
        top_texts = [" ".join(_text(c) for c in cells if _text(c)) for _, cells in title_rows]
        bottom_texts = [" ".join(_text(c) for c in cells if _text(c)) for _, cells in footer]
        source = next((t for t in [*top_texts, *bottom_texts] if t.startswith("©")), "")
        titles = [t for t in top_texts if not t.startswith("©")]
        title = max(
            (t for t in titles if " nach " in t or " seit " in t), key=len, default=""
        ) or max(titles, key=len, default="")
        footnotes = "\n".join(t for t in bottom_texts if not t.startswith("©"))
        self.regions.land = _land_of(title) or next(
            (land for t in titles if (land := _land_of(t))), ""
        )
        width = max(len(cells) for _, cells in [*header, *body])
        # The stub's extent and the region axis.
        region_cols = self.region_columns(header, body, width)
        stub_width = min(region_cols) if region_cols else self.stub_width(header, body, width)
        if stub_width == 0 and not region_cols:
            raise self.fail("the sheet has no column of labels beside its numbers")
        columns = self.read_header(header, width, stub_width, region_cols)
        stub = self.read_stub(header, body, stub_width, region_cols)
        single_region = None
        if not region_cols and stub.region is None:
            single_region = self.single_region(titles)
            if single_region is None:
                self.report_unresolved()
                raise self.fail(
                    "the sheet names no region the reader can tell: neither keys, known names "
                    "nor one region in its title",
                    line=header[0][0] if header else body[0][0],
                )
        measure, unit = self.title_measure(titles, title)
        for column in columns:
            column.measure = column.measure or measure
            column.unit = column.unit or unit
        unitless = [column for column in columns if not column.unit]
        if unitless and all(
            _whole(cells[column.index], decimal)
            for _, cells in body
            for column in unitless
            if column.index < len(cells)
        ):
            for column in unitless:
                column.unit = "Anzahl"  # whole numbers and no unit named: counts, as GENESIS says
            self.notes.append("no unit named and every value a whole number: read as 'Anzahl'")
        if any(not column.measure for column in columns):
            raise self.fail("the sheet names no measure, neither in its title nor its header")
        observations = self.observations(body, columns, stub, single_region)
        self.report_unresolved()
        if self.regions.restored:
            original, key = self.regions.restored[0]
            self.problems.append(
                Problem(
                    "leading_zero_restored",
                    f"{len(set(self.regions.restored))} region keys had lost their leading zero "
                    f"({original} -> {key})",
                    params={
                        "count": len(set(self.regions.restored)),
                        "key": key,
                        "original": original,
                    },
                )
            )
        if not observations:
            self.problems.append(Problem("no_data", "the table holds no data rows"))
        layout = Layout(
            header_lines=tuple(number for number, _ in header),
            first_data_line=body[0][0],
            columns=tuple(self.guesses(header, stub, columns)),
            regions_in="columns" if region_cols else "rows",
            specials=self.specials,
            footer_line=footer[0][0] if footer else None,
            notes=tuple(self.notes),
        )
        return ParsedFile(
            format="sheet",
            table_code="",
            title=title,
            stand=None,
            source=source,
            licence=LICENCE_DL_DE_BY if "dl-de" in source.lower() else "",
            encoding=self.grid.encoding,
            observations=observations,
            problems=self.problems,
            footnotes=footnotes,
            layout=layout,
        )

    # -- the region axis ---------------------------------------------------------------------

    def region_columns(self, header, body, width) -> dict[int, tuple[str, str]]:
        """Columns whose header cell names a region, when a header row names at least two."""
        per_row: list[dict[int, tuple[str, str]]] = []
        for _, cells in header:
            found = {}
            for index, cell in enumerate(cells[:width]):
                if self.choices.role_of(index) not in (None, "measure"):
                    continue
                hit = self.regions.key_of(cell)
                if hit:
                    found[index] = (hit[0], hit[1] or self.column_name(header, index, cell))
            per_row.append(found)
        if max(map(len, per_row), default=0) < 2:
            return {}
        # The row of most regions first; a lone region in another row (the Land's total column
        # "Sachsen-Anhalt Insgesamt" one row higher) joins it.
        best: dict[int, tuple[str, str]] = {}
        for found in sorted(per_row, key=len, reverse=True):
            best.update({i: r for i, r in found.items() if i not in best})
        # Header cells in the region columns that name no region: names the reader cannot
        # resolve (never guessed), reported, their columns left out.
        first = min(best)
        for index in range(first, width):
            if index in best:
                continue
            labels = [_text(cells[index]) for _, cells in header if index < len(cells)]
            label = next((t for t in reversed(labels) if t), "")
            if label and any(_value(cells[index], None) for _, cells in body if index < len(cells)):
                self.regions.unresolved.setdefault(label, header[-1][0])
        return best

    @staticmethod
    def column_name(header, index, key_cell) -> str:
        """A region's name for a key in the header: the text cell under or over the key."""
        for _, cells in reversed(header):
            cell = cells[index] if index < len(cells) else None
            text = cell.strip() if isinstance(cell, str) and cell is not key_cell else ""
            if text and not text.isdigit():
                return _SPACES_RE.sub(" ", cell.strip().replace("-\n", "-"))
        return _text(key_cell)

    def stub_width(self, header, body, width) -> int:
        """Leading columns of labels: text cells, years or weeks rather than values. A column
        under a year in the header holds that year's values, however year-like they are."""
        stub = 0
        for index in range(width):
            role = self.choices.role_of(index)
            if role is not None:
                if role == "measure":
                    break
                stub = index + 1
                continue
            if any(index < len(cells) and _year(cells[index]) for _, cells in header):
                break
            cells = [
                cells[index] for _, cells in body if index < len(cells) and _text(cells[index])
            ]
            if not cells:
                break
            labels = sum(
                1
                for cell in cells
                if _value(cell, self.grid.decimal) is None
                or (_year(cell) and not isinstance(cell, float))
            )
            if labels * 10 < len(cells) * 8:
                break
            stub = index + 1
        return stub

    def single_region(self, titles: list[str]) -> tuple[str, str] | None:
        for text in titles:
            key = self.regions.by_name(text)
            if key:
                self.notes.append(f"one region for the whole table: {text} ({key})")
                return key, text
        return None

    def report_unresolved(self) -> None:
        for name, line in self.regions.unresolved.items():
            self.problems.append(
                Problem(
                    "unknown_region_name",
                    f"{name!r} names no region the registry knows unambiguously; left out",
                    line=line,
                    column=name,
                    params={"name": name[:80]},
                )
            )
        self.regions.unresolved = {}

    # -- header: what each value column holds ------------------------------------------------

    def read_header(self, header, width, stub_width, region_cols) -> list["_Column"]:
        grids: list[list[str]] = []
        for _, cells in header:
            labels = [_text(cells[i]) if i < len(cells) else "" for i in range(width)]
            # A merged header cell spans to the right: fill it in over the value columns.
            for i in range(stub_width + 1, width):
                if not labels[i] and i not in region_cols:
                    labels[i] = labels[i - 1]
            grids.append(labels)
        value_indexes = [
            i
            for i in range(stub_width, width)
            if (not region_cols or i in region_cols) and self.choices.role_of(i) != "ignored"
        ]
        columns = [
            _Column(index=i, path=tuple(labels[i] for labels in grids), region=region_cols.get(i))
            for i in value_indexes
        ]
        merkmal = 0
        for row_index, labels in enumerate(grids):
            present = [labels[c.index] for c in columns if labels[c.index]]
            if not present:
                continue
            if region_cols and all(
                c.index in region_cols
                and self.regions.key_of(
                    header[row_index][1][c.index] if c.index < len(header[row_index][1]) else None
                )
                for c in columns
                if labels[c.index]
            ):
                continue  # the row of region keys or names
            if all(_year(label) for label in present):
                for column in columns:
                    year = _year(labels[column.index])
                    column.period = year[0] if year else column.period
                continue
            folded = {label.casefold() for label in present}
            if folded & _SEX_MARKERS and folded <= _SEX_LABELS:
                for column in columns:
                    if labels[column.index]:
                        column.dimensions.append(("Geschlecht", labels[column.index]))
                continue
            if len(set(present)) == 1 and region_cols:
                label = _strip_marker(present[0])[0]
                if not _REGION_GROUP_RE.search(label) and not any(c.measure for c in columns):
                    for column in columns:
                        column.measure = label
                continue
            if region_cols:
                continue  # a grouping of the region columns ("Kreisfreie Städte und Landkreise")
            units = [label for label in present if label.casefold() in _UNIT_WORDS]
            if units and len(units) * 2 >= len(present):
                merkmal_values = False
                for column in columns:
                    label = labels[column.index]
                    if label.casefold() in _UNIT_WORDS:
                        column.unit = label
                    elif label:
                        merkmal_values = True
                        column.notes.append(label)
                if merkmal_values:
                    merkmal += 1
                    for column in columns:
                        if column.notes:
                            column.dimensions.append((f"Merkmal {merkmal}", column.notes.pop()))
                continue
            if all(not column.measure for column in columns):
                for column in columns:
                    column.measure = _strip_marker(labels[column.index])[0]
                continue
            merkmal += 1
            for column in columns:
                if labels[column.index]:
                    column.dimensions.append(
                        (f"Merkmal {merkmal}", _strip_marker(labels[column.index])[0])
                    )
        # A column without a unit under the same measure as its neighbour ("Landeswert" beside
        # "EW/km2") shares the neighbour's unit.
        for left, right in zip(columns, columns[1:], strict=False):
            if not right.unit and left.unit and left.measure == right.measure:
                right.unit = left.unit
        return columns

    def title_measure(self, titles: list[str], title: str) -> tuple[str, str]:
        """The measure and unit the title block names: a line "Gestorbene (...) (Anzahl)", else
        the title's first words ("Gestorbene in Hessen nach ..." -> "Gestorbene")."""
        for text in titles:
            match = _MEASURE_UNIT_RE.fullmatch(text)
            if match and match.group("unit").casefold() in _UNIT_WORDS:
                return match.group("measure").strip(), match.group("unit").strip()
        measure = _TITLE_CUT_RE.split(title, maxsplit=1)[0].strip() if title else ""
        return _strip_marker(measure)[0], ""

    # -- stub: what each row holds -----------------------------------------------------------

    def read_stub(self, header, body, stub_width, region_cols) -> "_Stub":
        stub = _Stub()
        year_cols: list[tuple[int, str]] = []
        for index in range(stub_width):
            label = ""
            for _, cells in header:
                if index < len(cells) and _text(cells[index]):
                    label = _text(cells[index]) if not label else f"{label} {_text(cells[index])}"
            cells = [cells[index] if index < len(cells) else None for _, cells in body]
            filled = [cell for cell in cells if _text(cell)]
            role = self.choices.role_of(index)
            word = _header_word(label)
            if role is None:
                if not filled:
                    role = "ignored"
                elif (
                    not region_cols
                    and sum(1 for c in filled if self.regions.key_of(c)) * 2 >= len(filled) >= 1
                    and stub.region is None
                ):
                    role = "region"
                elif all(_year(c) for c in filled):
                    role = "year"
                elif all(_week(c) or _text(c).casefold() in _TOTAL_LABELS for c in filled) and (
                    any(isinstance(c, str) for c in filled)
                    or "woche" in word
                    or word in ("kw", "nr.")
                ):
                    role = "week"
                else:
                    role = "breakdown"
            elif role in ("key", "name", "key_name"):
                role = "region"
            elif role == "period":
                role = "year" if all(_year(c) for c in filled) else "week"
            stub.labels[index] = label
            if role == "region":
                stub.region = index
                forms = Counter(hit[2] for c in filled if (hit := self.regions.key_of(c)))
                stub.region_role = forms.most_common(1)[0][0] if forms else "key_name"
                stub.reasons[index] = "its cells name regions (keys, key and name, known names)"
            elif role == "year":
                year_cols.append((index, word))
            elif role == "week":
                stub.week = index
                stub.reasons[index] = "calendar weeks (KW 1 ... 53); an 'Insgesamt' row is the year"
            elif role in ("breakdown", "breakdown_code"):
                stub.breakdowns[index] = _strip_marker(label)[0] or f"Merkmal {index + 1}"
                stub.reasons[index] = "labels of another breakdown"
            else:
                stub.ignored.add(index)
        if year_cols:
            # Two year columns (Berichtsjahr, ISO year): the one headed "Jahr" goes with the week.
            chosen = next((i for i, word in year_cols if word == "jahr"), year_cols[0][0])
            stub.year = chosen
            stub.reasons[chosen] = "years (footnote markers such as '1961*' read as the year)"
            for index, _word in year_cols:
                if index != chosen:
                    stub.breakdowns[index] = (
                        _strip_marker(stub.labels[index])[0].replace("-", "")
                        or f"Merkmal {index + 1}"
                    )
                    stub.reasons[index] = "a second year column, kept as a breakdown"
        return stub

    # -- observations ------------------------------------------------------------------------

    def observations(self, body, columns, stub, single_region) -> list[Observation]:
        decimal = self.grid.decimal
        self.specials: dict[str, tuple[str, int]] = {}
        special_counts: Counter = Counter()
        # Columns without a single value ("2024", not yet published) are left out.
        filled = {
            column.index
            for column in columns
            if any(column.index < len(cells) and _text(cells[column.index]) for _, cells in body)
        }
        empty = [column for column in columns if column.index not in filled]
        if empty:
            self.notes.append(
                f"{len(empty)} column(s) without any value left out (not yet published?): "
                + ", ".join(" / ".join(p for p in c.path if p) for c in empty[:6])
            )
        columns = [column for column in columns if column.index in filled]
        rows: list[tuple[int, tuple, str, str, list]] = []  # line, key, marker, name, cells
        for line, cells in body:
            region = single_region
            if stub.region is not None:
                cell = cells[stub.region] if stub.region < len(cells) else None
                hit = self.regions.key_of(cell)
                if hit is None:
                    if _text(cell):
                        self.regions.unresolved.setdefault(_text(cell), line)
                    continue
                region = (hit[0], hit[1] or _text(cell))
            period, marker = "", ""
            if stub.year is not None:
                year = _year(cells[stub.year]) if stub.year < len(cells) else None
                if year is None:
                    raise StatisticsFileError(
                        "bad_period",
                        f"{_text(cells[stub.year])!r} is not a year",
                        line=line,
                        column=stub.labels.get(stub.year) or str(stub.year + 1),
                        params={"value": _text(cells[stub.year])[:40]},
                    )
                period, marker = year
                if stub.week is not None:
                    cell = cells[stub.week] if stub.week < len(cells) else None
                    week = _week(cell)
                    if week is not None:
                        period = iso_week(period, week)
                    elif _text(cell).casefold() not in _TOTAL_LABELS:
                        raise StatisticsFileError(
                            "bad_period",
                            f"{_text(cell)!r} is no calendar week",
                            line=line,
                            params={"value": _text(cell)[:40]},
                        )
            dims = tuple(
                (name, _text(cells[index]) if index < len(cells) else "")
                for index, name in sorted(stub.breakdowns.items())
            )
            rows.append((line, region, period, marker, dims, cells))
        # A period that appears twice, once with a footnote marker ("1961*" beside "1961"): the
        # marked row is another count (a census), told apart by its footnote.
        by_period = Counter((r[1], r[2], r[4]) for r in rows)
        footnotes = {}
        for text in self.grid_footer_texts():
            match = re.match(r"\s*(\d{1,2}\)|\*+)\s*(.+)", text)
            if match:
                footnotes.setdefault(match.group(1), match.group(2).strip().rstrip("."))
        result: list[Observation] = []
        for line, region, period, marker, dims, cells in rows:
            if marker and by_period[(region, period, dims)] > 1:
                dims = (*dims, ("Fußnote", footnotes.get(marker, marker)))
            for column in columns:
                row_region = column.region or region
                row_period = period or column.period
                if row_region is None or not row_period:
                    raise self.fail("a value has no region or no period", line=line)
                cell = cells[column.index] if column.index < len(cells) else None
                parsed = _value(cell, decimal)
                if parsed is None:
                    text = _text(cell)
                    if text:
                        raise StatisticsFileError(
                            "bad_number",
                            f"{text[:40]!r} is not a number",
                            line=line,
                            column=" / ".join(p for p in column.path if p) or str(column.index + 1),
                            params={"value": text[:40]},
                        )
                    parsed = (Status.EMPTY, None)
                status, value = parsed
                if status is not Status.OK:
                    special_counts[(_text(cell) or "(empty)", status.value)] += 1
                result.append(
                    Observation(
                        region_key=row_region[0],
                        region_name=row_region[1],
                        period=row_period,
                        variable=column.measure,
                        unit=column.unit,
                        dimensions=tuple(sorted({*column.dimensions, *dims})),
                        value=value,
                        status=status,
                        line=line,
                    )
                )
        for (sign, status), count in special_counts.items():
            self.specials[sign] = (status, count)
        return self.ambiguous(result)

    def grid_footer_texts(self) -> list[str]:
        texts = []
        for _, cells in self.grid.rows:
            if len([c for c in cells if _text(c)]) == 1:
                texts.append(_text(next(c for c in cells if _text(c))))
        return texts

    def ambiguous(self, observations: list[Observation]) -> list[Observation]:
        """Cells that share region, period, measure and breakdowns: identical repeats are
        dropped, differing ones are ambiguous rows, skipped or numbered by order."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i, obs in enumerate(observations):
            groups[(obs.region_key, obs.period, obs.variable, obs.unit, obs.dimensions)].append(i)
        drop: set[int] = set()
        renamed: dict[int, str] = {}
        identical = 0
        first_repeat = (0, 0)
        ambiguous_lines: list[int] = []
        first_key = ""
        for key, indexes in groups.items():
            if len(indexes) == 1:
                continue
            values = {(observations[i].value, observations[i].status) for i in indexes}
            if len(values) == 1:
                drop.update(indexes[1:])
                if not identical:
                    first_repeat = (observations[indexes[1]].line, observations[indexes[0]].line)
                identical += len(indexes) - 1
                continue
            first_key = first_key or key[0]
            ambiguous_lines.extend(observations[i].line for i in indexes)
            if self.choices.ambiguous == AMBIGUOUS_ORDER:
                for n, i in enumerate(indexes[1:], start=2):
                    renamed[i] = f"{observations[i].variable} ({n})"
            else:
                drop.update(indexes)
        if identical:
            self.problems.append(
                Problem(
                    "duplicate_identical",
                    f"{identical} values repeat an earlier one and were skipped",
                    line=first_repeat[0],
                    params={"count": identical, "first_line": first_repeat[1]},
                )
            )
        if ambiguous_lines:
            lines = sorted(set(ambiguous_lines))
            self.problems.append(
                Problem(
                    "ambiguous_rows",
                    f"{len(lines)} rows share every key and differ only by their order",
                    line=lines[0],
                    params={
                        "count": len(lines),
                        "lines": ", ".join(map(str, lines[:10])),
                        "key": first_key,
                    },
                )
            )
        return [
            obs._replace(variable=renamed[i]) if i in renamed else obs
            for i, obs in enumerate(observations)
            if i not in drop
        ]

    # -- the preview's explanation -----------------------------------------------------------

    def guesses(self, header, stub, columns) -> list[ColumnGuess]:
        guesses = []
        for index, label in sorted(stub.labels.items()):
            role = (
                stub.region_role
                if index == stub.region
                else "period"
                if index in (stub.year, stub.week)
                else "breakdown"
                if index in stub.breakdowns
                else "ignored"
            )
            guesses.append(
                ColumnGuess(index=index, label=label, role=role, reason=stub.reasons.get(index, ""))
            )
        for column in columns:
            label = " / ".join(dict.fromkeys(p for p in column.path if p))
            reason = (
                f"region {column.region[0]} in the header"
                if column.region
                else f"period {column.period} in the header"
                if column.period
                else "values under a measure in the header"
            )
            guesses.append(
                ColumnGuess(
                    index=column.index,
                    label=label,
                    role="measure",
                    measure=column.measure,
                    unit=column.unit,
                    dimensions=tuple(column.dimensions),
                    reason=reason,
                )
            )
        return guesses


@dataclass
class _Stub:
    region: int | None = None
    region_role: str = "key_name"  # "key", "name" or "key_name": how the column names regions
    year: int | None = None
    week: int | None = None
    breakdowns: dict[int, str] = field(default_factory=dict)  # column -> dimension name
    ignored: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)


def read_sheet(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    """Read an office table (XLSX or CSV) by the layout model; see the module's docstring."""
    check_size(data, max_bytes)
    if is_xlsx(data):
        grid = _Grid(_sheet_rows(data, max_bytes=max_bytes, max_rows=None), "", "xlsx")
    else:
        text, encoding = decode(data)
        grid = _Grid(_text_rows(text, max_rows=None), encoding, "csv")
    if not grid.rows:
        raise StatisticsFileError("empty", "the sheet is empty")
    return _SheetReader(grid, choices or ReadChoices()).read()
