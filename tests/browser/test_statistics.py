"""Importing official statistics in the browser, every step checked with axe-core."""

import pytest

from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

DATA = DATASETS / "de"
AZR = DATA / "regionalstatistik" / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
ZENSUS = DATA / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"


def test_import_a_genesis_table(asgi_server, demo, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    page.goto(asgi_server + "/statistics/")
    check_accessibility(page)
    page.locator("main a.button").click()
    check_accessibility(page)

    # An empty submission is answered, accessibly.
    page.locator("main button[type=submit]").click()
    assert page.locator("#file-errors").is_visible()
    check_accessibility(page)

    page.locator("input[type=file]").set_input_files(str(AZR))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")
    assert "12521-0041" in page.locator("main").inner_text()
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(asgi_server + "/statistics/")
    assert "12521-0041" in page.locator("main table").inner_text()
    check_accessibility(page)


def test_map_the_columns_of_a_tidy_file_in_arabic(asgi_server, demo, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "programme")
    page.goto(asgi_server + "/statistics/upload/")
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("input[type=file]").set_input_files(str(ZENSUS))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/columns/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("#id_region_key").select_option("ags")
    page.locator("#id_fixed_period").fill("2022-05-15")
    page.get_by_label("immigration_history_total").check()
    page.get_by_label("population", exact=True).check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")
    assert "08111000" in page.locator("main").inner_text()
    check_accessibility(page)
