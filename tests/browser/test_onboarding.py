"""A town's first step, from the programme manager to a moderator who logs in: the manager adds
a municipality from the registry and invites its coordinator by e-mail, the coordinator sets a
password through the link, records the mayor's commitment and invites a moderator, who accepts
and logs in. Every page is checked with axe-core; the moderator's pages in Arabic at 360 px."""

import re

from django.core import mail

from tests.browser.conftest import assert_no_horizontal_overflow, check_accessibility, log_in

FRECHEN = "05362024"  # in the registry, not one of the demo's processes
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COORDINATOR_PASSWORD = "Rathausplatz-Frechen-2026"
MODERATOR_PASSWORD = "Moderationskoffer-77-blau"


def _link_in(message) -> str:
    return re.search(r"https?://\S+/onboarding/invitations/\S+/", message.body).group(0)


def test_a_new_municipality_is_onboarded_from_the_programme_manager_to_a_moderator(
    asgi_server, demo, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    mail.outbox = []

    # The programme manager adds Frechen from the registry and invites its coordinator.
    manager = new_page()
    log_in(manager, asgi_server, "programme")
    # The registry's page of Frechen offers to add it (the same form, the search filled in).
    manager.goto(f"{asgi_server}/municipalities/{FRECHEN}/")
    assert manager.locator(f"a[href$='?q={FRECHEN}#add']").count() == 1
    check_accessibility(manager)
    manager.goto(f"{asgi_server}/onboarding/")
    check_accessibility(manager)
    manager.locator("main ul a").first.click()
    manager.wait_for_url(re.compile(r".*/onboarding/programmes/\d+/$"))
    check_accessibility(manager)
    manager.locator("#id_q").fill("Frechen")
    manager.locator("form[role=search] button").click()
    manager.locator(f"#ags-{FRECHEN}").check()
    check_accessibility(manager)
    manager.locator("#id_coordinator_email").fill("koordination@frechen.example")
    manager.locator("#id_language").select_option("de")
    manager.locator("main form[method=post] button.button").click()
    manager.wait_for_url(re.compile(r".*/onboarding/processes/\d+/team/$"))
    assert "koordination@frechen.example" in manager.locator("main").inner_text()
    check_accessibility(manager)

    # The coordinator opens the link from the mail and sets their own password.
    assert [message.to for message in mail.outbox] == [["koordination@frechen.example"]]
    assert "Frechen" in mail.outbox[0].subject
    coordinator = new_page()
    coordinator.goto(_link_in(mail.outbox[0]))
    check_accessibility(coordinator)
    coordinator.locator("#id_username").fill("frechen-koordination")
    coordinator.locator("#id_first_name").fill("Kim")
    coordinator.locator("#id_last_name").fill("Koordination")
    coordinator.locator("#id_password1").fill(COORDINATOR_PASSWORD)
    coordinator.locator("#id_password2").fill(COORDINATOR_PASSWORD)
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(re.compile(r".*/processes/\d+/$"))
    process_url = coordinator.url
    assert "Frechen" in coordinator.locator("h1").inner_text()
    check_accessibility(coordinator)

    # Phase 1's card leads to the commitment, which the coordinator records with the letter.
    coordinator.goto(f"{process_url}phases/commitment/")
    coordinator.locator(".phase-cards a[href*='/commitment/']").click()
    check_accessibility(coordinator)
    coordinator.locator("#id_signatory_name").fill("Susanne Stupp")
    coordinator.locator("#id_office").select_option("mayor")
    coordinator.locator("#id_given_on").fill("2026-11-20")
    coordinator.locator("#id_given_as").select_option("signed_letter")
    coordinator.locator("#id_letter").set_input_files(
        files=[{"name": "zusage.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    coordinator.locator("main form[enctype] button").click()
    coordinator.wait_for_load_state()
    assert "Susanne Stupp" in coordinator.locator("dl.facts").first.inner_text()
    assert coordinator.locator("a[href$='/commitment/letter/']").count() == 1
    check_accessibility(coordinator)

    # ... and invites a moderator, in Arabic.
    coordinator.locator("a[href$='/team/']").last.click()
    check_accessibility(coordinator)
    coordinator.locator("#id_email").fill("moderation@frechen.example")
    coordinator.locator("#id_role").select_option("moderator")
    coordinator.locator("#id_language").select_option("ar")
    coordinator.locator("main form[action$='/team/invite/'] button").click()
    coordinator.wait_for_load_state()
    assert "moderation@frechen.example" in coordinator.locator("main table").last.inner_text()
    check_accessibility(coordinator)

    # The moderator accepts on a phone in Arabic, then logs in and sees the process.
    assert mail.outbox[1].to == ["moderation@frechen.example"]
    moderator = new_page(width=360, height=740, locale="ar")
    moderator.goto(_link_in(mail.outbox[1]))
    assert moderator.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_overflow(moderator)
    check_accessibility(moderator)
    moderator.locator("#id_username").fill("frechen-moderation")
    moderator.locator("#id_password1").fill(MODERATOR_PASSWORD)
    moderator.locator("#id_password2").fill(MODERATOR_PASSWORD)
    moderator.locator("main form button[type=submit]").click()
    moderator.wait_for_url(process_url)
    assert_no_horizontal_overflow(moderator)
    check_accessibility(moderator)
    moderator.locator("form.logout button").click()
    moderator.wait_for_load_state()
    log_in(moderator, asgi_server, "frechen-moderation", MODERATOR_PASSWORD)
    moderator.locator("main table a", has_text="Frechen").click()
    moderator.wait_for_url(process_url)
    assert moderator.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_overflow(moderator)
    check_accessibility(moderator)

    # The used link answers a clear page, not a second account.
    moderator.goto(_link_in(mail.outbox[1]))
    assert moderator.locator("h1").count() == 1
    check_accessibility(moderator)
