"""Monitoring arithmetic of a strategy: statuses, progress roll-up and traffic lights. Pure
Python, no Django; every result is a code or a number that the app words.

Statuses
    A measure is ``planned``, ``running``, ``delayed``, ``completed`` or ``cancelled``. Two of
    them carry a default progress that a form fills in when the status is chosen (as Decidim's
    statuses do): planned 0 %, completed 100 %. The others keep the progress the owner reports.

Roll-up (``rollup``)
    The progress of a goal is the weighted mean of its measures' progress, and the progress of a
    field of action the weighted mean of its goals': sum(progress × weight) / sum(weight). With
    every weight 1 this is the plain average (Decidim's accountability rule). Items without a
    progress (None) and items of weight 0 are left out; the caller passes a cancelled measure
    with weight 0. Nothing left: None (no progress to show, not 0 %).

Traffic light of a measure (``measure_light``)
    ``elapsed`` is the share of the time from start to end that has passed, in percent, and
    ``progress`` the reported progress in percent. In this order:

    1. completed: blue;
    2. cancelled: grey (the caller leaves it out of roll-ups);
    3. past the end (today after the end day) and not completed: red;
    4. no start or no end date, or an end before the start: grey (no schedule to judge by);
       amber when the status is delayed;
    5. not started yet (today before the start): grey, amber when the status is delayed;
    6. progress ≥ elapsed − 10 pp: green; progress ≥ elapsed − 25 pp: amber; else red;
    7. a delayed measure is never better than amber.

Traffic light of an indicator (``indicator_light``)
    The indicator should go on a straight path from its baseline (in the baseline year) to its
    target (in the target year). ``achieved`` is the share of that path the actual value has
    covered, in percent ((actual − baseline) / (target − baseline) × 100; it works the same
    when lower is better, the target below the baseline), and ``elapsed`` the share of the
    years passed. Then the thresholds of the measures: green if achieved ≥ elapsed − 10 pp,
    amber if ≥ elapsed − 25 pp, else red; the target reached is green; after the target year
    and not reached, red. A missing number or year, or an actual from before the baseline year:
    grey. A target equal to the baseline (keep the level): green while the actual is no worse
    than the target on the side ``better`` names, red when worse, grey when ``better`` is not
    given.

Rolling lights up (``worst_light``)
    The worst light wins: red before amber before green. Blue only when every light is blue;
    otherwise (only blue and grey, or only grey) grey. No lights: grey.

``RULES`` holds the rule as data (codes, lights and numbers) so a page can explain it in the
user's language; ``measure_assessment`` and ``indicator_assessment`` tell which rule decided.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

PLANNED = "planned"
RUNNING = "running"
DELAYED = "delayed"
COMPLETED = "completed"
CANCELLED = "cancelled"
STATUSES = (PLANNED, RUNNING, DELAYED, COMPLETED, CANCELLED)
DEFAULT_PROGRESS = {PLANNED: 0, COMPLETED: 100}

GREEN_WITHIN = 10  # percentage points behind schedule that are still green
AMBER_WITHIN = 25  # ... still amber; further behind is red


class Light(StrEnum):
    GREY = "grey"
    BLUE = "blue"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


# The rule as data, in the order it is applied: (code, light, numbers). The app words each code.
RULES: tuple[tuple[str, Light, dict], ...] = (
    ("completed", Light.BLUE, {}),
    ("cancelled", Light.GREY, {}),
    ("no_schedule", Light.GREY, {}),
    ("past_end", Light.RED, {}),
    ("not_started", Light.GREY, {}),
    ("on_track", Light.GREEN, {"behind_at_most_pp": GREEN_WITHIN}),
    ("behind", Light.AMBER, {"behind_at_most_pp": AMBER_WITHIN}),
    ("far_behind", Light.RED, {"behind_more_than_pp": AMBER_WITHIN}),
    ("delayed", Light.AMBER, {}),  # a delayed measure is never better than amber
    ("target_reached", Light.GREEN, {}),
    ("target_missed", Light.RED, {}),
    ("no_data", Light.GREY, {}),
)
RULE_LIGHTS = {code: light for code, light, _numbers in RULES}

_SEVERITY = {Light.RED: 3, Light.AMBER: 2, Light.GREEN: 1}

Number = int | float | Decimal


def progress_for_status(status: str, progress: int | None = None) -> int | None:
    """The progress a measure shows when its status is chosen: the status's default (planned 0,
    completed 100) where it has one, else ``progress`` as reported."""
    if status not in STATUSES:
        raise ValueError(f"unknown status: {status!r}")
    return DEFAULT_PROGRESS.get(status, progress)


def rollup(items: Iterable[tuple[Number | None, Number]]) -> float | None:
    """The weighted mean of ``(progress, weight)`` pairs; pairs without a progress or with
    weight 0 are left out; None when none is left. A negative weight is an error."""
    total = 0.0
    weights = 0.0
    for progress, weight in items:
        weight = float(weight)
        if weight < 0 or math.isnan(weight):
            raise ValueError(f"a weight must be 0 or more: {weight!r}")
        if progress is None or weight == 0:
            continue
        total += float(progress) * weight
        weights += weight
    if weights == 0:
        return None
    return total / weights


def rollup_item(*, status: str, progress: Number | None, weight: Number) -> tuple:
    """A measure (or goal) as a ``rollup`` pair: a cancelled one weighs 0, a missing progress
    is the status's default where it has one."""
    if status == CANCELLED:
        return (progress, 0)
    if progress is None:
        progress = progress_for_status(status)
    return (progress, weight)


