"""What the deployment tests share: a fresh PostgreSQL database, the production environment
around it, `cohesion serve` started and awaited, and just enough of a browser."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COHESION = str(Path(sys.executable).with_name("cohesion"))
PG = os.environ.get("COHESION_DEPLOYMENT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("COHESION_DEPLOYMENT_REDIS", "redis://127.0.0.1:6379/0")

MARKS = [
    pytest.mark.realtime,
    pytest.mark.skipif(
        not os.environ.get("COHESION_DEPLOYMENT_TEST"),
        reason="needs PostgreSQL and Redis; .ci/run runs it with COHESION_DEPLOYMENT_TEST=1",
    ),
]


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
                "Cookie": self.cookie_header(),
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

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env, *args):
    return subprocess.run(  # noqa: S603 - our own console script
        [COHESION, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


@contextmanager
def database(label: str):
    """The URL of a PostgreSQL database of its own, dropped afterwards."""
    import psycopg

    name = f"{os.environ.get('REDIS_PREFIX') or 'cohesion'}_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG}/{name}", name
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url: str, name: str, var_dir: Path, **extra) -> dict:
    """The production settings of the recipe, on that database and on Redis."""
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "HTTPS", "COHESION_TASKS"}
        },
        "DATABASE_URL": url,
        "REDIS_URL": REDIS,
        "REDIS_PREFIX": name,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "COHESION_VAR_DIR": str(var_dir),
        **extra,
    }


def serve(env, port: int, *options: str) -> subprocess.Popen:
    """`cohesion serve` on ``port``, once it answers."""
    server = subprocess.Popen(  # noqa: S603
        [COHESION, "serve", "--host", "127.0.0.1", "--port", str(port), *options],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    # Collecting and compressing the static files comes first: seconds on a busy machine.
    deadline = time.monotonic() + 90
    while True:
        try:
            if Browser(base).request("/health/")[0] == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError("the server did not come up")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
    server.wait(timeout=20)
