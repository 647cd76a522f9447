import hashlib
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import uvicorn
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

WORKER = [sys.executable, "-m", "cohesion", "worker", "--no-reload", "--interval=0.5"]
CHECK_SECONDS = 2


class BackgroundWorkers:
    """The background workers beside the server, each a process of its own so that a long
    recompute never holds up a page, and started again when one ends (a crash, a kill)."""

    def __init__(self, count: int, say):
        self.count = count
        self.say = say
        self.processes: list[subprocess.Popen] = []
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, name="background-workers", daemon=True)

    def start(self) -> None:
        self.processes = [self._spawn() for _ in range(self.count)]
        if self.processes:
            self.watcher.start()

    def _spawn(self) -> subprocess.Popen:
        process = subprocess.Popen(WORKER)  # noqa: S603 - this very program
        self.say(f"Background worker started (process {process.pid})")
        return process

    def _watch(self) -> None:
        while not self.stopping.wait(CHECK_SECONDS):
            for index, process in enumerate(self.processes):
                if process.poll() is not None and not self.stopping.is_set():
                    self.say(f"Background worker {process.pid} ended ({process.returncode})")
                    self.processes[index] = self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


def static_sources_digest() -> str:
    """A digest of every static source file's name, size and modification time (the apps' own
    and the installed packages'), to tell whether STATIC_ROOT still matches them."""
    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def static_files_collect() -> bool:
    """Collect the static files with hashed names into STATIC_ROOT unless they are there from
    the same sources already (compressing them takes seconds); True when it collected."""
    stamp = Path(settings.STATIC_ROOT) / "staticfiles.sources"
    current = static_sources_digest()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == current:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(current)
    return True


def file_limit_raise() -> None:
    """Raise the open files' soft limit to the hard one: every websocket is a file, and the
    usual soft limit of 1024 would refuse a room of a thousand phones."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _stop(signum, frame):
    # uvicorn hands a stop signal back once it has shut down; ending by SystemExit instead of
    # the default handler lets the background workers be stopped too.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve Cohesion (HTTP and websockets) with uvicorn, and run the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Worker processes; more than one needs REDIS_URL, through which they share live "
            "updates and rate-limit counts.",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=1,
            help="Background workers (the opinion map's recompute) to start beside the server; "
            "0 when they run on their own with `cohesion worker`.",
        )
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help="Do not collect the static files into STATIC_ROOT first (a deployment that "
            "collected them when it was built).",
        )

    def handle(self, *args, host, port, workers, task_workers, collectstatic, **options):
        if workers > 1 and not settings.REDIS_URL:
            # Without Redis each process would count rate limits on its own (multiplying them)
            # and keep its websockets' events to itself.
            raise CommandError(
                "Several workers share live updates and rate-limit counts only through Redis: "
                "set REDIS_URL, or serve with one worker."
            )
        if collectstatic:
            # Once, before the workers start: the pages name the files by the hashes in the
            # manifest this writes, and WhiteNoise (or the proxy) serves them from STATIC_ROOT.
            static_files_collect()
        if settings.TASKS_MODE != "database":
            task_workers = 0  # tasks run inside the request
        background = BackgroundWorkers(task_workers, say=self.stdout.write)
        file_limit_raise()
        signal.signal(signal.SIGTERM, _stop)
        background.start()
        self.stdout.write(f"Cohesion is served on http://{host}:{port}/  (Ctrl+C stops it)")
        try:
            uvicorn.run(
                "cohesion.asgi:application",
                host=host,
                port=port,
                workers=workers,
                lifespan="off",
                proxy_headers=True,
                log_level="warning",
            )
        finally:
            background.stop()
