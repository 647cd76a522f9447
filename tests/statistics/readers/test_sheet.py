"""The office-sheet layout model on constructed grids: what it claims, what it refuses, the
user's corrections, and generated variants (regions in rows or columns, header depth,
indentation, key-in-label forms, CSV or XLSX) read back."""

import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import ReadChoices, StatisticsFileError, Status
from cohesion.statistics.readers.sheet import (
    iso_week,
    looks_like_sheet,
    normalise_region_name,
    read_sheet,
)
from cohesion.statistics.readers.sniff import read_statistics_file


def _csv_cell(cell, grouped: bool) -> str:
    if cell is None:
        return ""
    if grouped and isinstance(cell, int) and cell >= 1000:
        return f"{cell:,}".replace(",", ".")  # the SRDB's thousands point
    return str(cell)


def csv_bytes(
    rows: list[list], *, bom: bool = False, newline: str = "\n", grouped: bool = False
) -> bytes:
    # Years in the first column stay ungrouped, as the SRDB writes them.
    text = newline.join(
        ";".join(_csv_cell(cell, grouped and i > 0) for i, cell in enumerate(row)) for row in rows
    )
    return (b"\xef\xbb\xbf" if bom else b"") + (text + newline).encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A small office table in the HSL manner: key inside the label, years x sex in the header.
HESSEN = [
    ["Gestorbene in Hessen nach Verwaltungsbezirken und Geschlecht seit 2022"],
    ["Verwaltungsbezirke", "2022", None, "2023", None],
    [None, "männlich", "weiblich", "männlich", "weiblich"],
    ["411 Darmstadt, Wissenschaftsstadt", 630, 882, "-", "."],
    ["632 Lkr. Hersfeld-Rotenburg", 723, 770, 800, 810],
    ["Land Hessen", 28219, 32126, 29000, 33000],
    [],
    ["© Hessisches Statistisches Landesamt, Wiesbaden, 2024."],
]


# --- what the sniff claims -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"ags,name,population,year\n05122,Solingen,159245,2019\n05362,Rhein-Erft,470615,2019\n",
        b"Year,GeoCode,Value\n2019,05122,159245\n2019,05362,470615\n",
        b"\xef\xbb\xbfags;jahr;wert\n08111;2024;5\n05122;2024;6\n",
    ],
)
def test_a_plain_table_with_one_header_row_is_left_to_the_plain_reader(data):
    assert not looks_like_sheet(data)


def test_genesis_tables_and_flat_files_are_not_claimed():
    table = b"GENESIS-Tabelle: 12411-01-01-4;;\nTitel;;\n;;2019\n2019;05122;Solingen;159245\n"
    flat = (
        b"statistics_code;statistics_label;time_code;time;value\n"
        b"12411;Bev;JAHR;2019;5\n12411;Bev;JAHR;2020;6\n"
    )
    assert not looks_like_sheet(table)
    assert not looks_like_sheet(flat)


def test_the_sniff_never_raises():
    for data in (b"", b"PK\x03\x04broken", b"\x00\x01\x02", b"<html><body>x</body></html>"):
        assert looks_like_sheet(data) is False


