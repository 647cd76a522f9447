import pytest
from django.urls import reverse
from django.utils import translation

from cohesion.processes.capabilities import phase_guard_register, phase_guard_unregister
from cohesion.processes.phases import PHASES
from tests.factories import CommitmentFactory, MunicipalityFactory, ProcessFactory


@pytest.fixture(autouse=True)
def committed(world):
    """Kerpen's mayor has committed, so the commitment gate lets its process move on."""
    return CommitmentFactory(process=world.kerpen_process)


def test_process_page_shows_where_it_stands_and_what_is_next(client, world):
    client.force_login(world.coordinator)
    response = client.get(
        reverse("processes:detail", args=[world.kerpen_process.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert "phase 1 of 7" in content
    assert "Next: Preparation." in content
    for phase in PHASES:
        with translation.override("en"):
            assert str(phase.title) in content
    assert 'aria-current="step"' in content
    assert reverse("processes:advance", args=[world.kerpen_process.pk]) in content


def test_the_advance_button_is_offered_only_to_who_may_use_it(client, world):
    client.force_login(world.moderator)
    response = client.get(reverse("processes:detail", args=[world.kerpen_process.pk]))
    assert (
        reverse("processes:advance", args=[world.kerpen_process.pk])
        not in response.content.decode()
    )


def test_advancing_asks_for_confirmation_first(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:advance", args=[world.kerpen_process.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Move on to “Preparation”?" in page
    assert "The mayor&#x27;s commitment:</strong>\n          fulfilled" in page
    assert 'name="expected_phase" value="commitment"' in page
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"  # a GET changes nothing


def test_the_confirmation_page_shows_the_guards_verdicts_and_offers_no_button(client, world):
    phase_guard_register(
        key="tests.commitment_gate",
        label="Mayor's commitment",
        check=lambda process, from_phase, to_phase: "Not recorded yet.",
        leaving={"commitment"},
    )
    try:
        client.force_login(world.coordinator)
        url = reverse("processes:advance", args=[world.kerpen_process.pk])
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Mayor&#x27;s commitment:</strong>" in page and "Not recorded yet." in page
        assert "The process cannot move on yet." in page
        assert 'name="expected_phase"' not in page
        response = client.post(url, {"expected_phase": "commitment"}, follow=True)
        assert "Not recorded yet." in response.content.decode()
    finally:
        phase_guard_unregister(key="tests.commitment_gate")
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


def test_undo_through_the_process_page(client, world):
    client.force_login(world.coordinator)
    detail = reverse("processes:detail", args=[world.kerpen_process.pk])
    undo = reverse("processes:advance_undo", args=[world.kerpen_process.pk])
    assert undo not in client.get(detail).content.decode()  # nothing to undo yet
    client.post(
        reverse("processes:advance", args=[world.kerpen_process.pk]),
        {"expected_phase": "commitment"},
    )
    assert undo in client.get(detail).content.decode()
    response = client.post(
        undo, {"expected_phase": "preparation"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert "Undone: the process is back in the phase “Commitment”." in content
    assert "moved back to “Commitment”" in content
    assert undo not in content  # an undo is not undone
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


def test_the_status_address_gives_phase_and_version(client, world):
    client.force_login(world.moderator)
    url = reverse("processes:status", args=[world.kerpen_process.pk])
    assert client.get(url).json() == {"phase": "commitment", "version": 0}


def test_phase_cards_come_from_the_apps_that_registered_them(client, world):
    client.force_login(world.moderator)
    ags = world.kerpen.ags

    def links(slug):
        url = reverse("processes:phase", args=[world.kerpen_process.pk, slug])
        return client.get(url).content.decode()

    preparation = links("preparation")
    assert reverse("indicators:profile", args=[ags]) in preparation
    assert reverse("peers:compare", args=[ags]) in preparation
    assert reverse("opinions:list", args=[world.kerpen_process.pk, "preparation"]) in preparation
    commitment = links("commitment")
    assert reverse("onboarding:commitment", args=[world.kerpen_process.pk]) in commitment
    strategy = links("strategy")
    assert reverse("indicators:profile", args=[ags]) not in strategy
    assert reverse("opinions:list", args=[world.kerpen_process.pk, "strategy"]) in strategy


def test_advancing_through_the_form(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:advance", args=[world.kerpen_process.pk])
    response = client.post(
        url, {"expected_phase": "commitment"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The process is now in the phase “Preparation”." in response.content.decode()
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "preparation"


def test_a_tampered_advance_form_gets_a_clear_message_and_changes_nothing(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:advance", args=[world.kerpen_process.pk])
    for data in ({"expected_phase": "no-such-phase"}, {}):
        response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "The form was changed on the way. Nothing was changed" in response.content.decode()
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"
    assert world.kerpen_process.transitions.count() == 0


def test_a_stale_advance_form_says_so_in_the_users_language(client, world):
    client.force_login(world.coordinator)
    client.cookies["cohesion_language"] = "de"
    url = reverse("processes:advance", args=[world.kerpen_process.pk])
    client.post(url, {"expected_phase": "commitment"})
    response = client.post(url, {"expected_phase": "commitment"}, follow=True)
    with translation.override("de"):
        expected = translation.gettext(
            "The process is already in the phase “%(phase)s”. Nothing was changed."
        ) % {"phase": PHASES[1].title}
    assert expected in response.content.decode()


def test_unknown_phase_is_a_404(client, world):
    client.force_login(world.coordinator)
    response = client.get(f"/processes/{world.kerpen_process.pk}/phases/no-such-phase/")
    assert response.status_code == 404


def test_phase_page_tells_the_role_what_it_may_do(client, world):
    url = reverse("processes:phase", args=[world.kerpen_process.pk, "strategy"])
    client.force_login(world.moderator)
    assert (
        "Your role lets you read this phase."
        in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    client.force_login(world.working_group_member)
    assert (
        "Your role lets you work on this phase."
        in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_dashboard_lists_processes_in_constant_queries(client, world, django_assert_num_queries):
    client.force_login(world.manager)
    client.get(reverse("home"))  # warm the session
    # session, user, roles, managed programmes, processes
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert response.content.decode().count("/processes/") == 2
    for _ in range(10):
        ProcessFactory(programme=world.programme, municipality=MunicipalityFactory())
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert response.content.decode().count("/processes/") == 12


def test_coordinator_sees_only_their_own_process(client, world):
    client.force_login(world.other_coordinator)
    content = client.get(reverse("home")).content.decode()
    assert world.stuttgart.name in content
    assert world.kerpen.name not in content
