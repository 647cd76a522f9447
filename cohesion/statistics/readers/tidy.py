"""Reader for tidy tables (CSV or XLSX) with a column mapping chosen by the user.

Two shapes, chosen by the mapping:

* **Long** (one value per row): ``value`` names the value column. The measure comes from the
  column named by ``variable``, or, when the file has no such column, is the fixed name given as
  ``fixed_variable`` (neither: the value column's header). Example: the 12521-0041 long extract,
  ``TidyMapping(region_key="kreis_ags", period="stichtag", value="auslaender",
  fixed_variable="Ausländer", dimension_columns=("laendergruppe", "geschlecht"))``.
* **Wide** (several measures per row): ``value_columns`` lists them; each header becomes the
  variable. Example: the Zensus 2022 BW file, ``TidyMapping(region_key="ags", period="",
  fixed_period="2022-05-15", value_columns=("population", "foreign", ...), region_name="name")``.

Column fields (``region_key``, ``period``, ``value``, ``variable``, ``value_columns``,
``dimension_columns``, ``region_name``, ``unit_column``) name header cells; ``fixed_*``, ``unit``,
``table_code``, ``title``, ``source`` and ``licence`` are values. ``period`` may be "" when
``fixed_period`` gives the one period of the whole file (Zensus: "2022-05-15"). ``unit_column``
names a per-row unit (Niedersachsen's "Units"), ``unit`` is the unit otherwise.
``region_key_prefix_strip`` is removed from the start of every region key before it is checked:
the Niedersachsen monitor writes "K03101" for 03101, so ``region_key_prefix_strip="K"``.

A file of one region without a key column (Niedersachsen's Land-level 5-3-3) names that region
as ``fixed_region`` ("03") instead of ``region_key``.

A cell holding a spreadsheet error (``#BEZUG!``, ``#NV``, ``#DIV/0!``, see
``SPREADSHEET_ERRORS``) does not refuse the file: in the key column its row is left out, in a value
column it is a missing value; one Problem ``spreadsheet_error`` counts them and names the first.

Region keys must be official keys (DG, or 2, 3, 5, 8, 9 or 12 digits), kept as text. A key that
lost its leading zero to a spreadsheet (7 digits for an AGS, 4 for a Kreis, 1 for a Land,
11 for an ARS) gets it back, and a Problem says so.

Numbers: decimal comma or point, decided once per file by the first value that shows it
(``1,5``, ``1.234,5``, ``0.25``); until one does, ``89.504`` could be either, so semicolon and tab
files (German Excel) are read with a decimal comma and comma files with a point, and a Problem
("ambiguous_decimal") says so. Numbers an XLSX holds as numbers are taken as they are.
Special values as in ``base.Status``; an empty cell is ``EMPTY``, an empty dimension cell the
total ("Insgesamt"). Periods: ``YYYY-MM-DD``, ``dd.mm.yyyy``, ``YYYY``, and a month as
``YYYYMM`` (Berlin's ``ZEIT`` 201612) or ``Juni 2007``: a month becomes its last day
(``2016-12-31``), because register counts like Berlin's are taken at the end of the month.

Rows are streamed: ``read_tidy`` reads the file once to check every row (errors are raised
before anything is imported, with line and column) and returns an ``ObservationStream`` that
reads the bytes again on each iteration, so a 200 MB file is never a list of tuples.
Rows that share every key (region, period, variable, unit, breakdown) but differ in their value
are ambiguous: ``ReadChoices.ambiguous`` leaves them out ("skip") or keeps them numbered by
their order ("order"), and a Problem ``ambiguous_rows`` names them. An identical repeat is
read once.

The guess (``guess_columns``, ``guess_mapping``) reads the first 500 rows (at most 512 KB) and,
of a longer file, the rows in its last 32 KB: a breakdown sorted outermost shows only there.
From the cells, not the header (the header only breaks ties):

* **key**: every filled cell an official key (``is_region_key``), after a shared letter prefix
  (``K03101`` → prefix ``K``); of several such columns the one that tells most rows apart, an
  AGS before an ARS. Berlin's ``RAUMID`` holds 8-digit keys of LOR planning areas: they look
  like an AGS but are none. They are kept as they are (the registry does not know them, the
  preview says so) rather than mapped to Berlin's AGS, which would put 447 areas' figures on
  one municipality; the layout's notes and the column's reason say what they are.
* **period**: every cell a year, a date or a month; a "Gebietsstand" date is the territorial
  status, not the reference date. Without a period column, a file named after the Zensus
  takes its census day (``zensus2022_…`` → ``2022-05-15``), otherwise the user gives one.
* **name**: text with one name per key; **unit**: a "Units"/"Einheit" column or known units.
* **breakdown**: a text (or code) column whose value differs between rows of the same region
  and period (``Geschlecht``, ``Nationalität``); a column with one value per region or period
  (Land, Kreis, "basis") describes the region, not the figures, and is not imported.
* **values**: numeric columns; one makes the long form, several the wide form. Numeric codes
  (leading zeros, "…_code", "plz") and columns repeating a stretch of the key (Berlin's BEZ,
  PLR) are not values, nor is a column of only two one-digit values in many rows (STADTRAUM).
  A value column called "Value" takes the file's name as its measure, so that two indicator
  files do not overwrite each other.

``None`` when no column holds keys, or no column holds values: the user maps by hand.
"""

import calendar
import functools
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy

from cohesion.statistics.readers.base import (
    AMBIGUOUS_ORDER,
    ColumnGuess,
    Layout,
    Observation,
    ObservationStream,
    ParsedFile,
    Problem,
    ReadChoices,
    StatisticsFileError,
    Status,
)
from cohesion.statistics.readers.cells import (
    SPECIAL_VALUES,
    CsvRecords,
    check_size,
    csv_from_zip,
    decode,
    is_region_key,
    normalise_period,
    number_style,
    parse_cell,
    parse_number,
    sniff_delimiter,
)
from cohesion.statistics.readers.xlsx import _open_first_sheet, is_xlsx, plain_text

TOTAL = "Insgesamt"  # an empty dimension cell: the total over that dimension, as in GENESIS

