import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.models import Membership, Role, User
from cohesion.onboarding.models import StaffInvitation
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    ProcessFactory,
    StaffInvitationFactory,
    UserFactory,
)

STRONG = "Lindenblatt-im-Herbst-42"


def _open(world, value="the-link", **fields):
    fields.setdefault("created_by", world.coordinator)
    return StaffInvitationFactory(
        process=world.kerpen_process,
        token_hash=hashlib.sha256(value.encode()).hexdigest(),
        **fields,
    )


def _accept_url(value="the-link"):
    return reverse("onboarding:accept", args=[value])


def test_the_programme_page_finds_a_municipality_and_adds_it_with_its_coordinator(
    client, world, mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    MunicipalityFactory(ags="05362020", name="Frechen")
    for n in range(25):
        ProcessFactory(
            programme=world.programme, municipality=MunicipalityFactory(name=f"Frechenau {n}")
        )
    client.force_login(world.manager)
    url = reverse("onboarding:programme", args=[world.programme.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url, {"q": "frech"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("takes part already") == 19  # 20 matches, Frechen not yet
    assert 'value="05362020"' in page
    # Kerpen takes part already: offered, but not choosable.
    page = client.get(url, {"q": "05362032"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "takes part already" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"ags": "05362020", "coordinator_email": "k@frechen.example", "language": "en"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    process = world.programme.processes.get(municipality__ags="05362020")
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:team", args=[process.pk])
    assert mailoutbox[0].to == ["k@frechen.example"]
    assert "http://testserver/onboarding/invitations/" in mailoutbox[0].body


def test_a_bad_add_form_answers_400_with_the_reason_and_adds_nothing(client, world):
    client.force_login(world.manager)
    url = reverse("onboarding:programme", args=[world.programme.pk])
    response = client.post(
        url, {"ags": "99999999", "coordinator_email": "x@example.org", "language": "de"}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"ags": world.kerpen.ags, "coordinator_email": "x@example.org", "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "already takes part" in response.content.decode()
    assert world.programme.processes.count() == 2


def test_the_team_page_lists_people_and_open_invitations_for_who_invites(
    client, world, django_assert_max_num_queries
):
    for n in range(15):
        _open(world, value=f"link-{n}")
        MembershipFactory(municipality=world.kerpen, role=Role.HELPER)
    url = reverse("onboarding:team", args=[world.kerpen_process.pk])
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("Revoke<span") == 15
    assert str(world.moderator) in page
    # Colleagues' roles only: a coordinator is invited by a programme manager.
    assert '<option value="moderator"' in page and '<option value="coordinator"' not in page
    client.force_login(world.moderator)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "colleague" not in page and "Revoke" not in page  # no addresses for readers
    assert str(world.coordinator) in page


def test_a_coordinator_cannot_invite_a_coordinator_by_tampering_with_the_form(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("onboarding:invite", args=[world.kerpen_process.pk]),
        {"email": "chef@example.org", "role": "coordinator", "language": "de"},
    )
    assert response.status_code == 400
    assert not StaffInvitation.objects.exists()


def test_accepting_sets_the_password_logs_in_and_lands_on_the_process(client, world):
    _open(world)
    page = client.get(_accept_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "moderator in Kerpen" in page.content.decode()
    response = client.post(
        _accept_url(),
        {
            "username": "nadia",
            "first_name": "Nadia",
            "last_name": "Neu",
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[world.kerpen_process.pk])
    assert client.get(response["Location"]).status_code == 200  # logged in, and may see it
    assert client.cookies["cohesion_language"].value == "de"  # the invitation's language
    assert Membership.objects.filter(user__username="nadia", role=Role.MODERATOR).exists()


def test_a_weak_password_is_explained_and_nothing_is_written(client, world):
    _open(world)
    response = client.post(
        _accept_url(),
        {"username": "nadia", "password1": "12345678", "password2": "12345678"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "too common" in response.content.decode()
    assert not User.objects.filter(username="nadia").exists()


def test_an_existing_account_logs_in_to_accept(client, world):
    person = UserFactory(username="bekannt", email="bekannt@example.org")
    _open(world, email="bekannt@example.org", role=Role.HELPER)
    page = client.get(_accept_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in and accept" in page and "password2" not in page
    wrong = client.post(_accept_url(), {"username": "bekannt", "password": "nope"})
    assert wrong.status_code == 400
    response = client.post(
        _accept_url(), {"username": "bekannt", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, role=Role.HELPER).count() == 1
    assert User.objects.filter(email__iexact="bekannt@example.org").count() == 1


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, 410, "expired"),
        ({"revoked_at": timezone.now()}, 410, "revoked"),
        ({"accepted_at": timezone.now()}, 410, "already accepted"),
        (None, 404, "not a valid invitation"),
    ],
)
def test_unusable_links_answer_a_clear_page_and_write_nothing(client, world, change, status, text):
    invitation = _open(world)
    if change:
        StaffInvitation.objects.filter(pk=invitation.pk).update(**change)
    url = _accept_url() if change else _accept_url("guessed")
    for response in (
        client.get(url, HTTP_ACCEPT_LANGUAGE="en"),
        client.post(
            url,
            {"username": "x", "password1": STRONG, "password2": STRONG},
            HTTP_ACCEPT_LANGUAGE="en",
        ),
    ):
        assert response.status_code == status
        assert text in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_anonymous_tries_at_the_accept_page_are_limited_per_address(client, world, settings):
    settings.STAFF_INVITATION_ACCEPT_RATE = "3/m"
    for _n in range(3):
        assert client.get(_accept_url("guess")).status_code == 404
    assert client.get(_accept_url("guess")).status_code == 429


def test_the_helper_role_runs_the_workshop_console(world):
    from cohesion.workshops.services import workshop_create

    workshop = workshop_create(actor=world.moderator, process=world.kerpen_process)
    helper = MembershipFactory(municipality=world.kerpen, role=Role.HELPER).user
    stuttgart_helper = MembershipFactory(municipality=world.stuttgart, role=Role.HELPER).user
    assert helper.has_perm("workshops.run_workshop", workshop)
    assert not helper.has_perm("workshops.change_workshop", workshop)  # the agenda stays theirs
    assert not stuttgart_helper.has_perm("workshops.run_workshop", workshop)


def test_a_registry_page_offers_programme_managers_to_add_the_municipality(client, world):
    frechen = MunicipalityFactory(ags="05362024", name="Frechen")
    client.force_login(world.manager)
    add = reverse("onboarding:programme", args=[world.programme.pk])
    page = client.get(reverse("municipalities:detail", args=[frechen.ags])).content.decode()
    assert f"{add}?q=05362024#add" in page
    page = client.get(reverse("municipalities:detail", args=[world.kerpen.ags])).content.decode()
    assert add not in page  # Kerpen takes part already
    client.force_login(world.coordinator)
    page = client.get(reverse("municipalities:detail", args=[frechen.ags])).content.decode()
    assert add not in page


def test_invitations_nobody_accepted_are_pruned_after_a_month(world):
    from cohesion.onboarding.services import staff_invitations_prune

    old = timezone.now() - datetime.timedelta(days=31)
    stale = _open(world, value="old", expires_at=old)
    accepted = _open(world, value="used", expires_at=old, accepted_at=old)
    fresh = _open(world, value="fresh")
    assert staff_invitations_prune() == 1
    remaining = set(StaffInvitation.objects.values_list("pk", flat=True))
    assert remaining == {accepted.pk, fresh.pk} and stale.pk not in remaining
