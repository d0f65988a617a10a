"""Benchmark: the weekly review of a cohort read from the database, on SQLite and PostgreSQL.

Run from the repository root:

    .venv/bin/python bench/weekly_review.py                  # 100,000 people
    .venv/bin/python bench/weekly_review.py --people 2000    # a quick run

For each database (SQLite in a temporary directory; PostgreSQL when the server named by
``UNKNOT_TEST_POSTGRES_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``, is
reachable, in a database of its own that is dropped afterwards) it:

1. generates the cohort with bulk SQL inserts (not timed as part of the review): each person has
   an assessment (answers drawn from the spread of ``bench/plans.py``), the active 4-week plan
   made from it as the services store it (``unknot.plan/v1`` plus the assessment id, and its
   state beside it), and a week
   of diary: morning pain on 8 days (the week and the morning after), a session log on most
   days (the day's planned items, pain before and after, effort, the walk), steps, sitting and
   sleep;
2. times the review: the main process cuts everyone's ids into ranges of ``--batch`` people
   and hands them to worker processes (``--workers``, default: one per CPU); each worker reads
   its own people's week (``uow.cohort.iter_people_with_week`` with an id range and only the
   sessions and pain that the review judges), their active plans' states
   (``uow.cohort.active_plan_states``, a few kB each, not the plans' full JSON) and answers,
   rebuilds each plan from its state, and lets ``review_week`` decide next week. People whose
   plan states (but for their assessment id) and answers are the same share one restored plan
   (the table says how many were restored). Each such run is followed by one that shares
   nothing, as a cohort of people who all started on different days would need: each person's
   review is ``review_from_state`` of their own state, which rebuilds only the week it reviews
   before deciding (the review rebuilds the weeks after it). Reviews are not written back.

It reports, per database and kind of run, the median over ``--runs`` of the read and review
time (and the range of the runs), people per second, the time for 100,000 people against the
60-second target, and where the time goes. The results replace the text between
``<!-- bench:weekly_review -->`` and ``<!-- /bench:weekly_review -->`` in
``docs/performance.md`` (the rest of the file is left alone). ``--no-write`` only prints.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import gc
import json
import multiprocessing
import os
import platform
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, column, create_engine, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perfdoc import write_section  # noqa: E402  (the results page, next door)
from plans import answer_spread  # noqa: E402  (the benchmark next door)

from unknot.adapters.db import make_engine  # noqa: E402
from unknot.adapters.orm import PersonRow  # noqa: E402
from unknot.content.library import load_library  # noqa: E402
from unknot.domain.answers import parse_answers  # noqa: E402
from unknot.domain.plan import (  # noqa: E402
    Library,
    Plan,
    generate_plan,
    plan_state,
    restore_from_state,
    review_from_state,
    review_week,
)
from unknot.domain.records import ActivePlanState, PersonWeek  # noqa: E402
from unknot.domain.triage import triage  # noqa: E402
from unknot.migrations import upgrade  # noqa: E402
from unknot.services.plans import SOURCE_KEY  # noqa: E402
from unknot.services.unit_of_work import SqlUnitOfWork  # noqa: E402
from unknot.settings import normalise_database_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

START = dt.date(2025, 3, 3)
"""Every plan starts on this Monday; week 1 is reviewed the morning after it ends."""

REVIEW_ON = START + dt.timedelta(days=7)
REVIEW_READS = ("sessions", "pain")
"""The diary entries ``review_week`` reads (it judges sessions by pain); steps, sitting, sleep
and spasms are generated but not read."""
TARGET_PEOPLE = 100_000
TARGET_SECONDS = 60.0
INSERT_CHUNK = 2_000
POSTGRES_URL = os.environ.get(
    "UNKNOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _table(name: str, *names: str) -> Any:
    """A lightweight table for bulk inserts; JSON columns are sent as ready-made JSON text."""
    return table(name, *(column(n) for n in names))


PEOPLE = _table("people", "id", "created_at", "is_local_profile")
ASSESSMENTS = _table("assessments", "id", "person_id", "taken_at", "answers", "triage", "level")
PLAN_STATES = _table("plan_states", "plan_id", "state")
PLANS = _table(
    "plans", "id", "person_id", "created_at", "start_date", "phase", "plan", "active", "reason"
)
SESSIONS = _table(
    "session_logs", "person_id", "day", "started_at", "plan_day", "exercises", "pain_before",
    "pain_after", "effort", "notes",
)  # fmt: skip
PAIN = _table("pain_entries", "person_id", "day", "pain", "stiffness")
STEPS = _table("steps", "person_id", "day", "source", "steps")
SITTING = _table("sitting_entries", "person_id", "day", "hours")
SLEEP = _table("sleep_entries", "person_id", "day", "hours", "quality", "woken_by_pain")


@dataclass
class Profile:
    """One answer set of the spread, its triage and plan, as JSON text ready to insert."""

    answers: str
    triage: str
    level: str
    plan: Plan
    plan_text: str
    state: dict[str, Any]
    day_items: list[list[dict[str, Any]]]
    walk_minutes: list[int]


def profiles(count: int) -> list[Profile]:
    library = load_library()
    out = []
    for data in answer_spread(count):
        answers, _ = parse_answers(data)
        result = triage(answers)
        plan = generate_plan(answers, result, library, START)
        week = plan.week(1)
        out.append(
            Profile(
                answers=json.dumps(answers.model_dump(mode="json", exclude_none=True)),
                triage=json.dumps(result.as_json()),
                level=str(result.level),
                plan=plan,
                plan_text=json.dumps(plan.as_json()),
                state=plan_state(plan.as_json(), library),
                day_items=[
                    [{"exercise_id": i.exercise, "sets_done": i.dose.sets} for i in d.items()]
                    for d in week.days
                ],
                walk_minutes=[d.walking_minutes for d in week.days],
            )
        )
    return out


def plan_text(profile: Profile, assessment_id: int) -> str:
    """The stored document, as ``json.dumps(plan_document(plan, assessment_id))`` gives it
    (the assessment id is its last key)."""
    return profile.plan_text[:-1] + f', "{SOURCE_KEY}": {assessment_id}}}'


def generate(engine: Engine, people: int, cohort: list[Profile], seed: int = 5) -> None:
    """Bulk-insert the cohort (see the module docstring), showing progress."""
    rng = random.Random(seed)
    now = dt.datetime.combine(START, dt.time(8), tzinfo=dt.UTC)
    started = time.perf_counter()
    for first in range(1, people + 1, INSERT_CHUNK):
        ids = range(first, min(first + INSERT_CHUNK, people + 1))
        rows: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        for pid in ids:
            profile = cohort[pid % len(cohort)]
            rows["people"].append({"id": pid, "created_at": now, "is_local_profile": False})
            rows["assessments"].append(
                {"id": pid, "person_id": pid, "taken_at": now, "answers": profile.answers,
                 "triage": profile.triage, "level": profile.level}
            )  # fmt: skip
            rows["plans"].append(
                {"id": pid, "person_id": pid, "created_at": now, "start_date": START,
                 "phase": str(profile.plan.phase), "plan": plan_text(profile, pid),
                 "active": True, "reason": "benchmark cohort"}
            )  # fmt: skip
            rows["states"].append(
                {"plan_id": pid, "state": json.dumps({**profile.state, SOURCE_KEY: pid})}
            )
            pain = rng.randint(2, 6)
            for n in range(8):
                day = START + dt.timedelta(days=n)
                pain = max(0, min(10, pain + rng.choice((-1, 0, 0, 1))))
                rows["pain"].append({"person_id": pid, "day": day, "pain": pain, "stiffness": None})
                if n == 7:
                    break
                rows["steps"].append(
                    {"person_id": pid, "day": day, "source": "manual",
                     "steps": rng.randint(1500, 11000)}
                )  # fmt: skip
                rows["sitting"].append({"person_id": pid, "day": day, "hours": rng.randint(2, 10)})
                rows["sleep"].append(
                    {"person_id": pid, "day": day, "hours": rng.choice((5.5, 6.5, 7, 8)),
                     "quality": rng.randint(3, 9), "woken_by_pain": rng.random() < 0.2}
                )  # fmt: skip
                if rng.random() < 0.2:
                    continue  # no session that day
                done = list(profile.day_items[n])
                if profile.walk_minutes[n]:
                    walked = max(5, profile.walk_minutes[n] + rng.choice((-5, 0, 0, 5)))
                    done.append({"exercise_id": "walking", "sets_done": 1, "minutes_done": walked})
                after = max(0, min(10, pain + rng.choice((-1, 0, 1, 1, 2, 3))))
                effort = rng.choices(("too_easy", "about_right", "too_hard"), (3, 6, 1))[0]
                rows["sessions"].append(
                    {"person_id": pid, "day": day, "started_at": now + dt.timedelta(days=n),
                     "plan_day": n + 1, "exercises": json.dumps(done), "pain_before": pain,
                     "pain_after": after, "effort": effort, "notes": ""}
                )  # fmt: skip
        with engine.begin() as connection:
            for target, name in (
                (PEOPLE, "people"), (ASSESSMENTS, "assessments"), (PLANS, "plans"),
                (PLAN_STATES, "states"), (SESSIONS, "sessions"), (PAIN, "pain"), (STEPS, "steps"),
                (SITTING, "sitting"), (SLEEP, "sleep"),
            ):  # fmt: skip
                connection.execute(target.insert(), rows[name])
        done_people = ids[-1]
        rate = done_people / (time.perf_counter() - started)
        print(f"\r  generated {done_people:,} of {people:,} people ({rate:,.0f}/s)", end="")
        sys.stdout.flush()
    print()


# --- the review, in worker processes ---------------------------------------------------------

_worker_engine: Engine | None = None
_sharing = True
_plans: dict[tuple[str, str], Plan] = {}
"""Restored plans by content: people whose plan states are the same (but for their assessment
id) and whose answers are the same share one restored plan."""


@dataclass
class BatchResult:
    people: int = 0
    plans_restored: int = 0
    decisions: collections.Counter[str] = field(default_factory=collections.Counter)
    diary_read_seconds: float = 0.0
    read_seconds: float = 0.0
    match_seconds: float = 0.0
    restore_seconds: float = 0.0
    review_seconds: float = 0.0

    def add(self, other: BatchResult) -> None:
        """Count ``other``'s people, plans, decisions and seconds into these."""
        self.people += other.people
        self.plans_restored += other.plans_restored
        self.decisions.update(other.decisions)
        self.diary_read_seconds += other.diary_read_seconds
        self.read_seconds += other.read_seconds
        self.match_seconds += other.match_seconds
        self.restore_seconds += other.restore_seconds
        self.review_seconds += other.review_seconds


