"""GENESIS flat files as the offices vary them: the old Statistik_Code layout beside the new one,
ambiguous rows, lazy reading, which classification is the region, and generated variants
(encodings, BOM, line endings, block order, thousands separators, trailing newline) read back."""

import contextlib
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import (
    AMBIGUOUS_ORDER,
    ObservationStream,
    ReadChoices,
    StatisticsFileError,
    Status,
)
from cohesion.statistics.readers.ffcsv import is_ffcsv_header, read_ffcsv
from cohesion.statistics.readers.sniff import detect_format, read_statistics_file

FIXTURES = Path(__file__).parent / "fixtures" / "flat"
AMBIGUOUS = FIXTURES / "45214_ambiguous_change_rates_flat.csv"

OLD_HEADER = (
    "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
    "1_Auspraegung_Code;1_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl"
)


def old(*rows: str, header: str = OLD_HEADER) -> bytes:
    return "\n".join([header, *rows]).encode("cp1252")


def gemeinde(
    key: str = "05362032", name: str = "      Kerpen, Stadt", when="31.12.2019", value="66702"
):
    return f"12411;Fortschreibung;STAG;Stichtag;{when};GEMEIN;Gemeinden;{key};{name};{value}"


def error(data: bytes, **kwargs) -> StatisticsFileError:
    with pytest.raises(StatisticsFileError) as info:
        list(read_ffcsv(data, **kwargs).observations)
    return info.value


# --- detection ----------------------------------------------------------------------------------


def test_both_headers_are_flat_files():
    assert is_ffcsv_header(OLD_HEADER)
    assert is_ffcsv_header('"Statistik_Code";"Statistik_Label";"Zeit";"X__Y__Z"')
    assert is_ffcsv_header("statistics_code;time;value")
    assert not is_ffcsv_header("Statistik;Zeit;Wert")
    assert detect_format(old(gemeinde())) == "ffcsv"
    assert read_statistics_file(old(gemeinde())).format == "ffcsv"


# --- the old layout -----------------------------------------------------------------------------


def test_old_layout_reads_key_stripped_name_date_and_measure():
    parsed = read_ffcsv(old(gemeinde()))
    assert parsed.source == "© Statistische Ämter des Bundes und der Länder"
    assert parsed.layout.columns[7].reason == "GEMEIN is a regional classification"
    (obs,) = parsed.observations
    assert (obs.region_key, obs.region_name, obs.period) == (
        "05362032",
        "Kerpen, Stadt",
        "2019-12-31",
    )
    assert (obs.variable, obs.unit, obs.value, obs.line) == (
        "Bevoelkerungsstand",
        "Anzahl",
        66702,
        2,
    )


def test_old_layout_measure_header_with_blanks_and_a_unit_with_underscores():
    header = OLD_HEADER.replace(
        "BEVSTD__Bevoelkerungsstand__Anzahl",
        "     FLC006__Gebietsflaeche__qkm;CH0005__Beschaeftigte__Veränderung_zum_Vorjahr_(%)",
    )
    (area, change) = read_ffcsv(old(gemeinde(value="35747,85;+0,8"), header=header)).observations
    assert (area.variable, area.unit, area.value) == ("Gebietsflaeche", "qkm", Decimal("35747.85"))
    assert (change.variable, change.unit, change.value) == (
        "Beschaeftigte",
        "Veränderung zum Vorjahr (%)",
        Decimal("0.8"),
    )


def test_old_layout_without_a_measure_column_is_refused_at_once():
    header = OLD_HEADER.rsplit(";", 1)[0]
    with pytest.raises(StatisticsFileError) as info:
        read_ffcsv(old("12411;B;STAG;S;31.12.2019;GEMEIN;G;05;NRW", header=header))
    assert info.value.code == "missing_column"


def test_a_total_over_the_laender_with_an_empty_code_is_germany():
    header = OLD_HEADER.replace("BEVSTD__Bevoelkerungsstand__Anzahl", "FLC006__Gebietsflaeche__qkm")
    rows = [
        "11111;Gebietsstand;STAG;Stichtag;31.12.2022;DLAND;Bundesländer;08;Baden-Württemberg;35747,85",
        "11111;Gebietsstand;STAG;Stichtag;31.12.2022;DLAND;Bundesländer;;Insgesamt;357595,99",
    ]
    observations = list(read_ffcsv(old(*rows, header=header)).observations)
    assert [(o.region_key, o.value) for o in observations] == [
        ("08", Decimal("35747.85")),
        ("DG", Decimal("357595.99")),
    ]


