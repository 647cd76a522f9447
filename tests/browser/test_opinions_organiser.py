"""The organisers' pages of the opinion map in the browser: start a conversation in workshop
day 1, seed and moderate statements, draw the map; axe-core on every page, in German on a
desktop and in Arabic right to left at 360 px."""

from cohesion.processes.models import Process
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in


def _kerpen() -> int:
    return Process.objects.get(municipality__ags="05362032").pk


def _solingen() -> int:
    return Process.objects.get(municipality__ags="05122000").pk


def test_the_moderator_prepares_the_climate_survey(asgi_server, demo, new_page):
    """In Solingen, whose workshop is still to come (Kerpen's is done)."""
    page = new_page()
    log_in(page, asgi_server, "moderator")
    page.goto(f"{asgi_server}/processes/{_solingen()}/phases/workshop-day-1/")
    page.get_by_role("link", name="Meinungslandkarte").click()
    page.wait_for_url("**/opinions/processes/*/workshop-day-1/")
    assert "Integrationsklima in Kerpen" not in page.locator("main").inner_text()
    check_accessibility(page)

    page.locator("#id_title").fill("Konsultation: Sprache und Bildung")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/opinions/*/")
    check_accessibility(page)
    page.locator("#id_text").fill("Mehr Sprachcafés in den Stadtteilen")
    page.locator("button[value=seed]").click()
    page.wait_for_load_state()
    assert "Mehr Sprachcafés in den Stadtteilen" in page.locator("main table").inner_text()
    page.locator("button[value=recompute]").click()
    page.wait_for_load_state()
    assert page.locator(".message--success").is_visible()
    check_accessibility(page)


def test_the_organiser_pages_in_arabic_on_a_phone(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    page.goto(asgi_server + "/")
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    page.goto(f"{asgi_server}/processes/{_kerpen()}/phases/workshop-day-1/")
    page.locator("main a[href*='/opinions/processes/']").click()
    page.wait_for_url("**/workshop-day-1/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("main a[href*='/opinions/'][href$='/import/']").click()
    page.wait_for_url("**/import/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.go_back()
    page.locator("main ul a[href^='/opinions/']").first.click()
    page.wait_for_url("**/opinions/*/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    # Deleting a statement asks first; the question and the confirmation fit the phone too.
    page.locator("main table a[href$='/delete/']").first.click()
    page.wait_for_url("**/delete/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("main form a.button--secondary").click()  # keep it
    page.wait_for_url("**/opinions/*/")
    page.locator("button[value=close]").click()
    page.wait_for_load_state()
    assert page.locator(".message--success").is_visible()
    assert page.locator("button[value=open]").is_visible()
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
