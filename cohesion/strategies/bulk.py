"""The bulk update of a strategy's measures from a CSV or XLSX file: reading it and planning
what it changes. Pure Python (``core.tables`` reads the file), no Django.

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
"""

import datetime
import re
from collections.abc import Iterable, Mapping
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
    progress int, dates, budget Decimal) and the problems. ``note`` is the row's note."""

    line: int
    measure_id: int | None
    changes: dict[str, tuple] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    note: str = ""

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
    (``other_municipality``)."""

    rows: list[RowPlan]
    columns: list[str]
    ignored_columns: list[str] = field(default_factory=list)
    refused: str = ""

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


def _header(cells: list[str]) -> tuple[dict[int, str], list[str]] | None:
    """The columns of a header row by position, and the headers left aside; None when the
    row has no id column (it is no header)."""
    named = [(position, cell.strip(), column_of(cell)) for position, cell in enumerate(cells)]
    named = [(position, text, column) for position, text, column in named if text]
    columns = [column for _position, _text, column in named if column is not None]
    if "id" not in columns:
        return None
    for column in columns:
        if columns.count(column) > 1:
            raise BulkFileError("repeated_column", column=column)
    positions = {position: column for position, _text, column in named if column is not None}
    ignored = [text for _position, text, column in named if column is None]
    return positions, ignored


def _row_plan(
    line: int, cells: dict[str, str], *, known: Mapping[int, MeasureState], ags: str, workbook
) -> RowPlan:
    plan = RowPlan(line=line, measure_id=None)

    def problem(code: str, column: str, value: str = "", **params) -> None:
        plan.problems.append(Problem(code, line, column, value, params))

    municipality = cells.get("municipality", "")
    if municipality and ags_normalised(municipality) != ags_normalised(ags):
        problem("other_municipality", "municipality", municipality)

    text = cells.get("id", "")
    if not text:
        problem("missing_id", "id")
    elif not re.fullmatch(r"\d{1,18}", text):
        problem("bad_id", "id", text)
    else:
        plan.measure_id = int(text)
        if plan.measure_id not in known:
            problem("unknown_measure", "id", text)

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


def bulk_plan(
    data: bytes, filename: str, *, known: Mapping[int, MeasureState], ags: str
) -> BulkPlan:
    """What uploading ``data`` would change in the measures ``known`` (a strategy's measures by
    id) of the municipality with the official key ``ags``. Raises ``BulkFileError`` for a file
    that cannot be read as such a sheet."""
    rows = _file_rows(data, filename)
    workbook = data[:2] == b"PK" or filename.lower().endswith(".xlsx")
    headers = ((index, _header(row.cells)) for index, row in enumerate(rows[:HEADER_ROWS]))
    index, header = next(((i, found) for i, found in headers if found is not None), (0, None))
    if header is None:
        raise BulkFileError("no_id_column")
    positions, ignored = header
    plans: list[RowPlan] = []
    for row in rows[index + 1 :]:
        cells = {
            column: _unneutralised(row.cells[position].strip())
            for position, column in positions.items()
            if position < len(row.cells)
        }
        given = {column: text for column, text in cells.items() if text}
        if set(given) - {"title", "municipality"}:  # a row of a title alone is a heading
            plans.append(_row_plan(row.number, given, known=known, ags=ags, workbook=workbook))
    if not plans:
        raise BulkFileError("no_rows")
    lines: dict[int, list[int]] = {}
    for plan in plans:
        if plan.measure_id is not None:
            lines.setdefault(plan.measure_id, []).append(plan.line)
    for plan in plans:
        repeated = lines.get(plan.measure_id, [])
        if len(repeated) > 1:
            plan.problems.append(
                Problem(
                    "duplicate_measure",
                    plan.line,
                    "id",
                    str(plan.measure_id),
                    {"lines": tuple(repeated)},
                )
            )
    for plan in plans:
        plan.problems.sort(key=lambda problem: _column_order(problem.column))
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
    )


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


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
