"""The profile, the fact sheet link, the indicator catalogue and the peers in the browser, each
page checked with axe-core, in German, in Arabic right to left and at 360 px."""

from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in


def test_profile_and_peers_of_kerpen(asgi_server, demo, new_page):
    page = new_page()
    log_in(page, asgi_server, "coordinator")
    page.goto(asgi_server + "/municipalities/05362032/")
    page.locator("main a[href='/profiles/05362032/']").first.click()
    page.wait_for_url("**/profiles/05362032/")
    main = page.locator("main").inner_text()
    assert "66.585" in main  # population, German number format
    assert "Rhein-Erft-Kreis" in main  # district figures are labelled
    assert page.locator("main svg[role=img]").count() >= 1
    check_accessibility(page)

    page.goto(asgi_server + "/profiles/indicators/")
    check_accessibility(page)

    page.goto(asgi_server + "/peers/05362032/")
    check_accessibility(page)
    suggested = page.locator("#suggested-caption")
    assert suggested.is_visible()
    page.locator("main table").nth(1).locator("button").first.click()
    page.wait_for_url("**/peers/05362032/")
    assert page.locator(".message--success").is_visible()
    assert page.locator(".peer-list li").count() == 1
    check_accessibility(page)


def test_profile_in_arabic_on_a_phone(asgi_server, demo, new_page):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "stuttgart")
    page.goto(asgi_server + "/profiles/08111000/")
    page.locator("#language-select").select_option("ar")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    for path in ("/peers/08111000/", "/profiles/indicators/"):
        page.goto(asgi_server + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_no_horizontal_overflow(page)
        check_accessibility(page)
