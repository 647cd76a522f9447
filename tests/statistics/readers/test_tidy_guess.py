"""The guessed mapping of plain tables: every plain file of ../shared/datasets/de imports with
the mapping guessed from its content, with the values its SOURCE.md states."""

import csv
import io
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import ReadChoices, Status
from cohesion.statistics.readers.tidy import (
    TidyMapping,
    guess_columns,
    guess_mapping,
    read_tidy,
    tidy_period,
)
from tests.paths import DATASETS as SHARED_DATASETS

DE = SHARED_DATASETS / "de"
GV100AD = DE / "gv100ad"
NIEDERSACHSEN = DE / "integrationsmonitoring_niedersachsen"
CORPUS = DE / "corpus"
ZENSUS_BW = DE / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
AUSLAENDER_LONG = (
    DE / "regionalstatistik" / "12521-0041_auslaender_target_kreise_2025-12-31_long.csv"
)
BERLIN_2016 = CORPUS / "bbb_EWRMIGRA201612H_Matrix.csv"
BERLIN_2007 = CORPUS / "bbb_EWRMIGRA200712H_Matrix.csv"

shared = pytest.mark.shared_data


def guessed(path, **changes):
    """The file read with its guessed mapping (the file name helps, as in the upload)."""
    data = path.read_bytes()
    mapping = guess_mapping(data, filename=path.name)
    assert mapping is not None, f"no mapping guessed for {path.name}"
    return read_tidy(data, mapping=replace(mapping, **changes)), mapping


def values(parsed, region_key, variable=None, **dimensions):
    """{period: value} of a region (and a variable and breakdown, when given)."""
    found = {}
    for o in parsed.observations:
        if o.region_key != region_key or (variable and o.variable != variable):
            continue
        if dimensions and dict(o.dimensions) != dimensions:
            continue
        found[o.period] = o.value
    return found


def roles(path) -> dict[str, str]:
    guess = guess_columns(path.read_bytes(), filename=path.name)
    return {column.label: column.role for column in guess.columns}


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024", "2024"),
        ("31.12.2025", "2025-12-31"),
        ("2022-05-15", "2022-05-15"),
        ("201612", "2016-12-31"),  # Berlin's ZEIT: the month's last day
        ("200702", "2007-02-28"),
        ("Juni 2007", "2007-06-30"),  # Niedersachsen 5-3-3
        ("Dezember 2024", "2024-12-31"),
        ("201613", None),
        ("Sommer 2007", None),
        ("12345", None),
    ],
)
def test_periods_a_plain_table_may_hold(text, period):
    assert tidy_period(text) == period


# --- GV100AD (derived tables) ----------------------------------------------------------------


@shared
def test_gemeinden_gv100ad():
    parsed, mapping = guessed(GV100AD / "gemeinden_gv100ad_2025-11-30.csv")
    assert (mapping.region_key, mapping.period, mapping.region_name) == (
        "ags",
        "population_reference_date",
        "name",
    )
    assert mapping.value_columns == (
        "area_km2",
        "population",
        "population_male",
        "population_female",
    )
    assert mapping.dimension_columns == ()  # Land, Kreis, type describe the Gemeinde
    assert values(parsed, "05362032", "population") == {"2024-12-31": 66585}
    assert values(parsed, "08111000", "population") == {"2024-12-31": 612663}
    total = sum(o.value for o in parsed.observations if o.variable == "population")
    assert total == 83577140
    layout = {c.label: c for c in parsed.layout.columns}
    assert layout["ags"].role == "key"
    assert layout["ags"].reason.startswith("all ") and "8-digit" in layout["ags"].reason
    assert layout["gebietsstand"].role == "ignored"  # the territorial status, not the period
    assert layout["kreis_ags"].role == "ignored"  # a part of the key


@shared
def test_kreise_gv100ad():
    parsed, mapping = guessed(GV100AD / "kreise_gv100ad_2025-11-30.csv")
    assert (mapping.region_key, mapping.period) == ("kreis_ags", "population_reference_date")
    assert "population" in mapping.value_columns
    assert values(parsed, "06632", "population") == {"2024-12-31": 117414}


