"""The bulk update of indicators (targets, target years, actual values) from CSV and XLSX:
what a good file changes and every bad input, attacks included."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.core import spreadsheets
from cohesion.strategies import bulk
from cohesion.strategies.bulk import BulkFileError, IndicatorState, MeasureState
from tests.strategies.test_bulk import codes, xlsx

AGS = "05362032"  # Kerpen
INDICATORS = {
    21: IndicatorState(21, Decimal("20"), 2030, {"2024": Decimal("12.5")}, name="Kursplätze"),
    22: IndicatorState(22, None, None, {}, name="Anteil", unit="%"),
    23: IndicatorState(23, Decimal("-5"), 2035, {}, name="Veränderung"),
}
MEASURES = {11: MeasureState(11, "planned", 0)}


def plan(text, *, filename="indicators.csv", indicators=None, targets_allowed=True):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return bulk.bulk_plan(
        data,
        filename,
        known=MEASURES,
        indicators=INDICATORS if indicators is None else indicators,
        ags=AGS,
        targets_allowed=targets_allowed,
    )


# --- what a good file changes ---


def test_an_indicator_file_plans_targets_and_actual_values():
    result = plan(
        "indicator,target,target year,actual,period,source\n"
        "21,25,2032,14.5,2025,VHS\n"
        "22,60,2030,,,\n"
        "23,,,\u22123,2025-06,\n"
    )
    assert result.kind == "indicators"
    assert result.all_valid, codes(result)
    first, second, third = result.rows
    assert (first.indicator_id, first.measure_id, first.object_id) == (21, None, 21)
    assert first.changes == {
        "target": (Decimal("20"), Decimal("25")),
        "target_year": (2030, 2032),
        "actual": (None, Decimal("14.5")),
    }
    assert (first.period, first.source) == ("2025", "VHS")
    assert second.changes == {"target": (None, Decimal("60")), "target_year": (None, 2030)}
    assert third.changes == {"actual": (None, Decimal("-3"))}
    assert third.period == "2025-06"
    assert result.target_changes


def test_german_headers_and_numbers():
    result = plan(
        "Indikator-ID;Zielwert;Zieljahr;Istwert;Zeitraum;Quelle\n"
        '21;"1.234,5";2031;"0,125";30.06.2025;Amt\n'
        '22;"1234,5";;;;\n'
    )
    assert result.all_valid, codes(result)
    assert result.rows[0].changes == {
        "target": (Decimal("20"), Decimal("1234.5")),
        "target_year": (2030, 2031),
        "actual": (None, Decimal("0.125")),  # a leading 0 is no thousands group
    }
    assert result.rows[0].period == "2025-06-30"
    assert result.rows[1].changes == {"target": (None, Decimal("1234.5"))}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1.234", "1234"),
        ("0.125", "0.125"),
        ("0,1250", "0.125"),
        ("-7,25", "-7.25"),
        ("45 %", "45"),
        ("12 000 €", "12000"),
        ("99999999999999.9999", "99999999999999.9999"),
    ],
)
def test_numbers_in_both_notations(text, number):
    assert bulk.number_parsed(text) == Decimal(number)


@pytest.mark.parametrize(
    "text",
    [
        "viele",
        "1e400",
        "1E5",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1.2.3,4,5",
        "0.12345",
        "100000000000000",
        "--5",
        "5-",
        "",
        "1,5,5",
    ],
)
def test_what_is_not_a_number(text):
    assert bulk.number_parsed(text) is None


def test_a_workbook_number_cell_reads_as_written():
    assert bulk.number_parsed("12.300000000000001", workbook=True) == Decimal("12.3")
    assert bulk.number_parsed("1e-05", workbook=True) is None  # more than four decimals
    assert bulk.number_parsed("1e+400", workbook=True) is None
    assert bulk.number_parsed("1e+20", workbook=True) is None
    assert bulk.number_parsed("2.5e+3", workbook=True) == Decimal("2500")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025", "2025"),
        ("2025-6", "2025-06"),
        ("2025-06", "2025-06"),
        ("06.2025", "2025-06"),
        ("6/2025", "2025-06"),
        ("2025-06-30", "2025-06-30"),
        ("30.06.2025", "2025-06-30"),
        ("31.02.2025", None),
        ("2025-13", None),
        ("13.2025", None),
        ("1800", None),
        ("9999-01", None),
        ("Q2 2025", None),
        ("letztes Jahr", None),
    ],
)
def test_periods(text, period):
    assert bulk.period_parsed(text) == period


def test_the_same_actual_value_for_its_period_again_is_no_change():
    result = plan('indicator,actual,period\n21,"12,5",2024\n')
    assert result.rows[0].unchanged
    # Another value for the period is a new one (the history keeps both).
    result = plan("indicator,actual,period\n21,13,2024\n")
    assert result.rows[0].changes == {"actual": (Decimal("12.5"), Decimal("13"))}


def test_a_target_equal_in_value_is_no_change():
    assert plan("indicator,target,target_year\n21,20.0,2030\n23,-5,2035\n").count("unchanged") == 2


def test_reader_columns_and_other_kinds_columns_are_not_read():
    result = plan(
        "Indikator;Ziel;Bezeichnung;Einheit;Status;Fortschritt\n21;Bildung;x;%;laufend;80\n"
    )
    assert result.columns == ["indicator", "goal", "title", "unit"]
    assert result.ignored_columns == ["Status", "Fortschritt"]
    assert result.rows[0].unchanged


def test_a_row_of_reader_columns_alone_is_a_heading():
    result = plan("indicator,goal,target\n,Mehr Sprachkurse,\n21,,30\n")
    assert [row.line for row in result.rows] == [3]


def test_a_measure_file_is_unchanged_by_the_indicator_columns():
    result = plan("id,progress,Zielwert,Quelle\n11,40,5,x\n")
    assert result.kind == "measures"
    assert result.ignored_columns == ["Zielwert", "Quelle"]
    assert result.rows[0].changes == {"progress": (0, 40)}


# --- every problem ---


def test_unknown_and_other_strategies_indicators_read_alike():
    # 99 belongs to no strategy, 11 is a measure's id, 7 may be another strategy's indicator:
    # the plan never tells which.
    result = plan("indicator,target\n99,5\n11,5\n7,5\n")
    assert codes(result) == [
        (2, "indicator", "unknown_indicator"),
        (3, "indicator", "unknown_indicator"),
        (4, "indicator", "unknown_indicator"),
    ]
    assert {problem.params == {} for problem in result.problems} == {True}


def test_missing_and_bad_indicator_ids():
    result = plan("indicator,target\n,5\n21a,5\n-21,5\n" + "9" * 19 + ",5\n")
    assert codes(result) == [
        (2, "indicator", "missing_indicator_id"),
        (3, "indicator", "bad_indicator_id"),
        (4, "indicator", "bad_indicator_id"),
        (5, "indicator", "bad_indicator_id"),
    ]


def test_a_doubled_indicator_is_refused_in_every_row():
    result = plan("indicator,actual,period\n21,1,2024\n22,1,2024\n21,2,2025\n")
    assert codes(result) == [
        (2, "indicator", "duplicate_indicator"),
        (4, "indicator", "duplicate_indicator"),
    ]
    assert result.problems[0].params == {"lines": (2, 4)}
    assert [row.indicator_id for row in result.valid_rows] == [22]


@pytest.mark.parametrize("target", ["viele", "1e400", "NaN", "inf", "-inf", "0x10", "1/2", "½"])
def test_a_target_that_is_not_a_number(target):
    result = plan(f"indicator,target\n21,{target}\n")
    assert codes(result) == [(2, "target", "bad_target")]
    assert result.problems[0].value == target
    assert not result.all_valid and result.valid_rows == []


@pytest.mark.parametrize("year", ["1999", "2101", "30", "2030.5", "zwanzig", "0"])
def test_a_bad_target_year(year):
    assert codes(plan(f"indicator,target_year\n21,{year}\n")) == [
        (2, "target_year", "bad_target_year")
    ]


def test_a_bad_actual_value_and_a_bad_period():
    result = plan("indicator,actual,period\n21,viel,2025\n22,5,31.02.2025\n")
    assert codes(result) == [(2, "actual", "bad_actual"), (3, "period", "bad_period")]


def test_an_actual_value_needs_its_period_and_a_period_its_value():
    result = plan("indicator,actual,period,source\n21,5,,\n22,,2025,\n23,,,Amt\n")
    assert codes(result) == [
        (2, "period", "actual_without_period"),
        (3, "actual", "period_without_actual"),
        (4, "actual", "period_without_actual"),
    ]


def test_formula_cells_are_refused_and_a_source_kept_as_text():
    result = plan(
        "indicator,target,target_year,actual,period,source\n"
        '21,=1+1,@A1,"=HYPERLINK(""http://x"")",=TODAY(),=A1\n'
        "22,,,5,2025,'=B2\n"
    )
    assert codes(result) == [
        (2, "target", "formula"),
        (2, "target_year", "formula"),
        (2, "actual", "formula"),
        (2, "period", "formula"),
    ]
    assert result.rows[1].source == "=B2"  # our own export's quote taken off
    assert result.rows[1].valid


def test_a_formula_in_a_workbook_is_never_run():
    data = xlsx([["indicator", "target", "actual", "period"], [21, "=20+30", "=1/0", 2025]])
    result = plan(data, filename="indicators.xlsx")
    # openpyxl saves no computed value: the cells read empty.
    assert codes(result) == [(2, "actual", "period_without_actual")]


def test_a_huge_cell():
    result = plan("indicator,actual,period,source\n21,1,2025," + "x" * 2001 + "\n")
    assert codes(result) == [(2, "source", "too_long")]
    assert result.problems[0].params == {"limit": 2000}
    with pytest.raises(BulkFileError) as error:
        plan("indicator,target\n21," + "1" * (bulk.MAX_CELL + 1) + "\n")
    assert error.value.code == "cell_too_long"
    assert codes(plan("indicator,target\n21," + "1" * 200 + "\n")) == [(2, "target", "bad_target")]


def test_another_municipalitys_key_refuses_the_file_as_a_whole():
    result = plan("AGS,indicator,target\n05362032,21,30\n08111000,22,40\n")
    assert codes(result) == [(3, "municipality", "other_municipality")]
    assert result.refused == "other_municipality"
    assert result.valid_rows == [] and not result.all_valid
    assert plan("Gemeindeschlüssel,indicator,target\n5362032,21,30\n").all_valid


def test_a_target_change_by_someone_who_may_only_report():
    result = plan(
        "indicator,target,target_year,actual,period\n21,30,,,\n22,,2030,,\n23,-5,,4,2025\n",
        targets_allowed=False,
    )
    assert codes(result) == [
        (2, "target", "target_not_allowed"),
        (3, "target_year", "target_not_allowed"),
    ]
    # The same target again and an actual value are no target change.
    assert [row.indicator_id for row in result.valid_rows] == [23]


def test_all_problems_of_a_row_in_column_order():
    result = plan("source,period,actual,target_year,target,indicator,AGS\n,x,y,1,z,99,09162000\n")
    assert [problem.code for problem in result.problems] == [
        "other_municipality",
        "unknown_indicator",
        "bad_target",
        "bad_target_year",
        "bad_actual",
        "bad_period",
    ]


# --- bad files ---


def test_a_file_with_both_id_columns_is_refused():
    with pytest.raises(BulkFileError) as error:
        plan("id,indicator,progress,target\n11,21,10,30\n")
    assert error.value.code == "two_id_columns"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"indicator,target\n", "no_indicator_rows"),
        (b"Indikator,Ziel\n,Bildung\n", "no_indicator_rows"),
        (b"indicator,Zielwert,target\n21,1,2\n", "repeated_column"),
        (b"target,actual\n5,5\n", "no_id_column"),
    ],
)
def test_bad_indicator_files(data, code):
    with pytest.raises(BulkFileError) as error:
        plan(data)
    assert error.value.code == code


def test_without_indicators_known_every_row_is_unknown():
    result = bulk.bulk_plan(b"indicator,target\n21,5\n", "x.csv", known=MEASURES, ags=AGS)
    assert codes(result) == [(2, "indicator", "unknown_indicator")]


# --- the template ---


def test_the_indicator_template_rows():
    state = IndicatorState(
        21,
        Decimal("1234.5000"),
        2030,
        {},
        name="Kursplätze",
        goal="Mehr Sprachkurse",
        unit="Plätze",
        baseline=Decimal("10.0000"),
        last_actual=("2025", Decimal("14.1250")),
    )
    assert bulk.indicator_template_rows([state], ags=AGS, language="de") == [
        list(bulk.INDICATOR_TEMPLATE_HEADER["de"]),
        [
            AGS,
            "21",
            "Mehr Sprachkurse",
            "Kursplätze",
            "Plätze",
            "10",
            "1234,5",
            "2030",
            "14,1250 (2025)",
            "",
            "",
            "",
        ],
    ]
    assert bulk.indicator_template_rows([], language="xx") == [
        list(bulk.INDICATOR_TEMPLATE_HEADER["en"])
    ]


def test_the_template_header_reads_back_as_its_columns():
    for language, header in bulk.INDICATOR_TEMPLATE_HEADER.items():
        assert [bulk.column_of(text) for text in header] == list(bulk.INDICATOR_COLUMNS), language


numbers = st.decimals(
    min_value=-(10**13), max_value=10**13, places=4, allow_nan=False, allow_infinity=False
)


@st.composite
def indicators(draw):
    ids = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=8, unique=True))
    return [
        IndicatorState(
            indicator_id,
            draw(st.none() | numbers),
            draw(st.none() | st.integers(2000, 2100)),
            {},
            name=draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)),
            goal=draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)),
            unit=draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10)),
            baseline=draw(st.none() | numbers),
            last_actual=draw(st.none() | st.tuples(st.just("2025"), numbers)),
        )
        for indicator_id in ids
    ]


@settings(max_examples=60, deadline=None)
@given(indicators(), st.sampled_from(["en", "de"]), st.booleans())
def test_any_indicator_template_reads_back_unchanged(items, language, as_xlsx):
    known = {indicator.id: indicator for indicator in items}
    rows = bulk.indicator_template_rows(items, ags=AGS, language=language)
    if as_xlsx:
        data, name = spreadsheets.xlsx_bytes([("Indicators", rows[0], rows[1:])]), "i.xlsx"
    else:
        data, name = spreadsheets.csv_bytes(rows[0], rows[1:]), "i.csv"
    result = bulk.bulk_plan(data, name, known={}, indicators=known, ags=AGS)
    assert result.kind == "indicators"
    assert result.all_valid, codes(result)
    assert all(row.unchanged for row in result.rows)
    assert [row.indicator_id for row in result.rows] == [indicator.id for indicator in items]


@settings(deadline=None)
@given(numbers, st.sampled_from(["en", "de"]))
def test_numbers_read_back_as_the_template_writes_them(number, language):
    assert bulk.number_parsed(bulk.number_text(number, language)) == number


@given(st.text(max_size=30))
def test_the_parsers_never_fail(text):
    bulk.number_parsed(text)
    bulk.number_parsed(text, workbook=True)
    bulk.year_parsed(text)
    bulk.period_parsed(text)