def test_a_large_text_file_is_left_to_the_streaming_reader():
    # An office's table is small; a 21 MB text with a title line goes to the plain reader.
    head = csv_bytes(HESSEN[:3])
    body = b"411 Darmstadt;1;2;3;4\n" * (21 * 1024 * 1024 // 22)
    assert not looks_like_sheet(head + body)


def test_an_office_table_is_claimed_as_csv_and_as_xlsx():
    assert looks_like_sheet(csv_bytes(HESSEN))
    assert looks_like_sheet(xlsx_bytes(HESSEN))


# --- reading -------------------------------------------------------------------------------


def values(parsed) -> dict:
    return {
        (obs.region_key, obs.period, obs.variable, obs.dimensions): (obs.status, obs.value)
        for obs in parsed.observations
    }


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_a_small_hessen_table_with_special_values(make):
    parsed = read_statistics_file(make(HESSEN), filename="he.xlsx")
    got = values(parsed)
    female = (("Geschlecht", "weiblich"),)
    assert got[("06632", "2022", "Gestorbene", female)] == (Status.OK, 770)
    assert got[("06411", "2023", "Gestorbene", (("Geschlecht", "männlich"),))] == (
        Status.ZERO,
        0,
    )
    assert got[("06411", "2023", "Gestorbene", female)] == (Status.SUPPRESSED, None)
    assert got[("06", "2023", "Gestorbene", female)] == (Status.OK, 33000)
    assert parsed.layout.specials == {"-": ("zero", 1), ".": ("suppressed", 1)}
    assert parsed.layout.footer_line == 8
    assert parsed.source.startswith("©")


def test_a_three_digit_key_without_a_land_is_not_guessed():
    rows = [["Gestorbene nach Verwaltungsbezirken"], *HESSEN[1:]]
    with pytest.raises(StatisticsFileError) as error:
        read_sheet(csv_bytes(rows))
    assert error.value.code == "unknown_layout"


def test_an_office_sheet_without_numbers_is_refused():
    rows = [["Verzeichnis der Kreise"], ["Kreis", "Name"], ["05122", "Solingen"]]
    with pytest.raises(StatisticsFileError) as error:
        read_sheet(xlsx_bytes(rows))
    assert error.value.code == "unknown_layout"


def test_names_nobody_can_resolve_are_refused_with_a_reason():
    rows = [
        ["Gestorbene nach Kreisen"],
        ["Jahr", "Woche", "Irgendwo", "Nirgendwo"],
        [2020, "KW 1", 5, 6],
        [2020, "KW 2", 7, 8],
    ]
    with pytest.raises(StatisticsFileError) as error:
        read_sheet(xlsx_bytes(rows))
    assert error.value.code == "unknown_layout"
    # With the registry's names the same sheet reads.
    names = ((normalise_region_name("Irgendwo"), "05122"), ("nirgendwo", "05362"))
    got = values(read_sheet(xlsx_bytes(rows), choices=ReadChoices(region_names=names)))
    assert got[("05362", "2020-W02", "Gestorbene", ())] == (Status.OK, 8)


def test_a_row_whose_name_resolves_to_no_region_is_reported_and_left_out():
    rows = [row[:] for row in HESSEN]
    rows.insert(5, ["Regierungsbezirk Kassel", 1, 2, 3, 4])
    parsed = read_sheet(csv_bytes(rows))
    assert {obs.region_key for obs in parsed.observations} == {"06411", "06632", "06"}
    (problem,) = parsed.problems
    assert problem.code == "unknown_region_name"
    assert problem.params == {"name": "Regierungsbezirk Kassel"} and problem.line == 6


def test_the_layout_explains_each_column():
    layout = read_sheet(xlsx_bytes(HESSEN)).layout
    region, first, *_ = layout.columns
    assert (region.index, region.role, region.label) == (0, "key_name", "Verwaltungsbezirke")
    assert first.role == "measure" and first.measure == "Gestorbene" and first.unit == "Anzahl"
    assert first.label == "2022 / männlich" and "2022" in first.reason
    assert layout.regions_in == "rows" and layout.header_lines == (2, 3)


def test_a_text_where_a_number_belongs_names_line_and_column():
    rows = [row[:] for row in HESSEN]
    rows[4][2] = "siebenhundert"
    with pytest.raises(StatisticsFileError) as error:
        read_sheet(csv_bytes(rows))
    assert error.value.code == "bad_number"
    assert error.value.line == 5
    assert error.value.column == "2022 / weiblich"


def test_the_user_sets_the_header_depth():
    # Guessed: two header rows. Told: one, so "männlich"/"weiblich" is no header at all and
    # the sheet has no data rows left to read as before.
    parsed = read_sheet(csv_bytes(HESSEN), choices=ReadChoices(header_rows=2))
    assert parsed.layout.header_lines == (2, 3)
    with pytest.raises(StatisticsFileError):
        read_sheet(csv_bytes(HESSEN), choices=ReadChoices(header_rows=1))


def test_normalised_names():
    assert normalise_region_name("Halle (Saale), kreisfreie Stadt") == "halle (saale)"
    assert normalise_region_name("Halle (Saale), Stadt") == "halle (saale)"
    assert normalise_region_name("Börde, Landkreis") == "börde"
    assert normalise_region_name("Landkreis  Börde") == "börde"
    assert normalise_region_name("Sachsen-Anhalt\nInsgesamt") == "sachsen-anhalt"
    assert normalise_region_name("Magdeburg, Landeshauptstadt, kreisfreie Stadt") == (
        "magdeburg, landeshauptstadt"
    )


def test_iso_week_fits_the_period_column():
    assert iso_week("2014", 1) == "2014-W01"
    assert len(iso_week("2020", 53)) <= 10


# --- generated variants --------------------------------------------------------------------

KREISE = [
    ("05122", "Solingen, Klingenstadt"),
    ("05362", "Rhein-Erft-Kreis"),
    ("05111", "Düsseldorf"),
]


def _label(key: str, name: str, form: str, marker: str = "") -> object:
    if form == "key_name":
        return f"{key} {name}{marker}"
    if form == "land_number":  # the Land's own numbering, the Land from the title
        return f"{key[2:]} {name}"
    if form == "int7":
        return int(key + "000")
    return name  # resolved through the registry's names


@st.composite
def office_tables(draw):
    regions_in = draw(st.sampled_from(["rows", "columns"]))
    form = draw(st.sampled_from(["key_name", "land_number", "int7", "name"]))
    if regions_in == "rows" and form == "int7":
        form = "key_name"
    periods = draw(st.lists(st.integers(2000, 2030), min_size=1, max_size=3, unique=True))
    sexes = draw(st.sampled_from([None, ["männlich", "weiblich"]]))
    indent = draw(st.sampled_from(["", "  ", "    "]))
    copyright_on_top = draw(st.booleans())
    unit_row = draw(st.booleans())
    marker = draw(st.sampled_from(["", "1)", "*"]))  # footnote markers on headers and labels
    numbers = st.integers(0, 100_000)
    title = ["Gestorbene in Nordrhein-Westfalen nach Kreisen"]
    rows: list[list] = [["© IT.NRW, Düsseldorf"]] if copyright_on_top else []
    rows.append(title)
    expected: dict = {}
    if regions_in == "rows":
        columns = [(str(year), sex) for year in periods for sex in (sexes or [None])]
        rows.append(["Kreise", *[year + marker for year, _ in columns]])
        if sexes:
            rows.append([None, *[sex for _, sex in columns]])
        if unit_row:
            rows.append([None, *["Anzahl" for _ in columns]])
        for key, name in KREISE:
            cells = draw(st.lists(numbers, min_size=len(columns), max_size=len(columns)))
            label = _label(key, name, form, marker)
            rows.append([indent + label if isinstance(label, str) else label, *cells])
            for (year, sex), value in zip(columns, cells, strict=True):
                dims = (("Geschlecht", sex),) if sex else ()
                expected[(key, year, "Gestorbene", dims)] = value
    else:
        if unit_row:
            rows.append([None, None, "Gestorbene", None, None])
        rows.append(["Jahr", "Kalenderwoche", *[_label(k, n, form, marker) for k, n in KREISE]])
        if form == "int7":
            rows.append([None, None, *[name for _, name in KREISE]])
        for year in periods:
            for week in (1, 2):
                cells = draw(st.lists(numbers, min_size=len(KREISE), max_size=len(KREISE)))
                rows.append([year, f"{indent}KW {week:02d}", *cells])
                for (key, _), value in zip(KREISE, cells, strict=True):
                    expected[(key, f"{year}-W{week:02d}", "Gestorbene", ())] = value
    rows.append(["1) Wochenbasiert nach ISO-8601"])
    return rows, expected, form


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    office_tables(),
    st.sampled_from(["xlsx", "csv"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
)
# Found by the generator: values under year headers that look like years themselves.
@example(
    (
        [
            ["Gestorbene in Nordrhein-Westfalen nach Kreisen"],
            ["Kreise", "2000", "2001"],
            ["05122 Solingen, Klingenstadt", 1800, 0],
            ["05362 Rhein-Erft-Kreis", 1800, 0],
            ["05111 Düsseldorf", 1800, 0],
            ["1) Wochenbasiert nach ISO-8601"],
        ],
        {
            (key, year, "Gestorbene", ()): value
            for key in ("05122", "05362", "05111")
            for year, value in (("2000", 1800), ("2001", 0))
        },
        "key_name",
    ),
    "xlsx",
    "\n",
    False,
    False,
)
def test_generated_office_tables_read_back(table, kind, newline, bom, grouped):
    rows, expected, form = table
    data = (
        xlsx_bytes(rows)
        if kind == "xlsx"
        else csv_bytes(rows, bom=bom, newline=newline, grouped=grouped)
    )
    names = tuple((normalise_region_name(name), key) for key, name in KREISE)
    assert looks_like_sheet(data)
    parsed = read_sheet(data, choices=ReadChoices(region_names=names))
    got = {
        (obs.region_key, obs.period, obs.variable, obs.dimensions): obs.value
        for obs in parsed.observations
    }
    assert got == {key: Decimal(value) for key, value in expected.items()}
    assert {obs.unit for obs in parsed.observations} == {"Anzahl"}
