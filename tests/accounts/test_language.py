import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory


@pytest.mark.parametrize(
    ("code", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("tr", "ltr"), ("ar", "rtl"), ("ru", "ltr"), ("uk", "ltr")],
)
def test_switching_language_is_remembered_in_a_cookie(client, db, code, direction):
    response = client.post(reverse("accounts:language_set"), {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.cookies["cohesion_language"].value == code
    page = client.get("/").content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in page


def test_a_logged_in_persons_language_is_kept_on_the_account(client, db):
    user = UserFactory(language="")
    client.force_login(user)
    client.post(reverse("accounts:language_set"), {"language": "uk"})
    user.refresh_from_db()
    assert user.language == "uk"


def test_logging_in_brings_the_accounts_language_along(client, db):
    user = UserFactory(language="tr")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies["cohesion_language"].value == "tr"
    assert '<html lang="tr"' in client.get("/").content.decode()


def test_an_unknown_language_code_gets_a_clear_message(client, db):
    client.cookies["cohesion_language"] = "de"
    response = client.post(
        reverse("accounts:language_set"), {"language": "xx", "next": "/"}, follow=True
    )
    content = response.content.decode()
    with translation.override("de"):
        expected = translation.gettext("“%(value)s” is not a language Cohesion offers.") % {
            "value": "xx"
        }
    assert expected in content
    assert '<html lang="de"' in content
    assert response.redirect_chain[-1][0] == "/"


def test_an_offsite_next_address_is_not_followed(client, db):
    response = client.post(
        reverse("accounts:language_set"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_language_switch_accepts_only_post(client, db):
    assert client.get(reverse("accounts:language_set")).status_code == 405
