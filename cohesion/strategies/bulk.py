"""The bulk update of a strategy's measures, or of its indicators, from a CSV or XLSX file:
reading it and planning what it changes. Pure Python (``core.tables`` reads the file), no
Django.

Monitoring is kept up only when updating is cheap, so the people responsible may download a
sheet of their measures (``bulk_template_rows``), fill in status and progress, and upload it
again. ``bulk_plan`` reads the upload and tells, row by row, what would change and what is
wrong; the app shows this as a preview and applies the valid rows.

The file has a header row (in its first five rows: a title may stand above it), then one row
per measure. Columns, in any order, named in English or German, case and spacing aside, a
bracketed unit like "(EUR)" or "(%)" ignored:

- ``id`` (required; "ID", "Nr", "Kennung", "Maßnahme-ID"): the measure's number;
- ``status`` ("Status", "Stand"): planned, running, delayed, completed, cancelled, or the
  German words (geplant, laufend, verzögert, abgeschlossen, abgebrochen and some more);
- ``progress`` ("Fortschritt"): a whole number from 0 to 100, a "%" allowed;
- ``start`` and ``end`` ("Beginn", "Ende"): 2026-03-01 or 01.03.2026;
- ``budget`` ("Budget", "Kosten", "Mittel"): 1234.50, 1.234,50 (German), 1,234.50 or
  1234,50; a euro sign allowed; at most two decimals;
- ``note`` ("Notiz", "Bemerkung", "Kommentar"): text for the history, at most 2000 characters;
- ``municipality`` ("AGS", "Gemeinde", "Gemeindeschlüssel"): the official key; a file with
  another municipality's key in any row is refused as a whole;
- ``title`` ("Maßnahme", "Titel"): for the reader only, never read back.

Other columns are left aside (``BulkPlan.ignored_columns``). An empty cell leaves the value
as it is. A status with a default progress (planned 0, completed 100) sets it when the row
gives no progress. Cells that look like spreadsheet formulas ("=…", "@…") are refused in the
columns above; in a note they are kept as text (every export neutralises them). Our own
exports' leading single quote ("'=…") is taken off again. A workbook's formula is never run:
its cell reads as the value the spreadsheet program saved with it (empty when none was).

The file as a whole may be refused with a ``BulkFileError`` whose ``code`` is one of
``core.tables``' (``empty``, ``too_large``, ``too_many_rows``, ``cell_too_long``, ``encoding``,
``html_page``, ``not_a_table``), or ``no_id_column``, ``repeated_column`` (``column``),
``no_rows``. Problems of a row are ``Problem``s with these codes: ``missing_id``, ``bad_id``,
``unknown_measure`` (no measure of this strategy has the id, whether it belongs to another
strategy or to none: the preview never tells which), ``duplicate_measure`` (``lines``: every
line with the id), ``bad_status``, ``bad_progress``, ``bad_date``, ``end_before_start``,
``bad_budget``, ``formula``, ``too_long`` (``limit``), ``other_municipality``.

**A file of indicators** has, instead of ``id``, the column ``indicator`` ("indicator_id",
"Indikator", "Indikator-ID"); a file has either (``BulkFileError`` ``two_id_columns`` when it
has both). Its columns (``INDICATOR_COLUMNS``; those of measures are left aside):

- ``indicator`` (required): the indicator's number;
- ``target`` ("Zielwert", "Sollwert"): a number, negative allowed, at most four decimals and
  less than 10¹⁴, written as amounts are ("1.234,5", "1234,5", "1,234.5", "1234.5"; a group of
  three digits after a single separator is a thousands group, unless the number starts with
  0: "0,125" is 0.125), a "%" or a euro sign allowed; "NaN", "inf", "1e400" are no numbers;
- ``target_year`` ("Zieljahr"): a whole year from 2000 to 2100 (``TARGET_YEARS``, as the
  model's);
- ``actual`` ("Istwert", "Wert", "value"): a new actual value, a number as the target, with
  ``period`` ("Zeitraum", "Stichtag", "Datum"): a year "2025", a month "2025-06" ("06.2025",
  "06/2025") or a day (2025-06-30 or 30.06.2025), written uniformly as "2025", "2025-06" or
  "2025-06-30"; and ``source`` ("Quelle"): text, at most 2000 characters (a formula-like
  source is kept as text, as a note is). The value already entered for the same period again
  changes nothing; another one is a new actual value beside it;
- ``municipality`` as for measures; ``goal``, ``title`` (the name), ``unit``, ``baseline`` and
  ``last_actual``: for the reader only, never read back.

A row's problems: ``missing_indicator_id``, ``bad_indicator_id``, ``unknown_indicator`` (no
indicator of this strategy has the id: whether it belongs to another strategy is never told),
``duplicate_indicator`` (``lines``: one row per indicator), ``bad_target``,
``bad_target_year``, ``bad_actual``, ``bad_period``, ``actual_without_period``,
``period_without_actual`` (a period or a source without an actual value), ``formula``,
``too_long`` (the source), ``other_municipality`` (the file refused as a whole), and
``target_not_allowed``: a changed target or target year when the plan is made for someone
who may report progress but not change the strategy's content (``targets_allowed``). A file
without a row of indicators is refused with ``no_indicator_rows``.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cohesion.core import tables
from cohesion.strategies.progress import DEFAULT_PROGRESS, STATUSES

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
MAX_CELL = 10_000  # a longer cell: the file is no such sheet
MAX_NOTE = 2000
MAX_BUDGET = Decimal("1e12")
YEARS = (1900, 2200)
HEADER_ROWS = 5  # the header is looked for in this many rows (a title may stand above it)

FIELDS = ("status", "progress", "start", "end", "budget")
COLUMNS = ("municipality", "id", "title", "status", "progress", "start", "end", "budget", "note")

# An indicator file: targets and new actual values of the strategy's indicators.
MAX_NUMBER = Decimal("1e14")  # the model's 18 digits, 4 of them after the point
NUMBER_DECIMALS = 4
TARGET_YEARS = (2000, 2100)  # as the model's target year
MAX_SOURCE = 2000
INDICATOR_FIELDS = ("target", "target_year", "actual")
INDICATOR_COLUMNS = (
    "municipality",
    "indicator",
    "goal",
    "title",
    "unit",
    "baseline",
    "target",
    "target_year",
    "last_actual",
    "actual",
    "period",
    "source",
)
_READ = {  # the columns read back from each kind of file ("title" and the like for the reader)
    "measures": frozenset(COLUMNS),
    "indicators": frozenset(INDICATOR_COLUMNS),
}

# Header words, as normalised by ``_column_key`` (casefolded: "ß" reads "ss").
_ALIASES = {
    "id": ("id", "measure_id", "massnahme_id", "massnahmen_id", "nr", "no", "nummer", "kennung"),
    "title": ("title", "measure", "name", "titel", "massnahme", "bezeichnung"),
    "status": ("status", "state", "zustand"),
    "progress": ("progress", "fortschritt", "umsetzungsstand", "umsetzungsgrad"),
    "start": ("start", "start_date", "begin", "beginn", "startdatum", "anfang", "von"),
    "end": ("end", "end_date", "ende", "enddatum", "bis"),
    "budget": ("budget", "kosten", "mittel", "haushaltsmittel", "cost", "costs"),
    "note": ("note", "notes", "comment", "remark", "notiz", "bemerkung", "anmerkung", "kommentar"),
    "municipality": (
        "municipality",
        "ags",
        "official_key",
        "municipality_key",
        "gemeinde",
        "kommune",
        "gemeindeschlüssel",
        "gemeindeschluessel",
        "amtlicher_gemeindeschlüssel",
        "amtlicher_gemeindeschluessel",
    ),
    # The columns of an indicator file (``INDICATOR_COLUMNS``).
    "indicator": (
        "indicator",
        "indicator_id",
        "indicator_no",
        "indikator",
        "indikator_id",
        "indikator_nr",
        "indikatoren_id",
    ),
    "goal": ("goal", "ziel"),
    "unit": ("unit", "einheit"),
    "baseline": ("baseline", "baseline_value", "ausgangswert", "basiswert"),
    "target": ("target", "target_value", "zielwert", "sollwert", "soll"),
    "target_year": ("target_year", "zieljahr", "ziel_jahr"),
    "last_actual": ("last_actual", "latest_actual", "letzter_istwert", "letzter_wert"),
    "actual": (
        "actual",
        "actual_value",
        "new_actual",
        "value",
        "ist",
        "istwert",
        "ist_wert",
        "neuer_istwert",
        "wert",
    ),
    "period": ("period", "actual_period", "periode", "zeitraum", "stichtag", "date", "datum"),
    "source": ("source", "quelle", "datenquelle"),
}
_COLUMN_OF = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}

_STATUS_WORDS = {
    "planned": ("planned", "not started", "geplant", "nicht begonnen", "in planung"),
    "running": (
        "running",
        "in progress",
        "ongoing",
        "active",
        "started",
        "laufend",
        "läuft",
        "in umsetzung",
        "in arbeit",
        "begonnen",
        "aktiv",
    ),
    "delayed": ("delayed", "late", "behind", "verzögert", "verspätet", "im verzug", "in verzug"),
    "completed": (
        "completed",
        "complete",
        "done",
        "finished",
        "abgeschlossen",
        "erledigt",
        "fertig",
        "beendet",
        "umgesetzt",
    ),
    "cancelled": (
        "cancelled",
        "canceled",
        "dropped",
        "abgebrochen",
        "abgesagt",
        "gestrichen",
        "eingestellt",
        "storniert",
    ),
}
_STATUS_OF = {word: status for status, words in _STATUS_WORDS.items() for word in words}

TEMPLATE_HEADER = {
    "en": ("municipality", "id", "title", "status", "progress", "start", "end", "budget", "note"),
    "de": (
        "Gemeindeschlüssel",
        "ID",
        "Maßnahme",
        "Status",
        "Fortschritt",
        "Beginn",
        "Ende",
        "Budget",
        "Notiz",
    ),
}
TEMPLATE_STATUS = {
    "en": {status: status for status in STATUSES},
    "de": {
        "planned": "geplant",
        "running": "laufend",
        "delayed": "verzögert",
        "completed": "abgeschlossen",
        "cancelled": "abgebrochen",
    },
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # as core.spreadsheets neutralises them
_FORMULA = ("=", "@")  # refused in typed columns ("+" and "-" start numbers too)


class BulkFileError(ValueError):
    """The file as a whole cannot be planned; ``code`` and ``params`` as in the docstring."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class MeasureState:
    """A measure of the strategy as it is now: what a bulk update compares with and what the
    template shows. ``title`` in the reader's language, for the template only."""

    id: int
    status: str
    progress: int
    start: datetime.date | None = None
    end: datetime.date | None = None
    budget: Decimal | None = None
    title: str = ""


