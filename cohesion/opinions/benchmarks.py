"""``cohesion bench opinion-map``: the opinion map's benchmark (opinions/benchmark.py);
``cohesion bench votes``: participants voting at once against the served application
(opinions/vote_benchmark.py)."""

import os
from pathlib import Path

from django.conf import settings

from cohesion.core.benchmarks import benchmark_register


def _opinion_map_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--polis",
        type=Path,
        default=Path(settings.BASE_DIR).parent / "shared" / "datasets" / "polis",
        help="the folder of Pol.is open-data conversations",
    )


def _opinion_map_run(options: dict, write) -> None:
    from cohesion.opinions import benchmark

    benchmark.run(polis_dir=options["polis"], runs=options["runs"], write=write)


def _votes_arguments(parser) -> None:
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--votes", type=int, default=10, help="votes of each participant")
    parser.add_argument(
        "--workers",
        type=int,
        # One per core here needs Redis (cohesion serve refuses several without it).
        default=2 if settings.REDIS_URL else 1,
        help="web worker processes",
    )


def _votes_run(options: dict, write) -> None:
    from cohesion.opinions import vote_benchmark

    vote_benchmark.run(
        participants=options["participants"],
        votes=options["votes"],
        workers=options["workers"],
        # PostgreSQL when DATABASE_URL names it: a fresh database on that server.
        database_url=os.environ.get("DATABASE_URL", ""),
        write=write,
    )


benchmark_register(
    "opinion-map", _opinion_map_arguments, _opinion_map_run, "the opinion map against red-dwarf"
)
benchmark_register("votes", _votes_arguments, _votes_run, "participants voting at once")
