"""Import of a flat file (ffcsv) with about one million observations.

The file is generated from the real key list of the shipped Gemeindeverzeichnis: every
municipality × 46 variables × 2 reference dates. Runs on a fresh SQLite database in a temporary
directory, or on PostgreSQL when DATABASE_URL names a server (a database is created and dropped).
Prints one JSON line: parse (one pass over the observations), import seconds, and the
re-import of the same file (read again and compared with the current values in SQL: all
current, so nothing is written). The import streams the file into the database batch by batch
(services._load). Imports as the system (``actor=SYSTEM``, as the command line does).

With ``--memory`` it prints a second line: the peak memory (max RSS) of a process that imports a
generated 50 MB plain CSV (long form: key, year, variable, value, read with a column mapping)
and of one that imports a 50 MB flat file, each in a fresh process of its own.

    .venv/bin/python bench/statistics_import.py [--variables 46] [--runs 1] [--memory]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from _database import benchmark_database


def flat_file(keys: list[str], variables: int) -> bytes:
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;"
        "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
        "value;value_unit;value_variable_code;value_variable_label;value_q"
    )
    lines = [header]
    for period in ("2023-12-31", "2024-12-31"):
        for number in range(variables):
            code = f"BEN{number:03d}"
            for index, key in enumerate(keys):
                value = f"{(index * 7919 + number * 104729) % 100000},{index % 100:02d}"
                lines.append(
                    f"99999;Benchmark;STAG;Stichtag;{period};GEMEIN;Gemeinden;{key};Gemeinde;"
                    f"{value};Anzahl;{code};Merkmal {number};e"
                )
    return ("\n".join(lines) + "\n").encode()


MB = 1024 * 1024


def plain_lines(keys: list[str], size: int):
    """A plain CSV in long form, about ``size`` bytes, line by line: key, name, year, variable,
    value (as an office's own export would have it)."""
    yield "ags;name;year;variable;value"
    total, number = 0, 0
    while total < size:
        key = keys[number % len(keys)]
        line = f"{key};Gemeinde {key};{2000 + number // len(keys) // 20 % 25};"
        line += f"Merkmal {number // len(keys) % 20:02d};{(number * 7919) % 1000000}"
        yield line
        total += len(line) + 1
        number += 1


def flat_lines(keys: list[str], variables: int):
    """The flat file of flat_file(), line by line."""
    yield from flat_file(keys[:1], 0).decode().splitlines()[:1]  # the header
    for period in ("2023-12-31", "2024-12-31"):
        for number in range(variables):
            for index, key in enumerate(keys):
                value = f"{(index * 7919 + number * 104729) % 100000},{index % 100:02d}"
                yield (
                    f"99999;Benchmark;STAG;Stichtag;{period};GEMEIN;Gemeinden;{key};Gemeinde;"
                    f"{value};Anzahl;BEN{number:03d};Merkmal {number};e"
                )


def memory_child(kind: str) -> None:
    """Import a generated 50 MB file in this process and print its peak memory. The file is
    written line by line and read back as bytes, so that nothing but the import itself raises
    the peak above the bytes of the file."""
    import tempfile

    with benchmark_database():
        from cohesion.core.actors import SYSTEM
        from cohesion.municipalities.models import Municipality
        from cohesion.municipalities.services import registry_import_gv100ad
        from cohesion.statistics.readers.tidy import TidyMapping
        from cohesion.statistics.services import statistics_import

        registry_import_gv100ad()
        keys = list(
            Municipality.objects.filter(kind="municipality")
            .order_by("ags")
            .values_list("ags", flat=True)
        )
        if kind == "plain":
            lines = plain_lines(keys, 50 * MB)
            mapping = TidyMapping(
                region_key="ags",
                region_name="name",
                period="year",
                variable="variable",
                value="value",
            )
        else:
            per_variable = sum(len(line) + 1 for line in flat_lines(keys, 1))
            lines = flat_lines(keys, max(1, round(50 * MB / per_variable)))
            mapping = None
        with tempfile.TemporaryFile() as handle:
            for line in lines:
                handle.write(line.encode() + b"\n")
            handle.seek(0)
            data = handle.read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        record, _ = statistics_import(
            data=data, filename=f"memory-{kind}.csv", actor=SYSTEM, mapping=mapping
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(  # noqa: T201 - read by the parent
            json.dumps(
                {
                    "file": kind,
                    "file_mb": round(len(data) / MB, 1),
                    "observations": record.observation_count,
                    "import_s": round(seconds, 1),
                    "peak_rss_mb": round(peak / 1024),
                    "rss_before_import_mb": round(before / 1024),
                }
            )
        )


def memory_figures() -> list[dict]:
    figures = []
    for kind in ("plain", "flat"):
        done = subprocess.run(  # noqa: S603 - this script, with a fixed argument
            [sys.executable, __file__, "--memory-child", kind],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        figures.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variables", type=int, default=46)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--memory", action="store_true", help="peak memory of 50 MB imports")
    parser.add_argument("--memory-child", choices=["plain", "flat"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    with benchmark_database() as vendor:
        from cohesion.core.actors import SYSTEM
        from cohesion.municipalities.models import Municipality
        from cohesion.municipalities.services import registry_import_gv100ad
        from cohesion.statistics.models import (
            Observation,
            ObservationRevision,
            Series,
            StatisticsImport,
        )
        from cohesion.statistics.services import statistics_import, statistics_parse

        registry_import_gv100ad()
        keys = list(
            Municipality.objects.filter(kind="municipality")
            .order_by("ags")
            .values_list("ags", flat=True)
        )
        data = flat_file(keys, args.variables)
        parse, imports, reimports = [], [], []
        for _ in range(args.runs):
            Observation.objects.all().delete()
            ObservationRevision.objects.all().delete()
            Series.objects.all().delete()
            StatisticsImport.objects.all().delete()
            started = time.perf_counter()
            parsed = statistics_parse(data=data, filename="benchmark.csv")
            sum(1 for _ in parsed.observations)  # a list or a stream: one pass, never len()
            parse.append(time.perf_counter() - started)
            del parsed
            started = time.perf_counter()
            record, _ = statistics_import(data=data, filename="benchmark.csv", actor=SYSTEM)
            imports.append(time.perf_counter() - started)
            rows = record.observation_count
            started = time.perf_counter()
            statistics_import(data=data, filename="benchmark.csv", actor=SYSTEM)
            reimports.append(time.perf_counter() - started)
        print(  # noqa: T201 - the benchmark's output
            json.dumps(
                {
                    "benchmark": "flat file import",
                    "database": vendor,
                    "observations": rows,
                    "file_mb": round(len(data) / 1e6, 1),
                    "runs": args.runs,
                    "parse_s": round(statistics.median(parse), 2),
                    "import_s": round(statistics.median(imports), 2),
                    "reimport_same_file_s": round(statistics.median(reimports), 2),
                    "goal_import_s": 30,
                }
            )
        )
    if args.memory:
        print(  # noqa: T201 - the benchmark's output
            json.dumps({"benchmark": "peak memory of a 50 MB import", "runs": memory_figures()})
        )


if __name__ == "__main__":
    main()
