"""The monitoring arithmetic: statuses, weighted roll-up, traffic lights."""

import datetime
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohesion.strategies import progress
from cohesion.strategies.progress import Light

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 12, 31)  # 364 days
MIDYEAR = D(2026, 7, 1)


def light(status="running", value=0, start=START, end=END, today=MIDYEAR):
    return progress.measure_light(status=status, progress=value, start=start, end=end, today=today)


# --- statuses ---


def test_statuses_and_their_default_progress():
    assert progress.STATUSES == ("planned", "running", "delayed", "completed", "cancelled")
    assert progress.progress_for_status("planned") == 0
    assert progress.progress_for_status("planned", 40) == 0
    assert progress.progress_for_status("completed", 40) == 100
    assert progress.progress_for_status("running", 40) == 40
    assert progress.progress_for_status("delayed") is None
    with pytest.raises(ValueError):
        progress.progress_for_status("done")


# --- roll-up ---


def test_rollup_is_the_weighted_mean():
    assert progress.rollup([(100, 1), (0, 1)]) == 50
    assert progress.rollup([(100, 3), (0, 1)]) == 75
    assert progress.rollup([(Decimal("50"), Decimal("2")), (20, 0.5)]) == pytest.approx(44)


def test_rollup_leaves_out_no_progress_and_weight_zero():
    assert progress.rollup([(80, 1), (None, 5), (0, 0)]) == 80  # a cancelled measure: weight 0
    assert progress.rollup([(None, 1), (30, 0)]) is None
    assert progress.rollup([]) is None


def test_rollup_refuses_a_negative_weight():
    with pytest.raises(ValueError):
        progress.rollup([(50, -1)])


percent = st.integers(min_value=0, max_value=100)
weight = st.integers(min_value=1, max_value=20)


@given(st.lists(st.tuples(percent, weight), min_size=1, max_size=30))
def test_rollup_lies_between_the_smallest_and_the_largest(items):
    result = progress.rollup(items)
    values = [value for value, _weight in items]
    assert min(values) - 1e-9 <= result <= max(values) + 1e-9


@given(st.lists(percent, min_size=1, max_size=30))
def test_rollup_with_equal_weights_is_the_average(values):
    result = progress.rollup([(value, 1) for value in values])
    assert result == pytest.approx(sum(values) / len(values))


@given(st.lists(st.tuples(percent, weight), min_size=1, max_size=30), st.integers(2, 9))
def test_rollup_ignores_order_and_scale_of_the_weights(items, factor):
    result = progress.rollup(items)
    assert progress.rollup(list(reversed(items))) == pytest.approx(result)
    assert progress.rollup([(v, w * factor) for v, w in items]) == pytest.approx(result)


@given(st.lists(st.tuples(percent, weight), max_size=10), st.lists(percent, max_size=5))
def test_rollup_is_unchanged_by_items_of_weight_zero_or_without_progress(items, extra):
    padded = items + [(value, 0) for value in extra] + [(None, 3)]
    assert progress.rollup(padded) == progress.rollup(items)


# --- elapsed time ---


def test_elapsed_share():
    assert progress.elapsed_share(START, END, D(2025, 6, 1)) == 0
    assert progress.elapsed_share(START, END, START) == 0
    assert progress.elapsed_share(START, D(2026, 1, 11), D(2026, 1, 6)) == 0.5
    assert progress.elapsed_share(START, END, END) == 1
    assert progress.elapsed_share(START, END, D(2027, 1, 1)) == 1
    # A one-day measure: nothing passed before its day, all of it from then on.
    assert progress.elapsed_share(START, START, D(2025, 12, 31)) == 0
    assert progress.elapsed_share(START, START, START) == 1
    with pytest.raises(ValueError):
        progress.elapsed_share(END, START, START)


@given(st.dates(), st.integers(0, 5000), st.dates())
def test_elapsed_share_is_a_share(start, days, today):
    end = start + datetime.timedelta(days=days) if start.year < 9000 else start
    share = progress.elapsed_share(start, end, today)
    assert 0 <= share <= 1


# --- the light of a measure ---

# 2026-07-01 is day 181 of 364: elapsed 49.7 %.


def test_measure_light_thresholds():
    assert light(value=50) == Light.GREEN
    assert light(value=40) == Light.GREEN  # 9.7 pp behind
    assert light(value=39) == Light.AMBER  # 10.7 pp behind
    assert light(value=25) == Light.AMBER  # 24.7 pp behind
    assert light(value=24) == Light.RED  # 25.7 pp behind
    assert light(value=0) == Light.RED


def test_measure_light_exact_threshold_is_green_and_amber():
    start, end = D(2026, 1, 1), D(2026, 4, 11)  # 100 days
    middle = D(2026, 2, 20)  # day 50: elapsed 50 %
    assert light(value=40, start=start, end=end, today=middle) == Light.GREEN
    assert light(value=25, start=start, end=end, today=middle) == Light.AMBER
    assessment = progress.measure_assessment(
        status="running", progress=25, start=start, end=end, today=middle
    )
    assert assessment == progress.Assessment(Light.AMBER, "behind", 50.0, 25.0)


