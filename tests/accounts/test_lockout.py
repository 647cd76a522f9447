"""Attack 5 (log-in): 300 wrong passwords in a row, then the right one. The lockout (django-axes)
refuses the user name at that address after 5 failures, for 15 minutes; the rate limit per
address stops one address from trying many user names."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

LOGIN = "accounts:login"


def _client(address: str, language: str = "en") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies["cohesion_language"] = language
    return client


def _try(client: Client, username: str, password: str):
    return client.post(reverse(LOGIN), {"username": username, "password": password})


@pytest.fixture
def generous_address_limit(settings):
    # The lockout alone is under test here; the address limit has its own test below.
    settings.LOGIN_RATE_PER_ADDRESS = "1000/m"


@pytest.mark.usefixtures("generous_address_limit")
def test_300_wrong_passwords_lock_the_name_and_the_right_one_is_refused_until_the_cool_off(db):
    user = UserFactory()
    attacker = _client("203.0.113.7")
    statuses = [_try(attacker, user.username, f"guess-{n}").status_code for n in range(300)]
    assert statuses[:4] == [200] * 4  # the form again, "wrong user name or password"
    assert set(statuses[4:]) == {429}

    response = _try(attacker, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session
    assert int(response["Retry-After"]) == 15 * 60
    content = response.content.decode()
    assert 'role="alert"' in content
    with translation.override("en"):
        assert "Too many wrong passwords for this user name" in content
        assert "15 minutes" in content

    # Sixteen minutes later (the attempts moved back in time): the right password works.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = _try(attacker, user.username, PASSWORD)
    assert response.status_code == 302
    assert attacker.session["_auth_user_id"] == str(user.pk)


@pytest.mark.usefixtures("generous_address_limit")
def test_the_lockout_speaks_the_chosen_language(db):
    user = UserFactory()
    client = _client("203.0.113.8", language="de")
    for n in range(5):
        response = _try(client, user.username, f"guess-{n}")
    assert response.status_code == 429
    with translation.override("de"):
        expected = translation.ngettext(
            "Too many wrong passwords for this user name. For your safety, logging in with it "
            "from here is paused for %(minutes)s minute. Please try again later.",
            "Too many wrong passwords for this user name. For your safety, logging in with it "
            "from here is paused for %(minutes)s minutes. Please try again later.",
            15,
        ) % {"minutes": 15}
    assert expected in response.content.decode()


@pytest.mark.usefixtures("generous_address_limit")
def test_a_locked_name_at_one_address_locks_neither_the_venue_nor_the_person_elsewhere(db):
    """One venue Wi-Fi: someone there guessing a coordinator's password does not lock the other
    organisers behind the same address, nor the coordinator at home."""
    victim, colleague = UserFactory(), UserFactory()
    venue = _client("198.51.100.20")
    for n in range(10):
        _try(venue, victim.username, f"guess-{n}")
    assert _try(venue, victim.username, PASSWORD).status_code == 429

    assert _try(_client("198.51.100.20"), colleague.username, PASSWORD).status_code == 302
    assert _try(_client("192.0.2.55"), victim.username, PASSWORD).status_code == 302


@pytest.mark.usefixtures("generous_address_limit")
def test_a_successful_log_in_forgets_the_earlier_failures(db):
    user = UserFactory()
    client = _client("203.0.113.9")
    for n in range(4):
        _try(client, user.username, f"guess-{n}")
    assert _try(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for n in range(4):
        assert _try(client, user.username, f"again-{n}").status_code == 200


def test_one_address_trying_many_user_names_is_slowed_by_the_address_limit(db, settings):
    settings.LOGIN_RATE_PER_ADDRESS = "30/m"
    client = _client("203.0.113.10")
    statuses = [_try(client, f"name-{n}", "guess").status_code for n in range(40)]
    assert statuses[:30] == [200] * 30  # every name is new: the lockout never sees 5 failures
    assert set(statuses[30:]) == {429}
    response = _try(client, UserFactory().username, PASSWORD)
    assert response.status_code == 429
    with translation.override("en"):
        assert translation.gettext("Too many attempts") in response.content.decode()
