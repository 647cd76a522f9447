"""A workshop day in the browser, end to end: the moderator makes the workshop from the template,
a presenter screen runs in a browser of its own, and two participants join on phones (one in
German on a desktop-sized window, one in Arabic at 360 px, right to left), both naming their
stakeholder group with consent. They go through a Likert statement (the Arabic phone answers
while offline and is counted once it is back, exactly once), a brainstorm whose Arabic card a
helper translates and the board clusters into a candidate goal, and a dot vote whose options the
moderator sets. The console and the presenter follow without a reload; the breakdown by
stakeholder group shows the group of five and more, never the smaller one. More participants
come in through the services, in the database the served application shares. axe-core on
every page."""

import uuid

import pytest
from django.utils import translation

from cohesion.workshops import services
from cohesion.workshops.models import (
    Answer,
    Candidate,
    Card,
    Cluster,
    Item,
    StakeholderGroup,
    Workshop,
)
from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    join_workshop,
    log_in,
    solingen_without_workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GERMAN_CARD = "Sprachkurse am Abend für Berufstätige"
ARABIC_CARD = "دورات لغة مسائية للآباء والأمهات"
ARABIC_CARD_IN_GERMAN = "Sprachkurse am Abend für Eltern"
OPTIONS_DE = ["Sprachcafé", "Patenschaften", "Willkommensfest"]
OPTIONS_AR = ["مقهى اللغة", "برنامج الرعاية", "مهرجان الترحيب"]


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _post(page, selector: str) -> None:
    """Click a button that posts a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def _run(page, item: Item, action: str) -> None:
    _post(page, f"main button[formaction$='/items/{item.pk}/{action}/']")


def _wait_status(page, form: str, text: str) -> None:
    page.wait_for_function(
        "([form, text]) => document.querySelector(form + ' .workshop-answer__status')"
        ".textContent === text",
        arg=[form, text],
    )


def _answer_likert(phone, item: Item, step: int) -> None:
    phone.locator(f"label[for='i{item.pk}-{step}']").click()
    phone.locator(f"form.workshop-answer[data-item='{item.pk}'] button[type=submit]").click()


def _more_participants(workshop: Workshop, item: Item) -> None:
    """Five more of the administration (the German phone's group, six then) answer the Likert
    statement; the Arabic phone stays the only immigrant."""
    for number in range(5):
        participant = services.participant_join(
            workshop=workshop,
            device_hash=f"day-test-{number}",
            language="de",
            group=StakeholderGroup.ADMINISTRATION,
            group_consent=True,
        )
        services.answer_submit(
            participant=participant,
            item_id=item.pk,
            value=1 + number % 5,
            client_key=uuid.uuid4().hex,
            sequence=1,
        )


def test_a_workshop_day_with_a_moderator_a_presenter_and_two_phones(asgi_server, demo, new_page):
    process = solingen_without_workshop()

    # The moderator makes the workshop from the template.
    console = new_page()
    log_in(console, asgi_server, "moderator")
    console.goto(f"{asgi_server}/workshops/process/{process.pk}/")
    assert console.locator("main form[method=post] button[type=submit]").count() == 1
    check_accessibility(console)
    _post(console, "main form button[type=submit]")
    check_accessibility(console)
    workshop = Workshop.objects.get(process=process)
    items = Item.objects.filter(workshop=workshop).order_by("day__phase_slug", "position")
    likert = items.filter(kind="scale")[0]
    brainstorm = items.filter(kind="cards")[0]
    dots = items.filter(kind="dots")[0]
    console_language = console.locator("html").get_attribute("lang")
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/console/")
    check_accessibility(console)

    # The presenter screen, in a browser of its own.
    presenter = new_page()
    log_in(presenter, asgi_server, "moderator")
    presenter.goto(f"{asgi_server}/workshops/{workshop.pk}/presenter/")
    check_accessibility(presenter)

    # Two phones join, both naming their group with consent.
    german = new_page(locale="de-DE")
    german.goto(f"{asgi_server}/c/w/{workshop.code}/")
    german.wait_for_url("**/join/")
    check_accessibility(german)
    join_workshop(german, asgi_server, workshop.code, "de", StakeholderGroup.ADMINISTRATION)
    check_accessibility(german)
    arabic = new_page(width=360, height=740, locale="ar")
    arabic.goto(f"{asgi_server}/c/w/{workshop.code}/")
    arabic.wait_for_url("**/join/")
    check_accessibility(arabic)
    assert_no_horizontal_overflow(arabic)
    join_workshop(arabic, asgi_server, workshop.code, "ar", StakeholderGroup.IMMIGRANT)
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(arabic)
    assert_no_horizontal_overflow(arabic)
    assert set(workshop.participants.values_list("language", "group")) == {
        ("de", "administration"),
        ("ar", "immigrant"),
    }

    # --- the Likert statement ---
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/console/")
    _run(console, likert, "open")
    console.evaluate("() => { window.sameConsolePage = true; }")
    likert_form = f"form.workshop-answer[data-item='{likert.pk}']"
    for phone in (german, arabic):
        phone.wait_for_selector(likert_form)
    check_accessibility(arabic)
    assert_no_horizontal_overflow(arabic)

    _answer_likert(german, likert, 4)
    _wait_status(german, likert_form, _in("de", "Thank you, your answer is counted."))

    # The Arabic phone loses the network, answers, and is back.
    arabic.context.set_offline(True)
    _answer_likert(arabic, likert, 2)
    arabic.wait_for_timeout(1000)
    # Nothing has arrived; the phone keeps the answer and says it is sending.
    assert not Answer.objects.filter(item=likert, participant__language="ar").exists()
    sending = _in("ar", "Sending …")
    assert arabic.locator(f"{likert_form} .workshop-answer__status").inner_text() == sending
    arabic.context.set_offline(False)
    _wait_status(arabic, likert_form, _in("ar", "Thank you, your answer is counted."))
    assert Answer.objects.filter(item=likert, participant__language="ar").count() == 1
    assert Answer.objects.filter(item=likert).count() == 2
    console.wait_for_function(
        "() => document.querySelectorAll('#workshop-results meter[value=\"1\"]').length === 2"
    )

    # Five more of the administration answer: their group is shown on its own, the immigrants
    # (one) are not.
    in_thread(lambda: _more_participants(workshop, likert))
    assert Answer.objects.filter(item=likert).count() == 7
    with translation.override(console_language):
        administration = str(StakeholderGroup.ADMINISTRATION.label)
        immigrant = str(StakeholderGroup.IMMIGRANT.label)
        by_group = translation.gettext("By stakeholder group")
    console.wait_for_selector(f"#workshop-results h3:text-is('{by_group}')")
    results = console.locator("#workshop-results").inner_text()
    assert administration in results
    assert immigrant not in results
    assert console.evaluate("() => window.sameConsolePage === true")
    check_accessibility(console)

    assert presenter.locator("#workshop-results meter").count() == 0
    _run(console, likert, "reveal")
    presenter.wait_for_selector("#workshop-results meter")
    check_accessibility(presenter)

    # --- the brainstorm ---
    _run(console, brainstorm, "open")
    card_form = f"form.workshop-card[data-item='{brainstorm.pk}']"
    stored = {lang: _in(lang, "Thank you, your card is stored.") for lang in ("de", "ar")}
    for phone, text, language in ((german, GERMAN_CARD, "de"), (arabic, ARABIC_CARD, "ar")):
        phone.wait_for_selector(card_form)
        phone.locator(f"#card-{brainstorm.pk}-text").fill(text)
        phone.locator(f"#card-{brainstorm.pk}-category").select_option("1")
        phone.locator(f"{card_form} button[type=submit]").click()
        _wait_status(phone, card_form, stored[language])
    check_accessibility(arabic)
    assert_no_horizontal_overflow(arabic)
    arabic_card = Card.objects.get(item=brainstorm, language="ar")
    assert arabic_card.text == ARABIC_CARD
    console.wait_for_selector(f"#workshop-results >> text={ARABIC_CARD}")
    _run(console, brainstorm, "reveal")
    presenter.wait_for_selector(f".card-group >> text={ARABIC_CARD}")

    # The Arabic card is translated into German; the presenter shows it beside the original.
    console.locator(f"main a[href='/workshops/{workshop.pk}/translate/']").click()
    console.wait_for_url("**/translate/")
    console.locator("#translate-language").select_option("de")
    console.locator("main form[method=get] button").click()
    console.wait_for_url("**/translate/?language=de")
    check_accessibility(console)
    console.locator(f"#card-{arabic_card.pk}-text").fill(ARABIC_CARD_IN_GERMAN)
    _post(console, f"form:has(#card-{arabic_card.pk}-text) button[type=submit]")
    arabic_card.refresh_from_db()
    assert arabic_card.translations == {"de": ARABIC_CARD_IN_GERMAN}
    presenter.wait_for_selector(f".card__translation >> text={ARABIC_CARD_IN_GERMAN}")
    row = presenter.locator(".card-list li.card", has_text=ARABIC_CARD)
    assert ARABIC_CARD_IN_GERMAN in row.locator(".card__translation").inner_text()
    check_accessibility(presenter)

    # The board: the suggested grouping of the two language classes becomes a candidate goal.
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/console/")
    console.locator(f"main a[href='/workshops/{workshop.pk}/items/{brainstorm.pk}/board/']").click()
    console.wait_for_url("**/board/")
    check_accessibility(console)
    _post(console, "main button:text-is('" + _in(console_language, "Suggest groupings") + "')")
    suggested = Cluster.objects.filter(item=brainstorm, suggested=True).order_by("pk").first()
    assert suggested is not None
    assert set(suggested.cards.all()) == set(Card.objects.filter(item=brainstorm))
    check_accessibility(console)
    make_goal = f"button[formaction$='/clusters/{suggested.pk}/candidate/']"
    console.locator(make_goal).click()
    console.wait_for_selector(make_goal, state="detached")
    assert Candidate.objects.get(cluster=suggested).cards.count() == 2
    check_accessibility(console)

    # --- the dot vote ---
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/")
    console.locator(f"main a[href='/workshops/{workshop.pk}/items/{dots.pk}/']").first.click()
    console.wait_for_url(f"**/items/{dots.pk}/")
    check_accessibility(console)
    console.locator("#id_options_de").fill("\n".join(OPTIONS_DE))
    console.locator("#id_options_ar").fill("\n".join(OPTIONS_AR))
    _post(console, "main form button[type=submit]")
    dots.refresh_from_db()
    assert [option["de"] for option in dots.config["options"]] == OPTIONS_DE
    console.goto(f"{asgi_server}/workshops/{workshop.pk}/console/")
    _run(console, dots, "open")
    dots_form = f"form.workshop-answer[data-item='{dots.pk}']"
    for phone, spent, language in ((german, {0: 3, 1: 2}, "de"), (arabic, {2: 4, 0: 1}, "ar")):
        phone.wait_for_selector(dots_form)
        for option, count in spent.items():
            phone.locator(f"#i{dots.pk}-{option}").fill(str(count))
        phone.locator(f"{dots_form} button[type=submit]").click()
        _wait_status(phone, dots_form, _in(language, "Thank you, your answer is counted."))
    assert OPTIONS_AR[2] in arabic.locator(dots_form).inner_text()
    check_accessibility(arabic)
    assert_no_horizontal_overflow(arabic)
    check_accessibility(german)
    console.wait_for_selector("#workshop-results meter[value='4']")
    _run(console, dots, "reveal")
    # Sprachcafé 3 + 1, Willkommensfest 4, Patenschaften 2.
    presenter.wait_for_selector("#workshop-results meter[value='4']")
    assert OPTIONS_DE[0] in presenter.locator("#workshop-results").inner_text()
    check_accessibility(presenter)
    check_accessibility(console)