def _start_worker(url: str, sharing: bool = True) -> None:
    global _worker_engine, _sharing
    _worker_engine = make_engine(url)
    _sharing = sharing
    load_library()
    # What the worker holds for its whole life (the library, the engine, what it inherited
    # from the main process) need not be scanned by the cycle collector again and again.
    gc.freeze()


@contextlib.contextmanager
def collecting_cycles_after() -> Iterator[None]:
    """Run a batch with CPython's cycle collector paused, then collect. Objects are still
    freed by reference counting as they go; the collector only looks for reference cycles, and
    while a batch's thousands of records and plans were alive it kept re-scanning them: about
    a third of the workers' CPU. One collection after the batch frees any cycles it made."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def review_batch(first: int, last: int) -> BatchResult:
    """Review the people with ids ``first``..``last``: read their weeks, plan states and
    answers, restore, review week 1."""
    assert _worker_engine is not None
    with collecting_cycles_after():
        return _review_batch(_worker_engine, first, last)


def _review_batch(engine: Engine, first: int, last: int) -> BatchResult:
    out = BatchResult()
    library = load_library()
    t0 = time.process_time()
    with SqlUnitOfWork(engine, read_only=True) as uow:
        weeks = list(
            uow.cohort.iter_people_with_week(
                START,
                REVIEW_ON,
                batch_size=last - first + 1,
                after=first - 1,
                through=last,
                kinds=REVIEW_READS,
            )
        )
        t1 = time.process_time()
        states = uow.cohort.active_plan_states(after=first - 1, through=last)
        answers = uow.cohort.answers_of(found.state[SOURCE_KEY] for found in states)
    out.diary_read_seconds = t1 - t0
    out.read_seconds = time.process_time() - t1
    if not _sharing:
        return _review_each_from_state(out, library, weeks, states, answers)
    plans = {}
    for found in states:
        t1 = time.process_time()
        state = {key: value for key, value in found.state.items() if key != SOURCE_KEY}
        answers_of = answers[found.state[SOURCE_KEY]]
        key = (json.dumps(state, sort_keys=True), json.dumps(answers_of, sort_keys=True))
        plan = _plans.get(key)
        t2 = time.process_time()
        out.match_seconds += t2 - t1
        if plan is None:
            parsed, _ = parse_answers(answers_of)
            plan = restore_from_state(state, parsed, library)
            _plans[key] = plan
            out.plans_restored += 1
            out.restore_seconds += time.process_time() - t2
        plans[found.person_id] = plan
    for week in weeks:
        t2 = time.process_time()
        review = review_week(plans[week.person_id], 1, [], week.days, today=REVIEW_ON)
        out.review_seconds += time.process_time() - t2
        out.decisions.update(str(change.kind) for change in review.decisions)
        out.people += 1
    return out


def _review_each_from_state(
    out: BatchResult,
    library: Library,
    weeks: list[PersonWeek],
    states: list[ActivePlanState],
    answers: dict[int, dict[str, Any]],
) -> BatchResult:
    """Without sharing: each person's answers parsed and their review made from their own plan
    state (``review_from_state``, which rebuilds only the reviewed week before deciding)."""
    own = {found.person_id: found.state for found in states}
    for week in weeks:
        t1 = time.process_time()
        state = own[week.person_id]
        parsed, _ = parse_answers(answers[state[SOURCE_KEY]])
        t2 = time.process_time()
        review = review_from_state(state, parsed, library, 1, [], week.days, today=REVIEW_ON)
        out.restore_seconds += t2 - t1
        out.review_seconds += time.process_time() - t2
        out.plans_restored += 1
        out.decisions.update(str(change.kind) for change in review.decisions)
        out.people += 1
    return out


def id_ranges(engine: Engine, batch_size: int) -> list[tuple[int, int]]:
    """Everyone's ids in order, cut into ranges of ``batch_size`` people."""
    with engine.connect() as connection:
        ids = connection.execute(select(PersonRow.id).order_by(PersonRow.id)).scalars().all()
    return [
        (ids[at], ids[min(at + batch_size, len(ids)) - 1]) for at in range(0, len(ids), batch_size)
    ]


