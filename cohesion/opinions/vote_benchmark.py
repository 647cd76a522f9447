"""Many participants voting at once against the served application, counted afterwards.

    .venv/bin/cohesion bench votes [--participants 200] [--votes 10] [--workers 1|2]

Starts ``cohesion serve`` on a free loopback port in a temporary folder with a fresh database
(a file SQLite database; with DATABASE_URL naming PostgreSQL, a database of its own on that
server, dropped afterwards), seeds a conversation, and lets every participant, each on its own
keep-alive connection as a phone would, load the vote page (the CSRF cookie) and then, all at
once, post one vote after the other on different statements. Then it counts the votes stored.
Ends with one JSON line: ``{"participants", "database", "votes", "lost", "votes_per_s",
"p50_ms", "p95_ms"}``; ``votes`` are the votes the server answered with a redirect, ``lost`` the
votes sent that are not in the database (a refused or failed vote, or one that vanished).

The concurrency test (tests/opinions/test_concurrent_votes.py) runs the same burst.
"""

import asyncio
import json
import random
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cohesion.core import served as serving
from cohesion.core.served import Connection, percentile

__all__ = ["Connection", "Served", "served", "stored_in", "vote_burst", "run"]


# --- the served application -------------------------------------------------------------------


@dataclass
class Served:
    port: int
    env: dict
    database: str  # "sqlite" or "postgresql"
    code: str = ""
    statement_ids: list[int] = field(default_factory=list)


@contextmanager
def served(
    *, database_url: str = "", workers: int = 1, statements: int = 20, say=print
) -> Iterator[Served]:
    """``cohesion serve`` with a fresh database holding one conversation of ``statements``."""
    with serving.served(
        seed="cohesion.opinions.vote_benchmark.seed",
        seed_arguments={"statements": statements},
        database_url=database_url,
        workers=workers,
        label="votes",
        say=say,
    ) as server:
        seeded = server.seeded
        yield Served(server.port, server.env, server.database, seeded["code"], seeded["statements"])


def seed(*, statements: int) -> str:
    """A conversation with ``statements`` accepted statements (run inside the served database);
    its code and the statements' ids as JSON."""
    from cohesion.accounts.services import user_create
    from cohesion.municipalities.models import Municipality
    from cohesion.opinions.services import conversation_create, statement_seed
    from cohesion.processes.services import process_start, programme_create

    moderator = user_create(username="moderator", password=secrets.token_urlsafe(20))
    moderator.is_superuser = True  # the benchmark's own organiser
    moderator.save(update_fields=["is_superuser"])
    # The registry import would bring 11,000 municipalities: one is enough here.
    town = Municipality.objects.create(
        ags="05362032", kind=Municipality.Kind.MUNICIPALITY, name="Kerpen", search_name="kerpen"
    )
    programme = programme_create(actor=moderator, name="Votes", slug="votes")
    process = process_start(actor=moderator, programme=programme, municipality=town)
    conversation = conversation_create(
        actor=moderator, process=process, phase_slug="workshop-day-1", title="Votes at once"
    )
    seeded = [
        statement_seed(actor=moderator, conversation=conversation, text=f"Statement number {n}")
        for n in range(1, statements + 1)
    ]
    return json.dumps({"code": conversation.code, "statements": [s.pk for s in seeded]})


def stored(*, code: str) -> str:
    """The votes and participants stored for the conversation (run inside the served database)."""
    from cohesion.opinions.models import Participant, Vote

    return json.dumps(
        {
            "votes": Vote.objects.filter(statement__conversation__code=code).count(),
            "participants": Participant.objects.filter(conversation__code=code).count(),
        }
    )


# --- the participants ---------------------------------------------------------------------------


@dataclass
class Burst:
    sent: int = 0
    answered: dict[int, int] = field(default_factory=dict)  # status: count
    failures: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def redirected(self) -> int:
        return sum(count for status, count in self.answered.items() if 300 <= status < 400)

    def percentile_ms(self, share: float) -> float:
        return percentile(self.latencies_ms, share)


async def _participant(
    port: int, code: str, statement_ids: list[int], start: asyncio.Event, ready, burst: Burst
) -> None:
    page = Connection(port)
    await page.open()
    status, _headers, _body = await page.request("GET", f"/c/{code}/")
    page.close()
    if status != 200:
        burst.failures.append(f"the vote page answered {status}")
    ready()
    await start.wait()
    phone = Connection(port)
    phone.cookies = page.cookies
    await phone.open()
    try:
        for statement in statement_ids:
            form = {
                "csrfmiddlewaretoken": phone.cookies.get("csrftoken", ""),
                "statement": statement,
                "value": random.choice((-1, 0, 1)),  # noqa: S311 - not a secret
            }
            burst.sent += 1
            started = time.perf_counter()
            try:
                status, _headers, _body = await phone.request("POST", f"/c/{code}/", form)
            except (OSError, asyncio.IncompleteReadError) as error:
                burst.failures.append(f"{type(error).__name__}: {error}")
                return
            burst.latencies_ms.append((time.perf_counter() - started) * 1000)
            burst.answered[status] = burst.answered.get(status, 0) + 1
    finally:
        phone.close()


def vote_burst(*, served: Served, participants: int, votes: int) -> Burst:
    """Every participant loads the page, then all vote at once, ``votes`` each on different
    statements in an order of their own."""

    async def run() -> Burst:
        burst = Burst()
        start = asyncio.Event()
        waiting = [participants]

        def ready():
            waiting[0] -= 1
            if waiting[0] == 0:
                start.set()

        plans = [random.sample(served.statement_ids, votes) for _ in range(participants)]
        tasks = [
            asyncio.create_task(_participant(served.port, served.code, plan, start, ready, burst))
            for plan in plans
        ]
        await start.wait()
        started = time.perf_counter()
        await asyncio.gather(*tasks)
        burst.seconds = time.perf_counter() - started
        return burst

    return asyncio.run(run())


def stored_in(served: Served) -> dict:
    return serving.call(served.env, "cohesion.opinions.vote_benchmark.stored", code=served.code)


def run(*, participants: int, votes: int, workers: int, database_url: str, write=print) -> dict:
    statements = max(votes, 20)
    with served(database_url=database_url, workers=workers, statements=statements, say=write) as s:
        burst = vote_burst(served=s, participants=participants, votes=votes)
        counted = stored_in(s)
    for failure in burst.failures[:10]:
        write(f"failure: {failure}")
    if any(status >= 400 for status in burst.answered):
        write(f"answers: {burst.answered}")
    expected = participants * votes
    result = {
        "participants": participants,
        "database": s.database,
        "votes": burst.redirected,
        "lost": expected - counted["votes"],
        "votes_per_s": round(burst.sent / burst.seconds, 1) if burst.seconds else 0.0,
        "p50_ms": burst.percentile_ms(0.50),
        "p95_ms": burst.percentile_ms(0.95),
    }
    write(json.dumps(result))
    return result
