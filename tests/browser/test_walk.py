"""A person walks the platform in a real browser; every page is checked with axe-core."""

import re

from tests.browser.conftest import check_accessibility, log_in

KERPEN = "05362032"
PHASE_SLUGS = [
    "commitment",
    "preparation",
    "workshop-day-1",
    "workshop-day-2",
    "strategy",
    "monitoring",
    "learning",
]


def _process_url(page) -> str:
    return page.locator("main table a", has_text="Kerpen").first.get_attribute("href")


def test_walk_the_process_as_the_coordinator_of_kerpen(asgi_server, demo, new_page):
    page = new_page()
    page.goto(asgi_server + "/")
    check_accessibility(page)
    page.goto(asgi_server + "/accounts/login/")
    check_accessibility(page)

    # A wrong password is answered on the page, in German, and is accessible too.
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("wrong")
    page.locator("main button[type=submit]").click()
    assert page.locator("[role=alert]").is_visible()
    assert "Passwort" in page.locator("[role=alert]").inner_text()
    check_accessibility(page)

    log_in(page, asgi_server, "coordinator")
    assert page.locator("h1").inner_text() == "Übersicht"
    check_accessibility(page)
    process_url = _process_url(page)

    page.goto(asgi_server + "/municipalities/")
    check_accessibility(page)
    page.locator("input[type=search]").fill("kerp")
    page.locator(".search-form button").click()
    page.wait_for_load_state()
    results = page.locator("main table").nth(1)
    assert "05362032" in results.inner_text()
    check_accessibility(page)
    page.goto(f"{asgi_server}/municipalities/{KERPEN}/")
    assert (
        "66.585" in page.locator("main").inner_text()
        or "66585" in page.locator("main").inner_text()
    )
    check_accessibility(page)

    page.goto(asgi_server + process_url)
    check_accessibility(page)
    steps = page.locator(".phase-step")
    assert steps.count() == 7
    current = page.locator(".phase-step--current")
    assert current.get_attribute("data-phase") == "monitoring"  # the demo's story is told
    assert current.locator("a").get_attribute("aria-current") == "step"

    for slug in PHASE_SLUGS:
        page.goto(f"{asgi_server}{process_url}phases/{slug}/")
        assert (
            page.locator(f".phase-step[data-phase='{slug}'] a").get_attribute("aria-current")
            == "page"
        )
        check_accessibility(page)

    page.goto(asgi_server + "/no-such-page/")
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    check_accessibility(page)


def test_arabic_is_right_to_left_and_remembered(asgi_server, demo, new_page):
    page = new_page()
    log_in(page, asgi_server, "coordinator")
    page.goto(asgi_server + _process_url(page))
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert re.search(r"/processes/\d+/$", page.url)  # back on the same page
    # Right to left: the first phase card sits to the right of the second.
    first, second = (page.locator(".phase-step").nth(i).bounding_box() for i in (0, 1))
    assert first["x"] > second["x"]
    check_accessibility(page)

    # Remembered on the account: a fresh browser logs in and gets Arabic.
    other = new_page()
    log_in(other, asgi_server, "coordinator")
    assert other.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(other)


def test_every_page_works_at_360_pixels(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "programme")
    process_url = _process_url(page)
    for path in [
        "/",
        "/municipalities/?q=berg",
        f"/municipalities/{KERPEN}/",
        process_url,
        f"{process_url}phases/strategy/",
    ]:
        for language in ("de", "ar"):
            page.goto(asgi_server + path)
            if page.locator("html").get_attribute("lang") != language:
                page.locator("#language-select").select_option(language)
                page.locator(".language-switcher button").click()
                page.wait_for_load_state()
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} in {language} is {overflow}px too wide at 360px"
            check_accessibility(page)


def test_keyboard_reaches_the_content_through_the_skip_link(asgi_server, demo, new_page):
    page = new_page()
    log_in(page, asgi_server, "moderator")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_others_see_the_phase_change_live(asgi_server, demo, new_page):
    watcher = new_page()
    log_in(watcher, asgi_server, "moderator")
    process_url = _process_url(watcher)
    watcher.goto(asgi_server + process_url)
    coordinator = new_page()
    log_in(coordinator, asgi_server, "coordinator")
    coordinator.goto(asgi_server + process_url)
    # Let the watcher's websocket connect before the change.
    watcher.locator(".live-notice[data-mode='socket']").wait_for(state="attached")
    coordinator.goto(f"{asgi_server}{process_url}advance/")  # the confirmation page
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(f"**{process_url}")
    assert coordinator.locator(".phase-step--current").get_attribute("data-phase") == "learning"
    notice = watcher.locator(".live-notice")
    notice.wait_for(state="visible", timeout=10_000)
    assert notice.get_attribute("role") == "status"
    check_accessibility(watcher)
