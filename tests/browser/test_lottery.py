"""The fair lottery in the browser: the coordinator, in Arabic on a 360 px phone, uploads a pool
and a quota table, draws the panel, sorts the chances; the public method page. axe-core on every
page."""

import pytest

from cohesion.processes.models import Process
from tests.browser.conftest import (
    KERPEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    log_in,
)

pytestmark = pytest.mark.browser

POOL = "id,gender,age\n" + "".join(
    f"V{i:02d},{'f' if i % 2 else 'm'},{'young' if i % 3 else 'old'}\n" for i in range(40)
)
QUOTAS = "attribute,value,min,max\ngender,f,4,6\ngender,m,4,6\nage,young,2,8\nage,old,4,5\n"


def test_the_coordinator_draws_a_panel_on_a_phone_in_arabic(asgi_server, demo, new_page, tmp_path):
    process = in_thread(lambda: Process.objects.get(municipality__ags=KERPEN))
    pool, quotas = tmp_path / "pool.csv", tmp_path / "quotas.csv"
    pool.write_text(POOL, encoding="utf-8")
    quotas.write_text(QUOTAS, encoding="utf-8")

    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    page.goto(f"{asgi_server}/lottery/process/{process.pk}/")
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(page)
    assert_no_horizontal_overflow(page)

    # A pool without a quota row for one of its values: the form says which volunteer.
    bad = tmp_path / "bad.csv"
    bad.write_text(POOL.replace("V07,f,", "V07,x,"), encoding="utf-8")
    page.locator("#id_pool").set_input_files(str(bad))
    page.locator("#id_quotas").set_input_files(str(quotas))
    page.locator("#id_seats").fill("10")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "V07" in page.locator("main [role=alert]").first.inner_text()
    check_accessibility(page)

    page.locator("#id_pool").set_input_files(str(pool))
    page.locator("#id_quotas").set_input_files(str(quotas))
    page.locator("#id_seats").fill("10")
    page.locator("#id_seed").fill("42")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/lottery/draws/*/")
    assert page.locator("#panel-caption").locator("xpath=..").locator("tbody tr").count() == 10
    rows = page.locator("#chances-caption").locator("xpath=..").locator("tbody tr")
    assert rows.count() == 40
    check_accessibility(page)
    assert_no_horizontal_overflow(page)

    page.locator("main a[href='?sort=probability']").click()
    page.wait_for_url("**/?sort=probability")
    check_accessibility(page)

    public = new_page(width=360, height=740)
    public.goto(f"{asgi_server}/lottery/method/")
    public.locator("#language-select").select_option("ar")
    public.locator(".language-switcher button").click()
    public.wait_for_load_state()
    assert public.locator("html").get_attribute("dir") == "rtl"
    assert "Flanigan" in public.locator("main").inner_text()
    check_accessibility(public)
    assert_no_horizontal_overflow(public)
