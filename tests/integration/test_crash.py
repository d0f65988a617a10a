"""An acknowledged write survives the writer being killed (SIGKILL), on SQLite and PostgreSQL.

A child process writes in a loop, one unit of work per iteration (a session log and a spasm
episode carrying the same number), and prints the number only after ``commit()`` returned: an
acknowledged write. The parent kills it without warning mid-loop, opens the database afresh and
checks that every acknowledged write is there, that no transaction is half there, and that the
stored writes have no gaps.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import Engine, text

from unknot.adapters.db import make_engine
from unknot.domain.records import Person
from unknot.services.unit_of_work import SqlUnitOfWork

ACKNOWLEDGED_BEFORE_KILL = 200
"""How many acknowledged writes the parent waits for before it kills the writer."""

TIME_LIMIT_S = 15
"""The whole run, start-up of the child included, must fit in this (per database)."""

WRITER = """
import datetime as dt
import sys

from unknot.adapters.db import make_engine
from unknot.domain.records import ExerciseDone, SessionLog, SpasmEpisode
from unknot.services.unit_of_work import SqlUnitOfWork

url, person_id = sys.argv[1], int(sys.argv[2])
engine = make_engine(url)
day = dt.date(2024, 5, 6)
started = dt.datetime(2024, 5, 6, 7, 0, tzinfo=dt.UTC)
number = 0
while True:
    number += 1
    with SqlUnitOfWork(engine) as uow:
        uow.diary.add_session_log(person_id, SessionLog(
            date=day, pain_before=number % 11, pain_after=(number + 1) % 11,
            effort="about_right", notes=f"write {number}",
            exercises=(ExerciseDone(exercise_id="bridge", sets_done=3, reps_done=number % 50),),
        ))
        uow.diary.add_spasm(person_id, SpasmEpisode(
            date=day, started_at=started, trigger=f"write {number}", minutes=1 + number % 60,
            severity=number % 11,
        ))
        uow.commit()
    sys.stdout.write(f"{number}\\n")
    sys.stdout.flush()
"""


def read_acknowledgements(child: subprocess.Popen[str], wanted: int, deadline: float) -> list[int]:
    """Numbers the child acknowledged, read until ``wanted`` of them or the deadline."""
    assert child.stdout is not None
    acknowledged: list[int] = []
    while len(acknowledged) < wanted:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([child.stdout], [], [], left)
        if not ready:
            continue
        line = child.stdout.readline()
        if not line:  # the child died on its own
            break
        acknowledged.append(int(line))
    return acknowledged


def stored_numbers(engine: Engine, table: str, column: str) -> list[int]:
    with engine.connect() as connection:
        values = connection.execute(text(f"SELECT {column} FROM {table}")).scalars().all()
    return [int(value.removeprefix("write ")) for value in values]


@pytest.mark.slow
def test_every_acknowledged_write_survives_a_sigkill_and_no_transaction_is_half_kept(
    database_url: str, engine: Engine
) -> None:
    with SqlUnitOfWork(engine) as uow:
        person_id = uow.people.add(Person(created_at=dt.datetime(2024, 5, 6, 7, 0, tzinfo=dt.UTC)))
        uow.commit()
    engine.dispose()  # the parent holds no connection while the child writes

    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url, str(person_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    try:
        acknowledged = read_acknowledgements(
            child, ACKNOWLEDGED_BEFORE_KILL, started + TIME_LIMIT_S - 3
        )
        still_running = child.poll() is None
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        error_output = child.stderr.read() if child.stderr else ""
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    assert still_running, f"the writer stopped before it was killed:\n{error_output}"
    assert child.returncode == -signal.SIGKILL
    assert len(acknowledged) == ACKNOWLEDGED_BEFORE_KILL, error_output
    assert acknowledged == list(range(1, ACKNOWLEDGED_BEFORE_KILL + 1))

    reopened = make_engine(database_url)
    try:
        if reopened.dialect.name == "sqlite":
            with reopened.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        logs = stored_numbers(reopened, "session_logs", "notes")
        spasms = stored_numbers(reopened, "spasm_episodes", "trigger")
    finally:
        reopened.dispose()

    assert set(acknowledged) <= set(logs), "an acknowledged write was lost"
    assert Counter(logs) == Counter(spasms), "a transaction was kept in part"
    assert sorted(logs) == list(range(1, len(logs) + 1)), "stored writes have a gap or a double"
    assert time.monotonic() - started < TIME_LIMIT_S
