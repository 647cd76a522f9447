import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Cohesion (HTTP and websockets) with uvicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Worker processes; more than one needs REDIS_URL so that websockets reach all.",
        )

    def handle(self, *args, host, port, workers, **options):
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(
                "Several workers share live updates only through Redis: set REDIS_URL."
            )
        self.stdout.write(f"Cohesion is served on http://{host}:{port}/  (Ctrl+C stops it)")
        uvicorn.run(
            "cohesion.asgi:application",
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            proxy_headers=True,
            log_level="warning",
        )