@dataclass(frozen=True)
class IndicatorState:
    """An indicator of the strategy as it is now. ``actuals``: the value last entered for each
    period (a row giving the same value again changes nothing); ``name``, ``goal``, ``unit``,
    ``baseline`` and ``last_actual`` (period and value) for the template only."""

    id: int
    target: Decimal | None = None
    target_year: int | None = None
    actuals: Mapping[str, Decimal] = field(default_factory=dict, compare=False, hash=False)
    name: str = ""
    goal: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    last_actual: tuple[str, Decimal] | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong in a row: ``line`` is the file's record (the header is 1), ``column`` the
    column's code ("" for the whole row), ``value`` the cell as written."""

    code: str
    line: int
    column: str
    value: str = ""
    params: Mapping = field(default_factory=dict, hash=False)


@dataclass
class RowPlan:
    """One row: the measure, the changes ``{field: (before, after)}`` (typed: status text,
    progress int, dates, budget Decimal) and the problems. ``note`` is the row's note.

    A row of an indicator file names its indicator in ``indicator_id`` (``measure_id`` is
    None); its changes are ``target`` (Decimal), ``target_year`` (int) and ``actual`` (the
    value already entered for ``period``, or None, and the new one), with the actual value's
    ``period`` ("2025", "2025-06" or "2025-06-30") and ``source``."""

    line: int
    measure_id: int | None
    changes: dict[str, tuple] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    note: str = ""
    indicator_id: int | None = None
    period: str = ""
    source: str = ""

    @property
    def object_id(self) -> int | None:
        """The measure's or the indicator's id."""
        return self.indicator_id if self.measure_id is None else self.measure_id

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def unchanged(self) -> bool:
        return self.valid and not self.changes

    @property
    def action(self) -> str:
        """``invalid``, ``unchanged`` or ``update``."""
        if not self.valid:
            return "invalid"
        return "update" if self.changes else "unchanged"