def test_completed_is_blue_even_late_and_cancelled_is_grey():
    assert light(status="completed", value=100, today=D(2030, 1, 1)) == Light.BLUE
    assert light(status="completed", value=10) == Light.BLUE
    assert light(status="cancelled", value=0, today=D(2030, 1, 1)) == Light.GREY


def test_not_started_or_without_dates_is_grey():
    assert light(value=0, today=D(2025, 12, 31)) == Light.GREY
    assert light(status="planned", value=0, today=D(2025, 1, 1)) == Light.GREY
    assert light(start=None, end=None) == Light.GREY
    assert light(start=None) == Light.GREY
    assert light(end=None) == Light.GREY
    assert light(start=END, end=START, today=D(2025, 6, 1)) == Light.GREY  # impossible dates


def test_past_the_end_and_not_completed_is_red():
    assert light(value=99, today=D(2027, 1, 1)) == Light.RED
    assert light(value=99, start=None, today=D(2027, 1, 1)) == Light.RED
    assert light(value=95, today=END) == Light.GREEN  # the end day itself still counts


def test_delayed_is_never_better_than_amber():
    assert light(status="delayed", value=100) == Light.AMBER
    assert light(status="delayed", value=30) == Light.AMBER
    assert light(status="delayed", value=0) == Light.RED
    assert light(status="delayed", value=0, today=D(2025, 1, 1)) == Light.AMBER
    assert light(status="delayed", start=None, end=None) == Light.AMBER
    assert light(status="delayed", value=100, today=D(2027, 1, 1)) == Light.RED


def test_a_missing_progress_counts_as_the_status_default_or_zero():
    assert light(status="planned", value=None) == Light.RED
    assert light(status="running", value=None, today=D(2026, 1, 10)) == Light.GREEN


statuses = st.sampled_from(progress.STATUSES)
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1))


@given(statuses, percent, dates, st.integers(0, 3000), dates)
def test_more_progress_never_makes_the_light_worse(status, value, start, days, today):
    end = start + datetime.timedelta(days=days)
    lower = light(status=status, value=value, start=start, end=end, today=today)
    higher = light(status=status, value=min(value + 10, 100), start=start, end=end, today=today)
    order = [Light.RED, Light.AMBER, Light.GREEN, Light.BLUE, Light.GREY]
    if lower in (Light.RED, Light.AMBER, Light.GREEN):
        assert order.index(higher) >= order.index(lower)
    if status == "delayed":
        assert higher in (Light.RED, Light.AMBER)


@given(statuses, percent, dates, st.integers(0, 3000), dates)
def test_later_never_makes_the_light_better(status, value, start, days, today):
    end = start + datetime.timedelta(days=days)
    now = light(status=status, value=value, start=start, end=end, today=today)
    later = light(
        status=status, value=value, start=start, end=end, today=today + datetime.timedelta(30)
    )
    if now == Light.RED:
        assert later == Light.RED
    if now == Light.AMBER:
        assert later in (Light.AMBER, Light.RED)


# --- the light of an indicator ---


def indicator(actual, year, baseline=10, target=20, baseline_year=2020, target_year=2030, **kw):
    return progress.indicator_light(
        baseline=baseline,
        target=target,
        actual=actual,
        baseline_year=baseline_year,
        target_year=target_year,
        year=year,
        **kw,
    )


def test_indicator_light_higher_is_better():
    # 2025: half the time passed, the straight path expects 15.
    assert progress.expected_value(
        baseline=10, target=20, baseline_year=2020, target_year=2030, year=2025
    ) == pytest.approx(15)
    assert indicator(15, 2025) == Light.GREEN
    assert indicator(14, 2025) == Light.GREEN  # 40 % of the path: 10 pp behind
    assert indicator(13.9, 2025) == Light.AMBER
    assert indicator(12.5, 2025) == Light.AMBER  # 25 pp behind
    assert indicator(12.4, 2025) == Light.RED
    assert indicator(8, 2025) == Light.RED  # worse than the baseline
    assert indicator(20, 2022) == Light.GREEN  # the target reached early


def test_indicator_light_lower_is_better():
    # Unemployment from 12 % down to 8 %: in 2025 the path expects 10 %.
    kw = {"baseline": 12, "target": 8}
    assert indicator(10, 2025, **kw) == Light.GREEN
    assert indicator(10.4, 2025, **kw) == Light.GREEN
    assert indicator(10.5, 2025, **kw) == Light.AMBER
    assert indicator(11.1, 2025, **kw) == Light.RED
    assert indicator(13, 2025, **kw) == Light.RED
    assert indicator(7.5, 2024, **kw) == Light.GREEN


def test_indicator_light_after_the_target_year():
    assert indicator(19.5, 2030) == Light.GREEN  # in the target year 95 % of the path is green
    assert indicator(19.5, 2031) == Light.RED
    assert indicator(20, 2031) == Light.GREEN


