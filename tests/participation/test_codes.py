"""Join codes: short, unambiguous, normalised as people type them, found in whichever tool."""

from cohesion.opinions.models import CODE_ALPHABET as OPINIONS_ALPHABET
from cohesion.opinions.models import conversation_code
from cohesion.participation.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_has_confusable,
    code_kinds,
    code_new,
    code_normalise,
    code_resolve,
)
from tests.factories import ConversationFactory


def test_codes_are_short_and_never_contain_characters_people_confuse(db):
    assert not set("0O1IL") & set(CODE_ALPHABET)
    for _ in range(50):
        code = code_new()
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
    # The opinion map's names still work (its first migration names conversation_code).
    assert OPINIONS_ALPHABET == CODE_ALPHABET
    assert set(conversation_code()) <= set(CODE_ALPHABET)
    assert set(ConversationFactory().code) <= set(CODE_ALPHABET)


def test_normalising_drops_spaces_and_dashes_and_capitalises_but_maps_no_confusion():
    assert code_normalise(" k7m 2qx ") == "K7M2QX"
    assert code_normalise("k7m-2qx") == "K7M2QX"
    assert code_normalise("K7M.2QX\n") == "K7M2QX"
    # O for 0 is not mapped: neither occurs, so the code is wrong either way and the join page
    # says so.
    assert code_normalise("k7m2qo") == "K7M2QO"
    assert code_has_confusable("K7M2QO")
    assert not code_has_confusable("K7M2QX")
    assert code_normalise("") == ""


def test_a_code_resolves_to_its_tool_s_page_without_the_join_page_knowing_the_tool(db):
    assert "opinions.conversation" in {kind.name for kind in code_kinds()}
    open_one = ConversationFactory(code="K7M2QX", title="Integration in Kerpen")
    closed = ConversationFactory(code="ABC234", is_open=False)
    target = code_resolve("K7M2QX")
    assert target.url == f"/c/{open_one.code}/"
    assert target.is_open
    assert target.title == "Integration in Kerpen"
    assert code_resolve(closed.code).is_open is False
    assert code_resolve("ZZZZZZ") is None
    assert code_resolve("") is None
    assert code_resolve("K" * 5000) is None  # no query for what no code can be


def test_a_new_code_is_never_one_a_tool_already_uses(db, monkeypatch):
    ConversationFactory(code="AAAAAA")
    drawn = iter("AAAAAA" + "BBBBBB")
    monkeypatch.setattr("cohesion.participation.codes.secrets.choice", lambda _: next(drawn))
    assert code_new() == "BBBBBB"