@dataclass
class BulkPlan:
    """Every row's plan; ``columns`` the codes of the columns read, ``ignored_columns`` the
    headers left aside; ``refused`` a code when nothing of the file may be applied
    (``other_municipality``); ``kind`` "measures" or "indicators" (the id column tells)."""

    rows: list[RowPlan]
    columns: list[str]
    ignored_columns: list[str] = field(default_factory=list)
    refused: str = ""
    kind: str = "measures"

    @property
    def target_changes(self) -> bool:
        """Whether a valid row changes an indicator's target or target year (content of the
        strategy, unlike actual values)."""
        return any(
            name in row.changes for row in self.valid_rows for name in ("target", "target_year")
        )

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def all_valid(self) -> bool:
        return not self.refused and all(row.valid for row in self.rows)

    @property
    def valid_rows(self) -> list[RowPlan]:
        """The rows that may be applied (with or without changes); none if refused."""
        if self.refused:
            return []
        return [row for row in self.rows if row.valid]

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [row for row in self.valid_rows if row.changes]

    @property
    def invalid_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if not row.valid]

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)


# --- cells ---


def _unneutralised(text: str) -> str:
    """A cell as our own export neutralised it ("'=…") reads back as it was typed."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _column_key(header: str) -> str:
    text = _unneutralised(header.strip()).casefold()
    text = re.sub(r"\(.*?\)|\[.*?\]|%|€", " ", text)
    return re.sub(r"[\W_]+", "_", text).strip("_")


def column_of(header: str) -> str | None:
    """The column's code for a header in English or German, or None."""
    return _COLUMN_OF.get(_column_key(header))


