"""The live workshop in the browser: the moderator makes it from the template and opens the first
Likert statement from the console; a participant joins on a phone in Arabic (right to left, at
360 px), answers and is told it is counted; the console's count follows without a reload, and
the presenter screen shows the bars only once the moderator shows the results. axe-core on
every page."""

from django.utils import translation

from cohesion.processes.models import Process
from cohesion.workshops.models import Item, Workshop
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in


def _kerpen() -> int:
    return Process.objects.get(municipality__ags="05362032").pk


def test_a_likert_statement_from_the_console_to_a_phone_and_back(asgi_server, demo, new_page):
    console = new_page()
    log_in(console, asgi_server, "moderator")
    console.goto(f"{asgi_server}/workshops/process/{_kerpen()}/")
    check_accessibility(console)
    console.locator("main form button[type=submit]").click()
    console.wait_for_url("**/workshops/*/")
    check_accessibility(console)
    workshop = Workshop.objects.get(process_id=_kerpen())
    item = Item.objects.filter(workshop=workshop, kind="scale").order_by("day", "position")[0]
    item.title = {**item.title, "ar": "دورات اللغة تساعد على الاستقرار."}
    item.save(update_fields=["title"])

    console.locator(f"main a[href='/workshops/{workshop.pk}/console/']").first.click()
    console.wait_for_url("**/console/")
    check_accessibility(console)
    console.locator(f"main button[formaction$='/items/{item.pk}/open/']").first.click()
    console.wait_for_url("**/console/")
    now = console.locator("#current-title + p").inner_text()
    assert item.title[workshop.source_language] in now
    check_accessibility(console)

    presenter = console.context.new_page()
    presenter.goto(f"{asgi_server}/workshops/{workshop.pk}/presenter/")
    assert presenter.locator("#workshop-results meter").count() == 0
    check_accessibility(presenter)

    phone = new_page(width=360, height=740, locale="ar")
    phone.goto(f"{asgi_server}/c/w/{workshop.code}/")
    phone.wait_for_url("**/join/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("#id_language").select_option("ar")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**/c/w/{workshop.code}/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert item.title["ar"] in phone.locator("#workshop-items h2").inner_text()
    # The live connection has sent its snapshot (which carries no fallback key): answers now go
    # over the websocket.
    phone.wait_for_selector("#workshop-items input[name=key]", state="detached")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    console.evaluate("() => { window.sameConsolePage = true; }")
    phone.locator(f"label[for='i{item.pk}-4']").click()
    phone.locator("#workshop-items button[type=submit]").click()
    with translation.override("ar"):
        counted = translation.gettext("Thank you, your answer is counted.")
    phone.wait_for_function(
        "(text) => document.querySelector('.workshop-answer__status').textContent === text",
        arg=counted,
    )

    # The console counts without a reload: the step "agree" has its one answer.
    console.wait_for_selector("#workshop-results meter[value='1']")
    assert console.evaluate("() => window.sameConsolePage === true")
    assert presenter.locator("#workshop-results meter").count() == 0
    console.locator(f"main button[formaction$='/items/{item.pk}/reveal/']").first.click()
    console.wait_for_url("**/console/")
    # The presenter hears of the change and loads anew with the bars.
    presenter.wait_for_selector("#workshop-results meter[value='1']")
    check_accessibility(presenter)
    check_accessibility(console)
