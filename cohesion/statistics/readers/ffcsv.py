"""Reader for GENESIS flat files ("ffcsv"), plain or zipped, in both layouts the offices deliver.

The new layout (GENESIS-Online and the Zensus database since 2020): one observation per row,
``statistics_code;statistics_label;time_code;time_label;time;`` then one block
``k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label`` per
classification, then ``value;value_unit;value_variable_code;value_variable_label;value_q``.

The old layout (the Landesdatenbank NRW and other Länder GENESIS instances, older GENESIS-Online
downloads): ``Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;`` then blocks
``k_Merkmal_Code;k_Merkmal_Label;k_Auspraegung_Code;k_Auspraegung_Label``, then one column per
measure named ``CODE__Label__Unit`` (``CH0005__Beschaeftigte__Veränderung_zum_Vorjahr_(%)``):
several observations per row, each measure with its own unit.

Which classification is the region is found from its code (DLAND, KREISE, GEMEIN, GEO…) or else
from its content (every attribute code an official key); the others become dimensions. A file
with no regional classification is read as Germany's (DG).

The header is read at once (its errors raise from ``read_ffcsv``); the rows are read lazily as an
``ObservationStream``. The first iteration first scans every row (errors in any row raise before
a single observation is yielded, so nothing is half-read) and finds repeated and ambiguous rows;
what it found is kept, so later iterations read the rows once, and its problems are appended to
``parsed.problems`` once, before the first observation is yielded.

Decoding, cells, periods and region keys come from ``cells``, as in every reader.
"""

import csv
import io
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

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
    LICENCE_DL_DE_BY,
    SPECIAL_VALUES,
    Duplicates,
    check_size,
    csv_error,
    csv_from_zip,
    decode,
    is_blank,
    is_region_key,
    normalise_period,
    number_style,
    parse_cell,
    sniff_delimiter,
)

REQUIRED_COLUMNS = ("statistics_code", "time", "value")
OLD_REQUIRED_COLUMNS = ("statistik_code", "zeit")
GEO_VARIABLES = {"DINSG", "KREISE", "GEMEIN", "DLAND", "REGBEZ"}
ZENSUS_SOURCE = "© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022"
DESTATIS_SOURCE = "© Statistisches Bundesamt (Destatis)"
# The old layout comes from GENESIS-Online and from the Länder databases (Landesdatenbank NRW)
# alike and names no office: the common line rather than a wrong one.
OLD_LAYOUT_SOURCE = "© Statistische Ämter des Bundes und der Länder"
GERMANY = ("DG", "Deutschland")

_QUADRUPLE_RE = re.compile(r"(\d+)_variable_code")
_OLD_BLOCK_RE = re.compile(r"(\d+)_merkmal_code")
# How many data rows the header analysis looks at to tell which classification is the region.
SAMPLE_ROWS = 1000
# How many line numbers the ambiguous_rows problem names.
LINES_NAMED = 10


def _header_names(line: str) -> set[str]:
    return {cell.strip().strip('"').strip().lower() for cell in re.split(r"[;,\t]", line)}


def is_ffcsv_header(first_line: str) -> bool:
    """The first line of a flat file, new (``statistics_code`` … ``value``) or old layout
    (``Statistik_Code`` … ``Zeit``)."""
    names = _header_names(first_line)
    return ("statistics_code" in names and "value" in names) or (
        "statistik_code" in names and "zeit" in names
    )


def _is_zensus(code: str, label: str) -> bool:
    # Zensus database tables are "1000A", "2000S", "3000G", ...; GENESIS statistics are 5 digits.
    return (
        code.startswith("1000")
        or bool(re.match(r"\d{4}[A-Z]", code))
        or "zensus" in (label.lower())
    )


def _is_geo_code(code: str) -> bool:
    upper = code.upper()
    return upper.startswith("GEO") or upper in GEO_VARIABLES


