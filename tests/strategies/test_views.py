"""The strategy's pages: the document, the forms (bad input: the form again, 400, nothing
written), the workshop's candidates, the history; another municipality's objects 404."""

import pytest
from django.urls import reverse

from cohesion.strategies import services
from cohesion.strategies.models import Goal, Measure, Strategy, StrategyChange

pytestmark = pytest.mark.usefixtures("english")


def _goal(world, strategy, **fields):
    return services.goal_create(
        actor=world.coordinator,
        field_of_action=strategy.fields_of_action.order_by("order")[0],
        title={"de": "Mehr Sprachkurse"},
        **fields,
    )


def test_start_the_strategy(client, world):
    client.force_login(world.working_group_member)
    url = reverse("strategies:strategy", args=[world.kerpen_process.pk])
    page = client.get(url)
    assert b"Start the strategy" in page.content
    response = client.post(reverse("strategies:start", args=[world.kerpen_process.pk]))
    assert response.status_code == 302
    strategy = Strategy.objects.get(process=world.kerpen_process)
    assert strategy.fields_of_action.count() == 9
    page = client.get(url)
    assert b"Language and education" in page.content
    assert b"not translated yet" not in page.content


def test_a_moderator_reads_but_does_not_edit(client, world, strategy):
    client.force_login(world.moderator)
    page = client.get(reverse("strategies:strategy", args=[world.kerpen_process.pk]))
    assert page.status_code == 200
    assert b"not translated yet" in page.content  # German titles read in English
    assert b"Add a field of action" not in page.content
    assert client.get(reverse("strategies:field_add", args=[strategy.pk])).status_code == 403


def test_add_a_goal_in_the_current_language(client, world, strategy):
    client.force_login(world.coordinator)
    field = strategy.fields_of_action.order_by("order")[0]
    response = client.post(
        reverse("strategies:goal_add", args=[field.pk]),
        {
            "title": "More language courses",
            "description": "",
            "target_year": "2030",
            "weight": "1",
            "field_of_action": str(field.pk),
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/goals/{goal.pk}/")
    assert goal.title == {"en": "More language courses"}
    page = client.get(reverse("strategies:goal", args=[goal.pk]))
    assert b"More language courses" in page.content


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "target_year": "2030", "weight": "1"},
        {"title": "Ziel", "target_year": "1800", "weight": "1"},
        {"title": "Ziel", "target_year": "soon", "weight": "1"},
        {"title": "Ziel", "target_year": "", "weight": "-1"},
    ],
)
def test_a_bad_goal_is_the_form_again(client, world, strategy, data):
    client.force_login(world.coordinator)
    field = strategy.fields_of_action.order_by("order")[0]
    changes = StrategyChange.objects.count()
    response = client.post(
        reverse("strategies:goal_add", args=[field.pk]),
        {"description": "", "field_of_action": str(field.pk), **data},
    )
    assert response.status_code == 400
    assert not Goal.objects.exists()
    assert StrategyChange.objects.count() == changes


