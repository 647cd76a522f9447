"""Importing official statistics in the browser, every step checked with axe-core."""

import pytest

from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

DATA = DATASETS / "de"
AZR = DATA / "regionalstatistik" / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
ZENSUS = DATA / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
# The preview's import button (its other form reads the file again with corrections).
IMPORT = "main form:has(input[name=action][value=import]) button[type=submit]"


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
    page.locator(IMPORT).click()
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
    page.locator("input[name=value_columns][value=immigration_history_total]").check()
    page.locator("input[name=value_columns][value=population]").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")
    assert "08111000" in page.locator("main").inner_text()
    check_accessibility(page)


def _arabic(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"


def _checked(page) -> None:
    assert_no_horizontal_overflow(page)
    check_accessibility(page)


def test_a_pending_import_is_approved_and_undone_in_arabic(
    asgi_server, demo, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Stuttgart's coordinator uploads a one-row table for the Rhein-Erft-Kreis: it waits.
    lines = AZR.read_text(encoding="utf-8").splitlines(keepends=True)
    footer = next(number for number, line in enumerate(lines) if line.startswith("__"))
    row = "31.12.2025;05362;Rhein-Erft-Kreis;Insgesamt;1;e;1;e;2;e\n"
    falsified = tmp_path / "12521-0041.csv"
    falsified.write_text("".join([*lines[:6], row, *lines[footer:]]), encoding="utf-8")
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "stuttgart")
    _arabic(page, asgi_server, "/statistics/upload/")
    page.locator("input[type=file]").set_input_files(str(falsified))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")
    _checked(page)
    page.locator(IMPORT).click()
    page.wait_for_url(asgi_server + "/statistics/")
    _checked(page)

    # The programme manager sees the differences, approves, then undoes the import.
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "programme")
    _arabic(page, asgi_server, "/statistics/pending/")
    _checked(page)
    page.locator("main table a").first.click()
    page.wait_for_url("**/statistics/pending/*/")
    assert "91" in page.locator("main table").inner_text()  # 91,165 → 2, in Arabic digits or not
    _checked(page)
    page.locator("main button[value=approve]").click()
    page.wait_for_url("**/statistics/*/")
    _checked(page)
    page.locator("main a[href$='/undo/']").click()
    page.wait_for_url("**/undo/")
    _checked(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/statistics/*/")
    _checked(page)