def test_region_found_from_content_when_its_code_is_unknown():
    rows = [gemeinde().replace("GEMEIN;Gemeinden", "GEMXYZ;Gemeinden 2021")]
    parsed = read_ffcsv(old(*rows))
    (obs,) = parsed.observations
    assert obs.region_key == "05362032"
    key = parsed.layout.columns[7]
    assert (key.role, key.reason) == ("key", "1 of 1 sampled codes are official region keys")


def test_no_regional_classification_reads_as_germany():
    rows = [gemeinde(key="GESW", name="weiblich").replace("GEMEIN;Gemeinden", "GES;Geschlecht")]
    parsed = read_ffcsv(old(*rows))
    (obs,) = parsed.observations
    assert (obs.region_key, obs.region_name) == ("DG", "Deutschland")
    assert obs.dimensions == (("Geschlecht", "weiblich"),)
    assert "no classification holds region keys" in parsed.layout.notes[0]


def test_the_user_picks_the_region_and_leaves_a_measure_out():
    header = OLD_HEADER.replace(
        "BEVSTD__Bevoelkerungsstand__Anzahl",
        "2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;A__Eins__Anzahl;B__Zwei__Anzahl",
    )
    # The first block looks regional (its code, its keys); the user says the second one is.
    row = "12411;B;JAHR;Jahr;2020;DLAND;Land;05;NRW;KREISE;Kreise;05362;Rhein-Erft-Kreis;1;2"
    choices = ReadChoices(roles=((11, "key"), (13, "ignored")))
    (obs,) = read_ffcsv(old(row, header=header), choices=choices).observations
    assert (obs.region_key, obs.variable, obs.value) == ("05362", "Zwei", 2)
    assert obs.dimensions == (("Land", "NRW"),)


def test_two_measures_with_the_same_label_and_unit_keep_apart_by_code():
    header = OLD_HEADER.replace(
        "BEVSTD__Bevoelkerungsstand__Anzahl", "BEV001__Personen__Anzahl;BEV002__Personen__Anzahl"
    )
    observations = read_ffcsv(old(gemeinde(value="1;2"), header=header)).observations
    assert [o.variable for o in observations] == ["Personen (BEV001)", "Personen (BEV002)"]


# --- ambiguous rows -----------------------------------------------------------------------------


def test_ambiguous_rows_are_skipped_by_default_and_the_rest_imports():
    parsed = read_statistics_file(AMBIGUOUS.read_bytes(), filename=AMBIGUOUS.name)
    observations = list(parsed.observations)
    assert [(o.variable, o.unit, o.value) for o in observations] == [
        ("Beschäftigte", "2015=100", Decimal("104.9")),
        ("Beschäftigte", "2015=100", Decimal("105.1")),
        ("Beschäftigte", "2015=100", Decimal("105.6")),
    ]
    (problem,) = parsed.problems
    assert problem.code == "ambiguous_rows"
    assert problem.line == 3
    assert problem.params["count"] == 6
    assert problem.params["lines"] == "3, 4, 6, 7, 9, 10"
    assert problem.params["key"] == ("05 · 2019 · Beschäftigte (%) · Monate: Januar")


def test_ambiguous_rows_kept_in_order_become_numbered_measures():
    choices = ReadChoices(ambiguous=AMBIGUOUS_ORDER)
    parsed = read_statistics_file(AMBIGUOUS.read_bytes(), choices=choices)
    changes = [
        (dict(o.dimensions)["Monate"], o.variable, o.value)
        for o in parsed.observations
        if o.unit == "%"
    ]
    assert changes == [
        ("Januar", "Beschäftigte (1)", Decimal("-0.4")),
        ("Januar", "Beschäftigte (2)", Decimal("1.1")),
        ("Februar", "Beschäftigte (1)", Decimal("0.2")),
        ("Februar", "Beschäftigte (2)", Decimal("1.3")),
        ("März", "Beschäftigte (1)", Decimal("0.5")),
        ("März", "Beschäftigte (2)", Decimal("1.2")),
    ]
    assert [p.code for p in parsed.problems] == ["ambiguous_rows"]


def test_problems_are_reported_once_however_often_the_rows_are_read():
    parsed = read_ffcsv(AMBIGUOUS.read_bytes())
    assert parsed.problems == []  # nothing read yet
    first = list(parsed.observations)
    assert list(parsed.observations) == first
    assert [p.code for p in parsed.problems] == ["ambiguous_rows"]


