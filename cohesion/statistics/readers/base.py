"""What every statistics reader returns, and how it fails.

Pure module (no Django): the importer in ``cohesion.statistics.services`` turns a ``ParsedFile``
into database rows, and translates a ``StatisticsFileError`` by its ``code`` into the user's
language, so the English ``message`` here is for logs and the command line.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple


class Status(StrEnum):
    """What a cell holds, after the official sign legend (Zeichenerklärung)."""

    OK = "ok"  # a number
    ZERO = "zero"  # "-": nothing there, exactly zero
    SUPPRESSED = "suppressed"  # ".": unknown or secret
    UNAVAILABLE = "unavailable"  # "..." or "…": not yet available
    UNRELIABLE = "unreliable"  # "/": not reliable enough
    NOT_APPLICABLE = "not_applicable"  # "x": no sensible statement
    RESTRICTED = "restricted"  # "(123)": a number of limited reliability
    NOT_SHOWN = "not_shown"  # "-" in every cell of a region: reported together with another
    EMPTY = "empty"  # an empty cell (Zensus secrecy, tidy files)

    @property
    def has_value(self) -> bool:
        return self in {Status.OK, Status.ZERO, Status.RESTRICTED}


class Observation(NamedTuple):
    """One cell of a file. A named tuple rather than a frozen dataclass: a million of them are
    made per large file, and a tuple is made in half the time."""

    region_key: str  # as in the file: "DG", or 2, 3, 5, 8, 9 or 12 digits
    region_name: str
    period: str  # "YYYY-MM-DD" for a reference date (Stichtag), "YYYY" for a year
    variable: str  # the measure, e.g. "Ausländer" or "PRS018"
    unit: str  # "Anzahl", "%", "qkm", ...
    # The other dimensions as sorted (dimension, attribute) pairs, e.g.
    # (("Geschlecht", "weiblich"), ("Ländergruppierungen/Staatsangehörigkeit", "Europa"))
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal | None  # None unless status.has_value
    status: Status
    quality_flag: str = ""  # "e" final, "p" provisional, "r" corrected, "s" estimated, ...
    line: int = 0  # 1-based line (or row) of the source, for messages


@dataclass(frozen=True)
class Problem:
    """Something the user should know before importing; the file is still importable."""

    code: str  # one of PROBLEM_CODES
    message: str  # English, for logs; the importer translates ``code`` and fills in ``params``
    line: int | None = None
    column: str | None = None
    # What the message names, e.g. {"key": "06633", "name": "Kassel, Landkreis"}. Left out of
    # the hash, so that a Problem stays hashable although a dict is not.
    params: dict = field(default_factory=dict, hash=False)


class ObservationStream:
    """A file's observations read lazily: every iteration reads the file again from its bytes, so
    a 200 MB file is never held as a list of tuples. ``make`` returns a fresh iterator. A reader
    that finds problems while reading (a region shown elsewhere, ambiguous rows) appends them to
    its ParsedFile's ``problems`` when an iteration ends."""

    def __init__(self, make: Callable[[], Iterator[Observation]]):
        self._make = make

    def __iter__(self) -> Iterator[Observation]:
        return self._make()


# What a column holds: the layout model's roles, shown and corrected in the preview.
ROLES = (
    "period",  # the reference date or year ("31.12.2019", "2023", "1961*")
    "key",  # the official regional key
    "name",  # the region's name (may be indented)
    "key_name",  # key and name in one cell ("632 Lkr. Hersfeld-Rotenburg")
    "breakdown_code",  # a code of another dimension ("DG", "ATT01")
    "breakdown",  # the label of another dimension ("Insgesamt", "Grundschulen")
    "unit",  # the unit of the row's values ("Anzahl", "Tsd. EUR")
    "measure",  # a column of values
    "flag",  # a quality flag beside a value ("e", "p")
    "ignored",  # nothing to import (a repeated column, a note)
)


@dataclass(frozen=True)
class ColumnGuess:
    """One column as the layout model understood it."""

    index: int  # 0-based position in the row
    label: str  # the header cells above it, joined by " / " ("weiblich / Insgesamt")
    role: str  # one of ROLES
    measure: str = ""  # for a measure column: the variable its values are of
    unit: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()  # what the header fixes ("Geschlecht", "weiblich")
    reason: str = ""  # English, why the model chose the role ("9 of 10 cells are 5-digit keys")


@dataclass
class Layout:
    """What a reader found in a file, for the preview to explain: where the header is, which
    columns are period, key, name, breakdown and measures, and what each special value became."""

    header_lines: tuple[int, ...] = ()  # 1-based lines (rows) of the header block
    first_data_line: int = 0
    columns: tuple[ColumnGuess, ...] = ()
    regions_in: str = "rows"  # "rows", or "columns" when every column is a region
    # Special values seen, each with what it became and how often: {"-": ("zero", 120)}
    specials: dict[str, tuple[str, int]] = field(default_factory=dict)
    footer_line: int | None = None  # where the footer (footnotes, ©, Stand) starts
    notes: tuple[str, ...] = ()  # English, anything else worth saying ("values rounded to 5")


