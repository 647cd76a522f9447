"""The room's mix in the browser: the gap view closes as the moderator invites people through
the invitation page (the warnings go, the distance drops, and an open gap view follows by
itself); an invitee answers on a phone without an account; the pages pass axe-core, in Arabic
at 360 px too."""

import re

import pytest

from cohesion.accounts.models import Role
from cohesion.core.actors import SYSTEM
from cohesion.invitations import services
from cohesion.invitations.models import Invitation
from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in
from tests.factories import (
    PASSWORD,
    InviteeFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProcessFactory,
)


@pytest.fixture
def room(transactional_db):
    kerpen = MunicipalityFactory(ags="05362032", name="Kerpen, Kolpingstadt")
    process = ProcessFactory(municipality=kerpen)
    MembershipFactory(municipality=kerpen, role=Role.MODERATOR, user__username="moderator")
    association = OrganisationFactory(
        process=process,
        name="Türkisch-Deutscher Kulturverein (demo data)",
        kind="immigrant_organisation",
        target_group="immigrant",
        origin="Gastarbeiterländer",
    )
    people = [
        ("Ayşe Demir (demo data)", "immigrant", "Gastarbeiterländer", association, ["tr"]),
        ("Mehmet Kaya (demo data)", "immigrant", "Gastarbeiterländer", None, ["tr", "de"]),
        ("Olena Koval (demo data)", "immigrant", "", None, ["uk"]),
        ("Samir Haddad (demo data)", "immigrant", "", None, ["ar"]),
        ("Petra Schulz (demo data)", "administration", "", None, ["de"]),
        ("Jonas Weber (demo data)", "administration", "", None, ["de"]),
        ("Bürgermeister (demo data)", "policy", "", None, ["de"]),
        ("Lena Vogel (demo data)", "civil_society", "", None, ["de"]),
    ]
    for name, group, origin, organisation, languages in people:
        InviteeFactory(
            process=process,
            name=name,
            target_group=group,
            origin=origin,
            organisation=organisation,
            languages=languages,
        )
    services.room_size_set(actor=SYSTEM, process=process, room_size=10)
    for attribute, value, low, high in [
        ("target_group", "immigrant", 3, 6),
        ("target_group", "policy", 1, 2),
        ("target_group", "administration", 1, 3),
        ("target_group", "civil_society", 1, 3),
        ("origin", "Gastarbeiterländer", 1, 3),
        ("organisation_kind", "immigrant_organisation", 1, 3),
    ]:
        services.quota_save(
            actor=SYSTEM,
            process=process,
            attribute=attribute,
            value=value,
            minimum=low,
            maximum=high,
        )
    return process


def _distance(page) -> int:
    text = page.locator(".distance__number[data-status=invited]").inner_text()
    return int(re.match(r"(\d+)", text).group(1))


def _invited_warnings(page) -> int:
    return page.locator("ul.warnings[data-status=invited] li").count()


def _invite(page, base_url, process, names):
    page.goto(f"{base_url}/invitations/process/{process.pk}/")
    for name in names:
        page.get_by_label(re.compile(re.escape(name))).check()
    page.locator("main form button[type=submit]", has_text="Invite").click()
    page.wait_for_url(f"**/invitations/process/{process.pk}/")


