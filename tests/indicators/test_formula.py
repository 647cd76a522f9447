import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohesion.indicators.catalogue import INDICATORS, check_catalogue
from cohesion.indicators.formula import FormulaError, align, evaluate, parse


def test_names_lead_with_the_leftmost_series():
    formula = parse("(a + b) / population * 100")
    assert formula.names == ("a", "b", "population")
    assert parse("-x * 2").leading == "x"
    assert parse("100 * share").leading == "share"


@pytest.mark.parametrize(
    "text",
    ["", "a **  2", "__import__('os')", "a.b", "a[0]", "a if b else c", "'x'", "1 + 2", "a % 2"],
)
def test_anything_but_arithmetic_over_series_is_refused(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_ratio_takes_the_same_period_or_the_year_before_and_says_so():
    formula = parse("foreigners / population * 100")
    values = evaluate(
        formula,
        {
            "foreigners": {"2024-12-31": 90.0, "2025-12-31": 91165.0},
            "population": {"2024-12-31": 477988.0, "2022-12-31": 478126.0},
        },
    )
    assert [v.period for v in values] == ["2024-12-31", "2025-12-31"]
    assert values[0].lagged == {}
    assert math.isclose(values[1].value, 91165 / 477988 * 100)
    assert values[1].lagged == {"population": "2024-12-31"}


def test_a_missing_input_or_a_division_by_zero_is_missing_never_zero():
    formula = parse("a / b")
    values = evaluate(formula, {"a": {"2020": 1.0, "2021": None, "2022": 5.0}, "b": {"2020": 0.0}})
    assert [v.value for v in values] == [None, None, None]  # 2022: b is two years older


def test_year_periods_align_with_reference_dates_of_that_year():
    assert align("2024", {"2024-12-31": 1.0}, 1) == "2024-12-31"
    assert align("2024-12-31", {"2024": 1.0}, 1) == "2024"
    assert align("2024-12-31", {"2026": 1.0}, 1) is None


def test_the_catalogue_is_consistent():
    check_catalogue()
    assert len({indicator.slug for indicator in INDICATORS}) == len(INDICATORS)


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(a=numbers, b=numbers, c=numbers)
def test_evaluation_is_the_arithmetic_it_shows(a, b, c):
    formula = parse("(a - b) * c + a")
    [value] = evaluate(formula, {"a": {"2020": a}, "b": {"2020": b}, "c": {"2020": c}})
    assert value.value == pytest.approx((a - b) * c + a, rel=1e-9, abs=1e-6)


@given(
    periods=st.dictionaries(
        st.integers(min_value=1990, max_value=2030).map(str),
        st.none() | numbers,
        max_size=12,
    )
)
def test_one_value_per_period_of_the_leading_series(periods):
    values = evaluate(parse("x * 2"), {"x": periods})
    assert [v.period for v in values] == sorted(periods)
    for value in values:
        original = periods[value.period]
        assert value.value == (None if original is None else original * 2)
