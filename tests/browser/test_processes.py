"""The process pages in a real browser: moving on with confirmation and undo, the live notice
by websocket and by polling when the websocket is refused, phase cards from the apps, and long
words hyphenated by language at 360 px (German and Arabic). Every page checked with axe-core."""

import pytest

from cohesion.core.hyphenation import SOFT_HYPHEN, hyphenate
from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    switch_language,
)

# Where German hyphenates "Integrationsstrategie" (In-te-gra-ti-ons-stra-te-gie): a line may end
# after one of these, never in the middle of a syllable ("Integrationsstr|ategie").
STRATEGY_BREAKS = {
    "In",
    "Inte",
    "Integra",
    "Integrati",
    "Integrations",
    "Integrationsstra",
    "Integrationsstrate",
}

# The characters of each word of an element and the line each character sits on.
WORD_LINES = """(element) => {
  const text = element.firstChild;
  const words = [];
  const pattern = /\\S+/g;
  let match;
  while ((match = pattern.exec(text.data)) !== null) {
    const tops = [];
    for (let i = match.index; i < match.index + match[0].length; i++) {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      // A character right after a break also yields an empty box at the end of the line
      // before: the widest box is the character itself.
      const boxes = Array.from(range.getClientRects());
      const box = boxes.reduce((a, b) => (b.width > a.width ? b : a), boxes[0]);
      tops.push(box ? Math.round(box.top) : null);
    }
    words.push({word: match[0], tops});
  }
  return words;
}"""


def _process_url(page, town: str = "Kerpen") -> str:
    return page.locator("main table a", has_text=town).first.get_attribute("href")


def _syllable_prefixes(word: str) -> list[str]:
    parts = hyphenate(word, "de").split(SOFT_HYPHEN)
    return ["".join(parts[: i + 1]) for i in range(len(parts) - 1)]


def _broken_words(page) -> list[tuple[str, str]]:
    """Every word of the phase titles that runs over two lines, with what stays on the first."""
    broken = []
    for title in page.locator(".phase-step__title").all():
        for entry in title.evaluate(WORD_LINES):
            tops = entry["tops"]
            word = entry["word"]
            # Soft hyphens have no box of their own: only the letters tell the lines.
            letters = [(i, top) for i, top in enumerate(tops) if word[i] != SOFT_HYPHEN]
            second = next((i for i, top in letters if top != letters[0][1]), None)
            if second is not None:
                broken.append(
                    (word.replace(SOFT_HYPHEN, ""), word[:second].replace(SOFT_HYPHEN, ""))
                )
    return broken


# 360 px as the newcomer's phone; at 376 px a break anywhere would fall inside a syllable
# ("Integrationsstrat|egie"), so there the test tells hyphenation from breaking anywhere.
@pytest.mark.parametrize("width", [360, 376])
def test_phase_titles_hyphenate_by_language_on_a_phone(asgi_server, demo, new_page, width):
    page = new_page(width=width, height=740)
    log_in(page, asgi_server, "programme")
    process_url = _process_url(page)
    page.goto(asgi_server + process_url)
    switch_language(page, "de")
    assert page.locator("html").get_attribute("lang") == "de"
    title = page.locator(".phase-step[data-phase='strategy'] .phase-step__title")
    assert title.inner_text().replace(SOFT_HYPHEN, "") == "Integrationsstrategie"
    assert title.evaluate("(e) => getComputedStyle(e).hyphens") == "auto"
    broken = dict(_broken_words(page))
    assert broken["Integrationsstrategie"] in STRATEGY_BREAKS, broken
    for word, first_line in broken.items():
        assert first_line in {""} | set(_syllable_prefixes(word)), (word, first_line)
    assert_no_horizontal_overflow(page)

    switch_language(page, "ar")
    assert (
        page.locator("html").get_attribute("lang"),
        page.locator("html").get_attribute("dir"),
    ) == (
        "ar",
        "rtl",
    )
    # Arabic is not hyphenated: its words wrap whole.
    assert _broken_words(page) == []
    assert_no_horizontal_overflow(page)
    check_accessibility(page)


def test_moving_on_asks_first_and_can_be_undone(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    process_url = _process_url(page)
    page.goto(asgi_server + process_url)
    switch_language(page, "ar")
    page.locator(f".status-panel a[href='{process_url}advance/']").click()
    page.wait_for_url(f"**{process_url}advance/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(page)
    assert_no_horizontal_overflow(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{process_url}")
    current = page.locator(".phase-step--current")
    assert current.get_attribute("data-phase") == "learning"
    check_accessibility(page)
    assert_no_horizontal_overflow(page)
    page.locator(f".status-panel form[action='{process_url}advance/undo/'] button").click()
    page.wait_for_url(f"**{process_url}")
    assert page.locator(".phase-step--current").get_attribute("data-phase") == "monitoring"
    assert page.locator(f"form[action='{process_url}advance/undo/']").count() == 0
    check_accessibility(page)


def test_a_phase_page_shows_the_cards_the_apps_registered(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "moderator")
    # Solingen's workshop is still to come (Kerpen's is done).
    process_url = _process_url(page, "Solingen")
    for language in ("de", "ar"):
        page.goto(f"{asgi_server}{process_url}phases/workshop-day-1/")
        switch_language(page, language)
        # Facts and figures, peers, the opinion map, the live workshop, mixed tables, the
        # invitations' gap view, invitation list and check-in, and where no project works yet.
        assert page.locator(".phase-card").count() == 9
        assert page.locator(".phase-card a[href*='/workshops/process/']").count() == 1
        check_accessibility(page)
        assert_no_horizontal_overflow(page)


@pytest.mark.parametrize("websocket", ["open", "refused"])
def test_others_see_the_phase_change_live(asgi_server, demo, new_page, websocket):
    watcher = new_page()
    if websocket == "refused":
        # A proxy that refuses websockets: the page falls back to polling the status address.
        watcher.context.route_web_socket("**/ws/**", lambda socket: socket.close())
    log_in(watcher, asgi_server, "moderator")
    process_url = _process_url(watcher)
    watcher.goto(asgi_server + process_url)
    mode = "socket" if websocket == "open" else "polling"
    # A selector: Playwright polls a string predicate through eval(), which the CSP blocks.
    watcher.locator(f".live-notice[data-mode='{mode}']").wait_for(state="attached", timeout=10_000)
    coordinator = new_page()
    log_in(coordinator, asgi_server, "coordinator")
    coordinator.goto(f"{asgi_server}{process_url}advance/")
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(f"**{process_url}")
    notice = watcher.locator(".live-notice")
    notice.wait_for(state="visible", timeout=20_000)
    assert notice.get_attribute("role") == "status"
    check_accessibility(watcher)
