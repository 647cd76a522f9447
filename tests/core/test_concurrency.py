"""The queue in front of Django: at most the configured number of HTTP requests inside at once,
served first come first served; websockets pass untouched."""

import asyncio

from cohesion.core.concurrency import RequestLimit


def test_at_most_the_limit_of_requests_are_inside_at_once_and_all_are_served():
    inside, most, served = [0], [0], []

    async def app(scope, receive, send):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        await asyncio.sleep(0.001)
        inside[0] -= 1
        served.append(scope["n"])

    limited = RequestLimit(app, limit=3)

    async def burst():
        await asyncio.gather(*(limited({"type": "http", "n": n}, None, None) for n in range(50)))
        # A websocket is not held back even while every slot is taken.
        await asyncio.gather(
            *(limited({"type": "http", "n": n}, None, None) for n in range(50, 53)),
            limited({"type": "websocket", "n": "ws"}, None, None),
        )

    asyncio.run(burst())
    assert most[0] == 4  # three requests and the websocket
    assert served[:50] == list(range(50))
    assert sorted(served[50:], key=str) == [50, 51, 52, "ws"]
