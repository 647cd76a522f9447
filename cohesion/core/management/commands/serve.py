import subprocess
import sys

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Cohesion (HTTP and websockets) with uvicorn, and run the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Worker processes; more than one needs REDIS_URL so that websockets reach all.",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=1,
            help="Background workers (the opinion map's recompute) to start beside the server; "
            "0 when they run on their own with `cohesion worker`.",
        )

    def handle(self, *args, host, port, workers, task_workers, **options):
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(
                "Several workers share live updates only through Redis: set REDIS_URL."
            )
        if settings.TASKS_MODE != "database":
            task_workers = 0  # tasks run inside the request
        # The worker is a process of its own so that a long recompute never holds up a page.
        background = [
            subprocess.Popen(  # noqa: S603 - this very program
                [sys.executable, "-m", "cohesion", "worker", "--no-reload", "--interval=0.5"]
            )
            for _ in range(task_workers)
        ]
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
            for worker in background:
                worker.terminate()
            for worker in background:
                worker.wait(timeout=30)