def run_review(
    url: str, people: int, workers: int, batch_size: int, sharing: bool = True
) -> dict[str, Any]:
    """One timed review of the whole cohort (fresh worker processes, so no plan is restored
    before the clock starts). The main process only hands out ranges of ids; each worker reads
    its own people's weeks, plans and answers."""
    engine = make_engine(url)
    context = multiprocessing.get_context("fork")
    total = BatchResult()
    started = time.perf_counter()
    with context.Pool(workers, initializer=_start_worker, initargs=(url, sharing)) as pool:

        def done(result: BatchResult) -> None:
            total.add(result)
            rate = total.people / (time.perf_counter() - started)
            print(f"\r  reviewed {total.people:,} of {people:,} ({rate:,.0f}/s)", end="")
            sys.stdout.flush()

        ready = time.perf_counter()
        pending = [
            pool.apply_async(review_batch, span, callback=done)
            for span in id_ranges(engine, batch_size)
        ]
        for job in pending:
            job.get()
    elapsed = time.perf_counter() - ready
    print()
    engine.dispose()
    if total.people != people:
        raise SystemExit(f"reviewed {total.people} people, expected {people}")
    return {
        "seconds": elapsed,
        "load_average": os.getloadavg()[0],
        "people": total.people,
        "plans_restored": total.plans_restored,
        "diary_read_seconds": total.diary_read_seconds,
        "plan_read_seconds": total.read_seconds,
        "match_seconds": total.match_seconds,
        "restore_seconds": total.restore_seconds,
        "review_seconds": total.review_seconds,
        "decisions": dict(total.decisions),
    }


