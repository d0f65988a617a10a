"""Engines: the embedded SQLite file (WAL) or a PostgreSQL server, set up for safe writes.

Build one engine per process at start-up (:func:`open_database` or :func:`create_engine_for`)
and share it; nothing here runs at import time.

SQLite
    ``journal_mode=WAL`` (readers never block the writer), ``synchronous=FULL`` (a commit is on
    disk before it returns, so an acknowledged write survives a crash or power cut),
    ``foreign_keys=ON`` and a ``busy_timeout`` so that concurrent writers wait instead of
    failing. Transactions are started by unknot, not by the driver, so that DDL (migrations)
    is transactional too; a unit of work that will write begins with ``BEGIN IMMEDIATE`` to
    take the write lock up front (no deadlock between two read-then-write transactions).
    Connections are not pinged before use: a file cannot drop a connection the way a server
    can, so the ping would be a query for nothing on every checkout.

PostgreSQL
    A small connection pool, recycled every half hour, so that several stateless server
    processes can share one database; a connection that sat unused for a few seconds is checked
    before use (:func:`ping_when_idle`).

One-statement reads and writes
    :func:`single_statement` runs a statement that stands alone without a transaction around
    it (autocommit): one statement already sees one consistent snapshot on both databases, so
    the ``BEGIN`` and the ``ROLLBACK`` of a read would only cost two more round trips to
    PostgreSQL; a one-row write commits by itself (:mod:`unknot.adapters.journey_writes`).
    On PostgreSQL these run on a second pool of the same size whose connections are in
    autocommit mode from the start (see :func:`statement_engines`): switching a connection of
    the first pool to autocommit and back at each use took about a tenth of the CPU of a page
    view.
"""

from __future__ import annotations

import os
import sqlite3
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from unknot.settings import Settings

SQLITE_BUSY_TIMEOUT_MS: Final = 10_000
"""How long a SQLite writer waits for another writer's lock before giving up."""

POSTGRES_POOL_SIZE: Final = 5
"""Connections each process keeps open to PostgreSQL."""

POSTGRES_MAX_OVERFLOW: Final = 10
"""Extra connections a process may open at a peak, closed again when returned."""

POSTGRES_POOL_RECYCLE_S: Final = 1800
"""Connections older than this are replaced (servers and proxies drop idle ones)."""

POSTGRES_CONNECT_TIMEOUT_S: Final = 10
"""Fail start-up after this long when the server does not answer."""

POSTGRES_PING_AFTER_IDLE_S: Final = 5.0
"""[DESIGN] A pooled PostgreSQL connection that sat unused this long is checked (one round
trip) before it is handed out, and replaced if the server or the network dropped it. One in
steady use is not: a ping before every statement doubled the round trips of a page view, and
a connection used a moment ago is very likely still there (if not, that one request fails and
the pool replaces every connection it had opened before)."""

_IDLE_SINCE: Final = "unknot_idle_since"
"""Where a pooled connection's record notes when it was last handed back."""

HOME_MODE: Final = 0o700
"""``UNKNOT_HOME`` holds health data: only its owner may read it."""

BEGIN_OPTION: Final = "unknot_sqlite_begin"
"""Execution option naming how a SQLite transaction begins: ``DEFERRED``, ``IMMEDIATE``, or
:data:`NO_BEGIN`."""

NO_BEGIN: Final = "NONE"
""":data:`BEGIN_OPTION` of :func:`single_statement`: no ``BEGIN``, so the statement runs on its
own. (SQLAlchemy's ``AUTOCOMMIT`` isolation level is not used on SQLite: when the connection
goes back to the pool it would hand transactions back to the driver.)"""


def is_sqlite(url: str | URL) -> bool:
    """True for ``sqlite://`` URLs."""
    return make_url(url).get_backend_name() == "sqlite"


