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
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

COHESION = [sys.executable, "-m", "cohesion"]
HOST = "127.0.0.1"


# --- the served application -------------------------------------------------------------------


@dataclass
class Served:
    port: int
    env: dict
    database: str  # "sqlite" or "postgresql"
    code: str = ""
    statement_ids: list[int] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _shell(env: dict, code: str) -> str:
    done = subprocess.run(  # noqa: S603 - this very program
        [*COHESION, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def _fresh_database(database_url: str) -> Iterator[tuple[str, str]]:
    """(URL, kind) of an empty database: a file in the temporary folder, or a PostgreSQL
    database of its own on the server that ``database_url`` names."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        yield "", "sqlite"
        return
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'cohesion'}_votes_{secrets.token_hex(4)}"
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), "postgresql"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def served(
    *, database_url: str = "", workers: int = 1, statements: int = 20, say=print
) -> Iterator[Served]:
    """``cohesion serve`` with a fresh database holding one conversation of ``statements``."""
    with (
        tempfile.TemporaryDirectory(prefix="cohesion-votes-") as folder,
        _fresh_database(database_url) as (url, kind),
    ):
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "COHESION_TASKS"}
            },
            "COHESION_VAR_DIR": folder,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HTTPS": "false",
            "DEBUG": "false",
            "ALLOWED_HOSTS": HOST,
            **({"DATABASE_URL": url} if url else {}),
        }
        subprocess.run(  # noqa: S603
            [*COHESION, "migrate", "--noinput", "-v0"], env=env, check=True
        )
        seeded = json.loads(
            _shell(
                env,
                "from cohesion.opinions.vote_benchmark import seed; "
                f"print(seed(statements={statements}))",
            )
        )
        port = _free_port()
        log = Path(folder) / "serve.log"
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603
                [*COHESION, "serve", "--host", HOST, "--port", str(port)]
                + ["--workers", str(workers)],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_until_up(port, server)
            yield Served(port, env, kind, seeded["code"], seeded["statements"])
        finally:
            server.terminate()
            server.wait(timeout=30)
            errors = [line for line in log.read_text().splitlines() if "Error" in line]
            for line in errors[:20]:
                say(f"server: {line}")


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("cohesion serve ended before it answered")
        try:
            status, _headers, _body = asyncio.run(_one_get(port, "/health/"))
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("cohesion serve did not answer within a minute")


async def _one_get(port: int, path: str):
    connection = Connection(port)
    await connection.open()
    try:
        return await connection.request("GET", path)
    finally:
        connection.close()


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


class Connection:
    """One keep-alive HTTP/1.1 connection: just what a phone's browser does here, without
    a dependency (the standard library has no asynchronous HTTP client)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    def close(self) -> None:
        self.writer.close()

    async def request(self, method: str, path: str, form: dict | None = None):
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, list[str]] = {}
        for line in filter(None, header_lines):
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "content-length" in headers:
            content = await self.reader.readexactly(int(headers["content-length"][0]))
        elif "chunked" in headers.get("transfer-encoding", [""])[0]:
            content = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                content += await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        else:
            content = await self.reader.read()
        for header in headers.get("set-cookie", []):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, headers, content


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
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


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
    return json.loads(
        _shell(
            served.env,
            "from cohesion.opinions.vote_benchmark import stored; "
            f"print(stored(code={served.code!r}))",
        )
    )


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