def status_of(word: str) -> str | None:
    """The status code for a status word in English or German, or None."""
    key = " ".join(re.sub(r"[-_]+", " ", word.strip().casefold()).split())
    return _STATUS_OF.get(key)


def progress_parsed(text: str) -> int | None:
    """A whole number from 0 to 100 ("45", "45 %", "45,0"), or None."""
    text = text.strip().removesuffix("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.0*)?", text):
        return None
    value = int(Decimal(text))
    return value if 0 <= value <= 100 else None


def date_parsed(text: str) -> datetime.date | None:
    """A date written 2026-03-01 or 01.03.2026 (1.3.2026), or None when impossible."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        pattern = "%Y-%m-%d"
    elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        pattern = "%d.%m.%Y"
    else:
        return None
    try:
        day = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
    except ValueError:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def amount_parsed(text: str, *, workbook: bool = False) -> Decimal | None:
    """An amount of money, 0 or more with at most two decimals, or None. German "1.234,50"
    and "1234,50", English "1,234.50" and "1234.50"; a group of three digits after a single
    separator is a thousands group ("1.234" is 1234). A workbook's number cell reads as
    written by Python ("1234.5"), a float's noise rounded to the cent."""
    text = re.sub(r"[\s\u00a0\u202f]+|€|(?i:eur)", "", text)
    if workbook and re.fullmatch(r"\d+\.\d+(e[+-]?\d+)?", text, flags=re.IGNORECASE):
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        cents = value.quantize(Decimal("0.01"))
        value = cents if abs(value - cents) < Decimal("1e-6") else value
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        value = Decimal(text.replace(".", "").replace(",", "."))
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        value = Decimal(text.replace(",", ""))
    elif re.fullmatch(r"\d+([.,]\d+)?", text):
        value = Decimal(text.replace(",", "."))
    else:
        return None
    if value >= MAX_BUDGET or value.as_tuple().exponent < -2:
        return None
    return value


