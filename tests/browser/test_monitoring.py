"""Monitoring in the browser: Kerpen's coordinator opens the dashboard, downloads nothing but
uploads a sheet of measure updates, sees the preview row by row (a progress of 150 refused)
and applies the valid row; the same in Arabic at 360 px, then the yearly report. axe-core on
every page."""

import re

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


def _kerpen_with_strategy():
    """Kerpen in monitoring with a strategy of the tests' own in place of the demo's."""
    from cohesion.processes.models import Process
    from cohesion.strategies.models import Strategy
    from tests.monitoring.conftest import build_strategy, in_monitoring

    process = Process.objects.select_related("municipality").get(municipality__ags=KERPEN)
    Strategy.objects.filter(process=process).delete()
    built = build_strategy(process)
    in_monitoring(process)
    return process, built["strategy"].pk, [measure.pk for measure in built["measures"]]


def _sheet(tmp_path, name: str, rows) -> str:
    path = tmp_path / name
    path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    return str(path)


def _progress(pk):
    from cohesion.strategies.models import Measure

    return Measure.objects.get(pk=pk).progress


def test_a_bulk_update_with_its_preview(asgi_server, demo, new_page, tmp_path):
    process, strategy_pk, measures = in_thread(_kerpen_with_strategy)
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    page.goto(f"{asgi_server}/monitoring/process/{process.pk}/")
    assert "Where are we now" in page.locator("main").inner_text()
    check_accessibility(page)

    page.locator("main a", has_text="Update measures from a file").click()
    page.wait_for_url(f"**/monitoring/{strategy_pk}/bulk/")
    check_accessibility(page)
    sheet = _sheet(
        tmp_path,
        "measures.csv",
        [
            ["AGS", "ID", "Status", "Fortschritt"],
            [KERPEN, str(measures[0]), "laufend", "80"],
            [KERPEN, str(measures[1]), "laufend", "150"],
        ],
    )
    page.locator("#id_file").set_input_files(sheet)
    page.locator("main button[type=submit]", has_text="Show the preview").click()
    page.wait_for_url(re.compile(r".*/bulk/[A-Za-z0-9_-]{20,}/$"))
    text = page.locator("main").inner_text()
    assert "50 → 80" in text
    assert "is no progress" in text
    check_accessibility(page)
    page.locator("main button[type=submit]", has_text="Apply the 1 valid row").click()
    page.wait_for_url(f"**/monitoring/process/{process.pk}/")
    assert "1 measures are updated" in page.locator(".messages").inner_text()
    assert in_thread(lambda: (_progress(measures[0]), _progress(measures[1]))) == (80, 50)
    check_accessibility(page)


def test_monitoring_in_arabic_at_360_pixels(asgi_server, demo, new_page, tmp_path):
    process, strategy_pk, measures = in_thread(_kerpen_with_strategy)
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator")
    switch_language(phone, "ar")
    phone.goto(f"{asgi_server}/monitoring/process/{process.pk}/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)

    phone.goto(f"{asgi_server}/monitoring/{strategy_pk}/bulk/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    sheet = _sheet(
        tmp_path,
        "measures.csv",
        [["ID", "Status", "Fortschritt"], [str(measures[2]), "abgeschlossen", ""]],
    )
    phone.locator("#id_file").set_input_files(sheet)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/bulk/[A-Za-z0-9_-]{20,}/$"))
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**/monitoring/process/{process.pk}/")
    assert in_thread(lambda: _progress(measures[2])) == 100
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)

    phone.goto(f"{asgi_server}/monitoring/measures/{measures[2]}/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.goto(f"{asgi_server}/monitoring/process/{process.pk}/report/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.goto(f"{asgi_server}/monitoring/notifications/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