# --- databases ---------------------------------------------------------------------------------


class Database:
    """A fresh, migrated database for one backend; dropped (or deleted) afterwards."""

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self._admin: Engine | None = None
        self._name = ""
        if backend == "sqlite":
            self.url = f"sqlite:///{directory / 'cohort.db'}"
        else:
            server = make_url(normalise_database_url(POSTGRES_URL))
            self._admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
            self._name = f"unknot_bench_{secrets.token_hex(4)}"
            with self._admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self._name}"'))
            self.url = server.set(database=self._name).render_as_string(hide_password=False)
        engine = make_engine(self.url)
        upgrade(engine)
        engine.dispose()

    def size_mb(self) -> float:
        engine = make_engine(self.url)
        try:
            with engine.connect() as connection:
                if self.backend == "sqlite":
                    pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
                    size = connection.exec_driver_sql("PRAGMA page_size").scalar() or 0
                    return pages * size / 1e6
                return (
                    float(
                        connection.execute(
                            text("SELECT pg_database_size(current_database())")
                        ).scalar()
                        or 0
                    )
                    / 1e6
                )
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self._admin is not None:
            with self._admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)'))
            self._admin.dispose()


def postgres_reachable() -> bool:
    try:
        engine = create_engine(normalise_database_url(POSTGRES_URL), poolclass=NullPool)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError:
        return False
    return True


