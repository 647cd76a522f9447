"""200 participants voting at once against the real server (`cohesion serve`, uvicorn, the
background worker) on loopback, on a file SQLite database or, with DATABASE_URL, on a
PostgreSQL database of its own: no vote lost, none doubled, every answer a redirect."""

import asyncio
import os
import secrets

import pytest

from cohesion.opinions.vote_benchmark import Connection, served, stored_in, vote_burst
from cohesion.participation.devices import COOKIE_NAME

pytestmark = pytest.mark.slow

PARTICIPANTS, VOTES = 200, 5
DOUBLE_TAPPERS = 20


async def _double_taps(port: int, code: str, statement_ids: list[int]) -> list[int]:
    """Newcomers whose first two votes leave at the same moment on two connections, with the
    one device token: the race that must still give one participant each."""

    async def newcomer() -> list[int]:
        page = Connection(port)
        await page.open()
        await page.request("GET", f"/c/{code}/")
        page.close()
        page.cookies[COOKIE_NAME] = secrets.token_urlsafe(32)
        taps = []
        for statement in statement_ids[:2]:
            tap = Connection(port)
            tap.cookies = dict(page.cookies)
            await tap.open()
            form = {"csrfmiddlewaretoken": page.cookies["csrftoken"], "statement": statement}
            taps.append((tap, form | {"value": 1}))
        answers = await asyncio.gather(*(t.request("POST", f"/c/{code}/", f) for t, f in taps))
        for tap, _form in taps:
            tap.close()
        return [status for status, _headers, _body in answers]

    results = await asyncio.gather(*(newcomer() for _ in range(DOUBLE_TAPPERS)))
    return [status for statuses in results for status in statuses]


def test_two_hundred_participants_voting_at_once_lose_and_double_nothing():
    with served(database_url=os.environ.get("DATABASE_URL", ""), say=print) as server:
        burst = vote_burst(served=server, participants=PARTICIPANTS, votes=VOTES)
        taps = asyncio.run(_double_taps(server.port, server.code, server.statement_ids))
        counted = stored_in(server)
    assert burst.failures == []
    assert burst.sent == PARTICIPANTS * VOTES
    assert burst.answered == {302: PARTICIPANTS * VOTES}
    assert taps == [302] * 2 * DOUBLE_TAPPERS
    assert counted == {
        "votes": PARTICIPANTS * VOTES + 2 * DOUBLE_TAPPERS,
        "participants": PARTICIPANTS + DOUBLE_TAPPERS,
    }
