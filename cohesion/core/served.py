"""Cohesion served on a free loopback port, for the benchmarks that drive it from outside.

``served`` gives a fresh database (a file SQLite database in a temporary folder; with a
``database_url`` naming PostgreSQL, a database of its own on that server, dropped afterwards),
migrates it, runs a seed function inside it through ``cohesion shell``, starts ``cohesion serve``
and waits until it answers. ``Connection`` is a keep-alive HTTP/1.1 client, just what a phone's
browser does, without a dependency (the standard library has no asynchronous HTTP client).

Nothing here knows a domain: the benchmarks name their seed function by its dotted path."""

import asyncio
import json
import os
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


@dataclass
class Served:
    port: int
    env: dict
    database: str  # "sqlite" or "postgresql"
    pid: int  # the server process (with one worker, the one that holds the connections;
    # with several, their parent: see tree_rss_kb)
    seeded: dict = field(default_factory=dict)  # what the seed function returned


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def shell(env: dict, code: str) -> str:
    """The last line ``code`` prints, run by ``cohesion shell`` in the served database."""
    done = subprocess.run(  # noqa: S603 - this very program
        [*COHESION, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def call(env: dict, function: str, **arguments) -> dict:
    """``function`` ("package.module.name"), run inside the served database with the keyword
    ``arguments`` (literals), returning JSON text: what it returned, parsed."""
    module, _, name = function.rpartition(".")
    given = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
    return json.loads(shell(env, f"from {module} import {name}; print({name}({given}))"))


@contextmanager
def fresh_database(database_url: str, *, label: str = "bench") -> Iterator[tuple[str, str]]:
    """(URL, kind) of an empty database: a file in the temporary folder, or a PostgreSQL
    database of its own on the server that ``database_url`` names."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        yield "", "sqlite"
        return
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'cohesion'}_{label}_{secrets.token_hex(4)}"
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
    *,
    seed: str,
    seed_arguments: dict | None = None,
    database_url: str = "",
    workers: int = 1,
    label: str = "bench",
    env: dict | None = None,
    say=print,
) -> Iterator[Served]:
    """``cohesion serve`` with a fresh database seeded by ``seed`` (the dotted path of a
    function returning JSON text, called with ``seed_arguments``); ``env`` adds to the served
    process's environment."""
    with (
        tempfile.TemporaryDirectory(prefix=f"cohesion-{label}-") as folder,
        fresh_database(database_url, label=label) as (url, kind),
    ):
        environment = {
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
            **(env or {}),
        }
        subprocess.run(  # noqa: S603
            [*COHESION, "migrate", "--noinput", "-v0"], env=environment, check=True
        )
        seeded = call(environment, seed, **(seed_arguments or {}))
        port = free_port()
        log = Path(folder) / "serve.log"
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603
                [*COHESION, "serve", "--host", HOST, "--port", str(port)]
                + ["--workers", str(workers)],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(port, server)
            yield Served(port, environment, kind, server.pid, seeded)
        finally:
            server.terminate()
            server.wait(timeout=30)
            errors = [line for line in log.read_text().splitlines() if "Error" in line]
            for line in errors[:20]:
                say(f"server: {line}")


def wait_until_up(port: int, server: subprocess.Popen) -> None:
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


def rss_kb(pid: int) -> int:
    """The resident memory of a process in KiB (0 where /proc does not tell)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (uvicorn's workers, the background worker),
    found by walking /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent is the fourth field, after the name in parentheses (which may hold
            # spaces).
            parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], list(children.get(pid, []))
    while waiting:
        child = waiting.pop()
        found.append(child)
        waiting += children.get(child, [])
    return found


def tree_rss_kb(pid: int) -> int:
    """The resident memory of a process and all its descendants in KiB: with several workers,
    each holds some of the connections."""
    return sum(rss_kb(one) for one in [pid, *descendants(pid)])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


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