def elapsed_share(start: datetime.date, end: datetime.date, today: datetime.date) -> float:
    """The share (0 to 1) of the time from ``start`` to ``end`` that has passed on ``today``:
    0 before the start, 1 from the end on; an end on the start day is 0 before it, 1 from it."""
    if end < start:
        raise ValueError("the end is before the start")
    if today <= start:
        return 0.0 if today < start or end > start else 1.0
    if today >= end:
        return 1.0
    return (today - start).days / (end - start).days


@dataclass(frozen=True)
class Assessment:
    """A light, the code of the rule in ``RULES`` that decided it, and the two percentages it
    compared (None where the rule needed none)."""

    light: Light
    rule: str
    elapsed: float | None = None  # percent of the time passed
    achieved: float | None = None  # percent: progress of a measure, path share of an indicator


def _by_schedule(achieved: float, elapsed: float) -> str:
    # Rounded so that a value exactly on a threshold is not pushed across it by binary floats.
    achieved, elapsed = round(achieved, 6), round(elapsed, 6)
    if achieved >= elapsed - GREEN_WITHIN:
        return "on_track"
    if achieved >= elapsed - AMBER_WITHIN:
        return "behind"
    return "far_behind"


def _assessment(rule: str, elapsed=None, achieved=None) -> Assessment:
    return Assessment(RULE_LIGHTS[rule], rule, elapsed, achieved)


def measure_assessment(
    *,
    status: str,
    progress: Number | None,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date,
) -> Assessment:
    """The light of a measure with the rule that decided it (see the module's docstring). A
    missing progress counts as the status's default, or 0."""
    if status == COMPLETED:
        return _assessment("completed")
    if status == CANCELLED:
        return _assessment("cancelled")
    delayed = status == DELAYED
    if end is not None and today > end:
        return _assessment("past_end")
    if start is None or end is None or end < start:
        return _assessment("delayed" if delayed else "no_schedule")
    if today < start:
        return _assessment("delayed" if delayed else "not_started", elapsed=0.0)
    if progress is None:
        progress = progress_for_status(status) or 0
    elapsed = elapsed_share(start, end, today) * 100
    achieved = float(progress)
    rule = _by_schedule(achieved, elapsed)
    if delayed and rule == "on_track":
        rule = "delayed"
    return _assessment(rule, elapsed=elapsed, achieved=achieved)


def measure_light(
    *,
    status: str,
    progress: Number | None,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date,
) -> Light:
    """The traffic light of a measure on ``today`` (see the module's docstring)."""
    return measure_assessment(
        status=status, progress=progress, start=start, end=end, today=today
    ).light


def expected_value(
    *, baseline: Number, target: Number, baseline_year: int, target_year: int, year: int
) -> float:
    """The value on the straight path from the baseline to the target in ``year`` (the
    baseline before the baseline year, the target from the target year on)."""
    if target_year <= baseline_year:
        share = 1.0 if year >= target_year else 0.0
    else:
        share = min(max((year - baseline_year) / (target_year - baseline_year), 0.0), 1.0)
    return float(baseline) + (float(target) - float(baseline)) * share


def indicator_assessment(
    *,
    baseline: Number | None,
    target: Number | None,
    actual: Number | None,
    baseline_year: int | None,
    target_year: int | None,
    year: int | None,
    better: str | None = None,
) -> Assessment:
    """The light of an indicator whose actual value was measured in ``year``, with the rule
    that decided it (see the module's docstring). ``better`` ("higher" or "lower") is needed
    only when the target equals the baseline."""
    values = (baseline, target, actual, baseline_year, target_year, year)
    if any(value is None for value in values) or year < baseline_year:
        return _assessment("no_data")
    baseline, target, actual = float(baseline), float(target), float(actual)
    if target_year <= baseline_year:
        elapsed = 100.0 if year >= target_year else 0.0
    else:
        elapsed = min((year - baseline_year) / (target_year - baseline_year), 1.0) * 100
    if target == baseline:
        if better not in ("higher", "lower"):
            return _assessment("no_data", elapsed=elapsed)
        kept = actual >= target if better == "higher" else actual <= target
        return _assessment("target_reached" if kept else "target_missed", elapsed=elapsed)
    achieved = (actual - baseline) / (target - baseline) * 100
    if round(achieved, 6) >= 100:
        return _assessment("target_reached", elapsed=elapsed, achieved=achieved)
    if year > target_year:
        return _assessment("target_missed", elapsed=elapsed, achieved=achieved)
    return _assessment(_by_schedule(achieved, elapsed), elapsed=elapsed, achieved=achieved)


def indicator_light(
    *,
    baseline: Number | None,
    target: Number | None,
    actual: Number | None,
    baseline_year: int | None,
    target_year: int | None,
    year: int | None,
    better: str | None = None,
) -> Light:
    """The traffic light of an indicator (see the module's docstring)."""
    return indicator_assessment(
        baseline=baseline,
        target=target,
        actual=actual,
        baseline_year=baseline_year,
        target_year=target_year,
        year=year,
        better=better,
    ).light


def worst_light(lights: Iterable[Light | str | None]) -> Light:
    """The light of a goal or field of action from its parts' lights: red before amber before
    green; blue only when all are blue; else grey (also for none). None is left out."""
    worst: Light | None = None
    all_blue = True
    seen = False
    for light in lights:
        if light is None:
            continue
        light = Light(light)
        seen = True
        all_blue = all_blue and light == Light.BLUE
        if light in _SEVERITY and (worst is None or _SEVERITY[light] > _SEVERITY[worst]):
            worst = light
    if worst is not None:
        return worst
    return Light.BLUE if seen and all_blue else Light.GREY


def lights_count(lights: Sequence[Light | str | None]) -> dict[Light, int]:
    """How many of each light, every light present as a key (for a dashboard's summary)."""
    counts = dict.fromkeys(Light, 0)
    for light in lights:
        if light is not None:
            counts[Light(light)] += 1
    return counts
