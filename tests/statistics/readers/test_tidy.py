"""The tidy reader on real files: Zensus 2022 BW, the Niedersachsen monitor, the 12521 extract."""

import contextlib
import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import ReadChoices, StatisticsFileError, Status
from cohesion.statistics.readers.tidy import (
    TidyMapping,
    guess_columns,
    guess_mapping,
    read_tidy,
    tidy_columns,
)
from tests.paths import DATASETS as SHARED_DATASETS

# The real files of ../shared throughout (see tests/conftest.py for what happens without them).
pytestmark = pytest.mark.shared_data

DATASETS = SHARED_DATASETS / "de"
ZENSUS_BW = DATASETS / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
NIEDERSACHSEN = DATASETS / "integrationsmonitoring_niedersachsen"
AUSLAENDER_LONG = (
    DATASETS / "regionalstatistik" / "12521-0041_auslaender_target_kreise_2025-12-31_long.csv"
)

NIEDERSACHSEN_SOURCE = (
    "© Landesamt für Statistik Niedersachsen (LSN), Integrationsmonitoring Niedersachsen"
)
ZENSUS_VALUES = (
    "population",
    "german",
    "foreign",
    "immigration_history_total",
    "immigrated",
    "descendants",
    "one_parent",
    "without_immigration_history",
)
ZENSUS = TidyMapping(
    region_key="ags",
    period="",
    fixed_period="2022-05-15",
    value_columns=ZENSUS_VALUES,
    region_name="name",
    unit="Anzahl",
    table_code="zensus2022-einwanderungsgeschichte",
    source="© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022",
    licence="dl-de/by-2-0",
)


def niedersachsen(indicator: str, **changes) -> TidyMapping:
    mapping = TidyMapping(
        region_key="GeoCode",
        region_key_prefix_strip="K",
        period="Year",
        value="Value",
        fixed_variable=f"Integrationsmonitoring Niedersachsen {indicator}",
        region_name="Gebietseinheit",
        source=NIEDERSACHSEN_SOURCE,
    )
    return TidyMapping(**{**mapping.__dict__, **changes})


def by_key(parsed, region_key, period=None):
    return {
        (o.variable, o.dimensions): o
        for o in parsed.observations
        if o.region_key == region_key and (period is None or o.period == period)
    }


def error(data: bytes, mapping: TidyMapping) -> StatisticsFileError:
    with pytest.raises(StatisticsFileError) as info:
        read_tidy(data, mapping=mapping)
    return info.value


# --- Zensus 2022, Baden-Württemberg (wide) ------------------------------------------------------


def test_columns_of_the_zensus_file():
    assert tidy_columns(ZENSUS_BW.read_bytes()) == ["ags", "name", *ZENSUS_VALUES]


def test_zensus_bw_wide_form_stuttgart():
    parsed = read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    assert parsed.format == "tidy"
    assert (parsed.table_code, parsed.licence, parsed.encoding) == (
        "zensus2022-einwanderungsgeschichte",
        "dl-de/by-2-0",
        "utf-8",
    )
    assert parsed.stand is None
    assert parsed.problems == []
    assert len(list(parsed.observations)) == 1101 * len(ZENSUS_VALUES)

    stuttgart = {variable: obs for (variable, _), obs in by_key(parsed, "08111000").items()}
    assert set(stuttgart) == set(ZENSUS_VALUES)
    population = stuttgart["population"]
    assert population.value == 610458
    assert population.region_name == "Stuttgart, Landeshauptstadt"
    assert (population.period, population.unit, population.line) == ("2022-05-15", "Anzahl", 2)
    share = stuttgart["immigration_history_total"].value / population.value * 100
    assert round(share, 1) == Decimal("35.6")
    assert round(stuttgart["foreign"].value / population.value * 100, 1) == Decimal("25.7")


