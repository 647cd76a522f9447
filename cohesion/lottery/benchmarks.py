"""``cohesion bench lottery``: a panel of 60 from 1,000 volunteers under 18 quotas, ours and the
peer (sortition-algorithms, a development dependency) on the same instance in the same run; one
JSON line."""

import json
import statistics
import time

from cohesion.core.benchmarks import benchmark_register


def _arguments(parser) -> None:
    parser.add_argument("--volunteers", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5, help="our runs; the median is reported")
    parser.add_argument(
        "--peer",
        action="store_true",
        default=True,
        help="also time sortition-algorithms' maximin (default; it may take minutes)",
    )
    parser.add_argument("--no-peer", dest="peer", action="store_false")


def _run(options: dict, write) -> None:
    from cohesion.lottery.engine import lottery_draw
    from cohesion.lottery.instances import lottery_instance

    seats = options["seats"]
    ids, attributes, quotas = lottery_instance(volunteers=options["volunteers"], seats=seats)
    times = []
    for run in range(max(1, options["runs"])):
        started = time.perf_counter()
        ours = lottery_draw(ids=ids, attributes=attributes, quotas=quotas, seats=seats, seed=run)
        times.append(time.perf_counter() - started)
    result = {
        "benchmark": "lottery",
        "volunteers": len(ids),
        "seats": seats,
        "quotas": len(quotas),
        "min_probability": round(ours.min_probability, 9),
        "seconds": round(statistics.median(times), 3),
        "runs": len(times),
        "panels": ours.panels,
    }
    if options["peer"]:
        from cohesion.lottery.peer import peer_maximin

        started = time.perf_counter()
        theirs = peer_maximin(ids=ids, attributes=attributes, quotas=quotas, seats=seats)
        peer_seconds = time.perf_counter() - started
        result |= {
            "peer": "sortition-algorithms maximin (highspy)",
            "peer_min_probability": round(min(theirs.values()), 9),
            "peer_seconds": round(peer_seconds, 3),
            "speedup": round(peer_seconds / result["seconds"], 1),
        }
    write(json.dumps(result))


benchmark_register("lottery", _arguments, _run, "a fair lottery of 60 from 1,000 volunteers")
