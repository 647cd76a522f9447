"""The strategy's documents in the browser: a reader (Kerpen's moderator) opens the downloads
page from the strategy, chooses a language and downloads the open data and the PDF; the same
page in Arabic at 360 px. axe-core on every page."""

import json

import pytest

from tests.browser.conftest import (
    KERPEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    log_in,
    switch_language,
)

pytestmark = pytest.mark.browser


def _kerpen_strategy():
    """Kerpen's strategy (the demo's, or started by its coordinator) with one measure."""

    def make():
        from cohesion.accounts.models import User
        from cohesion.processes.models import Process
        from cohesion.strategies import services
        from cohesion.strategies.models import Strategy

        process = Process.objects.get(municipality__ags=KERPEN)
        strategy = Strategy.objects.filter(process=process).first()
        if strategy is None:
            coordinator = User.objects.get(username="coordinator")
            strategy = services.strategy_create(actor=coordinator, process=process, language="de")
            goal = services.goal_create(
                actor=coordinator,
                field_of_action=strategy.fields_of_action.order_by("order")[0],
                title={"de": "Mehr Sprachkurse für Berufstätige"},
            )
            services.measure_create(
                actor=coordinator, goal=goal, title={"de": "Abendkurse an der VHS"}
            )
        return strategy.pk

    return in_thread(make)


def test_a_reader_downloads_the_strategy(asgi_server, demo, new_page):
    strategy_id = _kerpen_strategy()
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "moderator")
    switch_language(page, "en")
    page.goto(f"{asgi_server}/strategies/{strategy_id}/documents/")
    assert page.locator("h1").inner_text() == "The strategy as documents"
    check_accessibility(page)

    page.locator("#document-language").select_option("de")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/documents/?language=de")
    assert page.locator("#document-language").input_value() == "de"
    check_accessibility(page)

    with page.expect_download() as download:
        page.locator("main a[href*='/documents/json/']").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["municipality"]["ags"] == KERPEN
    assert download.value.suggested_filename == f"strategy-{KERPEN}-de.json"

    with page.expect_download() as download:
        page.locator("main a[href*='/documents/pdf/']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    def audited():
        from cohesion.audit.models import AuditEvent

        return sorted(
            event.after["format"] for event in AuditEvent.objects.filter(action="strategies.export")
        )

    assert in_thread(audited) == ["json", "pdf"]


def test_the_downloads_page_in_arabic_at_360_pixels(asgi_server, demo, new_page):
    strategy_id = _kerpen_strategy()
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator")
    switch_language(phone, "ar")
    phone.goto(f"{asgi_server}/strategies/{strategy_id}/documents/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("#document-language").input_value() == "ar"
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
