"""The project inventory in the browser: two projects added through the form change the gap
view, a project's evaluation with the workshop's means, and the pages in Arabic on a phone,
every page checked with axe-core."""

import pytest

from tests.browser.conftest import (
    KERPEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    switch_language,
)

pytestmark = pytest.mark.browser


def _kerpen(base_url: str) -> str:
    from cohesion.processes.models import Process

    process = Process.objects.get(municipality__ags=KERPEN)
    return f"{base_url}/projects/process/{process.pk}/"


def _gaps(page) -> int:
    return page.locator("td.gap-cell--empty").count()


def _add(page, base: str, name: str, field: str, groups: list[str], custom: str = "") -> None:
    page.goto(base + "add/")
    page.locator("#id_name").fill(name)
    page.locator("#id_field_of_action").select_option(field)
    if custom:
        page.locator("#id_custom_field").fill(custom)
    for group in groups:
        page.locator(f"input[name=target_groups][value={group}]").check()
    page.locator("#id_reach").fill("40")
    page.locator("#id_description_en").fill("Invented for the test. Demo data")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/projects/*/")


def test_two_projects_change_the_gap_view(asgi_server, demo, new_page):
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    base = _kerpen(asgi_server)

    page.goto(base)
    rows = page.locator("#projects-caption ~ tbody tr")
    assert rows.count() == 8
    assert "Sprachcafé im Bürgerhaus Sindorf" in page.locator("main").inner_text()
    check_accessibility(page)

    page.goto(base + "gaps/")
    table = page.locator("table.gap-table")
    assert table.locator("thead th[scope=col]").count() == 1 + 9
    assert table.locator("tbody th[scope=row]").count() == 9 + 1  # the standard nine and one own
    before = _gaps(page)
    assert before > 0
    assert "nothing happens here" in table.locator("td.gap-cell--empty").first.inner_text()
    check_accessibility(page)

    # The form refuses what is missing and says why.
    page.goto(base + "add/")
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()
    assert page.locator("main .error").count() >= 2
    check_accessibility(page)

    _add(page, base, "Antidiskriminierungsberatung (demo data)", "7", ["women"])
    assert "Anti-discrimination" in page.locator("main").inner_text()
    check_accessibility(page)
    _add(
        page,
        base,
        "Seniorenbeirat international (demo data)",
        "custom",
        ["older_people", "everyone"],
        custom="Digitale Teilhabe",
    )
    page.goto(base + "gaps/")
    # One cell filled by each: the demo's own field "Digitale Teilhabe" served older people
    # already, nobody everyone.
    assert _gaps(page) == before - 2
    row = page.locator("tbody tr", has=page.locator("th", has_text="Anti-discrimination"))
    assert "1 project" in row.inner_text()

    page.goto(base)
    assert page.locator("#projects-caption ~ tbody tr").count() == 10


def test_a_project_with_its_evaluation_and_a_rating(asgi_server, demo, new_page):
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    page.goto(_kerpen(asgi_server))
    page.get_by_role("link", name="Sprachcafé im Bürgerhaus Sindorf").click()
    page.wait_for_url("**/projects/*/")
    evaluation = page.locator("#evaluation-caption ~ tbody").inner_text()
    assert "Reaches the people it is meant for" in evaluation
    assert "answers)" in evaluation  # the room's means, from five answers up
    check_accessibility(page)

    page.get_by_role("link", name="Rate the project").click()
    page.wait_for_url("**/rate/")
    check_accessibility(page)
    page.locator("#id_criterion_0").select_option("4")
    page.locator("#id_note").fill("Visited in October (demo data)")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/projects/*/")
    assert "Visited in October (demo data)" in page.locator("main").inner_text()
    check_accessibility(page)


def test_the_inventory_in_arabic_on_a_phone(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    base = _kerpen(asgi_server)
    for url in (base, base + "gaps/", base + "add/"):
        page.goto(url)
        assert_no_horizontal_overflow(page)
        check_accessibility(page)
    page.goto(base)
    page.locator("#projects-caption ~ tbody a").first.click()
    page.wait_for_url("**/projects/*/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.goto(page.url + "rate/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
