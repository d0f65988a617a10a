"""Real databases for integration tests: SQLite always, PostgreSQL whenever it is reachable.

PostgreSQL: each test session creates its own database (``unknot_test_<random hex>``) through
the server's maintenance database and drops it at the end, so parallel runs and other suites
never share rows; tests that share it are emptied after each test. Point the tests at another
server with ``UNKNOT_TEST_POSTGRES_URL`` (its database is used only to create and drop ours).
An unreachable server skips these tests locally and fails them under ``CI=true``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tests.conftest import missing_infrastructure
from unknot.adapters.db import make_engine
from unknot.migrations import target_metadata, upgrade
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.unit_of_work import SqlUnitOfWork, UnitOfWork
from unknot.settings import normalise_database_url

POSTGRES_URL_VARIABLE = "UNKNOT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""Every SQL backend, for ``pytest.mark.parametrize`` or fixture ``params``."""


def postgres_server_url() -> URL:
    return make_url(
        normalise_database_url(os.environ.get(POSTGRES_URL_VARIABLE, DEFAULT_POSTGRES_URL))
    )


class PostgresServer:
    """Creates fresh databases on the server and drops them all at the end."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self._admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self._created: list[str] = []

    def check_reachable(self) -> bool:
        try:
            with self._admin.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError:
            return False
        return True

    def create_database(self) -> str:
        """A new, empty database; its URL."""
        name = f"unknot_test_{secrets.token_hex(6)}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin.connect() as connection:
            for name in self._created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(postgres_server_url())
    if not server.check_reachable():
        server.drop_all()
        where = postgres_server_url().render_as_string(hide_password=True)
        missing_infrastructure(
            f"PostgreSQL is not reachable at {where} "
            f"(start it, or set {POSTGRES_URL_VARIABLE} to a server you can create databases on)"
        )
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def postgres_shared_url(postgres_server: PostgresServer) -> str:
    """This session's migrated database, emptied after each test that uses it."""
    url = postgres_server.create_database()
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return url


def empty_all_tables(url: str) -> None:
    tables = ", ".join(table.name for table in target_metadata().sorted_tables)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def migrated_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of ``backend`` for one test."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'unknot.db'}"
        engine = make_engine(url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        return url
    url = str(request.getfixturevalue("postgres_shared_url"))
    request.addfinalizer(lambda: empty_all_tables(url))
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database with no rows, on each backend."""
    return migrated_url(backend, request, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that was never migrated (no tables at all), on each backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


UowFactory = Callable[[], UnitOfWork]


@pytest.fixture(params=["fake", *BACKENDS])
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UowFactory]:
    """Makes units of work on one store: the in-memory fake, SQLite or PostgreSQL.

    The storage contract holds for all three, so services can be unit-tested on the fake.
    """
    if request.param == "fake":
        store = FakeStore()
        yield lambda: FakeUnitOfWork(store)
        return
    engine = make_engine(migrated_url(request.param, request, tmp_path))
    yield lambda: SqlUnitOfWork(engine)
    engine.dispose()