def test_old_layout_ambiguity_is_per_measure():
    """Two rows of one month: the index is the same, only the change differs."""
    header = OLD_HEADER.replace(
        "BEVSTD__Bevoelkerungsstand__Anzahl",
        "ID0005__Beschaeftigte__2015=100;CH0005__Beschaeftigte__%",
    )
    rows = [
        gemeinde(key="05", name="NRW", when="2019", value=v) for v in ("104,9;-0,4", "104,9;+1,1")
    ]
    parsed = read_ffcsv(old(*rows, header=header), choices=ReadChoices(ambiguous="order"))
    assert [(o.variable, o.value, o.line) for o in parsed.observations] == [
        ("Beschaeftigte", Decimal("104.9"), 2),
        ("Beschaeftigte (1)", Decimal("-0.4"), 2),
        ("Beschaeftigte (2)", Decimal("1.1"), 3),
    ]
    assert sorted(p.code for p in parsed.problems) == ["ambiguous_rows", "duplicate_identical"]


# --- lazy reading -------------------------------------------------------------------------------


def test_observations_are_a_stream_read_again_on_every_iteration():
    parsed = read_ffcsv(old(gemeinde(), gemeinde(key="05362", name="  Rhein-Erft-Kreis")))
    assert isinstance(parsed.observations, ObservationStream)
    assert not isinstance(parsed.observations, list)
    assert list(parsed.observations) == list(parsed.observations)
    assert len(list(parsed.observations)) == 2


def test_header_errors_raise_at_once_row_errors_when_the_row_is_read():
    with pytest.raises(StatisticsFileError) as info:
        read_ffcsv(old(gemeinde()).replace(b"Zeit;", b"Periode;"))
    assert (info.value.code, info.value.column) == ("missing_column", "zeit")
    parsed = read_ffcsv(old(gemeinde(), gemeinde(key="05362", value="12a")))
    # A value is checked when it is read, once: the importer writes in one transaction, so a
    # bad cell late in a file leaves nothing behind.
    with pytest.raises(StatisticsFileError) as info:
        list(parsed.observations)
    assert (info.value.code, info.value.line, info.value.column) == ("bad_number", 3, "BEVSTD")


@pytest.mark.parametrize(
    ("row", "code", "line"),
    [
        (gemeinde(when="31.13.2019"), "bad_period", 3),
        (gemeinde(key="0536203"), "bad_region_key", 3),
        ("12411;Fortschreibung;STAG", "unknown_layout", 3),
    ],
)
def test_row_errors_name_their_line(row, code, line):
    exc = error(old(gemeinde(), row, gemeinde(key="05")))
    assert (exc.code, exc.line) == (code, line)


def test_a_cut_off_last_row_is_refused_at_once():
    with pytest.raises(StatisticsFileError) as info:
        read_ffcsv(old(gemeinde(), gemeinde(key="05"), "12411;Fortschreibung;STAG;Sti"))
    assert (info.value.code, info.value.line) == ("truncated", 4)


def test_special_values_counted_in_the_sample_then_in_the_whole_file():
    rows = [gemeinde(key=key, value="/") for key in ("05", "051", "05111")]
    parsed = read_ffcsv(old(*rows))
    assert parsed.layout.specials == {"/": ("unreliable", 3)}
    list(parsed.observations)
    assert parsed.layout.specials == {"/": ("unreliable", 3)}


def test_header_only_is_empty():
    with pytest.raises(StatisticsFileError) as info:
        read_ffcsv(old())
    assert info.value.code == "empty"


# --- generated variants -------------------------------------------------------------------------

NAMES = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßÄÖÜ ,.-()", min_size=1, max_size=15)
    .map(str.strip)
    .filter(bool)
)
KEYS = st.sampled_from(["05", "051", "05362", "05362032", "05122000", "DG"])
PERIODS = st.one_of(
    st.integers(1950, 2030).map(str),
    st.dates().filter(lambda d: 1900 <= d.year <= 2099).map(lambda d: d.strftime("%d.%m.%Y")),
)
SEXES = st.sampled_from([("", "Insgesamt"), ("GESM", "männlich"), ("GESW", "weiblich")])
VALUES = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.sampled_from(["-", ".", "...", "/", "x"]),
)
ROW = st.tuples(KEYS, NAMES, st.integers(0, 3), PERIODS, SEXES, VALUES)


