"""Reader for the "classic" GENESIS-Online / Regionaldatenbank table CSV ("Download -> CSV").

Pure Python, no Django. The layout (research notes, municipal-statistics.md §1.3, §1.5, §1.7)::

    Tabelle: 12521-0041                                  table id (or GENESIS-Tabelle: ...)
    Ausländer: Kreise, Stichtag, Geschlecht,;;;;;;       title, possibly wrapped
    Ländergruppierungen/Staatsangehörigkeit;;;;;;
    Ausländerstatistik;;;;;;;;;                          statistic
    Ausländer (Anzahl);;;;;;;;;                          measure (unit)
    ;;;;männlich;männlich;weiblich;weiblich;...          column header block, row-key cells empty
    31.12.2025;05122;Solingen, kreisfreie Stadt;Insgesamt;15755;e;15250;e;...
    __________                                           footer: footnotes, ©, Stand
    "06611 Kassel, kreisfreie Stadt, ..."
    © Statistisches Bundesamt (Destatis), 2026
    Stand: 25.09.2026 / 11:47:11

The layout model generalises over the offices' variants (Regionaldatenbank, GENESIS-Online,
the Landesdatenbanken, their XLSX through ``xlsx.py``): a title block (``Tabelle:`` or
``GENESIS-Tabelle:``, title, statistic, measure line, fixed selections such as ``Jahr: 2021``);
1 to n header rows, each read as what it holds (periods, units, measures with their unit in
brackets, a row naming dimensions over the row of their attributes, a constant statistic row);
the row-label columns found from the first data row's content (period, key, indented name,
breakdown code and label, a unit column and the measure label beside it); then the footer.
Rows that leave key and name empty continue the row above, a row holding only a year sets the
period of the block below. ``Layout`` tells the preview what was found; ``ReadChoices`` carries
the user's corrections (column roles, header rows, ambiguous rows).

The file is read as a stream of CSV records with one record of look-ahead, so a 200 MB export
costs linear time; repeated cells, names and dimension tuples are shared rather than copied.
The observations are still returned as a list: the importer counts and slices them.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
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
    TABLE_ID_RE,
    CsvRecords,
    Duplicates,
    check_size,
    csv_error,
    decode,
    is_region_key,
    looks_like_period,
    normalise_period,
    parse_cell,
)

FORMAT = "genesis-table"
_SEPARATOR_RE = re.compile(r"_{3,}")
# Landesdatenbank codes end in a letter ("12411-01i", "44211-11i"): "Tabelle: 12411-01i".
_LDB_TABLE_RE = re.compile(
    r"(?:(?:GENESIS-)?Tabelle:\s*)?(?P<code>[0-9]{5}-[0-9]{2}[0-9]?[a-z]{1,2})"
    r"(?:\s*:\s*(?P<rest>.*))?",
    re.IGNORECASE,
)
# "Ausländer (Anzahl)": a label without a colon (a colon marks a title or a fixed selection such
# as "Ländergruppierungen: EU-27 (seit 01.02.2020)") and the unit in the last brackets.
_MEASURE_RE = re.compile(r"(?P<label>[^:]*?\S)\s*\((?P<unit>[^()]*)\)")
_STAND_RE = re.compile(r"Stand:\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_FLAG_RE = re.compile(r"[A-Za-z]{0,3}")
_LICENSED_SOURCE_RE = re.compile(
    r"Statistisches Bundesamt|Destatis|Statistisches Landesamt|Statistischen? Ämter|IT\.NRW",
    re.IGNORECASE,
)

# Names a header row of time labels ("Stichtag;Stichtag") or a title part that is not a dimension.
_TIME_WORDS = frozenset(
    {
        "Stichtag",
        "Stichtage",
        "Jahr",
        "Jahre",
        "Berichtsjahr",
        "Halbjahr",
        "Halbjahre",
        "Quartal",
        "Quartale",
        "Monat",
        "Monate",
        "Schuljahr",
        "Schuljahre",
        "Zeit",
    }
)
# Title parts that name the regional dimension ("Kreise", "Gemeinden (Gebietsstand ...)").
_REGION_WORD_RE = re.compile(
    r"(?:Deutschland|Bundesländer|Länder|Regierungsbezirke|Statistische Regionen|Kreise"
    r"|Landkreise|Stadtkreise|kreisfreie Städte|Gemeindeverbände|Gemeinden)\b"
)
_SEX_LABELS = frozenset(
    {"männlich", "weiblich", "Männlich", "Weiblich", "Männer", "Frauen", "divers", "Insgesamt"}
    | {"insgesamt", "ohne Angabe"}
)
_SEX_MARKERS = frozenset({"männlich", "weiblich", "Männlich", "Weiblich", "Männer", "Frauen"})
_UNIT_WORDS = frozenset(
    {"Anzahl", "%", "Prozent", "qkm", "km²", "ha", "EUR", "Euro", "Tsd. EUR", "Mill. EUR", "Tsd."}
)
# Units as the Regionaldatenbank and the Landesdatenbanken print them: "1000 qm", "EUR je qm",
# "je 1000 Einwohner", "Personen".
_UNIT_RE = re.compile(
    r"(?:Anzahl|%|Prozent|Personen|Stück|Jahre|Tage|(?:Tsd\.|Mill\.|Mrd\.|1000|100)?\s*"
    r"(?:EUR|Euro|qm|m²|ha|qkm|km²|t|kg|MWh|kWh))(?:\s+je\s+\S+(?:\s+\S+)?)?"
    r"|je\s+(?:1000|100|10000)\s+\S+"
)
# A footnote marker after a value ("123¹", "1234 1)"): the value is read without it.
_FOOTNOTE_MARK_RE = re.compile(r"(?<=[0-9.x/-])(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s+[0-9]{1,2}\)|\*)$")
_STAND_IN_TEXT_RE = re.compile(r"Stand:\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# Short codes of a breakdown beside its label (nationality "121", "DG", "ATT01").
_CODE_RE = re.compile(r"[0-9A-Z][0-9A-Z_.-]{0,11}")
_ROUNDING_MIN_VALUES = 20  # fewer values than this say nothing about rounding

# Old GENESIS tables of the Länder print the name only ("Baden-Württemberg;35752,50;...").
_NAME_KEYS = {**LAND_KEYS, "Deutschland": "DG", "Insgesamt": "DG"}

_MAX_PREAMBLE_LINES = 50  # a file without a column header block is not a GENESIS table
_CELL_CACHE_LIMIT = 200_000


# --- small helpers -----------------------------------------------------------------------------


def _licence(source: str) -> str:
    return LICENCE_DL_DE_BY if _LICENSED_SOURCE_RE.search(source) else ""


def _trim(cells: list[str]) -> list[str]:
    """Stripped cells without the trailing ``;`` padding."""
    out = [cell.strip() for cell in cells]
    while out and not out[-1]:
        out.pop()
    return out


def _is_unit(label: str) -> bool:
    return label in _UNIT_WORDS or bool(_UNIT_RE.fullmatch(label))


def _stand_date(text: str) -> datetime.date | None:
    """``Stand: 25.09.2026 / 11:47:11`` -> 2026-09-25; also at the end of a © cell (XLSX)."""
    match = _STAND_RE.match(text) or _STAND_IN_TEXT_RE.search(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _is_separator(cell: str) -> bool:
    return bool(_SEPARATOR_RE.fullmatch(cell.strip()))


def _is_footer_start(cell: str) -> bool:
    """A footer line even without the ``__________`` above it: ©, Stand or a quoted footnote."""
    s = cell.strip()
    return s.startswith(("©", "Stand:")) or s[:3].lower() == "(c)" or "\n" in s


# --- layout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    index: int  # of the value cell in a data row
    flag_index: int | None  # of its quality flag
    label: str  # for messages: the header labels, joined
    period: str | None  # from a time row of the header
    variable: str
    unit: str
    dimensions: tuple[tuple[str, str], ...]  # from the header (and fixed selections)
    repeats: int | None = None  # index of the column it repeats (same header): read once


# What a leading (row-label) column holds, besides period, key and name.
_BREAKDOWN = "breakdown"
_BREAKDOWN_CODE = "breakdown_code"
_UNIT = "unit"
_MEASURE_LABEL = "measure_label"  # names the measure of the row (beside a unit column)
_IGNORED = "ignored"


@dataclass
class _Layout:
    row_width: int  # cells a data row must have
    key_width: int  # leading cells that label the row (period, key, name, categories)
    columns: list[_Column]
    period_col: int | None
    key_col: int | None  # None: the rows name a Land or Deutschland, without key
    name_col: int | None
    cat_cols: list[int]
    cat_names: list[str]
    cat_kinds: list[str]  # per cat column: _BREAKDOWN, _BREAKDOWN_CODE, _UNIT, ...
    guesses: list[ColumnGuess]


@dataclass
class _Header:
    k: int  # leading row-label cells (empty in the header rows)
    n: int  # value (and flag) columns
    line: int
    paths: list[tuple[str, ...]]  # the labels above each column, top to bottom
    periods: list[str | None]
    variables: list[str]
    units: list[str]
    dims: list[list[tuple[str, str]]]  # per column: what the header rows fix
    dim_names: list[str]
    has_time_row: bool
    merkmal: int  # "Merkmal n" names used so far
    stub: list[str]  # the labels of the row-label columns (XLSX: one cell with line breaks)
    key_labels: list[str]  # header labels above the row-label columns ("Einheit")
    lines: tuple[int, ...]
    measures_in_rows: bool
    statistic: str = ""


@dataclass
class _Preamble:
    title: str
    variable: str
    unit: str
    fixed_dimensions: list[tuple[str, str]]
    fixed_period: str | None
    statistic: str = ""


def _is_text_cell(cell: str) -> bool:
    """A row-label cell rather than a value: not a number, not a special value."""
    s = _FOOTNOTE_MARK_RE.sub("", cell.strip())
    if s in SPECIAL_VALUES:
        return False
    try:
        parse_cell(s, decimal=",")
    except StatisticsFileError:
        return True
    return False


def _name_row(upper: list[str], lower: list[str]) -> bool:
    """Whether a header row names the dimensions whose attributes the row below holds
    ("Geschlecht;Geschlecht;Nationalität" over "Insgesamt;weiblich;ausländisch")."""
    cols = [j for j, label in enumerate(upper) if label]
    if not cols or any(not lower[j] for j in cols):
        return False
    names = {upper[j] for j in cols}
    values = {lower[j] for j in cols}
    return len(names) < len(values) and not names & values


_DIMENSION_WORDS = frozenset(
    {"Geschlecht", "Nationalität", "Staatsangehörigkeit", "Altersgruppen", "Altersgruppe"}
)


class _TableReader:
    def __init__(self, text: str, encoding: str, choices: ReadChoices | None = None):
        self.encoding = encoding
        self.text = text
        self.choices = choices or ReadChoices()
        self.records = CsvRecords(text, ";")
        self.observations: list[Observation] = []
        self.problems: list[Problem] = []
        # Repeated rows are told apart per row, not per observation as in the other readers:
        # (key, period, categories) -> first line, index of its first observation.
        self.rows_seen: dict[tuple, tuple[int, int]] = {}
        self.duplicates = Duplicates()
        self.regions: dict[str, list] = {}  # key -> [only "-" so far, first line, name]
        self.cell_cache: dict[str, tuple[Status, Decimal | None]] = {}
        self.flags_seen: set[str] = set()
        self.periods: dict[str, str | None] = {}
        self.names: dict[str, str] = {}
        self.dims_cache: dict[tuple[str, ...], list[tuple[tuple[str, str], ...]]] = {}
        self.prev_key_cells: list[str] | None = None
        self.block_period: str | None = None  # a row holding only a year sets it (rgs 61511)
        self.specials: dict[str, int] = {}
        self.ambiguous: dict[tuple, list[tuple[int, int, int]]] = {}  # row key -> rows
        self.repeat_checked: set[int] = set()
        self.values_seen = 0
        self.not_fives = 0
        self.layout_info = Layout()

    def truncated(self, line: int, message: str = "") -> StatisticsFileError:
        return StatisticsFileError(
            "truncated",
            message or "the file ends before the footer (__________, ©, Stand)",
            line=line or None,
        )

    # -- the whole file

    def read(self) -> ParsedFile:
        records = iter(self.records)
        table_code, title_start = self.read_table_id(records)
        preamble_lines: list[tuple[int, str]] = [(0, title_start)] if title_start else []
        preamble_rows: list[tuple[int, list[str]]] = []
        header_rows: list[tuple[int, list[str]]] = []
        preamble: _Preamble | None = None
        layout: _Layout | None = None
        pending: tuple[int, list[str]] | None = None
        footer_first: list[str] | None = None
        footer_line: int | None = None
        first_data_line = 0
        in_footer = False

        for line, row in records:
            first = row[0].strip() if row else ""
            filled = sum(1 for cell in row if cell.strip())
            if not filled:
                continue
            if _is_separator(first) or (layout is not None and _is_footer_start(first)):
                footer_line = line
                if not _is_separator(first):
                    footer_first = row
                if preamble is None:
                    raise StatisticsFileError(
                        "unknown_layout", "the table has no column header", line=line
                    )
                if layout is None and header_rows:
                    self.read_header(header_rows, preamble)  # a header without data: still checked
                if pending is not None:
                    self.data_row(layout, *pending, last=True)
                in_footer = True
                break
            if preamble is not None and filled == 1 and first and looks_like_period(first):
                # A row that holds only the year: the period of the block below (rgs 61511).
                if pending is not None:
                    self.data_row(layout, *pending, last=False)
                    pending = None
                self.block_period = normalise_period(first)
                continue
            # A header row: its row-label cells are empty, or hold the labels of the row-label
            # columns in one cell with line breaks (XLSX).
            if layout is None and (not first or ("\n" in first and filled > 1)):
                if preamble is None:
                    preamble = self.read_preamble(preamble_lines)
                header_rows.append((line, row))
                continue
            if preamble is None:
                preamble_rows.append((line, row))
                preamble_lines.append(
                    (line, " ".join(cell.replace("\n", " ") for cell in _trim(row) if cell))
                )
                if len(preamble_lines) > _MAX_PREAMBLE_LINES:
                    raise StatisticsFileError(
                        "unknown_layout", "no column header block found", line=line
                    )
                continue
            if layout is None:
                wanted = self.choices.header_rows
                if wanted and wanted != len(header_rows):
                    # The user says how many rows the header has: the rest is title.
                    every = preamble_rows + header_rows
                    wanted = max(1, min(wanted, len(every)))
                    header_rows = every[-wanted:]
                    preamble_lines = ([(0, title_start)] if title_start else []) + [
                        (at, " ".join(c.replace("\n", " ") for c in _trim(cells) if c))
                        for at, cells in every[:-wanted]
                    ]
                    preamble = self.read_preamble(preamble_lines)
                meta = self.read_header(header_rows, preamble, row)
                layout = self.read_layout(meta, preamble, line, row)
                first_data_line = line
            if pending is not None:
                self.data_row(layout, *pending, last=False)
            pending = (line, row)

        if not in_footer:
            raise self.truncated(self.records.line)
        footnotes, source, stand = self.read_footer(footer_first)
        self.resolve_ambiguous()
        if not self.observations:
            self.problems.append(Problem("no_data", "the table holds no data rows"))
        self.mark_not_shown()
        duplicates = self.duplicates.problem()
        if duplicates is not None:
            self.problems.append(duplicates)
        notes = list(self.layout_info.notes)
        if self.values_seen >= _ROUNDING_MIN_VALUES and not self.not_fives:
            self.problems.append(
                Problem("rounded", "every value is a multiple of 5", params={"step": 5})
            )
            notes.append("every value is a multiple of 5: the office rounds to 5")
        assert preamble is not None  # the footer is only reached after the preamble
        info = self.layout_info
        info.first_data_line = first_data_line
        info.footer_line = footer_line
        info.notes = tuple(notes)
        info.specials = {
            sign: (str(SPECIAL_VALUES[sign][0]), count) for sign, count in self.specials.items()
        }
        return ParsedFile(
            format=FORMAT,
            table_code=table_code,
            title=preamble.title,
            stand=stand,
            source=source,
            licence=_licence(source),
            encoding=self.encoding,
            observations=self.observations,
            problems=self.problems,
            footnotes=footnotes,
            layout=info,
        )

    def read_table_id(self, records) -> tuple[str, str]:
        for line, row in records:
            cells = _trim(row)
            if not cells:
                continue
            match = TABLE_ID_RE.fullmatch(cells[0]) or _LDB_TABLE_RE.fullmatch(cells[0])
            if not match:
                raise StatisticsFileError(
                    "unknown_layout",
                    f"line 1 names no GENESIS table ({cells[0][:60]!r})",
                    line=line,
                )
            code = match.group("code")
            # Regionaldatenbank may put the title into the same line.
            rest = " ".join(part for part in [match.group("rest") or "", *cells[1:]] if part)
            if code.lower() == "temporär":
                code = ""
            elif not _LDB_TABLE_RE.fullmatch(cells[0]):
                code = code.upper()  # the Landesdatenbanken write "12411-01i" in lower case
            return code, rest.strip()
        raise StatisticsFileError("empty", "the file holds no table")

    # -- title, statistic, measure

    def read_preamble(self, lines: list[tuple[int, str]]) -> _Preamble:
        texts = [text for _, text in lines]
        measure_at = None
        for i, text in enumerate(texts):
            if _MEASURE_RE.fullmatch(text):
                measure_at = i
        variable = unit = statistic = ""
        fixed_dimensions: list[tuple[str, str]] = []
        fixed_period = None
        # "Variable: attribute" lines after the measure (or, without one, after the title) are
        # fixed selections of the table ("Jahr: 2021").
        start = measure_at + 1 if measure_at is not None else 1
        selections: set[int] = set()
        for offset, text in enumerate(texts[start:], start=start):
            name, colon, attribute = text.partition(":")
            if not colon or not name.strip() or not attribute.strip():
                continue
            name, attribute = name.strip(), attribute.strip()
            if name in _TIME_WORDS:
                if measure_at is None and normalise_period(attribute) is None:
                    continue  # a title line ("Stichtag: Schuljahresbeginn - regionale ...")
                fixed_period = normalise_period(attribute)
                if fixed_period is None:
                    raise StatisticsFileError(
                        "bad_period",
                        f"{attribute!r} is neither a date nor a year",
                        line=lines[offset][0] or 1,
                        params={"value": attribute},
                    )
                selections.add(offset)
            elif measure_at is not None:
                fixed_dimensions.append((name, attribute))
                selections.add(offset)
        if measure_at is None:
            rest = [text for i, text in enumerate(texts) if i not in selections]
            # The last line before the header names the statistic ("Statistik der ...").
            if len(rest) >= 2:
                statistic = rest[-1]
                rest = rest[:-1]
            title_lines = rest
        else:
            match = _MEASURE_RE.fullmatch(texts[measure_at])
            variable, unit = match.group("label").strip(), match.group("unit").strip()
            statistic_at = measure_at - 1
            if statistic_at >= 1 and texts[statistic_at] in _NAME_KEYS:
                statistic_at -= 1  # a fixed region ("Deutschland") between statistic and measure
            if statistic_at >= 1:
                statistic = texts[statistic_at]
            title_lines = texts[: max(statistic_at, 1)] if measure_at >= 1 else []
        return _Preamble(
            title=" ".join(title_lines).strip(),
            variable=variable,
            unit=unit,
            fixed_dimensions=fixed_dimensions,
            fixed_period=fixed_period,
            statistic=statistic,
        )

    # -- column header block

    def read_header(
        self,
        header_rows: list[tuple[int, list[str]]],
        preamble: _Preamble,
        first_row: list[str] | None = None,
    ) -> _Header:
        rows = [(line, _trim(row)) for line, row in header_rows]
        stub: list[str] = []
        for _, cells in rows:
            if cells and "\n" in cells[0]:
                stub = [part.strip() for part in cells[0].split("\n") if part.strip()]
                cells[0] = ""
        k = min(
            (next((i for i, cell in enumerate(cells) if cell), len(cells)) for _, cells in rows),
            default=0,
        )
        width = max(len(cells) for _, cells in rows)
        if first_row is not None:
            # Leading text cells of the data row label it too ("Einheit": Anzahl, Tsd. EUR).
            data = [cell.strip() for cell in first_row]
            width = max(width, len(_trim(first_row)))
            while k < width - 1 and k < len(data) and data[k] and _is_text_cell(data[k]):
                k += 1
        # The user may say that the first columns the model took for values label the rows.
        label_roles = ("period", "key", "name", _BREAKDOWN, _BREAKDOWN_CODE, _UNIT)
        while k < width - 1 and self.choices.role_of(k) in label_roles:
            k += 1
        key_labels = [
            " / ".join(cells[c] for _, cells in rows if c < len(cells) and cells[c])
            for c in range(k)
        ]
        # Labels per header row over the value columns; an empty label continues a merged
        # cell when the cell above it continues too (or in the top row).
        grids: list[tuple[int, list[str]]] = []
        for line, cells in rows:
            labels = [cells[c] if c < len(cells) else "" for c in range(k, width)]
            above = grids[-1][1] if grids else None
            for j in range(1, len(labels)):
                if not labels[j] and labels[j - 1] and (above is None or above[j] == above[j - 1]):
                    labels[j] = labels[j - 1]
            grids.append((line, labels))

        n = width - k
        periods: list[str | None] = [preamble.fixed_period] * n
        variables = [preamble.variable] * n
        units = [preamble.unit] * n
        dim_rows: list[list[str]] = []
        has_time_row = False
        previous_was_time_word = False
        measure_row = False
        for line, labels in grids:
            present = [label for label in labels if label]
            if present and all(label in _TIME_WORDS for label in present):
                previous_was_time_word = True
                continue
            if previous_was_time_word or (present and all(map(looks_like_period, present))):
                previous_was_time_word = False
                has_time_row = True
                for j, label in enumerate(labels):
                    period = normalise_period(label)
                    if period is None:
                        raise StatisticsFileError(
                            "bad_period",
                            f"{label!r} is neither a date nor a year",
                            line=line,
                            column=label or str(k + j + 1),
                            params={"value": label},
                        )
                    periods[j] = period
                continue
            previous_was_time_word = False
            if present and all(map(_is_unit, present)):
                units = [label or unit for label, unit in zip(labels, units, strict=True)]
                continue
            if not preamble.variable and present and all(map(_MEASURE_RE.fullmatch, present)):
                measure_row = True
                for j, label in enumerate(labels):
                    match = _MEASURE_RE.fullmatch(label)
                    if match:
                        variables[j] = match.group("label").strip()
                        units[j] = match.group("unit").strip()
                continue
            dim_rows.append(labels)

        measures_in_rows = False
        if first_row is not None:
            data = [cell.strip() for cell in first_row[:k]]
            measures_in_rows = any(
                _is_unit(cell) or key_labels[c] == "Einheit" for c, cell in enumerate(data)
            ) and not is_region_key(data[k - 1] if k else "")
        statistic = ""
        if not preamble.variable and not measure_row and not measures_in_rows and dim_rows:
            # No measure line: the top header row names the measure. When it and the row below
            # are one label each over every column, the top one is the statistic.
            def constant(labels: list[str]) -> bool:
                return all(labels) and len(set(labels)) == 1

            if (
                len(dim_rows) >= 3
                and constant(dim_rows[0])
                and constant(dim_rows[1])
                and dim_rows[1][0] not in _DIMENSION_WORDS
            ):
                statistic = dim_rows.pop(0)[0]
            top = dim_rows.pop(0)
            variables = [label or variable for label, variable in zip(top, variables, strict=True)]

        dims: list[list[tuple[str, str]]] = [[] for _ in range(n)]
        dim_names: list[str] = []
        merkmal = 0
        r = 0
        while r < len(dim_rows):
            labels = dim_rows[r]
            if r + 1 < len(dim_rows) and _name_row(labels, dim_rows[r + 1]):
                lower = dim_rows[r + 1]
                for j in range(n):
                    if lower[j]:
                        name = labels[j]
                        if not name:
                            merkmal += 1
                            name = f"Merkmal {merkmal}"
                        dims[j].append((name, lower[j]))
                        if name not in dim_names:
                            dim_names.append(name)
                r += 2
                continue
            values = {label for label in labels if label}
            if values & _SEX_MARKERS and values <= _SEX_LABELS and "Geschlecht" not in dim_names:
                name = "Geschlecht"
            else:
                merkmal += 1
                name = f"Merkmal {merkmal}"
            dim_names.append(name)
            for j in range(n):
                if labels[j]:
                    dims[j].append((name, labels[j]))
            r += 1
        if not measures_in_rows and not all(variables):
            raise StatisticsFileError(
                "unknown_layout",
                "the table names no measure such as 'Ausländer (Anzahl)'",
                line=grids[0][0],
            )
        paths = [tuple(labels[j] for _, labels in grids) for j in range(n)]
        return _Header(
            k=k,
            n=n,
            line=grids[0][0],
            paths=paths,
            periods=periods,
            variables=variables,
            units=units,
            dims=dims,
            dim_names=dim_names,
            has_time_row=has_time_row,
            merkmal=merkmal,
            stub=stub,
            key_labels=key_labels,
            lines=tuple(line for line, _ in rows),
            measures_in_rows=measures_in_rows,
            statistic=statistic or preamble.statistic,
        )

    def read_layout(self, meta: _Header, preamble: _Preamble, line: int, row: list[str]) -> _Layout:
        """Decide from the header and the first data row where period, key, name, categories,
        values and quality flags are."""
        k, n, paths = meta.k, meta.n, meta.paths
        cells = [cell.strip() for cell in row]

        # New GENESIS repeats each heading over the value and its flag column.
        flagged = (
            n >= 2
            and n % 2 == 0
            and all(paths[j] == paths[j + 1] for j in range(0, n, 2))
            and all(
                _FLAG_RE.fullmatch(cells[k + j + 1])
                for j in range(0, n, 2)
                if k + j + 1 < len(cells)
            )
        )
        steps = range(0, n, 2) if flagged else range(n)

        # The row-label columns, found from their content: period (a date or year), key (an
        # official key), name (text after the key), then breakdowns, codes and units.
        key_area = cells[:k] + [""] * max(0, k - len(cells))
        roles: list[str] = [""] * k
        reasons: list[str] = [""] * k
        for c, cell in enumerate(key_area):
            if "period" not in roles and looks_like_period(cell) and not is_region_key(cell):
                roles[c], reasons[c] = "period", f"{cell!r} is a date or year"
            elif "key" not in roles and "name" not in roles and is_region_key(cell):
                roles[c], reasons[c] = "key", f"{cell!r} is an official regional key"
            elif (
                "key" not in roles
                and "name" not in roles
                and cell in _NAME_KEYS
                and all(role == "period" for role in roles[:c])
            ):
                roles[c], reasons[c] = "name", f"{cell!r} names a Land"
            elif roles[c - 1 : c] == ["key"] and c >= 1:
                roles[c], reasons[c] = "name", "text beside the regional key"
            elif _is_unit(cell) or meta.key_labels[c] == "Einheit":
                roles[c], reasons[c] = _UNIT, f"{cell!r} is a unit"
            elif (
                c + 1 < k
                and _CODE_RE.fullmatch(cell)
                and key_area[c + 1]
                and not _CODE_RE.fullmatch(key_area[c + 1])
            ):
                roles[c], reasons[c] = _BREAKDOWN_CODE, f"{cell!r} is a code beside a label"
            else:
                roles[c], reasons[c] = _BREAKDOWN, "text that labels the row"
        if "key" not in roles and "name" not in roles and k:
            # No key in the first row: the first column after the period is the key (the
            # data row names the bad key with its line).
            c = 1 if roles[0] == "period" and k >= 2 else 0
            roles[c], reasons[c] = "key", "the first row-label column"
            if c + 1 < k and roles[c + 1] in (_BREAKDOWN, _BREAKDOWN_CODE):
                roles[c + 1], reasons[c + 1] = "name", "text beside the regional key"
        if meta.measures_in_rows:
            # The label beside the unit column names the measure of the row (rgs 61511).
            unit_at = roles.index(_UNIT)
            for c in range(unit_at - 1, -1, -1):
                if roles[c] == _BREAKDOWN:
                    roles[c], reasons[c] = _MEASURE_LABEL, "names the measure beside a unit column"
                    break
        for c, role in self.choices.roles:
            if 0 <= c < k and role in (
                "period",
                "key",
                "name",
                _BREAKDOWN,
                _BREAKDOWN_CODE,
                _UNIT,
                _IGNORED,
            ):
                roles[c], reasons[c] = role, "chosen by the user"
        period_col = roles.index("period") if "period" in roles else None
        key_col = roles.index("key") if "key" in roles else None
        name_col = roles.index("name") if "name" in roles else None
        if key_col is None and name_col is None:
            raise StatisticsFileError(
                "unknown_layout", "no column holds a regional key or name", line=line
            )
        if key_col is not None and name_col is not None and name_col < key_col:
            name_col = None
        cat_cols = [
            c for c in range(k) if roles[c] in (_BREAKDOWN, _BREAKDOWN_CODE, _UNIT, _MEASURE_LABEL)
        ]
        cat_kinds = [roles[c] for c in cat_cols]

        if period_col is not None and meta.has_time_row:
            raise StatisticsFileError(
                "unknown_layout", "the period is both a column heading and a row label", line=line
            )
        if (
            period_col is None
            and not meta.has_time_row
            and preamble.fixed_period is None
            and self.block_period is None
        ):
            raise StatisticsFileError(
                "unknown_layout", "the table names no period (Stichtag or Jahr)", line=line
            )

        ignored = {c for c, role in self.choices.roles if role == _IGNORED}
        columns = []
        seen: dict[tuple, int] = {}
        for j in steps:
            dims = list(meta.dims[j])
            dims.extend(preamble.fixed_dimensions)
            label = " / ".join(dict.fromkeys(part for part in paths[j] if part))
            label = label or str(k + j + 1)  # a column without heading: its position
            identity = (meta.periods[j], meta.variables[j], meta.units[j], tuple(sorted(dims)))
            first = seen.get(identity)
            if first is None:
                seen[identity] = k + j
            column = _Column(
                index=k + j,
                flag_index=k + j + 1 if flagged else None,
                label=label,
                period=meta.periods[j],
                variable=meta.variables[j],
                unit=meta.units[j],
                dimensions=tuple(sorted(dims)),
                repeats=first,
            )
            if first is not None:
                first_label = next(c.label for c in columns if c.index == first)
                self.problems.append(
                    Problem(
                        "repeated_column",
                        f"column {label!r} repeats column {first_label!r}; read once",
                        line=meta.line,
                        column=label,
                        params={
                            "column": label,
                            "first": first_label,
                            "position": k + j + 1,
                            "first_position": first + 1,
                        },
                    )
                )
            columns.append(column)

        used_names = set(meta.dim_names) | {name for name, _ in preamble.fixed_dimensions}
        breakdowns = sum(1 for kind in cat_kinds if kind == _BREAKDOWN)
        names = iter(self.category_names(preamble.title, breakdowns, used_names, meta))
        cat_names = [next(names) if kind == _BREAKDOWN else kind for kind in cat_kinds]

        guesses = []
        for c in range(k):
            role = roles[c] if roles[c] != _MEASURE_LABEL else _BREAKDOWN
            label = meta.key_labels[c] or (meta.stub[c] if len(meta.stub) == k else "")
            if c in cat_cols and cat_names[cat_cols.index(c)] not in (
                _BREAKDOWN_CODE,
                _UNIT,
                _MEASURE_LABEL,
            ):
                label = label or cat_names[cat_cols.index(c)]
            guesses.append(ColumnGuess(index=c, label=label, role=role, reason=reasons[c]))
        for column in columns:
            ignored_here = column.repeats is not None or column.index in ignored
            guesses.append(
                ColumnGuess(
                    index=column.index,
                    label=column.label,
                    role=_IGNORED if ignored_here else "measure",
                    measure=column.variable,
                    unit=column.unit,
                    dimensions=column.dimensions,
                    reason=(
                        "repeats an earlier column"
                        if column.repeats is not None
                        else "chosen by the user"
                        if column.index in ignored
                        else "values under the header"
                    ),
                )
            )
            if column.flag_index is not None:
                guesses.append(
                    ColumnGuess(
                        index=column.flag_index,
                        label=column.label,
                        role="flag",
                        reason="quality flags (e, p, ...) beside the values",
                    )
                )
        self.layout_info.header_lines = meta.lines
        self.layout_info.columns = tuple(sorted(guesses, key=lambda g: g.index))
        notes = []
        if meta.statistic:
            notes.append(f"statistic: {meta.statistic}")
        if meta.measures_in_rows:
            notes.append("the measures and their units are named in the rows")
        self.layout_info.notes = tuple(notes)
        return _Layout(
            row_width=k + n,
            key_width=k,
            columns=[c for c in columns if c.index not in ignored],
            period_col=period_col,
            key_col=key_col,
            name_col=name_col,
            cat_cols=cat_cols,
            cat_names=cat_names,
            cat_kinds=cat_kinds,
            guesses=guesses,
        )

    @staticmethod
    def category_names(title: str, count: int, used: set[str], meta: _Header) -> list[str]:
        """Row-category dimensions take their names from the title where it lists them
        ("Ausländer: Kreise, Stichtag, Geschlecht, Ländergruppierungen/Staatsangehörigkeit",
        "Schulen ... nach Schularten - Stichtag")."""
        if not count:
            return []
        _, colon, listed = title.partition(":")
        candidates = [
            part.strip()
            for part in listed.split(",")
            if colon
            and part.strip()
            and " - " not in part
            and part.strip() not in _TIME_WORDS
            and part.strip() not in used
            and not _REGION_WORD_RE.match(part.strip())
        ]
        if len(candidates) == count and len(set(candidates)) == count:
            return candidates
        match = re.search(r"\bnach\s+(.+?)(?:\s+-\s+|$)", title)
        if match:
            # "Geschlecht und Altersgruppen (17)": the count in brackets is not part of the name
            parts = re.split(r",\s*|\s+und\s+", match.group(1))
            parts = [re.sub(r"\s*\([^()]*\)$", "", part).strip() for part in parts]
            candidates = [part for part in parts if part and part not in used]
            if len(candidates) == count and len(set(candidates)) == count:
                return candidates
        stub = [
            re.sub(r"\s*\(.*\)$", "", part)
            for part in meta.stub
            if part not in _TIME_WORDS and not _REGION_WORD_RE.match(part)
        ]
        if len(stub) == count:
            return stub
        merkmal = meta.merkmal
        names = []
        while len(names) < count:
            merkmal += 1
            if f"Merkmal {merkmal}" not in used:
                names.append(f"Merkmal {merkmal}")
        return names

    # -- data rows

    def data_row(self, layout: _Layout, line: int, row: list[str], *, last: bool) -> None:
        width = layout.row_width
        if len(row) < width:
            if last:
                raise self.truncated(line, f"the last data row has {len(row)} of {width} cells")
            if layout.columns[-1].flag_index == width - 1 and len(row) == width - 1:
                row = [*row, ""]  # only the empty flag after the last value is missing
            else:
                raise StatisticsFileError(
                    "missing_column",
                    f"the row has {len(row)} of {width} cells",
                    line=line,
                    column=layout.columns[-1].label,
                )
        elif len(row) > width and any(cell.strip() for cell in row[width:]):
            raise StatisticsFileError(
                "unknown_layout",
                f"the row has more cells than the header ({len(row)} > {width})",
                line=line,
                column=str(width + 1),
            )

        # Row labels; leading empty cells continue the row above (merged cells, or the key and
        # name printed on a block's first row only).
        k = layout.key_width
        key_cells = [cell.strip() for cell in row[:k]]
        filled_to = 0
        prev = self.prev_key_cells
        if prev is not None:
            while filled_to < k and not key_cells[filled_to]:
                key_cells[filled_to] = prev[filled_to]
                filled_to += 1
        self.prev_key_cells = key_cells

        period = None
        if layout.period_col is not None:
            raw = key_cells[layout.period_col]
            period = self.periods.get(raw)
            if period is None:
                period = self.periods[raw] = normalise_period(raw)
            if period is None:
                raise StatisticsFileError(
                    "bad_period",
                    f"{raw!r} is neither a date nor a year",
                    line=line,
                    column=str(layout.period_col + 1),
                    params={"value": raw},
                )
        elif self.block_period is not None:
            period = self.block_period
        if layout.key_col is not None:
            key = key_cells[layout.key_col]
            name = key_cells[layout.name_col] if layout.name_col is not None else ""
            # A new name under an empty key does not continue the row above.
            if (
                layout.key_col < filled_to
                and layout.name_col is not None
                and row[layout.name_col].strip()
            ):
                key = ""
            if not is_region_key(key):
                raise StatisticsFileError(
                    "bad_region_key",
                    f"{key[:40]!r} is not a regional key (DG, 2, 3, 5, 8 or 9 digits)",
                    line=line,
                    column=str(layout.key_col + 1),
                    params={"value": key[:40]},
                )
        else:
            name = key_cells[layout.name_col]
            key = _NAME_KEYS.get(name, "")
            if not key:
                raise StatisticsFileError(
                    "bad_region_key",
                    f"{name[:40]!r} is neither a regional key nor the name of a Land",
                    line=line,
                    column=str(layout.name_col + 1),
                    params={"value": name[:40]},
                )
            if name == "Insgesamt":
                name = "Deutschland"
        name = self.names.setdefault(name, name)
        cats = tuple(key_cells[c] for c in layout.cat_cols)
        row_dims = self.dims_cache.get(cats)
        if row_dims is None:
            row_dims = self.row_dimensions(layout, cats)
        row_unit = row_variable = None
        for kind, cat in zip(layout.cat_kinds, cats, strict=True):
            if kind == _UNIT:
                row_unit = cat
            elif kind == _MEASURE_LABEL:
                row_variable = cat

        new = []
        only_dashes = True
        cache = self.cell_cache
        specials = self.specials
        firsts: dict[int, tuple] = {}
        for column, dims in zip(layout.columns, row_dims, strict=True):
            cell = row[column.index]
            parsed = cache.get(cell)
            if parsed is None:
                # Classic tables print a decimal comma and thousands dots ("89.504" is 89504),
                # and no other form (strict): unlike the flat file's, where a dot is decimal.
                # A footnote marker after the value ("123¹", "1234 1)") is not part of it.
                text = _FOOTNOTE_MARK_RE.sub("", cell.strip())
                parsed = parse_cell(text, line=line, column=column.label, decimal=",", strict=True)
                if len(cache) >= _CELL_CACHE_LIMIT:
                    cache.clear()
                cache[cell] = parsed
            status, value = parsed
            if column.repeats is not None:
                # A repeated column is read once: its values must be those of the first.
                if firsts.get(column.repeats) != parsed:
                    raise StatisticsFileError(
                        "unknown_layout",
                        f"two value columns have the same heading {column.label!r} "
                        "but different values",
                        line=line,
                        column=column.label,
                    )
                continue
            firsts[column.index] = parsed
            if status is not Status.OK:
                sign = cell.strip()
                sign = _FOOTNOTE_MARK_RE.sub("", sign)
                if sign in SPECIAL_VALUES:
                    specials[sign] = specials.get(sign, 0) + 1
            elif value:
                self.values_seen += 1
                if value % 5:
                    self.not_fives += 1
            if status is not Status.ZERO:
                only_dashes = False
            flag = ""
            if column.flag_index is not None:
                flag = row[column.flag_index]
                if flag not in self.flags_seen:
                    if not _FLAG_RE.fullmatch(flag.strip()):
                        raise StatisticsFileError(
                            "unknown_layout",
                            f"{flag.strip()[:40]!r} is not a quality flag (e, p, r, s, ...)",
                            line=line,
                            column=column.label,
                            params={"value": flag.strip()[:40]},
                        )
                    self.flags_seen.add(flag)
                flag = flag.strip()
            new.append(
                Observation(
                    region_key=key,
                    region_name=name,
                    period=period or column.period,
                    variable=row_variable or column.variable,
                    unit=row_unit or column.unit,
                    dimensions=dims,
                    value=value,
                    status=status,
                    quality_flag=flag,
                    line=line,
                )
            )

        row_key = (key, period, cats)
        seen = self.rows_seen.get(row_key)
        if seen is not None:
            first_line, start = seen
            earlier = self.observations[start : start + len(new)]
            if [(o.status, o.value) for o in earlier] != [(o.status, o.value) for o in new]:
                # Rows that share every key and differ only by their order: the user decides.
                rows = self.ambiguous.setdefault(row_key, [(first_line, start, len(new))])
                rows.append((line, len(self.observations), len(new)))
                self.observations.extend(new)
                return
            self.duplicates.identical(line, first_line)
            return
        self.rows_seen[row_key] = (line, len(self.observations))
        self.observations.extend(new)
        region = self.regions.get(key)
        if region is None:
            self.regions[key] = [only_dashes, line, name]
        elif not only_dashes:
            region[0] = False

    def row_dimensions(self, layout: _Layout, cats: tuple[str, ...]):
        extra = [
            (name, cat)
            for name, kind, cat in zip(layout.cat_names, layout.cat_kinds, cats, strict=True)
            if kind == _BREAKDOWN
        ]
        dims = [tuple(sorted([*column.dimensions, *extra])) for column in layout.columns]
        self.dims_cache[cats] = dims
        return dims

    def resolve_ambiguous(self) -> None:
        """Rows that share every key: skipped, or kept as distinct measures by their order."""
        if not self.ambiguous:
            return
        drop: set[int] = set()
        order = self.choices.ambiguous == AMBIGUOUS_ORDER
        for row_key, rows in self.ambiguous.items():
            lines = ", ".join(str(line) for line, _, _ in rows)
            key = row_key[0]
            self.problems.append(
                Problem(
                    "ambiguous_rows",
                    f"rows {lines} share the key {key} and differ only by their order"
                    + ("; numbered by their order" if order else "; left out"),
                    line=rows[0][0],
                    params={"count": len(rows), "lines": lines, "key": key},
                )
            )
            for number, (_, start, count) in enumerate(rows, start=1):
                for i in range(start, start + count):
                    if order:
                        if number > 1:
                            obs = self.observations[i]
                            self.observations[i] = obs._replace(
                                variable=f"{obs.variable} ({number})"
                            )
                    else:
                        drop.add(i)
        if drop:
            self.observations = [o for i, o in enumerate(self.observations) if i not in drop]

    def mark_not_shown(self) -> None:
        """A region with "-" in every cell is shown together with another one (Kassel Landkreis
        with Kassel, the Saarland Kreise with Saarlouis in 12521-0041), not a real zero."""
        hidden = {key: (line, name) for key, (dashes, line, name) in self.regions.items() if dashes}
        if not hidden:
            return
        for i, obs in enumerate(self.observations):
            if obs.region_key in hidden:
                self.observations[i] = obs._replace(status=Status.NOT_SHOWN, value=None)
        for key, (line, name) in sorted(hidden.items(), key=lambda item: item[1][0]):
            self.problems.append(
                Problem(
                    "not_shown",
                    f"{key} {name}: every value is '-'; the region is shown together with "
                    "another one (see the footnotes), its values are not zero",
                    line=line,
                    params={"key": key, "name": name},
                )
            )

    # -- footer

    def read_footer(self, first_row: list[str] | None) -> tuple[str, str, datetime.date | None]:
        raw = self.text[self.records.pos :]
        footer_line = self.records.line
        if raw.count('"') % 2:
            raise self.truncated(footer_line + raw.count("\n"), "a footnote is cut off")
        rows = [first_row] if first_row is not None else []
        try:
            rows.extend(csv.reader(io.StringIO(raw, newline=""), delimiter=";", quotechar='"'))
        except csv.Error as exc:
            raise csv_error(exc, line=footer_line) from None
        notes: list[str] = []
        source = ""
        stand = None
        for index, row in enumerate(rows):
            text = ";".join(_trim(row)).strip().replace("\r\n", "\n").replace("\r", "\n")
            if not text or _is_separator(text):
                continue
            at = text.find("\n©")
            if at > 0 and not source:
                # One cell holds the footnotes and the © line (XLSX).
                notes.append(text[:at].strip())
                text = text[at + 1 :]
            if not source and (text.startswith("©") or text[:3].lower() == "(c)"):
                source, bar, rest = text.partition(" | Stand:")
                source = source.strip()
                if bar and stand is None:
                    stand = _stand_date("Stand:" + rest)  # XLSX: "© ... | Stand: 10.11.2023"
                continue
            if stand is None and " | Stand:" in text:
                # XLSX: "- Namensnennung - Version 2.0. | Stand: 10.11.2023 / 14:35:10"
                before, _, after = text.partition(" | Stand:")
                stand = _stand_date("Stand:" + after)
                if source and before.strip():
                    source += "\n" + before.strip()
                continue
            if source and stand is None and not text.startswith("Stand:"):
                source += "\n" + text  # XLSX: the © line's continuation, one row each
                continue
            if text.startswith("Stand:") and stand is None:
                stand = _stand_date(text)
                if stand is None:
                    if index == len(rows) - 1 and not raw.endswith(("\n", "\r")):
                        raise self.truncated(
                            footer_line + raw.count("\n"), "the Stand line is cut off"
                        )
                    self.problems.append(
                        Problem(
                            "bad_stand", f"{text[:60]!r} names no date", params={"value": text[:60]}
                        )
                    )
                continue
            notes.append(text)
        return "\n".join(notes), source, stand


def read_genesis_table(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    """Read a classic GENESIS-Online / Regionaldatenbank table CSV.

    ``max_bytes`` is the import limit; larger files raise ``too_large`` (``limit_mb`` in MiB).
    """
    check_size(data, max_bytes)
    text, encoding = decode(data)
    return _TableReader(text, encoding, choices).read()
