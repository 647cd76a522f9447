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

The file is read as a stream of CSV records with one record of look-ahead, so a 200 MB export
costs linear time; repeated cells, names and dimension tuples are shared rather than copied.
"""

import csv
import datetime
import io
import re
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
    LICENCE_DL_DE_BY,
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
# "Ausländer (Anzahl)": a label without a colon (a colon marks a title or a fixed selection such
# as "Ländergruppierungen: EU-27 (seit 01.02.2020)") and the unit in the last brackets.
_MEASURE_RE = re.compile(r"(?P<label>[^:]*?\S)\s*\((?P<unit>[^()]*)\)")
_STAND_RE = re.compile(r"Stand:\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_FLAG_RE = re.compile(r"[A-Za-z]{0,3}")
_LICENSED_SOURCE_RE = re.compile(
    r"Statistisches Bundesamt|Destatis|Statistisches Landesamt|Statistischen? Ämter",
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

# Old GENESIS tables of the Länder print the name only ("Baden-Württemberg;35752,50;...").
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


def _stand_date(text: str) -> datetime.date | None:
    """``Stand: 25.09.2026 / 11:47:11`` -> 2026-09-25."""
    match = _STAND_RE.match(text)
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


@dataclass
class _Header:
    k: int  # leading row-label cells (empty in the header rows)
    n: int  # value (and flag) columns
    line: int
    paths: list[tuple[str, ...]]  # the labels above each column, top to bottom
    periods: list[str | None]
    variables: list[str]
    units: list[str]
    dim_rows: list[list[str]]
    dim_names: list[str]
    has_time_row: bool
    merkmal: int  # "Merkmal n" names used so far


@dataclass
class _Preamble:
    title: str
    variable: str
    unit: str
    fixed_dimensions: list[tuple[str, str]]
    fixed_period: str | None


class _TableReader:
    def __init__(self, text: str, encoding: str):
        self.encoding = encoding
        self.text = text
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
        header_rows: list[tuple[int, list[str]]] = []
        preamble: _Preamble | None = None
        layout: _Layout | None = None
        pending: tuple[int, list[str]] | None = None
        footer_first: list[str] | None = None
        in_footer = False

        for line, row in records:
            first = row[0].strip() if row else ""
            blank = not first and not any(cell.strip() for cell in row)
            if blank:
                continue
            if _is_separator(first) or (layout is not None and _is_footer_start(first)):
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
            if layout is None and not first:
                # a header row: its row-key cells are empty
                if preamble is None:
                    preamble = self.read_preamble(preamble_lines)
                header_rows.append((line, row))
                continue
            if preamble is None:
                preamble_lines.append((line, " ".join(cell for cell in _trim(row) if cell)))
                if len(preamble_lines) > _MAX_PREAMBLE_LINES:
                    raise StatisticsFileError(
                        "unknown_layout", "no column header block found", line=line
                    )
                continue
            if layout is None:
                meta = self.read_header(header_rows, preamble)
                layout = self.read_layout(meta, preamble, line, row)
            if pending is not None:
                self.data_row(layout, *pending, last=False)
            pending = (line, row)

        if not in_footer:
            raise self.truncated(self.records.line)
        footnotes, source, stand = self.read_footer(footer_first)
        if not self.observations:
            self.problems.append(Problem("no_data", "the table holds no data rows"))
        self.mark_not_shown()
        duplicates = self.duplicates.problem()
        if duplicates is not None:
            self.problems.append(duplicates)
        assert preamble is not None  # the footer is only reached after the preamble
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
        )

    def read_table_id(self, records) -> tuple[str, str]:
        for line, row in records:
            cells = _trim(row)
            if not cells:
                continue
            match = TABLE_ID_RE.fullmatch(cells[0])
            if not match:
                raise StatisticsFileError(
                    "unknown_layout",
                    f"line 1 names no GENESIS table ({cells[0][:60]!r})",
                    line=line,
                )
            code = match.group("code")
            # Regionaldatenbank may put the title into the same line.
            rest = " ".join(part for part in [match.group("rest") or "", *cells[1:]] if part)
            return ("" if code.lower() == "temporär" else code.upper()), rest.strip()
        raise StatisticsFileError("empty", "the file holds no table")

    # -- title, statistic, measure

    def read_preamble(self, lines: list[tuple[int, str]]) -> _Preamble:
        texts = [text for _, text in lines]
        measure_at = None
        for i, text in enumerate(texts):
            if _MEASURE_RE.fullmatch(text):
                measure_at = i
        variable = unit = ""
        fixed_dimensions: list[tuple[str, str]] = []
        fixed_period = None
        if measure_at is None:
            title_lines = texts
        else:
            match = _MEASURE_RE.fullmatch(texts[measure_at])
            variable, unit = match.group("label").strip(), match.group("unit").strip()
            # "Variable: attribute" lines after the measure are fixed selections of the table.
            for offset, text in enumerate(texts[measure_at + 1 :], start=measure_at + 1):
                name, colon, attribute = text.partition(":")
                if not colon or not name.strip() or not attribute.strip():
                    continue
                name, attribute = name.strip(), attribute.strip()
                if name in _TIME_WORDS:
                    fixed_period = normalise_period(attribute)
                    if fixed_period is None:
                        raise StatisticsFileError(
                            "bad_period",
                            f"{attribute!r} is neither a date nor a year",
                            line=lines[offset][0] or 1,
                            params={"value": attribute},
                        )
                else:
                    fixed_dimensions.append((name, attribute))
            statistic_at = measure_at - 1
            if statistic_at >= 1 and texts[statistic_at] in _NAME_KEYS:
                statistic_at -= 1  # a fixed region ("Deutschland") between statistic and measure
            title_lines = texts[: max(statistic_at, 1)] if measure_at >= 1 else []
        return _Preamble(
            title=" ".join(title_lines).strip(),
            variable=variable,
            unit=unit,
            fixed_dimensions=fixed_dimensions,
            fixed_period=fixed_period,
        )

    # -- column header block

    def read_header(self, header_rows: list[tuple[int, list[str]]], preamble: _Preamble) -> _Header:
        rows = [(line, _trim(row)) for line, row in header_rows]
        k = min(next(i for i, cell in enumerate(cells) if cell) for _, cells in rows)
        width = max(len(cells) for _, cells in rows)
        # Labels per header row over the value columns; an empty label continues a merged cell.
        grids: list[tuple[int, list[str]]] = []
        for line, cells in rows:
            labels = [cells[c] if c < len(cells) else "" for c in range(k, width)]
            for j in range(1, len(labels)):
                if not labels[j]:
                    labels[j] = labels[j - 1]
            grids.append((line, labels))

        n = width - k
        periods: list[str | None] = [preamble.fixed_period] * n
        variables = [preamble.variable] * n
        units = [preamble.unit] * n
        dim_rows: list[list[str]] = []
        dim_names: list[str] = []
        has_time_row = False
        previous_was_time_word = False
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
            if present and all(label in _UNIT_WORDS for label in present):
                units = [label or unit for label, unit in zip(labels, units, strict=True)]
                continue
            if not preamble.variable and present and all(map(_MEASURE_RE.fullmatch, present)):
                for j, label in enumerate(labels):
                    match = _MEASURE_RE.fullmatch(label)
                    if match:
                        variables[j] = match.group("label").strip()
                        units[j] = match.group("unit").strip()
                continue
            dim_rows.append(labels)
        merkmal = 0
        for labels in dim_rows:
            values = {label for label in labels if label}
            if values & _SEX_MARKERS and values <= _SEX_LABELS and "Geschlecht" not in dim_names:
                dim_names.append("Geschlecht")
            else:
                merkmal += 1
                dim_names.append(f"Merkmal {merkmal}")
        if not all(variables):
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
            dim_rows=dim_rows,
            dim_names=dim_names,
            has_time_row=has_time_row,
            merkmal=merkmal,
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

        key_area = cells[:k] + [""] * max(0, k - len(cells))
        c0 = key_area[0]
        c1 = key_area[1] if k >= 2 else ""
        period_col = key_col = name_col = None
        if is_region_key(c0):
            key_col = 0
        elif k >= 2 and is_region_key(c1):
            period_col, key_col = 0, 1
        elif c0 in _NAME_KEYS:
            name_col = 0
        elif k >= 2 and looks_like_period(c0) and c1 in _NAME_KEYS:
            period_col, name_col = 0, 1
        elif k >= 2 and looks_like_period(c0):
            period_col, key_col = 0, 1  # the key is bad: data_row says so with the line
        else:
            key_col = 0
        if key_col is not None:
            name_col = key_col + 1 if key_col + 1 < k else None
        first_cat = (name_col if name_col is not None else key_col) + 1
        cat_cols = list(range(first_cat, k))

        if period_col is not None and meta.has_time_row:
            raise StatisticsFileError(
                "unknown_layout", "the period is both a column heading and a row label", line=line
            )
        if period_col is None and not meta.has_time_row and preamble.fixed_period is None:
            raise StatisticsFileError(
                "unknown_layout", "the table names no period (Stichtag or Jahr)", line=line
            )

        columns = []
        seen: dict[tuple, str] = {}
        for j in steps:
            dims = [
                (name, labels[j])
                for name, labels in zip(meta.dim_names, meta.dim_rows, strict=True)
                if labels[j]
            ]
            dims.extend(preamble.fixed_dimensions)
            label = " / ".join(dict.fromkeys(part for part in paths[j] if part))
            label = label or str(k + j + 1)  # a column without heading: its position
            column = _Column(
                index=k + j,
                flag_index=k + j + 1 if flagged else None,
                label=label,
                period=meta.periods[j],
                variable=meta.variables[j],
                unit=meta.units[j],
                dimensions=tuple(sorted(dims)),
            )
            identity = (column.period, column.variable, column.dimensions)
            if identity in seen:
                raise StatisticsFileError(
                    "unknown_layout",
                    f"two value columns have the same heading {label!r}",
                    line=meta.line,
                    column=label,
                )
            seen[identity] = label
            columns.append(column)

        used_names = set(meta.dim_names) | {name for name, _ in preamble.fixed_dimensions}
        return _Layout(
            row_width=k + n,
            key_width=k,
            columns=columns,
            period_col=period_col,
            key_col=key_col,
            name_col=name_col,
            cat_cols=cat_cols,
            cat_names=self.category_names(preamble.title, len(cat_cols), used_names, meta),
        )

    @staticmethod
    def category_names(title: str, count: int, used: set[str], meta: _Header) -> list[str]:
        """Row-category dimensions take their names from the title where it lists them
        ("Ausländer: Kreise, Stichtag, Geschlecht, Ländergruppierungen/Staatsangehörigkeit")."""
        if not count:
            return []
        _, colon, listed = title.partition(":")
        candidates = [
            part.strip()
            for part in listed.split(",")
            if colon
            and part.strip()
            and part.strip() not in _TIME_WORDS
            and part.strip() not in used
            and not _REGION_WORD_RE.match(part.strip())
        ]
        if len(candidates) == count and len(set(candidates)) == count:
            return candidates
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

        # Row labels; leading empty cells continue the row above (merged cells).
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

        new = []
        only_dashes = True
        cache = self.cell_cache
        for column, dims in zip(layout.columns, row_dims, strict=True):
            cell = row[column.index]
            parsed = cache.get(cell)
            if parsed is None:
                # Classic tables print a decimal comma and thousands dots ("89.504" is 89504),
                # and no other form (strict): unlike the flat file's, where a dot is decimal.
                parsed = parse_cell(cell, line=line, column=column.label, decimal=",", strict=True)
                if len(cache) >= _CELL_CACHE_LIMIT:
                    cache.clear()
                cache[cell] = parsed
            status, value = parsed
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
                    variable=column.variable,
                    unit=column.unit,
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
                raise self.duplicates.conflict(
                    f"{key} {name} {period or ''} {' '.join(cats)}",
                    line=line,
                    first_line=first_line,
                    region_key=key,
                )
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
        extra = list(zip(layout.cat_names, cats, strict=True))
        dims = [tuple(sorted([*column.dimensions, *extra])) for column in layout.columns]
        self.dims_cache[cats] = dims
        return dims

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
            text = ";".join(_trim(row)).strip()
            if not text or _is_separator(text):
                continue
            if not source and (text.startswith("©") or text[:3].lower() == "(c)"):
                source = text
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
    return _TableReader(text, encoding).read()
