"""A room of phones answering the live workshop, against the served application.

    .venv/bin/cohesion bench live [--participants 1000] [--arrival 5s|burst|both] [--workers 1|2]

Starts ``cohesion serve`` on a free loopback port with a fresh database (see cohesion.core.served)
holding a workshop with a Likert item and a dot-voting item per run. N participants join over
HTTP as a phone does (the join page for the CSRF cookie, then the join form), each opens the
phone's websocket with its device cookie, and the presenter, logged in, opens the console's.
For each item the presenter opens it (the console's button), every phone answers once (a Likert
step, or its dot budget spread over the options) at a random moment within ``spread`` seconds
("5s") or all at the same instant ("burst"), and waits for its "ack". Then the stored answers are
counted.

Prints the connected count, the acknowledgement latency p50/p95/p99, the time from the last
answer's acknowledgement (it is stored by then) to the presenter's count showing all of them,
answers sent against answers stored, the resident memory per connection of the server and its
worker processes together, and ends with one JSON line per run:
``{"participants", "arrival", "workers", "connected", "ack_p50_ms", "ack_p95_ms", "ack_p99_ms",
"presenter_final_ms", "votes_sent", "votes_counted", "kb_per_connection"}``.
"""

import asyncio
import json
import random
import resource
import secrets
import time
from dataclasses import dataclass, field

from cohesion.core import served as serving
from cohesion.core.served import HOST, Connection, percentile, tree_rss_kb

# Connections opened at once: a thousand SYNs together would overflow the listen backlog.
BATCH = 100
DOT_OPTIONS, DOT_BUDGET = 5, 5
WAIT_SECONDS = 60


# --- inside the served database -----------------------------------------------------------------


def seed(*, runs: int) -> str:
    """A workshop with a Likert and a dot-voting item per run, and its organiser's log-in."""
    from cohesion.accounts.services import user_create
    from cohesion.core.actors import SYSTEM
    from cohesion.municipalities.models import Municipality
    from cohesion.processes.services import process_start, programme_create
    from cohesion.workshops.services import item_save, workshop_create

    password = secrets.token_urlsafe(20)
    presenter = user_create(username="presenter", password=password)
    presenter.is_superuser = True  # the benchmark's own organiser
    presenter.save(update_fields=["is_superuser"])
    town = Municipality.objects.create(
        ags="05362032", kind=Municipality.Kind.MUNICIPALITY, name="Kerpen", search_name="kerpen"
    )
    programme = programme_create(actor=presenter, name="Live", slug="live")
    process = process_start(actor=presenter, programme=programme, municipality=town)
    workshop = workshop_create(actor=SYSTEM, process=process)
    day = workshop.days.get(phase_slug="workshop-day-1")
    items = []
    for run in range(1, runs + 1):
        scale = item_save(
            actor=SYSTEM,
            day=day,
            kind="scale",
            title={"de": f"Aussage {run}"},
            prompt={"de": "Kerpen ist ein guter Ort zum Ankommen."},
            config={"scale": "agreement"},
        )
        dots = item_save(
            actor=SYSTEM,
            day=day,
            kind="dots",
            title={"de": f"Prioritäten {run}"},
            prompt={},
            options=[{"de": f"Maßnahme {n}"} for n in range(1, DOT_OPTIONS + 1)],
            config={"budget": DOT_BUDGET},
        )
        items.append([scale.pk, dots.pk])
    return json.dumps(
        {
            "workshop": workshop.pk,
            "code": workshop.code,
            "username": presenter.username,
            "password": password,
            "items": items,
        }
    )


def stored(*, items: list[int]) -> str:
    """The answers stored per item."""
    from cohesion.workshops.models import Answer

    return json.dumps({str(item): Answer.objects.filter(item_id=item).count() for item in items})


# --- the room ----------------------------------------------------------------------------------


@dataclass
class Phone:
    cookies: dict
    socket: object = None
    acks: dict = field(default_factory=dict)  # key: (monotonic time, status)
    waiting: dict = field(default_factory=dict)  # key: future
    sequence: int = 0


@dataclass
class Presenter:
    socket: object = None
    # item: [(monotonic time, answers)], in the order the counts arrived
    counts: dict = field(default_factory=dict)
    wanted: dict = field(default_factory=dict)  # item: (answers, future)


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def _batched(coroutines, size: int = BATCH) -> list:
    results = []
    for start in range(0, len(coroutines), size):
        results += await asyncio.gather(*coroutines[start : start + size])
    return results


async def _join(port: int, code: str) -> dict | None:
    connection = Connection(port)
    await connection.open()
    try:
        await connection.request("GET", f"/c/w/{code}/join/")
        form = {"csrfmiddlewaretoken": connection.cookies.get("csrftoken", ""), "language": "de"}
        status, _headers, _body = await connection.request("POST", f"/c/w/{code}/join/", form)
    finally:
        connection.close()
    return connection.cookies if status == 302 else None