def value_text(value, decimal: str, thousands: bool) -> str:
    if isinstance(value, str):
        return value
    text = f"{value:,.2f}" if thousands else f"{value:.2f}"
    if decimal == ",":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def write_flat(rows, *, layout, blocks_first_region, decimal, thousands, encoding, newline, last):
    """A flat file of the rows in the old or new layout, with the region block first or second."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator=newline)
    if layout == "old":
        region = ["GEMEIN", "Gemeinden"]
        sex = ["GES", "Geschlecht"]
        head = ["Statistik_Code", "Statistik_Label", "Zeit_Code", "Zeit_Label", "Zeit"]
        block = ["_Merkmal_Code", "_Merkmal_Label", "_Auspraegung_Code", "_Auspraegung_Label"]
        tail = ["BEVSTD__Bevoelkerungsstand__Anzahl"]
    else:
        region = ["GEMEIN", "Gemeinden"]
        sex = ["GES", "Geschlecht"]
        head = ["statistics_code", "statistics_label", "time_code", "time_label", "time"]
        block = [
            "_variable_code",
            "_variable_label",
            "_variable_attribute_code",
            "_variable_attribute_label",
        ]
        tail = ["value", "value_unit", "value_variable_code", "value_variable_label", "value_q"]
    writer.writerow(head + [f"{k}{name}" for k in (1, 2) for name in block] + tail)
    for key, name, indent, period, (sex_code, sex_label), value in rows:
        region_cells = region + [key, "  " * indent + name]
        sex_cells = sex + [sex_code, sex_label]
        blocks = region_cells + sex_cells if blocks_first_region else sex_cells + region_cells
        time_code = "JAHR" if len(period) == 4 else "STAG"
        text = value_text(value, decimal, thousands)
        values = [text] if layout == "old" else [text, "Anzahl", "BEVSTD", "Bevölkerungsstand", "e"]
        writer.writerow(["12411", "Fortschreibung", time_code, "Zeit", period] + blocks + values)
    text = out.getvalue()
    if not last:
        text = text[: -len(newline)]
    return text.encode(encoding)


def expected(row, layout):
    key, name, _, period, (_, sex_label), value = row
    day = period.split(".")
    iso = period if len(day) == 1 else f"{day[2]}-{day[1]}-{day[0]}"
    status, number = (
        (Status.OK, value)
        if not isinstance(value, str)
        else {
            "-": (Status.ZERO, 0),
            ".": (Status.SUPPRESSED, None),
            "...": (Status.UNAVAILABLE, None),
            "/": (Status.UNRELIABLE, None),
            "x": (Status.NOT_APPLICABLE, None),
        }[value]
    )
    variable = "Bevoelkerungsstand" if layout == "old" else "Bevölkerungsstand"
    return (key, name, iso, variable, "Anzahl", (("Geschlecht", sex_label),), number, status)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(ROW, min_size=1, max_size=15, unique_by=lambda r: (r[0], r[3], r[4])),
    layout=st.sampled_from(["old", "new"]),
    blocks_first_region=st.booleans(),
    decimal=st.sampled_from([",", "."]),
    thousands=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    last=st.booleans(),
)
def test_variants_read_back_equal(
    rows, layout, blocks_first_region, decimal, thousands, encoding, newline, last
):
    # One value that tells the decimal sign, as every real file with decimals has.
    rows = [("09", "Bayern", 0, "2024", ("", "Insgesamt"), Decimal("1234567.25")), *rows]
    rows = list({(r[0], r[3], r[4]): r for r in rows}.values())
    data = write_flat(
        rows,
        layout=layout,
        blocks_first_region=blocks_first_region,
        decimal=decimal,
        thousands=thousands,
        encoding=encoding,
        newline=newline,
        last=last,
    )
    assert detect_format(data) == "ffcsv"
    parsed = read_statistics_file(data)
    got = [
        (o.region_key, o.region_name, o.period, o.variable, o.unit, o.dimensions, o.value, o.status)
        for o in parsed.observations
    ]
    assert got == [expected(row, layout) for row in rows]
    assert [o.line for o in parsed.observations] == list(range(2, len(rows) + 2))
    assert parsed.problems == []
    cp1252 = encoding == "cp1252" and not data.isascii()
    assert parsed.encoding == ("cp1252" if cp1252 else "utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10**5), st.sampled_from(b';\n\r"x.,-/0 \xe4')),
        min_size=1,
        max_size=6,
    ),
    cut=st.booleans(),
)
def test_damaged_old_layout_files_raise_only_statistics_file_errors(edits, cut):
    data = bytearray(old(*(gemeinde(key=f"05{n:03d}", value=f"{n},5") for n in range(40))))
    for position, byte in edits:
        data[position % len(data)] = byte
    if cut:
        del data[len(data) // 2 :]
    with contextlib.suppress(StatisticsFileError):
        list(read_ffcsv(bytes(data)).observations)
