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
    seconds = []
    for run in range(options["runs"]):
        started = time.perf_counter()
        seating = seat(people, tables=tables, rounds=rounds, seed=run)
        seconds.append(time.perf_counter() - started)
    peer, groups = random_seating(people, tables=tables, rounds=rounds, seed=0)
    peer_repeated = repeated_encounters(peer, groups)
    result = {
        "benchmark": "seating",
        "people": len(people),
        "tables": tables,
        "rounds": rounds,
        "kept_together_groups": len(seating.groups),
        "seconds_median": round(statistics.median(seconds), 4),
        "repeated_encounters": seating.repeated_encounters,
        "spread_violations": len(seating.spread_violations),
        "random_repeated_encounters": peer_repeated,
        "random_spread_violations": len(spread_violations(people, peer)),
        # The engine's share of the peer's repeated encounters (0: none left).
        "ratio_repeated_encounters": round(seating.repeated_encounters / peer_repeated, 4)
        if peer_repeated
        else None,
    }
    write(json.dumps(result))


benchmark_register("seating", _arguments, _run, "mixed tables against a random seating")