def ags_normalised(text: str) -> str:
    """An official key as written in a sheet: spaces aside, and the leading zero a
    spreadsheet drops put back (7 digits are 8, 4 are 5, 1 is 2)."""
    text = re.sub(r"\s+", "", text)
    if text.isdigit() and len(text) in (1, 4, 7):
        return "0" + text
    return text


_SPACES = r"[\s\u00a0\u202f]+"


def number_parsed(text: str, *, workbook: bool = False) -> Decimal | None:
    """An indicator's value (a target, an actual value), or None: negative allowed, at most
    four decimals, less than 10¹⁴ in size; a "%" or a euro sign aside. Written as amounts are
    (``amount_parsed``): "1.234,5" and "1234,5" (German), "1,234.5" and "1234.5" (English), a
    group of three digits after a single separator a thousands group ("1.234" is 1234, but
    "0,125" is 0.125). A workbook's number cell reads as written by Python ("1234.5",
    "1e-05"), a float's noise rounded away. "NaN", "inf" and "1e400" are no numbers."""
    text = re.sub(_SPACES + r"|€|%|(?i:eur)", "", text).replace("\u2212", "-")
    negative = text.startswith("-")
    text = text.removeprefix("-")
    if workbook and re.fullmatch(r"\d+(\.\d+)?(e[+-]?\d{1,3})?", text, flags=re.IGNORECASE):
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        if value >= MAX_NUMBER:
            return None
        rounded = value.quantize(Decimal(1).scaleb(-NUMBER_DECIMALS))
        value = rounded if abs(value - rounded) < Decimal("1e-9") else value
    elif re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+(,\d+)?", text):
        value = Decimal(text.replace(".", "").replace(",", "."))
    elif re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+(\.\d+)?", text):
        value = Decimal(text.replace(",", ""))
    elif re.fullmatch(r"\d+([.,]\d+)?", text):
        value = Decimal(text.replace(",", "."))
    else:
        return None
    if value >= MAX_NUMBER or value.as_tuple().exponent < -NUMBER_DECIMALS:
        return None
    return -value if negative and value else value


def year_parsed(text: str) -> int | None:
    """A target year: a whole year from 2000 to 2100 ("2030"), or None."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text):
        return None
    year = int(text)
    return year if TARGET_YEARS[0] <= year <= TARGET_YEARS[1] else None


def period_parsed(text: str) -> str | None:
    """The period of an actual value written uniformly, or None: a year ("2025"), a month
    ("2025-06", "06.2025", "06/2025" are "2025-06") or a day (2025-06-30 or 30.06.2025 are
    "2025-06-30"), the year within ``YEARS``."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})", text):
        year, month = int(match[1]), None
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[./](\d{4})", text):
        year, month = int(match[2]), int(match[1])
    else:
        day = date_parsed(text)
        return day.isoformat() if day is not None else None
    if not YEARS[0] <= year <= YEARS[1] or (month is not None and not 1 <= month <= 12):
        return None
    return str(year) if month is None else f"{year}-{month:02d}"


# --- the plan ---


def _file_rows(data: bytes, filename: str) -> list[tables.Row]:
    try:
        return tables.table_rows(
            data,
            max_bytes=MAX_BYTES,
            max_rows=MAX_ROWS,
            max_columns=MAX_COLUMNS,
            max_cell=MAX_CELL,
            filename=filename,
        )
    except tables.TableError as error:
        raise BulkFileError(error.code, **error.params) from error


