"""CPU time per request in one process: the app (as ``bench/web.py`` serves it) called
straight through ASGI, one request at a time, no HTTP parsing and no load generator. Steadier
than a run under load on a noisy machine, so it shows what a change to a request's own work
is worth. Uses :mod:`web` (``bench/web.py``) for the seeding and the requests.

Run from the repository root; to measure another version, put its ``src/`` first:

    .venv/bin/python bench/web_cpu.py --database postgresql
    PYTHONPATH=/tmp/unknot-before/src .venv/bin/python bench/web_cpu.py --database postgresql

Prints, per scenario, ``time.process_time`` per request (every thread of the process, so the
database threads too; on PostgreSQL not the server's own processes) for each round, then the
lowest and the median. Versions measured one after the other drift with the machine: run
each more than once, in turns.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

import web


def request_of(scenario: str, person: web.Person) -> tuple[dict[str, Any], bytes]:
    """The ASGI scope and body of one request of ``scenario`` (as :func:`web.requests_for`)."""
    headers = [(b"host", b"127.0.0.1:8000")]
    body = b""
    if scenario == "bare":
        method, path = "GET", web.BARE_PATH
    elif scenario == "today":
        method, path = "GET", "/today"
        cookie = f"unknot_session={person.token}; unknot_csrf={person.csrf}"
        headers += [(b"accept", b"text/html"), (b"cookie", cookie.encode())]
    else:
        method, path = "POST", "/api/v1/sessions"
        body = json.dumps(web.session_log(dt.datetime.now(dt.UTC).date())).encode()
        headers += [
            (b"authorization", f"Bearer {person.token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http",
        "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": b"", "headers": headers, "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    return scope, body


async def call(app: Any, state: dict[str, Any], scope: dict[str, Any], body: bytes) -> int:
    """One request through the app; its status."""
    sent = False
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app({**scope, "state": state}, receive, send)
    return statuses[0]


async def measure(app: Any, people: dict[str, list[web.Person]], args: argparse.Namespace) -> None:
    state: dict[str, Any] = {}
    lifespan: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    started = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()
        elif message["type"] == "lifespan.startup.failed":
            sys.exit(f"the app did not start: {message}")

    await lifespan.put({"type": "lifespan.startup"})
    running = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": state}, lifespan.get, send)
    )
    await started.wait()
    scenarios = args.scenarios.split(",")
    requests = {
        s: [request_of(s, person) for person in people[s]] for s in scenarios
    }  # fmt: skip
    for scenario in scenarios:  # warm: plans restored and kept, statements prepared
        for scope, body in requests[scenario]:
            await call(app, state, scope, body)
    rounds: dict[str, list[float]] = {s: [] for s in scenarios}
    for _ in range(args.rounds):
        for scenario in scenarios:
            began = time.process_time()
            for n in range(args.requests):
                scope, body = requests[scenario][n % len(requests[scenario])]
                status = await call(app, state, scope, body)
                if status != web.EXPECTED[scenario]:
                    sys.exit(f"{scenario} answered {status}")
            rounds[scenario].append((time.process_time() - began) * 1000 / args.requests)
    for scenario, values in rounds.items():
        shown = ", ".join(f"{v:.3f}" for v in values)
        print(
            f"{scenario}: lowest {min(values):.3f} ms, median {statistics.median(values):.3f} ms "
            f"of CPU per request ({shown})"
        )
    await lifespan.put({"type": "lifespan.shutdown"})
    await running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scenarios", default="bare,today,log", help="of: bare, today, log")
    parser.add_argument("--requests", type=int, default=1000, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--users", type=int, default=50, help="people seeded per scenario")
    args = parser.parse_args()
    os.environ["UNKNOT_HOME"] = tempfile.mkdtemp(prefix="unknot-bench-")
    drop = None
    if args.database == "postgresql":
        made = web.postgres_database()
        if made is None:
            sys.exit("PostgreSQL is not reachable")
        os.environ["UNKNOT_DATABASE_URL"], drop = made
    try:
        env = {k: os.environ[k] for k in ("UNKNOT_HOME", "UNKNOT_DATABASE_URL") if k in os.environ}
        seeded = web.seed(env, 2 * args.users)
        people = {"bare": seeded[: args.users], "today": seeded[: args.users]}
        people["log"] = seeded[args.users :]
        import uvloop

        uvloop.run(measure(web.bench_app(), people, args))
    finally:
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