async def _log_in(port: int, username: str, password: str) -> dict:
    """The presenter's cookies (session and CSRF), through the log-in form."""
    connection = Connection(port)
    await connection.open()
    try:
        await connection.request("GET", "/accounts/login/")
        form = {
            "csrfmiddlewaretoken": connection.cookies["csrftoken"],
            "username": username,
            "password": password,
        }
        status, _headers, _body = await connection.request("POST", "/accounts/login/", form)
    finally:
        connection.close()
    if status != 302 or "sessionid" not in connection.cookies:
        raise RuntimeError(f"the presenter's log-in answered {status}")
    return connection.cookies


async def _socket(port: int, path: str, cookies: dict):
    from websockets.asyncio.client import connect

    return await connect(
        f"ws://{HOST}:{port}{path}",
        origin=f"http://{HOST}:{port}",
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        open_timeout=30,
        ping_interval=None,
        max_size=None,
    )


async def _phone_listen(phone: Phone) -> None:
    async for text in phone.socket:
        message = json.loads(text)
        if message.get("type") in {"ack", "refused"}:
            key = message.get("key")
            phone.acks[key] = (time.monotonic(), message.get("status") or message.get("code"))
            future = phone.waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(message)


async def _presenter_listen(presenter: Presenter) -> None:
    async for text in presenter.socket:
        message = json.loads(text)
        if message.get("type") != "results":
            continue
        now, item, answers = time.monotonic(), message["item"], message["answers"]
        presenter.counts.setdefault(item, []).append((now, answers))
        wanted = presenter.wanted.get(item)
        if wanted and answers >= wanted[0] and not wanted[1].done():
            wanted[1].set_result(now)


def _answer_value(kind: str):
    if kind == "scale":
        return random.randint(1, 5)  # noqa: S311 - not a secret
    dots: dict[str, int] = {}
    for _dot in range(DOT_BUDGET):
        option = str(random.randrange(DOT_OPTIONS))  # noqa: S311
        dots[option] = dots.get(option, 0) + 1
    return dots


async def _answer(phone: Phone, item: int, kind: str, delay: float, start: asyncio.Event):
    """Send one answer after ``delay`` seconds from ``start``; (sent at, ack latency or None)."""
    await start.wait()
    if delay:
        await asyncio.sleep(delay)
    key = secrets.token_urlsafe(12)
    phone.sequence += 1
    future = asyncio.get_running_loop().create_future()
    phone.waiting[key] = future
    sent = time.monotonic()
    message = {
        "type": "answer",
        "item": item,
        "value": _answer_value(kind),
        "key": key,
        "sequence": phone.sequence,
    }
    await phone.socket.send(json.dumps(message))
    try:
        reply = await asyncio.wait_for(future, WAIT_SECONDS)
    except TimeoutError:
        return sent, None
    if reply.get("type") != "ack":
        return sent, None
    return sent, (phone.acks[key][0] - sent) * 1000


async def _item_open(port: int, cookies: dict, workshop: int, item: int) -> None:
    """The console's "open" button, on a connection of its own (the server closes idle ones)."""
    console = Connection(port)
    console.cookies = cookies
    await console.open()
    try:
        status, _headers, _body = await console.request(
            "POST",
            f"/workshops/{workshop}/items/{item}/open/",
            {"csrfmiddlewaretoken": cookies["csrftoken"], "back": "console"},
        )
    finally:
        console.close()
    if status != 302:
        raise RuntimeError(f"opening item {item} answered {status}")


@dataclass
class Run:
    arrival: str
    sent: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    presenter_ms: list[float] = field(default_factory=list)
    unanswered: int = 0


async def _item_round(
    *, phones, presenter, port, cookies, workshop, item, kind, arrival, spread, run: Run
) -> None:
    loop = asyncio.get_running_loop()
    final = loop.create_future()
    presenter.wanted[item] = (len(phones), final)
    await _item_open(port, cookies, workshop, item)
    await asyncio.sleep(0.5)  # the phones hear the item open, as they would before answering
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(
            _answer(
                phone,
                item,
                kind,
                random.uniform(0, spread) if arrival == "5s" else 0.0,  # noqa: S311
                start,
            )
        )
        for phone in phones
    ]
    start.set()
    results = await asyncio.gather(*tasks)
    run.sent += len(results)
    run.latencies_ms += [latency for _sent, latency in results if latency is not None]
    run.unanswered += sum(1 for _sent, latency in results if latency is None)
    # The last answer stored: its ack left the server after the answer was committed.
    last_stored = max(
        (sent + latency / 1000 for sent, latency in results if latency is not None),
        default=max(sent for sent, _latency in results),
    )
    try:
        shown = await asyncio.wait_for(final, WAIT_SECONDS)
    except TimeoutError:
        run.presenter_ms.append(float("nan"))
        return
    run.presenter_ms.append(max(0.0, (shown - last_stored) * 1000))


