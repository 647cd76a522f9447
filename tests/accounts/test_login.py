from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory


def test_log_in_and_out(client, db):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("municipalities:list")).status_code == 302


def test_a_wrong_password_gets_a_clear_message_in_the_chosen_language(client, db):
    user = UserFactory()
    shown = set()
    for language in ("de", "en", "ar"):
        client.cookies["cohesion_language"] = language
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": "wrong"}
        )
        assert response.status_code == 200
        content = response.content.decode()
        with translation.override(language):
            message = str(response.context["form"].error_messages["invalid_login"]) % {
                "username": translation.gettext("username")
            }
        assert response.context["form"].non_field_errors() == [message]
        assert 'role="alert"' in content
        assert "_auth_user_id" not in client.session
        shown.add(message)
    assert len(shown) == 3  # each language says it in its own words


def test_login_redirects_only_to_local_addresses(client, db):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")