def test_indicator_light_is_grey_without_numbers():
    assert indicator(None, 2025) == Light.GREY
    assert indicator(15, None) == Light.GREY
    assert indicator(15, 2025, baseline=None) == Light.GREY
    assert indicator(15, 2025, target=None) == Light.GREY
    assert indicator(15, 2025, baseline_year=None) == Light.GREY
    assert indicator(15, 2025, target_year=None) == Light.GREY
    assert indicator(15, 2019) == Light.GREY  # before the baseline


def test_indicator_light_keeping_a_level():
    assert indicator(20, 2025, baseline=20) == Light.GREY
    assert indicator(21, 2025, baseline=20, better="higher") == Light.GREEN
    assert indicator(19, 2025, baseline=20, better="higher") == Light.RED
    assert indicator(19, 2025, baseline=20, better="lower") == Light.GREEN


def test_indicator_light_takes_decimals_and_reports_its_rule():
    assessment = progress.indicator_assessment(
        baseline=Decimal("10.0"),
        target=Decimal("20.0"),
        actual=Decimal("13"),
        baseline_year=2020,
        target_year=2030,
        year=2025,
    )
    assert assessment.light == Light.AMBER
    assert assessment.rule == "behind"
    assert assessment.elapsed == pytest.approx(50)
    assert assessment.achieved == pytest.approx(30)


numbers = st.floats(min_value=-1000, max_value=1000, allow_nan=False)


@given(numbers, numbers, st.integers(2000, 2020), st.integers(1, 20), st.integers(0, 25))
def test_indicator_on_the_straight_path_is_green(baseline, target, baseline_year, span, offset):
    target_year = baseline_year + span
    year = baseline_year + offset
    if abs(target - baseline) < 1e-6:
        return
    expected = progress.expected_value(
        baseline=baseline,
        target=target,
        baseline_year=baseline_year,
        target_year=target_year,
        year=min(year, target_year),
    )
    result = indicator(
        expected, year, baseline=baseline, target=target,
        baseline_year=baseline_year, target_year=target_year,
    )  # fmt: skip
    if year <= target_year:
        assert result == Light.GREEN


@given(numbers, numbers, numbers, st.integers(2000, 2020), st.integers(1, 20), st.integers(0, 25))
def test_indicator_mirrored_gives_the_same_light(baseline, target, actual, b_year, span, offset):
    """Lower is better is higher is better upside down."""
    kw = {"baseline_year": b_year, "target_year": b_year + span, "year": b_year + offset}
    up = indicator(actual, baseline=baseline, target=target, better="higher", **kw)
    down = indicator(-actual, baseline=-baseline, target=-target, better="lower", **kw)
    assert up == down


# --- rolling lights up ---


def test_worst_light():
    assert progress.worst_light([Light.GREEN, Light.RED, Light.AMBER]) == Light.RED
    assert progress.worst_light(["green", "amber", "blue"]) == Light.AMBER
    assert progress.worst_light([Light.BLUE, Light.GREEN, Light.GREY]) == Light.GREEN
    assert progress.worst_light([Light.BLUE, Light.BLUE]) == Light.BLUE
    assert progress.worst_light([Light.BLUE, Light.GREY]) == Light.GREY
    assert progress.worst_light([None, Light.BLUE]) == Light.BLUE
    assert progress.worst_light([]) == Light.GREY
    with pytest.raises(ValueError):
        progress.worst_light(["purple"])


@given(st.lists(st.sampled_from(list(Light)), max_size=12))
def test_worst_light_ignores_order_and_never_beats_a_part(lights):
    result = progress.worst_light(lights)
    assert progress.worst_light(list(reversed(lights))) == result
    severity = {Light.RED: 3, Light.AMBER: 2, Light.GREEN: 1}
    if any(part in severity for part in lights):
        assert severity[result] == max(severity.get(part, 0) for part in lights)


def test_lights_count():
    counts = progress.lights_count([Light.RED, "red", Light.GREEN, None])
    assert counts == {Light.GREY: 0, Light.BLUE: 0, Light.GREEN: 1, Light.AMBER: 0, Light.RED: 2}


def test_rules_are_codes_lights_and_numbers():
    codes = [code for code, _light, _numbers in progress.RULES]
    assert len(codes) == len(set(codes))
    numbers = {code: values for code, _light, values in progress.RULES}
    assert numbers["on_track"] == {"behind_at_most_pp": 10}
    assert numbers["behind"] == {"behind_at_most_pp": 25}
    for _code, rule_light, values in progress.RULES:
        assert isinstance(rule_light, Light)
        assert all(isinstance(value, int) for value in values.values())


def test_the_pure_modules_import_no_django():
    code = (
        "import sys\n"
        "import cohesion.strategies.bulk, cohesion.strategies.progress, "
        "cohesion.strategies.versions\n"
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603 - our code
    assert result.returncode == 0


def test_rollup_items_of_measures():
    items = [
        progress.rollup_item(status="running", progress=50, weight=1),
        progress.rollup_item(status="cancelled", progress=0, weight=5),
        progress.rollup_item(status="completed", progress=None, weight=1),
        progress.rollup_item(status="delayed", progress=None, weight=1),
    ]
    assert items == [(50, 1), (0, 0), (100, 1), (None, 1)]
    assert progress.rollup(items) == 75
