"""The bulk update of indicators in the browser: Kerpen's coordinator uploads a sheet of
targets and actual values, sees the preview row by row (a target "viele" refused) and applies
the valid row; then the same in Arabic on a phone at 360 px. axe-core on every page. The data
is built with the factories and the services, not the demo."""

import re
from decimal import Decimal

import pytest

from cohesion.accounts.models import Role
from tests.browser.conftest import (
    KERPEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    log_in,
    switch_language,
)
from tests.factories import PASSWORD, MembershipFactory, MunicipalityFactory, ProcessFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def kerpen_in_monitoring(transactional_db):
    """Kerpen in monitoring with a strategy of two indicators (targets 20 and 100 in 2030) and
    its coordinator: the process id, the strategy's and the indicators' ids."""
    from cohesion.core.actors import SYSTEM
    from cohesion.strategies.services import indicator_create
    from tests.monitoring.conftest import build_strategy, in_monitoring

    def build():
        kerpen = MunicipalityFactory(ags=KERPEN, name="Kerpen, Kolpingstadt")
        process = ProcessFactory(municipality=kerpen)
        MembershipFactory(municipality=kerpen, role=Role.COORDINATOR, user__username="coordinator")
        built = build_strategy(process)
        second = indicator_create(
            actor=SYSTEM,
            goal=built["goal"],
            name={"de": "Teilnehmende der Kurse"},
            unit="Personen",
            target=100,
            target_year=2030,
        )
        in_monitoring(process)
        return process.pk, built["strategy"].pk, built["indicator"].pk, second.pk

    return in_thread(build)


def _sheet(tmp_path, name: str, rows) -> str:
    path = tmp_path / name
    path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    return str(path)


def _indicator(pk):
    from cohesion.strategies.models import GoalIndicator

    indicator = GoalIndicator.objects.get(pk=pk)
    return indicator.target, [(a.period, a.value) for a in indicator.actuals.all()]


def test_an_indicator_update_from_a_file(asgi_server, kerpen_in_monitoring, new_page, tmp_path):
    process, strategy, first, second = kerpen_in_monitoring
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator", PASSWORD)
    switch_language(page, "en")
    page.goto(f"{asgi_server}/monitoring/{strategy}/bulk/")
    assert "Download the indicator sheet (XLSX)" in page.locator("main").inner_text()
    check_accessibility(page)
    sheet = _sheet(
        tmp_path,
        "indicators.csv",
        [
            ["AGS", "Indikator-ID", "Zielwert", "Istwert", "Zeitraum", "Quelle"],
            [KERPEN, str(first), "25", "14,5", "2025", "VHS"],
            [KERPEN, str(second), "viele", "", "", ""],
        ],
    )
    page.locator("#id_file").set_input_files(sheet)
    page.locator("main button[type=submit]", has_text="Show the preview").click()
    page.wait_for_url(re.compile(r".*/bulk/[A-Za-z0-9_-]{20,}/$"))
    text = page.locator("main").inner_text()
    assert "1 rows change an indicator, 0 change nothing, 1 have problems." in text
    assert "20 → 25" in text
    assert "14.5" in text
    assert "“viele” is not a number" in text
    check_accessibility(page)
    page.locator("main button[type=submit]", has_text="Apply the 1 valid row").click()
    page.wait_for_url(f"**/monitoring/process/{process}/#indicators-heading")
    assert "1 indicators are updated" in page.locator(".messages").inner_text()
    assert in_thread(lambda: (_indicator(first), _indicator(second))) == (
        (Decimal("25"), [("2025", Decimal("14.5"))]),
        (Decimal("100"), []),
    )
    check_accessibility(page)

    # In Arabic on a phone: the same pages, right to left, nothing wider than the screen.
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator", PASSWORD)
    switch_language(phone, "ar")
    phone.goto(f"{asgi_server}/monitoring/{strategy}/bulk/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    sheet = _sheet(
        tmp_path,
        "indicators-ar.csv",
        [
            ["indicator", "target", "actual", "period", "source"],
            [str(first), "", "16", "2026-06", "VHS Kerpen, Kursstatistik"],
            [str(second), "1e400", "", "", ""],
        ],
    )
    phone.locator("#id_file").set_input_files(sheet)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/bulk/[A-Za-z0-9_-]{20,}/$"))
    assert phone.locator("main .problems li").count() == 1
    assert "1e400" in phone.locator("main .problems").inner_text()
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("main form button.button--secondary[type=submit]").click()
    phone.wait_for_url(f"**/monitoring/process/{process}/#indicators-heading")
    assert in_thread(lambda: _indicator(first)[1]) == [
        ("2025", Decimal("14.5")),
        ("2026-06", Decimal("16")),
    ]
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