# --- the header ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One classification: the columns of its code, label, attribute code and attribute label."""

    k: str
    code_i: int
    label_i: int | None
    attr_i: int
    attr_label_i: int | None
    attr_name: str  # the attribute code column's name, for messages


@dataclass(frozen=True)
class _Measure:
    """An old-layout measure column (``CODE__Label__Unit``)."""

    index: int
    code: str
    variable: str
    unit: str


@dataclass
class _Format:
    """What the header says: which layout, where period, blocks and values are."""

    old: bool
    width: int
    delimiter: str
    encoding: str
    time_i: int
    time_name: str
    code_i: int
    label_i: int | None
    blocks: tuple[_Block, ...]
    measures: tuple[_Measure, ...] = ()  # old layout
    value_i: int | None = None  # new layout
    unit_i: int | None = None
    flag_i: int | None = None
    variable_label_i: int | None = None
    variable_code_i: int | None = None
    header_line: int = 1
    # The decimal sign the sampled values tell ("," or "."), else None: then a lone separator
    # is the decimal one (GENESIS writes no thousands separators, a re-saved file may).
    decimal: str | None = None
    region_block: int | None = None  # found from content, when no block has a known geo code
    no_region: bool = False  # no classification is regional: the values are Germany's
    region_chosen: bool = False  # the user named the region's column: no other block is


def _missing(name: str, line: int = 1) -> StatisticsFileError:
    return StatisticsFileError(
        "missing_column",
        f"the column {name!r} is missing",
        line=line,
        column=name,
        params={"column": name},
    )


def _label_text(text: str) -> str:
    # Old-layout headers write blanks as underscores ("Veränderung_zum_Vorjahr_(%)").
    return text.replace("_", " ").strip()


def _old_measures(
    names: list[str], raw: list[str], start: int, choices: ReadChoices
) -> tuple[_Measure, ...]:
    parsed = []
    for i in range(start, len(names)):
        if not names[i] or choices.role_of(i) == "ignored":
            continue  # a trailing delimiter, or a column the user left out
        code, _, rest = raw[i].strip().strip('"').strip().partition("__")
        label, _, unit = rest.partition("__")
        parsed.append((i, code, _label_text(label) or code, _label_text(unit)))
    # Two measures with the same label and unit (and other codes) stay apart by their code.
    seen: dict[tuple[str, str], int] = {}
    for _, _code, label, unit in parsed:
        seen[(label, unit)] = seen.get((label, unit), 0) + 1
    return tuple(
        _Measure(i, code, f"{label} ({code})" if seen[(label, unit)] > 1 else label, unit)
        for i, code, label, unit in parsed
    )


