"""``cohesion bench live``: a room of phones answering the live workshop, against the served
application (workshops/live_benchmark.py)."""

import os

from django.conf import settings

from cohesion.core.benchmarks import benchmark_register


def _arguments(parser) -> None:
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument(
        "--arrival",
        choices=["5s", "burst", "both"],
        default="both",
        help="answers at random moments within 5 s of the item opening, all at once, or a run "
        "of each",
    )
    parser.add_argument(
        "--workers",
        type=int,
        # One per core here needs Redis (cohesion serve refuses several without it).
        default=2 if settings.REDIS_URL else 1,
        help="web worker processes (more than one needs REDIS_URL; DATABASE_URL naming PostgreSQL "
        "serves from a database of its own there)",
    )


def _run(options: dict, write) -> None:
    from cohesion.workshops import live_benchmark

    arrival = options["arrival"]
    live_benchmark.run(
        participants=options["participants"],
        arrivals=["5s", "burst"] if arrival == "both" else [arrival],
        workers=options["workers"],
        database_url=os.environ.get("DATABASE_URL", ""),
        write=write,
    )


benchmark_register("live", _arguments, _run, "phones answering the live workshop")
