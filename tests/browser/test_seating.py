"""Mixed tables in the browser: the moderator seats the people who confirmed from the first
workshop day's card, sees the plan per round and prints the table cards; the coordinator reads
the pages in Arabic right to left at 360 px. axe-core on every page."""

import pytest

from cohesion.processes.models import Process
from cohesion.seating.models import SeatingPlan
from tests.browser.conftest import (
    KERPEN,
    SOLINGEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    log_in,
)
from tests.seating.helpers import room_of

pytestmark = [pytest.mark.browser]


def _with_guests(ags: str) -> Process:
    process = Process.objects.get(municipality__ags=ags)
    in_thread(lambda: room_of(process, size=28))
    return process


def test_the_moderator_seats_the_room_and_prints_the_cards(asgi_server, demo, new_page):
    """In Solingen, whose workshop is still to come (Kerpen's is done)."""
    process = _with_guests(SOLINGEN)
    page = new_page()
    log_in(page, asgi_server, "moderator")
    page.goto(f"{asgi_server}/processes/{process.pk}/phases/workshop-day-1/")
    page.locator(f"main a[href='/seating/process/{process.pk}/']").click()
    page.wait_for_url(f"**/seating/process/{process.pk}/")
    check_accessibility(page)

    page.locator("#id_tables").fill("4")
    page.locator("#id_rounds").fill("3")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/plans/*/")
    plan = SeatingPlan.objects.get(process=process)
    assert page.locator("main section h2").count() == 3  # one section per round
    assert page.locator("main section").first.locator("li.phase-card").count() == 4
    assert "Guest 1 (demo data)" in page.locator("main").inner_text()
    check_accessibility(page)

    cards = page.request.get(
        f"{asgi_server}/seating/process/{process.pk}/plans/{plan.pk}/cards.pdf"
    )
    assert cards.status == 200
    assert cards.body().startswith(b"%PDF")
    export = page.request.get(
        f"{asgi_server}/seating/process/{process.pk}/plans/{plan.pk}/export.xlsx"
    )
    assert export.status == 200

    # A file's people: a wrong header is named, on the page, in the form.
    page.goto(f"{asgi_server}/seating/process/{process.pk}/")
    page.locator("#id_source_2").check()
    page.locator("#id_file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": b"name\nx\n"}]
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#file-errors").is_visible()
    check_accessibility(page)


def test_the_seating_pages_in_arabic_on_a_phone(asgi_server, demo, new_page):
    process = _with_guests(KERPEN)
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    page.goto(f"{asgi_server}/seating/process/{process.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("#id_tables").fill("3")
    page.locator("#id_rounds").fill("2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/plans/*/")
    assert page.locator("main section").count() == 2
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.goto(f"{asgi_server}/seating/process/{process.pk}/")
    assert page.locator("main table tbody tr").count() == 1
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
