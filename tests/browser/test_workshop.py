"""The live workshop in the browser: the moderator makes it from the template and opens the first
Likert statement from the console; a participant joins on a phone in Arabic (right to left, at
360 px), answers and is told it is counted; the console's count follows without a reload, and
the presenter screen shows the bars only once the moderator shows the results, in place. axe-core on
every page."""

from django.utils import translation

from cohesion.processes.models import Process
from cohesion.workshops.models import Item, Workshop
from tests.browser.conftest import (
    SOLINGEN,
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    join_workshop,
    log_in,
    solingen_without_workshop,
)


def _solingen() -> int:
    return solingen_without_workshop().pk


def test_a_likert_statement_from_the_console_to_a_phone_and_back(asgi_server, demo, new_page):
    solingen = _solingen()
    console = new_page()
    log_in(console, asgi_server, "moderator")
    console.goto(f"{asgi_server}/workshops/process/{solingen}/")
    check_accessibility(console)
    console.locator("main form button[type=submit]").click()
    console.wait_for_url("**/workshops/*/")
    check_accessibility(console)
    workshop = Workshop.objects.get(process_id=solingen)
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
    presenter.evaluate("() => { window.samePresenterPage = true; }")
    console.locator(f"main button[formaction$='/items/{item.pk}/reveal/']").first.click()
    console.wait_for_url("**/console/")
    # The presenter hears of the change and takes the bars in place, without a reload.
    presenter.wait_for_selector("#workshop-results meter[value='1']")
    assert presenter.evaluate("() => window.samePresenterPage === true")
    check_accessibility(presenter)
    check_accessibility(console)


# --- cards ---


def _open_brainstorm():
    from django.contrib.auth import get_user_model

    from cohesion.workshops import services

    moderator = get_user_model().objects.get(username="moderator")
    process = Process.objects.get(municipality__ags=SOLINGEN)
    Workshop.objects.filter(process=process).delete()
    workshop = services.workshop_create(actor=moderator, process=process)
    item = workshop.items.filter(kind="cards").order_by("day__phase_slug", "position").first()
    Item.objects.filter(pk=item.pk).update(config={**item.config, "premoderate": True})
    item.refresh_from_db()
    services.item_run(actor=moderator, item=item, action="open")
    return workshop, item


def test_a_card_from_a_phone_through_moderation_to_the_presenter(asgi_server, demo, new_page):
    workshop, item = in_thread(_open_brainstorm)
    console = new_page()
    log_in(console, asgi_server, "moderator")
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/console/")
    assert console.locator("form.workshop-type-in").count() == 1
    check_accessibility(console)

    phone = new_page(width=360, height=740, locale="en")
    join_workshop(phone, asgi_server, workshop.code, "en")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    console.evaluate("() => { window.sameConsolePage = true; }")
    phone.locator(f"#card-{item.pk}-text").fill("Evening language classes")
    phone.locator(f"#card-{item.pk}-category").select_option("1")
    phone.locator("form.workshop-card button[type=submit]").click()
    phone.wait_for_function(
        "(text) => document.querySelector('form.workshop-card .workshop-answer__status')"
        ".textContent === text",
        arg="Thank you. Your card is shown once the moderator has read it.",
    )
    assert phone.locator(f"#card-{item.pk}-text").input_value() == ""

    # The console's moderation queue shows it without a reload; accepting it posts from the
    # pushed fragment (the page's CSRF token goes along).
    console.wait_for_selector(".card-list--pending >> text=Evening language classes")
    assert console.evaluate("() => window.sameConsolePage === true")
    check_accessibility(console)
    console.locator(".card-list--pending button[formaction$='/accept/']").click()
    console.wait_for_url("**/console/")
    assert console.locator(".card-list--pending").count() == 0
    console.locator(f"main button[formaction$='/items/{item.pk}/reveal/']").first.click()
    console.wait_for_url("**/console/")

    presenter = console.context.new_page()
    presenter.goto(f"{asgi_server}/workshops/{workshop.pk}/presenter/")
    presenter.wait_for_selector(".card-group >> text=Evening language classes")
    check_accessibility(presenter)
