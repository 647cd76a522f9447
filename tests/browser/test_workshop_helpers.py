"""A helper in the browser: the moderator names an interpreter on the agenda page; the
interpreter finds the workshop in their list, opens the console (without the agenda's link) and
translates a participant's card. axe-core on every page."""

from django.contrib.auth import get_user_model

from cohesion.demo.services import DEMO_PASSWORD
from cohesion.workshops import services
from cohesion.workshops.models import Card
from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    solingen_without_workshop,
)


def test_an_interpreter_translates_a_card(asgi_server, demo, new_page):
    process = solingen_without_workshop()
    moderator = get_user_model().objects.get(username="moderator")
    workshop = services.workshop_create(actor=moderator, process=process)
    get_user_model().objects.create_user("interpreter", password=DEMO_PASSWORD)
    card = Card.objects.create(
        item=workshop.items.order_by("day__phase_slug", "position").first(),
        text="Mehr Sprachkurse am Abend",
        language="de",
    )

    page = new_page()
    log_in(page, asgi_server, "moderator")
    page.goto(f"{asgi_server}/workshops/{workshop.pk}/")
    page.locator("#helper-username").fill("interpreter")
    page.locator("#helper-username").press("Enter")
    page.wait_for_url("**/workshops/*/#helpers")
    assert "interpreter" in page.locator("#helpers").locator("..").inner_text()
    check_accessibility(page)

    phone = new_page(width=360, height=740, locale="ar")
    log_in(phone, asgi_server, "interpreter")
    phone.goto(f"{asgi_server}/workshops/helping/")
    check_accessibility(phone)
    phone.locator(f"main a[href='/workshops/{workshop.pk}/console/']").click()
    phone.wait_for_url("**/console/")
    assert phone.locator(f"main a[href='/workshops/{workshop.pk}/']").count() == 0
    phone.locator(f"main a[href='/workshops/{workshop.pk}/translate/']").click()
    phone.wait_for_url("**/translate/")
    phone.locator("#translate-language").select_option("ar")
    phone.locator("main form[method=get] button").click()
    phone.wait_for_url("**/translate/?language=ar")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator(f"#card-{card.pk}-text").fill("المزيد من دورات اللغة مساءً")
    phone.locator(f"#card-{card.pk}-text").locator("xpath=ancestor::form").locator("button").click()
    phone.wait_for_url("**/translate/?language=ar")
    check_accessibility(phone)
    card.refresh_from_db()
    assert card.translations == {"ar": "المزيد من دورات اللغة مساءً"}
