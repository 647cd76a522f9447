"""Collaboration, consultation and adoption in the browser, in Arabic at 360 px: Kerpen's
coordinator comments, gives an assignment, saves a version and compares it, puts the draft
out for consultation with an opinion map, and records the council's decision; a visitor
without an account comments on the consultation and reads the adopted strategy. axe-core on
every page, no sideways scrolling."""

import datetime

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


def _kerpen_strategy():
    """A new draft of Kerpen's strategy in place of the demo's adopted one, with a goal
    (translated into Arabic) and a measure."""
    from cohesion.core.actors import SYSTEM
    from cohesion.processes.models import Process
    from cohesion.strategies import services
    from cohesion.strategies.models import Strategy

    process = Process.objects.get(municipality__ags=KERPEN)
    Strategy.objects.filter(process=process).delete()
    strategy = services.strategy_create(actor=SYSTEM, process=process, language="de")
    field = strategy.fields_of_action.order_by("order")[0]
    goal = services.goal_create(
        actor=SYSTEM,
        field_of_action=field,
        title={"de": "Mehr Sprachkurse für Berufstätige", "ar": "المزيد من دورات اللغة للعاملين"},
        target_year=2030,
    )
    services.measure_create(actor=SYSTEM, goal=goal, title={"de": "Abendkurse an der VHS"})
    services.strategy_update(
        actor=SYSTEM,
        strategy=strategy,
        guiding_principles={"de": "Vielfalt ist unsere Stärke. Alle gehören dazu."},
    )
    return strategy.pk, goal.pk


def _principles_changed(strategy_pk):
    from cohesion.core.actors import SYSTEM
    from cohesion.strategies import services
    from cohesion.strategies.models import Strategy

    services.strategy_update(
        actor=SYSTEM,
        strategy=Strategy.objects.get(pk=strategy_pk),
        guiding_principles={"de": "Vielfalt ist unsere Chance. Alle gehören dazu."},
    )


def _check(page):
    check_accessibility(page)
    assert_no_horizontal_overflow(page)


def test_from_draft_to_the_public_adopted_strategy_in_arabic(asgi_server, demo, new_page):
    from cohesion.strategies.models import ConsultationComment, Strategy

    strategy_pk, goal_pk = in_thread(_kerpen_strategy)
    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator")
    switch_language(phone, "ar")
    base = f"{asgi_server}/strategies/{strategy_pk}"

    phone.goto(f"{base}/comments/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator("#id_about").select_option(f"goal-{goal_pk}")
    phone.locator("#id_text").fill("فكرة جيدة، لكن في المساء أيضاً")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("li.card")
    _check(phone)

    phone.goto(f"{base}/assignments/")
    phone.locator("#id_task").fill("Kurszeiten mit der VHS klären")
    phone.locator("#id_due").fill("2027-02-01")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector("tbody tr")
    _check(phone)
    phone.goto(f"{asgi_server}/strategies/assignments/mine/")
    _check(phone)

    phone.goto(f"{base}/versions/")
    phone.locator("#id_label").fill("Erster Entwurf")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_selector("tbody tr")
    _check(phone)
    in_thread(lambda: _principles_changed(strategy_pk))
    phone.goto(f"{base}/versions/compare/?before=1&after=current")
    assert phone.locator("main del").count() >= 1 and phone.locator("main ins").count() >= 1
    _check(phone)

    phone.goto(f"{base}/consultation/")
    _check(phone)
    phone.locator("#id_with_opinion_map").check()
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_selector("a[href^='/opinions/']")
    _check(phone)

    visitor = new_page(width=360, height=740)
    visitor.goto(f"{asgi_server}/strategy/{KERPEN}/consultation/")
    switch_language(visitor, "ar")
    assert "المزيد من دورات اللغة للعاملين" in visitor.locator("main").inner_text()
    assert visitor.locator("main a[href^='/c/']").count() == 1
    _check(visitor)
    visitor.locator("#id_text").fill("أرجو دورات يوم السبت أيضاً")
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_selector(".message")
    assert ConsultationComment.objects.get().state == "pending"
    _check(visitor)

    phone.goto(f"{base}/consultation/")
    phone.locator("#comments ~ ul button").first.click()
    phone.wait_for_url("**/consultation/#comments")
    assert ConsultationComment.objects.get().state == "published"
    _check(phone)

    phone.goto(f"{base}/adopt/")
    _check(phone)
    phone.locator("#id_decided_on").fill(str(datetime.date.today() - datetime.timedelta(days=1)))
    phone.locator("#id_reference").fill("Rat 2026/117")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/strategies/process/*/")
    assert Strategy.objects.get(pk=strategy_pk).state == "adopted"
    _check(phone)

    visitor.goto(f"{asgi_server}/strategy/{KERPEN}/")
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    text = visitor.locator("main").inner_text()
    assert "Rat 2026/117" in text and "المزيد من دورات اللغة للعاملين" in text
    assert "Abendkurse an der VHS" in text  # the original, with the note
    _check(visitor)
    visitor.set_viewport_size({"width": 1280, "height": 900})
    check_accessibility(visitor)


def _demo_strategy_facts():
    from cohesion.processes.models import Process
    from cohesion.strategies.models import Measure

    process = Process.objects.get(municipality__ags=KERPEN)
    measure = Measure.objects.filter(goal__field_of_action__strategy__process=process).get(
        status="delayed", title__de__startswith="Herkunftssprachlicher"
    )
    return process.pk, process.current_phase_slug, measure.pk


def test_the_demos_adopted_strategy_and_its_two_years_of_monitoring(asgi_server, demo, new_page):
    """The demo as a visitor and the coordinator find it: Kerpen's strategy adopted by the
    council in December 2024, public without an account, and two years of reports."""
    process_pk, phase, delayed_pk = in_thread(_demo_strategy_facts)
    assert phase == "monitoring"

    visitor = new_page(width=360, height=740)
    visitor.goto(f"{asgi_server}/strategy/{KERPEN}/")
    assert "Integrationsstrategie Kerpen 2025–2027" in visitor.locator("h1").inner_text()
    assert "Drucksache 2024/187" in visitor.locator("main").inner_text()
    _check(visitor)
    switch_language(visitor, "ar")
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    assert "استراتيجية الاندماج في كيربن" in visitor.locator("h1").inner_text()
    _check(visitor)

    phone = new_page(width=360, height=740)
    log_in(phone, asgi_server, "coordinator")
    switch_language(phone, "ar")
    phone.goto(f"{asgi_server}/monitoring/process/{process_pk}/")
    _check(phone)
    phone.goto(f"{asgi_server}/monitoring/measures/{delayed_pk}/")
    # Four reports, one per half-year from May 2025 to November 2026.
    assert phone.locator("main table tbody tr").count() == 4
    _check(phone)
    phone.goto(f"{asgi_server}/monitoring/process/{process_pk}/report/")
    _check(phone)
