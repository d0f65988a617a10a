"""The web's one-statement write of a session log on SQLite and PostgreSQL: one ``INSERT``
that commits by itself (no ``BEGIN``, no read of the person first), seen at once by another
connection; a person who does not exist is :class:`NotFound` and nothing is stored; many
writers at once, through two engines as two server processes would, all succeed. And the
same with the sign-in check in the statement: stored only while the session, the time zone
and the active plan are still what the caller found before."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from tests.integration.test_journey_reads import signed_up
from tests.integration.test_single_statement import add_person, people, statements
from tests.unit.test_services_profile import ANSWERS, at, on
from unknot.adapters.db import make_engine
from unknot.adapters.journey_writes import PlanKey, add_session_log, add_signed_session_log
from unknot.adapters.orm import PersonRow
from unknot.adapters.reminders_repository import SqlRemindersUnitOfWork
from unknot.domain.records import ExerciseDone, Person, SessionLog
from unknot.errors import NotFound
from unknot.services.profile import start
from unknot.services.reminders import save_reminders
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.web.accounts import SESSION_DAYS, AccountService, token_hash


def a_log(number: int) -> SessionLog:
    return SessionLog(
        date=on(0),
        pain_before=number % 11,
        pain_after=(number + 1) % 11,
        effort="about_right",
        plan_day=1,
        started_at=at(on(0)),
        notes=f"write {number}",
        exercises=(ExerciseDone(exercise_id="bridge", sets_done=3, reps_done=10),),
    )


def person(engine: Engine, email: str = "a@example.org") -> int:
    with SqlUnitOfWork(engine) as uow:
        ident = uow.people.add(Person(created_at=at(on(0)), email=email))
        uow.commit()
    return ident


def logs_of(database_url: str, person_id: int) -> tuple[SessionLog, ...]:
    """Read through a new engine: what another process would see."""
    other = make_engine(database_url)
    try:
        with SqlUnitOfWork(other, read_only=True) as uow:
            return uow.diary.day(person_id, on(0)).sessions
    finally:
        other.dispose()


def test_a_log_is_one_insert_that_commits_by_itself(database_url: str, engine: Engine) -> None:
    first = person(engine)
    second = person(engine, "b@example.org")
    with statements(engine) as seen:
        ident = add_session_log(engine, first, a_log(7))
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO SESSION_LOGS"), seen
    [stored] = logs_of(database_url, first)
    assert stored.id == ident
    assert stored.model_dump(exclude={"id"}) == a_log(7).model_dump(exclude={"id"})
    assert logs_of(database_url, second) == ()


def test_the_connection_keeps_transactions_after_a_one_statement_write(
    engine: Engine,
) -> None:
    first = person(engine)
    for number in range(3):
        add_session_log(engine, first, a_log(number))
        add_person(engine, f"never{number}@example.org", commit=False)
    assert people(engine) == 1


def test_a_log_for_nobody_is_not_found_and_stores_nothing(
    database_url: str, engine: Engine
) -> None:
    first = person(engine)
    with pytest.raises(NotFound):
        add_session_log(engine, first + 1000, a_log(1))
    add_session_log(engine, first, a_log(2))
    assert [log.notes for log in logs_of(database_url, first)] == ["write 2"]
    assert logs_of(database_url, first + 1000) == ()


def test_many_writers_through_two_engines_all_succeed(database_url: str, engine: Engine) -> None:
    first = person(engine)
    engines = [engine, make_engine(database_url)]
    try:
        jobs = [(engines[n % 2], n) for n in range(160)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(pool.map(lambda job: add_session_log(job[0], first, a_log(job[1])), jobs))
    finally:
        engines[1].dispose()
    assert len(set(ids)) == len(jobs)
    stored = logs_of(database_url, first)
    assert sorted(log.notes for log in stored) == sorted(f"write {n}" for n in range(160))


# --- the sign-in check and the write in one statement ----------------------------------------


def signed_with_plan(engine: Engine, email: str = "a@example.org") -> tuple[int, str, PlanKey]:
    """A person signed up at ``at(on(0))`` with a plan from that day: id, token hash, plan key."""
    person_id, token = signed_up(engine, email)
    with SqlUnitOfWork(engine) as uow:
        start(uow, person_id, ANSWERS, today=on(0), now=at(on(0)))
        record = uow.plans.active(person_id)
    assert record is not None and record.id is not None
    return person_id, token_hash(token), (record.id, record.created_at)


def signed_log(
    engine: Engine, hashed: str, person_id: int, plan_key: PlanKey | None, **changes: Any
) -> int | None:
    """:func:`add_signed_session_log` of ``a_log(1)`` at ``at(on(0), 10)`` in UTC, with any
    of its arguments changed."""
    arguments: dict[str, Any] = {
        "now": at(on(0), 10),
        "person_id": person_id,
        "time_zone": "UTC",
        "plan_key": plan_key,
        **changes,
    }
    now = arguments.pop("now")
    return add_signed_session_log(engine, hashed, now, a_log(1), **arguments)


def test_a_signed_log_is_one_insert_when_the_database_agrees(
    database_url: str, engine: Engine
) -> None:
    first, hashed, key = signed_with_plan(engine)
    second, _, _ = signed_with_plan(engine, "b@example.org")
    with statements(engine) as seen:
        ident = signed_log(engine, hashed, first, key)
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO SESSION_LOGS"), seen
    [stored] = logs_of(database_url, first)
    assert stored.id == ident
    assert stored.model_dump(exclude={"id"}) == a_log(1).model_dump(exclude={"id"})
    assert logs_of(database_url, second) == ()


def test_a_signed_log_without_a_plan_is_stored_for_someone_without_one(
    database_url: str, engine: Engine
) -> None:
    first, token = signed_up(engine, "a@example.org")
    ident = signed_log(engine, token_hash(token), first, None)
    assert [log.id for log in logs_of(database_url, first)] == [ident]


def test_a_signed_log_stores_nothing_when_the_database_disagrees(
    database_url: str, engine: Engine
) -> None:
    first, hashed, key = signed_with_plan(engine)
    second, second_hash, second_key = signed_with_plan(engine, "b@example.org")
    expired = at(on(0)) + dt.timedelta(days=SESSION_DAYS, seconds=1)
    refused = [
        signed_log(engine, token_hash("not a token"), first, key),
        signed_log(engine, hashed, first, key, now=expired),
        signed_log(engine, second_hash, first, key),  # another person's session
        signed_log(engine, hashed, second, second_key),  # the session is not theirs
        signed_log(engine, hashed, first, key, time_zone="Asia/Kolkata"),
        signed_log(engine, hashed, first, None),  # they have a plan
        signed_log(engine, hashed, first, (key[0] + 1000, key[1])),
        signed_log(engine, hashed, first, (key[0], key[1] + dt.timedelta(microseconds=1))),
    ]
    assert refused == [None] * len(refused)
    assert logs_of(database_url, first) == () and logs_of(database_url, second) == ()


def test_a_signed_log_follows_what_changed_since_the_token_was_checked(
    database_url: str, engine: Engine
) -> None:
    first, hashed, key = signed_with_plan(engine)
    with SqlRemindersUnitOfWork(engine) as work:
        save_reminders(work, first, {"time_zone": "Asia/Kolkata"}, now=at(on(0)))
    assert signed_log(engine, hashed, first, key) is None
    assert signed_log(engine, hashed, first, key, time_zone="Asia/Kolkata") is not None
    with SqlUnitOfWork(engine) as uow:
        start(uow, first, ANSWERS, today=on(0), now=at(on(0), 11))
        record = uow.plans.active(first)
    assert record is not None and record.id is not None
    assert signed_log(engine, hashed, first, key, time_zone="Asia/Kolkata") is None
    new_key = (record.id, record.created_at)
    assert signed_log(engine, hashed, first, new_key, time_zone="Asia/Kolkata") is not None
    AccountService(engine, PasswordHasher()).sign_out_everywhere(first)
    assert signed_log(engine, hashed, first, new_key, time_zone="Asia/Kolkata") is None
    assert len(logs_of(database_url, first)) == 2


def test_many_signed_writers_through_two_engines_all_succeed(
    database_url: str, engine: Engine
) -> None:
    first, hashed, key = signed_with_plan(engine)
    engines = [engine, make_engine(database_url)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(
                pool.map(lambda n: signed_log(engines[n % 2], hashed, first, key), range(80))
            )
    finally:
        engines[1].dispose()
    assert None not in ids and len(set(ids)) == 80
    assert sorted(log.id for log in logs_of(database_url, first)) == sorted(ids)


def test_a_signed_log_racing_an_erasure_stores_nothing(database_url: str, engine: Engine) -> None:
    """The erasure deletes the person while the log's statement waits to check its foreign
    key: on PostgreSQL the statement saw the session before, and its check then fails; on
    SQLite the two never overlap. Either way nothing is stored and no error escapes."""
    first, hashed, key = signed_with_plan(engine)
    eraser = make_engine(database_url)
    try:
        with eraser.begin() as erasing:
            erasing.execute(PersonRow.__table__.delete().where(PersonRow.id == first))
            if engine.dialect.name == "postgresql":
                with ThreadPoolExecutor(max_workers=1) as pool:
                    racing = pool.submit(signed_log, engine, hashed, first, key)
                    time.sleep(0.3)  # the log's statement now waits for the erasure's lock
                    erasing.commit()
                    assert racing.result(timeout=30) is None
        assert signed_log(engine, hashed, first, key) is None
    finally:
        eraser.dispose()
    assert logs_of(database_url, first) == ()