def test_the_gap_view_closes_as_invitations_are_added(asgi_server, room, new_page):
    process = room
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "moderator", PASSWORD)
    gaps_url = f"{asgi_server}/invitations/process/{process.pk}/gaps/"

    page.goto(f"{asgi_server}/invitations/process/{process.pk}/quotas/")
    check_accessibility(page)
    page.goto(gaps_url)
    check_accessibility(page)
    assert _distance(page) == 100
    assert "largest origin group" in page.locator("ul.warnings[data-status=invited]").inner_text()
    warnings_at_start = _invited_warnings(page)

    # A second tab keeps the gap view open: it follows the invitations by itself.
    watcher = new_page(locale="en-GB")
    log_in(watcher, asgi_server, "moderator", PASSWORD)
    watcher.goto(gaps_url)

    _invite(page, asgi_server, process, ["Olena Koval", "Samir Haddad", "Petra Schulz"])
    check_accessibility(page)
    page.goto(gaps_url)
    first = _distance(page)
    assert first < 100
    assert 0 < _invited_warnings(page) < warnings_at_start
    assert "largest origin group" in page.locator("ul.warnings[data-status=invited]").inner_text()
    # Before and after the latest change, both shown.
    assert "100 %" in page.locator(".distance li").first.inner_text()

    _invite(
        page,
        asgi_server,
        process,
        ["Ayşe Demir", "Mehmet Kaya", "Bürgermeister", "Lena Vogel", "Jonas Weber"],
    )
    page.goto(gaps_url)
    assert _distance(page) < first
    assert _invited_warnings(page) == 0
    assert page.locator("p.no-warnings[data-status=invited]").is_visible()
    check_accessibility(page)

    # The open tab caught up without a reload.
    watcher.wait_for_function(
        "() => document.querySelector('.distance__number[data-status=invited]')"
        ".textContent.trim() !== '100 %'",
        timeout=15000,
    )
    assert _distance(watcher) == _distance(page)

    # The check-in list, on the day.
    page.goto(f"{asgi_server}/invitations/process/{process.pk}/check-in/")
    check_accessibility(page)


def test_arabic_at_360_px(asgi_server, room, new_page):
    process = room
    phone = new_page(width=360, height=740, locale="ar")
    log_in(phone, asgi_server, "moderator", PASSWORD)
    for path in ("quotas/", "gaps/", "", "check-in/"):
        phone.goto(f"{asgi_server}/invitations/process/{process.pk}/{path}")
        assert phone.locator("html").get_attribute("dir") == "rtl"
        check_accessibility(phone)
        assert_no_horizontal_overflow(phone)


def test_an_invitee_answers_on_a_phone(asgi_server, room, new_page):
    process = room
    person = process.stakeholders.get(name__startswith="Samir")
    invitation = services.invitation_create(
        actor=SYSTEM,
        process=process,
        stakeholder=person,
        channel="auto",
        site_url=asgi_server,
        send=False,
    )
    phone = new_page(width=360, height=740, locale="de-DE")
    phone.goto(f"{asgi_server}/invitations/r/{invitation.key}/")
    # In the invitation's language (Arabic, the person's first), right to left.
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("button[name=answer][value=confirmed]").click()
    phone.wait_for_url(re.compile(r".*/invitations/r/.*"))
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.CONFIRMED
    # Switched to English, the person changes their mind.
    phone.locator("a[lang=en]").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("button[name=answer][value=declined]").click()
    phone.wait_for_url(re.compile(r".*lang=en"))
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.DECLINED
    phone.goto(f"{asgi_server}/invitations/r/{invitation.key}/erase/?lang=en")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)


def test_a_moderator_checks_in_by_scanning_on_a_phone(asgi_server, room, new_page):
    process = room
    person = process.stakeholders.get(name__startswith="Olena")
    invitation = services.invitation_create(
        actor=SYSTEM,
        process=process,
        stakeholder=person,
        channel="auto",
        site_url=asgi_server,
        send=False,
    )
    phone = new_page(width=360, height=740, locale="ar")
    log_in(phone, asgi_server, "moderator", PASSWORD)
    # The camera app opens the QR code's address.
    phone.goto(f"{asgi_server}/invitations/in/{invitation.key}/")
    assert "Olena Koval" in phone.locator("h1").inner_text()
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**/invitations/process/{process.pk}/check-in/")
    check_accessibility(phone)
    assert_no_horizontal_overflow(phone)
    invitation.refresh_from_db()
    assert invitation.attended_at is not None
    # Scanned twice: nothing changes, nobody counts twice.
    phone.goto(f"{asgi_server}/invitations/in/{invitation.key}/")
    assert phone.locator("main form button[type=submit]").count() == 0
