"""The audit trail in a browser: readable, accessible, in Arabic at 360 px."""

from django.utils.translation import gettext_lazy as _

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.municipalities.selectors import municipality_get_by_ags
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in

SHOWN = audit_action("tests.browser_thing_change", _("changed a test thing"))


def test_the_coordinator_reads_the_trail_in_arabic_on_a_phone(asgi_server, demo, new_page):
    kerpen = municipality_get_by_ags(ags="05362032")
    audit_record(
        action=SHOWN,
        actor_label="coordinator",
        municipality=kerpen,
        target=kerpen,
        before={"population": 66294},
        after={"population": 66585},
    )
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    page.goto(asgi_server + "/audit/")
    check_accessibility(page)
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    main = page.locator("main").inner_text()
    assert "66294" in main and "66585" in main
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