def ensure_private_directory(path: Path) -> None:
    """Create ``path`` (and parents) readable only by its owner; tighten it if it exists."""
    path.mkdir(mode=HOME_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != HOME_MODE:
        os.chmod(path, HOME_MODE)


def _sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def _ensure_wal(cursor: Any) -> None:
    """Switch the file to WAL mode (it stays so). Only the first connection to a new file does
    the switch; a connection racing it can get "database is locked" from the pragma without the
    busy handler being asked, so it retries until the busy timeout has passed."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _on_sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy (the "begin" listener below) start transactions, not the driver: the
    # driver would run DDL outside any transaction and start reads in none.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _ensure_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode == NO_BEGIN:
        return  # the statement runs on its own (the driver never begins: see _on_sqlite_connect)
    if mode not in {"DEFERRED", "IMMEDIATE"}:
        raise ValueError(f"{BEGIN_OPTION} must be DEFERRED, IMMEDIATE or {NO_BEGIN}, not {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with unknot's settings for its database (see the module doc).

    For a SQLite file, its directory is created (owner-only) if it does not exist.
    """
    url = make_url(url)
    if is_sqlite(url):
        path = _sqlite_file(url)
        if path is not None:
            ensure_private_directory(path.parent)
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    engine = _postgres_engine(url, echo=echo)
    autocommit = _postgres_engine(url, echo=echo, isolation_level="AUTOCOMMIT")
    _AUTOCOMMIT_ENGINES[engine] = autocommit
    event.listen(engine, "engine_disposed", lambda _engine: autocommit.dispose())
    return engine


_AUTOCOMMIT_ENGINES: Final[weakref.WeakKeyDictionary[Engine, Engine]] = weakref.WeakKeyDictionary()
"""Each PostgreSQL engine of :func:`make_engine` and its twin for :func:`single_statement`."""


def _postgres_engine(url: URL, *, echo: bool, **options: Any) -> Engine:
    engine = create_engine(
        url,
        echo=echo,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        pool_recycle=POSTGRES_POOL_RECYCLE_S,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, "application_name": "unknot"},
        **options,
    )
    ping_when_idle(engine, POSTGRES_PING_AFTER_IDLE_S)
    return engine


def statement_engines(engine: Engine) -> tuple[Engine, ...]:
    """``engine`` and, for a PostgreSQL engine of :func:`make_engine`, the twin that
    :func:`single_statement` uses: the same database and pool settings, its connections in
    autocommit mode for life. Disposing of ``engine`` disposes of the twin too. (For whoever
    listens to the statements run, as some tests do.)"""
    autocommit = _AUTOCOMMIT_ENGINES.get(engine)
    return (engine,) if autocommit is None else (engine, autocommit)


def ping_when_idle(engine: Engine, idle_s: float) -> None:
    """Check a pooled connection that sat unused for ``idle_s`` seconds before handing it out
    (see :data:`POSTGRES_PING_AFTER_IDLE_S`); a dead one is replaced by a new one."""

    def note_idle(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def ping(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"a pooled connection was dropped: {error}") from error

    event.listen(engine, "checkin", note_idle)
    event.listen(engine, "checkout", ping)


def single_statement(engine: Engine) -> Connection:
    """A connection for one statement that stands alone (use it in a ``with`` block): it runs
    without ``BEGIN`` and ``ROLLBACK`` around it (see the module doc). A read sees one
    snapshot; a write commits by itself when the statement ends (on SQLite with the file's
    write lock held only inside that one call into SQLite). Never for several statements that
    must agree, nor for writes that must stand or fall together."""
    if engine.dialect.name == "sqlite":
        return engine.connect().execution_options(**{BEGIN_OPTION: NO_BEGIN})
    autocommit = _AUTOCOMMIT_ENGINES.get(engine)
    if autocommit is not None:
        return autocommit.connect()
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def create_engine_for(settings: Settings, *, echo: bool = False) -> Engine:
    """The engine for the settings' database; creates ``UNKNOT_HOME`` (mode 0700) for SQLite."""
    if settings.uses_local_file:
        ensure_private_directory(settings.home)
    return make_engine(settings.effective_database_url, echo=echo)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for units of work: objects stay readable after commit, no autoflush surprises."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


class SqlTransaction:
    """One transaction for a unit of work of the web app's own stores (accounts, reminder
    settings): nothing is saved unless :meth:`commit` is called. A SQLite transaction takes the
    write lock when it begins (so writers queue instead of failing), unless it is
    ``read_only``. Subclasses attach their repositories to :meth:`_begin`'s session in
    ``__enter__``."""

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._session: Session | None = None

    def _begin(self) -> Session:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; make a new one")
        bind = self._engine
        if bind.dialect.name == "sqlite" and not self._read_only:
            bind = bind.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        self._session = Session(bind=bind, expire_on_commit=False)
        return self._session

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._require()
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None

    def commit(self) -> None:
        self._require().commit()

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session
