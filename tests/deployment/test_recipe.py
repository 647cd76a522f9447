"""The deployment recipe of docs/ARCHITECTURE.md, run for real: PostgreSQL, Redis, two uvicorn
workers behind a TLS-terminating proxy (simulated by the X-Forwarded-Proto header), production
settings. A change of phase made through one worker reaches websockets held by every worker.

Needs a PostgreSQL server and a Redis server; .ci/run provides both and sets
COHESION_DEPLOYMENT_TEST=1. Elsewhere the test is skipped with that reason.
"""

import asyncio
import json
import re
import time

import pytest

from tests.deployment.recipe import (
    MARKS,
    Browser,
    database,
    environment,
    free_port,
    run,
    serve,
    stop,
)

pytestmark = MARKS

WORKERS = 2


@pytest.fixture
def deployment(tmp_path):
    with database("recipe") as (url, name):
        env = environment(url, name, tmp_path)
        run(env, "migrate", "--noinput")
        run(env, "demo")
        port = free_port()
        server = serve(env, port, "--workers", str(WORKERS))
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(server)


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
            assert snapshot == {"type": "snapshot", "phase": "monitoring", "version": 6}
        status, _, _ = await asyncio.to_thread(
            browser.post_form, f"{process_path}advance/", {"expected_phase": "monitoring"}
        )
        assert status == 302
        messages = [json.loads(await asyncio.wait_for(s.recv(), timeout=10)) for s in sockets]
        for sock in sockets:
            await sock.close()
        return messages

    messages = asyncio.run(scenario())
    assert messages == [{"type": "phase.changed", "phase": "learning", "version": 7}] * 8
    _, page, _ = browser.request(process_path)
    assert 'phase-step--current" data-phase="learning"' in page


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
