"""The stakeholder map in the browser: the grid and the network with their lists, an import with
its preview, and the map in Arabic on a phone, every page checked with axe-core."""

import pytest

from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    switch_language,
)

pytestmark = pytest.mark.browser


def _kerpen_map(base_url: str) -> str:
    from cohesion.processes.models import Process

    process = Process.objects.get(municipality__ags="05362032")
    return f"{base_url}/stakeholders/process/{process.pk}/"


def test_the_map_with_grid_and_network(asgi_server, demo, new_page):
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    page.goto(_kerpen_map(asgi_server))
    grid = page.locator("svg.map-svg--grid")
    network = page.locator("svg.map-svg--network")
    assert grid.is_visible() and network.is_visible()
    assert grid.get_attribute("role") == "img"
    assert grid.locator("circle").count() >= 35
    assert grid.locator("rect").count() >= 80 + 4  # people, and the four quadrants
    assert network.locator("line").count() >= 40
    # The same information as text right below each drawing.
    assert page.locator("#grid-list ~ ul.map-list li").count() == grid.locator("g").count()
    assert (
        "Integrationsrat Kerpen (demo data)"
        in page.locator("#network-caption ~ tbody").inner_text()
    )
    check_accessibility(page)

    # Filtering by kind narrows both drawings.
    page.locator("#id_kind").select_option("immigrant_organisation")
    page.locator("form.search-form button[type=submit]").first.click()
    page.wait_for_url("**kind=immigrant_organisation**")
    assert page.locator("svg.map-svg--network g").count() == 7
    check_accessibility(page)

    # A person's page, with their own data to export or erase.
    page.locator("#people-caption ~ tbody a").first.click()
    page.wait_for_url("**/stakeholders/people/*/")
    assert page.get_by_role("link", name="Export as JSON").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Erase this person and their data").click()
    check_accessibility(page)

    # The forms, refused and accepted.
    page.goto(_kerpen_map(asgi_server) + "people/add/")
    check_accessibility(page)
    page.locator("main form button[type=submit]").click()
    assert page.locator("main .error").count() >= 2
    check_accessibility(page)
    page.locator("#id_name").fill("Nadia Haddad (demo data)")
    page.locator("#id_target_group").select_option("immigrant")
    page.locator("#id_languages").fill("ar de")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/stakeholders/people/*/")
    check_accessibility(page)
    page.goto(_kerpen_map(asgi_server) + "organisations/add/")
    check_accessibility(page)


def test_an_import_with_preview(asgi_server, demo, new_page, tmp_path):
    good = tmp_path / "liste.csv"
    good.write_text(
        "kind;name;organisation;target_group;email;influence;interest;consent;consent_date;"
        "consent_purpose\n"
        "club;Schachclub Sindorf (demo data);;civil_society;;2;3;;;\n"
        "person;Jürgen Schäfer (demo data);Schachclub Sindorf (demo data);immigrant;"
        "juergen@example.org;2;4;ja;03.09.2026;Workshop\n"
        "person;Jurgen  SCHAFER (demo data);Schachclub Sindorf (demo data);immigrant;;2;4;;;\n"
        "welfare;Caritas Rhein-Erft (demo data);;civil_society;;4;5;;;\n",
        encoding="cp1252",
    )
    bad = tmp_path / "kaputt.csv"
    bad.write_text("kind,name,target_group,influence\nclub,Verein,nobody,9\n", encoding="utf-8")
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "coordinator")
    switch_language(page, "en")
    page.goto(_kerpen_map(asgi_server) + "import/")
    check_accessibility(page)

    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/import/*/")
    text = page.locator("main [role=alert]").inner_text()
    assert "Row 2, column “target_group”" in text and "Row 2, column “influence”" in text
    check_accessibility(page)

    page.goto(_kerpen_map(asgi_server) + "import/")
    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/import/*/")
    preview = page.locator("main").inner_text()
    assert "duplicate of row 3 (same name), skipped" in preview
    assert "update" in preview and "new" in preview
    check_accessibility(page)
    page.locator("button[value=import]").click()
    page.wait_for_url(_kerpen_map(asgi_server))
    assert "Schachclub Sindorf (demo data)" in page.locator("#network-caption ~ tbody").inner_text()
    assert "Imported" in page.locator(".messages").inner_text()
    check_accessibility(page)


def test_the_map_in_arabic_on_a_phone(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "coordinator")
    page.goto(_kerpen_map(asgi_server))
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("svg.map-svg--grid").is_visible()
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("#people-caption ~ tbody a").first.click()
    page.wait_for_url("**/stakeholders/people/*/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.goto(_kerpen_map(asgi_server) + "import/")
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
