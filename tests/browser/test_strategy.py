"""The strategy builder in the browser: Kerpen's coordinator opens it from the strategy phase,
starts it, and makes a goal from a candidate of the workshop in one step; the goal's page shows
the cards and votes it came from. The same pages in Arabic at 360 px. axe-core on every page."""

import pytest

from tests.browser.conftest import (
    KERPEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    switch_language,
)

pytestmark = pytest.mark.browser


def _kerpen():
    """Kerpen's process without the demo's strategy: these tests start one from the workshop."""
    from cohesion.processes.models import Process
    from cohesion.strategies.models import Strategy

    process = Process.objects.get(municipality__ags=KERPEN)
    Strategy.objects.filter(process=process).delete()
    return process


def test_a_goal_from_a_workshop_candidate(asgi_server, demo, new_page):
    from cohesion.strategies.models import Goal

    process = _kerpen()
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    page.goto(f"{asgi_server}/processes/{process.pk}/phases/strategy/")
    strategy_url = f"/strategies/process/{process.pk}/"
    page.locator(f"main a[href='{strategy_url}']").first.click()
    page.wait_for_url(f"**{strategy_url}")
    check_accessibility(page)
    page.locator("main button[type=submit]", has_text="Start the strategy").click()
    page.wait_for_selector("h3[id^=field-]")
    assert page.locator("h3[id^=field-]").count() == 9
    check_accessibility(page)

    page.locator("main a", has_text="Goals and measures from the workshop").click()
    page.wait_for_url("**/candidates/")
    check_accessibility(page)
    first = page.locator("li[id^=candidate-]", has=page.locator("button", has_text="Create goal"))
    assert first.count() >= 1
    candidate_id = int(first.first.get_attribute("id").removeprefix("candidate-"))
    first.first.locator("button", has_text="Create goal").click()
    page.wait_for_url("**/goals/*/")
    goal = Goal.objects.get(candidate_id=candidate_id)
    assert page.url.endswith(f"/strategies/goals/{goal.pk}/")
    assert "From the workshop" in page.locator("main").inner_text()
    assert goal.title == goal.candidate.title
    check_accessibility(page)

    page.goto(f"{asgi_server}/strategies/{goal.field_of_action.strategy_id}/candidates/")
    assert page.locator(f"#candidate-{candidate_id} a[href$='/goals/{goal.pk}/']").count() == 1
    page.goto(f"{asgi_server}/strategies/{goal.field_of_action.strategy_id}/history/")
    assert page.locator("tbody tr").count() >= 2
    check_accessibility(page)


def test_the_strategy_in_arabic_at_360_pixels(asgi_server, demo, new_page):
    from cohesion.strategies.models import Goal

    process = _kerpen()
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator")
    switch_language(phone, "ar")
    phone.goto(f"{asgi_server}/strategies/process/{process.pk}/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("h3[id^=field-]")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)

    strategy_id = process.strategy.pk
    phone.goto(f"{asgi_server}/strategies/{strategy_id}/candidates/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("li[id^=candidate-] form button[type=submit]").first.click()
    phone.wait_for_url("**/goals/*/")
    goal = Goal.objects.filter(field_of_action__strategy_id=strategy_id).get()
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)

    phone.goto(f"{asgi_server}/strategies/goals/{goal.pk}/measures/add/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.goto(f"{asgi_server}/strategies/goals/{goal.pk}/indicators/add/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.goto(f"{asgi_server}/strategies/{strategy_id}/history/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
