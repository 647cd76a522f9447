"""The helpers every reader shares: decoding, CSV records, table ids, keys, periods, numbers."""

import codecs
from decimal import Decimal

import pytest

from cohesion.statistics.readers.base import Observation, StatisticsFileError, Status
from cohesion.statistics.readers.cells import (
    TABLE_ID_RE,
    CsvRecords,
    check_size,
    decode,
    drop_duplicates,
    first_line,
    is_empty,
    is_region_key,
    looks_like_html,
    looks_like_period,
    names_a_table,
    normalise_period,
    parse_cell,
    parse_number,
    sniff_delimiter,
    too_large,
)

MIB = 1024 * 1024


def raises(call, *args, **kwargs) -> StatisticsFileError:
    with pytest.raises(StatisticsFileError) as info:
        call(*args, **kwargs)
    return info.value


# --- size ----------------------------------------------------------------------------------------


def test_too_large_names_both_sizes_in_bytes_and_megabytes():
    error = raises(check_size, b"x" * (5 * MIB + 1), 5 * MIB)
    assert error.code == "too_large"
    assert error.params == {"size": 5 * MIB + 1, "limit": 5 * MIB, "size_mb": 5.1, "limit_mb": 5}
    assert too_large(300 * MIB, 200 * MIB // 3).params["limit_mb"] == 66.7
    check_size(b"x" * 10, 10)
    check_size(b"x" * 10, None)


# --- bytes to text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"Gebiet;Wert\n", "Gebiet;Wert\n", "utf-8"),
        (codecs.BOM_UTF8 + "Köln;1\n".encode(), "Köln;1\n", "utf-8"),
        ("Köln;1\n".encode("cp1252"), "Köln;1\n", "cp1252"),
        ("Köln;1\n".encode("utf-16"), "Köln;1\n", "utf-16"),  # with a BOM
        (codecs.BOM_UTF16_BE + "Köln;1\n".encode("utf-16-be"), "Köln;1\n", "utf-16"),
        (b"a;1\n\x1a", "a;1\n", "utf-8"),  # the DOS end-of-file mark
    ],
)
def test_decode(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "empty", None),
        (b" \r\n\t", "empty", None),
        (codecs.BOM_UTF8 + b"\n", "empty", None),
        (b"\xa0\n", "empty", None),  # a no-break space in Windows-1252
        (b"a;1\nb;\x81\n", "encoding", 2),  # neither UTF-8 nor Windows-1252
        (b"a;1\nb;2\x00\n", "encoding", 2),
        ("a;1\n".encode("utf-16-le"), "encoding", 1),  # UTF-16 without a BOM: NULs
        (b"<!DOCTYPE html>\n<html>", "html_page", None),
        (codecs.BOM_UTF8 + b"\r\n  <HTML lang='de'>", "html_page", None),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html_page", None),
        (b"<!-- Sitzung abgelaufen -->\x81", "html_page", None),  # a page before a bad byte
        ("<html><body>Fehler</body></html>".encode("utf-16"), "html_page", None),
    ],
)
def test_decode_rejects(data, code, line):
    error = raises(decode, data)
    assert (error.code, error.line) == (code, line)


def test_html_and_blank_checks_take_bytes_or_text():
    assert looks_like_html(b"\n" * 5000 + b"<html>")  # any number of blank lines first
    assert looks_like_html("\ufeff <body>")
    assert not looks_like_html(b"Tabelle: 12521-0041\n<html>")
    assert not looks_like_html("ags;wert\n")
    assert is_empty(b"") and is_empty(codecs.BOM_UTF8 + b" \n") and not is_empty(b"\n;\n")


# --- CSV records ---------------------------------------------------------------------------------


def test_csv_records_name_the_line_each_starts_on():
    text = 'a;b\r\n"two\nlines";c\rlast;"x"'
    records = CsvRecords(text, ";")
    assert list(records) == [(1, ["a", "b"]), (2, ["two\nlines", "c"]), (4, ["last", "x"])]
    assert (records.pos, records.line) == (len(text), 4)


def test_csv_records_can_stop_and_go_on():
    records = CsvRecords("a\nb\nc\nd\n", ";")
    rows = iter(records)
    assert next(rows) == (1, ["a"])
    assert (records.pos, records.line) == (2, 1)
    assert list(iter(records)) == [(2, ["b"]), (3, ["c"]), (4, ["d"])]


def test_unreadable_csv_names_the_line():
    error = raises(list, CsvRecords("a;b\n" + "x" * 200_000 + "\n", ";"))
    assert (error.code, error.line) == ("field_too_large", 2)  # a field beyond the csv limit


def test_first_line_and_delimiter():
    assert first_line("\n  \r\n;x;\r\nnext") == ";x;"
    assert first_line(" \n\t") == ""
    assert sniff_delimiter('"a;b",c,d\n1;2;3;4\n') == ","
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("\nword\n") == ";"


