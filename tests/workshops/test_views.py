"""The workshop's pages: the moderator's agenda, item editor, console and presenter; the
participant's join, room and fallback answer form; and who is turned away."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from cohesion.participation.devices import COOKIE_NAME
from cohesion.workshops import services
from cohesion.workshops.models import Answer, Item, Workshop, WorkshopParticipant
from tests.workshops.helpers import TITLES, scale_item

pytestmark = pytest.mark.django_db


def _join(client, workshop, **data):
    fields = {"language": "ar", "nickname": "", "group": "", "attribute": ""}
    fields.update(data)
    return client.post(reverse("participate:workshop_join", args=[workshop.code]), fields)


# --- the moderator's pages ---


def test_start_makes_the_workshop_from_the_template(client, world):
    client.force_login(world.moderator)
    url = reverse("workshops:start", args=[world.kerpen_process.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    workshop = Workshop.objects.get(process=world.kerpen_process)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:agenda", args=[workshop.pk])
    assert workshop.items.count() == 12
    # Once made, the start page leads to the agenda.
    assert client.get(url)["Location"] == reverse("workshops:agenda", args=[workshop.pk])


def test_the_agenda_lists_the_template_in_bounded_queries(
    client, world, workshop, django_assert_max_num_queries
):
    client.force_login(world.moderator)
    assert workshop.items.count() == 12
    with django_assert_max_num_queries(8):
        response = client.get(reverse("workshops:agenda", args=[workshop.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert workshop.code in page
    for item in workshop.items.all():
        assert reverse("workshops:item", args=[workshop.pk, item.pk]) in page


def test_the_agenda_costs_the_same_with_more_items(
    client, world, workshop, django_assert_max_num_queries
):
    client.force_login(world.moderator)
    url = reverse("workshops:agenda", args=[workshop.pk])
    for item in list(workshop.items.all()):
        services.item_duplicate(actor=world.moderator, item=item)
    assert workshop.items.count() == 24
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_an_item_is_edited_with_its_translations(client, world, workshop):
    client.force_login(world.moderator)
    item = workshop.items.filter(kind="single").first() or scale_item(workshop)
    url = reverse("workshops:item", args=[workshop.pk, item.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert item.title[workshop.source_language] in page.content.decode()
    data = {
        "kind": "single",
        "pacing": "live",
        "starts_at": "",
        "minutes": "10",
        "title_de": "Was hilft am meisten?",
        "title_en": "What helps most?",
        "title_ar": "ما الذي يساعد أكثر؟",
        "options_de": "Sprachkurse\nSportvereine",
        "options_en": "Language courses\nSports clubs",
    }
    if item.kind != "single":
        item.answers.all().delete()
    response = client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.kind == "single"
    assert item.title == {
        "de": "Was hilft am meisten?",
        "en": "What helps most?",
        "ar": "ما الذي يساعد أكثر؟",
    }
    assert item.config["options"] == [
        {"de": "Sprachkurse", "en": "Language courses"},
        {"de": "Sportvereine", "en": "Sports clubs"},
    ]
    assert item.minutes == 10


def test_an_item_without_a_title_in_the_workshops_language_is_refused(client, world, workshop):
    client.force_login(world.moderator)
    item = scale_item(workshop)
    before = dict(item.title)
    url = reverse("workshops:item", args=[workshop.pk, item.pk])
    response = client.post(url, {"kind": "scale", "pacing": "live", "title_en": "Only English"})
    assert response.status_code == 200
    assert "message--error" in response.content.decode()
    item.refresh_from_db()
    assert item.title == before


def test_an_item_is_added_to_a_day(client, world, workshop):
    client.force_login(world.moderator)
    day = workshop.days.get(phase_slug="workshop-day-2")
    url = reverse("workshops:item_add", args=[workshop.pk, day.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "info", "pacing": "live", "title_de": "Pause"})
    assert response.status_code == 302
    added = day.items.order_by("position").last()
    assert added.title == {"de": "Pause"}


@pytest.mark.parametrize(
    ("kind", "setup", "expected"),
    [
        ("scale", {"scale": "importance"}, {"scale": "importance"}),
        ("dots", {"budget": "7", "options_de": "A\nB"}, {"budget": 7}),
        ("multiple", {"max_choices": "2", "options_de": "A\nB\nC"}, {"max_choices": 2}),
        (
            "rating",
            {"criteria_de": "Reichweite\nWirkung", "criteria_en": "Reach\nEffect"},
            {"criteria": [{"de": "Reichweite", "en": "Reach"}, {"de": "Wirkung", "en": "Effect"}]},
        ),
        (
            "cards",
            {"categories_de": "Sprache\nArbeit", "premoderate": "on"},
            {"categories": [{"de": "Sprache"}, {"de": "Arbeit"}], "premoderate": True},
        ),
    ],
)
def test_the_moderator_sets_up_what_each_kind_asks(client, world, workshop, kind, setup, expected):
    client.force_login(world.moderator)
    day = workshop.days.get(phase_slug="workshop-day-2")
    url = reverse("workshops:item_add", args=[workshop.pk, day.pk])
    data = {"kind": kind, "pacing": "live", "title_de": "Neu", **setup}
    assert client.post(url, data).status_code == 302
    added = day.items.order_by("position").last()
    for key, value in expected.items():
        assert added.config[key] == value
    page = client.get(reverse("workshops:item", args=[workshop.pk, added.pk])).content.decode()
    assert "Neu" in page


def test_a_dot_budget_beyond_the_limit_is_refused_with_nothing_written(client, world, workshop):
    client.force_login(world.moderator)
    day = workshop.days.get(phase_slug="workshop-day-2")
    before = day.items.count()
    url = reverse("workshops:item_add", args=[workshop.pk, day.pk])
    data = {"kind": "dots", "pacing": "live", "title_de": "Punkte", "budget": "1000"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert day.items.count() == before


def _act(client, workshop, item, action, **data):
    return client.post(reverse("workshops:item_action", args=[workshop.pk, item.pk, action]), data)


def test_the_run_actions(client, world, workshop):
    client.force_login(world.moderator)
    item = scale_item(workshop)
    response = _act(client, workshop, item, "open", back="console")
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk])
    item.refresh_from_db()
    workshop.refresh_from_db()
    assert item.state == Item.State.OPEN and workshop.current_item_id == item.pk
    _act(client, workshop, item, "lock")
    item.refresh_from_db()
    assert item.state == Item.State.LOCKED
    assert _act(client, workshop, item, "reveal")["Location"] == reverse(
        "workshops:agenda", args=[workshop.pk]
    )
    item.refresh_from_db()
    assert item.revealed
    _act(client, workshop, item, "close")
    item.refresh_from_db()
    workshop.refresh_from_db()
    assert item.state == Item.State.CLOSED and workshop.current_item_id is None
    # An unknown action changes nothing.
    assert _act(client, workshop, item, "explode").status_code == 302


def test_the_agenda_actions(client, world, workshop):
    client.force_login(world.moderator)
    day = workshop.days.get(phase_slug="workshop-day-1")
    first, second = day.items.order_by("position")[:2]
    _act(client, workshop, second, "up")
    assert list(day.items.order_by("position")[:2]) == [second, first]
    _act(client, workshop, second, "down")
    assert list(day.items.order_by("position")[:2]) == [first, second]
    count = day.items.count()
    _act(client, workshop, first, "duplicate")
    assert day.items.count() == count + 1
    copy = day.items.order_by("position").last()
    assert copy.title == first.title and copy.pk != first.pk
    _act(client, workshop, copy, "delete")
    assert day.items.count() == count
    assert not Item.objects.filter(pk=copy.pk).exists()


def test_the_console_and_the_presenter(client, world, workshop):
    client.force_login(world.moderator)
    item = scale_item(workshop)
    for name in ("console", "presenter"):
        assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 200
    services.item_run(actor=world.moderator, item=item, action="open")
    participant = services.participant_join(workshop=workshop, device_hash="c" * 64, language="de")
    services.answer_submit(
        participant=participant, item_id=item.pk, value=4, client_key="key-00001", sequence=1
    )
    console = client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()
    assert item.title[workshop.source_language] in console
    assert "<meter" in console  # the console counts from the first answer
    presenter = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert "<meter" not in presenter  # the room sees results only once revealed
    services.item_run(actor=world.moderator, item=item, action="reveal")
    presenter = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert "<meter" in presenter
    # Next item closes this one and opens the following one.
    response = client.post(reverse("workshops:next", args=[workshop.pk]))
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk])
    item.refresh_from_db()
    assert item.state == Item.State.CLOSED


# --- who is turned away ---


@pytest.mark.parametrize("role", ["other_coordinator", "outsider", "working_group_member"])
def test_people_who_do_not_run_the_workshop_get_404(client, world, workshop, role):
    client.force_login(world.by_role(role))
    item = scale_item(workshop)
    for url in (
        reverse("workshops:agenda", args=[workshop.pk]),
        reverse("workshops:console", args=[workshop.pk]),
        reverse("workshops:presenter", args=[workshop.pk]),
        reverse("workshops:item", args=[workshop.pk, item.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert _act(client, workshop, item, "open").status_code == 404
    item.refresh_from_db()
    assert item.state == Item.State.WAITING


def test_another_municipalitys_coordinator_cannot_start_one(client, world):
    client.force_login(world.other_coordinator)
    url = reverse("workshops:start", args=[world.kerpen_process.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Workshop.objects.exists()


def test_anonymous_is_sent_to_log_in(client, workshop):
    for url in (
        reverse("workshops:agenda", args=[workshop.pk]),
        reverse("workshops:console", args=[workshop.pk]),
        reverse("workshops:presenter", args=[workshop.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- the participant ---


def test_a_participant_joins_in_their_language(client, workshop):
    url = reverse("participate:workshop_join", args=[workshop.code])
    page = client.get(url)
    assert page.status_code == 200
    # Each hint is the one its field names (aria-describedby), so it is read out with it.
    assert 'aria-describedby="id_nickname_helptext"' in page.content.decode()
    assert 'id="id_nickname_helptext"' in page.content.decode()
    response = _join(client, workshop, language="ar", nickname="Sami")
    assert response.status_code == 302
    assert response["Location"] == reverse("participate:workshop", args=[workshop.code])
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert client.cookies[COOKIE_NAME].value
    participant = WorkshopParticipant.objects.get(workshop=workshop)
    assert (participant.language, participant.nickname, participant.group) == ("ar", "Sami", "")


def test_a_group_is_kept_only_with_consent(client, workshop):
    response = _join(client, workshop, group="immigrant")
    assert response.status_code == 400
    assert "message--error" in response.content.decode()
    assert not WorkshopParticipant.objects.exists()
    response = _join(client, workshop, group="immigrant", group_consent="on")
    assert response.status_code == 302
    participant = WorkshopParticipant.objects.get()
    assert participant.group == "immigrant" and participant.group_consent_at is not None


def test_joining_a_closed_workshop_says_so(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    response = _join(client, workshop, language="de")
    assert response.status_code == 400
    assert "message--error" in response.content.decode()
    assert not WorkshopParticipant.objects.exists()


def test_the_room_shows_the_live_item_in_the_participants_language(client, world, workshop):
    item = scale_item(workshop)
    room = reverse("participate:workshop", args=[workshop.code])
    assert client.get(room)["Location"] == reverse(
        "participate:workshop_join", args=[workshop.code]
    )
    _join(client, workshop, language="ar")
    page = client.get(room).content.decode()
    assert item.title["ar"] not in page  # waiting: nothing to answer yet
    services.item_run(actor=world.moderator, item=item, action="open")
    page = client.get(room).content.decode()
    assert item.title["ar"] in page
    assert TITLES["en"] not in page
    # The original is one tap away.
    assert "<details" in page and TITLES["de"] in page


def test_the_fallback_form_sent_twice_counts_once(client, world, workshop):
    item = services.item_run(actor=world.moderator, item=scale_item(workshop), action="open")
    _join(client, workshop, language="de")
    data = {"item": item.pk, "value": "4", "key": "form-key-0001", "sequence": "1000"}
    url = reverse("participate:workshop_answer", args=[workshop.code])
    for _attempt in range(2):
        response = client.post(url, data)
        assert response["Location"] == reverse("participate:workshop", args=[workshop.code])
    assert Answer.objects.get(item=item).value == 4
    assert Answer.objects.count() == 1


def test_a_refused_fallback_answer_stores_nothing(client, world, workshop):
    item = scale_item(workshop)  # not open
    _join(client, workshop, language="de")
    url = reverse("participate:workshop_answer", args=[workshop.code])
    client.post(url, {"item": item.pk, "value": "4", "key": "form-key-0001", "sequence": "1"})
    client.post(url, {"item": "99999999", "value": "4", "key": "form-key-0002"})
    assert not Answer.objects.exists()


def test_a_wrong_code_is_404(client, workshop):
    for name in ("workshop", "workshop_join"):
        assert client.get(reverse(f"participate:{name}", args=["NOPE99"])).status_code == 404
    url = reverse("participate:workshop_answer", args=["NOPE99"])
    assert client.post(url, {"item": "1"}).status_code == 404


def test_the_presenter_shows_the_municipality_s_figures_for_what_they_imply(client, db):
    """The demo's Kerpen has its district's figures (12521-0041): the item "What the local
    figures imply" puts its charts on the projector."""
    from django.core.management import call_command

    from cohesion.accounts.models import User

    call_command("demo", stdout=io.StringIO())
    # Kerpen's workshop is done: its coordinator (not its moderator any more) runs it again.
    coordinator = User.objects.get(username="coordinator")
    workshop = Workshop.objects.get(process__municipality__ags="05362032")
    figures = workshop.items.get(kind="info", config__show="profile")
    services.item_run(actor=coordinator, item=figures, action="open")
    client.force_login(coordinator)
    page = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert page.count("<figure") >= 1 and "<svg" in page
    assert reverse("indicators:profile", args=["05362032"]) in page
