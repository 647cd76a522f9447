"""Reads of the strategy: the whole document in a fixed number of queries, the snapshot, the
workshop's candidates with what became of them, the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohesion.strategies import services
from cohesion.strategies.selectors import (
    candidates_available,
    goal_for_viewer,
    strategy_for_viewer,
    strategy_history,
    strategy_snapshot,
    strategy_tree,
)
from cohesion.workshops.models import Card, WorkshopParticipant

pytestmark = pytest.mark.usefixtures("english")


def _grow(world, strategy, goals: int):
    fields = list(strategy.fields_of_action.all())
    for n in range(goals):
        goal = services.goal_create(
            actor=world.coordinator,
            field_of_action=fields[n % len(fields)],
            title={"de": f"Ziel {n}"},
            target_year=2030,
        )
        measure = services.measure_create(actor=world.coordinator, goal=goal, title={"de": "M"})
        services.milestone_create(
            actor=world.coordinator,
            measure=measure,
            due=datetime.date(2027, 1, 1),
            title={"de": "A"},
        )
        indicator = services.indicator_create(
            actor=world.coordinator, goal=goal, name={"de": "I"}, baseline=1, target=2
        )
        services.indicator_actual_add(
            actor=world.coordinator, indicator=indicator, period="2027", value=1.5
        )


def _queries(strategy) -> int:
    with CaptureQueriesContext(connection) as queries:
        fields = strategy_tree(strategy=strategy, language="en")
        for field in fields:
            for goal in field.goals.all():
                [m.shown for m in goal.measures.all() for _ in m.milestones.all()]
                [i.latest_actual for i in goal.indicators.all()]
    return len(queries)


def test_the_tree_takes_the_same_queries_whatever_its_size(world, strategy):
    _grow(world, strategy, 1)
    small = _queries(strategy)
    _grow(world, strategy, 12)
    assert _queries(strategy) == small == 6


def test_the_tree_in_the_readers_language(world, strategy):
    field = strategy.fields_of_action.order_by("order")[0]
    services.field_of_action_update(
        actor=world.coordinator, field_of_action=field, title=field.title | {"en": "Language"}
    )
    fields = strategy_tree(strategy=strategy, language="en")
    assert fields[0].shown.text == "Language"
    assert fields[1].shown.text == "Arbeit und Wirtschaft" and fields[1].shown.is_original


def test_the_snapshot(world, strategy):
    _grow(world, strategy, 1)
    snapshot = strategy_snapshot(strategy=strategy)
    assert snapshot["title"] == strategy.title
    goal = snapshot["fields"][0]["goals"][0]
    measure = goal["measures"][0]
    assert measure["milestones"][0]["due"] == "2027-01-01"
    assert measure["start"] is None and measure["budget"] is None
    assert goal["indicators"][0]["baseline"] == "1.0000"
    assert goal["target_year"] == 2030
    import json

    json.dumps(snapshot)


def test_candidates_with_what_became_of_them(world, strategy, goal_candidate, measure_candidate):
    participants = [
        WorkshopParticipant.objects.create(
            workshop=goal_candidate.workshop,
            device_hash=f"{n:064x}",
            language="de",
            group="immigrant",
        )
        for n in range(5)
    ]
    item = goal_candidate.workshop.items.filter(kind="cards").first()
    cards = [
        Card.objects.create(item=item, participant=p, text=f"Karte {n}", language="de")
        for n, p in enumerate(participants)
    ]
    goal_candidate.cards.set(cards)
    goal = services.goal_create_from_candidate(
        actor=world.coordinator, strategy=strategy, candidate=goal_candidate
    )
    fields = candidates_available(strategy=strategy, language="en")
    (field,) = fields
    (shown_goal,) = field["goals"]
    assert shown_goal.goal == goal and shown_goal.measure is None
    assert shown_goal.breakdown["groups"] == [("Immigrant or immigrant organisation", 5)]
    assert field["measures"][0].goal is None


def test_no_workshop_no_candidates(world, strategy):
    assert candidates_available(strategy=strategy, language="de") == []


def test_another_municipality_sees_nothing(world, strategy):
    goal = services.goal_create(
        actor=world.coordinator,
        field_of_action=strategy.fields_of_action.first(),
        title={"de": "Ziel"},
    )
    assert strategy_for_viewer(user=world.moderator, pk=strategy.pk) == strategy
    assert strategy_for_viewer(user=world.other_coordinator, pk=strategy.pk) is None
    assert goal_for_viewer(user=world.outsider, pk=goal.pk) is None
    assert goal_for_viewer(user=world.manager, pk=goal.pk) == goal
    assert strategy_for_viewer(user=world.coordinator, pk="99999999999999999999") is None


def test_history_latest_first(world, strategy):
    field = strategy.fields_of_action.first()
    services.field_of_action_update(actor=world.coordinator, field_of_action=field, weight=3)
    changes = strategy_history(strategy=strategy)
    assert [change.kind for change in changes] == ["field", "strategy"]
    assert changes[0].before_text == "1" and changes[0].after_text == "3"


def test_the_editor_selector_answers_only_editors(world, strategy):
    from cohesion.strategies.selectors import strategy_for_editor

    assert strategy_for_editor(user=world.working_group_member, pk=strategy.pk) == strategy
    assert strategy_for_editor(user=world.moderator, pk=strategy.pk) is None
    assert strategy_for_editor(user=world.other_coordinator, pk=strategy.pk) is None