# What the user decides in the preview about ambiguous rows: rows that share every key and differ
# only by their order in the file.
AMBIGUOUS_SKIP = "skip"  # leave them out, import the unambiguous rest
AMBIGUOUS_ORDER = "order"  # keep them as distinct measures, numbered by their order


@dataclass(frozen=True)
class ReadChoices:
    """The user's corrections of the layout model's guesses, passed back to the reader."""

    roles: tuple[tuple[int, str], ...] = ()  # (column index, role) overriding the guess
    header_rows: int | None = None  # how many rows the header has, overriding the guess
    ambiguous: str = AMBIGUOUS_SKIP
    # Regions named without a key (an office's own spreadsheet): normalised name -> key, passed in
    # by the importer from the registry so that the readers stay free of Django.
    region_names: tuple[tuple[str, str], ...] = ()

    def role_of(self, index: int) -> str | None:
        return dict(self.roles).get(index)


@dataclass
class ParsedFile:
    format: str  # "genesis-table", "ffcsv", "tidy", "xlsx"
    table_code: str  # e.g. "12521-0041", "1000A-0001"; "" when the file names none
    title: str
    stand: datetime.date | None  # the publisher's "Stand" date
    source: str  # the copyright / source line as printed, e.g. "© Statistisches Bundesamt ..."
    licence: str  # e.g. "dl-de/by-2-0"; "" when the file names none
    encoding: str  # how the bytes were decoded: "utf-8", "cp1252"
    # A list, or an ObservationStream that reads the file again on every iteration.
    observations: Iterable[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    footnotes: str = ""
    layout: Layout | None = None  # what the reader found, for the preview; None for flat files


class StatisticsFileError(ValueError):
    """The file cannot be imported. ``code`` is stable (the importer translates it), ``params``
    fill the translated message, ``line``/``column`` say where."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        params: dict | None = None,
    ):
        where = ", ".join(
            part
            for part in (f"line {line}" if line else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.params = params or {}


# Stable error codes; cohesion.statistics.messages gives each a translated text.
ERROR_CODES = {
    "empty": "the file is empty",
    "html_page": "the file is an HTML page, not a statistics file (an expired download session?)",
    "encoding": "the file is neither UTF-8 nor Windows-1252 text",
    "unknown_layout": "the layout of the file is not one Cohesion reads",
    "truncated": "the file ends in the middle (a line or the footer is cut off)",
    "bad_number": "a value is not a number",
    "bad_period": "a period is neither a date nor a year",
    "bad_region_key": "a region key is not an official key",
    "missing_column": "a required column is missing",
    "duplicate_row": "the same observation appears twice with different values",
    "too_large": "the file is larger than the import limit",
    "zip_without_csv": "the ZIP archive holds no CSV file",
    "bad_mapping": "the column mapping does not fit the file",
    "zip_member_ratio": "a member of the archive is compressed beyond reason (a ZIP bomb)",
    "field_too_large": "a field is longer than the CSV field size limit",
}

# Stable problem codes (a Problem does not stop the import), each with the ``params`` it carries;
# cohesion.statistics.messages gives the codes translated texts.
PROBLEM_CODES = {
    # {"key", "name"}: the region
    "not_shown": "every value of a region is '-': it is shown together with another region",
    # {"count": rows skipped, "first_line": the line the first of them repeats}
    "duplicate_identical": "rows repeat an earlier row with the same values and were skipped",
    # {"count": keys restored, "key": the first as restored, "original": as it was in the file}
    "leading_zero_restored": "region keys had lost their leading zero; it was put back",
    # {"decimal": "," or ".", "value": the first such cell, "number": how it was read}
    "ambiguous_decimal": "no value tells whether the file writes a decimal comma or point",
    # {}
    "no_data": "the table holds no data rows",
    # {"value": the line as printed, at most 60 characters}
    "bad_stand": "the Stand line names no date",
    # {"count": rows, "lines": "12, 13", "key": the key they share}: rows that share every key
    # and differ only by their order; ReadChoices.ambiguous says what became of them
    "ambiguous_rows": "rows share every key and differ only by their order",
    # {"column": the label, "first": the column it repeats}: a column repeats another one
    "repeated_column": "a column repeats another with the same header and values; read once",
    # {"step": 5}: the office rounds values (AZR, school statistics in NRW)
    "rounded": "the values are rounded",
    # {"name": the name as printed}: an office sheet names a region without a key, and the
    # registry's names give no key or more than one; its values are left out, never guessed
    "unknown_region_name": "a region named without a key matches no single registry region",
    # {"value": the first error as written, e.g. "#BEZUG!", "count": cells}: a cell holds a
    # spreadsheet error; in the key column its row is left out, in a value column it is missing
    "spreadsheet_error": "cells hold a spreadsheet error (#BEZUG!, #NV) instead of a value",
}