def _header(cells: list[str]) -> tuple[str, dict[int, str], list[str]] | None:
    """The kind of file ("measures" or "indicators", as its id column tells), its columns by
    position and the headers left aside (unknown ones and those of the other kind); None when
    the row has no id column (it is no header)."""
    named = [(position, cell.strip(), column_of(cell)) for position, cell in enumerate(cells)]
    named = [(position, text, column) for position, text, column in named if text]
    columns = {column for _position, _text, column in named if column is not None}
    if {"id", "indicator"} <= columns:
        raise BulkFileError("two_id_columns")
    if "id" in columns:
        kind = "measures"
    elif "indicator" in columns:
        kind = "indicators"
    else:
        return None
    read = _READ[kind]
    named = [(p, text, column if column in read else None) for p, text, column in named]
    kept = [column for _position, _text, column in named if column is not None]
    for column in kept:
        if kept.count(column) > 1:
            raise BulkFileError("repeated_column", column=column)
    positions = {position: column for position, _text, column in named if column is not None}
    ignored = [text for _position, text, column in named if column is None]
    return kind, positions, ignored


# A row's id problems: missing, malformed, unknown to this strategy.
_MEASURE_ID_CODES = ("missing_id", "bad_id", "unknown_measure")
_INDICATOR_ID_CODES = ("missing_indicator_id", "bad_indicator_id", "unknown_indicator")


def _row_begun(
    line: int, cells: dict[str, str], *, ags: str, id_column: str, known: Mapping, codes
) -> tuple["RowPlan", Callable, int | None]:
    """A row's plan with its municipality checked and its id read, the function that notes a
    problem of the row, and the id (None when missing or malformed; an unknown id is kept and
    noted)."""
    plan = RowPlan(line=line, measure_id=None)

    def problem(code: str, column: str, value: str = "", **params) -> None:
        plan.problems.append(Problem(code, line, column, value, params))

    municipality = cells.get("municipality", "")
    if municipality and ags_normalised(municipality) != ags_normalised(ags):
        problem("other_municipality", "municipality", municipality)

    missing, malformed, unknown = codes
    text = cells.get(id_column, "")
    if not text:
        problem(missing, id_column)
        return plan, problem, None
    if not re.fullmatch(r"\d{1,18}", text):
        problem(malformed, id_column, text)
        return plan, problem, None
    if int(text) not in known:
        problem(unknown, id_column, text)
    return plan, problem, int(text)


def _row_plan(
    line: int, cells: dict[str, str], *, known: Mapping[int, MeasureState], ags: str, workbook
) -> RowPlan:
    plan, problem, plan.measure_id = _row_begun(
        line, cells, ags=ags, id_column="id", known=known, codes=_MEASURE_ID_CODES
    )

    parsed: dict = {}
    for column in FIELDS:
        text = cells.get(column, "")
        if not text:
            continue
        if text.startswith(_FORMULA):
            problem("formula", column, text)
            continue
        if column == "status":
            value = status_of(text)
        elif column == "progress":
            value = progress_parsed(text)
        elif column in ("start", "end"):
            value = date_parsed(text)
        else:
            value = amount_parsed(text, workbook=workbook)
        if value is None:
            problem(f"bad_{'date' if column in ('start', 'end') else column}", column, text)
        else:
            parsed[column] = value

    plan.note = cells.get("note", "")
    if len(plan.note) > MAX_NOTE:
        problem("too_long", "note", plan.note[:50], limit=MAX_NOTE)

    state = known.get(plan.measure_id) if plan.measure_id is not None else None
    start = parsed.get("start", state.start if state else None)
    end = parsed.get("end", state.end if state else None)
    if start is not None and end is not None and end < start:
        column = "end" if "end" in parsed else "start"
        problem("end_before_start", column, cells.get(column, ""))

    if state is not None:
        status = parsed.get("status", state.status)
        new_status = "status" in parsed and parsed["status"] != state.status
        if new_status and "progress" not in parsed and status in DEFAULT_PROGRESS:
            parsed["progress"] = DEFAULT_PROGRESS[status]
        for column in FIELDS:
            if column in parsed and parsed[column] != getattr(state, column):
                plan.changes[column] = (getattr(state, column), parsed[column])
    return plan


