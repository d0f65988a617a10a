"""Paired runs: two versions of unknot under the same load, taking turns, to see what one
change is worth on a noisy machine. Uses :mod:`web` (``bench/web.py``) for the seeding, the
server and the load, on one seeded database shared by both versions.

Run from the repository root, with each version a directory holding ``src/`` (a ``git
worktree`` of the older commit, say) or ``.`` for this working copy:

    git worktree add /tmp/unknot-before HEAD~1
    .venv/bin/python bench/web_ab.py --database sqlite /tmp/unknot-before .

Each round serves each version in turn (two uvicorn workers, httptools and uvloop, 50 clients)
and measures the bare endpoint and each scenario. Prints every round, then each version's
answers a second, p99 and server CPU per answer over the rounds, lowest to highest. Nothing is
written to the docs: commit messages and ``docs/performance.md`` quote these ranges.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import web


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("versions", nargs="+", help="directories holding src/ (. for this one)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scenarios", default="today,log", help="of: today, log")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--users", type=int, default=50, help="people seeded per scenario")
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    load = argparse.Namespace(
        workers=2, clients=50, warmup=args.warmup, seconds=args.seconds, max_requests=400_000
    )
    env = {"UNKNOT_HOME": tempfile.mkdtemp(prefix="unknot-bench-")}
    drop = None
    if args.database == "postgresql":
        made = web.postgres_database()
        if made is None:
            sys.exit("PostgreSQL is not reachable")
        env["UNKNOT_DATABASE_URL"], drop = made
    seeded = web.seed(env, 2 * args.users)
    people = {"bare": seeded[: args.users], "today": seeded[: args.users]}
    people["log"] = seeded[args.users :]
    results: dict[tuple[str, str], list[web.Result]] = {}
    try:
        for n in range(args.rounds):
            for version in args.versions:
                served = dict(env)
                if Path(version).resolve() != web.ROOT:
                    served["PYTHONPATH"] = str(Path(version).resolve() / "src")
                with web.serving(served, load, ("uvloop", "httptools")) as server:
                    for scenario in ["bare", *scenarios]:
                        result = web.run_load(scenario, server, people[scenario], load)
                        results.setdefault((version, scenario), []).append(result)
                        print(f"round {n + 1} {version} {scenario}: {result}", flush=True)
    finally:
        if drop is not None:
            drop()
    for (version, scenario), rounds in results.items():
        rates = sorted(round(r.throughput) for r in rounds)
        p99s = sorted(round(r.p99_ms, 1) for r in rounds)
        cpus = sorted(round(r.cpu_ms, 2) for r in rounds if r.cpu_ms is not None)
        print(f"{version} {scenario}: {rates} a second, p99 {p99s} ms, CPU {cpus} ms")


if __name__ == "__main__":
    os.chdir(web.ROOT)
    main()
