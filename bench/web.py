"""Benchmark: the web app under load: ``GET /today`` and logging a session, against a bare
endpoint served by the same server in the same run; and the weight of every page.

Run from the repository root:

    .venv/bin/python bench/web.py

For each database (SQLite in a temporary ``UNKNOT_HOME``; PostgreSQL when reachable, in a
temporary database created on the server of ``UNKNOT_BENCH_POSTGRES_URL``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``, and dropped afterwards):

1. the schema is migrated and twice ``--users`` people are seeded, each with an account, a
   sign-in session, an assessment, a plan starting today and a few logged sessions: the first
   half for ``GET /today``, the second for logging, so that the pages measured stay those of
   people who logged a few sessions today, not the hundreds each client logs in the logging
   scenario (``/today`` counts the day's sessions, and on PostgreSQL counting thousands of
   new rows costs the database server more at each round);
2. uvicorn serves the app in a subprocess on a free localhost port with ``--workers`` worker
   processes (default 2: one per core of the 2-core target machine; each process holds its own
   database pool and plan cache). The app is :func:`unknot.web.app.create_app` as ``unknot
   serve`` makes it (``serving=True``: content read, templates compiled and both settled out
   of the cycle collector's way at start-up, :mod:`unknot.web.warm`) plus one bare
   route, ``GET /bench/bare`` (plain text, no database), which goes through the same
   middleware (security headers, CSRF check, the session-cookie dependency);
3. a second process drives the load: ``--clients`` concurrent keep-alive connections (default
   50), each sending its next request as soon as the last answer arrived, for ``--seconds``
   (after ``--warmup`` seconds not counted), or until ``--max-requests``; the scenarios take
   turns for ``--rounds`` rounds (default 3), so that a slow spell of the shared machine falls
   on all of them alike. The client is a small
   HTTP/1.1 client on asyncio streams, so that it takes as little of the two cores as it can
   from the server it measures. Each client signs in as its own seeded person of the
   scenario's half:
   ``GET /today`` with the session cookie (and the CSRF cookie that a browser sends back
   after its first page), ``POST /api/v1/sessions`` with the same session as
   a bearer token and a session log as JSON.

Throughput is answers per second; latency is from sending a request to the last byte of its
answer, p50 and p99. Each scenario's throughput is also given as a share of the bare
endpoint's in the same round, and the server's CPU time per answer (all its processes, from
``/proc``), which the noisy shared machine changes less than throughput. Each figure in the
table is the median of the rounds'. Targets (issue 5): p99 under 50 ms,
at least 35% of the bare endpoint's throughput, and every page under 100 KB of HTML, CSS and
JavaScript (drawings aside).

The results replace the text between ``<!-- bench:web -->`` and ``<!-- /bench:web -->`` in
``docs/performance.md`` (the rest of the file is left alone). Options: ``--no-postgres``,
``--no-write`` to only print, ``--loop`` and ``--http`` to choose uvicorn's event loop and HTTP
parser (by default uvloop and httptools when installed, as uvicorn itself does). The server's
threads per worker come from ``UNKNOT_WEB_THREADS`` as in production. Takes about three
minutes, six with ``--compare-h11``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfdoc import write_section

ROOT = Path(__file__).resolve().parent.parent

POSTGRES_VARIABLE = "UNKNOT_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

P99_TARGET_MS = 50.0
SHARE_TARGET = 0.35
PAGE_BUDGET = 100 * 1024

BARE_PATH = "/bench/bare"
PASSWORD = "a benchmark passphrase"
SESSIONS_SEEDED = 3
"""Logged sessions each seeded person has today, so that today's page shows a history."""

ANSWERS: dict[str, Any] = {
    "format": "unknot.assessment/v1",
    "age": 42,
    "episode": {
        "onset": "sudden",
        "trigger": "lifting",
        "duration_days": 5,
        "trend": "same",
        "first_episode": True,
    },
    "pain": {"now": 5, "worst_24h": 7},
    "lifestyle": {"sitting_hours_per_day": 8, "steps_per_day": 4000, "work": "desk"},
    "self_tests": {"forward_bend_reach": "knees", "hip_flexor_test": "tight", "plank_seconds": 20},
    "preferences": {"minutes_per_day": 30, "can_get_on_floor": True, "equipment": ["chair"]},
}
"""An ordinary, self-manage case (the services' tests use the same one)."""


# --- the server ---------------------------------------------------------------------------