@shared
def test_gemeinden_population_timeseries():
    parsed, mapping = guessed(GV100AD / "gemeinden_population_timeseries_gv100ad.csv")
    assert (mapping.region_key, mapping.period) == ("ags", "population_reference_date")
    assert mapping.value_columns == ("population", "population_male", "area_km2")
    assert values(parsed, "05362032", "population") == {
        "2020-12-31": 65802,
        "2021-12-31": 66294,
        "2022-12-31": 67239,
        "2024-12-31": 66585,
    }
    assert values(parsed, "06632002", "population") == {
        "2020-12-31": 30039,
        "2021-12-31": 30101,
        "2022-12-31": 30652,
        "2024-12-31": 30846,
    }
    totals = Counter()
    for o in parsed.observations:
        if o.variable == "population":
            totals[o.period] += o.value
    assert totals == {
        "2020-12-31": 83155031,
        "2021-12-31": 83237124,
        "2022-12-31": 84358845,
        "2024-12-31": 83577140,
    }
    # "basis" and the territorial status change with the year, not between rows: not breakdowns
    assert roles(GV100AD / "gemeinden_population_timeseries_gv100ad.csv")["basis"] == "ignored"


# --- Integrationsmonitoring Niedersachsen ----------------------------------------------------


@shared
def test_niedersachsen_population_and_foreigners():
    population, mapping = guessed(NIEDERSACHSEN / "indicator_1-1-1.csv")
    assert (mapping.region_key, mapping.region_key_prefix_strip, mapping.period) == (
        "GeoCode",
        "K",
        "Year",
    )
    assert (mapping.value, mapping.region_name) == ("Value", "Gebietseinheit")
    # "Value" names nothing: the file's name tells one indicator from another.
    assert mapping.fixed_variable == "indicator_1-1-1"
    assert values(population, "03101")["2024"] == 253062
    assert values(population, "03101")["2005"] == 245273
    assert values(population, "03241")["2024"] == 1140177
    foreigners, _ = guessed(NIEDERSACHSEN / "indicator_1-2-1.csv")
    assert values(foreigners, "03404")["2024"] == 31200


@shared
def test_niedersachsen_share_has_its_unit_column():
    parsed, mapping = guessed(NIEDERSACHSEN / "indicator_1-2-2.csv")
    assert mapping.unit_column == "Units"
    (share,) = [o for o in parsed.observations if (o.region_key, o.period) == ("03101", "2024")]
    assert (share.value, share.unit) == (Decimal("14.3816067235395"), "%")


@shared
def test_niedersachsen_naturalisations_name_their_ambiguous_rows():
    # Lhst. and Umland of Hannover share K03241999: named, the rest imports.
    parsed, _ = guessed(NIEDERSACHSEN / "indicator_2-3-3.csv")
    (problem,) = parsed.problems
    assert problem.code == "ambiguous_rows"
    assert problem.params["lines"].startswith("14, 15")
    assert values(parsed, "03101")["2005"] == Decimal("2.1750924784217")


@shared
def test_niedersachsen_breakdown_by_nationality():
    parsed, mapping = guessed(NIEDERSACHSEN / "indicator_4-1-4.csv")
    assert mapping.dimension_columns == ("Nationalität",)
    assert roles(NIEDERSACHSEN / "indicator_4-1-4.csv")["Nationalität"] == "breakdown"
    braunschweig = {
        (o.dimensions, o.unit): o.value
        for o in parsed.observations
        if (o.region_key, o.period) == ("03101", "2024")
    }
    assert braunschweig[((("Nationalität", "Deutsche"),), "Anzahl")] == 135
    assert braunschweig[((("Nationalität", "Ausländerinnen und Ausländer"),), "Anzahl")] == 39
    assert parsed.problems == []


@shared
def test_niedersachsen_minimum_income_two_breakdowns_and_a_source_error():
    # The head shows one age group and nationality; the file's last rows show the others.
    data = (NIEDERSACHSEN / "indicator_6-2-2.csv").read_bytes()
    mapping = guess_mapping(data, filename="indicator_6-2-2.csv")
    assert set(mapping.dimension_columns) == {"Altersgruppe", "Nationalität"}
    # Line 2341 has Excel's "#BEZUG!" for a key: the guess reads the head only; the reader
    # leaves that row out, names the line, and imports the rest.
    parsed = read_tidy(data, mapping=mapping)
    error = next(p for p in parsed.problems if p.code == "spreadsheet_error")
    assert (error.line, error.column, error.params["value"]) == (2341, "GeoCode", "#BEZUG!")
    braunschweig = values(
        parsed, "03101", Altersgruppe="im Alter bis unter 18 Jahren", Nationalität="Deutsche"
    )
    assert (braunschweig["2024"], braunschweig["2020"]) == (91, 103)
    foreign = values(
        parsed,
        "03101",
        Altersgruppe="im Alter von 65 Jahren und älter",
        Nationalität="Ausländerinnen und Ausländer",
    )
    assert foreign["2020"] == 211


