"""How long `make run` takes until the first page is served.

Clones the current commit into a temporary directory for each run, starts `make run` there on a
free port, and stops the clock when the log-in page answers 200. `--warm` keeps one clone, so from
the second run on the environment and the database already exist (the everyday restart). Prints one
JSON line with every run's wall time and the median.

    python3 bench/first_page.py [--runs N] [--warm]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_page(checkout: Path, timeout: float = 600) -> float:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        ["make", "run", f"PORT={port}"],  # noqa: S607
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.monotonic() - started < timeout:
            try:
                url = f"http://127.0.0.1:{port}/accounts/login/"
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("no page within the time limit")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="reuse one clone after the first run")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cohesion-bench-"))
    times = []
    try:
        for run in range(args.runs):
            checkout = workdir / ("clone" if args.warm else f"clone{run}")
            if not checkout.exists():
                subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True)  # noqa: S603, S607
            times.append(round(first_page(checkout), 2))
            if not args.warm:
                shutil.rmtree(checkout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    measured = times[1:] if args.warm and len(times) > 1 else times
    kind = "warm" if args.warm else "fresh clone"
    print(  # noqa: T201 - the benchmark's output
        json.dumps(
            {
                "benchmark": f"make run until the first page ({kind})",
                "runs_s": times,
                "median_s": round(statistics.median(measured), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