def _read_format(header: list[str], delimiter: str, encoding: str, choices: ReadChoices):
    names = [cell.strip().strip('"').strip().lower() for cell in header]
    index = {name: i for i, name in reversed(list(enumerate(names)))}
    old = "statistik_code" in index and "statistics_code" not in index
    if old:
        for name in OLD_REQUIRED_COLUMNS:
            if name not in index:
                raise _missing(name)
        blocks, ends = [], []
        for i, name in enumerate(names):
            match = _OLD_BLOCK_RE.fullmatch(name)
            if not match:
                continue
            k = match.group(1)
            attribute = f"{k}_auspraegung_code"
            if attribute not in index:
                raise _missing(attribute)
            label_i = index.get(f"{k}_merkmal_label")
            attr_label_i = index.get(f"{k}_auspraegung_label")
            blocks.append(_Block(k, i, label_i, index[attribute], attr_label_i, attribute))
            ends.append(
                max(j for j in (i, label_i, index[attribute], attr_label_i) if j is not None)
            )
        start = max([index["zeit"], *ends]) + 1
        measures = _old_measures(names, header, start, choices)
        if not measures:
            raise StatisticsFileError(
                "missing_column",
                "no measure column (CODE__Label__Unit) follows the classifications",
                line=1,
                column="value",
                params={"column": "CODE__Label__Unit"},
            )
        return _Format(
            old=True,
            width=len(names),
            delimiter=delimiter,
            encoding=encoding,
            time_i=index["zeit"],
            time_name=header[index["zeit"]].strip(),
            code_i=index["statistik_code"],
            label_i=index.get("statistik_label"),
            blocks=tuple(blocks),
            measures=measures,
        )
    for name in REQUIRED_COLUMNS:
        if name not in index:
            raise _missing(name)
    if "value_variable_label" not in index and "value_variable_code" not in index:
        raise _missing("value_variable_label")
    blocks = []
    for i, name in enumerate(names):
        match = _QUADRUPLE_RE.fullmatch(name)
        if not match:
            continue
        k = match.group(1)
        attribute = f"{k}_variable_attribute_code"
        if attribute not in index:
            raise _missing(attribute)
        blocks.append(
            _Block(
                k,
                i,
                index.get(f"{k}_variable_label"),
                index[attribute],
                index.get(f"{k}_variable_attribute_label"),
                attribute,
            )
        )
    if not blocks:
        raise _missing("1_variable_code")
    return _Format(
        old=False,
        width=len(names),
        delimiter=delimiter,
        encoding=encoding,
        time_i=index["time"],
        time_name="time",
        code_i=index["statistics_code"],
        label_i=index.get("statistics_label"),
        blocks=tuple(blocks),
        value_i=index["value"],
        unit_i=index.get("value_unit"),
        flag_i=index.get("value_q"),
        variable_label_i=index.get("value_variable_label"),
        variable_code_i=index.get("value_variable_code"),
    )


def _find_region(fmt: _Format, sample: list[list[str]], choices: ReadChoices) -> list[str]:
    """Decide which classification is the region when no block names a known geo code: the
    user's choice (role "key" on an attribute code column), else the first block whose sampled
    codes are all official keys; none at all means the values are Germany's. Returns the
    reasons, for the layout."""
    for b, block in enumerate(fmt.blocks):
        if choices.role_of(block.attr_i) == "key":
            fmt.region_block, fmt.region_chosen = b, True
            return [f"{block.attr_name}: chosen as the region"]
    width = fmt.width
    rows = [cells for cells in sample if len(cells) == width]
    for b, block in enumerate(fmt.blocks):
        codes = {cells[block.code_i].strip() for cells in rows}
        geo = sorted(code for code in codes if _is_geo_code(code))
        if geo:
            fmt.region_block = b  # the per-row rule finds it; the layout names it
            return [f"{geo[0]} is a regional classification"]
    for b, block in enumerate(fmt.blocks):
        codes = [cells[block.attr_i].strip() for cells in rows]
        present = [code for code in codes if code]
        if present and all(map(is_region_key, present)):
            fmt.region_block = b
            return [f"{len(present)} of {len(present)} sampled codes are official region keys"]
    fmt.no_region = True
    return ["no classification holds region keys: the values are read as Germany's (DG)"]


# --- rows ---------------------------------------------------------------------------------------


def _records(data: bytes, fmt: _Format) -> Iterator[tuple[int, list[str]]]:
    """The CSV records with the line each starts on, decoded as the bytes are read: the text of
    a 200 MB file is never held whole. Universal newlines: LF, CRLF and CR alone."""
    encoding = {"utf-8": "utf-8-sig"}.get(fmt.encoding, fmt.encoding)
    return _csv_records(
        io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), fmt.delimiter
    )