def bench_app() -> Any:
    """The app as ``unknot serve`` builds it (settings from the environment), plus the bare
    route. Uvicorn calls this in each worker (``--factory``)."""
    from fastapi.responses import PlainTextResponse

    from unknot.web.app import create_app

    app = create_app(serving=True)

    def bare() -> PlainTextResponse:
        return PlainTextResponse("ok")

    app.add_api_route(BARE_PATH, bare, methods=["GET"], include_in_schema=False)
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_stack(loop: str, http: str) -> tuple[str, str]:
    """The event loop and HTTP parser uvicorn will use for ``--loop`` and ``--http`` (``auto``
    picks uvloop and httptools when installed, as ``uvicorn[standard]`` does)."""
    import importlib.util

    def installed(name: str) -> bool:
        return importlib.util.find_spec(name) is not None

    if loop == "auto":
        loop = "uvloop" if installed("uvloop") else "asyncio"
    if http == "auto":
        http = "httptools" if installed("httptools") else "h11"
    return loop, http


@contextmanager
def serving(
    env: dict[str, str], args: argparse.Namespace, stack: tuple[str, str]
) -> Iterator[tuple[int, int]]:
    """Uvicorn serving :func:`bench_app` on a free localhost port, in a subprocess, with the
    event loop and HTTP parser of ``stack``: the port and the server's process id."""
    port = free_port()
    loop, http = stack
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "web:bench_app",
        "--app-dir", str(Path(__file__).parent), "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(args.workers), "--no-access-log", "--log-level", "warning",
        "--loop", loop, "--http", http,
    ]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(f"GET {BARE_PATH} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                    if sock.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- seeding --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    token: str
    """The sign-in session: the cookie for pages, the bearer token for the API."""
    csrf: str
    """The CSRF cookie a browser holds after its first page (a random value the server made;
    the browser sends it back with every request), so that pages are measured as a returning
    browser sees them, not as a first visit that makes and sets a new one each time."""


def seed(env: dict[str, str], users: int) -> list[Person]:
    """Migrate, then make ``users`` people with a plan from today and a few sessions."""
    from argon2 import PasswordHasher
    from sqlalchemy import Engine

    from unknot.migrations import ensure_schema
    from unknot.services.profile import start
    from unknot.services.sessions import log_session
    from unknot.services.unit_of_work import SqlUnitOfWork
    from unknot.settings import load_settings
    from unknot.web.accounts import AccountService

    settings = load_settings(home=Path(env["UNKNOT_HOME"]), database_url=env.get(
        "UNKNOT_DATABASE_URL"))  # fmt: skip
    engine: Engine = ensure_schema(settings)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    accounts = AccountService(engine, PasswordHasher(time_cost=1, memory_cost=1024))
    people = []
    try:
        for n in range(users):
            signed = accounts.sign_up(f"bench{n}@example.org", PASSWORD, now)
            person_id = signed.person.id
            assert person_id is not None
            with SqlUnitOfWork(engine) as uow:
                start(uow, person_id, ANSWERS, today=today, now=now)
            for _ in range(SESSIONS_SEEDED):
                with SqlUnitOfWork(engine) as uow:
                    log_session(uow, person_id, session_log(today), today=today)
            people.append(Person(signed.token, secrets.token_urlsafe(32)))
    finally:
        engine.dispose()
    return people


def session_log(today: dt.date) -> dict[str, Any]:
    return {
        "date": today.isoformat(),
        "pain_before": 4,
        "pain_after": 3,
        "effort": "about_right",
        "exercises": [{"exercise_id": "knee-to-chest", "sets_done": 3, "hold_seconds_done": 20}],
    }


# --- the load -------------------------------------------------------------------------------


def requests_for(scenario: str, people: list[Person], port: int) -> list[bytes]:
    """One request per person, ready to send."""
    host = f"127.0.0.1:{port}"
    out = []
    for person in people:
        if scenario == "bare":
            head = f"GET {BARE_PATH} HTTP/1.1\r\nHost: {host}\r\n\r\n"
            out.append(head.encode())
        elif scenario == "today":
            head = (
                f"GET /today HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n"
                f"Cookie: unknot_session={person.token}; unknot_csrf={person.csrf}\r\n\r\n"
            )
            out.append(head.encode())
        else:
            body = json.dumps(session_log(dt.datetime.now(dt.UTC).date())).encode()
            head = (
                f"POST /api/v1/sessions HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {person.token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            )
            out.append(head.encode() + body)
    return out


EXPECTED = {"bare": 200, "today": 200, "log": 201}

STACKS = {
    ("uvloop", "httptools"): "httptools and uvloop (`uvicorn[standard]`)",
    ("asyncio", "h11"): "its pure-Python HTTP parser (h11) and asyncio's event loop",
    ("asyncio", "httptools"): "httptools and asyncio's event loop",
    ("uvloop", "h11"): "h11 and uvloop",
}
SHORT_STACKS = {
    ("uvloop", "httptools"): "httptools, uvloop",
    ("asyncio", "h11"): "h11, asyncio",
    ("asyncio", "httptools"): "httptools, asyncio",
    ("uvloop", "h11"): "h11, uvloop",
}


async def _client(
    port: int, request: bytes, expected: int, stop_at: float, limit: int, shared: dict[str, Any]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at and shared["sent"] < limit:
            shared["sent"] += 1
            began = time.perf_counter()
            writer.write(request)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            shared["latencies"].append(time.perf_counter() - began)
            if status != expected:
                shared["errors"] += 1
    finally:
        writer.close()


async def _drive(spec: dict[str, Any]) -> dict[str, Any]:
    requests = [bytes.fromhex(r) for r in spec["requests"]]
    results = {}
    for phase, seconds in (("warmup", spec["warmup"]), ("measure", spec["seconds"])):
        shared: dict[str, Any] = {"sent": 0, "latencies": [], "errors": 0}
        began = time.perf_counter()
        stop_at = began + seconds
        await asyncio.gather(
            *(
                _client(
                    spec["port"],
                    requests[n % len(requests)],
                    spec["expected"],
                    stop_at,
                    spec["max_requests"],
                    shared,
                )  # fmt: skip
                for n in range(spec["clients"])
            )
        )
        results[phase] = {
            "seconds": time.perf_counter() - began,
            "latencies": shared["latencies"],
            "errors": shared["errors"],
        }
    measured = results["measure"]
    measured["answers_in_all"] = sum(len(results[p]["latencies"]) for p in results)
    return measured


def drive_child() -> None:
    """The load generator's process: reads its job on stdin, prints its results."""
    spec = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(_drive(spec))))


@dataclass(frozen=True)
class Result:
    scenario: str
    requests: int
    errors: int
    throughput: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float | None
    """The server's CPU time (all its processes, warm-up included) per answer; ``None`` where
    ``/proc`` cannot tell."""


def server_cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of process ``pid`` and its children so far (Linux ``/proc``),
    or ``None`` elsewhere."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            if int(entry.name) == pid or int(fields[1]) == pid:
                total += int(fields[11]) + int(fields[12])
        return total / ticks
    except (OSError, ValueError):
        return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_load(
    scenario: str, server: tuple[int, int], people: list[Person], args: argparse.Namespace
) -> Result:
    port, pid = server
    spec = {
        "port": port,
        "requests": [r.hex() for r in requests_for(scenario, people, port)],
        "expected": EXPECTED[scenario],
        "clients": args.clients,
        "warmup": args.warmup,
        "seconds": args.seconds,
        "max_requests": args.max_requests,
    }
    cpu_before = server_cpu_seconds(pid)
    done = subprocess.run(
        [sys.executable, __file__, "--drive"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
        timeout=args.warmup + args.seconds + 120,
    )
    cpu_after = server_cpu_seconds(pid)
    measured = json.loads(done.stdout)
    latencies = measured["latencies"]
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None and measured["answers_in_all"]:
        cpu_ms = (cpu_after - cpu_before) * 1000 / measured["answers_in_all"]
    return Result(
        scenario,
        len(latencies),
        measured["errors"],
        len(latencies) / measured["seconds"],
        percentile(latencies, 0.50) * 1000,
        percentile(latencies, 0.99) * 1000,
        cpu_ms,
    )


# --- page weights ---------------------------------------------------------------------------

PUBLIC_PAGES = ("/", "/spasm", "/assessment", "/learn", "/learn/spasm-first-aid", "/exercises",
                "/exercises/knee-to-chest", "/signup", "/login")  # fmt: skip
PERSONAL_PAGES = ("/account", "/today", "/plan", "/plan/print", "/diary", "/progress",
                  "/settings", "/settings/delete")  # fmt: skip
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js)(?:\?[^"]*)?)"')


def page_weights(port: int, person: Person) -> list[tuple[str, int, int]]:
    """(page, HTML bytes, HTML + CSS + JavaScript bytes) of every page."""
    import httpx

    base = f"http://127.0.0.1:{port}"
    weights = []
    visitor = httpx.Client(base_url=base)
    signed_in = httpx.Client(base_url=base, cookies={"unknot_session": person.token})
    with visitor, signed_in:
        for client, paths in ((visitor, PUBLIC_PAGES), (signed_in, PERSONAL_PAGES)):
            for path in paths:
                response = client.get(path)
                response.raise_for_status()
                html = response.content
                assets = sorted(set(ASSET.findall(response.text)))
                total = len(html) + sum(len(client.get(asset).content) for asset in assets)
                weights.append((path, len(html), total))
    return weights


# --- the run ---------------------------------------------------------------------------------


def postgres_database() -> tuple[str, Any] | None:
    """A new, empty database on the PostgreSQL server and a function that drops it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from unknot.settings import normalise_database_url

    url = make_url(normalise_database_url(os.environ.get(POSTGRES_VARIABLE, DEFAULT_POSTGRES)))
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"unknot_bench_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        print(f"PostgreSQL not reachable ({type(error).__name__}); skipping it.", file=sys.stderr)
        admin.dispose()
        return None

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def stacks(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The servers to measure: the one asked for, then (``--compare-h11``) pure-Python h11 on
    asyncio's loop, uvicorn's fallback without ``uvicorn[standard]``."""
    chosen = [server_stack(args.loop, args.http)]
    if args.compare_h11 and chosen[0] != ("asyncio", "h11"):
        chosen.append(("asyncio", "h11"))
    return chosen


SCENARIOS = ("bare", "today", "log")


@dataclass(frozen=True)
class Summary:
    """A scenario over all its rounds: counts added up, every other figure the median of the
    rounds' own (the share of bare from the bare endpoint's throughput in the same round)."""

    scenario: str
    requests: int
    errors: int
    throughput: float
    share: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float | None


def summarise(rounds: list[dict[str, Result]]) -> list[Summary]:
    """One :class:`Summary` per scenario of ``rounds`` (each round: scenario -> result)."""
    summaries = []
    for scenario in SCENARIOS:
        results = [measured[scenario] for measured in rounds]
        shares = [m[scenario].throughput / m["bare"].throughput for m in rounds]
        cpus = [r.cpu_ms for r in results if r.cpu_ms is not None]
        summaries.append(
            Summary(
                scenario,
                sum(r.requests for r in results),
                sum(r.errors for r in results),
                statistics.median(r.throughput for r in results),
                statistics.median(shares),
                statistics.median(r.p50_ms for r in results),
                statistics.median(r.p99_ms for r in results),
                statistics.median(cpus) if cpus else None,
            )
        )
    return summaries


Run = tuple[str, tuple[str, str], list[Summary]]
"""The database, the server's (event loop, HTTP parser) and each scenario's summary."""


def measure(
    label: str, env: dict[str, str], args: argparse.Namespace
) -> tuple[list[Run], list[tuple[str, int, int]]]:
    """Each server of :func:`stacks`, its scenarios taking turns for ``--rounds`` rounds, so
    that a slow spell of the shared machine falls on all of them alike."""
    print(f"{label}: seeding {2 * args.users} people...", file=sys.stderr)
    seeded = seed(env, 2 * args.users)
    people = {"bare": seeded[: args.users], "today": seeded[: args.users]}
    people["log"] = seeded[args.users :]
    runs: list[Run] = []
    weights: list[tuple[str, int, int]] = []
    for stack in stacks(args):
        rounds: list[dict[str, Result]] = []
        with serving(env, args, stack) as server:
            port = server[0]
            for n in range(args.rounds):
                measured = {}
                for scenario in SCENARIOS:
                    result = run_load(scenario, server, people[scenario], args)
                    print(f"{label} {stack} round {n + 1} {scenario}: {result}", file=sys.stderr)
                    measured[scenario] = result
                rounds.append(measured)
            weights = weights or page_weights(port, people["today"][0])
        runs.append((label, stack, summarise(rounds)))
    return runs, weights


def table(runs: list[Run]) -> str:
    lines = [
        "| database | server | endpoint | requests | errors | answers/s | share of bare | "
        "p50 (ms) | p99 (ms) | server CPU per answer (ms) | p99 < 50 ms | share ≥ 35% |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|",
    ]
    names = {"bare": f"`GET {BARE_PATH}`", "today": "`GET /today`",
             "log": "`POST /api/v1/sessions`"}  # fmt: skip
    for database, stack, summaries in runs:
        for r in summaries:
            lines.append(
                f"| {database} | {SHORT_STACKS[stack]} | {names[r.scenario]} | {r.requests:,} | "
                f"{r.errors} | "
                f"{r.throughput:,.0f} | {r.share:.0%} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                f"{'-' if r.cpu_ms is None else f'{r.cpu_ms:.2f}'} | "
                f"{'yes' if r.p99_ms < P99_TARGET_MS else 'no'} | "
                f"{'-' if r.scenario == 'bare' else ('yes' if r.share >= SHARE_TARGET else 'no')} |"
            )
    return "\n".join(lines)


def weights_table(weights: list[tuple[str, int, int]]) -> str:
    lines = ["| page | HTML (KB) | with CSS and JS (KB) | under 100 KB |", "|---|---:|---:|:-:|"]
    for path, html, total in weights:
        ok = "yes" if total < PAGE_BUDGET else "no"
        lines.append(f"| `{path}` | {html / 1024:.1f} | {total / 1024:.1f} | {ok} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--users", type=int, default=50, help="people seeded for each of /today and logging"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds, the scenarios taking turns in each"
    )
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="measured, per scenario and round"
    )
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="not measured, per scenario and round"
    )
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument(
        "--loop",
        choices=("auto", "asyncio", "uvloop"),
        default="auto",
        help="uvicorn's event loop (auto: uvloop when installed)",
    )
    parser.add_argument(
        "--http",
        choices=("auto", "h11", "httptools"),
        default="auto",
        help="uvicorn's HTTP parser (auto: httptools when installed)",
    )
    parser.add_argument(
        "--compare-h11",
        action="store_true",
        help="also measure uvicorn's pure-Python h11 on asyncio's loop",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    if args.drive:
        drive_child()
        return
    runs: list[Run] = []
    weights: list[tuple[str, int, int]] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as scratch:
        home = Path(scratch) / "sqlite"
        measured, weights = measure("SQLite", {"UNKNOT_HOME": str(home)}, args)
        runs.extend(measured)
        if not args.no_postgres:
            found = postgres_database()
            if found is not None:
                url, drop = found
                try:
                    env = {"UNKNOT_HOME": str(Path(scratch) / "pg"), "UNKNOT_DATABASE_URL": url}
                    measured, _ = measure("PostgreSQL", env, args)
                    runs.extend(measured)
                finally:
                    drop()
    cpus = os.cpu_count()
    load_after = os.getloadavg()[0]
    uvicorn_version = importlib.metadata.version("uvicorn")
    from unknot.settings import DEFAULT_WEB_THREADS

    threads = os.environ.get("UNKNOT_WEB_THREADS", str(DEFAULT_WEB_THREADS))
    body = "\n".join(
        [
            f"{args.clients} concurrent keep-alive clients, each sending its next request as soon "
            f"as the last was answered. Each server measured in {args.rounds} rounds, its "
            f"scenarios taking turns in each, {args.seconds:g} s each after a {args.warmup:g} s "
            "warm-up; the table gives the requests and errors of all rounds, and of every other "
            "figure the median of the rounds (the share of bare is each round's own, measured "
            "against the bare endpoint in the same round); "
            f"uvicorn with {args.workers} worker processes; the load generator (a second process) "
            f"shares the same {cpus} CPUs. {args.users} seeded people for `/today` and "
            f"{args.users} others for logging, each client signed in as its own. "
            "Regenerate with `.venv/bin/python bench/web.py"
            f"{' --compare-h11' if args.compare_h11 else ''}`.",
            "",
            table(runs),
            "",
            "Page weights (HTML with its CSS and JavaScript; drawings aside), signed in with a "
            "plan:",
            "",
            weights_table(weights),
            "",
            f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{cpus} CPUs, uvicorn {uvicorn_version} with "
            f"{' and, for comparison, '.join(STACKS[stack] for stack in stacks(args))}; "
            f"{threads} threads per worker; load average {load_before:.1f} before and "
            f"{load_after:.1f} after the run (other work shared the machine); measured "
            f"{dt.date.today().isoformat()}.",
        ]
    )
    print(body)
    if not args.no_write:
        write_section("web", "## Web app", body)


if __name__ == "__main__":
    main()