def test_a_spreadsheet_error_in_the_head_does_not_hide_the_key_column():
    rows = [f"0836100{n};2024;{n}" for n in range(1, 10)] + ["#BEZUG!;2024;7", "08111000;2024;#NV"]
    data = "\n".join(["ags;Jahr;Wert", *rows]).encode()
    mapping = guess_mapping(data)
    assert (mapping.region_key, mapping.period, mapping.value) == ("ags", "Jahr", "Wert")


@shared
def test_niedersachsen_without_region_column_asks_for_a_mapping():
    # 5-3-3 is the Land's figure and names no region: nothing to guess the key from.
    data = (NIEDERSACHSEN / "indicator_5-3-3.csv").read_bytes()
    assert guess_mapping(data, filename="indicator_5-3-3.csv") is None
    assert guess_columns(data).mapping is None


# --- Zensus 2022, Regionalstatistik long extract ------------------------------------------


@shared
def test_zensus_bw_period_from_the_census_day():
    parsed, mapping = guessed(ZENSUS_BW)
    assert mapping.fixed_period == "2022-05-15"  # the file name says Zensus 2022
    assert (mapping.region_key, mapping.region_name) == ("ags", "name")
    assert len(mapping.value_columns) == 8
    stuttgart = {o.variable: o for o in parsed.observations if o.region_key == "08111000"}
    assert stuttgart["population"].value == 610458
    assert stuttgart["population"].period == "2022-05-15"
    assert stuttgart["foreign"].value == 156891
    assert sum(1 for o in parsed.observations if o.status is Status.EMPTY) == 24


@shared
def test_zensus_without_its_name_lacks_only_the_period():
    data = ZENSUS_BW.read_bytes()
    assert guess_mapping(data) is None  # no period: the user gives it
    guess = guess_columns(data)
    assert not guess.complete
    assert guess.mapping.region_key == "ags" and guess.mapping.period == ""


@shared
def test_auslaender_long_form_with_two_breakdowns():
    parsed, mapping = guessed(AUSLAENDER_LONG)
    assert (mapping.region_key, mapping.period, mapping.value) == (
        "kreis_ags",
        "stichtag",
        "auslaender",
    )
    assert mapping.dimension_columns == ("laendergruppe", "geschlecht")
    assert mapping.region_name == "kreis_name"
    assert roles(AUSLAENDER_LONG)["quality_flag"] == "flag"
    assert sum(1 for _ in parsed.observations) == 492
    solingen = values(parsed, "05122", laendergruppe="Insgesamt", geschlecht="insgesamt")
    assert solingen == {"2025-12-31": 31005}


# --- Berlin LOR (corpus) ---------------------------------------------------------------------


@shared
def test_berlin_2016_lor_matrix():
    parsed, mapping = guessed(BERLIN_2016)
    assert (mapping.region_key, mapping.period) == ("RAUMID", "ZEIT")
    # BEZ, PGR, BZR, PLR repeat parts of RAUMID; STADTRAUM is a classification (1 or 2)
    assert mapping.value_columns[0] == "MH_E" and "HK_EU28" in mapping.value_columns
    assert not {"BEZ", "PGR", "BZR", "PLR", "STADTRAUM"} & set(mapping.value_columns)
    assert values(parsed, "01011101", "MH_E") == {"2016-12-31": 1747}
    assert values(parsed, "01011101", "HK_Turk") == {"2016-12-31": 80}
    assert values(parsed, "08010117", "MH_E") == {"2016-12-31": 7815}
    assert values(parsed, "08010117", "HK_Turk") == {"2016-12-31": 1703}
    assert sum(o.value for o in parsed.observations if o.variable == "MH_E") == 1151732
    assert len({o.region_key for o in parsed.observations}) == 447
    # The keys are LOR planning areas, kept as in the file and said to be no AGS.
    assert any("LOR" in note for note in parsed.layout.notes)
    key = next(c for c in parsed.layout.columns if c.label == "RAUMID")
    assert key.role == "key" and "not municipality keys" in key.reason


