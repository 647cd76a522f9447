"""The real GENESIS flat files of the corpus (../shared/datasets/de/corpus, sections A and B of
its SOURCE.md), each read through the format detection with every value SOURCE.md states."""

from decimal import Decimal
from functools import cache

import pytest

from cohesion.statistics.readers.base import Status
from cohesion.statistics.readers.sniff import detect_format, read_statistics_file
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

CORPUS = DATASETS / "de" / "corpus"


@cache
def parsed_and_observations(name: str):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the corpus file {name} is not in {CORPUS}")
    data = path.read_bytes()
    assert detect_format(data) == "ffcsv"
    parsed = read_statistics_file(data, filename=name)
    return parsed, tuple(parsed.observations)


def cell(observations, key, period, variable=None, unit=None, **dimensions):
    """The one observation of a region and period (and measure, unit, dimensions)."""
    found = [
        o
        for o in observations
        if o.region_key == key
        and o.period == period
        and (variable is None or o.variable == variable)
        and (unit is None or o.unit == unit)
        and all(dict(o.dimensions).get(name) == value for name, value in dimensions.items())
    ]
    assert len(found) == 1, found
    return found[0]


# --- A1: Landesdatenbank NRW 12411-01i, Gemeinden, 58 reference dates ----------------------------


def test_nrw_12411_01i_population_of_kerpen_and_its_district():
    parsed, observations = parsed_and_observations("nrw_12411-01i.csv")
    assert (parsed.format, parsed.table_code) == ("ffcsv", "12411")
    assert parsed.title == "Fortschreibung des Bevölkerungsstandes"
    assert parsed.encoding == "cp1252"
    # The old flat layout does not say which office's database it comes from.
    assert parsed.source == "© Statistische Ämter des Bundes und der Länder"
    assert parsed.problems == []
    assert len(observations) == 25114
    assert {o.variable for o in observations} == {"Bevoelkerungsstand"}
    assert {o.unit for o in observations} == {"Anzahl"}
    periods = {o.period for o in observations}
    assert len(periods) == 58
    assert (min(periods), max(periods)) == ("1962-12-31", "2019-12-31")
    assert {len(o.region_key) for o in observations} == {2, 3, 5, 8}

    kerpen = cell(observations, "05362032", "2019-12-31")
    assert (kerpen.region_name, kerpen.value, kerpen.status) == (
        "Kerpen, Stadt",  # indented in the file
        66702,
        Status.OK,
    )
    assert cell(observations, "05362032", "1962-12-31").value == 35752
    assert cell(observations, "05362", "2019-12-31").value == 470615
    solingen = cell(observations, "05122", "2019-12-31")
    assert (solingen.region_name, solingen.value) == ("Solingen, krfr. Stadt", 159245)
    assert cell(observations, "05", "2019-12-31").region_name == "Nordrhein-Westfalen"


def test_nrw_12411_01i_unreliable_cells_are_missing():
    parsed, observations = parsed_and_observations("nrw_12411-01i.csv")
    kerken = cell(observations, "05154028", "2016-12-31")
    assert (kerken.region_name, kerken.value, kerken.status) == ("Kerken", None, Status.UNRELIABLE)
    assert sum(o.status is Status.UNRELIABLE for o in observations) == 6
    assert parsed.layout.specials == {"/": ("unreliable", 6)}


def test_nrw_12411_01i_layout_names_period_key_name_and_measure():
    parsed, _ = parsed_and_observations("nrw_12411-01i.csv")
    roles = {column.label: column.role for column in parsed.layout.columns}
    assert roles["Zeit"] == "period"
    assert roles["1_Auspraegung_Code"] == "key"
    assert roles["1_Auspraegung_Label"] == "name"
    measure = parsed.layout.columns[-1]
    assert (measure.role, measure.measure, measure.unit) == (
        "measure",
        "Bevoelkerungsstand",
        "Anzahl",
    )
    assert (parsed.layout.header_lines, parsed.layout.first_data_line) == ((1,), 2)


# --- A2: Landesdatenbank NRW 45214-02i, Land, months, six measures in two units ------------------

KFZ = "Kfz-Handel, Instandhaltung und Reparatur von Kfz"  # WZ08-45
REPAIR = "Instandhaltung und Reparatur von Kraftwagen"  # WZ08-452
WZ = "WZ2008: Kfz-Handel"
CHANGE = "Veränderung zum Vorjahr (%)"


