"""The benchmarks ``cohesion bench NAME`` runs: each app registers its own from its
AppConfig.ready, with the command-line arguments it takes and the function that runs it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    arguments: Callable  # (argparse parser) -> None: adds the benchmark's own flags
    run: Callable  # (options: dict, write) -> None: runs it, printing through write
    help: str = ""


_BENCHMARKS: dict[str, Benchmark] = {}


def benchmark_register(name: str, arguments: Callable, run: Callable, help: str = "") -> None:  # noqa: A002
    _BENCHMARKS[name] = Benchmark(name, arguments, run, help)


def benchmarks() -> dict[str, Benchmark]:
    return dict(sorted(_BENCHMARKS.items()))
