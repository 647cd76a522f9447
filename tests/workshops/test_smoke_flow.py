"""The workshop's core loop through its services: made from the template, an item opened,
answers counted once, results with the group breakdown only from five people on."""

import pytest
from django.core.exceptions import PermissionDenied

from cohesion.workshops import selectors, services
from cohesion.workshops.kinds import AnswerError
from cohesion.workshops.models import Item

pytestmark = pytest.mark.django_db


def _scale_item(workshop):
    return workshop.items.filter(kind="scale").order_by("position").first()


def test_the_template_makes_both_days_in_every_language(world):
    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    assert [day.phase_slug for day in workshop.days.all()] == ["workshop-day-1", "workshop-day-2"]
    item = _scale_item(workshop)
    assert set(item.title) == {"de", "en", "tr", "ar", "ru", "uk"}
    assert item.config["scale"] == "agreement"


def test_outsiders_cannot_make_a_workshop(world):
    with pytest.raises(PermissionDenied):
        services.workshop_create(actor=world.other_coordinator, process=world.kerpen_process)


def test_an_answer_resent_counts_once_and_a_late_older_one_changes_nothing(world):
    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    item = services.item_run(actor=world.moderator, item=_scale_item(workshop), action="open")
    participant = services.participant_join(workshop=workshop, device_hash="a" * 64, language="ar")
    first = services.answer_submit(
        participant=participant, item_id=item.pk, value=4, client_key="key-00001", sequence=10
    )
    again = services.answer_submit(
        participant=participant, item_id=item.pk, value=4, client_key="key-00001", sequence=10
    )
    newer = services.answer_submit(
        participant=participant, item_id=item.pk, value=2, client_key="key-00002", sequence=20
    )
    late = services.answer_submit(
        participant=participant, item_id=item.pk, value=5, client_key="key-00003", sequence=15
    )
    assert [r.status for r in (first, again, newer, late)] == [
        "counted",
        "repeated",
        "changed",
        "outdated",
    ]
    results = selectors.item_results(item=item)
    assert results["count"]["counts"] == [0, 1, 0, 0, 0]


def test_answers_to_an_item_that_is_not_open_are_refused(world):
    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    item = _scale_item(workshop)
    participant = services.participant_join(workshop=workshop, device_hash="b" * 64, language="de")
    with pytest.raises(AnswerError) as refused:
        services.answer_submit(
            participant=participant, item_id=item.pk, value=3, client_key="key-00001", sequence=1
        )
    assert refused.value.code == "not_open"
    services.item_run(actor=world.moderator, item=item, action="open")
    services.item_run(actor=world.moderator, item=item, action="lock")
    with pytest.raises(AnswerError):
        services.answer_submit(
            participant=participant, item_id=item.pk, value=3, client_key="key-00001", sequence=1
        )
    assert item.answers.count() == 0
    assert Item.objects.get(pk=item.pk).state == Item.State.LOCKED


def test_a_group_is_shown_only_from_five_answers(world):
    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    item = services.item_run(actor=world.moderator, item=_scale_item(workshop), action="open")
    for n in range(9):
        group = "immigrant" if n < 5 else "policy"
        participant = services.participant_join(
            workshop=workshop,
            device_hash=f"{n:064d}",
            language="de",
            group=group,
            group_consent=True,
        )
        services.answer_submit(
            participant=participant, item_id=item.pk, value=5, client_key=f"key-{n:05d}", sequence=1
        )
    breakdown = selectors.item_results(item=item)["breakdown"]
    assert list(breakdown["groups"]) == ["immigrant"]
    assert breakdown["hidden"] == ["policy"]


def test_the_balance_shows_whose_answers_and_whose_cards_are_missing(world):
    from cohesion.workshops.models import Card

    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    likert = services.item_run(actor=world.moderator, item=_scale_item(workshop), action="open")
    people = [
        services.participant_join(
            workshop=workshop,
            device_hash=f"{n:064d}",
            language="de",
            group="immigrant" if n < 5 else "administration",
            group_consent=True,
        )
        for n in range(10)
    ]
    for n, person in enumerate(people[5:]):  # only the administration answers
        services.answer_submit(
            participant=person, item_id=likert.pk, value=4, client_key=f"key-{n:05d}", sequence=1
        )
    cards = workshop.items.filter(kind="cards").first()
    for person in people[:5]:  # only immigrants write cards
        Card.objects.create(item=cards, participant=person, text="Abendkurse", language="de")
    balance = selectors.room_balance(workshop=workshop)
    assert balance["answers"]["room_share"] == 0.5
    assert balance["answers"]["contribution_share"] == 0.0
    assert balance["cards"]["contribution_share"] == 1.0
    assert balance["room_checked_in"] is False

    # Once a census knows the room (the check-in), the room's share is the checked-in people's,
    # other groups included, whatever the phones named.
    from cohesion.workshops.room import room_census_register, room_census_unregister

    room_census_register(
        key="test",
        census=lambda *, process: (
            {"immigrant": 10, "administration": 5, "other": 5}
            if process == world.kerpen_process
            else None
        ),
    )
    try:
        balance = selectors.room_balance(workshop=workshop)
    finally:
        room_census_unregister(key="test")
    assert balance["room_checked_in"] is True
    assert balance["people"] == 20
    assert balance["answers"]["room_share"] == 0.5
    assert balance["cards"]["room_share"] == 0.5
    assert selectors.room_balance(workshop=workshop)["people"] == 10


def test_the_climate_survey_is_kept_for_the_comparison_in_monitoring(world):
    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    survey = selectors.climate_survey(workshop=workshop)
    assert [item.config["scale"] for item, _results in survey] == [
        "agreement",
        "agreement",
        "frequency",
    ]
    assert all(results["answers"] == 0 for _item, results in survey)


def test_an_item_with_cards_keeps_its_kind(world):
    from django.core.exceptions import ValidationError

    from cohesion.workshops.models import Card

    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    item = workshop.items.filter(kind="cards").first()
    Card.objects.create(item=item, text="Abendkurse", language="de")
    with pytest.raises(ValidationError):
        services.item_save(
            actor=world.moderator,
            day=item.day,
            item=item,
            kind="single",
            title=item.title,
            prompt=item.prompt,
            options=[{"de": "Ja"}, {"de": "Nein"}],
        )


def test_the_screens_show_how_each_group_of_five_or_more_chose(world):
    from cohesion.workshops.views.rendering import results_html

    workshop = services.workshop_create(actor=world.moderator, process=world.kerpen_process)
    day = workshop.days.first()
    item = services.item_save(
        actor=world.moderator,
        day=day,
        kind="single",
        title={"de": "Was zuerst?"},
        prompt={},
        options=[{"de": "Sprachkurse"}, {"de": "Wohnungen"}],
    )
    item = services.item_run(actor=world.moderator, item=item, action="open")
    for n in range(9):
        person = services.participant_join(
            workshop=workshop,
            device_hash=f"{n:064d}",
            language="de",
            group="immigrant" if n < 5 else "policy",
            group_consent=True,
        )
        services.answer_submit(
            participant=person,
            item_id=item.pk,
            value=0 if n < 4 else 1,
            client_key=f"key-{n:05d}",
            sequence=1,
        )
    html, answers = results_html(
        item=item, results=selectors.item_results(item=item), screen="console", language="en"
    )
    assert answers == 9
    table = html[html.index("By stakeholder group") :]
    assert "Immigrant or immigrant organisation" in table and "Policymaker" not in table
    # Four immigrants chose language courses, one housing.
    assert '<td class="numeric">4</td>' in table and '<td class="numeric">1</td>' in table
    assert "fewer than 5 answers" in html
