"""Kerpen's workshop (the demo's, invented) handed to the strategy: every candidate goal and
measure taken over in one step each, and each goal's and measure's page shows the cards and
votes it came from, with the group breakdown from five people."""

import pytest
from django.urls import reverse

from cohesion.demo.workshop import kerpen_workshop
from cohesion.strategies import services
from cohesion.strategies.models import Goal, Measure
from cohesion.strategies.selectors import candidates_available

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def kerpen(world):
    return kerpen_workshop(process=world.kerpen_process, moderator=world.moderator)


def test_every_candidate_becomes_a_goal_or_measure(client, world, kerpen):
    strategy = services.strategy_create(actor=world.coordinator, process=world.kerpen_process)
    assert strategy.source_language == kerpen.source_language
    fields = candidates_available(strategy=strategy, language="en")
    goals = [c for field in fields for c in field["goals"]]
    measures = [c for field in fields for c in field["measures"]]
    assert goals and measures
    for candidate in goals:
        services.goal_create_from_candidate(
            actor=world.working_group_member, strategy=strategy, candidate=candidate
        )
    first_goal = Goal.objects.order_by("pk").first()
    for candidate in measures:
        services.measure_create_from_candidate(
            actor=world.working_group_member, goal=first_goal, candidate=candidate
        )
    assert Goal.objects.count() == len(goals)
    assert Measure.objects.count() == len(measures)
    # The standard fields of action are found by their names, none made twice.
    titles = [tuple(f.title.values()) for f in strategy.fields_of_action.all()]
    assert len(titles) == len(set(titles))

    fields = candidates_available(strategy=strategy, language="en")
    assert all(c.goal is not None for field in fields for c in field["goals"])
    assert all(c.measure is not None for field in fields for c in field["measures"])

    client.force_login(world.moderator)
    with_cards = Goal.objects.filter(candidate__cards__isnull=False).first()
    page = client.get(reverse("strategies:goal", args=[with_cards.pk])).content.decode()
    assert "From the workshop" in page and " card" in page
    measure = Measure.objects.filter(candidate__voted_item__isnull=False).first()
    page = client.get(reverse("strategies:measure", args=[measure.pk])).content.decode()
    assert "From the voting:" in page and " dots" in page
    assert "Votes by group:" in page or "fewer than five people" in page
