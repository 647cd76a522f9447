"""``cohesion bench seating``: a realistic room of 300 at 30 tables over 3 rounds, the engine
against a random seating of the same room (the peer), one JSON line."""

import json
import statistics
import time

from cohesion.core.benchmarks import benchmark_register


def _arguments(parser) -> None:
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the median is shown)")


def _run(options: dict, write) -> None:
    from cohesion.seating.engine import repeated_encounters, seat, spread_violations
    from cohesion.seating.population import random_seating, realistic_room

    people = realistic_room(options["people"])
    tables, rounds = options["tables"], options["rounds"]
    seconds, repeated, violations = [], [], []
    for run in range(options["runs"]):
        started = time.perf_counter()
        seating = seat(people, tables=tables, rounds=rounds, seed=run)
        seconds.append(time.perf_counter() - started)
        repeated.append(seating.repeated_encounters)
        violations.append(len(seating.spread_violations))
    peer_repeated, peer_violations = [], []
    for run in range(options["runs"]):
        peer, groups = random_seating(people, tables=tables, rounds=rounds, seed=run)
        peer_repeated.append(repeated_encounters(peer, groups))
        peer_violations.append(len(spread_violations(people, peer)))
    worst, peer_median = max(repeated), statistics.median(peer_repeated)
    result = {
        "benchmark": "seating",
        "people": len(people),
        "tables": tables,
        "rounds": rounds,
        "kept_together_groups": len(seating.groups),
        "runs": options["runs"],
        "seconds_median": round(statistics.median(seconds), 4),
        # The engine's worst run (one seed each), the random seatings' median.
        "repeated_encounters": worst,
        "spread_violations": max(violations),
        "random_repeated_encounters": peer_median,
        "random_spread_violations": statistics.median(peer_violations),
        # The engine's share of the peer's repeated encounters (0: none left).
        "ratio_repeated_encounters": round(worst / peer_median, 4) if peer_median else None,
    }
    write(json.dumps(result))


benchmark_register("seating", _arguments, _run, "mixed tables against a random seating")