def _csv_records(stream, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"')
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise csv_error(exc, line=start) from None
        yield start, row
        start = reader.line_num + 1


def _blank(cells: list[str]) -> bool:
    return is_blank(cells) or cells == ["\x1a"]  # a DOS end-of-file mark on a line of its own


class _Row(NamedTuple):
    line: int
    period: str
    region: tuple[str, str]
    dimensions: tuple[tuple[str, str], ...]
    # (variable, unit, raw value, flag) per measure, in column order
    values: tuple[tuple[str, str, str, str], ...]


class _RowReader:
    """Turns CSV records into rows: checks the width, reads the period, the region and the
    dimensions. A file repeats a few hundred classification combinations over a million rows,
    so each combination is read once and kept (at most CACHE_SIZE of them)."""

    CACHE_SIZE = 50_000

    def __init__(self, fmt: _Format):
        self.fmt = fmt
        self.shared: dict = {}  # one object per repeated variable, unit, dimension tuple
        self.periods: dict[str, str] = {}
        self.combinations: dict[tuple, tuple] = {}
        columns = [i for block in fmt.blocks for i in _block_columns(block)]
        getter = operator.itemgetter(*columns) if columns else (lambda cells: ())
        self.variable_i = fmt.variable_label_i
        self.block_cells = getter if len(columns) != 1 else (lambda cells: (cells[columns[0]],))

    def rows(self, records: Iterator[tuple[int, list[str]]]) -> Iterator[_Row]:
        fmt = self.fmt
        width = fmt.width
        header_line = fmt.header_line
        row = self.row
        for line, cells in records:
            if len(cells) != width or not cells[0]:
                if line <= header_line or _blank(cells):
                    continue
                if len(cells) != width:
                    if len(cells) < width and all(_blank(rest) for _, rest in records):
                        raise StatisticsFileError(
                            "truncated",
                            f"the last row has {len(cells)} of {width} cells: the file is cut off",
                            line=line,
                        )
                    raise StatisticsFileError(
                        "unknown_layout",
                        f"the row has {len(cells)} cells, the header {width}",
                        line=line,
                        params={"cells": len(cells), "expected": width},
                    )
            elif line <= header_line:
                continue
            yield row(line, cells)

    def row(self, line: int, cells: list[str]) -> _Row:
        fmt = self.fmt
        raw_time = cells[fmt.time_i]
        period = self.periods.get(raw_time)
        if period is None:
            period = normalise_period(raw_time)
            if period is None:
                value = raw_time.strip()[:40]
                raise StatisticsFileError(
                    "bad_period",
                    f"{value!r} is neither a date nor a year",
                    line=line,
                    column=fmt.time_name,
                    params={"value": value},
                )
            self.periods[raw_time] = period
        raw_blocks = self.block_cells(cells)
        combination = self.combinations.get(raw_blocks)
        if combination is None:
            combination = self.classifications(line, cells)
            if len(self.combinations) >= self.CACHE_SIZE:
                self.combinations.clear()
            self.combinations[raw_blocks] = combination
        region, breakdown = combination
        if fmt.old:
            values = tuple((m.variable, m.unit, cells[m.index], "") for m in fmt.measures)
        else:
            shared = self.shared
            variable = cells[self.variable_i].strip() if self.variable_i is not None else ""
            if not variable and fmt.variable_code_i is not None:
                variable = cells[fmt.variable_code_i].strip()
            if not variable:
                raise StatisticsFileError(
                    "unknown_layout",
                    "the row names no variable (value_variable_label is empty)",
                    line=line,
                    column="value_variable_label",
                )
            unit = _at(cells, fmt.unit_i)
            values = (
                (
                    shared.setdefault(variable, variable),
                    shared.setdefault(unit, unit),
                    cells[fmt.value_i],
                    _at(cells, fmt.flag_i),
                ),
            )
        return _Row(line, period, region, breakdown, values)

    def classifications(self, line: int, cells: list[str]) -> tuple:
        """The region and the sorted dimensions of a row's classification blocks."""
        fmt = self.fmt
        shared = self.shared
        region = GERMANY if fmt.no_region else None
        dimensions = []
        for b, block in enumerate(fmt.blocks):
            code = cells[block.code_i].strip()
            if not code:
                continue  # a table with fewer dimensions in this row
            attribute_code = cells[block.attr_i].strip()
            attribute_label = _at(cells, block.attr_label_i)
            if fmt.region_chosen:
                is_region = b == fmt.region_block
            else:
                is_region = region is None and (_is_geo_code(code) or b == fmt.region_block)
            if is_region:
                key = attribute_code
                if not key and code.upper() in {"DINSG", "DLAND"}:
                    key = "DG"  # the total over the Länder is Germany
                if not is_region_key(key):
                    raise StatisticsFileError(
                        "bad_region_key",
                        f"{key[:40]!r} is not an official regional key",
                        line=line,
                        column=block.attr_name,
                        params={"value": key[:40]},
                    )
                # Names are indented by level in the Landesdatenbank ("    Kerpen, Stadt").
                region = (key, attribute_label)
            else:
                # An empty attribute code is the total over that dimension.
                attribute = attribute_label or attribute_code or "Insgesamt"
                dimensions.append((_at(cells, block.label_i) or code, attribute))
        if region is None:
            raise StatisticsFileError(
                "missing_column",
                "no regional variable (GEO…, DINSG, DLAND, REGBEZ, KREISE, GEMEIN) in this row",
                line=line,
                column="1_variable_code",
                params={"column": "1_variable_code"},
            )
        region = shared.setdefault(region, region)
        breakdown = tuple(sorted(dimensions))
        return region, shared.setdefault(breakdown, breakdown)


def _block_columns(block: _Block) -> tuple[int, ...]:
    return tuple(
        i for i in (block.code_i, block.label_i, block.attr_i, block.attr_label_i) if i is not None
    )


def _at(cells: list[str], i: int | None) -> str:
    return cells[i].strip() if i is not None else ""


def _value_column(fmt: _Format, j: int) -> str:
    return fmt.measures[j].code if fmt.old else "value"


# --- repeated and ambiguous rows ----------------------------------------------------------------


@dataclass
class _Scan:
    """What the first pass found: which cells to leave out, which to number by their order."""

    skip: frozenset  # (line, measure index)
    order: dict  # (line, measure index) -> 1, 2, ...
    problems: list[Problem]
    specials: dict[str, tuple[str, int]]


def _scan(data: bytes, fmt: _Format, choices: ReadChoices, reader: "_RowReader") -> _Scan:
    """Read every row once: raise on the first bad one, count special values, and find cells
    that repeat an earlier cell's key. A repeat with the same value is skipped
    (``duplicate_identical``); repeats with other values cannot be told apart but by their
    order (``ambiguous_rows``), and ``choices.ambiguous`` says whether they are left out or
    numbered. Memory: one small entry per observation, freed when the scan ends."""
    duplicates = Duplicates()
    seen: dict[int, tuple[int, int, int]] = {}  # key -> (line, measure, value signature)
    groups: dict[int, list[tuple[int, int, int]]] = {}  # key -> the distinct values in order
    skip: set[tuple[int, int]] = set()
    specials: dict[str, tuple[str, int]] = {}
    rows = 0
    # The first pass compares raw cells: the classification cells, the time and, per measure,
    # the measure's own cells and the value's text. Reading each row into periods, regions and
    # numbers here as well would double the import's time; a bad cell raises when the second
    # pass reads it (the importer writes in one transaction, so nothing is left half-written).
    width, header_line, time_i, block_cells = (
        fmt.width,
        fmt.header_line,
        fmt.time_i,
        reader.block_cells,
    )
    if fmt.old:
        measure_columns = tuple((j, m.index) for j, m in enumerate(fmt.measures))
    else:
        named = tuple(
            i for i in (fmt.variable_label_i, fmt.variable_code_i, fmt.unit_i) if i is not None
        )
        measure_columns = ((0, fmt.value_i),)
    first_cells: dict[int, list[str]] = {}  # the cells of each ambiguous key's first row
    for line, cells in _records(data, fmt):
        if line <= header_line or len(cells) != width or not cells[0]:
            continue  # the header, a blank line; a bad row raises in the second pass
        rows += 1
        row_key = (cells[time_i], block_cells(cells))
        for j, i in measure_columns:
            # The cell's text, not its number (parsed once, in the second pass).
            text = cells[i].strip()
            special = SPECIAL_VALUES.get(text)
            sign = text
            if special is None and len(text) > 2 and text[0] == "(" and text[-1] == ")":
                sign, special = "(…)", (Status.RESTRICTED, None)
            if special is not None:
                specials[sign] = (special[0].value, specials.get(sign, ("", 0))[1] + 1)
            # A 64-bit hash stands for the key: a million keys as tuples of strings would cost
            # hundreds of MB (two keys sharing a hash by chance: about 1 in 10^7 per file).
            key = hash((row_key, j) if fmt.old else (row_key, tuple(cells[k] for k in named)))
            signature = hash(text)
            first = seen.get(key)
            if first is None:
                seen[key] = (line, j, signature)
                continue
            group = groups.get(key) or [first]
            same = next((entry for entry in group if entry[2] == signature), None)
            if same is not None:
                duplicates.identical(line, same[0])
                skip.add((line, j))
                continue
            if key not in groups:
                first_cells[key] = cells
            group.append((line, j, signature))
            groups[key] = group
    del seen
    if not rows:  # pragma: no cover - read_ffcsv checks for a first data row
        raise StatisticsFileError("empty", "the file has a header but no data rows")
    problems = []
    problem = duplicates.problem()
    if problem is not None:
        problems.append(problem)
    order: dict[tuple[int, int], int] = {}
    if groups:
        lines = sorted({line for group in groups.values() for line, _, _ in group})
        key, group = next(iter(groups.items()))
        # Described as read: the row's period, region and breakdown (a later row of the same
        # key has the same cells).
        row = reader.row(group[1][0], first_cells[key])
        region_key, period, dimensions = row.region[0], row.period, row.dimensions
        variable, unit, _raw, _flag = row.values[group[0][1]]
        described = " · ".join(
            [region_key, period, f"{variable} ({unit})" if unit else variable]
            + [f"{name}: {attribute}" for name, attribute in dimensions]
        )
        named = ", ".join(map(str, lines[:LINES_NAMED])) + (
            ", …" if len(lines) > LINES_NAMED else ""
        )
        problems.append(
            Problem(
                "ambiguous_rows",
                f"{len(lines)} rows (lines {named}) share every key and differ only by their "
                f"order; the first: {described}",
                line=group[0][0],
                params={"count": len(lines), "lines": named, "key": described},
            )
        )
        for group in groups.values():
            for n, (line, j, _) in enumerate(group, start=1):
                if choices.ambiguous == AMBIGUOUS_ORDER:
                    order[(line, j)] = n
                else:
                    skip.add((line, j))
    return _Scan(
        skip=frozenset(skip),
        order=order,
        problems=problems,
        specials=dict(sorted(specials.items())),
    )


class FlatStream(ObservationStream):
    """The observations of a flat file, read from its bytes on every iteration. Two streams of
    the same bytes read with the same choices are equal (a zipped and a plain copy are)."""

    def __init__(self, data: bytes, fmt: _Format, choices: ReadChoices, parsed: ParsedFile):
        super().__init__(self._observations)
        self._data = data
        self._fmt = fmt
        self._choices = choices
        self._parsed = parsed
        self._scan: _Scan | None = None
        self._reader = _RowReader(fmt)  # its caches serve every pass

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FlatStream):
            return NotImplemented
        return (self._data, self._fmt, self._choices) == (other._data, other._fmt, other._choices)

    __hash__ = None  # type: ignore[assignment]

    def scan(self) -> _Scan:
        """The first pass, once: its problems join the file's, its special values the layout."""
        if self._scan is None:
            scan = _scan(self._data, self._fmt, self._choices, self._reader)
            self._parsed.problems.extend(scan.problems)
            if self._parsed.layout is not None:  # the whole file's counts, not the sample's
                self._parsed.layout.specials.clear()
                self._parsed.layout.specials.update(scan.specials)
            self._scan = scan
        return self._scan

    def _observations(self) -> Iterator[Observation]:
        scan = self.scan()
        fmt = self._fmt
        skip, order, decimal = scan.skip, scan.order, fmt.decimal
        for row in self._reader.rows(_records(self._data, fmt)):
            region_key, region_name = row.region
            for j, (variable, unit, raw, flag) in enumerate(row.values):
                cell = (row.line, j)
                if cell in skip:
                    continue
                n = order.get(cell)
                status, value = parse_cell(
                    raw, line=row.line, column=_value_column(fmt, j), decimal=decimal
                )
                yield Observation(
                    region_key=region_key,
                    region_name=region_name,
                    period=row.period,
                    variable=f"{variable} ({n})" if n else variable,
                    unit=unit,
                    dimensions=row.dimensions,
                    value=value,
                    status=status,
                    quality_flag=flag,
                    line=row.line,
                )


