"""The room's distance from its quota table, as properties over any table and any room."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.invitations.representation import (
    ABOVE,
    BELOW,
    WITHIN,
    Target,
    check,
    dissimilarity,
)

VALUES = ["a", "b", "c", "d"]

counts_strategy = st.dictionaries(st.sampled_from(VALUES + ["other"]), st.integers(0, 40))
targets_strategy = st.dictionaries(
    st.sampled_from(VALUES), st.integers(0, 30).map(float), min_size=1
)


@settings(max_examples=300)
@given(counts=counts_strategy, targets=targets_strategy, room=st.integers(0, 80))
def test_the_index_lies_between_zero_and_one(counts, targets, room):
    assert 0.0 <= dissimilarity(counts, targets, room_size=room) <= 1.0


@settings(max_examples=200)
@given(targets=st.dictionaries(st.sampled_from(VALUES), st.integers(0, 30), min_size=1))
def test_the_index_is_zero_when_the_room_holds_the_targets(targets):
    room = sum(targets.values())
    index = dissimilarity(dict(targets), {k: float(v) for k, v in targets.items()}, room_size=room)
    assert index == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=300)
@given(
    counts=counts_strategy,
    targets=targets_strategy,
    room=st.integers(1, 80),
    data=st.data(),
)
def test_adding_an_under_represented_person_never_increases_the_index(counts, targets, room, data):
    seats = max(room, sum(targets.values()))
    people = sum(counts.values())
    # Under-represented: while the room has empty seats, fewer than the value's target; in a
    # full room, short of its share by at least one person (one more does not overshoot it:
    # an overshoot may be a larger gap than the shortfall it closed).
    under = [
        value
        for value, target in targets.items()
        if (
            counts.get(value, 0) < target
            if people < seats
            else (counts.get(value, 0) + 1) / (people + 1) <= target / seats
        )
    ]
    if not under:
        return
    value = data.draw(st.sampled_from(under))
    before = dissimilarity(counts, targets, room_size=room)
    after = dissimilarity(Counter(counts) + Counter({value: 1}), targets, room_size=room)
    assert after <= before + 1e-12


@settings(max_examples=200)
@given(counts=counts_strategy, targets=targets_strategy, room=st.integers(1, 80))
def test_while_the_room_is_not_full_anybody_invited_brings_it_closer(counts, targets, room):
    seats = max(room, sum(targets.values()))
    if sum(counts.values()) >= seats:
        return
    before = dissimilarity(counts, targets, room_size=room)
    for value in [*VALUES, "other"]:
        after = dissimilarity(Counter(counts) + Counter({value: 1}), targets, room_size=room)
        assert after <= before + 1e-12


def test_rows_say_below_within_and_above():
    targets = [
        Target("target_group", "immigrant", 6, 10),
        Target("target_group", "policy", 1, 2),
        Target("target_group", "administration", 2, 4),
    ]
    people = (
        [{"target_group": "immigrant"}]
        + [{"target_group": "policy"}] * 3
        + [{"target_group": "administration"}] * 3
    )
    result = check(targets=targets, people=people, room_size=20)
    gaps = {row.value: (row.count, row.gap) for row in result.rows}
    assert gaps == {
        "immigrant": (1, BELOW),
        "policy": (3, ABOVE),
        "administration": (3, WITHIN),
    }
    assert result.shortfall == 5
    assert result.people == 7
    assert 0 < result.distance < 1


def test_the_overall_distance_is_the_mean_of_the_attributes():
    targets = [Target("gender", "female", 5, 5), Target("gender", "male", 5, 5)]
    targets += [Target("target_group", "immigrant", 10, 10)]
    people = [{"gender": "female", "target_group": "immigrant"}] * 10
    result = check(targets=targets, people=people, room_size=10)
    assert result.dissimilarity["target_group"] == pytest.approx(0.0)
    assert result.dissimilarity["gender"] == pytest.approx(0.5)
    assert result.distance == pytest.approx(0.25)


def test_a_missing_organisation_of_a_large_origin_group_is_found():
    people = [{"target_group": "immigrant", "organisation_origin": "Türkei"}]
    result = check(targets=[], people=people, room_size=10, largest_origins=["Türkei", "Syrien"])
    assert [(m.origin, m.rank) for m in result.organisations_missing] == [("Syrien", 2)]
    assert result.distance is None


def test_an_impossible_quota_is_refused():
    with pytest.raises(ValueError):
        check(targets=[Target("gender", "female", 5, 2)], people=[], room_size=10)
