"""The engine on generated feasible instances: quotas met, N distinct members, probabilities that
sum to N, determinism by seed, and every error case."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion.lottery.engine import LotteryError, Quota, lottery_draw


@st.composite
def instances(draw):
    """A pool, and quotas around a panel that exists, so the instance is feasible."""
    size = draw(st.integers(4, 40))
    seats = draw(st.integers(1, size))
    names = draw(
        st.lists(
            st.sampled_from(["gender", "age", "origin", "district"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    attributes = {}
    for name in names:
        values = draw(
            st.lists(
                st.sampled_from(["a", "b", "c", "d ", "=x", "Ä"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        attributes[name] = draw(st.lists(st.sampled_from(values), min_size=size, max_size=size))
    ids = [f"p{i} " if i % 3 else f"{i}" for i in range(size)]
    panel = draw(st.permutations(range(size)))[:seats]
    quotas = []
    for name, column in attributes.items():
        in_panel = Counter(column[i] for i in panel)
        for value in sorted(set(column)):
            count = in_panel[value]
            below = draw(st.integers(0, count))
            above = draw(st.integers(0, seats))
            quotas.append(Quota(name, value, count - below, count + above))
    seed = draw(st.integers(0, 2**32 - 1))
    return ids, attributes, quotas, seats, seed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_a_drawn_panel_meets_every_quota_and_the_probabilities_add_up(instance):
    ids, attributes, quotas, seats, seed = instance
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats, seed=seed)
    assert len(lottery.selected) == seats
    assert len(set(lottery.selected)) == seats
    assert set(lottery.selected) <= set(ids)
    position = {volunteer: i for i, volunteer in enumerate(ids)}
    for quota in quotas:
        count = sum(
            attributes[quota.attribute][position[v]] == quota.value for v in lottery.selected
        )
        assert quota.min <= count <= quota.max, quota
    assert set(lottery.probabilities) == set(ids)
    assert sum(lottery.probabilities.values()) == pytest.approx(seats, abs=1e-6)
    assert all(0.0 <= p <= 1.0 for p in lottery.probabilities.values())
    assert lottery.min_probability == min(lottery.probabilities.values())
    # Volunteers with the same values get the same chance.
    chances: dict[tuple, set] = {}
    for i, volunteer in enumerate(ids):
        key = tuple(attributes[name][i] for name in attributes)
        chances.setdefault(key, set()).add(round(lottery.probabilities[volunteer], 9))
    assert all(len(values) == 1 for values in chances.values())
    again = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats, seed=seed)
    assert again.selected == lottery.selected
    assert again.probabilities == lottery.probabilities


def test_without_binding_quotas_everyone_has_the_same_chance():
    ids = [str(i) for i in range(30)]
    attributes = {"gender": ["f", "m"] * 15}
    quotas = [Quota("gender", "f", 0, 10), Quota("gender", "m", 0, 10)]
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=10)
    assert lottery.min_probability == pytest.approx(1 / 3)
    assert max(lottery.probabilities.values()) == pytest.approx(1 / 3)


def test_a_scarce_value_caps_the_minimum_at_the_quota_allows():
    # 2 seats for women among 4 women → 1/2; 8 of 26 men → 8/26; the minimum is 8/26.
    ids = [str(i) for i in range(30)]
    attributes = {"gender": ["f"] * 4 + ["m"] * 26}
    quotas = [Quota("gender", "f", 2, 2), Quota("gender", "m", 8, 8)]
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=10)
    assert lottery.probabilities["0"] == pytest.approx(0.5)
    assert lottery.min_probability == pytest.approx(8 / 26)


def test_a_volunteer_no_panel_can_include_has_chance_zero_and_the_others_are_still_fair():
    ids = [str(i) for i in range(12)]
    attributes = {"group": ["x"] * 2 + ["y"] * 10}
    quotas = [Quota("group", "x", 0, 0), Quota("group", "y", 5, 5)]
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=5)
    assert lottery.probabilities["0"] == 0.0
    assert lottery.min_probability == 0.0
    assert all(lottery.probabilities[str(i)] == pytest.approx(0.5) for i in range(2, 12))


def test_the_panel_is_drawn_from_the_distribution():
    ids = [str(i) for i in range(6)]
    attributes = {"g": ["a", "a", "b", "b", "b", "b"]}
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 1, 1)]
    counts = Counter()
    for seed in range(600):
        counts.update(
            lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=2, seed=seed).selected
        )
    # Each "a" has chance 1/2, each "b" 1/4.
    assert np.allclose(
        [counts[i] / 600 for i in ids], [0.5, 0.5, 0.25, 0.25, 0.25, 0.25], atol=0.07
    )


BASE_IDS = ["1", "2", "3", "4"]
BASE_ATTRIBUTES = {"g": ["a", "a", "b", "b"]}
BASE_QUOTAS = [Quota("g", "a", 1, 2), Quota("g", "b", 1, 2)]


@pytest.mark.parametrize(
    ("ids", "attributes", "quotas", "seats", "code", "named"),
    [
        (BASE_IDS, BASE_ATTRIBUTES, BASE_QUOTAS, 0, "seats", "0"),
        (BASE_IDS, BASE_ATTRIBUTES, BASE_QUOTAS, 5, "pool_too_small", "4"),
        (["1", "", "3", "4"], BASE_ATTRIBUTES, BASE_QUOTAS, 2, "empty_id", "row 3"),
        (["1", "2", "1", "4"], BASE_ATTRIBUTES, BASE_QUOTAS, 2, "duplicate_id", "'1'"),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [Quota("g", "a", 2, 1), BASE_QUOTAS[1]],
            2,
            "quota_min_above_max",
            "g='a'",
        ),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [Quota("g", "a", -1, 1), BASE_QUOTAS[1]],
            2,
            "quota_bounds",
            "g='a'",
        ),
        (BASE_IDS, BASE_ATTRIBUTES, [*BASE_QUOTAS, BASE_QUOTAS[0]], 2, "quota_duplicate", "g='a'"),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [*BASE_QUOTAS, Quota("age", "x", 0, 1)],
            2,
            "attribute_missing",
            "'age'",
        ),
        (BASE_IDS, {"g": ["a", "a", "b", "c"]}, BASE_QUOTAS, 2, "value_without_quota", "g='c'"),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [Quota("g", "a", 3, 3), BASE_QUOTAS[1]],
            3,
            "quota_too_few_volunteers",
            "g='a'",
        ),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [Quota("g", "a", 2, 2), Quota("g", "b", 2, 2)],
            3,
            "attribute_minimums_too_high",
            "'g'",
        ),
        (
            BASE_IDS,
            BASE_ATTRIBUTES,
            [Quota("g", "a", 0, 1), Quota("g", "b", 0, 1)],
            3,
            "attribute_maximums_too_low",
            "'g'",
        ),
    ],
)
def test_input_that_admits_no_lottery_is_refused_naming_the_row_or_quota(
    ids, attributes, quotas, seats, code, named
):
    with pytest.raises(LotteryError) as raised:
        lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats)
    assert raised.value.code == code
    assert named in str(raised.value)


def test_quotas_that_cannot_be_met_together_are_refused():
    # Every "a" is also "x": 2 seats for "a" but at most 1 for "x".
    ids = ["1", "2", "3", "4"]
    attributes = {"g": ["a", "a", "b", "b"], "h": ["x", "x", "y", "y"]}
    quotas = [
        Quota("g", "a", 2, 2),
        Quota("g", "b", 0, 2),
        Quota("h", "x", 0, 1),
        Quota("h", "y", 0, 2),
    ]
    with pytest.raises(LotteryError) as raised:
        lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=2)
    assert raised.value.code == "infeasible"


def test_a_quota_row_for_a_value_nobody_has_is_fine_when_its_minimum_is_zero():
    ids = [str(i) for i in range(10)]
    attributes = {"g": ["a"] * 5 + ["b"] * 5}
    quotas = [Quota("g", "a", 1, 3), Quota("g", "b", 1, 3), Quota("g", "c", 0, 2)]
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=4)
    assert lottery.min_probability == pytest.approx(0.4)


def test_columns_without_quota_rows_are_not_quotaed():
    ids = [str(i) for i in range(10)]
    attributes = {"g": ["a", "b"] * 5, "email": [f"{i}@example.org" for i in range(10)]}
    quotas = [Quota("g", "a", 2, 2), Quota("g", "b", 2, 2)]
    lottery = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=4)
    assert lottery.min_probability == pytest.approx(0.4)