# --- the layout, for the preview ----------------------------------------------------------------


def _layout(fmt: _Format, header: list[str], header_line: int, first_line_: int, reasons):
    """One ColumnGuess per column: what the header (and the sampled rows) say it holds."""
    roles: dict[int, tuple[str, str]] = {}
    names = [cell.strip().strip('"').strip() for cell in header]
    for i in range(fmt.width):
        roles[i] = ("ignored", "names the statistic or a classification")
    roles[fmt.time_i] = ("period", "the reference date or year of each row")
    for b, block in enumerate(fmt.blocks):
        if b == fmt.region_block:
            roles[block.attr_i] = ("key", reasons[0] if reasons else "official region keys")
            if block.attr_label_i is not None:
                roles[block.attr_label_i] = ("name", "the region's name")
        else:
            roles[block.attr_i] = ("breakdown_code", "a code of a classification")
            if block.attr_label_i is not None:
                roles[block.attr_label_i] = ("breakdown", "the label of a classification")
    measures = {}
    if fmt.old:
        for m in fmt.measures:
            measures[m.index] = m
            roles[m.index] = ("measure", "a measure column: code, label and unit in its header")
    else:
        roles[fmt.value_i] = ("measure", "the value of each row")
        if fmt.unit_i is not None:
            roles[fmt.unit_i] = ("unit", "the unit of each row's value")
        if fmt.flag_i is not None:
            roles[fmt.flag_i] = ("flag", "the quality flag of each row's value")
    columns = []
    for i in range(fmt.width):
        role, reason = roles[i]
        m = measures.get(i)
        columns.append(
            ColumnGuess(
                index=i,
                label=names[i],
                role=role,
                measure=m.variable if m else "",
                unit=m.unit if m else "",
                reason=reason,
            )
        )
    return Layout(
        header_lines=(header_line,),
        first_data_line=first_line_,
        columns=tuple(columns),
        regions_in="rows",
        notes=tuple(r for r in reasons if fmt.no_region)
        + (
            ("the old flat layout names no office: Destatis or a Land's database",)
            if fmt.old
            else ()
        ),
    )