@shared
def test_berlin_2007_lor_matrix_and_its_schema_drift():
    parsed, mapping = guessed(BERLIN_2007)
    assert "HK_EU27" in mapping.value_columns and "HK_EU28" not in mapping.value_columns
    assert values(parsed, "01011101", "MH_E") == {"2007-12-31": 1613}
    assert sum(o.value for o in parsed.observations if o.variable == "MH_E") == 842344


@shared
def test_a_role_correction_changes_the_mapping():
    data = BERLIN_2016.read_bytes()
    mapping = guess_mapping(data)
    stadtraum = 6  # the column ignored by the guess, taken as values; MH_E left out
    choices = ReadChoices(roles=((stadtraum, "measure"), (7, "ignored")))
    parsed = read_tidy(data, mapping=mapping, choices=choices)
    variables = {o.variable for o in parsed.observations}
    assert "STADTRAUM" in variables and "MH_E" not in variables
    roles_read = {c.label: c.role for c in parsed.layout.columns}
    assert (roles_read["STADTRAUM"], roles_read["MH_E"]) == ("measure", "ignored")
    # a breakdown corrected into the key column's place: the prefix is found again
    nds = (NIEDERSACHSEN / "indicator_1-1-1.csv").read_bytes()
    wrong = TidyMapping(region_key="Year", period="", fixed_period="2024", value="Value")
    parsed = read_tidy(nds, mapping=wrong, choices=ReadChoices(roles=((2, "key"), (0, "period"))))
    assert values(parsed, "03101")["2024"] == 253062


# --- reading only the head, streaming --------------------------------------------------------


def big_table(rows: int) -> bytes:
    out = io.StringIO()
    out.write("ags;jahr;geschlecht;anzahl\n")
    for n in range(rows):
        for sex in ("m", "w"):
            out.write(f"{n % 10**6:08d};{2000 + n // 10**6};{sex};{n % 977}\n")
    return out.getvalue().encode()