# Error values a spreadsheet writes into a cell whose formula failed (German and English Excel,
# LibreOffice): no figure, but no reason to refuse the rest of the file. What a value cell
# holding one becomes: a division by zero has no sensible value, "not available" is
# not available, the others (a broken reference, a bad name or number) are unknown.
SPREADSHEET_ERRORS: dict[str, Status] = {
    "#BEZUG!": Status.SUPPRESSED,
    "#REF!": Status.SUPPRESSED,
    "#NV": Status.UNAVAILABLE,
    "#N/A": Status.UNAVAILABLE,
    "#WERT!": Status.SUPPRESSED,
    "#VALUE!": Status.SUPPRESSED,
    "#DIV/0!": Status.NOT_APPLICABLE,
    "#NAME?": Status.SUPPRESSED,
    "#ZAHL!": Status.SUPPRESSED,
    "#NUM!": Status.SUPPRESSED,
}


def spreadsheet_error(cell: "Cell") -> bool:
    return isinstance(cell, str) and cell.strip().upper() in SPREADSHEET_ERRORS


@dataclass(frozen=True)
class TidyMapping:
    region_key: str
    period: str
    value: str | None = None
    variable: str | None = None
    value_columns: tuple[str, ...] = ()
    dimension_columns: tuple[str, ...] = ()
    region_name: str | None = None
    unit: str = ""
    table_code: str = ""
    source: str = ""
    licence: str = ""
    fixed_variable: str = ""
    fixed_period: str = ""
    unit_column: str | None = None
    region_key_prefix_strip: str = ""
    title: str = ""
    # The official key of every row, for a file of one region without a key column
    # (Niedersachsen's Land-level indicators: "03"); then ``region_key`` is "".
    fixed_region: str = ""


# --- periods -------------------------------------------------------------------------------------