def test_nrw_45214_02i_index_and_signed_change():
    parsed, observations = parsed_and_observations("nrw_45214-02i_flat.csv")
    assert (parsed.table_code, parsed.encoding) == ("45214", "cp1252")
    assert parsed.title == "Monatsstatistik im Kfz-Handel, Instandhaltung und Reparatur"
    assert len(observations) == 336 * 6
    assert {o.region_key for o in observations} == {"05"}
    assert {o.period for o in observations} == {"2017", "2018", "2019", "2020"}
    assert {o.unit for o in observations} == {"2015=100", CHANGE}
    june = {"Monate": "Juni", WZ: KFZ}
    index = cell(observations, "05", "2019", "Beschaeftigte", "2015=100", **june)
    assert (index.value, index.status) == (Decimal("106.4"), Status.OK)
    change = cell(observations, "05", "2019", "Beschaeftigte", CHANGE, **june)
    assert (change.value, change.status) == (Decimal("1.3"), Status.OK)


def test_nrw_45214_02i_special_values():
    parsed, observations = parsed_and_observations("nrw_45214-02i_flat.csv")
    no_change = cell(
        observations, "05", "2018", "Vollzeitbeschaeftigte", CHANGE, Monate="März", **{WZ: REPAIR}
    )
    assert (no_change.value, no_change.status) == (0, Status.ZERO)
    secret = cell(observations, "05", "2017", "Beschaeftigte", CHANGE, Monate="Januar", **{WZ: KFZ})
    assert (secret.value, secret.status) == (None, Status.SUPPRESSED)
    later = [
        o
        for o in observations
        if o.period == "2020" and dict(o.dimensions) == {"Monate": "Dezember", WZ: KFZ}
    ]
    assert len(later) == 6
    assert {(o.value, o.status) for o in later} == {(None, Status.UNAVAILABLE)}
    assert set(parsed.layout.specials) == {"-", ".", "..."}
    assert parsed.layout.specials["-"][0] == "zero"


# --- A3: GENESIS-Online 41232-0001, Deutschland, three measures with three units ------------------


def test_destatis_41232_0001_three_measures_three_units():
    parsed, observations = parsed_and_observations("destatis_41232-0001.csv")
    assert (parsed.table_code, parsed.title) == ("41232", "Erhebung über Strauchbeeren")
    assert len(observations) == 9 * 3
    assert {o.region_key for o in observations} == {"DG"}
    assert {o.period for o in observations} == {str(year) for year in range(2012, 2021)}
    values = {(o.variable, o.unit): o.value for o in observations if o.period == "2012"}
    assert values == {
        ("Betriebe", "Anzahl"): 1240,
        ("Anbauflaeche", "ha"): Decimal("6838.90"),
        ("Erntemenge", "t"): Decimal("27962.6"),
    }
    assert parsed.layout.specials == {}


# --- B4: GENESIS-Online 12613-0013, new layout, unsorted rows, empty code for the total -----------


def test_destatis_12613_0013_deaths_by_land_month_and_sex():
    parsed, observations = parsed_and_observations("destatis_12613-0013_de_flat.csv")
    assert (parsed.table_code, parsed.encoding) == ("12613", "utf-8")
    assert parsed.title == "Statistik der Sterbefälle"
    assert parsed.source == "© Statistisches Bundesamt (Destatis)"
    assert parsed.problems == []
    assert len(observations) == 4224
    assert {(o.variable, o.unit) for o in observations} == {("Gestorbene", "Anzahl")}
    assert {o.quality_flag for o in observations} == {"e"}
    december = {"Monate": "Dezember"}
    hessen = cell(observations, "06", "2022", Geschlecht="Insgesamt", **december)
    assert (hessen.region_name, hessen.value) == ("Hessen", 7916)
    assert cell(observations, "06", "2022", Geschlecht="weiblich", **december).value == 4114
    assert cell(observations, "08", "2022", Geschlecht="Insgesamt", **december).value == 13346
    roles = {column.label: column.role for column in parsed.layout.columns}
    assert (roles["2_variable_attribute_code"], roles["value"]) == ("key", "measure")
