"""Helpers (co-moderators and interpreters): they run the console and translate cards, and
change nothing of the agenda; machine-translation suggestions from a LibreTranslate-compatible
service they confirm before anything is stored."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.workshops import services, translating
from cohesion.workshops.models import Card, Item
from cohesion.workshops.selectors import (
    cards_to_translate,
    workshop_for_editor,
    workshop_for_runner,
    workshops_helped_by,
)
from tests.factories import UserFactory
from tests.workshops.helpers import scale_item


@pytest.fixture
def helper(world, workshop):
    user = UserFactory(username="interpreter")
    services.workshop_helper_add(actor=world.moderator, workshop=workshop, username="Interpreter")
    return user


def _brainstorm_card(workshop, text="Mehr Sprachkurse am Abend", language="de", **fields):
    item = workshop.items.order_by("day__phase_slug", "position").first()
    return Card.objects.create(item=item, text=text, language=language, **fields)


# --- who may do what ---


def test_a_helper_runs_the_console_but_not_the_agenda(world, workshop, helper):
    item = scale_item(workshop)
    assert workshop_for_runner(user=helper, pk=workshop.pk) == workshop
    assert workshop_for_editor(user=helper, pk=workshop.pk) is None
    for action in ("open", "reveal", "lock", "close"):
        item = services.item_run(actor=helper, item=item, action=action)
    assert item.state == Item.State.CLOSED and item.revealed
    assert services.item_next(actor=helper, workshop=workshop) is not None
    day = item.day
    with pytest.raises(PermissionDenied):
        services.item_delete(actor=helper, item=item)
    with pytest.raises(PermissionDenied):
        services.item_move(actor=helper, item=item, by=1)
    with pytest.raises(PermissionDenied):
        services.item_duplicate(actor=helper, item=item)
    with pytest.raises(PermissionDenied):
        services.workshop_day_update(actor=helper, day=day, room="Saal 2")
    with pytest.raises(PermissionDenied):
        services.workshop_helper_add(actor=helper, workshop=workshop, username="outsider")
    assert not world.outsider.has_perm("workshops.run_workshop", workshop)


def test_an_outsider_runs_nothing(world, workshop):
    item = scale_item(workshop)
    assert workshop_for_runner(user=world.outsider, pk=workshop.pk) is None
    assert workshop_for_runner(user=world.other_coordinator, pk=workshop.pk) is None
    with pytest.raises(PermissionDenied):
        services.item_run(actor=world.outsider, item=item, action="open")
    with pytest.raises(PermissionDenied):
        services.item_next(actor=world.outsider, workshop=workshop)
    with pytest.raises(PermissionDenied):
        services.card_translate(
            actor=world.outsider, card=_brainstorm_card(workshop), language="en", text="x"
        )


def test_an_inactive_helper_runs_nothing(workshop, helper):
    helper.is_active = False
    helper.save(update_fields=["is_active"])
    assert workshop_for_runner(user=helper, pk=workshop.pk) is None
    assert workshops_helped_by(user=helper) == []


def test_a_removed_helper_runs_nothing(world, workshop, helper):
    services.workshop_helper_remove(actor=world.moderator, workshop=workshop, user=helper)
    assert workshop_for_runner(user=helper, pk=workshop.pk) is None
    events = AuditEvent.objects.filter(action__startswith="workshops.helper").order_by("pk")
    assert [e.action for e in events] == ["workshops.helper_add", "workshops.helper_remove"]


def test_the_helpers_pages(client, world, workshop, helper):
    item = scale_item(workshop)
    client.force_login(helper)
    for name in ("console", "presenter", "translate"):
        assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 200
    console = client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()
    assert f'href="{reverse("workshops:agenda", args=[workshop.pk])}"' not in console
    helping = client.get(reverse("workshops:helping")).content.decode()
    assert reverse("workshops:console", args=[workshop.pk]) in helping
    # Running: back to the console, whatever the form says.
    response = client.post(
        reverse("workshops:item_action", args=[workshop.pk, item.pk, "open"]), {"back": "agenda"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk])
    assert client.post(reverse("workshops:next", args=[workshop.pk])).status_code == 302
    # The agenda is not theirs: 404, as for anything they do not see.
    refused = [
        ("get", reverse("workshops:agenda", args=[workshop.pk])),
        ("get", reverse("workshops:item", args=[workshop.pk, item.pk])),
        ("post", reverse("workshops:item", args=[workshop.pk, item.pk])),
        ("post", reverse("workshops:day", args=[workshop.pk, item.day_id])),
        ("get", reverse("workshops:item_add", args=[workshop.pk, item.day_id])),
        *[
            ("post", reverse("workshops:item_action", args=[workshop.pk, item.pk, action]))
            for action in ("up", "down", "duplicate", "delete")
        ],
        ("post", reverse("workshops:helper_add", args=[workshop.pk])),
        ("post", reverse("workshops:helper_remove", args=[workshop.pk, helper.pk])),
    ]
    for method, url in refused:
        assert getattr(client, method)(url, {"username": "outsider"}).status_code == 404, url
    assert workshop.items.filter(pk=item.pk).exists()
    assert list(workshop.helpers.all()) == [helper]


# --- naming helpers ---


def test_editors_name_and_remove_helpers_audited(client, world, workshop):
    UserFactory(username="interpreter")
    client.force_login(world.moderator)
    add = reverse("workshops:helper_add", args=[workshop.pk])
    response = client.post(add, {"username": "interpreter"}, follow=True)
    assert "interpreter" in response.content.decode()
    helper = workshop.helpers.get()
    assert helper.username == "interpreter"
    unknown = client.post(add, {"username": "nobody-here"}, follow=True).content.decode()
    assert "nobody-here" in unknown and workshop.helpers.count() == 1
    client.post(reverse("workshops:helper_remove", args=[workshop.pk, helper.pk]))
    assert not workshop.helpers.exists()
    events = AuditEvent.objects.filter(action__startswith="workshops.helper").order_by("pk")
    assert [(e.action, e.actor_id) for e in events] == [
        ("workshops.helper_add", world.moderator.pk),
        ("workshops.helper_remove", world.moderator.pk),
    ]
    assert events[0].after == {"helper": "interpreter"}
    assert events[0].municipality_id == world.kerpen.pk


def test_an_inactive_account_cannot_be_named(world, workshop):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(ValidationError):
        services.workshop_helper_add(actor=world.moderator, workshop=workshop, username="gone")


# --- translating cards ---


def test_a_helper_translates_a_card_audited(world, workshop, helper):
    card = _brainstorm_card(workshop)
    card = services.card_translate(actor=helper, card=card, language="en", text="  More  courses ")
    card.refresh_from_db()
    assert card.text == "Mehr Sprachkurse am Abend" and card.language == "de"
    assert card.translations == {"en": "More courses"}
    services.card_translate(actor=helper, card=card, language="en", text="Evening courses")
    event = AuditEvent.objects.filter(action="workshops.card_translate").order_by("pk").last()
    assert event.actor_id == helper.pk
    assert event.before == {"language": "en", "text": "More courses"}
    assert event.after == {"language": "en", "text": "Evening courses"}


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "Schon Deutsch"), ("xx", "Unknown"), ("en", "   "), ("en", "x" * 281)],
)
def test_a_translation_needs_another_known_language_and_some_text(workshop, helper, language, text):
    card = _brainstorm_card(workshop)
    with pytest.raises(ValidationError):
        services.card_translate(actor=helper, card=card, language=language, text=text)
    card.refresh_from_db()
    assert card.translations == {}


def test_the_interpreters_page_lists_the_cards_still_to_translate(client, workshop, helper):
    waiting = _brainstorm_card(workshop, text="Kita-Plätze für alle")
    done = _brainstorm_card(workshop, text="Schon übersetzt", translations={"en": "Translated"})
    english = _brainstorm_card(workshop, text="Written in English", language="en")
    _brainstorm_card(workshop, text="Noch nicht moderiert", moderation=Card.Moderation.PENDING)
    assert cards_to_translate(workshop=workshop, language="en") == [waiting]
    assert cards_to_translate(workshop=workshop, language="de") == [english]
    client.force_login(helper)
    url = reverse("workshops:translate", args=[workshop.pk])
    page = client.get(url, {"language": "en"}).content.decode()
    assert "Kita-Plätze für alle" in page and done.text not in page
    assert "Noch nicht moderiert" not in page
    response = client.post(url, {"card": waiting.pk, "language": "en", "text": "Daycare"})
    assert response.status_code == 302 and response["Location"] == f"{url}?language=en"
    waiting.refresh_from_db()
    assert waiting.translations == {"en": "Daycare"}
    # Another workshop's card is not found from this one.
    assert client.post(url, {"card": 10**9, "language": "en", "text": "x"}).status_code == 404


@pytest.mark.realtime
@pytest.mark.django_db(transaction=True)
def test_the_screen_websocket_accepts_a_helper_and_hears_a_translation(world, workshop, helper):
    from tests.workshops.test_consumers import _screen, _user_headers

    card = _brainstorm_card(workshop)
    headers = _user_headers(helper)
    outsider_headers = _user_headers(world.outsider)

    async def scenario():
        refused = _screen(workshop, outsider_headers)
        assert not (await refused.connect())[0]
        console = _screen(workshop, headers)
        assert (await console.connect())[0]
        assert (await console.receive_json_from(timeout=5))["type"] == "snapshot"
        await database_sync_to_async(services.card_translate)(
            actor=helper, card=card, language="en", text="More courses"
        )
        heard = await console.receive_json_from(timeout=5)
        await console.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    assert heard["type"] == "results" and heard["item"] == card.item_id


# --- machine-translation suggestions against a real LibreTranslate-like server ---


class _LibreTranslate(BaseHTTPRequestHandler):
    answer = None  # what the server answers: None translates, bytes are sent as they are
    received: list = []

    def do_POST(self):  # noqa: N802 (the http.server name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, body))
        if self.answer is None:
            payload = json.dumps({"translatedText": f"[{body['target']}] {body['q']}"}).encode()
        else:
            payload = self.answer
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def libretranslate():
    _LibreTranslate.answer, _LibreTranslate.received = None, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_suggestion_from_a_libretranslate_server(libretranslate):
    with override_settings(MACHINE_TRANSLATION_URL=libretranslate + "/"):
        assert translating.suggest("Guten Tag", "de", "en") == "[en] Guten Tag"
    assert _LibreTranslate.received == [
        ("/translate", {"q": "Guten Tag", "source": "de", "target": "en", "format": "text"})
    ]
    with override_settings(MACHINE_TRANSLATION_URL=libretranslate, MACHINE_TRANSLATION_KEY="k"):
        translating.suggest("Hallo", "de", "ar")
    assert _LibreTranslate.received[-1][1]["api_key"] == "k"


@pytest.mark.parametrize(
    "answer",
    [b"not json", b'{"error": "too many requests"}', b'["list"]', b'{"translatedText": 3}'],
)
def test_a_malformed_answer_is_no_suggestion(libretranslate, answer):
    _LibreTranslate.answer = answer
    with override_settings(MACHINE_TRANSLATION_URL=libretranslate):
        assert translating.suggest("Guten Tag", "de", "en") is None


def test_an_unreachable_or_missing_provider_is_no_suggestion(libretranslate):
    server_gone = libretranslate.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens
    with override_settings(MACHINE_TRANSLATION_URL=server_gone):
        assert translating.suggest("Guten Tag", "de", "en") is None
    with override_settings(MACHINE_TRANSLATION_URL=""):
        assert translating.suggest("Guten Tag", "de", "en") is None
    with override_settings(MACHINE_TRANSLATION_URL="file:///etc/passwd"):
        assert translating.suggest("Guten Tag", "de", "en") is None


def test_the_interpreter_confirms_a_suggestion_before_it_is_stored(
    client, workshop, helper, libretranslate
):
    card = _brainstorm_card(workshop, text="Kita-Plätze für alle")
    client.force_login(helper)
    url = reverse("workshops:translate", args=[workshop.pk])
    with override_settings(MACHINE_TRANSLATION_URL=libretranslate):
        page = client.get(url, {"language": "en"}).content.decode()
    assert "[en] Kita-Plätze für alle</textarea>" in page
    card.refresh_from_db()
    assert card.translations == {}  # shown, not stored
    client.post(url, {"card": card.pk, "language": "en", "text": "Daycare places for all"})
    card.refresh_from_db()
    assert card.translations == {"en": "Daycare places for all"}


def test_a_reader_sees_the_card_in_their_language_with_the_original(workshop, helper):
    from cohesion.workshops.selectors import card_shown

    card = services.card_translate(
        actor=helper, card=_brainstorm_card(workshop), language="en", text="More courses"
    )
    english = card_shown(card=card, language="en")
    assert (english.text, english.is_original) == ("More courses", False)
    assert (english.original, english.original_language) == ("Mehr Sprachkurse am Abend", "de")
    turkish = card_shown(card=card, language="tr")
    assert (turkish.text, turkish.is_original) == ("Mehr Sprachkurse am Abend", True)
