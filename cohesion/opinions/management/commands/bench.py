"""``cohesion bench opinion-map``: the opinion map's benchmark (opinions/benchmark.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cohesion.opinions import benchmark


class Command(BaseCommand):
    help = "Run a benchmark: opinion-map."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=["opinion-map"])
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--polis",
            type=Path,
            default=Path(settings.BASE_DIR).parent / "shared" / "datasets" / "polis",
            help="the folder of Pol.is open-data conversations",
        )

    def handle(self, *args, name: str, runs: int, polis: Path, **options):
        benchmark.run(polis_dir=polis, runs=runs, write=self.stdout.write)