# --- table ids and region keys -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code", "rest"),
    [
        ("12521-0041", "12521-0041", None),
        ("1000A-0001", "1000A-0001", None),
        ("12211-Z-10", "12211-Z-10", None),
        ("AI003-2", "AI003-2", None),
        ("12411-01-01-4", "12411-01-01-4", None),
        ("12411-01-01-5-B", "12411-01-01-5-B", None),
        ("Tabelle: 12521-0041", "12521-0041", None),
        ("GENESIS-Tabelle: 21341-0001", "21341-0001", None),
        ("GENESIS-Tabelle: Temporär", "Temporär", None),
        ("Tabelle: 12211-Z-10", "12211-Z-10", None),
        ("GENESIS-Tabelle: AI003-2", "AI003-2", None),
        (
            "12411-01-01-4: Bevölkerung nach Geschlecht",
            "12411-01-01-4",
            "Bevölkerung nach Geschlecht",
        ),
    ],
)
def test_table_ids(cell, code, rest):
    match = TABLE_ID_RE.fullmatch(cell)
    assert match and (match.group("code"), match.group("rest")) == (code, rest)
    assert names_a_table(cell)


@pytest.mark.parametrize(
    "cell", ["ags", "Gebiet", "2024", "08111", "statistics_code", "Tabelle 12521-0041", "AGS-1"]
)
def test_not_table_ids(cell):
    assert not names_a_table(cell)


def test_a_table_label_before_something_else_is_still_a_table():
    # The table reader then says what is wrong with the id, rather than "unknown layout".
    assert names_a_table("Tabelle: 1221-0041")
    assert not TABLE_ID_RE.fullmatch("Tabelle: 1221-0041")


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("DG", True),
        ("05", True),
        ("053", True),
        ("05122", True),
        ("05362032", True),
        ("053620032", True),
        ("053620032032", True),
        ("5122", False),
        ("0536203", False),
        ("DE", False),
        ("", False),
        ("٠٥١٢٢", False),  # digits, but not ASCII ones
    ],
)
def test_region_keys(key, valid):
    assert is_region_key(key) is valid


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "shaped"),
    [
        ("31.12.2025", "2025-12-31", True),
        ("1.2.2025", "2025-02-01", True),
        ("2025-12-31", "2025-12-31", True),
        ("2022-05-15 00:00:00", "2022-05-15", True),
        (" 2024 ", "2024", True),
        ("31.02.2025", None, True),  # shaped like a date: the reader names it
        ("0999", None, False),
        ("2024/25", None, False),
        ("2022-05-15T12:00:00", None, False),
        ("", None, False),
    ],
)
def test_periods(text, period, shaped):
    assert normalise_period(text) == period
    assert looks_like_period(text) is shaped


# --- numbers and cells ---------------------------------------------------------------------------


def test_classic_tables_and_flat_files_read_a_lone_dot_differently():
    # Classic tables print thousands dots; the flat file writes none, so its dot is decimal.
    assert parse_number("89.504", ",", strict=True) == 89504
    assert parse_number("89.504") == Decimal("89.504")


@pytest.mark.parametrize(
    ("text", "lenient", "strict"),
    [
        ("1.234,5", Decimal("1234.5"), Decimal("1234.5")),
        ("\u22121.234", Decimal(-1234), Decimal(-1234)),  # the typographic minus
        ("610 458", Decimal(610458), None),  # spreadsheets group digits with blanks
        ("610'458", Decimal(610458), None),
        ("1,", Decimal(1), None),
        (",5", Decimal("0.5"), None),
        ("1.5", None, None),  # a dot groups three digits
        ("12 Personen", None, None),
        ("١٢", None, None),
    ],
)
def test_strict_numbers_are_only_what_genesis_prints(text, lenient, strict):
    assert parse_number(text, ",") == lenient
    assert parse_number(text, ",", strict=True) == strict


@pytest.mark.parametrize(
    ("cell", "status", "value"),
    [
        ("", Status.EMPTY, None),
        ("-", Status.ZERO, Decimal(0)),
        ("–", Status.ZERO, Decimal(0)),
        (" . ", Status.SUPPRESSED, None),
        ("...", Status.UNAVAILABLE, None),
        ("…", Status.UNAVAILABLE, None),
        ("/", Status.UNRELIABLE, None),
        ("X", Status.NOT_APPLICABLE, None),
        ("(1.234)", Status.RESTRICTED, Decimal(1234)),
        ("1.234", Status.OK, Decimal(1234)),
    ],
)
def test_cells(cell, status, value):
    assert parse_cell(cell, decimal=",", strict=True) == (status, value)


def test_bad_cell_names_line_column_and_value():
    error = raises(parse_cell, " (x) ", line=7, column="weiblich")
    assert (error.code, error.line, error.column, error.params) == (
        "bad_number",
        7,
        "weiblich",
        {"value": "(x)"},
    )


# --- repeated rows -------------------------------------------------------------------------------


def test_identical_repeats_are_counted_per_row():
    def obs(line: int, variable: str, value: int) -> Observation:
        return Observation(
            region_key="05122",
            region_name="Solingen",
            period="2024",
            variable=variable,
            unit="Anzahl",
            dimensions=(),
            value=Decimal(value),
            status=Status.OK,
            line=line,
        )

    wide = [obs(2, "a", 1), obs(2, "b", 2), obs(3, "a", 1), obs(3, "b", 2), obs(4, "a", 1)]
    problems = []
    assert drop_duplicates(wide, problems) == wide[:2]
    (problem,) = problems
    assert (problem.code, problem.line, problem.params) == (
        "duplicate_identical",
        3,
        {"count": 2, "first_line": 2},
    )
    error = raises(drop_duplicates, [*wide[:2], obs(3, "b", 3)], [], hint=" (hint)")
    assert (error.code, error.line, error.params) == (
        "duplicate_row",
        3,
        {"first_line": 2, "region_key": "05122"},
    )
    assert error.message.endswith(" (hint)")
