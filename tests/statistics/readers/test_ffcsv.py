"""The GENESIS / Zensus flat-file reader, on a flat file built from real Zensus 2022 numbers."""

import contextlib
import csv
import io
import zipfile
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import StatisticsFileError, Status
from cohesion.statistics.readers.cells import normalise_period, number_style, parse_number
from cohesion.statistics.readers.ffcsv import read_ffcsv
from tests.paths import DATASETS as SHARED_DATASETS

# The real files of ../shared throughout (see tests/conftest.py for what happens without them).
pytestmark = pytest.mark.shared_data

DATASETS = SHARED_DATASETS / "de"
ZENSUS_BW = DATASETS / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
GEMEINDEN = DATASETS / "gv100ad" / "gemeinden_gv100ad_2025-11-30.csv"

HEADER_LINE = (
    "statistics_code;statistics_label;time_code;time_label;time;"
    "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
    "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
    "value;value_unit;value_variable_code;value_variable_label;value_q"
)
HEADER = HEADER_LINE.split(";")
LABEL = "Einwanderungsgeschichte (Gebietsstand 15.05.2022)"
# (Zensus column, attribute code, attribute label): "" is the total, as in the real flat files.
GROUPS = (
    ("population", "", ""),
    ("immigration_history_total", "EWG-MIT", "Mit Einwanderungsgeschichte"),
    ("descendants", "EWG-NACH", "Nachkommen von Eingewanderten"),
    ("without_immigration_history", "EWG-OHNE", "Ohne Einwanderungsgeschichte"),
)


@cache
def zensus_rows() -> tuple[dict, ...]:
    with ZENSUS_BW.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def ars_by_ags() -> dict[str, str]:
    with GEMEINDEN.open(encoding="utf-8", newline="") as fh:
        return {row["ags"]: row["ars"] for row in csv.DictReader(fh)}


def sample_gemeinden() -> list[dict]:
    """Stuttgart, the first 80 Gemeinden, and every Gemeinde with an empty (secret) cell."""
    rows = zensus_rows()
    picked = list(rows[:80]) + [row for row in rows[80:] if "" in row.values()]
    return [row for row in picked if row["ags"] in ars_by_ags()]


