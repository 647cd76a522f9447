"""Versions: saved by the editors, listed for readers, and the readable difference between any
two (or a version and the strategy as it is now), with insertions and deletions marked by
<ins> and <del> and words, not by colour alone."""

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.strategies import services
from cohesion.strategies.models import StrategyVersion

pytestmark = pytest.mark.usefixtures("english")


def test_save_versions_and_compare_them(client, world, strategy):
    services.strategy_update(
        actor=world.coordinator,
        strategy=strategy,
        guiding_principles={"de": "Vielfalt ist unsere Stärke. Alle gehören dazu."},
    )
    client.force_login(world.working_group_member)
    response = client.post(
        reverse("strategies:version_save", args=[strategy.pk]), {"label": "Erster Entwurf"}
    )
    assert response.status_code == 302
    first = StrategyVersion.objects.get()
    assert (first.number, first.kind, first.label) == (1, "saved", "Erster Entwurf")
    assert first.snapshot["guiding_principles"]["de"].startswith("Vielfalt")
    assert AuditEvent.objects.filter(action="strategies.version_save").count() == 1

    services.strategy_update(
        actor=world.coordinator,
        strategy=strategy,
        guiding_principles={"de": "Vielfalt ist unsere Chance. Alle gehören dazu."},
    )
    field = strategy.fields_of_action.order_by("order")[0]
    services.goal_create(actor=world.coordinator, field_of_action=field, title={"de": "Neu"})
    services.strategy_version_save(actor=world.coordinator, strategy=strategy)

    client.force_login(world.moderator)  # a reader compares
    page = client.get(reverse("strategies:versions", args=[strategy.pk]))
    assert page.status_code == 200 and b"Erster Entwurf" in page.content
    assert b"Save a version" not in page.content
    page = client.get(
        reverse("strategies:version_compare", args=[strategy.pk]), {"before": "1", "after": "2"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert '<del><span class="visually-hidden">[removed: </span>Stärke' in html
    assert '<ins><span class="visually-hidden">[added: </span>Chance' in html
    assert "Neu" in html and "added" in html
    # A version against the strategy as it is now: the same.
    page = client.get(
        reverse("strategies:version_compare", args=[strategy.pk]),
        {"before": "2", "after": "current"},
    )
    assert b"The two versions are the same." in page.content


def test_bad_compare_requests(client, world, strategy):
    client.force_login(world.coordinator)
    url = reverse("strategies:version_compare", args=[strategy.pk])
    assert client.get(url, {"before": "7", "after": "current"}).status_code == 400
    assert client.get(url, {"before": "x' or 1=1", "after": "current"}).status_code == 400
    assert client.get(url).status_code == 400


def test_versions_of_another_municipality_answer_404(client, world, strategy):
    services.strategy_version_save(actor=world.coordinator, strategy=strategy)
    client.force_login(world.other_coordinator)
    for url in (
        reverse("strategies:versions", args=[strategy.pk]),
        reverse("strategies:version_compare", args=[strategy.pk]) + "?before=1&after=current",
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("strategies:version_save", args=[strategy.pk])).status_code == 404
    client.force_login(world.moderator)
    assert client.post(reverse("strategies:version_save", args=[strategy.pk])).status_code == 403
    assert StrategyVersion.objects.count() == 1


def test_the_versions_list_needs_the_same_queries_for_many_versions(
    client, world, strategy, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    url = reverse("strategies:versions", args=[strategy.pk])
    services.strategy_version_save(actor=world.coordinator, strategy=strategy)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(15):
        services.strategy_version_save(actor=world.coordinator, strategy=strategy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
