"""The workshop's websockets through the real ASGI application and the configured channel layer:
phones by join code and device cookie, the console and the presenter for whoever runs it."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import translation

from cohesion.core.consumers import CLOSE_FORBIDDEN
from cohesion.participation.devices import COOKIE_NAME, device_hash
from cohesion.workshops import services
from cohesion.workshops.messages import answer_error_message
from cohesion.workshops.models import Answer
from tests.asgi import asgi_application
from tests.workshops.helpers import scale_item

pytestmark = [pytest.mark.realtime, pytest.mark.django_db(transaction=True)]

BASE_HEADERS = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]


def _phone_headers(token: str) -> list:
    return [*BASE_HEADERS, (b"cookie", f"{COOKIE_NAME}={token}".encode())]


def _user_headers(user) -> list:
    if user is None:
        return list(BASE_HEADERS)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [*BASE_HEADERS, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())]


def _phone(workshop, token: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        asgi_application(), f"/ws/w/{workshop.code}/", headers=_phone_headers(token)
    )


def _screen(workshop, headers, screen="console") -> WebsocketCommunicator:
    """``headers``: _user_headers(user), made before the event loop runs (it logs in)."""
    return WebsocketCommunicator(
        asgi_application(), f"/ws/workshops/{workshop.pk}/{screen}/", headers=headers
    )


def _joined(workshop, token: str, language="de", **fields):
    return services.participant_join(
        workshop=workshop, device_hash=device_hash(token), language=language, **fields
    )


def _answer(item, value=4, key="answer-key-0001", sequence=1) -> dict:
    return {"type": "answer", "item": item.pk, "value": value, "key": key, "sequence": sequence}


def test_a_phone_that_has_not_joined_is_turned_away(workshop):
    async def scenario():
        connected, code = await _phone(workshop, "not-joined-token-000000").connect()
        assert (connected, code) == (False, CLOSE_FORBIDDEN)
        no_cookie = WebsocketCommunicator(
            asgi_application(), f"/ws/w/{workshop.code}/", headers=BASE_HEADERS
        )
        assert (await no_cookie.connect()) == (False, CLOSE_FORBIDDEN)
        wrong_code = WebsocketCommunicator(
            asgi_application(), "/ws/w/NOPE99/", headers=_phone_headers("x" * 22)
        )
        assert (await wrong_code.connect()) == (False, CLOSE_FORBIDDEN)

    async_to_sync(scenario)()


def test_a_phone_answers_and_a_resent_answer_counts_once(world, workshop):
    token = "phone-token-0000000001"
    _joined(workshop, token, language="ar")
    item = services.item_run(actor=world.moderator, item=scale_item(workshop), action="open")

    async def scenario():
        phone = _phone(workshop, token)
        assert (await phone.connect())[0]
        snapshot = await phone.receive_json_from(timeout=5)
        assert snapshot["type"] == "snapshot"
        assert item.title["ar"] in snapshot["html"]
        await phone.send_json_to(_answer(item))
        assert await phone.receive_json_from(timeout=5) == {
            "type": "ack",
            "key": "answer-key-0001",
            "status": "counted",
        }
        await phone.send_json_to(_answer(item))
        assert (await phone.receive_json_from(timeout=5))["status"] == "repeated"
        await phone.send_json_to(_answer(item, value=2, key="answer-key-0002", sequence=2))
        assert (await phone.receive_json_from(timeout=5))["status"] == "changed"
        await phone.disconnect()

    async_to_sync(scenario)()
    assert list(Answer.objects.values_list("value", flat=True)) == [2]


def test_malformed_answers_are_refused_in_the_participants_language(world, workshop):
    token = "phone-token-0000000002"
    _joined(workshop, token, language="ar")
    item = services.item_run(actor=world.moderator, item=scale_item(workshop), action="open")
    refused = [
        (_answer(item, value=9), "out_of_range"),
        (_answer(item, value=True), "malformed"),
        (_answer(item, value="4"), "malformed"),
        ({**_answer(item), "item": 999_999_999}, "no_such_item"),
        ({**_answer(item), "item": str(item.pk)}, "no_such_item"),
        ({**_answer(item), "key": "x"}, "key"),
        ({**_answer(item), "key": "<script>alert(1)</script>"}, "key"),
        ({**_answer(item), "key": ["a", "list"]}, "key"),
        ({**_answer(item), "sequence": "5"}, "key"),
        ({**_answer(item), "sequence": -1}, "key"),
        ({**_answer(item), "sequence": 2**60}, "key"),
    ]

    async def scenario():
        phone = _phone(workshop, token)
        assert (await phone.connect())[0]
        await phone.receive_json_from(timeout=5)
        replies = []
        for message, _code in refused:
            await phone.send_json_to(message)
            replies.append(await phone.receive_json_from(timeout=5))
        errors = []
        for text in (
            "[" * 100_000 + "]" * 100_000,
            '{"type": "answer", "value": ' + "[" * 20 + "]" * 20 + "}",
            "[1, 2]",
            '"answer"',
            "not json",
        ):
            await phone.send_to(text_data=text)
            errors.append(await phone.receive_json_from(timeout=5))
        await phone.disconnect()
        return replies, errors

    replies, errors = async_to_sync(scenario)()
    for (_message, code), reply in zip(refused, replies, strict=True):
        assert reply["type"] == "refused" and reply["code"] == code, reply
    with translation.override("ar"):
        arabic = answer_error_message("out_of_range")
    assert replies[0]["message"] == arabic
    assert [error["type"] for error in errors] == ["error"] * 5
    assert [error["code"] for error in errors] == [
        "too_large",
        "too_deep",
        "invalid",
        "invalid",
        "invalid",
    ]
    english = "This message is too long. Nothing was done."
    with translation.override("ar"):
        assert errors[0]["message"] == translation.gettext(english) != english
    assert not Answer.objects.exists()


def test_the_phone_hears_when_the_moderator_opens_an_item(world, workshop):
    token = "phone-token-0000000003"
    _joined(workshop, token, language="en")
    item = scale_item(workshop)

    async def scenario():
        phone = _phone(workshop, token)
        assert (await phone.connect())[0]
        snapshot = await phone.receive_json_from(timeout=5)
        assert item.title["en"] not in snapshot["html"]
        await database_sync_to_async(services.item_run)(
            actor=world.moderator, item=item, action="open"
        )
        changed = await phone.receive_json_from(timeout=5)
        await phone.disconnect()
        return snapshot, changed

    snapshot, changed = async_to_sync(scenario)()
    assert changed["type"] == "workshop.changed"
    assert changed["item"] == item.pk and changed["state"] == "open"
    assert changed["version"] > snapshot["version"]
    assert item.title["en"] in changed["html"]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_coordinator"])
@pytest.mark.parametrize("screen", ["console", "presenter"])
def test_screens_are_only_for_whoever_runs_the_workshop(world, workshop, role, screen):
    headers = _user_headers(world.by_role(role))

    async def scenario():
        connected, code = await _screen(workshop, headers, screen).connect()
        assert (connected, code) == (False, CLOSE_FORBIDDEN)

    async_to_sync(scenario)()


def test_the_console_hears_many_answers_as_few_counts(world, workshop):
    item = services.item_run(actor=world.moderator, item=scale_item(workshop), action="open")
    people = [_joined(workshop, f"phone-token-{n:010d}") for n in range(12)]

    def everyone_answers():
        for n, person in enumerate(people):
            services.answer_submit(
                participant=person,
                item_id=item.pk,
                value=1 + n % 5,
                client_key=f"answer-key-{n:04d}",
                sequence=1,
            )

    headers = _user_headers(world.moderator)

    async def scenario():
        console = _screen(workshop, headers)
        assert (await console.connect())[0]
        assert (await console.receive_json_from(timeout=5))["type"] == "snapshot"
        await database_sync_to_async(everyone_answers)()
        received = []
        while not await console.receive_nothing(timeout=1):
            received.append(await console.receive_json_from(timeout=1))
        await console.disconnect()
        return received

    received = async_to_sync(scenario)()
    assert received and {message["type"] for message in received} == {"results"}
    assert len(received) <= 3  # twelve answers, a few counts
    last = received[-1]
    assert last["item"] == item.pk and last["answers"] == 12
    assert "<meter" in last["html"]


def test_the_presenter_hides_the_counts_until_they_are_revealed(world, workshop):
    item = services.item_run(actor=world.moderator, item=scale_item(workshop), action="open")
    person = _joined(workshop, "phone-token-0000000099")

    headers = _user_headers(world.moderator)

    async def scenario():
        presenter = _screen(workshop, headers, "presenter")
        assert (await presenter.connect())[0]
        assert (await presenter.receive_json_from(timeout=5))["type"] == "snapshot"
        await database_sync_to_async(services.answer_submit)(
            participant=person, item_id=item.pk, value=5, client_key="answer-key-9999", sequence=1
        )
        hidden = await presenter.receive_json_from(timeout=5)
        await database_sync_to_async(services.item_run)(
            actor=world.moderator, item=item, action="reveal"
        )
        changed = await presenter.receive_json_from(timeout=5)
        shown = await presenter.receive_json_from(timeout=5)
        await presenter.disconnect()
        return hidden, changed, shown

    hidden, changed, shown = async_to_sync(scenario)()
    assert hidden["type"] == "results" and "<meter" not in hidden["html"]
    assert changed["type"] == "workshop.changed"
    assert shown["type"] == "results" and "<meter" in shown["html"]
