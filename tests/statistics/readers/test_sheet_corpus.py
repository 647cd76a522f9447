"""The Land offices' own tables of ../shared/datasets/de/corpus (sections D and F of its
SOURCE.md), read by the office-sheet layout model with every value SOURCE.md states."""

import time
from decimal import Decimal

import pytest

from cohesion.statistics.readers.base import AMBIGUOUS_ORDER, ReadChoices, Status
from cohesion.statistics.readers.sheet import looks_like_sheet, normalise_region_name, read_sheet
from cohesion.statistics.readers.sniff import read_statistics_file
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

CORPUS = DATASETS / "de" / "corpus"
HE = "he_Gestorbene_Verwaltungsbezirke_nach_Geschlecht_ab_2000.xlsx"
NRW = "nrw_2024-06-25 LÜA_SF_2014-2023_Kr_KW Korrektur.xlsx"
LSN = "lsn_LÜA_Uni_Leipzig_Sterbefälle_KW_20142024.xlsx"
ST = "st_sachsenanhalt 2025_0456.xlsx"
BW = "bw_SK_Stuttgart.csv"

# The Kreise of Sachsen-Anhalt as the registry names them (GV100AD), normalised the way the
# importer passes them: the file names them without keys.
ST_KREISE = {
    "15001": "Dessau-Roßlau, Stadt",
    "15002": "Halle (Saale), Stadt",
    "15003": "Magdeburg, Landeshauptstadt",
    "15081": "Altmarkkreis Salzwedel",
    "15082": "Anhalt-Bitterfeld",
    "15083": "Börde",
    "15084": "Burgenlandkreis",
    "15085": "Harz",
    "15086": "Jerichower Land",
    "15087": "Mansfeld-Südharz",
    "15088": "Saalekreis",
    "15089": "Salzlandkreis",
    "15090": "Stendal",
    "15091": "Wittenberg",
}
ST_NAMES = tuple((normalise_region_name(name), key) for key, name in ST_KREISE.items())