def zensus_ffcsv(decimal: str = ",", *, bom: bool = True, newline: str = "\r\n") -> bytes:
    """A Zensus-style flat file of the BW numbers: counts per group and the share in %."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator=newline)
    writer.writerow(HEADER)
    for row in sample_gemeinden():
        ars = ars_by_ags()[row["ags"]]
        head = ["1000A", LABEL, "STAG", "Stichtag", "2022-05-15"]
        geo = ["GEOGM4", "Gemeinden (Gebietsstand 15.05.2022)", ars, row["name"]]
        for column, code, label in GROUPS:
            dim = ["EWG", "Einwanderungsgeschichte", code, label]
            tail = ["Anzahl", "PRS018", "Personen", "e"]
            writer.writerow(head + geo + dim + [row[column]] + tail)
        share = Decimal(row["immigration_history_total"]) / Decimal(row["population"]) * 100
        text = str(share.quantize(Decimal("0.1"))).replace(".", decimal)
        dim = ["EWG", "Einwanderungsgeschichte", "EWG-MIT", "Mit Einwanderungsgeschichte"]
        writer.writerow(head + geo + dim + [text, "%", "PRS018", "Personen", "e"])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def zipped(name: str, content: bytes, *extra: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
        for extra_name, extra_content in extra:
            archive.writestr(extra_name, extra_content)
    return buffer.getvalue()


def find(parsed, region_key, unit="Anzahl", group="Insgesamt"):
    """The one observation of a region, unit and group (the stream is read again each time)."""
    (obs,) = [
        o
        for o in parsed.observations
        if o.region_key == region_key
        and o.unit == unit
        and o.dimensions == (("Einwanderungsgeschichte", group),)
    ]
    return obs


def test_reads_the_zensus_numbers_of_stuttgart():
    parsed = read_ffcsv(zensus_ffcsv())
    assert parsed.format == "ffcsv"
    assert parsed.table_code == "1000A"
    assert parsed.title == LABEL
    assert parsed.stand is None
    assert parsed.source == (
        "© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022"
    )
    assert parsed.licence == "dl-de/by-2-0"
    assert parsed.encoding == "utf-8"
    assert len(list(parsed.observations)) == 5 * len(sample_gemeinden()) > 400
    assert parsed.problems == []

    total = find(parsed, "081110000000")
    assert total.region_name == "Stuttgart, Landeshauptstadt"
    assert total.period == "2022-05-15"
    assert total.variable == "Personen"
    assert total.value == 610458
    assert total.status is Status.OK
    assert total.quality_flag == "e"
    assert total.line == 2
    with_history = find(parsed, "081110000000", group="Mit Einwanderungsgeschichte")
    assert with_history.value == 217457
    share = find(parsed, "081110000000", unit="%", group="Mit Einwanderungsgeschichte")
    assert share.value == Decimal("35.6")
    assert round(with_history.value / total.value * 100, 1) == share.value


def test_secret_zensus_cells_are_empty():
    parsed = read_ffcsv(zensus_ffcsv())
    # Aitern (08336004): the Zensus keeps the number of descendants secret.
    aitern = ars_by_ags()["08336004"]
    obs = find(parsed, aitern, group="Nachkommen von Eingewanderten")
    assert obs.status is Status.EMPTY
    assert obs.value is None


def test_plain_and_zipped_read_the_same():
    plain = zensus_ffcsv()
    archive = zipped("1000A-3001_de_flat.csv", plain, ("README.txt", b"Zensus 2022"))
    assert read_ffcsv(archive) == read_ffcsv(plain)


def test_english_export_with_decimal_point_reads_the_same():
    german = read_ffcsv(zensus_ffcsv(","))
    english = read_ffcsv(zensus_ffcsv(".", bom=False, newline="\n"))
    assert list(english.observations) != []
    assert [o.value for o in english.observations] == [o.value for o in german.observations]


def test_genesis_flat_file_with_dg_and_a_month():
    data = (
        b"statistics_code;statistics_label;time_code;time_label;time;"
        b"1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
        b"2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
        b"value;value_unit;value_variable_code;value_variable_label;value_q\n"
        b"42191;Toll;JAHR;Year;2026;DINSG;Germany;DG;Germany;MONAT;Month;MONAT07;July;"
        b"101.2;2015=100;LKW001;Index;p\n"
    )
    parsed = read_ffcsv(data)
    assert parsed.source == "© Statistisches Bundesamt (Destatis)"
    assert parsed.licence == "dl-de/by-2-0"
    (obs,) = parsed.observations
    assert (obs.region_key, obs.region_name, obs.period) == ("DG", "Germany", "2026")
    assert obs.dimensions == (("Month", "July"),)
    assert (obs.value, obs.unit, obs.variable, obs.quality_flag) == (
        Decimal("101.2"),
        "2015=100",
        "Index",
        "p",
    )


def one_row(value: str = "2294", *, key: str = "092760130130", time: str = "2022-05-15") -> str:
    return (
        f"1000A;Bevölkerung kompakt (Gebietsstand 15.05.2022);STAG;Stichtag;{time};GEOGM4;"
        f"Gemeinden (Gebietsstand 15.05.2022);{key};Lindberg;{value};Anzahl;PRS018;Personen;e"
    )


ONE_HEADER = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;"
    "value_variable_label;value_q"
)


def flat(*rows: str) -> bytes:
    return "\n".join([ONE_HEADER, *rows]).encode("utf-8")


@pytest.mark.parametrize(
    ("cell", "value", "status"),
    [
        ("108,84", Decimal("108.84"), Status.OK),
        ("0", Decimal(0), Status.OK),
        ("-", Decimal(0), Status.ZERO),
        (".", None, Status.SUPPRESSED),
        ("...", None, Status.UNAVAILABLE),
        ("…", None, Status.UNAVAILABLE),
        ("/", None, Status.UNRELIABLE),
        ("x", None, Status.NOT_APPLICABLE),
        ("(12,5)", Decimal("12.5"), Status.RESTRICTED),
        ("", None, Status.EMPTY),
    ],
)
def test_special_values(cell, value, status):
    (obs,) = read_ffcsv(flat(one_row(cell))).observations
    assert (obs.value, obs.status) == (value, status)


def test_empty_attribute_code_is_the_total():
    data = (
        "statistics_code;statistics_label;time_code;time_label;time;"
        "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
        "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
        "value;value_unit;value_variable_code;value_variable_label;value_q\n"
        "1000A;Bevölkerung;STAG;Stichtag;2022-05-15;GEOBL1;Bundesländer;13;"
        "Mecklenburg-Vorpommern;RELZG2;Religion;;;1578,0;Anzahl;PRS018;Personen;e\n"
    ).encode()
    (obs,) = read_ffcsv(data).observations
    assert obs.dimensions == (("Religion", "Insgesamt"),)
    assert obs.region_key == "13"


def test_cp1252_flat_file():
    (obs,) = read_ffcsv(flat(one_row()).decode().encode("cp1252")).observations
    assert obs.value == 2294
    assert read_ffcsv(flat(one_row()).decode().encode("cp1252")).encoding == "cp1252"


def test_identical_duplicate_is_dropped_with_a_problem():
    parsed = read_ffcsv(flat(one_row(), one_row()))
    assert len(list(parsed.observations)) == 1
    assert [(p.code, p.line) for p in parsed.problems] == [("duplicate_identical", 3)]


def error(data: bytes, **kwargs) -> StatisticsFileError:
    """The error of reading a file through: the header's at once, a row's when it is read."""
    with pytest.raises(StatisticsFileError) as info:
        list(read_ffcsv(data, **kwargs).observations)
    return info.value


def test_duplicate_with_another_value_is_ambiguous_not_an_error():
    parsed = read_ffcsv(flat(one_row("1"), one_row("2"), one_row("5", key="092760130131")))
    assert [o.value for o in parsed.observations] == [5]
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.params["lines"]) == ("ambiguous_rows", 2, "2, 3")


def test_missing_column_is_named():
    data = flat(one_row()).replace(b";value;", b";wert;")
    exc = error(data)
    assert (exc.code, exc.column) == ("missing_column", "value")


def test_truncated_last_row():
    good = zensus_ffcsv()
    exc = error(good[: len(good) - 40])
    assert exc.code == "truncated"
    assert exc.line == good.count(b"\n")


def test_short_row_in_the_middle_is_an_unknown_layout():
    exc = error(flat(one_row(), "1000A;cut", one_row(key="092760130131")))
    assert (exc.code, exc.line) == ("unknown_layout", 3)


def test_zip_without_csv():
    exc = error(zipped("table.xlsx", b"not a table"))
    assert exc.code == "zip_without_csv"


def test_damaged_zip():
    archive = zipped("t_de_flat.csv", zensus_ffcsv())
    assert error(archive[: len(archive) // 2]).code == "truncated"


def test_bad_number_period_and_region_key():
    assert (error(flat(one_row("12a"))).code, error(flat(one_row("12a"))).column) == (
        "bad_number",
        "value",
    )
    assert error(flat(one_row(time="2022-13-01"))).code == "bad_period"
    exc = error(flat(one_row(key="0927601301")))
    assert (exc.code, exc.line, exc.column) == (
        "bad_region_key",
        2,
        "1_variable_attribute_code",
    )


def test_html_page_empty_file_and_header_only():
    html = b"<!DOCTYPE html>\n<html><head><title>GENESIS-Online</title></head></html>"
    assert error(html).code == "html_page"
    assert error(b"").code == "empty"
    assert error(flat()).code == "empty"


def test_wrong_encoding():
    # 0x81 is undefined in Windows-1252 and invalid UTF-8; NULs are UTF-16 without a BOM.
    assert error(flat(one_row()) + b"\x81").code == "encoding"
    assert error(flat(one_row()).decode().encode("utf-16-le")).code == "encoding"


def test_too_large_plain_and_unpacked():
    data = zensus_ffcsv()
    assert error(data, max_bytes=1000).code == "too_large"
    archive = zipped("t_de_flat.csv", data)
    assert len(archive) < len(data) // 2
    assert error(archive, max_bytes=len(archive) + 10).code == "too_large"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("35752,50", Decimal("35752.50")),
        ("101.2", Decimal("101.2")),
        ("89.504", Decimal("89.504")),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("+12.6", Decimal("12.6")),
        ("-3", Decimal(-3)),
        ("610 458", Decimal(610458)),
        ("1.2.3", None),
        ("1e5", None),
        ("NaN", None),
        ("12 %", None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("1,5", ","),
        ("1234,567", ","),
        ("0,123", ","),
        ("1.234.567", ","),
        ("1.234,5", ","),
        ("1.5", "."),
        ("-1.25", "."),
        ("1,234,567", "."),
        ("(12.5)", "."),
        ("89.504", None),
        ("1,234", None),
        ("1234", None),
        (".", None),
        ("...", None),
        ("x", None),
    ],
)
def test_number_style(text, style):
    assert number_style(text) == style


@pytest.mark.parametrize(
    ("text", "decimal", "number"),
    [
        ("89.504", ",", Decimal(89504)),
        ("89.504", ".", Decimal("89.504")),
        ("1.234,5", ",", Decimal("1234.5")),
        ("1,234.5", ".", Decimal("1234.5")),
        ("1.5", ",", None),
        ("1,5", ".", None),
        ("1.23,5", ",", None),
    ],
)
def test_parse_number_with_a_known_decimal_sign(text, decimal, number):
    assert parse_number(text, decimal) == number


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2022-05-15", "2022-05-15"),
        ("15.05.2022", "2022-05-15"),
        ("2024", "2024"),
        ("2022-05-15T00:00:00", "2022-05-15"),
        ("31.02.2022", None),
        ("Juni 2007", None),
        ("", None),
    ],
)
def test_normalise_period(text, period):
    assert normalise_period(text) == period


# --- properties -------------------------------------------------------------------------------

label = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=20
).map(str.strip)
region_key = st.one_of(
    st.just("DG"),
    st.sampled_from([2, 3, 5, 8, 9, 12]).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    ),
)
period = st.one_of(
    st.integers(1950, 2100).map(str), st.dates().map(lambda d: d.isoformat())
).filter(lambda p: p[0] in "12")
special = st.sampled_from(["-", ".", "...", "/", "x", ""])
number = st.decimals(
    allow_nan=False, allow_infinity=False, places=3, max_value=10**9, min_value=-(10**9)
)
observation = st.tuples(
    region_key, label, period, label.filter(bool), label, st.one_of(number, special), label
)


def _value_text(value, decimal: str) -> str:
    return value if isinstance(value, str) else format(value, "f").replace(".", decimal)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(observation, min_size=1, max_size=20, unique_by=lambda o: (o[0], o[2])),
    decimal=st.sampled_from([",", "."]),
    zip_it=st.booleans(),
)
def test_round_trip(rows, decimal, zip_it):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for key, name, when, variable, attribute, value, flag in rows:
        time_code = "JAHR" if len(when) == 4 else "STAG"
        writer.writerow(
            ["12521", "Ausländerstatistik", time_code, "Zeit", when]
            + ["GEOKR", "Kreise", key, name, "GES", "Geschlecht", attribute and "G1", attribute]
            + [_value_text(value, decimal), "Anzahl", "BEV001", variable, flag]
        )
    data = out.getvalue().encode("utf-8")
    if zip_it:
        data = zipped("12521_de_flat.csv", data)
    parsed = read_ffcsv(data)
    assert len(list(parsed.observations)) == len(rows)
    for obs, (key, name, when, variable, attribute, value, flag) in zip(
        parsed.observations, rows, strict=True
    ):
        assert (obs.region_key, obs.region_name, obs.period) == (key, name, when)
        assert (obs.variable, obs.quality_flag) == (variable, flag)
        assert obs.dimensions == (("Geschlecht", attribute or "Insgesamt"),)
        if isinstance(value, str):
            assert obs.status is not Status.OK
        else:
            assert (obs.value, obs.status) == (value, Status.OK)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_statistics_file_errors(data):
    with contextlib.suppress(StatisticsFileError):
        list(read_ffcsv(data).observations)


def mutate(data: bytes, edits) -> bytes:
    buffer = bytearray(data)
    for kind, position, byte in edits:
        at = position % (len(buffer) + 1)
        if kind == "flip" and buffer:
            buffer[at % len(buffer)] = byte
        elif kind == "insert":
            buffer[at:at] = bytes([byte])
        elif kind == "delete":
            del buffer[at : at + 1]
        else:
            del buffer[at:]
    return bytes(buffer)


edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, zip_it=st.booleans())
def test_mutated_real_file_raises_only_statistics_file_errors(edits, zip_it):
    data = zensus_ffcsv()[:6000]
    data = data[: data.rfind(b"\n") + 1]
    if zip_it:
        data = zipped("1000A_de_flat.csv", data)
    with contextlib.suppress(StatisticsFileError):
        list(read_ffcsv(mutate(data, edits)).observations)