def test_zensus_secret_cells_are_empty_and_keys_keep_their_zero():
    parsed = read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    assert all(len(o.region_key) == 8 and o.region_key[0] == "0" for o in parsed.observations)
    empty = [o for o in parsed.observations if o.status is Status.EMPTY]
    assert len(empty) == 24
    # Wörnersberg: the Zensus keeps "one parent" secret.
    one_parent = by_key(parsed, "08237072")[("one_parent", ())]
    assert (one_parent.value, one_parent.status, one_parent.line) == (None, Status.EMPTY, 551)


def zensus_xlsx(*, numeric_keys: bool) -> bytes:
    """The Zensus file as a spreadsheet; numeric keys lose their leading zero, as in Excel."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with ZENSUS_BW.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            if i == 0:
                sheet.append(row)
                continue
            key = int(row[0]) if numeric_keys else row[0]
            sheet.append([key, row[1], *(int(v) if v else None for v in row[2:])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_zensus_as_xlsx_reads_the_same():
    from_csv = read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    from_xlsx = read_tidy(zensus_xlsx(numeric_keys=False), mapping=ZENSUS)
    assert list(from_xlsx.observations) == list(from_csv.observations)
    assert tidy_columns(zensus_xlsx(numeric_keys=False))[:3] == ["ags", "name", "population"]


def test_keys_that_lost_their_leading_zero_get_it_back():
    from_csv = read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS)
    parsed = read_tidy(zensus_xlsx(numeric_keys=True), mapping=ZENSUS)
    assert list(parsed.observations) == list(from_csv.observations)
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.column) == ("leading_zero_restored", 2, "ags")


# --- Integrationsmonitoring Niedersachsen (long, "K" keys) -------------------------------------


def test_niedersachsen_population_and_foreigners():
    population = read_tidy(
        (NIEDERSACHSEN / "indicator_1-1-1.csv").read_bytes(), mapping=niedersachsen("1.1.1")
    )
    foreigners = read_tidy(
        (NIEDERSACHSEN / "indicator_1-2-1.csv").read_bytes(), mapping=niedersachsen("1.2.1")
    )
    assert len(list(population.observations)) == 1040
    assert population.encoding == "utf-8"  # the BOM is gone
    (braunschweig,) = by_key(population, "03101", "2024").values()
    assert (braunschweig.value, braunschweig.region_name, braunschweig.line) == (
        253062,
        "Braunschweig, Stadt",
        990,
    )
    assert [o.value for o in by_key(population, "03241", "2024").values()] == [1140177]
    assert [o.value for o in by_key(foreigners, "03404", "2024").values()] == [31200]
    assert [o.value for o in by_key(population, "03101", "2005").values()] == [245273]


def test_niedersachsen_share_with_unit_column():
    parsed = read_tidy(
        (NIEDERSACHSEN / "indicator_1-2-2.csv").read_bytes(),
        mapping=niedersachsen("1.2.2", unit_column="Units"),
    )
    (share,) = by_key(parsed, "03101", "2024").values()
    assert (share.value, share.unit) == (Decimal("14.3816067235395"), "%")
    # The share is about foreigners (AZR) over population, both read above.
    assert abs(Decimal(36380) / Decimal(253062) * 100 - share.value) < Decimal("0.05")


def test_niedersachsen_counts_and_shares_by_nationality():
    parsed = read_tidy(
        (NIEDERSACHSEN / "indicator_4-1-4.csv").read_bytes(),
        mapping=niedersachsen("4.1.4", unit_column="Units", dimension_columns=("Nationalität",)),
    )
    braunschweig = {
        (o.dimensions, o.unit): o.value
        for o in parsed.observations
        if (o.region_key, o.period) == ("03101", "2024")
    }
    assert braunschweig == {
        ((("Nationalität", "Deutsche"),), "Anzahl"): 135,
        ((("Nationalität", "Ausländerinnen und Ausländer"),), "Anzahl"): 39,
        ((("Nationalität", "Deutsche"),), "Prozent"): Decimal("6.05652759084791"),
        ((("Nationalität", "Ausländerinnen und Ausländer"),), "Prozent"): Decimal(
            "13.4948096885813"
        ),
    }


def test_niedersachsen_source_error_two_areas_with_one_key():
    # In 2-3-3 "dav. Hannover, Lhst." and "dav. Hannover, Umland" both carry K03241999: the
    # rows are ambiguous, named in a Problem, and the rest imports.
    data = (NIEDERSACHSEN / "indicator_2-3-3.csv").read_bytes()
    mapping = niedersachsen("2.3.3", unit_column="Units")
    parsed = read_tidy(data, mapping=mapping)
    (problem,) = parsed.problems
    assert (problem.code, problem.line) == ("ambiguous_rows", 14)
    assert problem.params["lines"].startswith("14, 15")
    assert problem.params["key"].startswith("03241999 2005")
    skipped = list(parsed.observations)
    assert ("03241999", "2005") not in {(o.region_key, o.period) for o in skipped}
    assert len(skipped) == 1040 - problem.params["count"]
    kept = list(
        read_tidy(data, mapping=mapping, choices=ReadChoices(ambiguous="order")).observations
    )
    assert len(kept) == 1040
    hannover = [o for o in kept if (o.region_key, o.period) == ("03241999", "2005")]
    assert [o.region_name for o in hannover] == ["dav. Hannover, Lhst.", "dav. Hannover, Umland"]
    assert [o.variable for o in hannover] == [
        "Integrationsmonitoring Niedersachsen 2.3.3",
        "Integrationsmonitoring Niedersachsen 2.3.3 (2)",
    ]


def test_niedersachsen_spreadsheet_error_as_region_key():
    # 6-2-2 line 2341 has "#BEZUG!" (Excel's #REF!) where the GeoCode of Niedersachsen's 2020
    # figure should be: that row is left out, a Problem names it, the rest imports.
    parsed = read_tidy(
        (NIEDERSACHSEN / "indicator_6-2-2.csv").read_bytes(),
        mapping=niedersachsen("6.2.2", dimension_columns=("Altersgruppe", "Nationalität")),
    )
    problems = {p.code: p for p in parsed.problems}
    error = problems["spreadsheet_error"]
    assert (error.line, error.column, error.params) == (
        2341,
        "GeoCode",
        {"value": "#BEZUG!", "count": 1},
    )
    # The file's other source errors (keys shifted by a row) share keys: named, left out.
    assert problems["ambiguous_rows"].params["count"] == 4
    observations = list(parsed.observations)
    assert 2341 not in {o.line for o in observations}
    by_line = {o.line: (o.region_key, o.period, dict(o.dimensions), o.value) for o in observations}
    young, old = "im Alter bis unter 18 Jahren", "im Alter von 65 Jahren und älter"
    foreign = "Ausländerinnen und Ausländer"
    assert by_line[210] == (
        "03101",
        "2020",
        {"Altersgruppe": young, "Nationalität": "Deutsche"},
        103,
    )
    assert by_line[1822] == ("03101", "2020", {"Altersgruppe": young, "Nationalität": foreign}, 436)
    assert by_line[2758] == ("03101", "2020", {"Altersgruppe": old, "Nationalität": foreign}, 211)
    assert parsed.layout.specials == {}


def test_spreadsheet_errors_in_values_are_missing_values():
    data = (
        b"ags;Jahr;Einwohner;Anteil\n"
        b"05362032;2024;66585;#DIV/0!\n"
        b"#NV;2024;1;2\n"
        b"08111000;2024;#WERT!;-\n"
        b"08111000;2023;.;5\n"
    )
    mapping = TidyMapping(region_key="ags", period="Jahr", value_columns=("Einwohner", "Anteil"))
    parsed = read_tidy(data, mapping=mapping)
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.column) == ("spreadsheet_error", 2, "Anteil")
    assert problem.params == {"value": "#DIV/0!", "count": 3}
    cells = {(o.region_key, o.period, o.variable): (o.status, o.value) for o in parsed.observations}
    assert cells == {
        ("05362032", "2024", "Einwohner"): (Status.OK, 66585),
        ("05362032", "2024", "Anteil"): (Status.NOT_APPLICABLE, None),
        ("08111000", "2024", "Einwohner"): (Status.SUPPRESSED, None),
        ("08111000", "2024", "Anteil"): (Status.ZERO, 0),
        ("08111000", "2023", "Einwohner"): (Status.SUPPRESSED, None),
        ("08111000", "2023", "Anteil"): (Status.OK, 5),
    }
    # What each special value became and how often, as the other readers tell the preview.
    assert parsed.layout.specials == {
        "#DIV/0!": ("not_applicable", 1),
        "#WERT!": ("suppressed", 1),
        "-": ("zero", 1),
        ".": ("suppressed", 1),
    }


# --- a file of one region without a key column (Niedersachsen 5-3-3, Land level) -----------------


def test_niedersachsen_land_level_file_with_a_fixed_region():
    mapping = TidyMapping(
        region_key="",
        fixed_region="03",
        period="Year",
        value="Value",
        unit_column="Units",
        dimension_columns=("Kategorie", "Geschlecht", "Altersgruppe"),
        fixed_variable="Integrationsmonitoring Niedersachsen 5.3.3",
    )
    parsed = read_tidy((NIEDERSACHSEN / "indicator_5-3-3.csv").read_bytes(), mapping=mapping)
    observations = list(parsed.observations)
    assert len(observations) == 114
    assert {o.region_key for o in observations} == {"03"}
    assert parsed.problems == []
    total = {
        o.period: o.value
        for o in observations
        if dict(o.dimensions)
        == {
            "Kategorie": "Abstand der Arbeitslosenquote von Ausländerinnen und Ausländern zu "
            "Insgesamt",
            "Geschlecht": "Insgesamt",
            "Altersgruppe": "Insgesamt",
        }
    }
    assert total["2007-06-30"] == Decimal("12.6")  # "Juni 2007", "+12.6"
    assert total["2009-06-30"] == Decimal("12.2")
    assert observations[0].unit == "Prozentpunkte"
    assert "key" not in {c.role for c in parsed.layout.columns}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"fixed_region": "3"}, "fixed_region"),  # not an official key
        ({"fixed_region": "03", "region_key": "Year"}, "region_key"),  # both
        ({"fixed_region": ""}, "region_key"),  # neither
    ],
)
def test_a_fixed_region_is_an_official_key_instead_of_a_key_column(changes, reason):
    mapping = TidyMapping(
        **{**TidyMapping(region_key="", period="Year", value="Value").__dict__, **changes}
    )
    exc = error((NIEDERSACHSEN / "indicator_5-3-3.csv").read_bytes(), mapping)
    assert (exc.code, exc.params["reason"]) == ("bad_mapping", reason)


def test_a_forgotten_dimension_column_shows_as_ambiguous_rows():
    parsed = read_tidy(
        (NIEDERSACHSEN / "indicator_4-1-4.csv").read_bytes(),
        mapping=niedersachsen("4.1.4", unit_column="Units"),
    )
    codes = {p.code: p for p in parsed.problems}
    assert "breakdown column" in codes["ambiguous_rows"].message


# --- 12521-0041 long extract (long form, fixed variable) ----------------------------------------

AUSLAENDER = TidyMapping(
    region_key="kreis_ags",
    period="stichtag",
    value="auslaender",
    fixed_variable="Ausländer",
    dimension_columns=("laendergruppe", "geschlecht"),
    region_name="kreis_name",
    unit="Anzahl",
)


def test_auslaender_long_form():
    parsed = read_tidy(AUSLAENDER_LONG.read_bytes(), mapping=AUSLAENDER)
    assert len(list(parsed.observations)) == 492
    solingen = {
        dict(o.dimensions)["geschlecht"]: o.value
        for o in parsed.observations
        if o.region_key == "05122" and dict(o.dimensions)["laendergruppe"] == "Insgesamt"
    }
    assert solingen == {"maennlich": 15755, "weiblich": 15250, "insgesamt": 31005}
    assert {o.period for o in parsed.observations} == {"2025-12-31"}
    assert {o.variable for o in parsed.observations} == {"Ausländer"}


def test_variable_column_and_default_variable_name():
    with_column = read_tidy(
        AUSLAENDER_LONG.read_bytes(),
        mapping=TidyMapping(
            region_key="kreis_ags",
            period="stichtag",
            value="auslaender",
            variable="laendergruppe",
            dimension_columns=("geschlecht",),
        ),
    )
    assert "Europa" in {o.variable for o in with_column.observations}
    default = read_tidy(
        AUSLAENDER_LONG.read_bytes(),
        mapping=TidyMapping(
            region_key="kreis_ags",
            period="stichtag",
            value="auslaender",
            dimension_columns=("laendergruppe", "geschlecht"),
        ),
    )
    assert {o.variable for o in default.observations} == {"auslaender"}


# --- delimiters, encodings, periods ----------------------------------------------------------


def test_semicolon_decimal_comma_cp1252_and_german_dates():
    text = (
        "Schlüssel;Gebiet;Stichtag;Ausländeranteil\n"
        "08111;Stuttgart;31.12.2025;28,4\n"
        "05122;Solingen;31.12.2025;18,7\n"
        "06633;Kassel, Landkreis;31.12.2025;-\n"
    )
    mapping = TidyMapping(
        region_key="Schlüssel",
        period="Stichtag",
        value="Ausländeranteil",
        region_name="Gebiet",
        unit="%",
    )
    parsed = read_tidy(text.encode("cp1252"), mapping=mapping)
    assert parsed.encoding == "cp1252"
    assert [(o.region_key, o.period, o.value, o.status) for o in parsed.observations] == [
        ("08111", "2025-12-31", Decimal("28.4"), Status.OK),
        ("05122", "2025-12-31", Decimal("18.7"), Status.OK),
        ("06633", "2025-12-31", Decimal(0), Status.ZERO),
    ]
    tabs = read_tidy(text.replace(";", "\t").encode(), mapping=mapping)
    assert list(tabs.observations) == list(parsed.observations)


SHARE = TidyMapping(region_key="ags", period="jahr", value="wert")


def read_values(text: str) -> tuple[list, list]:
    parsed = read_tidy(text.encode(), mapping=SHARE)
    return [o.value for o in parsed.observations], [(p.code, p.line) for p in parsed.problems]


def test_thousands_separators_follow_the_file():
    german = "ags;jahr;wert\n08111;2024;89.504\n05122;2024;1.234.567\n"
    assert read_values(german) == ([89504, 1234567], [])
    # Nothing tells: semicolon files are read the German way, and a Problem says so.
    assert read_values("ags;jahr;wert\n08111;2024;89.504\n") == (
        [89504],
        [("ambiguous_decimal", 2)],
    )
    assert read_values("ags,jahr,wert\n08111,2024,89.504\n") == (
        [Decimal("89.504")],
        [("ambiguous_decimal", 2)],
    )
    # One value with a clear decimal sign decides for the whole file.
    assert read_values("ags;jahr;wert\n08111;2024;89.504\n05122;2024;1,5\n") == (
        [89504, Decimal("1.5")],
        [],
    )
    assert read_values("ags;jahr;wert\n08111;2024;89.504\n05122;2024;1.5\n") == (
        [Decimal("89.504"), Decimal("1.5")],
        [],
    )


def test_mixed_decimal_signs_are_an_error():
    with pytest.raises(StatisticsFileError) as info:
        read_values("ags;jahr;wert\n08111;2024;1,5\n05122;2024;2.5\n")
    assert (info.value.code, info.value.line) == ("bad_number", 3)


def test_numbers_in_a_workbook_are_not_reread_as_text():
    workbook = openpyxl.Workbook()
    for row in (["ags", "jahr", "wert"], ["08111", 2024, 1.234], ["05122", 2024, "2,5"]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = read_tidy(buffer.getvalue(), mapping=SHARE)
    assert [o.value for o in parsed.observations] == [Decimal("1.234"), Decimal("2.5")]
    assert [o.period for o in parsed.observations] == ["2024", "2024"]


def test_bad_period():
    text = "ags,year,value\n08111000,2024,1\n08111000,Sommer 2007,2\n"
    exc = error(text.encode(), TidyMapping(region_key="ags", period="year", value="value"))
    assert (exc.code, exc.line, exc.column) == ("bad_period", 3, "year")


def test_bad_number():
    text = "ags,year,value\n08111000,2024,12 Personen\n"
    exc = error(text.encode(), TidyMapping(region_key="ags", period="year", value="value"))
    assert (exc.code, exc.line, exc.column) == ("bad_number", 2, "value")


# --- bad input ---------------------------------------------------------------------------------


def test_mapping_naming_a_missing_column():
    exc = error(ZENSUS_BW.read_bytes(), TidyMapping(**{**ZENSUS.__dict__, "region_name": "Name"}))
    assert (exc.code, exc.column) == ("bad_mapping", "Name")
    exc = error(
        ZENSUS_BW.read_bytes(),
        TidyMapping(**{**ZENSUS.__dict__, "value_columns": ("population", "migrants")}),
    )
    assert (exc.code, exc.column, exc.params) == (
        "bad_mapping",
        "migrants",
        {"column": "migrants", "reason": "not_in_file"},
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"value": "population"},  # both long and wide
        {"value_columns": ()},  # neither
        {"fixed_period": ""},  # no period at all
        {"period": "name"},  # a period column and a fixed period
        {"fixed_variable": "Personen"},  # a fixed variable in the wide form
        {"fixed_period": "Mai 2022"},
        {"region_name": "ags"},  # one column in two roles
    ],
)
def test_inconsistent_mappings(changes):
    exc = error(ZENSUS_BW.read_bytes(), TidyMapping(**{**ZENSUS.__dict__, **changes}))
    assert exc.code == "bad_mapping"


def test_bad_region_key_names_line_and_column():
    text = ZENSUS_BW.read_text(encoding="utf-8").replace("08115002,", "8115-002,")
    exc = error(text.encode(), ZENSUS)
    assert (exc.code, exc.line, exc.column) == ("bad_region_key", 4, "ags")
    # Niedersachsen keys without the prefix strip are not official keys.
    exc = error(
        (NIEDERSACHSEN / "indicator_1-1-1.csv").read_bytes(),
        niedersachsen("1.1.1", region_key_prefix_strip=""),
    )
    assert (exc.code, exc.line, exc.params["value"]) == ("bad_region_key", 2, "K03101")


def test_html_page_saved_as_csv():
    page = b"\n  <!DOCTYPE html><html lang='de'><head><title>Sitzung abgelaufen</title></head>"
    assert error(page, ZENSUS).code == "html_page"
    with pytest.raises(StatisticsFileError) as info:
        tidy_columns(page)
    assert info.value.code == "html_page"


def test_wrong_encoding_bytes():
    data = ZENSUS_BW.read_bytes().replace("Böblingen".encode(), b"B\x8fblingen")
    exc = error(data, ZENSUS)
    assert (exc.code, exc.line) == ("encoding", 5)


def test_truncated_and_ragged_rows():
    text = ZENSUS_BW.read_text(encoding="utf-8")
    exc = error(text[: text.rfind(",", 0, len(text) - 30)].encode(), ZENSUS)
    assert (exc.code, exc.line) == ("truncated", 1102)
    lines = text.splitlines()
    lines[5] = "08115004,Bondorf,6140"
    exc = error("\n".join(lines).encode(), ZENSUS)
    assert (exc.code, exc.line) == ("unknown_layout", 6)


def test_empty_and_header_only():
    assert error(b"", ZENSUS).code == "empty"
    assert error(b"ags,name,population\n", ZENSUS).code == "bad_mapping"
    mapping = TidyMapping(region_key="ags", period="", fixed_period="2022", value="population")
    assert error(b"ags,name,population\n\n", mapping).code == "empty"


def test_too_large():
    with pytest.raises(StatisticsFileError) as info:
        read_tidy(ZENSUS_BW.read_bytes(), mapping=ZENSUS, max_bytes=1000)
    assert info.value.code == "too_large"


# --- properties -------------------------------------------------------------------------------

cell_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=15
).map(str.strip)
region_key = st.one_of(
    st.just("DG"),
    st.sampled_from([2, 3, 5, 8, 9, 12]).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    ),
)
year = st.integers(1990, 2030)
value = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**7), max_value=10**7
    ),
    st.sampled_from(["-", ".", "...", "/", "x", ""]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(region_key, cell_text, year, cell_text, value, value),
        min_size=1,
        max_size=15,
        unique_by=lambda row: (row[0], row[2], row[3]),
    ),
    delimiter=st.sampled_from([";", ",", "\t"]),
    decimal=st.sampled_from([",", "."]),
    german_dates=st.booleans(),
    as_xlsx=st.booleans(),
)
def test_round_trip(rows, delimiter, decimal, german_dates, as_xlsx):
    """Wide rows with one dimension, written as CSV or XLSX, read back unchanged."""
    header = ["Gebiet", "Name", "Stichtag", "Gruppe", "Anzahl", "Anteil"]

    def when(y: int):
        if as_xlsx:
            return datetime.datetime(y, 12, 31)
        return f"31.12.{y}" if german_dates else f"{y}-12-31"

    def text(v):
        if isinstance(v, str):
            return v
        return float(v) if as_xlsx else format(v, "f").replace(".", decimal)

    table = [header] + [[k, n, when(y), g, text(a), text(b)] for k, n, y, g, a, b in rows]
    if as_xlsx:
        workbook = openpyxl.Workbook()
        for row in table:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    else:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(table)
        data = out.getvalue().encode("utf-8")
    mapping = TidyMapping(
        region_key="Gebiet",
        region_name="Name",
        period="Stichtag",
        value_columns=("Anzahl", "Anteil"),
        dimension_columns=("Gruppe",),
    )
    parsed = read_tidy(data, mapping=mapping)
    assert len(list(parsed.observations)) == 2 * len(rows)
    for (key, name, y, group, *values), pair in zip(
        rows, zip(*[iter(parsed.observations)] * 2, strict=True), strict=True
    ):
        for expected, obs, variable in zip(values, pair, ("Anzahl", "Anteil"), strict=True):
            assert (obs.region_key, obs.region_name, obs.period) == (key, name, f"{y}-12-31")
            assert obs.variable == variable
            assert obs.dimensions == (("Gruppe", group or "Insgesamt"),)
            if isinstance(expected, str):
                assert obs.status is not Status.OK
            else:
                assert (obs.value, obs.status) == (expected, Status.OK)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_statistics_file_errors(data):
    for call in (
        lambda: read_tidy(data, mapping=ZENSUS),
        lambda: tidy_columns(data),
        lambda: guess_columns(data),
        lambda: guess_mapping(data),
    ):
        with contextlib.suppress(StatisticsFileError):
            call()


edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=8,
)


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


ZENSUS_HEAD = ZENSUS_BW.read_bytes()[:5000] if ZENSUS_BW.exists() else b""
NIEDERSACHSEN_HEAD = (
    (NIEDERSACHSEN / "indicator_1-2-2.csv").read_bytes()[:4000] if NIEDERSACHSEN.exists() else b""
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, which=st.sampled_from(["zensus", "niedersachsen", "xlsx"]))
def test_mutated_real_files_raise_only_statistics_file_errors(edits, which):
    if which == "zensus":
        data, mapping = ZENSUS_HEAD, ZENSUS
    elif which == "niedersachsen":
        data, mapping = NIEDERSACHSEN_HEAD, niedersachsen("1.2.2", unit_column="Units")
    else:
        data, mapping = SMALL_XLSX, ZENSUS
    mutated = mutate(data, edits)
    with contextlib.suppress(StatisticsFileError):
        guess_mapping(mutated)
    with contextlib.suppress(StatisticsFileError):
        parsed = read_tidy(mutated, mapping=mapping)
        for _ in parsed.observations:  # checked while reading: iterating raises nothing
            pass


def _small_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(ZENSUS_BW.read_text(encoding="utf-8")[:1500])):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SMALL_XLSX = _small_xlsx() if ZENSUS_BW.exists() else b""