def test_edit_a_goal_adds_the_translation(client, world, strategy):
    goal = _goal(world, strategy)
    client.force_login(world.working_group_member)
    response = client.post(
        reverse("strategies:goal_edit", args=[goal.pk]),
        {
            "title": "More language courses",
            "description": "",
            "target_year": "2031",
            "weight": "2",
            "field_of_action": str(goal.field_of_action_id),
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == {"de": "Mehr Sprachkurse", "en": "More language courses"}
    assert goal.target_year == 2031


def test_a_measure_whose_end_is_before_its_start(client, world, strategy):
    goal = _goal(world, strategy)
    client.force_login(world.coordinator)
    data = {
        "title": "Sprachcafé",
        "status": "planned",
        "progress": "0",
        "weight": "1",
        "start": "2027-05-01",
        "end": "2027-04-01",
    }
    response = client.post(reverse("strategies:measure_add", args=[goal.pk]), data)
    assert response.status_code == 400
    assert b"The end cannot be before the start." in response.content
    assert (
        client.post(
            reverse("strategies:measure_add", args=[goal.pk]), data | {"progress": "150"}
        ).status_code
        == 400
    )
    assert not Measure.objects.exists()
    response = client.post(
        reverse("strategies:measure_add", args=[goal.pk]), data | {"end": "2027-12-31"}
    )
    measure = Measure.objects.get()
    assert response["Location"].endswith(f"/measures/{measure.pk}/")
    assert client.get(response["Location"]).status_code == 200


def test_an_indicator_from_the_catalogue_and_its_actual_values(client, world, strategy):
    goal = _goal(world, strategy)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategies:indicator_add", args=[goal.pk]),
        {"catalogue_key": "unemployment-gap", "target": "2", "target_year": "2030"},
    )
    assert response.status_code == 302
    indicator = goal.indicators.get()
    url = reverse("strategies:actual_add", args=[indicator.pk])
    assert client.post(url, {"actual-period": "2027", "actual-value": "x"}).status_code == 400
    assert client.post(url, {"actual-period": "2027", "actual-value": "3.5"}).status_code == 302
    page = client.get(reverse("strategies:indicator", args=[indicator.pk]))
    assert b"3.5" in page.content
    own = client.post(reverse("strategies:indicator_add", args=[goal.pk]), {"catalogue_key": ""})
    assert own.status_code == 400 and goal.indicators.count() == 1


def test_a_goal_from_the_workshop(client, world, strategy, goal_candidate, measure_candidate):
    client.force_login(world.coordinator)
    page = client.get(reverse("strategies:candidates", args=[strategy.pk]))
    assert "Mehr Sprachkurse für Berufstätige".encode() in page.content
    assert b"Make a goal first" in page.content
    response = client.post(
        reverse("strategies:candidate_goal", args=[strategy.pk, goal_candidate.pk])
    )
    goal = Goal.objects.get(candidate=goal_candidate)
    assert response["Location"].endswith(f"/goals/{goal.pk}/")
    page = client.get(response["Location"])
    assert b"From the workshop" in page.content and b"Candidate:" in page.content
    response = client.post(
        reverse("strategies:candidate_measure", args=[strategy.pk, measure_candidate.pk]),
        {"goal": str(goal.pk)},
    )
    measure = Measure.objects.get(candidate=measure_candidate)
    assert measure.goal == goal
    page = client.get(reverse("strategies:candidates", args=[strategy.pk]))
    assert b"Goal of the strategy:" in page.content and b"Create goal" not in page.content


def test_another_municipalitys_strategy_is_not_found(client, world, strategy):
    goal = _goal(world, strategy)
    client.force_login(world.other_coordinator)
    for url in (
        reverse("strategies:strategy", args=[world.kerpen_process.pk]),
        reverse("strategies:goal", args=[goal.pk]),
        reverse("strategies:history", args=[strategy.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("strategies:goal_delete", args=[goal.pk])).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_anonymous_is_sent_to_log_in(client, world, strategy):
    response = client.get(reverse("strategies:strategy", args=[world.kerpen_process.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_history_page(client, world, strategy):
    goal = _goal(world, strategy, target_year=2030)
    services.goal_update(actor=world.coordinator, goal=goal, target_year=2032)
    client.force_login(world.moderator)
    page = client.get(reverse("strategies:history", args=[strategy.pk]))
    assert page.status_code == 200
    assert b"target_year" in page.content and b"2032" in page.content


def _fill(world, strategy, goals: int):
    fields = list(strategy.fields_of_action.all())
    for n in range(goals):
        goal = services.goal_create(
            actor=world.coordinator, field_of_action=fields[n % 9], title={"de": f"Ziel {n}"}
        )
        services.measure_create(actor=world.coordinator, goal=goal, title={"de": "M"})
        services.indicator_create(actor=world.coordinator, goal=goal, name={"de": "I"})


@pytest.mark.parametrize("page", ["strategy", "history"])
def test_the_pages_queries_do_not_grow_with_the_rows(
    client, world, strategy, django_assert_max_num_queries, page
):
    client.force_login(world.coordinator)
    url = (
        reverse("strategies:strategy", args=[world.kerpen_process.pk])
        if page == "strategy"
        else reverse("strategies:history", args=[strategy.pk])
    )
    _fill(world, strategy, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill(world, strategy, 20)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("role", "shown"), [("moderator", True), ("working_group_member", True)])
def test_the_strategy_phase_has_its_card(client, world, role, shown):
    client.force_login(world.by_role(role))
    page = client.get(reverse("processes:phase", args=[world.kerpen_process.pk, "strategy"]))
    url = reverse("strategies:strategy", args=[world.kerpen_process.pk])
    assert (f'href="{url}"' in page.content.decode()) is shown
    other = client.get(reverse("processes:phase", args=[world.kerpen_process.pk, "preparation"]))
    assert f'href="{url}"' not in other.content.decode()


def test_a_field_of_action_moves_and_a_full_one_stays(client, world, strategy):
    client.force_login(world.coordinator)
    fields = list(strategy.fields_of_action.order_by("order"))
    response = client.post(
        reverse("strategies:field_move", args=[fields[1].pk]), {"direction": "up"}
    )
    assert response["Location"].endswith(f"#section-field-{fields[1].pk}")
    assert list(strategy.fields_of_action.order_by("order"))[:2] == [fields[1], fields[0]]
    goal = _goal(world, strategy)
    assert goal.field_of_action == fields[1]
    response = client.post(reverse("strategies:field_delete", args=[fields[1].pk]), follow=True)
    assert b"Only a field of action without goals can be removed." in response.content
    assert strategy.fields_of_action.count() == 9
