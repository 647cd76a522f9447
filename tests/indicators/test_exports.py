"""The profile as XLSX: machine-readable tables of real values, with their provenance (on the
``figures`` of tests/indicators/conftest.py: the real registry and the demo's statistics)."""

from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cohesion.indicators.catalogue import INDICATORS
from cohesion.indicators.exports import profile_workbook
from cohesion.indicators.selectors import profile_of
from cohesion.municipalities.selectors import municipality_get
from tests.real_figures import import_suppressed_immigration_history

INDICATOR_HEADERS = [
    "topic",
    "indicator",
    "slug",
    "period",
    "value",
    "unit",
    "level note",
    "inputs from other periods",
    "census basis",
    "status",
    "sources",
]
DEFINITION_HEADERS = [
    "slug",
    "title",
    "definition",
    "formula",
    "unit",
    "level",
    "better",
    "source",
    "tables",
    "template",
]


def workbook_of(ags: str):
    profile = profile_of(municipality=municipality_get(ags=ags))
    return load_workbook(BytesIO(profile_workbook(profile=profile)))


def rows_by_slug(sheet) -> dict[str, list[dict]]:
    """The rows of a sheet as {header: value}, by the slug they are about."""
    header = [cell.value for cell in sheet[1]]
    slug_column = 2 if sheet.title == "Indicators" else 0
    rows: dict[str, list[dict]] = {}
    for values in sheet.iter_rows(min_row=2, values_only=True):
        rows.setdefault(values[slug_column], []).append(dict(zip(header, values, strict=True)))
    return rows


def test_three_machine_readable_sheets(figures):
    workbook = workbook_of("08111000")
    assert workbook.sheetnames == ["Indicators", "Definitions", "Sources"]
    indicators, definitions, sources = (workbook[name] for name in workbook.sheetnames)
    assert [cell.value for cell in indicators[1]] == INDICATOR_HEADERS
    assert [cell.value for cell in definitions[1]] == DEFINITION_HEADERS
    assert [cell.value for cell in sources[1]] == ["source", "indicators"]
    for sheet in (indicators, definitions, sources):
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert all(not cell.font.bold for cell in sheet[2])
        assert all(dimension.width >= 8 for dimension in sheet.column_dimensions.values())
    assert workbook.properties.title == "Indicators for Stuttgart, Landeshauptstadt (08111000)"


def test_stuttgart_immigration_history_share_is_a_number(figures):
    rows = rows_by_slug(workbook_of("08111000")["Indicators"])
    [row] = rows["immigration-history-share"]
    assert isinstance(row["value"], float)
    assert row["value"] == pytest.approx(35.62, abs=0.005)  # 217,457 of 610,458 people
    assert row["period"] == "2022-05-15"
    assert row["unit"] == "%"
    assert row["topic"] == "Immigration history (Zensus 2022)"
    assert row["indicator"] == "Share of people with immigration history"
    assert row["level note"] is None and row["status"] is None
    assert "Zensus 2022" in row["sources"]


def test_the_value_cell_shows_the_indicators_decimals(figures):
    sheet = workbook_of("08111000")["Indicators"]
    formats = {row[2].value: row[4].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats["immigration-history-share"] == "#,##0.0"
    assert formats["population"] == "#,##0"


def test_a_missing_indicator_has_an_empty_value_cell_never_zero(figures):
    rows = rows_by_slug(workbook_of("08111000")["Indicators"])
    [row] = rows["under-18-share"]  # no age table imported
    assert row["value"] is None
    assert (row["period"], row["status"], row["sources"]) == (None, "no value", None)
    assert row["level note"] is None


def test_a_suppressed_value_has_an_empty_value_cell_and_its_reason(figures):
    import_suppressed_immigration_history()
    [row] = rows_by_slug(workbook_of("05362032")["Indicators"])["immigration-history-share"]
    assert row["period"] == "2022-05-15"
    assert row["value"] is None
    assert row["status"] == "secret or unknown (.)"


def test_kerpen_row_says_district_level_and_the_lagged_population(figures):
    rows = rows_by_slug(workbook_of("05362032")["Indicators"])
    [row] = rows["foreign-share"]
    assert row["value"] == pytest.approx(19.07, abs=0.005)
    assert row["period"] == "2025-12-31"
    assert row["level note"] == "Rhein-Erft-Kreis (district)"
    assert row["inputs from other periods"] == "population taken from 2024"
    assert row["census basis"] == "Zensus 2022"
    assert [r["census basis"] for r in rows["population"][-3:]] == ["Zensus 2011"] * 2 + [
        "Zensus 2022"
    ]
    sources = row["sources"].split("\n")
    assert len(sources) == 2
    assert "12521-0041" in sources[0] and "GV-ISys" in sources[1]


def test_every_indicator_is_defined_once(figures):
    sheet = workbook_of("05362032")["Definitions"]
    rows = rows_by_slug(sheet)
    assert list(rows) == [indicator.slug for indicator in INDICATORS]
    [share] = rows["foreign-share"]
    assert share["formula"] == "foreigners / population * 100"
    assert (share["level"], share["better"]) == ("district", "descriptive: no direction is better")
    assert share["tables"] == "12521-0041"
    assert share["template"] == "IM-NI 1.2.2"
    assert all(isinstance(row[0]["definition"], str) and row[0]["title"] for row in rows.values())


def test_sources_lists_every_provenance_line_once(figures):
    workbook = workbook_of("05362032")
    listed = [row[0] for row in workbook["Sources"].iter_rows(min_row=2, values_only=True)]
    used = {
        line
        for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)
        if row[10]
        for line in row[10].split("\n")
    }
    assert len(listed) == len(set(listed))
    assert set(listed) == used
    assert any("12521-0041" in line for line in listed)
    assert any("GV-ISys, 30.11.2025" in line for line in listed)  # one line per edition used
    assert all("dl-de/by-2-0" in line for line in listed)


def test_the_workbook_follows_the_language(demo_figures, db):
    with translation.override("de"):
        workbook = workbook_of("08111000")
    rows = {row[2]: row for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows["population"][1] == "Einwohnerzahl"
    assert rows["immigration-history-share"][4] == pytest.approx(35.62, abs=0.005)