def test_the_guess_reads_the_head_and_the_tail():
    data = big_table(50_000)
    data += b"not;a;row;at all\n" * 10  # the guess never reads the middle; the end is sampled
    guess = guess_columns(data[: len(data) // 2] + big_table(10)[27:])
    assert guess.mapping.region_key == "ags"
    assert guess.mapping.dimension_columns == ("geschlecht",)


MEMORY_SCRIPT = """
import resource, sys
from tests.statistics.readers.test_tidy_guess import big_table
from cohesion.statistics.readers.tidy import guess_mapping, read_tidy
data = big_table(150_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
parsed = read_tidy(data, mapping=guess_mapping(data))
count = sum(1 for _ in parsed.observations)
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_reading_streams_in_bounded_memory():
    # In a process of its own: the peak memory of reading is the process's.
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(  # noqa: S603 - our own script, run by this interpreter
        [sys.executable, "-c", MEMORY_SCRIPT], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    count, kilobytes = int(out[0]), int(out[1])
    assert count == 300_000  # from 6 MB of CSV
    # The list of 300 000 observations that reading used to build took over 60 MB alone.
    assert kilobytes < 40 * 1024, f"{kilobytes // 1024} MB"


# --- properties: generated plain tables ------------------------------------------------------

KEY_LENGTHS = st.sampled_from([2, 5, 8])
PERIOD_HEADERS = st.sampled_from(["Jahr", "year", "ZEIT", "Stichtag", "period"])
KEY_HEADERS = st.sampled_from(["ags", "AGS", "GeoCode", "kreis_ags", "Regionalschlüssel"])
VALUE_HEADERS = ["Einwohner", "Ausländer", "Anteil"]


@st.composite
def plain_tables(draw):
    length = draw(KEY_LENGTHS)
    regions = draw(
        st.lists(
            st.integers(1, 10**length - 1).map(lambda n: f"{n:0{length}d}"),
            min_size=3,
            max_size=12,
            unique=True,
        )
    )
    if not any(k.startswith("0") for k in regions):
        regions[0] = "0" + regions[0][1:]
    years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=3, unique=True))
    period_form = draw(st.sampled_from(["year", "date", "yyyymm"]))
    measures = VALUE_HEADERS[: draw(st.integers(1, 3))]
    breakdown = draw(st.booleans())
    groups = ["männlich", "weiblich"] if breakdown else [None]
    numbers = st.integers(0, 2_000_000)
    rows = []
    for year in years:
        for key in regions:
            for group in groups:
                rows.append((key, year, group, [draw(numbers) for _ in measures]))
    order = draw(st.permutations(["key", "period", "name", *(["group"] if breakdown else [])]))
    return {
        "regions": regions,
        "rows": rows,
        "measures": measures,
        "breakdown": breakdown,
        "period_form": period_form,
        "order": order,
        "key_header": draw(KEY_HEADERS),
        "period_header": draw(PERIOD_HEADERS),
    }


def period_text(year: int, form: str) -> tuple[str, str]:
    if form == "year":
        return str(year), str(year)
    if form == "date":
        return f"31.12.{year}", f"{year}-12-31"
    return f"{year}12", f"{year}-12-31"


def number_text(n: int, thousands: str) -> str:
    return f"{n:,}".replace(",", thousands) if thousands else str(n)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=plain_tables(),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    final_newline=st.booleans(),
    thousands=st.sampled_from(["", "."]),
    quote_all=st.booleans(),
)
def test_generated_tables_are_guessed_and_read_back(
    table, delimiter, encoding, newline, final_newline, thousands, quote_all
):
    if thousands == "." and delimiter == ",":
        thousands = ""  # a comma file with dots between digit groups reads them as decimals
    columns = {
        "key": table["key_header"],
        "period": table["period_header"],
        "name": "Gebietsname",
        "group": "Geschlecht",
    }
    header = [columns[c] for c in table["order"]] + table["measures"]
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    expected = {}
    for key, year, group, numbers in table["rows"]:
        text, period = period_text(year, table["period_form"])
        cells = {"key": key, "period": text, "name": f"Gemeinde {key}", "group": group}
        writer.writerow(
            [cells[c] for c in table["order"]] + [number_text(n, thousands) for n in numbers]
        )
        for measure, n in zip(table["measures"], numbers, strict=True):
            expected[(key, period, measure, group)] = n
    text = out.getvalue()
    if not final_newline:
        text = text.removesuffix(newline)
    data = text.encode(encoding)

    mapping = guess_mapping(data)
    assert mapping is not None
    assert mapping.region_key == columns["key"]
    assert mapping.period == columns["period"]
    assert mapping.region_name == "Gebietsname"
    assert mapping.dimension_columns == (("Geschlecht",) if table["breakdown"] else ())
    if len(table["measures"]) == 1:
        assert mapping.value == table["measures"][0]
    else:
        assert mapping.value_columns == tuple(table["measures"])

    parsed = read_tidy(data, mapping=mapping)
    read = {
        (o.region_key, o.period, o.variable, dict(o.dimensions).get("Geschlecht")): o.value
        for o in parsed.observations
    }
    assert read == expected


@shared
def test_a_workbook_whose_keys_lost_their_zero_is_guessed_too():
    from tests.statistics.readers.test_tidy import zensus_xlsx

    data = zensus_xlsx(numeric_keys=True)
    mapping = guess_mapping(data, filename="zensus2022_bw.xlsx")
    assert (mapping.region_key, mapping.fixed_period) == ("ags", "2022-05-15")
    parsed = read_tidy(data, mapping=mapping)
    assert [p.code for p in parsed.problems] == ["leading_zero_restored"]
    stuttgart = {o.variable: o.value for o in parsed.observations if o.region_key == "08111000"}
    assert stuttgart["population"] == 610458


def test_the_observations_behave_like_a_list_where_asked():
    data = b"ags;Jahr;Einwohner\n05362032;2024;66585\n08111000;2024;612663\n"
    observations = read_tidy(data, mapping=guess_mapping(data)).observations
    assert len(observations) == 2
    assert observations[1].value == 612663
    assert [o.region_key for o in observations[:1]] == ["05362032"]
    assert observations == list(observations)
    with pytest.raises(IndexError):
        observations[2]  # noqa: B018 - the index is the test
