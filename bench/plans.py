"""Benchmark: how fast plans are made (``unknot.domain.plan.generate_plan``).

Run from the repository root:

    .venv/bin/python bench/plans.py

A spread of assessment answers (phases from a fresh spasm to years of recurrent pain, 10 to 60
minutes a day, floor or chair only, equipment or none, leg pain, long sitting, tight muscles, a
weak core) is triaged once; then every answer set's 4-week plan is generated, and the whole
spread is timed in several runs. The script reports the median plans per second over the runs,
and the median and slowest time of one plan (each plan timed on its own), with the time of the
plan's JSON for comparison. The results replace the text between ``<!-- bench:plans -->`` and
``<!-- /bench:plans -->`` in ``docs/performance.md`` (the rest of the file is left alone).

Options: ``--runs N`` (default 7), ``--profiles N`` (default 96), ``--no-write`` to only print.
Takes about half a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

from perfdoc import write_section

from unknot.content.library import load_library
from unknot.domain.answers import Answers, parse_answers
from unknot.domain.plan import generate_plan
from unknot.domain.triage import TriageResult, triage

ROOT = Path(__file__).resolve().parent.parent

START = dt.date(2025, 3, 3)
"""Every plan starts on this Monday; the answers are given that day."""

EPISODES = (
    {"onset": "sudden", "trigger": "lifting", "duration_days": 0, "first_episode": True},
    {"onset": "sudden", "trigger": "twisting", "duration_days": 3, "first_episode": True},
    {
        "onset": "gradual",
        "trigger": "prolonged_sitting",
        "duration_days": 30,
        "first_episode": True,
    },
    {"onset": "gradual", "trigger": "none", "duration_days": 200, "first_episode": False},
    {"onset": "sudden", "trigger": "bending", "duration_days": 10, "first_episode": False},
)
"""Acute, early subacute, subacute, chronic and recurrent episodes."""

PREFERENCES = (
    {"minutes_per_day": 10, "can_get_on_floor": False, "equipment": ["chair"]},
    {"minutes_per_day": 20, "can_get_on_floor": True, "equipment": []},
    {"minutes_per_day": 30, "can_get_on_floor": True, "equipment": ["chair", "towel", "pillow"]},
    {"minutes_per_day": 60, "can_get_on_floor": True, "equipment": ["mat", "chair", "towel"]},
)

BODIES = (
    {
        "lifestyle": {"sitting_hours_per_day": 9, "steps_per_day": 3000, "work": "desk"},
        "self_tests": {"forward_bend_reach": "knees", "hip_flexor_test": "tight"},
    },
    {
        "lifestyle": {"sitting_hours_per_day": 3, "steps_per_day": 9000, "work": "manual"},
        "self_tests": {"forward_bend_reach": "floor", "plank_seconds": 15},
    },
    {
        "lifestyle": {"sitting_hours_per_day": 6, "steps_per_day": 1500, "work": "mixed"},
        "legs": {"pain_or_numbness": "one_leg", "below_knee": True},
    },
)
"""Long sitting with tight muscles; an active manual worker with a weak core; leg pain."""


def answer_spread(count: int, seed: int = 9) -> list[dict[str, Any]]:
    """``count`` assessment answers drawn (with a fixed seed) from every combination of episode,
    preferences, body and pain; all of them allow a plan."""
    combos = list(itertools.product(EPISODES, PREFERENCES, BODIES, (2, 5, 8)))
    random.Random(seed).shuffle(combos)
    spread = []
    for episode, prefs, body, pain in itertools.islice(itertools.cycle(combos), count):
        spread.append(
            {
                "format": "unknot.assessment/v1",
                "age": 28 + 5 * (len(spread) % 7),  # 28-58: no fragility-fracture rule
                "episode": {**episode, "trend": "same"},
                "pain": {"now": pain, "worst_24h": min(10, pain + 2)},
                "preferences": prefs,
                **body,
            }
        )
    return spread


def triaged(spread: list[dict[str, Any]]) -> list[tuple[Answers, TriageResult]]:
    out = []
    for data in spread:
        answers, _ = parse_answers(data)
        result = triage(answers)
        if not result.plan_allowed:
            raise SystemExit(f"a benchmark answer set makes no plan: {data}")
        out.append((answers, result))
    return out


def measure(cases: list[tuple[Answers, TriageResult]], runs: int) -> dict[str, float]:
    started = time.perf_counter()
    library = load_library()  # read and validated once per process, then cached
    generate_plan(*cases[0], library, START)
    first = time.perf_counter() - started
    rates = []
    singles: list[float] = []
    for run in range(runs):
        run_started = time.perf_counter()
        for answers, result in cases:
            t0 = time.perf_counter()
            generate_plan(answers, result, library, START)
            singles.append(time.perf_counter() - t0)
        rates.append(len(cases) / (time.perf_counter() - run_started))
        print(f"run {run + 1}: {rates[-1]:.1f} plans/s", flush=True)
    json_times = []
    for answers, result in cases:
        plan = generate_plan(answers, result, library, START)
        t0 = time.perf_counter()
        json.dumps(plan.as_json())
        json_times.append(time.perf_counter() - t0)
    return {
        "plans_per_second": statistics.median(rates),
        "rate_min": min(rates),
        "rate_max": max(rates),
        "one_plan_ms": statistics.median(singles) * 1000,
        "one_plan_max_ms": max(singles) * 1000,
        "first_plan_ms": first * 1000,
        "json_ms": statistics.median(json_times) * 1000,
        "load_average": os.getloadavg()[0],
    }


def section(result: dict[str, float], profiles: int, runs: int) -> str:
    cpu = platform.processor() or platform.machine()
    return "\n".join(
        [
            f"`generate_plan` on {profiles} answer sets (every mix of 5 episodes from a fresh "
            "spasm to recurrent pain, 4 time and equipment preferences, 3 bodies and 3 pain "
            f"levels), one process, {runs} runs over the whole set. Triage is run beforehand "
            "(its result is given to `generate_plan`). The library keeps the selections of "
            "exercises and the doses it has worked out, by the traits they depend on, so plans "
            "after the first few of each kind reuse them: the slowest run is usually the first. "
            "Regenerate with `.venv/bin/python bench/plans.py`.",
            "",
            "| measure | result |",
            "|---|---:|",
            f"| plans per second (median of {runs} runs) | {result['plans_per_second']:.1f} |",
            f"| slowest and fastest run (plans/s) | {result['rate_min']:.1f} – "
            f"{result['rate_max']:.1f} |",
            f"| one 4-week plan, median (ms) | {result['one_plan_ms']:.1f} |",
            f"| one plan, slowest (ms) | {result['one_plan_max_ms']:.1f} |",
            f"| first plan of the process, library loading included (ms) | "
            f"{result['first_plan_ms']:.0f} |",
            f"| the plan's JSON, `as_json` and `json.dumps` (ms) | {result['json_ms']:.1f} |",
            "",
            f"The machine's one-minute load average at the end was {result['load_average']:.1f} "
            f"for {os.cpu_count()} CPUs (above that, other programs were running too).",
            "",
            f"Python {platform.python_version()} on {platform.system()} {cpu}, "
            f"{os.cpu_count()} CPUs; measured {dt.date.today().isoformat()}.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profiles", type=int, default=96)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    cases = triaged(answer_spread(args.profiles))
    result = measure(cases, args.runs)
    body = section(result, len(cases), args.runs)
    print(body)
    if not args.no_write:
        page = write_section("plans", "## Plan generation", body)
        print(f"wrote the plan generation section of {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
