"""One-statement reads (:func:`unknot.adapters.db.single_statement`) on SQLite and PostgreSQL:
no transaction around the statement, and the pooled connection goes back to transactions
as before, so a unit of work after it still saves nothing without a commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from tests.conftest import on_each_statement
from tests.unit.test_services_profile import at, on
from unknot.adapters.db import BEGIN_OPTION, make_engine, single_statement
from unknot.adapters.orm import PersonRow
from unknot.domain.records import Person
from unknot.services.unit_of_work import SqlUnitOfWork


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL the engine's cursors run inside the block."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]).strip().upper())

    with on_each_statement(engine, note):
        yield seen


def people(engine: Engine) -> int:
    with single_statement(engine) as connection:
        return int(connection.execute(select(func.count()).select_from(PersonRow)).scalar_one())


def add_person(engine: Engine, email: str, *, commit: bool) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.people.add(Person(created_at=at(on(0)), email=email))
        if commit:
            uow.commit()


def test_a_one_statement_read_runs_without_begin_and_sees_what_was_committed(
    engine: Engine,
) -> None:
    add_person(engine, "a@example.org", commit=True)
    with statements(engine) as seen:
        assert people(engine) == 1
    assert not [sql for sql in seen if sql.startswith(("BEGIN", "ROLLBACK", "COMMIT"))]
    assert len(seen) == 1
    if engine.dialect.name == "postgresql":
        with single_statement(engine) as connection:
            assert connection.connection.dbapi_connection.autocommit is True  # type: ignore[union-attr]


def test_a_plain_read_still_begins_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'unknot.db'}")
    try:
        with statements(engine) as seen, engine.connect() as connection:
            connection.execute(select(1))
        assert seen[0] == "BEGIN DEFERRED"
        with statements(engine) as seen, single_statement(engine) as connection:
            connection.execute(select(1))
        assert seen == ["SELECT 1"]
    finally:
        engine.dispose()


def test_after_a_one_statement_read_the_same_connection_keeps_transactions(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        with single_statement(engine) as connection:
            read_on = connection.connection.dbapi_connection
        for _ in range(3):
            people(engine)
            add_person(engine, "never@example.org", commit=False)
            assert people(engine) == 0
        add_person(engine, "kept@example.org", commit=True)
        assert people(engine) == 1
        with SqlUnitOfWork(engine) as uow:
            connection = uow._active_session().connection()  # noqa: SLF001 - the test's subject
            if engine.dialect.name == "postgresql":
                # One-statement reads have their own pool, in autocommit mode for life.
                assert read_on.autocommit is True  # type: ignore[union-attr]
                assert connection.connection.dbapi_connection is not read_on
                assert connection.connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]
            else:
                # One thread, one connection at a time: the pool hands back the one the reads
                # used.
                assert connection.connection.dbapi_connection is read_on
                assert connection.get_execution_options().get(BEGIN_OPTION) == "IMMEDIATE"
                assert connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
    finally:
        engine.dispose()
