"""Import of a flat file (ffcsv) with about one million observations.

The file is generated from the real key list of the shipped Gemeindeverzeichnis: every
municipality × 46 variables × 2 reference dates. Runs on a fresh SQLite database in a temporary
directory, or on PostgreSQL when DATABASE_URL names a server (a database is created and dropped).
Prints one JSON line: parse, preview and import seconds, and the re-import of the same file
(read again and compared with the current values in SQL: all current, so nothing is written).
Imports as the system (``actor=SYSTEM``, as the command line does), so no scope check.

    .venv/bin/python bench/statistics_import.py [--variables 46] [--runs 1]
"""

import argparse
import json
import statistics
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variables", type=int, default=46)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

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
            parse.append(time.perf_counter() - started)
            rows = len(parsed.observations)
            del parsed
            started = time.perf_counter()
            statistics_import(data=data, filename="benchmark.csv", actor=SYSTEM)
            imports.append(time.perf_counter() - started)
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


if __name__ == "__main__":
    main()