# --- the reader ---------------------------------------------------------------------------------


def read_ffcsv(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    choices = choices or ReadChoices()
    check_size(data, max_bytes)
    if data[:2] == b"PK":
        _, data = csv_from_zip(data, max_bytes=max_bytes)
    text, encoding = decode(data)  # raises "empty", "encoding", "html_page"
    delimiter = sniff_delimiter(text)
    # Only the head is read now; the text of the whole file is let go.
    head = text[: _head_end(text)]
    del text
    if encoding != "utf-16" and data.endswith(b"\x1a"):
        data = data.rstrip(b"\x1a")  # a DOS end-of-file mark, as decode() drops it

    records = iter(_records_of_text(head, delimiter))
    header = None
    header_line = 1
    for line, cells in records:
        if not _blank(cells):
            header, header_line = cells, line
            break
    if header is None:  # pragma: no cover - decode rejects blank text
        raise StatisticsFileError("empty", "the file holds no header")
    fmt = _read_format(header, delimiter, encoding, choices)
    fmt.header_line = header_line
    sample: list[list[str]] = []
    data_line = 0
    for line, cells in records:
        if _blank(cells):
            continue
        data_line = data_line or line
        sample.append(cells)
        if len(sample) >= SAMPLE_ROWS:
            break
    if not sample:
        raise StatisticsFileError("empty", "the file has a header but no data rows")
    first = sample[0]
    table_code = first[fmt.code_i].strip() if len(first) > fmt.code_i else ""
    title = _at(first, fmt.label_i) if fmt.label_i is not None and len(first) == fmt.width else ""
    _check_last_row(data, fmt)
    fmt.decimal = _decimal_sign(fmt, sample)
    reasons = _find_region(fmt, sample, choices)
    layout = _layout(fmt, header, header_line, data_line, reasons)
    layout.specials.update(_sample_specials(fmt, sample))

    zensus = _is_zensus(table_code, title)
    parsed = ParsedFile(
        format="ffcsv",
        table_code=table_code,
        title=title,
        stand=None,
        source=ZENSUS_SOURCE if zensus else OLD_LAYOUT_SOURCE if fmt.old else DESTATIS_SOURCE,
        licence=LICENCE_DL_DE_BY,
        encoding=encoding,
        layout=layout,
    )
    parsed.observations = FlatStream(data, fmt, choices, parsed)
    return parsed


def _sample_specials(fmt: _Format, sample: list[list[str]]) -> dict[str, tuple[str, int]]:
    """The special values of the sampled rows, for a preview shown before the rows are read;
    the first full reading replaces them with the whole file's counts."""
    columns = [m.index for m in fmt.measures] if fmt.old else [fmt.value_i]
    counts: dict[str, tuple[str, int]] = {}
    for cells in sample:
        if len(cells) != fmt.width:
            continue
        for i in columns:
            sign = cells[i].strip()
            special = SPECIAL_VALUES.get(sign)
            if special is not None and special[0] is not Status.OK:
                counts[sign] = (special[0].value, counts.get(sign, ("", 0))[1] + 1)
    return dict(sorted(counts.items()))


def _decimal_sign(fmt: _Format, sample: list[list[str]]) -> str | None:
    columns = [m.index for m in fmt.measures] if fmt.old else [fmt.value_i]
    styles = {
        number_style(cells[i])
        for cells in sample
        if len(cells) == fmt.width
        for i in columns
        if cells[i].strip() not in SPECIAL_VALUES
    }
    styles.discard(None)
    return styles.pop() if len(styles) == 1 else None


_TAIL_BYTES = 64 * 1024


def _check_last_row(data: bytes, fmt: _Format) -> None:
    """A download cut off in the middle of its last row is refused at once, before anything is
    read: the last line has fewer cells than the header (the rows are read lazily, this one
    check reads the file's end)."""
    if fmt.encoding == "utf-16":
        return  # a rare export; its rows are checked as they are read
    end = len(data)
    while end and data[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
        end -= 1
    start = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
    if end - start > _TAIL_BYTES or start == 0:
        return  # an unusual line, or the header itself: the lazy reading judges
    text = data[start:end].decode("utf-8" if fmt.encoding == "utf-8" else "cp1252", "replace")
    try:
        (cells,) = list(csv.reader([text], delimiter=fmt.delimiter, quotechar='"'))
    except (csv.Error, ValueError):
        return
    if _blank(cells) or len(cells) >= fmt.width:
        return
    line = data.count(b"\n", 0, start) + data.count(b"\r", 0, start)
    line -= data.count(b"\r\n", 0, start)
    raise StatisticsFileError(
        "truncated",
        f"the last row has {len(cells)} of {fmt.width} cells: the file is cut off",
        line=line + 1,
    )


def _head_end(text: str) -> int:
    """Where the first SAMPLE_ROWS + 2 lines end (the header and the sampled rows)."""
    end = 0
    for n, match in enumerate(re.finditer(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+", text)):
        end = match.end()
        if n > SAMPLE_ROWS + 2:
            break
    return end


def _records_of_text(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    return _csv_records(io.StringIO(text, newline=""), delimiter)