async def _room(served, *, participants: int, arrivals: list[str], spread: float, write):
    seeded = served.seeded
    port, code, workshop = served.port, seeded["code"], seeded["workshop"]
    started = time.monotonic()
    joined = await _batched([_join(port, code) for _ in range(participants)])
    phones = [Phone(cookies) for cookies in joined if cookies is not None]
    write(f"joined: {len(phones)} of {participants} in {time.monotonic() - started:.1f} s")
    cookies = await _log_in(port, seeded["username"], seeded["password"])
    before_kb = tree_rss_kb(served.pid)

    async def connect(phone: Phone):
        try:
            phone.socket = await _socket(port, f"/ws/w/{code}/", phone.cookies)
        except (OSError, TimeoutError, Exception) as error:  # noqa: BLE001 - counted below
            return f"{type(error).__name__}: {error}"
        return None

    started = time.monotonic()
    failures = [f for f in await _batched([connect(phone) for phone in phones]) if f]
    connected = [phone for phone in phones if phone.socket is not None]
    listeners = [asyncio.create_task(_phone_listen(phone)) for phone in connected]
    presenter = Presenter(await _socket(port, f"/ws/workshops/{workshop}/console/", cookies))
    listeners.append(asyncio.create_task(_presenter_listen(presenter)))
    await asyncio.sleep(1)  # the snapshots sent
    after_kb = tree_rss_kb(served.pid)
    write(f"connected: {len(connected)} of {participants} in {time.monotonic() - started:.1f} s")
    for failure in failures[:5]:
        write(f"failure: {failure}")
    kb_per_connection = round((after_kb - before_kb) / max(1, len(connected)), 1)
    write(f"server memory: {before_kb} KiB before, {after_kb} KiB after ({kb_per_connection}/conn)")

    runs = []
    for arrival, (scale, dots) in zip(arrivals, seeded["items"], strict=False):
        run = Run(arrival)
        for item, kind in ((scale, "scale"), (dots, "dots")):
            await _item_round(
                phones=connected,
                presenter=presenter,
                cookies=cookies,
                port=port,
                workshop=workshop,
                item=item,
                kind=kind,
                arrival=arrival,
                spread=spread,
                run=run,
            )
        runs.append((run, [scale, dots]))

    for phone in connected:
        await phone.socket.close()
    await presenter.socket.close()
    for listener in listeners:
        listener.cancel()
    return len(connected), kb_per_connection, runs


def run(
    *,
    participants: int,
    arrivals: list[str],
    workers: int = 1,
    spread: float = 5.0,
    database_url: str = "",
    write=print,
) -> list[dict]:
    _raise_file_limit()
    with serving.served(
        seed="cohesion.workshops.live_benchmark.seed",
        seed_arguments={"runs": len(arrivals)},
        database_url=database_url,
        workers=workers,
        label="live",
        # One venue's Wi-Fi: every phone joins from the one address.
        env={"WORKSHOP_NEW_PARTICIPANTS_PER_ADDRESS": f"{100 * participants + 1000}/m"},
        say=write,
    ) as served:
        connected, kb_per_connection, runs = asyncio.run(
            _room(served, participants=participants, arrivals=arrivals, spread=spread, write=write)
        )
        items = [item for _run, pair in runs for item in pair]
        counted = serving.call(served.env, "cohesion.workshops.live_benchmark.stored", items=items)
    results = []
    for one, pair in runs:
        result = {
            "participants": participants,
            "arrival": one.arrival,
            "workers": workers,
            "connected": connected,
            "ack_p50_ms": percentile(one.latencies_ms, 0.50),
            "ack_p95_ms": percentile(one.latencies_ms, 0.95),
            "ack_p99_ms": percentile(one.latencies_ms, 0.99),
            "presenter_final_ms": round(max(one.presenter_ms), 1),
            "votes_sent": one.sent,
            "votes_counted": sum(counted[str(item)] for item in pair),
            "kb_per_connection": kb_per_connection,
        }
        write(
            f"{one.arrival}: {connected} connected, ack p50/p95/p99 "
            f"{result['ack_p50_ms']}/{result['ack_p95_ms']}/{result['ack_p99_ms']} ms, "
            f"presenter final {result['presenter_final_ms']} ms, "
            f"votes sent {one.sent}, counted {result['votes_counted']}, "
            f"unacknowledged {one.unanswered}, {kb_per_connection} KiB per connection"
        )
        results.append(result)
    for result in results:
        write(json.dumps(result))
    return results
