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

Region keys must be official keys (DG, or 2, 3, 5, 8, 9 or 12 digits), kept as text. A key that
lost its leading zero to a spreadsheet (7 digits for an AGS, 4 for a Kreis, 1 for a Land,
11 for an ARS) gets it back, and a Problem says so.

Numbers: decimal comma or point, decided once per file by the first value that shows it
(``1,5``, ``1.234,5``, ``0.25``); until one does, ``89.504`` could be either, so semicolon and tab
files (German Excel) are read with a decimal comma and comma files with a point, and a Problem
("ambiguous_decimal") says so. Numbers an XLSX holds as numbers are taken as they are.
Special values as in ``base.Status``; an empty cell is ``EMPTY``, an empty dimension cell the
total ("Insgesamt"). Periods: ``YYYY-MM-DD``, ``dd.mm.yyyy`` or ``YYYY``.
"""

from dataclasses import dataclass
from decimal import Decimal

from cohesion.statistics.readers.base import (
    Observation,
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
    drop_duplicates,
    is_region_key,
    normalise_period,
    number_style,
    parse_cell,
    parse_number,
    sniff_delimiter,
)
from cohesion.statistics.readers.xlsx import is_xlsx, plain_text, read_first_sheet

TOTAL = "Insgesamt"  # an empty dimension cell: the total over that dimension, as in GENESIS


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


def guess_mapping(data: bytes, *, max_bytes: int | None = None) -> TidyMapping | None:
    """The mapping the column contents suggest for a plain table, or None when none is
    convincing (the user then maps the columns)."""
    return None


def _bad_mapping(message: str, column: str | None = None) -> StatisticsFileError:
    return StatisticsFileError(
        "bad_mapping", message, column=column, params={"column": column} if column else {}
    )


def _check_shape(mapping: TidyMapping) -> None:
    if bool(mapping.value) == bool(mapping.value_columns):
        raise _bad_mapping("name either one value column (long form) or value_columns (wide)")
    if mapping.value_columns and (mapping.variable or mapping.fixed_variable):
        raise _bad_mapping("in the wide form every value column is a variable of its own")
    if mapping.variable and mapping.fixed_variable:
        raise _bad_mapping("name either a variable column or a fixed variable, not both")
    if bool(mapping.period) == bool(mapping.fixed_period):
        raise _bad_mapping("name either a period column or a fixed period", column="period")
    if mapping.fixed_period and normalise_period(mapping.fixed_period) is None:
        raise _bad_mapping(
            f"the fixed period {mapping.fixed_period!r} is neither a date nor a year",
            column="period",
        )
    if not mapping.region_key:
        raise _bad_mapping("the region key column is required", column="region_key")


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
            raise _bad_mapping(f"the column {name!r} is mapped twice", column=name)
        if name not in header:
            raise _bad_mapping(f"the column {name!r} is not in the file", column=name)
        if header.count(name) > 1:
            raise _bad_mapping(f"the file has two columns named {name!r}", column=name)
    return {name: header.index(name) for name in columns}


Cell = str | Decimal  # text, or a number an XLSX cell holds as a number


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


def _load(data: bytes, max_bytes: int | None) -> tuple[list[tuple[int, list[Cell]]], str, str]:
    """All rows (CSV, zipped CSV or the first XLSX sheet), the encoding and the delimiter ("" for
    a workbook)."""
    check_size(data, max_bytes)
    if data[:2] == b"PK":
        if is_xlsx(data):
            sheet = read_first_sheet(data, max_bytes=max_bytes)
            return [(n, [_xlsx_cell(v) for v in values]) for n, values in sheet], "utf-8", ""
        _, data = csv_from_zip(data, max_bytes=max_bytes)
    text, encoding = decode(data)  # raises "empty" for a blank file
    delimiter = sniff_delimiter(text)
    rows = CsvRecords(text, delimiter)
    return [(n, [cell.strip() for cell in cells]) for n, cells in rows], encoding, delimiter


def _split_header(rows: list[tuple[int, list[Cell]]]):
    for i, (_, cells) in enumerate(rows):
        if not _blank(cells):
            return [_text(cell) for cell in cells], rows[i + 1 :]
    raise StatisticsFileError("empty", "the file holds no header")


def tidy_columns(data: bytes, *, max_bytes: int | None = None) -> list[str]:
    """The header cells, for the mapping step."""
    rows, _, _ = _load(data, max_bytes)
    header, _ = _split_header(rows)
    while header and not header[-1]:
        header.pop()
    return header


def _decimal_sign(
    body: list[tuple[int, list[Cell]]], columns: list[int], delimiter: str
) -> tuple[str, tuple[int, str] | None]:
    """The file's decimal sign, from the first value that tells; else German for ``;`` and tab
    files (Excel's exports), English otherwise. Also the line and text of the first value that
    could be read both ways (``89.504``) when nothing told."""
    ambiguous = None
    for line, cells in body:
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


def read_tidy(
    data: bytes,
    *,
    mapping: TidyMapping,
    max_bytes: int | None = None,
    choices: ReadChoices | None = None,
) -> ParsedFile:
    _check_shape(mapping)
    rows, encoding, delimiter = _load(data, max_bytes)
    header, body = _split_header(rows)
    index = _header_index(header, mapping)
    width = max(index.values()) + 1
    fixed_period = normalise_period(mapping.fixed_period) if mapping.fixed_period else ""
    values = (mapping.value,) if mapping.value else mapping.value_columns
    prefix = mapping.region_key_prefix_strip
    decimal, ambiguous = _decimal_sign(body, [index[name] for name in values], delimiter)

    observations: list[Observation] = []
    problems: list[Problem] = []
    restored: list[tuple[int, str, str]] = []  # line, key as restored, key as in the file
    for position, (line, cells) in enumerate(body):
        if _blank(cells):
            continue
        if len(cells) < width:
            if all(_blank(rest) for _, rest in body[position + 1 :]):
                raise StatisticsFileError(
                    "truncated",
                    f"the last row has {len(cells)} cells, the mapped columns need {width}",
                    line=line,
                )
            raise StatisticsFileError(
                "unknown_layout",
                f"the row has {len(cells)} cells, the mapped columns need {width}",
                line=line,
                params={"cells": len(cells), "expected": width},
            )
        if len(cells) > len(header) and not _blank(cells[len(header) :]):
            raise StatisticsFileError(
                "unknown_layout",
                f"the row has {len(cells)} cells, the header {len(header)}",
                line=line,
                params={"cells": len(cells), "expected": len(header)},
            )
        mapped = {name: _text(cells[i]) for name, i in index.items()}
        key = mapped[mapping.region_key]
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
            restored.append((line, fixed, key))
            key = fixed

        if mapping.period:
            period = normalise_period(mapped[mapping.period])
            if period is None:
                raise StatisticsFileError(
                    "bad_period",
                    f"{mapped[mapping.period][:40]!r} is neither a date nor a year",
                    line=line,
                    column=mapping.period,
                    params={"value": mapped[mapping.period][:40]},
                )
        else:
            period = fixed_period

        unit = (mapped[mapping.unit_column] if mapping.unit_column else "") or mapping.unit
        dimensions = tuple(
            sorted((name, mapped[name] or TOTAL) for name in mapping.dimension_columns)
        )
        region_name = mapped[mapping.region_name] if mapping.region_name else ""
        for column in values:
            if mapping.variable:
                variable = mapped[mapping.variable]
                if not variable:
                    raise StatisticsFileError(
                        "unknown_layout",
                        "the variable cell is empty",
                        line=line,
                        column=mapping.variable,
                    )
            else:
                variable = mapping.fixed_variable or column
            raw = cells[index[column]]
            if isinstance(raw, Decimal):
                value, status = raw, Status.OK
            else:
                # The decimal sign is the file's (see _decimal_sign), not decided per value.
                status, value = parse_cell(raw, line=line, column=column, decimal=decimal)
            observations.append(
                Observation(
                    region_key=key,
                    region_name=region_name,
                    period=period,
                    variable=variable,
                    unit=unit,
                    dimensions=dimensions,
                    value=value,
                    status=status,
                    line=line,
                )
            )
    if not observations:
        raise StatisticsFileError("empty", "the file has a header but no data rows")
    if ambiguous is not None:
        line, cell = ambiguous
        number = parse_number(cell.strip("()"), decimal)
        problems.append(
            Problem(
                "ambiguous_decimal",
                f"no value tells whether the file writes a decimal comma or point; read with a "
                f"decimal {'comma' if decimal == ',' else 'point'}, so {cell!r} is {number}",
                line=line,
                params={"decimal": decimal, "value": cell, "number": str(number)},
            )
        )
    if restored:
        line, fixed, original = restored[0]
        problems.append(
            Problem(
                "leading_zero_restored",
                f"{len(restored)} region key(s) had lost their leading zero (a spreadsheet "
                f"stored them as numbers, {original!r} for {fixed}); it was put back",
                line=line,
                column=mapping.region_key,
                params={"count": len(restored), "key": fixed, "original": original},
            )
        )
    observations = drop_duplicates(
        observations, problems, hint=" (is a dimension column missing from the mapping?)"
    )
    return ParsedFile(
        format="tidy",
        table_code=mapping.table_code,
        title=mapping.title,
        stand=None,
        source=mapping.source,
        licence=mapping.licence,
        encoding=encoding,
        observations=observations,
        problems=problems,
    )
