"""Comments and assignments: who writes them, what they are about, "my assignments" and the
assignments due soon; another municipality's ids and forged fields refused, nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.strategies import selectors, services
from cohesion.strategies.models import Assignment, StrategyComment

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def goal(world, strategy):
    return services.goal_create(
        actor=world.coordinator,
        field_of_action=strategy.fields_of_action.order_by("order")[0],
        title={"de": "Mehr Sprachkurse"},
    )


@pytest.fixture
def measure(world, goal):
    return services.measure_create(actor=world.coordinator, goal=goal, title={"de": "Abendkurse"})


@pytest.fixture
def stuttgart_strategy(world):
    return services.strategy_create(
        actor=world.other_coordinator, process=world.stuttgart_process, language="de"
    )


def test_readers_and_editors_comment_on_a_goal(client, world, strategy, goal):
    client.force_login(world.moderator)  # reads the strategy, does not edit it
    url = reverse("strategies:comments", args=[strategy.pk])
    response = client.post(url, {"about": f"goal-{goal.pk}", "text": "  Gute Idee\u202e!  "})
    assert response.status_code == 302
    comment = StrategyComment.objects.get()
    assert (comment.about, comment.object_id, comment.text) == ("goal", goal.pk, "Gute Idee!")
    assert comment.object_label == "Mehr Sprachkurse"
    assert AuditEvent.objects.filter(action="strategies.comment_add").count() == 1
    page = client.get(url + f"?about=goal-{goal.pk}")
    assert b"Gute Idee!" in page.content
    assert b"Gute Idee!" not in client.get(url + "?about=goal-999999").content


def test_a_comment_on_another_strategys_goal_is_refused(
    client, world, strategy, stuttgart_strategy
):
    other_goal = services.goal_create(
        actor=world.other_coordinator,
        field_of_action=stuttgart_strategy.fields_of_action.first(),
        title={"de": "Stuttgart"},
    )
    client.force_login(world.coordinator)
    url = reverse("strategies:comments", args=[strategy.pk])
    response = client.post(url, {"about": f"goal-{other_goal.pk}", "text": "hallo"})
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.strategy_comment_add(
            actor=world.coordinator,
            strategy=strategy,
            text="hallo",
            about="goal",
            object_id=other_goal.pk,
        )
    assert not StrategyComment.objects.exists()


def test_comments_refused_to_outsiders_and_empty_text(client, world, strategy):
    url = reverse("strategies:comments", args=[strategy.pk])
    client.force_login(world.other_coordinator)
    assert client.post(url, {"about": "strategy", "text": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.strategy_comment_add(actor=world.outsider, strategy=strategy, text="x")
    client.force_login(world.coordinator)
    assert client.post(url, {"about": "strategy", "text": "\u200b \u200b"}).status_code == 400
    assert not StrategyComment.objects.exists()


def test_assignments_due_and_mine(client, world, strategy, goal, measure):
    today = datetime.date(2027, 3, 1)
    due_soon = services.assignment_create(
        actor=world.coordinator,
        strategy=strategy,
        assignee=world.working_group_member,
        task="Kurszeiten mit der VHS klären",
        due=today + datetime.timedelta(days=3),
        measure=measure,
    )
    overdue = services.assignment_create(
        actor=world.coordinator,
        strategy=strategy,
        assignee=world.moderator,
        task="Zahlen nachtragen",
        due=today - datetime.timedelta(days=1),
        goal=goal,
    )
    services.assignment_create(
        actor=world.coordinator,
        strategy=strategy,
        assignee=world.moderator,
        task="Später",
        due=today + datetime.timedelta(days=30),
        goal=goal,
    )
    assert selectors.assignments_due(today=today) == [overdue, due_soon]
    services.assignment_done_set(actor=world.moderator, assignment=overdue, done=True, today=today)
    assert selectors.assignments_due(today=today) == [due_soon]
    assert selectors.assignments_due(today=today, within_days=30)[-1].task == "Später"

    client.force_login(world.working_group_member)
    page = client.get(reverse("strategies:my_assignments"))
    assert b"Kurszeiten mit der VHS" in page.content and b"Zahlen nachtragen" not in page.content
    response = client.post(
        reverse("strategies:assignment_done", args=[due_soon.pk]), {"done": "on", "next": "mine"}
    )
    assert response.status_code == 302
    due_soon.refresh_from_db()
    assert due_soon.done_on is not None
    assert AuditEvent.objects.filter(action="strategies.assignment_done").count() == 2


def test_an_assignee_outside_the_municipality_is_refused(client, world, strategy, goal):
    with pytest.raises(ValidationError):
        services.assignment_create(
            actor=world.coordinator,
            strategy=strategy,
            assignee=world.other_coordinator,
            task="x",
            due=datetime.date(2027, 1, 1),
            goal=goal,
        )
    client.force_login(world.coordinator)
    url = reverse("strategies:assignments", args=[strategy.pk])
    response = client.post(
        url,
        {
            "about": f"goal-{goal.pk}",
            "assignee": str(world.other_coordinator.pk),  # forged: not among the choices
            "task": "x",
            "due": "2027-01-01",
        },
    )
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_assignments_by_editors_only(client, world, strategy, goal):
    url = reverse("strategies:assignments", args=[strategy.pk])
    data = {
        "about": f"goal-{goal.pk}",
        "assignee": str(world.moderator.pk),
        "task": "Aufgabe",
        "due": "2027-01-01",
    }
    client.force_login(world.moderator)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(world.working_group_member)
    assert client.post(url, data).status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.assignee == world.moderator and assignment.goal == goal
    # Someone else than the assignee, without the right to edit, may not tick it off.
    client.force_login(world.other_coordinator)
    done_url = reverse("strategies:assignment_done", args=[assignment.pk])
    assert client.post(done_url, {"done": "on"}).status_code == 404
    assignment.refresh_from_db()
    assert assignment.done_on is None


@pytest.mark.parametrize("page", ["assignments", "my_assignments", "comments"])
def test_list_pages_need_the_same_queries_for_more_rows(
    client, world, strategy, goal, measure, page, django_assert_max_num_queries
):
    def add(n):
        for index in range(n):
            services.assignment_create(
                actor=world.coordinator,
                strategy=strategy,
                assignee=world.coordinator,
                task=f"Aufgabe {index}",
                due=datetime.date(2027, 1, 1),
                **({"goal": goal} if index % 2 else {"measure": measure}),
            )
            services.strategy_comment_add(
                actor=world.coordinator,
                strategy=strategy,
                text=f"Kommentar {index}",
                about="measure",
                object_id=measure.pk,
            )

    client.force_login(world.coordinator)
    args = [] if page == "my_assignments" else [strategy.pk]
    url = reverse(f"strategies:{page}", args=args)
    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
