"""The background worker keeps the queue's table small; `cohesion serve` keeps it running."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cohesion.core.services import finished_tasks_prune_schedule
from cohesion.opinions.services import map_update_request
from tests.factories import ConversationFactory

ROOT = Path(__file__).resolve().parents[2]
COHESION = str(Path(sys.executable).with_name("cohesion"))
PRUNE = "cohesion.core.tasks.finished_tasks_prune"
RECOMPUTE = "cohesion.opinions.tasks.opinion_map_update"


@pytest.fixture
def queue_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# The worker commits and closes its connection as in production: a real transaction per test.
@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_removes_tasks_finished_two_weeks_ago_and_plans_a_daily_prune(
    queue_in_database,
):
    conversation = ConversationFactory()
    map_update_request(conversation_id=conversation.pk)
    DBTaskResult.objects.filter(task_path=RECOMPUTE).update(run_after=timezone.now())
    _run_worker()
    recompute = DBTaskResult.objects.filter(task_path=RECOMPUTE)
    assert recompute.get().status == "SUCCESSFUL"
    [prune] = DBTaskResult.objects.filter(task_path=PRUNE)
    assert prune.status == "READY"
    assert timedelta(hours=23) < prune.run_after - timezone.now() <= timedelta(days=1)

    _run_worker()  # the recompute finished only now: kept; the prune already waits: not twice
    assert recompute.count() == 1
    assert DBTaskResult.objects.filter(task_path=PRUNE).count() == 1
    assert finished_tasks_prune_schedule(after=timedelta(days=1)) is False

    recompute.update(finished_at=timezone.now() - timedelta(days=15))
    DBTaskResult.objects.filter(task_path=PRUNE).update(run_after=timezone.now())  # a day later
    _run_worker()
    assert not recompute.exists()
    assert DBTaskResult.objects.filter(task_path=PRUNE, status="SUCCESSFUL").count() == 1
    assert DBTaskResult.objects.filter(task_path=PRUNE, status="READY").count() == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_starts_its_background_worker_again_when_it_ends(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "COHESION_TASKS", "DATABASE_URL", "REDIS_URL"}
        },
        "COHESION_VAR_DIR": str(tmp_path),
        "HTTPS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(  # noqa: S603 - our own console script
        [COHESION, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    server = subprocess.Popen(  # noqa: S603
        [COHESION, "serve", "--port", str(_free_port())],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stdout], daemon=True
    ).start()

    def next_worker() -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            started = re.search(r"Background worker started \(process (\d+)\)", line)
            if started:
                return int(started.group(1))
        raise AssertionError("no background worker started")

    try:
        first = next_worker()
        os.kill(first, signal.SIGKILL)
        second = next_worker()
        assert second != first
        os.kill(second, 0)  # running
    finally:
        server.terminate()
        server.wait(timeout=30)
    with pytest.raises(ProcessLookupError):  # stopped with the server
        os.kill(second, 0)
