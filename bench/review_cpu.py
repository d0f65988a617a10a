"""Benchmark: CPU per person of the weekly review without sharing, in one process alone and in
two processes at once.

Run from the repository root:

    .venv/bin/python bench/review_cpu.py                 # 3,000 people, 7 runs
    .venv/bin/python bench/review_cpu.py --people 1000 --runs 3

It makes a cohort as ``bench/weekly_review.py`` does (in a temporary SQLite database), then
times, with ``time.process_time``, what one of that benchmark's workers does for each person
when nobody shares a plan: read the week, the plan state and the answers, parse the answers and
``review_from_state``. First one process reviews everyone (``--runs`` times after one run to
warm up); then two processes review everyone at the same moment, each on its own. The median
of the runs, as CPU milliseconds per person, tells how much of the full benchmark's time is
the work itself and how much two processes on two CPUs slow each other (caches, memory and the
machine's other tenants). The results replace the text between ``<!-- bench:review_cpu -->``
and ``<!-- /bench:review_cpu -->`` in ``docs/performance.md``; ``--no-write`` only prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import weekly_review  # noqa: E402  (the benchmark next door: its cohort and its workers)
from perfdoc import write_section  # noqa: E402

from unknot.adapters.db import make_engine  # noqa: E402

STAGES = ("diary_read_seconds", "read_seconds", "restore_seconds", "review_seconds")


def _review_everyone(url: str, ranges: list[tuple[int, int]], runs: int) -> list[dict[str, float]]:
    """In this process: a worker's review of everyone without sharing, ``runs`` times after
    a first run to warm up; each run's CPU milliseconds per person, in all and by stage."""
    weekly_review._start_worker(url, sharing=False)
    out = []
    for run in range(runs + 1):
        started = time.process_time()
        total = weekly_review.BatchResult()
        for first, last in ranges:
            total.add(weekly_review.review_batch(first, last))
        spent = time.process_time() - started
        if run:
            per_person = {stage: 1000 * getattr(total, stage) / total.people for stage in STAGES}
            out.append({"all": 1000 * spent / total.people, **per_person})
    return out


def _in_pair(url: str, ranges: list[tuple[int, int]], runs: int, start: Barrier, out: Any) -> None:
    start.wait()
    out.put(_review_everyone(url, ranges, runs))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(people: int, runs: int, batch: int) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        database = weekly_review.Database("sqlite", Path(tmp))
        engine = make_engine(database.url)
        print(f"generating {people:,} people")
        weekly_review.generate(engine, people, weekly_review.profiles(96))
        ranges = weekly_review.id_ranges(engine, batch)
        engine.dispose()
        print("one process alone")
        with context.Pool(1) as pool:
            alone = pool.apply(_review_everyone, (database.url, ranges, runs))
        print("two processes at once")
        start = context.Barrier(2)
        results = context.Queue()
        pair = [
            context.Process(target=_in_pair, args=(database.url, ranges, runs, start, results))
            for _ in range(2)
        ]
        for process in pair:
            process.start()
        together = [results.get() for _ in pair]
        for process in pair:
            process.join()
    return {
        "people": people,
        "runs": runs,
        "alone": _median(alone),
        "together": _median([run for process in together for run in process]),
        "load_average": os.getloadavg()[0],
    }


def section(result: dict[str, Any]) -> str:
    alone, together = result["alone"], result["together"]
    lines = [
        f"CPU milliseconds per person of the weekly review without sharing "
        f"(`bench/review_cpu.py`): {result['people']:,} people of the weekly review's cohort in "
        f"SQLite, median of {result['runs']} runs; one process alone, then two processes at "
        "the same time (each reviewing everyone), as the full benchmark's two workers run.",
        "",
        "| processes | in all | reading the week | reading plan states and answers | parsing the "
        "answers | `review_from_state` |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in (("one alone", alone), ("two at once (each)", together)):
        lines.append(
            f"| {name} | {row['all']:.3f} | {row['diary_read_seconds']:.3f} | "
            f"{row['read_seconds']:.3f} | {row['restore_seconds']:.3f} | "
            f"{row['review_seconds']:.3f} |"
        )
    slower = together["all"] / alone["all"]
    lines += [
        "",
        f"Two at once each took {slower:.2f}× the CPU time of one alone. At the two-at-once "
        f"rate, 100,000 people on 2 CPUs need about {100_000 * together['all'] / 2000:.0f} s of "
        "work per CPU, before any wait.",
        "",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; load average {result['load_average']:.1f} after the run; "
        f"measured {dt.date.today().isoformat()}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=1000, help="people read per batch")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    if args.people < 1 or args.runs < 1 or args.batch < 1:
        parser.error("--people, --runs and --batch must be at least 1")
    body = section(measure(args.people, args.runs, args.batch))
    print(body)
    if not args.no_write:
        page = write_section("review_cpu", "## Weekly review: CPU per person", body)
        print(f"wrote the review_cpu section of {page.relative_to(weekly_review.ROOT)}")


if __name__ == "__main__":
    main()
