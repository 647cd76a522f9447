"""The classic table layout model on the Landesdatenbank NRW export layout (constructed fixtures,
see fixtures/tables/SOURCE.md), on the user's corrections, and on generated variants of one table:
header depth, column order, indentation, encodings, line endings, thousands separators and
footnote markers must not change what is read."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.statistics.readers.base import ReadChoices, Status
from cohesion.statistics.readers.genesis_table import read_genesis_table
from cohesion.statistics.readers.sniff import read_statistics_file

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def read(name: str, **kwargs):
    parsed = read_statistics_file((FIXTURES / name).read_bytes(), filename=name, **kwargs)
    return parsed, list(parsed.observations)


def values(observations) -> dict:
    return {
        (o.region_key, o.period, o.variable, o.dimensions): (o.value, o.status, o.unit)
        for o in observations
    }


def sex(value: str) -> tuple[tuple[str, str], ...]:
    return (("Geschlecht", value),)


# --- the NRW "Tabelle:" export -------------------------------------------------------------------


def test_nrw_wide_table_with_indented_names_and_a_date_column():
    parsed, obs = read("nrw_12411-03i_wide.csv")
    assert (parsed.format, parsed.table_code, parsed.encoding) == (
        "genesis-table",
        "12411-03i",
        "cp1252",
    )
    assert parsed.stand.isoformat() == "2024-06-12"
    assert parsed.source.startswith("© IT.NRW")
    assert parsed.licence == "dl-de/by-2-0"
    got = values(obs)
    assert got[("05362032", "2023-12-31", "Bevölkerungsstand", sex("Insgesamt"))] == (
        Decimal(66585),
        Status.OK,
        "Anzahl",
    )
    assert got[("05", "2023-12-31", "Bevölkerungsstand", sex("weiblich"))][0] == 9249018
    assert got[("05362036", "2023-12-31", "Bevölkerungsstand", sex("männlich"))][1] is Status.ZERO
    assert (
        got[("05362036", "2023-12-31", "Bevölkerungsstand", sex("weiblich"))][1]
        is Status.SUPPRESSED
    )
    names = {o.region_key: o.region_name for o in obs}
    assert names["05362032"] == "Kerpen, Stadt"  # the indentation is not part of the name
    assert {len(key) for key in names} == {2, 3, 5, 8}
    layout = parsed.layout
    assert layout.header_lines == (3, 4, 5)
    assert layout.first_data_line == 6
    assert layout.footer_line == 13
    assert [(g.index, g.role) for g in layout.columns] == [
        (0, "period"),
        (1, "key"),
        (2, "name"),
        (3, "measure"),
        (4, "measure"),
        (5, "measure"),
    ]
    assert layout.columns[4].dimensions == sex("männlich")
    assert layout.columns[4].unit == "Anzahl"
    assert layout.specials == {"-": ("zero", 1), ".": ("suppressed", 1)}


def test_nrw_long_table_with_nationality_code_and_label_rounded_to_five():
    parsed, obs = read("nrw_12521-01i_long_nationality.csv")
    got = values(obs)
    dims = (("Geschlecht", "Insgesamt"), ("Staatsangehörigkeit", "Türkei"))
    assert got[("05362032", "2023-12-31", "Ausländer", dims)][0] == 2240
    dims = (("Geschlecht", "weiblich"), ("Staatsangehörigkeit", "Insgesamt"))
    assert got[("05122", "2023-12-31", "Ausländer", dims)][0] == 15250
    assert len(got) == 36
    (rounded,) = [p for p in parsed.problems if p.code == "rounded"]
    assert rounded.params == {"step": 5}
    roles = [g.role for g in parsed.layout.columns]
    assert roles == ["period", "key", "name", "breakdown_code", "breakdown"] + ["measure"] * 3
    assert "statistic: Ausländerstatistik" in parsed.layout.notes


def test_nrw_repeated_column_is_read_once():
    parsed, obs = read("nrw_22111-01i_repeated_column.csv")
    (problem,) = [p for p in parsed.problems if p.code == "repeated_column"]
    assert (problem.params["position"], problem.params["first_position"]) == (7, 4)
    got = values(obs)
    assert len(got) == len(obs) == 9
    assert got[("05362032", "2022-12-31", "Empfänger", sex("Insgesamt"))] == (
        Decimal(2304),
        Status.OK,
        "Personen",
    )
    assert parsed.layout.columns[6].role == "ignored"
    assert len(parsed.layout.header_lines) == 4


def test_repeated_column_with_other_values_is_refused():
    data = (FIXTURES / "nrw_22111-01i_repeated_column.csv").read_bytes()
    data = data.replace(b";2304;1098;1206;2304", b";2304;1098;1206;2305")
    with pytest.raises(Exception) as caught:
        read_genesis_table(data)
    assert caught.value.code == "unknown_layout"
    assert caught.value.line == 8


# --- the user's corrections ---------------------------------------------------------------------


def test_user_marks_a_value_column_ignored():
    parsed, obs = read("nrw_12411-03i_wide.csv", choices=ReadChoices(roles=((5, "ignored"),)))
    assert {o.dimensions for o in obs} == {sex("Insgesamt"), sex("männlich")}
    assert parsed.layout.columns[5].role == "ignored"
    assert parsed.layout.columns[5].reason == "chosen by the user"


def test_user_marks_the_code_column_ignored_and_the_name_column_a_breakdown():
    parsed, obs = read(
        "nrw_12521-01i_long_nationality.csv", choices=ReadChoices(roles=((3, "ignored"),))
    )
    assert parsed.layout.columns[3].role == "ignored"
    assert len(values(obs)) == 36


def test_user_says_how_many_header_rows():
    # With two header rows the top two (statistic, measure) are title: the sex row names the
    # measure, a wrong reading the preview shows; with four the guess is confirmed.
    parsed, obs = read("nrw_12521-01i_long_nationality.csv", choices=ReadChoices(header_rows=4))
    assert len(values(obs)) == 36
    assert parsed.layout.header_lines == (3, 4, 5, 6)
    parsed, obs = read("nrw_12521-01i_long_nationality.csv", choices=ReadChoices(header_rows=2))
    assert parsed.layout.header_lines == (5, 6)
    assert {o.variable for o in obs} == {"Insgesamt", "männlich", "weiblich"}


# --- generated variants of one table --------------------------------------------------------------

REGIONS = [
    ("05", "Nordrhein-Westfalen", 0),
    ("053", "Regierungsbezirk Köln", 1),
    ("05362", "Rhein-Erft-Kreis", 2),
    ("05362032", "Kerpen, Stadt", 3),
    ("05122", "Solingen, Klingenstadt", 2),
]
SEXES = ["Insgesamt", "männlich", "weiblich"]

cells = st.one_of(
    st.integers(min_value=0, max_value=9_999_999).map(lambda n: ("n", n)),
    st.sampled_from(["-", ".", "x", "..."]).map(lambda s: ("s", s)),
)


@st.composite
def tables(draw):
    rows = []
    for key, name, level in REGIONS:
        first = draw(st.integers(min_value=1, max_value=9_999_999))  # Insgesamt: always a number
        rows.append((key, name, level, [("n", first), draw(cells), draw(cells)]))
    return {
        "rows": rows,
        "depth": draw(st.integers(min_value=1, max_value=4)),
        "order": draw(st.permutations(range(3))),
        "period_last": draw(st.booleans()),
        "indent": draw(st.sampled_from([0, 1, 2])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "newline": draw(st.sampled_from(["\n", "\r\n", "\r"])),
        "thousands": draw(st.booleans()),
        "marker": draw(st.sampled_from(["", "¹", " 1)"])),
        "marked_row": draw(st.integers(min_value=0, max_value=len(REGIONS) - 1)),
    }


def _number(n: int, thousands: bool) -> str:
    return f"{n:,}".replace(",", ".") if thousands else str(n)


def render(table) -> bytes:
    order = table["order"]
    labels = [SEXES[i] for i in order]
    width = 3
    lead = ";;;"
    header = {
        1: [";".join(labels)],
        2: [";".join(["Einwohner (Anzahl)"] * width), ";".join(labels)],
        3: [";".join(["Einwohner"] * width), ";".join(labels), ";".join(["Anzahl"] * width)],
        4: [
            ";".join(["Bevölkerungsstatistik"] * width),
            ";".join(["Einwohner"] * width),
            ";".join(labels),
            ";".join(["Anzahl"] * width),
        ],
    }[table["depth"]]
    lines = ["Tabelle: 12411-03i", "Einwohner nach Geschlecht - Gemeinden - Stichtag"]
    if table["depth"] == 1:
        lines += ["Bevölkerungsstatistik", "Einwohner (Anzahl)"]
    lines += [lead + row for row in header]
    for r, (key, name, level, values_) in enumerate(table["rows"]):
        shown = " " * (table["indent"] * level) + name
        out = []
        for i in order:
            kind, v = values_[i]
            text = _number(v, table["thousands"]) if kind == "n" else v
            if r == table["marked_row"] and kind == "n":
                text += table["marker"]
            out.append(text)
        label = [key, shown, "31.12.2023"] if table["period_last"] else ["31.12.2023", key, shown]
        lines.append(";".join(label + out))
    lines += ["__________", '"Fußnote über', 'zwei Zeilen"', "© IT.NRW, Düsseldorf, 2024"]
    lines += ["Stand: 12.06.2024 / 10:15:00"]
    text = table["newline"].join(lines) + table["newline"]
    return text.encode(table["encoding"])


def expected(table) -> set:
    out = set()
    specials = {"-": Status.ZERO, ".": Status.SUPPRESSED, "x": Status.NOT_APPLICABLE}
    specials["..."] = Status.UNAVAILABLE
    for key, name, _, values_ in table["rows"]:
        for i, (kind, v) in enumerate(values_):
            if kind == "n":
                value, status = Decimal(v), Status.OK
            else:
                status = specials[v]
                value = Decimal(0) if status is Status.ZERO else None
            out.add((key, name, "2023-12-31", "Einwohner", "Anzahl", sex(SEXES[i]), value, status))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_generated_table_variants_read_back(table):
    parsed = read_statistics_file(render(table))
    got = {
        (o.region_key, o.region_name, o.period, o.variable, o.unit, o.dimensions, o.value, o.status)
        for o in parsed.observations
    }
    assert got == expected(table)
    assert parsed.stand.isoformat() == "2024-06-12"
    assert parsed.footnotes == "Fußnote über\nzwei Zeilen"
    roles = {g.role for g in parsed.layout.columns}
    assert {"period", "key", "name", "measure"} <= roles


# --- an Apache POI export of the Regionaldatenbank (XLSX), built here ----------------------------


def _poi_workbook() -> bytes:
    """Shaped like rgs_61511-01-03-4.xlsx: the sheet is named after the table, the title and the
    row-label header are cells with line breaks, header cells are merged, numbers are floats,
    special values text, a row holding only the year starts each block."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "61511-01-03-4"
    sheet["A1"] = "Veräußerungsfälle, veräußerte Fläche, Kaufsumme,\ndurchschnittlicher Kaufwert"
    sheet["A2"] = "Statistik der Kaufwerte für Bauland"
    sheet["A3"] = "Jahr\nKreise und kreisfreie Städte\nVeräußerungsfälle von Bauland\nKaufsumme"
    sheet["D3"] = "Einheit"
    sheet["E3"] = "Baulandverkäufe"
    sheet.merge_cells("E3:F3")
    sheet["E4"], sheet["F4"] = "Insgesamt", "baureifes Land"
    rows = [
        ["2021"],
        [
            "05122",
            "      Solingen, Klingenstadt",
            "Veräußerungsfälle von Bauland",
            "Anzahl",
            53.0,
            38.0,
        ],
        [None, None, "Kaufsumme", "Tsd. EUR", 16782.0, "."],
        ["2020"],
        [
            "05122",
            "      Solingen, Klingenstadt",
            "Veräußerungsfälle von Bauland",
            "Anzahl",
            41.0,
            "-",
        ],
        [None, None, "Kaufsumme", "Tsd. EUR", 234.03, 0.5],
    ]
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    sheet["A12"] = "______________"
    sheet["A13"] = 'zu "gesamte Tabelle":\nkonstruiertes Beispiel'
    sheet["A14"] = (
        "© Statistische Ämter des Bundes und der Länder, Deutschland, 2023."
        " | Stand: 10.11.2023 / 12:12:10"
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_poi_xlsx_with_measures_in_rows_and_year_rows():
    parsed = read_statistics_file(_poi_workbook(), filename="61511-01-03-4.xlsx")
    assert (parsed.format, parsed.table_code) == ("xlsx", "61511-01-03-4")
    assert parsed.stand.isoformat() == "2023-11-10"
    got = {
        (o.period, o.variable, o.unit, dict(o.dimensions)["Baulandverkäufe"]): (
            o.value,
            o.status,
            o.line,
        )
        for o in parsed.observations
    }
    assert got[("2021", "Veräußerungsfälle von Bauland", "Anzahl", "Insgesamt")] == (
        Decimal(53),
        Status.OK,
        6,
    )
    assert got[("2021", "Kaufsumme", "Tsd. EUR", "baureifes Land")][1] is Status.SUPPRESSED
    assert (
        got[("2020", "Veräußerungsfälle von Bauland", "Anzahl", "baureifes Land")][1] is Status.ZERO
    )
    assert got[("2020", "Kaufsumme", "Tsd. EUR", "Insgesamt")][0] == Decimal("234.03")
    assert len(got) == 8
    roles = [g.role for g in parsed.layout.columns]
    assert roles == ["key", "name", "breakdown", "unit", "measure", "measure"]
    assert parsed.layout.header_lines == (3, 4)


def test_user_marks_a_value_column_as_a_breakdown():
    # Constructed: a breakdown column with a heading and labels that look like numbers (years
    # of age) is taken for values until the user says otherwise.
    data = (
        "Tabelle: 12411-04i\nBevölkerung nach Alter - Stichtag\n"
        ";;;Alter in Jahren;Bevölkerung\n"
        ";;;Anzahl;Anzahl\n"
        "31.12.2023;05362032;Kerpen, Stadt;15;720\n"
        "31.12.2023;05362032;Kerpen, Stadt;16;705\n"
        "__________\n© IT.NRW, Düsseldorf, 2024\n"
    ).encode("cp1252")
    guessed = read_genesis_table(data)
    assert {g.index: g.role for g in guessed.layout.columns}[3] == "measure"
    parsed = read_genesis_table(data, choices=ReadChoices(roles=((3, "breakdown"),)))
    got = {(o.variable, o.dimensions): o.value for o in parsed.observations}
    assert got == {
        ("Bevölkerung", (("Alter", "15"),)): 720,
        ("Bevölkerung", (("Alter", "16"),)): 705,
    }
    assert parsed.layout.columns[3].role == "breakdown"
