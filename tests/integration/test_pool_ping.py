"""PostgreSQL's pooled connections: one that sat unused is checked before use and replaced
when the server dropped it, so the next request still works; one in steady use is handed out
without a ping (a ping is a round trip to the server)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from unknot.adapters import db
from unknot.adapters.db import make_engine, single_statement, statement_engines

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres)]
)

IDLE_S = 0.3


@pytest.fixture
def pinged(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Engine, list[int]]]:
    """An engine as unknot makes it, with a short idle limit, and a count of its pings."""
    monkeypatch.setattr(db, "POSTGRES_PING_AFTER_IDLE_S", IDLE_S)
    engine = make_engine(database_url)
    pings: list[int] = []
    for each in statement_engines(engine):
        do_ping = each.dialect.do_ping

        def counted(dbapi_connection: object, do_ping: Any = do_ping) -> bool:
            pings.append(1)
            return bool(do_ping(dbapi_connection))

        monkeypatch.setattr(each.dialect, "do_ping", counted)
    yield engine, pings
    engine.dispose()


def backend_pid(engine: Engine) -> int:
    with single_statement(engine) as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_in_steady_use_is_not_pinged(pinged: tuple[Engine, list[int]]) -> None:
    engine, pings = pinged
    first = backend_pid(engine)
    assert [backend_pid(engine) for _ in range(20)] == [first] * 20
    assert pings == []


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    database_url: str, pinged: tuple[Engine, list[int]]
) -> None:
    engine, pings = pinged
    dropped = backend_pid(engine)
    admin = create_engine(database_url, poolclass=NullPool)
    try:
        with admin.connect() as connection:
            assert connection.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped}
            ).scalar_one()
    finally:
        admin.dispose()
    time.sleep(IDLE_S * 2)
    replaced = backend_pid(engine)  # no error: the dead connection was found and replaced
    assert replaced != dropped
    assert pings, "the idle connection was checked"
    pings.clear()
    assert backend_pid(engine) == replaced
    assert pings == [], "used again at once: not checked"