def _indicator_row_plan(
    line: int,
    cells: dict[str, str],
    *,
    known: Mapping[int, IndicatorState],
    ags: str,
    workbook: bool,
    targets_allowed: bool,
) -> RowPlan:
    plan, problem, plan.indicator_id = _row_begun(
        line, cells, ags=ags, id_column="indicator", known=known, codes=_INDICATOR_ID_CODES
    )

    parsers = {
        "target": lambda text: number_parsed(text, workbook=workbook),
        "target_year": year_parsed,
        "actual": lambda text: number_parsed(text, workbook=workbook),
        "period": period_parsed,
    }
    parsed: dict = {}
    for column, parser in parsers.items():
        text = cells.get(column, "")
        if not text:
            continue
        if text.startswith(_FORMULA):
            problem("formula", column, text)
            continue
        value = parser(text)
        if value is None:
            problem(f"bad_{column}", column, text)
        else:
            parsed[column] = value

    plan.source = cells.get("source", "")
    if len(plan.source) > MAX_SOURCE:
        problem("too_long", "source", plan.source[:50], limit=MAX_SOURCE)
    if "actual" in cells and "period" not in cells:
        problem("actual_without_period", "period")
    if "actual" not in cells and ("period" in cells or "source" in cells):
        problem("period_without_actual", "actual")
    plan.period = parsed.get("period", "")

    state = known.get(plan.indicator_id) if plan.indicator_id is not None else None
    if state is not None:
        for column in ("target", "target_year"):
            if column in parsed and parsed[column] != getattr(state, column):
                plan.changes[column] = (getattr(state, column), parsed[column])
                if not targets_allowed:
                    problem("target_not_allowed", column, cells[column])
        if "actual" in parsed and plan.period:
            before = state.actuals.get(plan.period)
            if before != parsed["actual"]:
                plan.changes["actual"] = (before, parsed["actual"])
    return plan


def bulk_plan(
    data: bytes,
    filename: str,
    *,
    known: Mapping[int, MeasureState],
    ags: str,
    indicators: Mapping[int, IndicatorState] | None = None,
    targets_allowed: bool = True,
) -> BulkPlan:
    """What uploading ``data`` would change in the measures ``known`` (a strategy's measures by
    id) of the municipality with the official key ``ags`` or, for a file with an indicator id
    column, in the strategy's ``indicators`` (by id). Without ``targets_allowed`` (the uploader
    may report progress but not change the strategy's content) a row changing a target or a
    target year is invalid. Raises ``BulkFileError`` for a file that cannot be read as such a
    sheet."""
    rows = _file_rows(data, filename)
    workbook = data[:2] == b"PK" or filename.lower().endswith(".xlsx")
    headers = ((index, _header(row.cells)) for index, row in enumerate(rows[:HEADER_ROWS]))
    index, header = next(((i, found) for i, found in headers if found is not None), (0, None))
    if header is None:
        raise BulkFileError("no_id_column")
    kind, positions, ignored = header
    plans: list[RowPlan] = []
    for row in rows[index + 1 :]:
        cells = {
            column: _unneutralised(row.cells[position].strip())
            for position, column in positions.items()
            if position < len(row.cells)
        }
        given = {column: text for column, text in cells.items() if text}
        # A row of reader's columns alone (a title, a goal) is a heading.
        if kind == "measures" and set(given) - {"title", "municipality"}:
            plans.append(_row_plan(row.number, given, known=known, ags=ags, workbook=workbook))
        elif kind == "indicators" and set(given) & {"indicator", *INDICATOR_FIELDS, "period"}:
            plans.append(
                _indicator_row_plan(
                    row.number,
                    given,
                    known=indicators or {},
                    ags=ags,
                    workbook=workbook,
                    targets_allowed=targets_allowed,
                )
            )
    if not plans:
        raise BulkFileError("no_rows" if kind == "measures" else "no_indicator_rows")
    lines: dict[int, list[int]] = {}
    for plan in plans:
        if plan.object_id is not None:
            lines.setdefault(plan.object_id, []).append(plan.line)
    duplicate = "duplicate_measure" if kind == "measures" else "duplicate_indicator"
    id_column = "id" if kind == "measures" else "indicator"
    for plan in plans:
        repeated = lines.get(plan.object_id, [])
        if len(repeated) > 1:
            plan.problems.append(
                Problem(
                    duplicate,
                    plan.line,
                    id_column,
                    str(plan.object_id),
                    {"lines": tuple(repeated)},
                )
            )
    order = COLUMNS if kind == "measures" else INDICATOR_COLUMNS
    for plan in plans:
        plan.problems.sort(key=lambda problem: _column_order(problem.column, order))
    refused = (
        "other_municipality"
        if any(problem.code == "other_municipality" for plan in plans for problem in plan.problems)
        else ""
    )
    return BulkPlan(
        rows=plans,
        columns=[positions[position] for position in sorted(positions)],
        ignored_columns=ignored,
        refused=refused,
        kind=kind,
    )