def data(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def values(parsed) -> dict:
    """(key, period, variable, dimensions) -> value."""
    table = {}
    for obs in parsed.observations:
        table[(obs.region_key, obs.period, obs.variable, obs.dimensions)] = obs.value
    return table


@pytest.mark.parametrize("name", [HE, NRW, LSN, ST, BW])
def test_the_sniff_claims_every_office_table(name):
    assert looks_like_sheet(data(name))


@pytest.mark.parametrize(
    "name",
    [
        "rgs_12711-04-02-4-j21.xlsx",  # sheet named by the table code, title in the first cell
        "rgs_61511-01-03-4.xlsx",
        "rgs_21111-02-06-4.csv",
        "nrw_12411-01i.csv",
        "bbb_EWRMIGRA201612H_Matrix.csv",
        "destatis_12613-0013_de_flat.csv",
    ],
)
def test_the_sniff_leaves_genesis_exports_flat_files_and_plain_tables_alone(name):
    assert not looks_like_sheet(data(name))


def test_hessen_reads_the_key_inside_the_label_with_the_land_in_front():
    parsed = read_statistics_file(data(HE), filename=HE)
    assert parsed.format == "sheet"
    got = values(parsed)
    sex = (("Geschlecht", "insgesamt"),)
    assert got[("06632", "2000", "Gestorbene", sex)] == 1493
    assert got[("06632", "2000", "Gestorbene", (("Geschlecht", "männlich"),))] == 723
    assert got[("06632", "2000", "Gestorbene", (("Geschlecht", "weiblich"),))] == 770
    assert got[("06632", "2023", "Gestorbene", sex)] == 1671
    assert got[("06", "2000", "Gestorbene", sex)] == 60345
    assert got[("06", "2023", "Gestorbene", sex)] == 73058
    # 26 Kreise and the Land, 2000-2023 (text and number headers alike) x 3; 2024 is empty.
    assert len({key for key, *_ in got}) == 27
    assert {period for _, period, *_ in got} == {str(year) for year in range(2000, 2024)}
    assert len(got) == 27 * 24 * 3
    assert parsed.source.startswith("© Hessisches Statistisches Landesamt")
    assert parsed.title.startswith("Gestorbene in Hessen")
    layout = parsed.layout
    assert layout.regions_in == "rows"
    assert layout.header_lines == (2, 3) and layout.first_data_line == 4
    assert layout.footer_line == 32
    assert layout.columns[0].role == "key_name"
    assert layout.columns[1].dimensions == sex and layout.columns[1].unit == "Anzahl"
    assert any("2024" in note for note in layout.notes)
    names = {obs.region_key: obs.region_name for obs in parsed.observations}
    assert names["06632"] == "Lkr. Hersfeld-Rotenburg"


def test_nrw_weeks_in_rows_kreise_in_columns_keys_without_the_leading_zero():
    started = time.monotonic()
    parsed = read_statistics_file(data(NRW), filename=NRW)
    assert time.monotonic() - started < 10  # the used range runs to column 16 362
    got = values(parsed)

    def value(key, period, berichtsjahr):
        return got[(key, period, "Gestorbene", (("Berichtsjahr", berichtsjahr),))]

    assert value("05122", "2014-W01", "2014") == 19
    assert value("05362", "2014-W01", "2014") == 60
    # Row 59: Berichtsjahr 2014, KW 1 of ISO year 2015.
    assert value("05122", "2015-W01", "2014") == 14
    assert value("05362", "2015-W01", "2014") == 37
    assert value("05", "2015-W01", "2014") == 1837
    # A week that spans new year appears under two Berichtsjahre, kept apart.
    assert ("05122", "2015-W53", "Gestorbene", (("Berichtsjahr", "2015"),)) in got
    assert ("05122", "2015-W53", "Gestorbene", (("Berichtsjahr", "2016"),)) in got
    assert len({key for key, *_ in got}) == 54  # 53 Kreise and NRW
    assert all(len(period) <= 10 for _, period, *_ in got)
    problem = next(p for p in parsed.problems if p.code == "leading_zero_restored")
    assert problem.params["count"] == 54
    layout = parsed.layout
    assert layout.regions_in == "columns"
    assert layout.header_lines == (4, 5, 6) and layout.first_data_line == 7
    roles = {column.index: column.role for column in layout.columns[:3]}
    assert roles == {0: "breakdown", 1: "period", 2: "period"}
    assert parsed.footnotes == "1) Wochenbasiert nach ISO-8601"
    names = {obs.region_key: obs.region_name for obs in parsed.observations}
    assert names["05122"] == "Kreisfreie Stadt Solingen"


def test_nrw_without_the_berichtsjahr_a_week_split_over_two_years_is_ambiguous():
    # The user corrects the guess: the Berichtsjahr column is ignored. 2015-W01 then appears
    # under Berichtsjahr 2014 (row 59) and 2015 with other values: ambiguous rows, skipped.
    parsed = read_sheet(data(NRW), choices=ReadChoices(roles=((0, "ignored"),)))
    got = values(parsed)
    assert got[("05122", "2014-W01", "Gestorbene", ())] == 19
    assert ("05122", "2015-W01", "Gestorbene", ()) not in got
    problem = next(p for p in parsed.problems if p.code == "ambiguous_rows")
    assert problem.line == 59
    assert parsed.layout.columns[0].role == "ignored"


def test_lsn_copyright_on_top_key_and_name_in_the_header_indented_weeks():
    started = time.monotonic()
    parsed = read_statistics_file(data(LSN), filename=LSN)
    # The used range runs to row 1 048 576: the reader stops where the table has ended.
    assert time.monotonic() - started < 10
    got = values(parsed)
    assert got[("03", "2014", "Sterbefälle", ())] == 87571
    assert got[("03101", "2014-W01", "Sterbefälle", ())] == 73
    assert got[("03", "2024", "Sterbefälle", ())] == 103134
    assert len({key for key, *_ in got}) == 46  # 45 Kreise and the Land
    assert parsed.source.startswith("© Landesamt für Statistik Niedersachsen")
    assert parsed.layout.regions_in == "columns"
    assert parsed.layout.header_lines == (5,)


def test_sachsen_anhalt_names_only_resolved_through_the_registry():
    parsed = read_sheet(data(ST), choices=ReadChoices(region_names=ST_NAMES))
    got = values(parsed)
    measure = "Gestorbene (ohne Totgeborene)"
    assert got[("15001", "2014", measure, ())] == 1236
    assert got[("15", "2014", measure, ())] == 30830
    assert got[("15002", "2014-W01", measure, ())] == 61
    assert got[("15001", "2015-W53", measure, ())] == 12
    assert {obs.unit for obs in parsed.observations} == {"Anzahl"}
    assert len({key for key, *_ in got}) == 15
    assert parsed.problems == []


def test_sachsen_anhalt_names_the_registry_lacks_are_reported_and_left_out():
    known = tuple(pair for pair in ST_NAMES if pair[1] not in ("15090", "15091"))
    parsed = read_sheet(data(ST), choices=ReadChoices(region_names=known))
    keys = {obs.region_key for obs in parsed.observations}
    assert "15090" not in keys and "15091" not in keys and "15001" in keys
    unknown = [p for p in parsed.problems if p.code == "unknown_region_name"]
    assert [p.params["name"] for p in unknown] == ["Stendal, Landkreis", "Wittenberg, Landkreis"]


def test_sachsen_anhalt_a_name_of_two_regions_is_never_guessed():
    # "Harz" twice in the registry (in two Länder would be told apart by the Land; here both
    # in Sachsen-Anhalt): left out, reported.
    names = (*ST_NAMES, (normalise_region_name("Harz"), "15099"))
    parsed = read_sheet(data(ST), choices=ReadChoices(region_names=names))
    assert "15085" not in {obs.region_key for obs in parsed.observations}
    assert any(p.params.get("name") == "Harz, Landkreis" for p in parsed.problems)


def test_bw_srdb_export_thousands_point_footnote_years_and_the_census_rows():
    parsed = read_statistics_file(data(BW), filename=BW)
    assert parsed.encoding == "utf-8"
    got = values(parsed)
    census = (("Fußnote", "Volkszählungsergebnisse"),)
    assert got[("08111", "2020", "Bevölkerung insgesamt", ())] == 630305
    assert got[("08111", "2020", "Gemeindegebiet", ())] == 20732
    assert got[("08111", "2020", "Bevölkerungsdichte", ())] == 3040
    assert got[("08111", "2020", "Bevölkerungsdichte", (("Merkmal 1", "Landeswert"),))] == 311
    assert got[("08111", "1961", "Bevölkerung insgesamt", census)] == 637539
    assert got[("08111", "1961", "Bevölkerung insgesamt", ())] == 637299
    assert got[("08111", "2016", "Bevölkerung insgesamt", ())] == 628032
    units = {obs.variable: obs.unit for obs in parsed.observations}
    assert units["Gemeindegebiet"] == "ha" and units["Bevölkerungsdichte"] == "EW/km2"
    assert {obs.region_name for obs in parsed.observations} == {"Stadtkreis Stuttgart"}
    assert all(obs.status is Status.OK for obs in parsed.observations)
    assert len(got) == 63 * 4  # 60 years and three census rows, four value columns
    assert parsed.title == "Gemeindegebiet, Bevölkerung und Bevölkerungsdichte seit 1961"
    assert "Volkszählungsergebnisse" in parsed.footnotes
    assert parsed.layout.header_lines == (3, 4)
    assert any("thousands" in note for note in parsed.layout.notes)


def test_bw_without_the_footnote_markers_the_census_rows_are_ambiguous():
    text = data(BW).decode("utf-8-sig").replace("1961*;", "1961;").replace("1970*;", "1970;")
    parsed = read_sheet(text.encode("utf-8"))
    problem = next(p for p in parsed.problems if p.code == "ambiguous_rows")
    assert problem.params["count"] == 4 and problem.params["lines"] == "5, 6, 15, 16"
    got = values(parsed)
    assert ("08111", "1961", "Bevölkerung insgesamt", ()) not in got
    assert ("08111", "1962", "Bevölkerung insgesamt", ()) in got
    # The area is the same in both rows: one value, not an ambiguity.
    assert got[("08111", "1961", "Gemeindegebiet", ())] == 20724
    kept = values(read_sheet(text.encode("utf-8"), choices=ReadChoices(ambiguous=AMBIGUOUS_ORDER)))
    assert kept[("08111", "1961", "Bevölkerung insgesamt", ())] == 637539
    assert kept[("08111", "1961", "Bevölkerung insgesamt (2)", ())] == 637299


def test_values_are_decimals():
    parsed = read_sheet(data(BW))
    assert all(isinstance(obs.value, Decimal) for obs in parsed.observations)