def measure(backend: str, args: argparse.Namespace, cohort: list[Profile]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        database = Database(backend, Path(tmp))
        try:
            print(f"{backend}: generating {args.people:,} people", flush=True)
            engine = make_engine(database.url)
            started = time.perf_counter()
            generate(engine, args.people, cohort)
            generated = time.perf_counter() - started
            if backend == "postgresql":
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE"))
            engine.dispose()
            size = database.size_mb()
            runs, alone = [], []
            # The two kinds of run take turns, so that a slower spell of the machine does not
            # fall on one kind only.
            for run in range(args.runs):
                print(f"{backend}: review run {run + 1} of {args.runs}", flush=True)
                runs.append(run_review(database.url, args.people, args.workers, args.batch))
                print(f"{backend}: review run {run + 1} of {args.runs} without sharing", flush=True)
                alone.append(
                    run_review(database.url, args.people, args.workers, args.batch, sharing=False)
                )
            return {
                "generate_seconds": generated,
                "size_mb": size,
                "runs": runs,
                "unshared": _median_run(alone),
                "unshared_runs": alone,
            }
        finally:
            database.drop()


LIMITS = (
    "What was done, from profiling (cProfile, and each stage timed with "
    "`time.process_time`; not part of the timed runs). Plans are rebuilt from their stored "
    "state (a few kB) instead of their full `unknot.plan/v1` JSON (about 240 kB, which "
    "PostgreSQL has to decompress), and SQLite finds the active plan through its partial "
    "index. Each library keeps its selections of exercises by what they depend on (which "
    "contributors, floor, equipment, nerve root, phase, kind of day, the review's variants and "
    "pauses), so people alike in those share the choice while each person's reasons are still "
    "written in their own words (worked out once per plan and selection); each library keeps "
    "the minutes and words of every (exercise, dose) pair; a plan's weeks share their picks; "
    "days alike but for their date are copied; the phase of a date reads the answers once per "
    "plan. Without sharing, each review is `review_from_state`, which rebuilds only the "
    "reviewed week before deciding (the review rebuilds the later weeks from its decisions "
    "anyway), without assembling a plan of it: the same review as `review_week` of the "
    "restored plan, as the tests check. Last, the workers keep CPython's "
    "cycle collector out of the way: what a worker keeps for life is frozen, and each batch "
    "runs with the collector paused and one collection after it. Re-scanning a batch's "
    "thousands of live records and plans had been about a third of the workers' CPU. What is "
    "left is CPython's own cost per person, spread thin: reading and validating the week's "
    "records, parsing the answers and running triage again, rebuilding the reviewed week, "
    "deciding, and building the three weeks after it (21 days, with the plan's notes and "
    "references). Whether two workers on the two CPUs slow each other depends on the "
    "machine's other tenants: `bench/review_cpu.py` found each of two at once taking from 0.98 "
    "to 1.10 times the CPU of one alone in different runs. The job is cut into ranges of ids, "
    "so more processes, or machines sharing the database, can each take some."
)
"""What profiling found; see the report."""


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def section(results: dict[str, dict[str, Any]], args: argparse.Namespace, profiles: int) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        f"The weekly review of {args.people:,} people read from the database "
        f"(`bench/weekly_review.py`): each person has an assessment, a 4-week plan made from "
        f"one of {profiles} answer sets, and a week of diary. {args.workers} worker processes "
        f"each take {args.batch:,} people at a time: they read their week (sessions and pain, "
        "`iter_people_with_week` with an id range), their plans' states and answers, rebuild "
        "the plans from their states and run `review_week`. "
        + "In the cohort people with the same plan state and answers share one restored "
        "plan; a real cohort's people start on different days with different answers, so "
        "nearly everyone's plan is their own: the run *without sharing* reviews each "
        "person from their own plan state (`review_from_state`). What it still shares is "
        "each library's selections of exercises, which depend on a few traits (which "
        "contributors, floor, equipment, phase), not on the answers' details: a real cohort "
        "with far more than 96 answer sets shares them nearly as much. "
        + f"Median of {args.runs} run(s) of each kind, taking turns; the target is "
        f"{TARGET_PEOPLE:,} people in "
        f"{TARGET_SECONDS:.0f} s on 2 cores. Regenerate with "
        "`.venv/bin/python bench/weekly_review.py` (`--people 2000` for a quick run).",
        "",
        "| database | people | read and review (s) | people/s | time for 100,000 (s) | "
        "against the 60 s target | cohort insert (s) | database size (MB) | load average |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    medians = {}
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for backend, result in results.items():
        rows.append((backend, result, _median_run(result["runs"])))
        rows.append((f"{backend}, without sharing", result, result["unshared"]))
    for name, result, run in rows:
        seconds = run["seconds"]
        medians[name] = seconds
        rate = args.people / seconds
        projected = TARGET_PEOPLE / rate
        lines.append(
            f"| {name} | {args.people:,} | {seconds:.1f} | {rate:,.0f} | {projected:,.0f} | "
            f"{projected / TARGET_SECONDS:.1f}× | {result['generate_seconds']:.0f} | "
            f"{result['size_mb']:,.0f} | {run.get('load_average', 0.0):.1f} |"
        )
    spreads = []
    for backend, result in results.items():
        for label, runs in (
            ("", result["runs"]),
            (", without sharing", result.get("unshared_runs")),
        ):
            if runs:
                low, high = min(r["seconds"] for r in runs), max(r["seconds"] for r in runs)
                spreads.append(f"{backend}{label} {low:.1f}-{high:.1f} s")
    lines += ["", f"The runs ranged over: {'; '.join(spreads)}."]
    shared = {n: m for n, m in medians.items() if "without" not in n}
    alone = {n: m for n, m in medians.items() if "without" in n}
    lines += [""]
    for label, group in (("with shared plans", shared), ("without sharing", alone)):
        slowest = max(TARGET_PEOPLE / (args.people / m) for m in group.values())
        met = "met" if slowest <= TARGET_SECONDS else "not met"
        lines.append(
            f"**The target is {met} {label}**: the slower database needs about "
            f"{slowest:,.0f} s for {TARGET_PEOPLE:,} people."
        )
        lines.append("")
    lines += [
        "The load average is the machine's one-minute load when a run ended: above 2 (the "
        "CPUs) other programs were running too, and the times are longer than on an idle "
        "machine.",
        "",
        "Where the time goes (CPU seconds of the worker processes, summed; a database "
        "server's own CPU is not in it):",
        "",
        "| run | reading diaries | reading plan states and answers | "
        "restoring plans (and finding shared ones); without sharing, parsing the answers | "
        "`review_week`; without sharing, `review_from_state` | plans restored |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, _, run in rows:
        lines.append(
            f"| {name} | {run['diary_read_seconds']:.1f} | {run['plan_read_seconds']:.1f} | "
            f"{run['restore_seconds'] + run['match_seconds']:.1f} | "
            f"{run['review_seconds']:.1f} | {run['plans_restored']:,} |"
        )
    if "postgresql" in medians and "sqlite" in medians:
        ratio = medians["postgresql"] / medians["sqlite"]
        lines += ["", f"PostgreSQL took {ratio:.2f}× the time of SQLite in the same run."]
    lines += [""]
    for name, _, run in rows:
        if "without" not in name:
            continue
        per = {
            "reading": (run["diary_read_seconds"] + run["plan_read_seconds"]) / args.people,
            "parsing the answers": run["restore_seconds"] / args.people,
            "`review_from_state`": run["review_seconds"] / args.people,
        }
        spent = ", ".join(f"{what} {seconds * 1000:.2f} ms" for what, seconds in per.items())
        lines.append(f"- CPU per person on {name.split(',')[0]}: {spent}.")
    lines += ["", LIMITS]
    lines += [
        "",
        f"Python {platform.python_version()} on {platform.system()} {cpu}, "
        f"{os.cpu_count()} CPUs; measured {args.measured}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=TARGET_PEOPLE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch", type=int, default=1000, help="people read per batch")
    parser.add_argument("--profiles", type=int, default=96, help="distinct answer sets")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    parser.add_argument(
        "--results",
        type=Path,
        help="write the measurements to this JSON file (with --report: read them from it and "
        "only write the report)",
    )
    parser.add_argument("--report", action="store_true", help="report --results, measure nothing")
    args = parser.parse_args()
    args.measured = dt.date.today().isoformat()
    if args.report:
        if args.results is None:
            parser.error("--report needs --results FILE")
        saved = json.loads(args.results.read_text())
        for name in ("people", "workers", "batch", "runs", "measured"):
            setattr(args, name, saved[name])
        results, kinds = saved["results"], saved["profiles"]
    else:
        cohort = profiles(args.profiles)
        kinds = len(cohort)
        results = {"sqlite": measure("sqlite", args, cohort)}
        if args.sqlite_only:
            print("PostgreSQL left out (--sqlite-only)")
        elif postgres_reachable():
            results["postgresql"] = measure("postgresql", args, cohort)
        else:
            print(f"PostgreSQL is not reachable at {make_url(POSTGRES_URL).render_as_string()}")
        if args.results is not None:
            saved = {
                "people": args.people, "workers": args.workers, "batch": args.batch,
                "runs": args.runs, "measured": args.measured, "profiles": kinds,
                "results": results,
            }  # fmt: skip
            args.results.write_text(json.dumps(saved, indent=1, default=str))
    body = section(results, args, kinds)
    print(body)
    print(json.dumps(results, indent=1, default=str))
    if not args.no_write:
        page = write_section("weekly_review", "## Weekly review", body)
        print(f"wrote the weekly review section of {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