def _column_order(column: str, order: tuple[str, ...] = COLUMNS) -> int:
    return order.index(column) if column in order else -1


# --- the template ---


def _date_text(day: datetime.date | None, language: str) -> str:
    if day is None:
        return ""
    return day.strftime("%d.%m.%Y") if language == "de" else day.isoformat()


def _amount_text(amount: Decimal | None, language: str) -> str:
    if amount is None:
        return ""
    text = f"{amount.quantize(Decimal('0.01')):f}"
    return text.replace(".", ",") if language == "de" else text


def bulk_template_rows(
    measures: Iterable[MeasureState], *, ags: str = "", language: str = "en"
) -> list[list[str]]:
    """The sheet to fill in: the header, then one row per measure with its values now (for
    ``language`` "de" German headers, status words, dates and decimal commas; else English).
    Written with ``core.spreadsheets``, which neutralises formula-like text, it reads back
    through ``bulk_plan`` as unchanged."""
    language = language if language in TEMPLATE_HEADER else "en"
    words = TEMPLATE_STATUS[language]
    rows = [list(TEMPLATE_HEADER[language])]
    for measure in measures:
        rows.append(
            [
                ags,
                str(measure.id),
                measure.title,
                words.get(measure.status, measure.status),
                str(measure.progress),
                _date_text(measure.start, language),
                _date_text(measure.end, language),
                _amount_text(measure.budget, language),
                "",
            ]
        )
    return rows


INDICATOR_TEMPLATE_HEADER = {
    "en": (
        "municipality",
        "indicator",
        "goal",
        "name",
        "unit",
        "baseline",
        "target",
        "target year",
        "last actual",
        "actual",
        "period",
        "source",
    ),
    "de": (
        "Gemeindeschlüssel",
        "Indikator-ID",
        "Ziel",
        "Bezeichnung",
        "Einheit",
        "Ausgangswert",
        "Zielwert",
        "Zieljahr",
        "Letzter Istwert",
        "Istwert",
        "Zeitraum",
        "Quelle",
    ),
}


def number_text(value: Decimal | None, language: str) -> str:
    """An indicator's value as the template writes it (no trailing zeros; German with a
    decimal comma). Three decimals get a fourth zero so that they never read as a thousands
    group ("1,1250", not "1,125")."""
    if value is None:
        return ""
    text = f"{value.normalize():f}" if value else "0"
    _whole, _point, decimals = text.partition(".")
    if len(decimals) == 3:
        text += "0"
    return text.replace(".", ",") if language == "de" else text


def indicator_template_rows(
    indicators: Iterable[IndicatorState], *, ags: str = "", language: str = "en"
) -> list[list[str]]:
    """The indicator sheet to fill in: the header, then one row per indicator with its goal,
    name, unit, baseline, target, target year and last actual value (for the reader), and
    empty cells for a new actual value, its period and its source. Read back through
    ``bulk_plan`` as it was written, it changes nothing."""
    language = language if language in INDICATOR_TEMPLATE_HEADER else "en"
    rows = [list(INDICATOR_TEMPLATE_HEADER[language])]
    for indicator in indicators:
        last = ""
        if indicator.last_actual is not None:
            period, value = indicator.last_actual
            last = f"{number_text(value, language)} ({period})"
        rows.append(
            [
                ags,
                str(indicator.id),
                indicator.goal,
                indicator.name,
                indicator.unit,
                number_text(indicator.baseline, language),
                number_text(indicator.target, language),
                str(indicator.target_year or ""),
                last,
                "",
                "",
                "",
            ]
        )
    return rows
