import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_not_found_page_speaks_the_chosen_language(client, db, language):
    client.cookies["cohesion_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    with translation.override(language):
        assert translation.gettext("Page not found") in response.content.decode()


def test_a_tampered_form_without_csrf_token_gets_a_403_page_in_the_chosen_language(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    client.cookies["cohesion_language"] = "de"
    response = client.post(
        reverse("processes:advance", args=[world.kerpen_process.pk]),
        {"expected_phase": "commitment"},
    )
    assert response.status_code == 403
    with translation.override("de"):
        assert translation.gettext("The form has expired") in response.content.decode()
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


def test_health_reaches_the_database(client, db):
    response = client.get(reverse("core:health"))
    assert response.content == b"ok"


def _settings_in_fresh_process(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ("
        "'DEBUG','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_SSL_REDIRECT',"
        "'SECURE_HSTS_SECONDS','ALLOWED_HOSTS')} | "
        "{'layer': settings.CHANNEL_LAYERS['default']['BACKEND'],"
        "'cache': settings.CACHES['default']['BACKEND'],"
        "'counters': settings.CACHES[settings.RATELIMIT_USE_CACHE]['BACKEND'],"
        "'static': settings.STORAGES['staticfiles']['BACKEND'],"
        "'whitenoise': 'cohesion.core.staticfiles.StaticFilesMiddleware' in settings.MIDDLEWARE,"
        "'engine': settings.DATABASES['default']['ENGINE']}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"HTTPS", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "cohesion.settings", "SECRET_KEY": "x" * 50} | env
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_production_mode_is_secure_by_default():
    values = _settings_in_fresh_process({})
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["engine"] == "cohesion.core.sqlite"  # SQLite with pooled connections
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    # Without Redis there is one server process: rate limits count in its memory; the charts
    # are kept in files.
    assert values["counters"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["whitenoise"] is True


def test_environment_selects_database_and_channel_layer():
    values = _settings_in_fresh_process(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cohesion",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "cohesion.example.org",
            "HTTPS": "false",
        }
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["counters"] == "django.core.cache.backends.redis.RedisCache"
    assert values["ALLOWED_HOSTS"] == ["cohesion.example.org"]
    assert values["SESSION_COOKIE_SECURE"] is False


def test_a_malformed_boolean_is_refused_with_its_name():
    with pytest.raises(subprocess.CalledProcessError) as error:
        _settings_in_fresh_process({"DEBUG": "perhaps"})
    assert "DEBUG must be true or false" in error.value.stderr


def test_behind_a_proxy_serving_static_files_the_application_does_not():
    values = _settings_in_fresh_process({"SERVE_STATIC": "false"})
    assert values["whitenoise"] is False
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_the_configured_caches_pass_the_rate_limit_checks():
    """django-ratelimit's system checks, on the production settings with and without Redis: only
    its warning about backends outside its list and, without Redis, its error about a memory
    cache are silenced (the reasons are in settings: there is one server process then)."""
    for env, silenced in (({}, 2), ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, 1)):
        clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        clean |= {"DJANGO_SETTINGS_MODULE": "cohesion.settings", "SECRET_KEY": "x" * 50} | env
        out = subprocess.run(  # noqa: S603 - our own interpreter and code
            [
                sys.executable,
                "-m",
                "cohesion",
                "check",
                "--tag",
                "caches",
                "--fail-level",
                "WARNING",
            ],
            env=clean,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, (env, out.stderr)
        assert f"no issues ({silenced} silenced)" in out.stdout
