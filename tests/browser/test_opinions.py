"""Two participants join a conversation by code on their phones (one in Arabic, right to left),
vote on every statement and see the map update, on a map page left open without a reload; every
page checked with axe-core at 360 px."""

from cohesion.opinions.models import Vote
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory

# Camp "a" agrees with the statements marked True and disagrees with the others; camp "b" the
# other way round.
STATEMENTS = {
    "Language courses should offer childcare.": True,
    "The town hall should answer in several languages.": False,
    "Sports clubs are the best place to meet neighbours.": True,
    "Housing is the most urgent problem.": False,
    "Migrant organisations should sit on the council's committees.": True,
    "Schools need more teachers who speak Arabic or Turkish.": False,
}


def _conversation_with_two_camps():
    conversation = ConversationFactory(
        code="K7M2QX", description="What does integration mean in our community?"
    )
    statements = {
        StatementFactory(conversation=conversation, text=text, language="en", is_seed=True): side
        for text, side in STATEMENTS.items()
    }
    people = ParticipantFactory.create_batch(12, conversation=conversation)
    Vote.objects.bulk_create(
        Vote(participant=person, statement=statement, value=1 if (i < 6) == side else -1)
        for i, person in enumerate(people)
        for statement, side in statements.items()
    )
    return conversation


def _join(page, base_url: str, code: str) -> None:
    page.goto(base_url + "/c/")
    check_accessibility(page)
    assert_no_horizontal_overflow(page)
    page.locator("#id_code").fill(code)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/c/{code.strip().replace(' ', '').upper()}/")


def _vote_all(page, camp_agrees: bool) -> None:
    for done in range(len(STATEMENTS)):
        assert f" {done} " in page.locator("#progress").inner_text()
        if done == 0:
            check_accessibility(page)
            assert_no_horizontal_overflow(page)
        text = page.locator("main legend").inner_text().strip()
        agree = STATEMENTS[text] == camp_agrees
        page.locator(f"main button[name=value][value='{1 if agree else -1}']").click()
        page.wait_for_load_state()
    assert page.locator("#done-title").is_visible()
    check_accessibility(page)
    assert_no_horizontal_overflow(page)


def _map(page) -> str:
    page.locator("main a[href$='/map/']").click()
    page.wait_for_url("**/map/")
    assert page.locator("#last-update time").inner_text().strip()
    check_accessibility(page)
    assert_no_horizontal_overflow(page)
    return page.locator("#your-place").inner_text()


def test_two_participants_vote_and_see_the_map(asgi_server, new_page):
    code = _conversation_with_two_camps().code

    english = new_page(width=360, height=740, locale="en-GB")
    _join(english, asgi_server, " " + code.lower()[:3] + " " + code.lower()[3:])
    english.locator("#language-select").select_option("en")
    english.locator(".language-switcher button").click()
    english.wait_for_load_state()
    assert "You voted on 0 of 6 statements." in english.locator("#progress").inner_text()

    arabic = new_page(width=360, height=740)
    arabic.goto(asgi_server + "/c/")
    arabic.locator("#language-select").select_option("ar")
    arabic.locator(".language-switcher button").click()
    arabic.wait_for_load_state()
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    _join(arabic, asgi_server, code)
    assert arabic.locator("html").get_attribute("dir") == "rtl"

    _vote_all(english, camp_agrees=True)
    _map(english)
    drawn = english.locator("#map-live").get_attribute("data-computed")
    assert drawn
    # Selectors, not wait_for_function: Playwright polls a string predicate through eval(),
    # which the Content-Security-Policy rightly blocks.
    english.locator("#map-live[data-mode='socket']").wait_for(state="attached")
    polled = []
    english.on(
        "request", lambda request: polled.append(request.url) if "/status/" in request.url else None
    )

    # The English map stays open while the Arabic participant votes: the server pushes the
    # fresh map over the websocket, and the page never polls.
    _vote_all(arabic, camp_agrees=False)
    # A selector, not wait_for_function: Playwright polls a string predicate through eval(),
    # which the Content-Security-Policy rightly blocks.
    english.locator(f"#map-live:not([data-computed='{drawn}'])").wait_for(
        state="attached", timeout=20000
    )
    assert polled == []
    assert english.locator("#map-live").get_attribute("data-mode") == "socket"
    assert english.locator("#map-announce").inner_text() == "The map has been updated."
    check_accessibility(english)
    assert_no_horizontal_overflow(english)
    place = english.locator("#your-place").inner_text()
    assert "You belong to Group" in place or "too small" in place
    assert english.locator("main svg[role=img]").count() == 1
    assert english.locator("#groups-caption").is_visible()

    _map(arabic)
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.locator("main svg[role=img]").count() == 1


def test_the_map_still_updates_where_websockets_are_refused(asgi_server, new_page):
    """A proxy that refuses websockets: the open map falls back to polling its status."""
    conversation = _conversation_with_two_camps()
    phone = new_page(width=360, height=740, locale="en-GB")
    phone.context.route_web_socket("**/ws/**", lambda socket: socket.close())
    _join(phone, asgi_server, conversation.code)
    _vote_all(phone, camp_agrees=True)
    _map(phone)
    phone.locator("#map-live[data-mode='polling']").wait_for(state="attached")
    drawn = phone.locator("#map-live").get_attribute("data-computed")

    other = new_page(width=360, height=740, locale="en-GB")
    _join(other, asgi_server, conversation.code)
    _vote_all(other, camp_agrees=False)
    phone.locator(f"#map-live:not([data-computed='{drawn}'])").wait_for(
        state="attached", timeout=20000
    )
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
