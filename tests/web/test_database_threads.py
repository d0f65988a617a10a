"""The event loop never waits for the database: ``GET /today``, the API's sign-in check and
logging a session run their statements in the process's database threads
(:meth:`unknot.web.storage.Storage.call`), and ``/today`` is still drawn in full. Neither
takes a trip through anyio's thread pool as well (each costs more CPU than the read)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio.to_thread
import pytest
from fastapi import FastAPI

from tests.conftest import on_each_statement
from tests.unit.test_services_profile import ANSWERS
from tests.web.journey import api_token, app, browser, clock, sign_up

__all__ = ["app", "clock"]


@contextmanager
def where_statements_run(app: FastAPI) -> Iterator[list[tuple[bool, str]]]:
    """(on the event loop?, thread name) of every statement run inside the block."""
    engine = app.state.web.database.engine
    seen: list[tuple[bool, str]] = []

    def note(*_: Any) -> None:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        seen.append((on_loop, threading.current_thread().name))

    with on_each_statement(engine, note):
        yield seen


def test_today_and_logging_read_and_write_in_the_database_threads(app: FastAPI) -> None:
    client = browser(app)
    sign_up(client)
    headers = api_token(client)
    assert client.post("/api/v1/assessments", json=ANSWERS, headers=headers).status_code == 201
    log = {"date": "2026-03-02", "pain_before": 5, "pain_after": 4, "effort": "too_hard"}
    with where_statements_run(app) as seen:
        page = client.get("/today")
        logged = client.post("/api/v1/sessions", json=log, headers=headers)
    assert page.status_code == 200
    assert "Today" in page.text and 'id="session-form"' in page.text
    assert logged.status_code == 201 and logged.json()["plan_day"] == 1
    assert len(seen) >= 3  # the page's read, the API's sign-in check, the log's insert
    assert not [name for on_loop, name in seen if on_loop]
    assert {name.split("_")[0] for _, name in seen} == {"unknot-db"}


def test_a_bad_token_is_refused_from_the_database_threads_too(app: FastAPI) -> None:
    client = browser(app)
    with where_statements_run(app) as seen:
        response = client.post(
            "/api/v1/sessions", json={}, headers={"Authorization": "Bearer not-a-token"}
        )
    assert response.status_code == 401
    assert seen and not [name for on_loop, name in seen if on_loop]


def test_today_and_logging_take_no_trip_through_anyios_thread_pool(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = browser(app)
    sign_up(client)
    headers = api_token(client)
    assert client.post("/api/v1/assessments", json=ANSWERS, headers=headers).status_code == 201
    client.get("/today")  # the plan restored and kept
    trips: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(function, "__name__", repr(function)))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    assert client.get("/diary").status_code == 200  # a plain-function page: it does take one
    assert trips, "the count sees trips"
    trips.clear()
    log = {"date": "2026-03-02", "pain_before": 5, "pain_after": 4, "effort": "too_hard"}
    assert client.get("/today").status_code == 200
    assert client.post("/api/v1/sessions", json=log, headers=headers).status_code == 201
    assert trips == []
