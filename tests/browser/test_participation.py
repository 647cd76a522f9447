"""A participant's shared pages on a phone in Arabic, right to left at 360 px: the home page's
join box, the join page with a wrong code and the limit, the QR code on the organiser's page,
and My contributions with its download and erasure; axe-core on every page."""

import secrets

from django.core.cache import cache

from cohesion.opinions.models import Vote
from cohesion.participation.devices import COOKIE_NAME, device_hash
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility
from tests.factories import (
    PASSWORD,
    ConversationFactory,
    MembershipFactory,
    ParticipantFactory,
    StatementFactory,
)


def _checked(page) -> None:
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(page)
    assert_no_horizontal_overflow(page)


def _arabic_phone(new_page, base_url):
    page = new_page(width=360, height=740)
    page.goto(base_url + "/")
    # The header's switch, on the phone, without an account; the cookie keeps the choice.
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    return page


def test_a_participant_joins_from_the_home_page_and_manages_their_data(
    asgi_server, new_page, settings
):
    cache.clear()
    settings.PARTICIPATION_WRONG_CODES_RATE = "2/d"
    conversation = ConversationFactory(code="K7M2QX", title="الاندماج في كيربن")
    statement = StatementFactory(conversation=conversation, text="دورات اللغة تحتاج إلى حضانة")
    token = secrets.token_urlsafe(32)
    me = ParticipantFactory(conversation=conversation, device_hash=device_hash(token))
    Vote.objects.create(participant=me, statement=statement, value=1)
    StatementFactory(conversation=conversation, author=me, text="المزيد من المقاهي اللغوية")

    page = _arabic_phone(new_page, asgi_server)
    _checked(page)
    page.locator("#join-box-code").fill("k7m 2qx")
    page.locator(".join-box button[type=submit]").click()
    page.wait_for_url("**/c/K7M2QX/")
    _checked(page)  # the privacy notice beside the first vote
    assert page.locator("#privacy-notice-title").is_visible()

    page.goto(asgi_server + "/c/?code=ZZZZZO")
    assert page.locator("#code-errors").is_visible()
    _checked(page)
    page.goto(asgi_server + "/c/?code=ZZZZZZ")
    page.goto(asgi_server + "/c/?code=K7M2QX")  # the address has used up its wrong codes
    assert "/c/K7M2QX/" not in page.url
    _checked(page)
    cache.clear()

    page.goto(asgi_server + "/c/me/")
    assert "K7M2QX" not in page.locator("main").inner_text()
    _checked(page)  # nothing yet on this phone

    page.context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": asgi_server}])
    page.goto(asgi_server + "/c/me/")
    main = page.locator("main").inner_text()
    assert "المزيد من المقاهي اللغوية" in main and "دورات اللغة تحتاج إلى حضانة" in main
    _checked(page)
    with page.expect_download() as download:
        page.locator("a[href='/c/me/download.json']").click()
    assert download.value.suggested_filename == "cohesion-my-contributions.json"

    page.locator("a[href='/c/me/erase/']").click()
    page.wait_for_url("**/c/me/erase/")
    _checked(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/c/me/")
    assert page.locator(".message--success").is_visible()
    assert "المزيد من المقاهي اللغوية" not in page.locator("main").inner_text()
    _checked(page)
    assert COOKIE_NAME not in {cookie["name"] for cookie in page.context.cookies()}
    assert page.locator("html").get_attribute("lang") == "ar"  # the language stays


def test_the_organiser_projects_the_qr_code(asgi_server, new_page):
    cache.clear()
    membership = MembershipFactory(user__username="coordinator")
    conversation = ConversationFactory(code="K7M2QX", process__municipality=membership.municipality)
    page = _arabic_phone(new_page, asgi_server)
    page.goto(asgi_server + "/accounts/login/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{asgi_server}/")
    assert page.locator("#join-box-code").is_visible()  # the overview offers the code too
    _checked(page)
    page.goto(f"{asgi_server}/opinions/{conversation.pk}/")
    qr = page.locator("main .join-qr img")
    assert qr.get_attribute("src") == "/c/qr/K7M2QX.svg"  # from the site, as the CSP allows
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    _checked(page)
    response = page.request.get(f"{asgi_server}/c/qr/K7M2QX.svg")
    assert response.headers["content-type"] == "image/svg+xml"
