"""``cohesion bench opinion-map``: the opinion map's benchmark (opinions/benchmark.py);
``cohesion bench votes``: participants voting at once against the served application
(opinions/vote_benchmark.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cohesion.opinions import benchmark, vote_benchmark


class Command(BaseCommand):
    help = "Run a benchmark: opinion-map, or votes."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=["opinion-map", "votes"])
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--polis",
            type=Path,
            default=Path(settings.BASE_DIR).parent / "shared" / "datasets" / "polis",
            help="the folder of Pol.is open-data conversations",
        )
        parser.add_argument("--participants", type=int, default=200)
        parser.add_argument("--votes", type=int, default=10, help="votes of each participant")
        parser.add_argument(
            "--workers",
            type=int,
            # One per core here needs Redis (cohesion serve refuses several without it).
            default=2 if settings.REDIS_URL else 1,
            help="web worker processes",
        )

    def handle(self, *args, name: str, runs: int, polis: Path, **options):
        if name == "votes":
            vote_benchmark.run(
                participants=options["participants"],
                votes=options["votes"],
                workers=options["workers"],
                # PostgreSQL when DATABASE_URL names it: a fresh database on that server.
                database_url=os.environ.get("DATABASE_URL", ""),
                write=self.stdout.write,
            )
            return
        benchmark.run(polis_dir=polis, runs=runs, write=self.stdout.write)
