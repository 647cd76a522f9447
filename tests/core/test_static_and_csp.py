"""Static files with hashed names through WhiteNoise (cached for a year), and the
Content-Security-Policy header on pages (attack 7)."""

import gzip
import re

from asgiref.sync import async_to_sync
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import AsyncClient, Client

from tests.factories import UserFactory


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_pages_carry_a_policy_without_inline_scripts(client, db):
    response = client.get("/accounts/login/")
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_websocket_origin_follows_the_host_and_the_scheme(db, settings):
    settings.ALLOWED_HOSTS = ["cohesion.example.org"]
    response = Client(HTTP_HOST="cohesion.example.org").get(
        "/accounts/login/", secure=True, headers={"X-Forwarded-Proto": "https"}
    )
    assert _policy(response)["connect-src"] == ["'self'", "wss://cohesion.example.org"]


def test_pages_name_static_files_by_their_hash_and_they_are_cached_for_a_year(client, db):
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/cohesion/cohesion\.([0-9a-f]{12})\.css)"', page)
    assert stylesheet, "the page names the stylesheet by its hash"
    response = client.get(stylesheet.group(1))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_static_files_are_served_under_asgi_from_an_asynchronous_iterator(db):
    """The ASGI path: no synchronous file iterator for Django to warn about and buffer;
    compressed when the browser accepts it."""

    async def fetch():
        response = await AsyncClient().get(
            staticfiles_storage.url("cohesion/cohesion.css"), headers={"Accept-Encoding": "gzip"}
        )
        body = b"".join([chunk async for chunk in response.streaming_content])
        return response, body

    response, body = async_to_sync(fetch)()
    assert response.status_code == 200
    assert response.is_async
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"/*") or b"{" in gzip.decompress(body)


def test_an_unknown_static_file_is_a_404(client, db):
    assert client.get("/static/cohesion/no-such-file.css").status_code == 404


def test_serve_collects_again_only_when_a_source_changed(tmp_path, settings):
    from cohesion.core.management.commands.serve import static_files_collect

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "extra.css").write_text("p { color: black; }")
    settings.STATICFILES_DIRS = [sources]
    settings.STATIC_ROOT = tmp_path / "static"
    assert static_files_collect() is True
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert '"extra.css": "extra.' in manifest
    assert static_files_collect() is False  # nothing changed: the restart is quick
    (sources / "extra.css").write_text("p { color: navy; }")
    assert static_files_collect() is True
    assert (tmp_path / "static" / "staticfiles.json").read_text() != manifest
