"""The web's one-statement write of a session log on SQLite and PostgreSQL: one ``INSERT``
that commits by itself (no ``BEGIN``, no read of the person first), seen at once by another
connection; a person who does not exist is :class:`NotFound` and nothing is stored; many
writers at once, through two engines as two server processes would, all succeed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from tests.integration.test_single_statement import add_person, people, statements
from tests.unit.test_services_profile import at, on
from unknot.adapters.db import make_engine
from unknot.adapters.journey_writes import add_session_log
from unknot.domain.records import ExerciseDone, Person, SessionLog
from unknot.errors import NotFound
from unknot.services.unit_of_work import SqlUnitOfWork


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
