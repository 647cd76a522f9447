"""Joining with a code: typed, from the address, or from the home page; wrong codes limited per
address (attack 5: ~10,000 wrong codes a minute) while a room behind one Wi-Fi still joins."""

import secrets

import pytest
from django.urls import reverse

from cohesion.participation.devices import COOKIE_NAME
from cohesion.participation.services import consent_record
from tests.factories import ConversationFactory, ParticipantFactory

JOIN = "/c/"


@pytest.fixture
def conversation(db):
    return ConversationFactory(code="K7M2QX", title="Integration in Kerpen")


def test_the_join_page_keeps_its_address_and_name(conversation):
    assert reverse("participate:join") == JOIN
    assert reverse("participate:vote", args=["K7M2QX"]) == "/c/K7M2QX/"


def test_a_right_code_typed_loosely_leads_to_its_page(client, conversation):
    page = client.get(JOIN)
    assert page.status_code == 200
    assert b'name="code"' in page.content
    response = client.post(JOIN, {"code": " k7m-2qx "})
    assert response.status_code == 302
    assert response["Location"] == "/c/K7M2QX/"


def test_the_code_may_come_in_the_address(client, conversation):
    response = client.get(JOIN, {"code": "k7m 2qx"})
    assert response.status_code == 302
    assert response["Location"] == "/c/K7M2QX/"
    assert client.get("/c/K7M2QX/").status_code == 200  # the address on the screen, as before


def test_a_wrong_code_says_what_is_wrong_in_the_visitor_s_language(client, conversation):
    response = client.post(JOIN, {"code": "NOPE42"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "There is no conversation with the code NOPE42" in response.content.decode()
    assert "never contain 0, O, 1, I or L" in response.content.decode()  # it has an O
    response = client.post(JOIN, {"code": "ZZZ222"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "never contain" not in response.content.decode()
    response = client.post(JOIN, {"code": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b"aria-invalid" in response.content
    response = client.post(JOIN, {"code": "K" * 41}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b"aria-invalid" in response.content


def test_a_closed_conversation_is_named_as_such(client, conversation):
    conversation.is_open = False
    conversation.save()
    response = client.post(JOIN, {"code": "K7M2QX"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The conversation with the code K7M2QX is closed." in response.content.decode()


def _post(client, code, address="203.0.113.7", language="en"):
    return client.post(JOIN, {"code": code}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def test_guessing_codes_is_stopped_after_the_limit_and_a_right_code_waits_too(
    client, conversation, settings
):
    # A day's window: the test never straddles two windows (the limit itself is per minute).
    settings.PARTICIPATION_WRONG_CODES_RATE = "60/d"
    answers = [_post(client, f"ZZ{n:04d}").status_code for n in range(300)]
    assert answers[:60] == [200] * 60
    assert set(answers[60:]) == {429}
    refused = _post(client, "ZZZZZZ")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many wrong codes" in refused.content.decode()
    assert '<html lang="de"' in _post(client, "ZZZZZZ", language="de").content.decode()
    # A right code from the guessing address is refused as well until the window ends:
    # answering it would tell the guesser which codes exist.
    assert _post(client, "K7M2QX").status_code == 429
    assert client.get(JOIN, {"code": "K7M2QX"}, REMOTE_ADDR="203.0.113.7").status_code == 429
    # The tool's page by code is no way round: it waits too for a browser the platform does
    # not know, a made-up token included.
    assert client.get("/c/K7M2QX/", REMOTE_ADDR="203.0.113.7").status_code == 429
    client.cookies[COOKIE_NAME] = secrets.token_urlsafe(32)
    assert client.get("/c/K7M2QX/", REMOTE_ADDR="203.0.113.7").status_code == 429
    # Other addresses join as usual.
    assert _post(client, "K7M2QX", address="198.51.100.9").status_code == 302


def test_participants_already_in_keep_going_while_someone_on_their_wi_fi_guesses(
    client, conversation, device, settings
):
    settings.PARTICIPATION_WRONG_CODES_RATE = "60/d"
    phone = device()
    ParticipantFactory(conversation=conversation, device_hash=phone.hash)
    consent_record(device_hash=phone.hash)
    for n in range(60):
        _post(client, f"ZZ{n:04d}")
    assert _post(client, "K7M2QX").status_code == 429
    venue = {"REMOTE_ADDR": "203.0.113.7"}
    assert phone.client.get("/c/K7M2QX/", **venue).status_code == 200
    assert phone.client.post(JOIN, {"code": "K7M2QX"}, **venue).status_code == 302
    # Counted on its own from now on: the known device cannot guess in its neighbours' stead.
    for n in range(60):
        assert phone.client.post(JOIN, {"code": f"YY{n:04d}"}, **venue).status_code == 200
    assert phone.client.post(JOIN, {"code": "K7M2QX"}, **venue).status_code == 429


def test_guessing_through_the_tools_pages_counts_the_same(client, conversation, settings):
    settings.PARTICIPATION_WRONG_CODES_RATE = "60/d"
    answers = [client.get(f"/c/ZZ{n:04d}/").status_code for n in range(70)]
    assert answers == [404] * 60 + [429] * 10
    assert client.get("/c/K7M2QX/map/").status_code == 429
    assert client.post(JOIN, {"code": "K7M2QX"}).status_code == 429
    # Pages of right codes count nothing.
    settings.PARTICIPATION_WRONG_CODES_RATE = "3/d"
    assert [client.get("/c/K7M2QX/", REMOTE_ADDR="198.51.100.9").status_code for _ in range(9)] == [
        200
    ] * 9


def test_a_room_behind_one_address_joins_without_limit(client, conversation, settings):
    settings.PARTICIPATION_WRONG_CODES_RATE = "60/d"
    for _ in range(150):  # more than the wrong codes allowed: joins are never counted
        assert _post(client, "k7m2qx").status_code == 302
    for _ in range(30):  # a few typing errors in the room leave the others joining
        assert _post(client, "K7M2QZ").status_code == 200
    assert _post(client, "K7M2QX").status_code == 302


def test_the_default_limit_counts_wrong_codes_per_minute(settings):
    assert settings.PARTICIPATION_WRONG_CODES_RATE == "60/m"


def test_the_home_page_offers_to_join_with_a_code(client, world, conversation):
    for user in (None, world.coordinator):
        if user:
            client.force_login(user)
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'action="/c/"' in page
        assert 'id="join-box-code"' in page
        assert "Take part with a code" in page
    assert client.post(JOIN, {"code": "k7m2qx"})["Location"] == "/c/K7M2QX/"
