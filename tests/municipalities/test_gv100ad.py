import csv
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohesion.municipalities import gv100ad
from cohesion.municipalities.services import SHIPPED_GV100AD
from tests.paths import DATASETS

SHARED = DATASETS / "de" / "gv100ad"


@pytest.fixture(scope="module")
def entries():
    return {entry.ags: entry for entry in gv100ad.parse(gv100ad.read_lines(SHIPPED_GV100AD))}


def test_the_shipped_edition_holds_every_municipality_district_and_land(entries):
    kinds = [entry.kind for entry in entries.values()]
    assert (kinds.count("municipality"), kinds.count("district"), kinds.count("state")) == (
        10953,
        400,
        16,
    )
    assert sum(e.population for e in entries.values() if e.kind == "municipality") == 83_577_140


def test_the_seed_cities(entries):
    kerpen = entries["05362032"]
    assert (kerpen.name, kerpen.population, kerpen.area_km2) == (
        "Kerpen, Kolpingstadt",
        66585,
        Decimal("113.96"),
    )
    assert (kerpen.ars, kerpen.district, kerpen.land) == (
        "053620032032",
        "Rhein-Erft-Kreis",
        "Nordrhein-Westfalen",
    )
    assert kerpen.population_reference_date == datetime.date(2024, 12, 31)
    assert entries["08111000"].population == 612663
    assert entries["05122000"].population == 165626
    district = entries["06632"]
    assert (district.kind, district.name, district.population, district.type_label) == (
        "district",
        "Hersfeld-Rotenburg",
        117414,
        "Landkreis",
    )


@pytest.mark.shared_data
def test_agrees_with_the_parsed_table_published_beside_the_raw_file(entries):
    with open(SHARED / "gemeinden_gv100ad_2025-11-30.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 10953
    for row in rows:
        entry = entries[row["ags"]]
        assert entry.name == row["name"]
        assert entry.ars == row["ars"]
        assert str(entry.population) == row["population"]
        assert entry.area_km2 == Decimal(row["area_km2"])
    with open(SHARED / "kreise_gv100ad_2025-11-30.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert entries[row["kreis_ags"]].population == int(row["population"])


@pytest.mark.shared_data
def test_older_editions_carry_the_population_of_their_own_year_end():
    entries = {e.ags: e for e in gv100ad.parse(gv100ad.read_lines(SHARED / "GV100AD_31122021.txt"))}
    assert entries["05362032"].population == 66294
    assert entries["05362032"].population_reference_date == datetime.date(2021, 12, 31)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["<!DOCTYPE html><html><body>Fehler</body></html>"], "line 1: not a GV100AD record"),
        (["60abcdefgh05362032" + " " * 60], "invalid Gebietsstand"),
        (["102025113005          Nordrhein-Westfalen" + " " * 40], "no municipality records"),
        ([], "no municipality records"),
    ],
)
def test_bad_files_are_refused_with_the_reason(lines, message):
    with pytest.raises(gv100ad.GV100ADError, match=message):
        gv100ad.parse(lines)


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_population_reference_date_is_never_after_the_edition(status):
    reference = gv100ad.population_reference_date(status)
    assert reference <= status
    assert (reference.month, reference.day) == (12, 31)
    assert (status - reference).days < 366
