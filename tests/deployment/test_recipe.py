"""The deployment recipe of docs/ARCHITECTURE.md, run for real: PostgreSQL, Redis, two uvicorn
workers behind a TLS-terminating proxy (simulated by the X-Forwarded-Proto header), production
settings. A change of phase made through one worker reaches websockets held by every worker.

Needs a PostgreSQL server and a Redis server; .ci/run provides both and sets
COHESION_DEPLOYMENT_TEST=1. Elsewhere the test is skipped with that reason.
"""

import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.realtime,
    pytest.mark.skipif(
        not os.environ.get("COHESION_DEPLOYMENT_TEST"),
        reason="needs PostgreSQL and Redis; .ci/run runs it with COHESION_DEPLOYMENT_TEST=1",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
COHESION = str(Path(sys.executable).with_name("cohesion"))
PG = os.environ.get("COHESION_DEPLOYMENT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("COHESION_DEPLOYMENT_REDIS", "redis://127.0.0.1:6379/0")
WORKERS = 2


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies (Secure ones too, as the proxy speaks HTTPS) and forms."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None):
        request = urllib.request.Request(  # noqa: S310 - http to our own server
            self.base + path,
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
            headers={
                "X-Forwarded-Proto": "https",
                "Host": "127.0.0.1",
                "Referer": "https://127.0.0.1/",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            },
        )
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode(), response.headers

    def post_form(self, path: str, data: dict):
        return self.request(path, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(env, *args):
    return subprocess.run(  # noqa: S603 - our own console script
        [COHESION, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


@pytest.fixture
def deployment(tmp_path):
    import psycopg

    database = f"cohesion_recipe_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    port = _free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "HTTPS", "COHESION_TASKS"}
        },
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": REDIS,
        "REDIS_PREFIX": database,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "COHESION_VAR_DIR": str(tmp_path),
    }
    server = None
    try:
        _run(env, "migrate", "--noinput")
        _run(env, "demo")
        server = subprocess.Popen(  # noqa: S603
            [
                COHESION,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        # Collecting and compressing the static files comes first: seconds on a busy machine.
        deadline = time.monotonic() + 90
        while True:
            try:
                if Browser(base).request("/health/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not come up")
            time.sleep(0.2)
        yield base
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def _listen(base: str, path: str, cookie: str, count: int):
    import websockets

    url = base.replace("http://", "ws://") + path
    headers = {"Cookie": cookie, "Origin": "https://127.0.0.1"}
    sockets = [await websockets.connect(url, additional_headers=headers) for _ in range(count)]
    return sockets


def test_the_recipe_serves_pages_and_live_updates_across_workers(deployment):
    browser = Browser(deployment)
    status, _, headers = browser.request("/")
    assert status == 200
    assert "max-age=31536000" in headers.get("Strict-Transport-Security", "")
    assert "wss://127.0.0.1" in headers.get("Content-Security-Policy", "")
    assert browser.request("/static/cohesion/cohesion.css")[0] == 200
    # `cohesion serve` collected the files with hashed names; they are cached for a year.
    _, page, _ = browser.request("/accounts/login/")
    stylesheet = re.search(r'href="(/static/cohesion/cohesion\.[0-9a-f]{12}\.css)"', page)
    status, _, headers = browser.request(stylesheet.group(1))
    assert status == 200 and "immutable" in headers.get("Cache-Control", "")

    browser.request("/accounts/login/")
    status, _, _ = browser.post_form(
        "/accounts/login/", {"username": "coordinator", "password": "cohesion-demo"}
    )
    assert status == 302
    status, page, _ = browser.request("/")
    process_path = re.search(r'href="(/processes/\d+/)"', page).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())

    async def scenario():
        # Enough connections that both workers hold some of them.
        sockets = await _listen(deployment, f"/ws{process_path}", cookie, count=8)
        for sock in sockets:  # each connection starts with the snapshot and its version
            snapshot = json.loads(await asyncio.wait_for(sock.recv(), timeout=10))
            assert snapshot == {"type": "snapshot", "phase": "workshop-day-1", "version": 3}
        status, _, _ = await asyncio.to_thread(
            browser.post_form, f"{process_path}advance/", {"expected_phase": "workshop-day-1"}
        )
        assert status == 302
        messages = [json.loads(await asyncio.wait_for(s.recv(), timeout=10)) for s in sockets]
        for sock in sockets:
            await sock.close()
        return messages

    messages = asyncio.run(scenario())
    assert messages == [{"type": "phase.changed", "phase": "workshop-day-2", "version": 4}] * 8
    _, page, _ = browser.request(process_path)
    assert 'phase-step--current" data-phase="workshop-day-2"' in page


def test_votes_reach_the_map_through_the_background_worker(deployment):
    """The web workers only queue the recompute; the worker that `cohesion serve` started beside
    them draws the map a moment later, from all the votes of the burst."""
    people = [Browser(deployment) for _ in range(3)]
    for person in people:
        while True:
            _, page, _ = person.request("/c/KERPEN/")
            statement = re.search(r'name="statement" value="(\d+)"', page)
            if statement is None:
                break  # voted on every statement
            status, _, _ = person.post_form(
                "/c/KERPEN/", {"statement": statement.group(1), "value": "1"}
            )
            assert status == 302
    deadline = time.monotonic() + 30
    while True:
        _, page, _ = people[0].request("/c/KERPEN/map/")
        if 'id="last-update"' in page and 'id="update-pending"' not in page:
            break
        assert time.monotonic() < deadline, "the worker did not draw the map"
        time.sleep(0.5)
    assert "You have not voted" not in page


def test_a_map_drawn_by_the_background_worker_is_pushed_to_every_worker_s_websockets(deployment):
    """The worker is a process of its own: its event crosses to both web workers through Redis
    and reaches every open map, however long the sockets waited idle meanwhile."""
    voter = Browser(deployment)

    async def scenario():
        sockets = await _listen(deployment, "/ws/c/KERPEN/map/", "", count=8)
        versions = []
        for sock in sockets:  # the snapshot and its version first
            snapshot = json.loads(await asyncio.wait_for(sock.recv(), timeout=10))
            assert snapshot["type"] == "snapshot"
            versions.append(snapshot["version"])
        await asyncio.sleep(5)  # idle, as phones are between two maps
        _, page, _ = await asyncio.to_thread(voter.request, "/c/KERPEN/")
        statement = re.search(r'name="statement" value="(\d+)"', page).group(1)
        status, _, _ = await asyncio.to_thread(
            voter.post_form, "/c/KERPEN/", {"statement": statement, "value": "-1"}
        )
        assert status == 302
        # The recompute waits for the burst to end (debounce), then the worker draws the map.
        events = [json.loads(await asyncio.wait_for(s.recv(), timeout=60)) for s in sockets]
        for sock in sockets:
            await sock.close()
        return versions, events

    versions, events = asyncio.run(scenario())
    assert {event["type"] for event in events} == {"opinion_map.updated"}
    assert all(e["version"] > v for e, v in zip(events, versions, strict=True))
    assert len({event["version"] for event in events}) == 1
