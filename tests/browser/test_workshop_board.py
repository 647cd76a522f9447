"""The board of a brainstorm in the browser: the moderator opens it from the agenda, moves a card
into a cluster with the keyboard (the "Move to" form, no pointer) and another by drag and drop,
accepts a suggested grouping and makes it a candidate goal; the same board in Arabic, right to
left, at 360 px. axe-core on every page."""

from django.contrib.auth import get_user_model

from cohesion.workshops import services
from cohesion.workshops.models import Candidate, Card, Cluster
from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    log_in,
    solingen_without_workshop,
)

CARDS = [
    ("Mehr Sprachkurse am Abend für Berufstätige", "de", {}),
    ("Sprachkurse mit Kinderbetreuung", "de", {}),
    ("Sprachkurse online", "de", {}),
    ("ملاعب رياضية للشباب في الحي", "ar", {"de": "Sportplätze für Jugendliche im Viertel"}),
    ("نوادي رياضية للشباب والشابات", "ar", {}),
    ("Ein Willkommensfest im Stadtpark", "de", {"ar": "مهرجان ترحيب في حديقة المدينة"}),
    ("Nachbarschaftsfest mit allen Vereinen", "de", {}),
]


def _board():
    moderator = get_user_model().objects.get(username="moderator")
    process = solingen_without_workshop()
    workshop = services.workshop_create(actor=moderator, process=process)
    item = workshop.items.filter(kind="cards").order_by("day__phase_slug", "position")[0]
    cards = [
        Card.objects.create(item=item, text=text, language=language, translations=translations)
        for text, language, translations in CARDS
    ]
    services.clusters_suggest(actor=moderator, item=item)
    festivals = services.cluster_create(actor=moderator, item=item, title={"de": "Feste"})
    return workshop, item, cards, festivals


def _move_by_keyboard(page, card, cluster):
    page.locator(f"#move-{card.pk}").focus()
    page.locator(f"#move-{card.pk}").select_option(str(cluster.pk))
    page.keyboard.press("Tab")  # onto the card's "Move" button
    page.keyboard.press("Enter")
    page.wait_for_selector(f"section[data-cluster='{cluster.pk}'] #card-{card.pk}")


def test_the_board_by_keyboard_and_by_dragging(asgi_server, demo, new_page):
    workshop, item, cards, festivals = _board()
    board_url = f"/workshops/{workshop.pk}/items/{item.pk}/board/"
    page = new_page()
    log_in(page, asgi_server, "moderator")
    page.goto(f"{asgi_server}/workshops/{workshop.pk}/")
    page.locator(f"main a[href='{board_url}']").click()
    page.wait_for_url(f"**{board_url}")
    check_accessibility(page)
    assert (
        page.locator("section[data-cluster]").count()
        == Cluster.objects.filter(item=item).count() + 1
    )

    _move_by_keyboard(page, cards[5], festivals)
    assert Card.objects.get(pk=cards[5].pk).cluster_id == festivals.pk
    check_accessibility(page)

    # Taken by its text (not its form), dropped onto the cluster's heading.
    page.drag_and_drop(
        f"#card-{cards[6].pk} .board-card__text",
        f"section[data-cluster='{festivals.pk}'] h2",
    )
    page.wait_for_selector(f"section[data-cluster='{festivals.pk}'] #card-{cards[6].pk}")
    assert Card.objects.get(pk=cards[6].pk).cluster_id == festivals.pk

    suggested = Cluster.objects.filter(item=item, suggested=True).order_by("pk").first()
    column = page.locator(f"section[data-cluster='{suggested.pk}']")
    make_goal = f"button[formaction$='/clusters/{suggested.pk}/candidate/']"
    column.locator(make_goal).click()
    page.wait_for_selector(make_goal, state="detached")
    goal = Candidate.objects.get(cluster=suggested)
    assert set(goal.cards.all()) == set(suggested.cards.all())
    page.locator(f"section[data-cluster='{suggested.pk}'] .board__buttons button").first.click()
    page.wait_for_selector(
        f"section.board__column--suggested[data-cluster='{suggested.pk}']", state="detached"
    )
    suggested.refresh_from_db()
    assert not suggested.suggested
    check_accessibility(page)

    page.goto(f"{asgi_server}/workshops/{workshop.pk}/candidates/")
    assert page.locator(f"#candidate-{goal.pk}").count() == 1
    check_accessibility(page)


def test_the_board_in_arabic_at_360_pixels(asgi_server, demo, new_page):
    workshop, item, cards, festivals = _board()
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "moderator")
    phone.locator("#language-select").select_option("ar")
    phone.locator(".language-switcher button").click()
    phone.wait_for_load_state()
    phone.goto(f"{asgi_server}/workshops/{workshop.pk}/items/{item.pk}/board/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    # The card in its original language, its Arabic translation beside it.
    card = phone.locator(f"#card-{cards[5].pk}")
    assert CARDS[5][0] in card.inner_text()
    assert CARDS[5][2]["ar"] in card.locator(".board-card__translation").inner_text()
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    _move_by_keyboard(phone, cards[5], festivals)
    assert Card.objects.get(pk=cards[5].pk).cluster_id == festivals.pk
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
