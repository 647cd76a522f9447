"""Django's HTTP side under the ASGI server (cohesion.core.handlers): each request in one trip to a
pool thread, at most the pool's size inside at once, all of them served; streamed answers
whole; a thread can still reach the event loop."""

import asyncio
import threading
import urllib.parse

import pytest
from django.core import signals

from cohesion.core.handlers import ThreadedASGIHandler
from tests.core import handler_urls


@pytest.fixture(autouse=True)
def urls(settings):
    settings.ROOT_URLCONF = "tests.core.handler_urls"
    handler_urls.seen.update(threads=[], inside=0, most=0, loops=[])


async def _call(app, path, *, form=None, disconnect=False):
    body = urllib.parse.urlencode(form).encode() if form else b""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST" if form else "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")]
        + (
            [(b"content-type", b"application/x-www-form-urlencoded")]
            + [(b"content-length", str(len(body)).encode())]
            if form
            else []
        ),
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
    }
    messages = [
        {"type": "http.disconnect"}
        if disconnect
        else {"type": "http.request", "body": body, "more_body": False}
    ]
    sent = []

    async def receive():
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # nothing more comes

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _body(sent) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_at_most_the_pool_s_threads_are_inside_at_once_and_every_request_is_served():
    app = ThreadedASGIHandler(threads=3)

    async def burst():
        return await asyncio.gather(
            *(_call(app, "/slow/", form={"echo": f"n{n}"}) for n in range(12))
        )

    answers = asyncio.run(burst())
    assert [a[0]["status"] for a in answers] == [200] * 12
    assert [_body(a) for a in answers] == [f"n{n}".encode() for n in range(12)]
    assert handler_urls.seen["most"] == 3
    threads = set(handler_urls.seen["threads"])
    assert len(threads) == 3 and all(t.startswith("django-request") for t in threads)


def test_a_request_runs_in_one_go_in_one_thread_from_started_to_finished():
    app = ThreadedASGIHandler(threads=2)
    where = []

    def started(**kwargs):
        where.append(("started", threading.current_thread().name))

    def finished(**kwargs):
        where.append(("finished", threading.current_thread().name))

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        sent = asyncio.run(_call(app, "/slow/"))
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert sent[0]["status"] == 200
    view_thread = handler_urls.seen["threads"][0]
    assert where == [("started", view_thread), ("finished", view_thread)]


def test_the_middleware_chain_is_synchronous_throughout():
    app = ThreadedASGIHandler(threads=1)
    assert not asyncio.iscoroutinefunction(app._middleware_chain)


def test_a_view_in_a_pool_thread_reaches_the_server_s_event_loop():
    app = ThreadedASGIHandler(threads=1)

    async def call():
        sent = await _call(app, "/loop/")
        return sent, asyncio.get_running_loop()

    sent, loop = asyncio.run(call())
    assert _body(sent) == b"reached"
    assert handler_urls.seen["loops"] == [loop]  # a broadcast reaches the server's channel layer


def test_a_streamed_answer_is_sent_whole_and_closed_after_it():
    app = ThreadedASGIHandler(threads=1)
    events = []

    def finished(**kwargs):
        events.append("finished")

    signals.request_finished.connect(finished)
    try:
        sent = asyncio.run(_call(app, "/streamed/"))
    finally:
        signals.request_finished.disconnect(finished)
    assert sent[0]["status"] == 200
    assert _body(sent) == b"part 0;part 1;part 2;"
    assert events == ["finished"]


def test_a_client_gone_before_its_body_arrived_gets_nothing_and_runs_nothing():
    app = ThreadedASGIHandler(threads=1)
    sent = asyncio.run(_call(app, "/slow/", disconnect=True))
    assert sent == []
    assert handler_urls.seen["threads"] == []


def test_websockets_are_not_its_business():
    app = ThreadedASGIHandler(threads=1)
    with pytest.raises(ValueError, match="websocket"):
        asyncio.run(app({"type": "websocket"}, None, None))
