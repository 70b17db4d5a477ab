"""Time the renewal radar, `msa dates DIR`, over a folder of 10,000 generated agreements.

The agreements are generated deterministically from the three bundled
examples without amendments (a managed-IT agreement with per-device and
per-user fees, a block-of-hours agreement in GBP, a month-to-month hourly
one): each gets its own id, and its effective day, term start and service
start moved together to a day from 2015 to 2026, so the folder holds
agreements in their initial term, renewed many times, expired, with notice
deadlines all over the year. A few (0.5%) are broken on purpose, so the
scan also reports invalid files. The billing anchor of the block-of-hours
example is left out, since it is tied to the example's own start.

The command is run as a user runs it, in a fresh process
(`python -m msa_model dates DIR --as-of ... --within P90D`), so the figure
includes starting Python, importing the package, the pool of worker
processes, and writing the table. The machine's cores are the pool's
workers.

Usage:
    python bench/bench_radar.py                 # 10,000 files, 3 runs, about a minute
    python bench/bench_radar.py --quick         # 2,000 files, 2 runs
    python bench/bench_radar.py --dir /tmp/radar --keep   # keep the generated folder
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

TARGET_SECONDS: Final = 10.0
"""Goal: the radar over 10,000 agreements in under this many seconds on a 2-core machine."""
SEED: Final = 20261122
AS_OF: Final = "2026-11-22"
WITHIN: Final = "P90D"
EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
SOURCES: Final = ("harbor-point-managed-it", "block-hours-gbp", "month-to-month-hourly")
FIRST_DAY: Final = dt.date(2015, 1, 1)
BROKEN: Final = 0.005
"""Share of files broken on purpose."""


def _shifted(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def generate(folder: Path, count: int, seed: int) -> dict[str, int]:
    """Write `count` agreements into `folder`; return how many of each source and broken."""
    rng = random.Random(seed)
    bases = {name: json.loads((EXAMPLES / f"{name}.json").read_text()) for name in SOURCES}
    counts = dict.fromkeys([*SOURCES, "broken"], 0)
    for index in range(count):
        name = rng.choice(SOURCES)
        document: dict[str, Any] = copy.deepcopy(bases[name])
        document["id"] = f"MSA-{index:05d}"
        document["fees"].get("billing", {}).pop("anchor", None)
        # The effective day moves to a day of 2015 to 2026; the others keep their distance.
        effective = dt.date.fromisoformat(document["effective_on"])
        delta = (FIRST_DAY - effective).days + rng.randrange(0, 12 * 365)
        for where in ("effective_on", "service_start_on"):
            if document.get(where):
                document[where] = _shifted(document[where], delta)
        document["term"]["start"] = _shifted(document["term"]["start"], delta)
        if rng.random() < BROKEN:
            counts["broken"] += 1
            if rng.random() < 0.5:
                document["term"]["extra"] = True
            else:
                document["fees"]["lines"][0]["service"] = "no-such-service"
        counts[name] += 1
        (folder / f"{index:05d}.json").write_text(json.dumps(document, indent=2))
    return counts


def run_radar(folder: Path) -> tuple[float, float, int, int]:
    """Run `msa dates` over the folder; return wall seconds, CPU seconds, rows and status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 # our own interpreter and module
        [
            sys.executable,
            "-m",
            "msa_model",
            "dates",
            str(folder),
            "--as-of",
            AS_OF,
            "--within",
            WITHIN,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"msa dates failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rows = done.stdout.count("\n") - 1
    return wall, cpu, rows, done.stderr.count(": INVALID")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,000 files, 2 runs")
    parser.add_argument("--dir", type=Path, help="generate into this folder (emptied first)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder")
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    count, runs = (2_000, 2) if options.quick else (options.count, options.runs)
    folder = options.dir or Path(tempfile.mkdtemp(prefix="msa-radar-"))
    if options.dir is not None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    try:
        started = time.perf_counter()
        counts = generate(folder, count, options.seed)
        print(
            f"{count:,} agreements in {folder} (seed {options.seed}), generated in "
            f"{time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{name} {number:,}" for name, number in counts.items())
        )
        print(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
            f"msa dates DIR --as-of {AS_OF} --within {WITHIN}"
        )
        walls = []
        for attempt in range(1, runs + 1):
            wall, cpu, rows, invalid = run_radar(folder)
            walls.append(wall)
            print(
                f"run {attempt}: {wall:6.2f} s wall, {cpu:6.2f} s CPU "
                f"({cpu / count * 1e3:.2f} ms a file), {rows:,} rows, {invalid} invalid files"
            )
        best, median = min(walls), statistics.median(walls)
        scaled = best * 10_000 / count
        verdict = "met" if scaled < TARGET_SECONDS else "missed"
        print(
            f"best {best:.2f} s, median {median:.2f} s; {count / best:,.0f} files/s; "
            f"10,000 files at that rate: {scaled:.2f} s "
            f"(target < {TARGET_SECONDS:.0f} s: {verdict})"
        )
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
