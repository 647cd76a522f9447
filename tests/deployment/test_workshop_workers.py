"""Two workers behind one Redis behave like one, and a worker killed in the middle of a round
loses no acknowledged answer: its phones reconnect to the other worker and send again what was
not acknowledged, under the same keys, as phone.js does.

The two workers are two single-worker servers on two ports, sharing the PostgreSQL database and
the Redis prefix: what `cohesion serve --workers 2` runs behind one port, with the choice of the
worker left to the test instead of the kernel. The one killed holds phones only; the console is
on the one that survives.
"""

import asyncio
import json
import secrets
import signal

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

PHONES_PER_WORKER = 6
SEED = "cohesion.workshops.live_benchmark.seed"


@pytest.fixture
def two_workers(tmp_path):
    with database("workers") as (url, name):
        env = environment(url, name, tmp_path, WORKSHOP_NEW_PARTICIPANTS_PER_ADDRESS="1000/m")
        run(env, "migrate", "--noinput")
        seeded = json.loads(
            run(
                env,
                "shell",
                "-c",
                f"from {SEED.rsplit('.', 1)[0]} import seed; print(seed(runs=1))",
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        ports = [free_port(), free_port()]
        servers = []
        try:
            # The background worker is not needed here; the second server finds the static
            # files the first one collected.
            servers.append(serve(env, ports[0], "--task-workers", "0"))
            servers.append(serve(env, ports[1], "--task-workers", "0", "--no-collectstatic"))
            yield url, seeded, ports, servers
        finally:
            for server in servers:
                stop(server)


def _answers(url: str, item: int) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT client_key, count(*) FROM workshops_answer WHERE item_id = %s "
            "GROUP BY client_key",
            [item],
        ).fetchall()
    return dict(rows)


class Phone:
    def __init__(self, base: str, code: str):
        self.browser = Browser(base)
        self.browser.request(f"/c/w/{code}/join/")
        status, _, _ = self.browser.post_form(f"/c/w/{code}/join/", {"language": "de"})
        assert status == 302
        self.socket = None
        self.message = None
        self.acks: dict[str, str] = {}

    async def connect(self, port: int, code: str):
        import websockets

        self.socket = await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/w/{code}/",
            additional_headers={
                "Cookie": self.browser.cookie_header(),
                "Origin": "https://127.0.0.1",
            },
        )
        snapshot = json.loads(await asyncio.wait_for(self.socket.recv(), timeout=10))
        assert snapshot["type"] == "snapshot"

    async def send(self, item: int, value: int) -> str:
        key = secrets.token_urlsafe(12)
        self.message = {"type": "answer", "item": item, "value": value, "key": key, "sequence": 1}
        await self.socket.send(json.dumps(self.message))
        return key

    async def ack(self, timeout: float = 10) -> str:
        """The status of the acknowledgement of the answer sent (other messages skipped)."""
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), timeout=timeout))
            if message.get("type") in {"ack", "refused"} and message["key"] == self.message["key"]:
                assert message["type"] == "ack", message
                self.acks[message["key"]] = message["status"]
                return message["status"]


def test_a_worker_killed_mid_round_loses_no_acknowledged_answer(two_workers):
    url, seeded, ports, servers = two_workers
    code, workshop, (item, _dots) = seeded["code"], seeded["workshop"], seeded["items"][0]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    presenter = Browser(bases[0])
    presenter.request("/accounts/login/")
    status, _, _ = presenter.post_form(
        "/accounts/login/", {"username": seeded["username"], "password": seeded["password"]}
    )
    assert status == 302
    phones = [Phone(bases[n % 2], code) for n in range(2 * PHONES_PER_WORKER)]
    survivors, doomed = phones[0::2], phones[1::2]  # on the first worker, on the second

    async def scenario():
        import websockets

        console = await websockets.connect(
            f"ws://127.0.0.1:{ports[0]}/ws/workshops/{workshop}/console/",
            additional_headers={
                "Cookie": presenter.cookie_header(),
                "Origin": "https://127.0.0.1",
            },
        )
        counts: list[int] = []

        async def listen():
            async for text in console:
                message = json.loads(text)
                if message.get("type") == "results" and message["item"] == item:
                    counts.append(message["answers"])

        listener = asyncio.create_task(listen())
        for phone in survivors:
            await phone.connect(ports[0], code)
        for phone in doomed:
            await phone.connect(ports[1], code)
        status, _, _ = await asyncio.to_thread(
            presenter.post_form,
            f"/workshops/{workshop}/items/{item}/open/",
            {"back": "console"},
        )
        assert status == 302
        await asyncio.sleep(0.5)

        # Every phone of the first worker, and half of the second's, answer and are acknowledged.
        acknowledged = []
        for phone in survivors + doomed[: len(doomed) // 2]:
            await phone.send(item, 4)
            assert await phone.ack() == "counted"
            acknowledged.append(phone.message["key"])
        # The other half of the second's send, and the worker dies before their acks are read:
        # the first answer is stored by then (its ack lost in flight), the others perhaps not.
        pending = doomed[len(doomed) // 2 :]
        for phone in pending:
            await phone.send(item, 2)
        for _ in range(100):
            if pending[0].message["key"] in await asyncio.to_thread(_answers, url, item):
                break
            await asyncio.sleep(0.1)
        servers[1].send_signal(signal.SIGKILL)
        servers[1].wait(timeout=10)

        # The phones of the dead worker resync to the other: snapshot, then resend.
        resent = {}
        for phone in doomed:
            await phone.connect(ports[0], code)
            if phone.message["key"] not in phone.acks:
                await phone.socket.send(json.dumps(phone.message))
                resent[phone.message["key"]] = await phone.ack()

        stored = await asyncio.to_thread(_answers, url, item)
        for _ in range(50):  # the console's count follows the stored answers
            if counts and counts[-1] == sum(stored.values()):
                break
            await asyncio.sleep(0.2)
        listener.cancel()
        for phone in phones:
            await phone.socket.close()
        await console.close()
        return acknowledged, resent, stored, counts

    acknowledged, resent, stored, counts = asyncio.run(scenario())
    assert set(resent.values()) <= {"counted", "repeated"}
    assert len(resent) == PHONES_PER_WORKER - PHONES_PER_WORKER // 2
    assert "repeated" in resent.values()  # the answer stored before the kill, not twice
    assert len(acknowledged) + len(resent) == len(phones)
    for key in [*acknowledged, *resent]:
        assert stored.get(key) == 1, key
    assert sum(stored.values()) == len(phones)
    assert counts[-1] == len(phones)