_YEAR_MONTH_RE = re.compile(r"((?:19|20)[0-9]{2})(0[1-9]|1[0-2])")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan", "jänner"),
            ("februar", "feb"),
            ("märz", "maerz", "mär", "mrz"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("dezember", "dez"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME_RE = re.compile(r"([A-Za-zäÄ]+)\.?\s+((?:19|20)[0-9]{2})")


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


@functools.lru_cache(maxsize=4096)  # a file repeats a handful of periods on every row
def tidy_period(text: str) -> str | None:
    """A period as ``normalise_period`` reads it, or a month (``201612``, ``Juni 2007``) as its
    last day; None for anything else."""
    period = normalise_period(text)
    if period is not None:
        return period
    s = text.strip()
    match = _YEAR_MONTH_RE.fullmatch(s)
    if match:
        return _month_end(int(match.group(1)), int(match.group(2)))
    match = _MONTH_NAME_RE.fullmatch(s)
    if match and match.group(1).lower() in MONTHS:
        return _month_end(int(match.group(2)), MONTHS[match.group(1).lower()])
    return None


# --- rows ----------------------------------------------------------------------------------------

Cell = str | Decimal  # text, or a number an XLSX cell holds as a number
Rows = Iterator[tuple[int, list[Cell]]]


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else plain_text(cell)


def _blank(cells: list[Cell]) -> bool:
    return all(isinstance(cell, str) and not cell for cell in cells)


def _xlsx_cell(value) -> Cell:
    # Numbers stay numbers: as text, 1.234 would be ambiguous in a file with German numbers.
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number.is_finite():
            return number
    return plain_text(value).strip()


def _xlsx_rows(data: bytes, max_bytes: int | None, max_rows: int | None = None) -> Rows:
    """The first sheet's rows, streamed (openpyxl's read-only mode)."""
    workbook = _open_first_sheet(data, max_bytes)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored dimension can be wrong and would cut rows
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while max_rows is None or number < max_rows:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
                raise StatisticsFileError(
                    "unknown_layout",
                    f"the Excel sheet cannot be read ({type(exc).__name__}: {exc})",
                ) from exc
            number += 1
            yield number, [_xlsx_cell(v) for v in values]
    finally:
        workbook.close()


def _csv_rows(text: str, delimiter: str) -> Rows:
    for line, cells in CsvRecords(text, delimiter):
        yield line, [cell.strip() for cell in cells]


@dataclass(frozen=True)
class _Source:
    """Where the rows come from: ``rows()`` reads them again from the bytes on every call."""

    rows: Callable[[], Rows]
    encoding: str
    delimiter: str  # "" for a workbook


def _source(data: bytes, max_bytes: int | None) -> _Source:
    check_size(data, max_bytes)
    if data[:2] == b"PK":
        if is_xlsx(data):
            return _Source(lambda: _xlsx_rows(data, max_bytes), "utf-8", "")
        _, data = csv_from_zip(data, max_bytes=max_bytes)
    text, encoding = decode(data)  # raises "empty" for a blank file
    delimiter = sniff_delimiter(text)
    del text  # decoded again on every reading: the text of a large file is not kept

    def rows() -> Rows:
        return _csv_rows(decode(data)[0], delimiter)

    return _Source(rows, encoding, delimiter)


def _header(rows: Rows) -> tuple[int, list[str]]:
    for line, cells in rows:
        if not _blank(cells):
            header = [_text(cell) for cell in cells]
            while header and not header[-1]:
                header.pop()
            return line, header
    raise StatisticsFileError("empty", "the file holds no header")


def tidy_columns(data: bytes, *, max_bytes: int | None = None) -> list[str]:
    """The header cells, for the mapping step."""
    return _header(_source(data, max_bytes).rows())[1]


# --- the mapping ---------------------------------------------------------------------------------
def _bad_mapping(message: str, column: str | None = None, *, reason: str) -> StatisticsFileError:
    """``reason`` says which rule the mapping broke, for the mapping form's message."""
    params = {"column": column, "reason": reason} if column else {"reason": reason}
    return StatisticsFileError("bad_mapping", message, column=column, params=params)


def _check_shape(mapping: TidyMapping) -> None:
    if bool(mapping.value) == bool(mapping.value_columns):
        raise _bad_mapping(
            "name either one value column (long form) or value_columns (wide)", reason="shape"
        )
    if mapping.value_columns and (mapping.variable or mapping.fixed_variable):
        raise _bad_mapping(
            "in the wide form every value column is a variable of its own",
            reason="variable_in_wide",
        )
    if mapping.variable and mapping.fixed_variable:
        raise _bad_mapping(
            "name either a variable column or a fixed variable, not both", reason="variable_twice"
        )
    if bool(mapping.period) == bool(mapping.fixed_period):
        raise _bad_mapping(
            "name either a period column or a fixed period", column="period", reason="period"
        )
    if mapping.fixed_period and normalise_period(mapping.fixed_period) is None:
        raise _bad_mapping(
            f"the fixed period {mapping.fixed_period!r} is neither a date nor a year",
            column="period",
            reason="fixed_period",
        )
    if bool(mapping.region_key) == bool(mapping.fixed_region):
        raise _bad_mapping(
            "name either the region key column or the region of every row",
            column="region_key",
            reason="region_key",
        )
    if mapping.fixed_region and not is_region_key(mapping.fixed_region):
        raise _bad_mapping(
            f"the region of every row {mapping.fixed_region!r} is not an official key",
            column="region_key",
            reason="fixed_region",
        )


def _columns(mapping: TidyMapping) -> list[str]:
    """Every header cell the mapping names, in a stable order."""
    named = [mapping.region_key, mapping.period, mapping.value, mapping.variable]
    named += [*mapping.value_columns, *mapping.dimension_columns]
    named += [mapping.region_name, mapping.unit_column]
    return [name for name in named if name]


def _header_index(header: list[str], mapping: TidyMapping) -> dict[str, int]:
    columns = _columns(mapping)
    for name in columns:
        if columns.count(name) > 1:
            raise _bad_mapping(
                f"the column {name!r} is mapped twice", column=name, reason="mapped_twice"
            )
        if name not in header:
            raise _bad_mapping(
                f"the column {name!r} is not in the file", column=name, reason="not_in_file"
            )
        if header.count(name) > 1:
            raise _bad_mapping(
                f"the file has two columns named {name!r}", column=name, reason="two_columns"
            )
    return {name: header.index(name) for name in columns}


def apply_roles(mapping: TidyMapping, header: list[str], roles: Iterable[tuple[int, str]]):
    """The mapping after the user's role corrections (``ReadChoices.roles``): each corrected
    column leaves the field it was in and takes the field of its new role."""
    for index, role in roles:
        if not 0 <= index < len(header):
            raise _bad_mapping(
                f"there is no column {index + 1}", column=str(index + 1), reason="no_column"
            )
        name = header[index]
        values = [mapping.value] if mapping.value else list(mapping.value_columns)
        values = [v for v in values if v != name]
        changes = {
            "region_key": "" if mapping.region_key == name else mapping.region_key,
            "period": "" if mapping.period == name else mapping.period,
            "region_name": None if mapping.region_name == name else mapping.region_name,
            "unit_column": None if mapping.unit_column == name else mapping.unit_column,
            "variable": None if mapping.variable == name else mapping.variable,
            "dimension_columns": tuple(c for c in mapping.dimension_columns if c != name),
        }
        if role == "key":
            changes["region_key"], changes["fixed_region"] = name, ""
            if mapping.region_key != name:
                changes["region_key_prefix_strip"] = _KEY_PREFIX_UNKNOWN
        elif role == "period":
            changes["period"], changes["fixed_period"] = name, ""
        elif role in ("name", "key_name"):
            changes["region_name"] = name
        elif role == "unit":
            changes["unit_column"] = name
        elif role in ("breakdown", "breakdown_code"):
            changes["dimension_columns"] = (*changes["dimension_columns"], name)
        elif role == "measure":
            values.append(name)
        # "flag" and "ignored": the column is left out
        if len(values) == 1 and not mapping.value_columns:
            changes["value"], changes["value_columns"] = values[0], ()
        else:
            changes["value"], changes["value_columns"] = None, tuple(values)
            changes["fixed_variable"] = ""
            if len(values) > 1:
                changes["variable"] = None
        mapping = replace(mapping, **changes)
    return mapping


def _decimal_sign(rows: Rows, columns: list[int], delimiter: str):
    """The file's decimal sign, from the first value that tells; else German for ``;`` and tab
    files (Excel's exports), English otherwise. Also the line and text of the first value that
    could be read both ways (``89.504``) when nothing told."""
    ambiguous = None
    for line, cells in rows:
        for i in columns:
            cell = cells[i] if i < len(cells) else ""
            if not isinstance(cell, str) or cell in SPECIAL_VALUES:  # "..." tells nothing
                continue
            sign = number_style(cell)
            if sign is not None:
                return sign, None
            if ambiguous is None and ("," in cell or "." in cell):
                ambiguous = line, cell
    return ("," if delimiter in (";", "\t") else "."), ambiguous


def _restore_leading_zero(key: str) -> str | None:
    if key.isascii() and key.isdigit() and len(key) in (1, 4, 7, 11):
        return "0" + key
    return None


@dataclass
class _Plan:
    """What a row turns into, fixed once per file."""

    mapping: TidyMapping
    header: list[str]
    index: dict[str, int]
    width: int
    values: tuple[str, ...]
    fixed_period: str
    decimal: str
    # The breakdowns a file repeats on every row, made once: one tuple per combination.
    dimensions: dict = field(default_factory=dict)


def _cell(cells: list[Cell], index: dict[str, int], name: str | None) -> str:
    return _text(cells[index[name]]) if name else ""


def _row_observations(line: int, cells: list[Cell], plan: _Plan, found: "_Found | _Ignore") -> list:
    mapping, index = plan.mapping, plan.index
    if len(cells) > len(plan.header) and not _blank(cells[len(plan.header) :]):
        raise StatisticsFileError(
            "unknown_layout",
            f"the row has {len(cells)} cells, the header {len(plan.header)}",
            line=line,
            params={"cells": len(cells), "expected": len(plan.header)},
        )
    key = mapping.fixed_region or _cell(cells, index, mapping.region_key)
    if not mapping.fixed_region and spreadsheet_error(key):
        found.error(line, mapping.region_key, key)  # whose figures? the row is left out
        return []
    prefix = mapping.region_key_prefix_strip
    if prefix and key.startswith(prefix):
        key = key[len(prefix) :].strip()
    if not is_region_key(key):
        fixed = _restore_leading_zero(key)
        if fixed is None:
            raise StatisticsFileError(
                "bad_region_key",
                f"{key[:40]!r} is not an official regional key",
                line=line,
                column=mapping.region_key,
                params={"value": key[:40]},
            )
        found.restored((line, fixed, key))
        key = fixed
    if mapping.period:
        text = _cell(cells, index, mapping.period)
        period = tidy_period(text)
        if period is None:
            raise StatisticsFileError(
                "bad_period",
                f"{text[:40]!r} is neither a date nor a year",
                line=line,
                column=mapping.period,
                params={"value": text[:40]},
            )
    else:
        period = plan.fixed_period
    unit = _cell(cells, index, mapping.unit_column) or mapping.unit
    dimensions = ()
    if mapping.dimension_columns:
        attributes = tuple(_cell(cells, index, name) for name in mapping.dimension_columns)
        dimensions = plan.dimensions.get(attributes)
        if dimensions is None:
            dimensions = tuple(
                sorted(
                    (name, attribute or TOTAL)
                    for name, attribute in zip(mapping.dimension_columns, attributes, strict=True)
                )
            )
            plan.dimensions[attributes] = dimensions
    region_name = _cell(cells, index, mapping.region_name)
    variable = mapping.fixed_variable
    if mapping.variable:
        variable = _cell(cells, index, mapping.variable)
        if not variable:
            raise StatisticsFileError(
                "unknown_layout", "the variable cell is empty", line=line, column=mapping.variable
            )
    out = []
    for column in plan.values:
        raw = cells[index[column]]
        if isinstance(raw, Decimal):
            value, status = raw, Status.OK
        elif spreadsheet_error(raw):
            value, status = None, SPREADSHEET_ERRORS[raw.strip().upper()]
            found.error(line, column, raw.strip())
            found.special(raw.strip(), status)
        else:
            # The decimal sign is the file's (see _decimal_sign), not decided per value.
            status, value = parse_cell(raw, line=line, column=column, decimal=plan.decimal)
            if status is not Status.OK and status is not Status.EMPTY:
                found.special("(…)" if status is Status.RESTRICTED else raw.strip(), status)
        out.append(
            Observation(
                key,
                region_name,
                period,
                variable or column,
                unit,
                dimensions,
                value,
                status,
                "",
                line,
            )
        )
    return out


def _rows_checked(rows: Rows, plan: _Plan) -> Rows:
    """The data rows after the header; a short row is an error: ``truncated`` when only blank
    rows follow it, else ``unknown_layout``."""
    short = None
    for line, cells in rows:
        if _blank(cells):
            continue
        if short is not None:
            raise StatisticsFileError(
                "unknown_layout",
                f"the row has {short[1]} cells, the mapped columns need {plan.width}",
                line=short[0],
                params={"cells": short[1], "expected": plan.width},
            )
        if len(cells) < plan.width:
            short = (line, len(cells))
            continue
        yield line, cells
    if short is not None:
        raise StatisticsFileError(
            "truncated",
            f"the last row has {short[1]} cells, the mapped columns need {plan.width}",
            line=short[0],
        )


def _identity(obs: Observation) -> int:
    # What tells two observations apart; the unit too (a count and a share of one measure).
    return hash((obs.region_key, obs.period, obs.variable, obs.unit, obs.dimensions))


@dataclass
class _Scan:
    """What one full reading found: the repeats to leave out and the ambiguous rows."""

    count: int
    repeats: set  # (line, variable) of identical repeats, read once
    repeat_first: tuple[int, int] | None  # the first repeat's line and the line it repeats
    repeat_count: int
    ambiguous: dict  # identity -> lines of the rows that share it
    found: "_Found"
    ambiguous_key: str = ""  # what the first ambiguous rows share, for the message


class _Found:
    """What the full reading met besides observations: keys that lost their leading zero (how
    many, the first as (line, key, as in the file)), spreadsheet errors (how many, the first as
    (line, column, value)) and the special values with what each became and how often."""

    def __init__(self):
        self.restored_count = 0
        self.restored_first: tuple[int, str, str] | None = None
        self.error_count = 0
        self.error_first: tuple[int, str, str] | None = None
        self.specials: dict[str, tuple[str, int]] = {}

    def restored(self, item: tuple[int, str, str]) -> None:
        self.restored_count += 1
        self.restored_first = self.restored_first or item

    def error(self, line: int, column: str, value: str) -> None:
        self.error_count += 1
        self.error_first = self.error_first or (line, column, value)

    def special(self, sign: str, status: Status) -> None:
        self.specials[sign] = (status.value, self.specials.get(sign, ("", 0))[1] + 1)


class _Ignore:
    """For the readings after the first: everything was counted then."""

    def restored(self, item) -> None:
        pass

    def error(self, line, column, value) -> None:
        pass

    def special(self, sign, status) -> None:
        pass


def _data_rows(source: _Source, plan: _Plan, header_line: int) -> Rows:
    rows = source.rows()
    for line, _ in rows:
        if line == header_line:
            break
    return _rows_checked(rows, plan)


def _scan(source: _Source, plan: _Plan, header_line: int) -> _Scan:
    """Read every row: raises on the first bad cell, finds repeats and ambiguous rows.

    Memory: one 8-byte hash per observation, not the observation. Only when some
    hash repeats is the file read a second time, to tell identical repeats from ambiguous rows
    by their values."""
    hashes = array("q")  # eight bytes per observation
    found = _Found()
    for line, cells in _data_rows(source, plan, header_line):
        for obs in _row_observations(line, cells, plan, found):
            hashes.append(_identity(obs))
    count = len(hashes)
    ordered = numpy.sort(numpy.frombuffer(hashes, dtype=numpy.int64)) if count else None
    del hashes
    repeated: set[int] = set()
    if count > 1:
        same = ordered[1:] == ordered[:-1]
        repeated = set(numpy.unique(ordered[1:][same]).tolist())
    del ordered
    scan = _Scan(count, set(), None, 0, {}, found)
    if not repeated:
        return scan
    first: dict[int, tuple[int, int]] = {}
    repeat_lines: set[int] = set()
    for line, cells in _data_rows(source, plan, header_line):
        for obs in _row_observations(line, cells, plan, _Ignore()):
            identity = _identity(obs)
            if identity not in repeated:
                continue
            value = hash((obs.value, obs.status))
            earlier = first.get(identity)
            if earlier is None:
                first[identity] = (line, value)
            elif earlier[1] == value and identity not in scan.ambiguous:
                scan.repeats.add((line, obs.variable))
                if line not in repeat_lines:
                    repeat_lines.add(line)
                    scan.repeat_first = scan.repeat_first or (line, earlier[0])
            else:
                lines = scan.ambiguous.setdefault(identity, [earlier[0]])
                if lines[-1] != line:
                    lines.append(line)
                if not scan.ambiguous_key:
                    scan.ambiguous_key = " ".join(
                        part for part in (obs.region_key, obs.period, obs.variable) if part
                    )
    scan.repeat_count = len(repeat_lines)
    return scan


def _observations(source: _Source, plan: _Plan, header_line: int, scan: _Scan, order: bool):
    numbered: dict[int, int] = defaultdict(int)
    rows = source.rows()
    for line, _ in rows:
        if line == header_line:
            break
    for line, cells in _rows_checked(rows, plan):
        for obs in _row_observations(line, cells, plan, _Ignore()):
            if (line, obs.variable) in scan.repeats:
                continue
            if scan.ambiguous:
                identity = _identity(obs)
                if identity in scan.ambiguous:
                    if not order:
                        continue
                    numbered[identity] += 1
                    if numbered[identity] > 1:
                        obs = obs._replace(variable=f"{obs.variable} ({numbered[identity]})")
            yield obs


class TidyObservations(ObservationStream):
    """The observations of a plain table, read lazily. ``len()``, indexing and ``==`` read the
    file too (the length once, then remembered): for callers that still treat observations as
    a list; iterate where you can."""

    def __init__(self, make):
        super().__init__(make)
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(1 for _ in self)
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            if (index.start or 0) < 0 or (index.stop or 0) < 0 or index.step not in (None, 1):
                return list(self)[index]
            return list(itertools.islice(self, index.start, index.stop))
        if index < 0:
            return list(self)[index]
        try:
            return next(itertools.islice(self, index, None))
        except StopIteration:
            raise IndexError("observation index out of range") from None

    def __eq__(self, other) -> bool:
        if isinstance(other, ObservationStream | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None


def _problems(scan: _Scan, plan: _Plan, ambiguous_decimal, order: bool) -> list[Problem]:
    problems = []
    if ambiguous_decimal is not None:
        line, cell = ambiguous_decimal
        number = parse_number(cell.strip("()"), plan.decimal)
        problems.append(
            Problem(
                "ambiguous_decimal",
                f"no value tells whether the file writes a decimal comma or point; read with a "
                f"decimal {'comma' if plan.decimal == ',' else 'point'}, so {cell!r} is {number}",
                line=line,
                params={"decimal": plan.decimal, "value": cell, "number": str(number)},
            )
        )
    found = scan.found
    if found.restored_count:
        line, fixed, original = found.restored_first
        problems.append(
            Problem(
                "leading_zero_restored",
                f"{found.restored_count} region key(s) had lost their leading zero (a spreadsheet "
                f"stored them as numbers, {original!r} for {fixed}); it was put back",
                line=line,
                column=plan.mapping.region_key,
                params={"count": found.restored_count, "key": fixed, "original": original},
            )
        )
    if found.error_count:
        line, column, value = found.error_first
        problems.append(
            Problem(
                "spreadsheet_error",
                f"{found.error_count} cell(s) hold a spreadsheet error instead of a value (the "
                f"first: {value!r} in line {line}, column {column}); a row without its region "
                "key is left out, a value is missing",
                line=line,
                column=column,
                params={"value": value, "count": found.error_count},
            )
        )
    if scan.repeat_count:
        line, first_line = scan.repeat_first
        problems.append(
            Problem(
                "duplicate_identical",
                f"{scan.repeat_count} row(s) repeat an earlier row with the same values and were "
                f"skipped (the first: line {line} repeats line {first_line})",
                line=line,
                params={"count": scan.repeat_count, "first_line": first_line},
            )
        )
    if scan.ambiguous:
        lines = sorted({line for group in scan.ambiguous.values() for line in group})
        first = min(scan.ambiguous.values(), key=lambda group: group[0])
        problems.append(
            Problem(
                "ambiguous_rows",
                f"{len(lines)} rows share every key with another row but differ in their value "
                f"(the first on lines {', '.join(map(str, first[:5]))}); "
                + ("kept, numbered by their order" if order else "left out")
                + " (is a breakdown column missing from the mapping?)",
                line=first[0],
                params={
                    "count": len(lines),
                    "lines": ", ".join(map(str, lines[:10])),
                    "key": scan.ambiguous_key,
                },
            )
        )
    return problems


def read_tidy(
    data: bytes,
    *,
    mapping: TidyMapping,
    max_bytes: int | None = None,
    choices: ReadChoices | None = None,
) -> ParsedFile:
    source = _source(data, max_bytes)
    header_line, header = _header(source.rows())
    if choices is not None and choices.roles:
        mapping = apply_roles(mapping, header, choices.roles)
        if mapping.region_key_prefix_strip == _KEY_PREFIX_UNKNOWN:
            column = header.index(mapping.region_key)
            head = [
                _text(cells[column])
                for line, cells in _head_rows(source)
                if line > header_line and column < len(cells)
            ]
            mapping = replace(mapping, region_key_prefix_strip=_key_prefix(head) or "")
    _check_shape(mapping)
    index = _header_index(header, mapping)
    values = (mapping.value,) if mapping.value else tuple(mapping.value_columns)
    after_header = source.rows()
    for line, _ in after_header:
        if line == header_line:
            break
    decimal, ambiguous_decimal = _decimal_sign(
        after_header, [index[name] for name in values], source.delimiter
    )
    plan = _Plan(
        mapping=mapping,
        header=header,
        index=index,
        width=max(index.values()) + 1,
        values=values,
        fixed_period=tidy_period(mapping.fixed_period) if mapping.fixed_period else "",
        decimal=decimal,
    )
    scan = _scan(source, plan, header_line)
    if not scan.count:
        raise StatisticsFileError("empty", "the file has a header but no data rows")
    layout = _mapping_layout(data, header_line, header, mapping, max_bytes)
    layout.specials.update(sorted(scan.found.specials.items()))  # the whole file's counts
    order = choices is not None and choices.ambiguous == AMBIGUOUS_ORDER
    return ParsedFile(
        format="tidy",
        table_code=mapping.table_code,
        title=mapping.title,
        stand=None,
        source=mapping.source,
        licence=mapping.licence,
        encoding=source.encoding,
        observations=TidyObservations(
            lambda: _observations(source, plan, header_line, scan, order)
        ),
        problems=_problems(scan, plan, ambiguous_decimal, order),
        layout=layout,
    )


# --- the guess -----------------------------------------------------------------------------------

HEAD_ROWS = 500  # the rows the guess reads from the start of the file
HEAD_BYTES = 512 * 1024
TAIL_BYTES = 32 * 1024  # and from its end: a breakdown sorted outermost shows only there
_KEY_PREFIX_UNKNOWN = "\x00"  # a corrected key column: its prefix is found from its cells
_PREFIX_RE = re.compile(r"([A-Za-z]{1,3})(?=[0-9])")
_LEADING_ZERO_RE = re.compile(r"0[0-9]+")
_INTEGER_RE = re.compile(r"[0-9]+")
_LETTERS_RE = re.compile(r"[^\W\d_]")
_FLAG_VALUES = {"e", "p", "r", "s", "v", "g", "b", "d", "k", "u"}
_UNITS = {
    "%",
    "anzahl",
    "prozent",
    "prozentpunkte",
    "eur",
    "euro",
    "tsd. eur",
    "1000 eur",
    "ha",
    "qkm",
    "km2",
    "km²",
    "personen",
    "je 1000 einwohner",
    "je 1 000 einwohner",
}

# Words in a header that say what a column is; content decides, the header breaks ties. A word
# matches a whole token of the header ("kreis_ags", "GeoCode") or, from five letters, its end
# ("Berichtsjahr", "textkennzeichen"): "Gebietseinheit" is a name, not a unit.
_KEY_WORDS = ("ags", "ars", "schlüssel", "schluessel", "geocode", "raumid", "key", "rs")
_PERIOD_WORDS = ("jahr", "year", "zeit", "stichtag", "datum", "date", "period", "monat", "month")
_NOT_PERIOD_WORDS = ("gebietsstand", "stand")  # the territorial status, not the reference date
_NAME_WORDS = ("name", "gebiet", "gebietseinheit", "bezeichnung", "region", "gemeinde", "kreis")
_UNIT_WORDS = ("unit", "units", "einheit", "maßeinheit", "masseinheit")
_FLAG_WORDS = ("flag", "quality", "q", "qualität", "qualitaet")
_CODE_WORDS = ("code", "kennzeichen", "id", "nr", "nummer", "plz", "typ")
_GENERIC_VALUE = {"value", "values", "wert", "werte", "obs_value", "anzahl"}
_TOKEN_RE = re.compile(r"[^\W_]+")


def _words(label: str, words: tuple[str, ...], *, ends: bool = True) -> bool:
    tokens = _TOKEN_RE.findall(label.lower())
    return any(
        token == word or (ends and len(word) >= 5 and token.endswith(word))
        for token in tokens
        for word in words
    )


def _key_prefix(cells: list[str]) -> str | None:
    """ "" when every non-empty cell is a region key, the letters before each key when they all
    share them ("K" in Niedersachsen's "K03101"), else None."""
    filled = [cell for cell in cells if cell]
    if not filled:
        return None
    if all(is_region_key(cell) for cell in filled):
        return ""
    match = _PREFIX_RE.match(filled[0])
    if match is None:
        return None
    prefix = match.group(1)
    if all(cell.startswith(prefix) and is_region_key(cell[len(prefix) :]) for cell in filled):
        return prefix
    return None


def _head_rows(source: _Source) -> list[tuple[int, list[Cell]]]:
    rows = []
    for row in source.rows():
        rows.append(row)
        if len(rows) > HEAD_ROWS:
            break
    return rows


def _cut(data: bytes, *, start: bool) -> bytes:
    """The bytes up to the last line break (``start``), or after the first one."""
    breaks = [data.rfind(b) if start else data.find(b) for b in (b"\n", b"\r")]
    found = [i for i in breaks if i >= 0]
    if not found:
        return b"" if not start else data
    return data[: max(found) + 1] if start else data[min(found) + 1 :]


def _sample(data: bytes, max_bytes: int | None):
    """The header and the rows of the head (and of the tail) of a file; never the whole file."""
    check_size(data, max_bytes)
    if data[:2] == b"PK":
        if is_xlsx(data):
            rows = list(_xlsx_rows(data, max_bytes, max_rows=HEAD_ROWS))
            line, header = _header(iter(rows))
            return header, [(n, cells) for n, cells in rows if n > line], ""
        _, data = csv_from_zip(data, max_bytes=max_bytes)
    head = data if len(data) <= HEAD_BYTES else _cut(data[:HEAD_BYTES], start=True)
    text, encoding = decode(head)
    delimiter = sniff_delimiter(text)
    rows = []
    for row in _csv_rows(text, delimiter):
        rows.append(row)
        if len(rows) > HEAD_ROWS:
            break
    line, header = _header(iter(rows))
    body = [(n, cells) for n, cells in rows if n > line]
    if len(data) > HEAD_BYTES or len(rows) > HEAD_ROWS:
        # The last rows too (a row cut by the start is dropped).
        tail = _cut(data[-TAIL_BYTES:], start=False)
        tail_text = tail.decode("utf-8" if encoding == "utf-8" else "cp1252", errors="replace")
        try:
            tail_rows = [cells for _, cells in _csv_rows(tail_text, delimiter)]
        except StatisticsFileError:
            tail_rows = []
        body += [(0, cells) for cells in tail_rows[1:] if len(cells) == len(header)]
    return header, body, delimiter


@dataclass(frozen=True)
class TidyGuess:
    """What the head of a plain table suggests: a role per column and the mapping they make.
    ``mapping`` is None when no column holds region keys; ``complete`` is False when the
    mapping still lacks something the user must give (the period of a file without one)."""

    columns: tuple[ColumnGuess, ...]
    mapping: TidyMapping | None
    complete: bool
    notes: tuple[str, ...] = ()


def _zensus_day(filename: str) -> str:
    """The census day when the file name says it is a Zensus file, else ""."""
    name = filename.lower()
    if "zensus" in name or "census" in name:
        if "2022" in name:
            return "2022-05-15"
        if "2011" in name:
            return "2011-05-09"
    return ""


def _stem(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _is_number(cell: Cell) -> bool:
    if isinstance(cell, Decimal):
        return True
    s = cell.strip()
    if s in SPECIAL_VALUES:
        return True
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":
        s = s[1:-1]
    return parse_number(s) is not None or parse_number(s, ",") is not None


def _part_of(cells: list[str], keys: list[str]) -> bool:
    """Whether every cell repeats the same stretch of the row's key (Berlin's BEZ "01" in
    RAUMID "01011101"): a part of the key, nothing to import."""
    pairs = [(cell, key) for cell, key in zip(cells, keys, strict=True) if cell]
    if not pairs or any(len(cell) >= len(key) for cell, key in pairs):
        return False
    cell, key = pairs[0]
    starts = {i for i in range(len(key) - len(cell) + 1) if key.startswith(cell, i)}
    for cell, key in pairs[1:]:
        starts = {i for i in starts if key.startswith(cell, i)}
        if not starts:
            return False
    return True


def _period_form(cells: list[str]) -> str:
    sample = next(cell for cell in cells if cell)
    if _YEAR_MONTH_RE.fullmatch(sample):
        return "months as YYYYMM, read as the month's last day"
    if _MONTH_NAME_RE.fullmatch(sample):
        return "months by name, read as the month's last day"
    if normalise_period(sample) and len(normalise_period(sample)) == 4:
        return "years"
    return "dates"


def guess_columns(
    data: bytes, *, max_bytes: int | None = None, filename: str = ""
) -> TidyGuess | None:
    """The role of every column of a plain table, found from the cells of its first rows (and
    last rows): region key, period, name, unit, breakdowns, values. None for a file with no
    header."""
    header, body, _ = _sample(data, max_bytes)
    if not header:
        return None
    width = len(header)
    # A spreadsheet error ("#BEZUG!") tells nothing about its column: read as an empty cell.
    raw = [
        [row[i] if i < len(row) and not spreadsheet_error(row[i]) else "" for _, row in body]
        for i in range(width)
    ]
    cells = [[_text(cell) for cell in column] for column in raw]
    count = len(body)
    roles: dict[int, tuple[str, str]] = {}  # index -> (role, reason)

    def filled(i: int) -> list[str]:
        return [cell for cell in cells[i] if cell]

    # The region key: every filled cell an official key (after a shared prefix), nine in ten
    # filled; the column that tells most rows apart, a header that names a key breaking ties.
    candidates = []
    for i in range(width):
        values = filled(i)
        if not values or len(values) < 0.9 * count:
            continue
        prefix = _key_prefix(values)
        if prefix is None:
            if all(_restore_leading_zero(v) or is_region_key(v) for v in values) and any(
                _restore_leading_zero(v) for v in values
            ):
                prefix = ""  # a spreadsheet dropped the leading zero: the reader restores it
            else:
                continue
        lengths = sorted({len(v) - len(prefix) for v in values})
        length_rank = {8: 6, 5: 5, 12: 4, 2: 3, 3: 2, 9: 1}.get(lengths[-1], 0)
        zero = any(v[len(prefix) :].startswith("0") for v in values) or bool(prefix)
        score = (_words(header[i], _KEY_WORDS), len(set(values)), zero, length_rank, -i)
        candidates.append((score, i, prefix, lengths))
    if not candidates:
        return TidyGuess(columns=_columns_of(header, roles, cells), mapping=None, complete=False)
    _, key, prefix, lengths = max(candidates)
    keys = [cell[len(prefix) :] if cell.startswith(prefix) else cell for cell in cells[key]]
    shape = "/".join(str(n) for n in lengths)
    notes = []
    if _words(header[key], ("raumid", "lor", "plr")) and lengths == [8]:
        what = (
            f"all {len(filled(key))} cells are 8-digit keys of Berlin's LOR planning areas, "
            "not municipality keys (AGS): kept as they are, the registry does not know them"
        )
        notes.append("The region keys are Berlin LOR planning areas, not municipality keys (AGS).")
    else:
        what = f"all {len(filled(key))} cells are {shape}-digit region keys"
        if prefix:
            what += f" after the prefix {prefix!r}"
    roles[key] = ("key", what)

    # The period: every filled cell a year, date or month.
    periods = []
    for i in range(width):
        values = filled(i)
        if i in roles or not values or len(values) < 0.9 * count:
            continue
        if _words(header[i], _NOT_PERIOD_WORDS) and not _words(header[i], ("stichtag",)):
            if all(tidy_period(v) for v in values):
                roles[i] = ("ignored", "dates of the territorial status, not the reference date")
            continue
        if not all(tidy_period(v) for v in values):
            continue
        hinted = _words(header[i], _PERIOD_WORDS)
        distinct = len(set(values))
        if not hinted and distinct > max(3, count // 4):
            continue  # many different "years": more likely values between 1000 and 2999
        periods.append(((hinted, -distinct, -i), i))
    period = None
    if periods:
        _, period = max(periods)
        values = filled(period)
        roles[period] = (
            "period",
            f"all {len(values)} cells are {_period_form(values)} ({len(set(values))} different)",
        )

    # The rows of one region and period: a column that varies among them is a breakdown.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for n in range(count):
        groups[(keys[n], cells[period][n] if period is not None else "")].append(n)
    shared = [rows for rows in groups.values() if len(rows) > 1]

    def varies_within_groups(i: int) -> bool:
        return any(len({cells[i][n] for n in rows}) > 1 for rows in shared)

    key_count = len(set(keys))
    for i in range(width):
        if i in roles:
            continue
        values = filled(i)
        label = header[i]
        if not values:
            roles[i] = ("ignored", "empty in every row read")
            continue
        if _words(label, _UNIT_WORDS, ends=False) or all(v.lower() in _UNITS for v in values):
            roles[i] = ("unit", f"units: {', '.join(sorted(set(values))[:3])}")
            continue
        if all(v in _FLAG_VALUES for v in values) and (
            _words(label, _FLAG_WORDS) or len(set(values)) <= 3
        ):
            roles[i] = ("flag", "one-letter quality flags")
            continue
        numeric = all(_is_number(cell) for cell in raw[i] if cell != "")
        code = any(isinstance(v, str) and _LEADING_ZERO_RE.fullmatch(v) for v in raw[i]) or _words(
            label, _CODE_WORDS
        )
        if numeric and code and _part_of(cells[i], keys):
            roles[i] = ("ignored", "repeats a part of the region key")
            continue
        if numeric and not code:
            integers = [v for v in values if _INTEGER_RE.fullmatch(v)]
            if (
                len(integers) == len(values) == count
                and count >= 50
                and len(set(values)) <= 2
                and all(len(v) == 1 for v in values)
            ):
                roles[i] = (
                    "ignored",
                    f"only the values {' and '.join(sorted(set(values)))} in {count} rows: "
                    "a classification, not figures",
                )
                continue
            roles[i] = ("measure", f"all {len(values)} filled cells are numbers")
            continue
        has_letters = any(_LETTERS_RE.search(v) for v in values)
        pairs = len(set(zip(keys, cells[i], strict=True)))
        if (
            "name" not in {role for role, _ in roles.values()}
            and has_letters
            and not numeric
            and len(set(values)) >= 0.9 * key_count
            and pairs <= max(key_count + 2, 1.05 * key_count)
            and (key_count > 1 or _words(label, _NAME_WORDS))
        ):
            roles[i] = ("name", f"one name per region key ({len(set(values))} names)")
            continue
        if varies_within_groups(i):
            role = "breakdown_code" if code else "breakdown"
            roles[i] = (role, f"{len(set(values))} values that tell rows of one region apart")
            continue
        if len(set(values)) == 1:
            roles[i] = ("ignored", "the same in every row read")
        else:
            roles[i] = ("ignored", "describes the region or the period, not the figures")

    columns = _columns_of(header, roles, cells)
    measures = [header[i] for i in range(width) if roles[i][0] == "measure"]
    if not measures:
        return TidyGuess(columns=columns, mapping=None, complete=False, notes=tuple(notes))

    def named(role: str) -> list[str]:
        return [header[i] for i in range(width) if roles[i][0] == role]

    fixed_period = "" if period is not None else _zensus_day(filename)
    mapping = TidyMapping(
        region_key=header[key],
        region_key_prefix_strip=prefix,
        period=header[period] if period is not None else "",
        fixed_period=fixed_period,
        region_name=(named("name") or [None])[0],
        unit_column=(named("unit") or [None])[0],
        dimension_columns=tuple(named("breakdown") + named("breakdown_code")),
        **(
            {
                "value": measures[0],
                "fixed_variable": _stem(filename)
                if measures[0].lower() in _GENERIC_VALUE and filename
                else "",
            }
            if len(measures) == 1
            else {"value_columns": tuple(measures)}
        ),
    )
    complete = bool(mapping.period or mapping.fixed_period)
    if not complete:
        notes.append("No column holds the period: give the period of every row.")
    return TidyGuess(columns=columns, mapping=mapping, complete=complete, notes=tuple(notes))


def _columns_of(header, roles, cells) -> tuple[ColumnGuess, ...]:
    return tuple(
        ColumnGuess(
            index=i,
            label=label,
            role=roles.get(i, ("ignored", ""))[0],
            measure=label if roles.get(i, ("",))[0] == "measure" else "",
            reason=roles.get(i, ("", "not a key, period or number"))[1],
        )
        for i, label in enumerate(header)
    )


def guess_mapping(
    data: bytes, *, max_bytes: int | None = None, filename: str = ""
) -> TidyMapping | None:
    """The mapping the column contents suggest for a plain table, or None when none is
    convincing (no column of region keys, no values, no period): the user then maps the
    columns. Reads only the head (and the last rows) of the file."""
    try:
        guess = guess_columns(data, max_bytes=max_bytes, filename=filename)
    except StatisticsFileError as error:
        if error.code in ("empty", "unknown_layout", "field_too_large"):
            return None
        raise
    if guess is None or not guess.complete:
        return None
    return guess.mapping


def _role_in(mapping: TidyMapping, name: str) -> str:
    if mapping.region_key and name == mapping.region_key:
        return "key"
    if name == mapping.period:
        return "period"
    if name == mapping.region_name:
        return "name"
    if name == mapping.unit_column:
        return "unit"
    if name in mapping.dimension_columns or name == mapping.variable:
        return "breakdown"
    if name == mapping.value or name in mapping.value_columns:
        return "measure"
    return "ignored"


def _mapping_layout(data, header_line, header, mapping, max_bytes) -> Layout:
    """The layout as the mapping reads it; the guess's reasons where it agrees."""
    try:
        guess = guess_columns(data, max_bytes=max_bytes)
    except StatisticsFileError:
        guess = None
    reasons = {c.index: (c.role, c.reason) for c in guess.columns} if guess else {}
    columns = []
    for i, label in enumerate(header):
        role = _role_in(mapping, label)
        guessed_role, reason = reasons.get(i, ("", ""))
        if guessed_role != role and not (role == "breakdown" and guessed_role.startswith(role)):
            reason = "as mapped"
        columns.append(
            ColumnGuess(
                index=i,
                label=label,
                role=role,
                measure=(mapping.fixed_variable or label) if role == "measure" else "",
                unit=mapping.unit if role == "measure" else "",
                reason=reason,
            )
        )
    return Layout(
        header_lines=(header_line,),
        first_data_line=header_line + 1,
        columns=tuple(columns),
        notes=guess.notes if guess else (),
    )


CHECK_BYTES = 4 * 1024 * 1024  # a mapping is tried on this much of a large CSV


def mapping_check(data: bytes, *, mapping: TidyMapping, max_bytes: int | None = None) -> None:
    """Raise the reader's error when ``mapping`` does not read the file: the whole file up to
    ``CHECK_BYTES`` (and every workbook), else its first ``CHECK_BYTES`` (cut at a line end),
    so that the mapping step answers at once; the preview reads the rest."""
    check_size(data, max_bytes)
    if len(data) > CHECK_BYTES and data[:2] != b"PK":
        data = _cut(data[:CHECK_BYTES], start=True)
    read_tidy(data, mapping=mapping, max_bytes=max_bytes)
