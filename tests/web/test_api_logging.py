"""Logging a session with an API token this server process checked before: the sign-in check
and the write are one statement, and the log is stored only while the database still agrees
with what the process found then. Whatever another process changed in between (a new time
zone, a new plan, signing out everywhere) is followed at once, as on the first log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.integration.test_single_statement import statements
from tests.unit.test_services_profile import ANSWERS
from tests.web.conftest import TestClient
from tests.web.journey import (
    Clock,
    api_token,
    app,
    browser,
    clock,
    person_with_plan,
    post_form,
    rows,
)
from unknot.settings import load_settings
from unknot.web.app import create_app

__all__ = ["app", "clock"]

Headers = dict[str, str]


def a_log(date: str = "2026-03-02", **changes: Any) -> dict[str, Any]:
    return {"date": date, "pain_before": 5, "pain_after": 4, "effort": "about_right", **changes}


def test_a_second_log_with_a_token_is_one_insert(app: FastAPI) -> None:
    client = person_with_plan(app)
    headers = api_token(client)
    client.cookies.clear()
    first = client.post("/api/v1/sessions", json=a_log(notes="first"), headers=headers)
    with statements(app.state.web.database.engine) as seen:
        second = client.post("/api/v1/sessions", json=a_log(notes="second"), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO SESSION_LOGS"), seen
    assert "WEB_SESSIONS" in seen[0]
    assert first.json()["plan_day"] == second.json()["plan_day"] == 1
    logged = client.get("/api/v1/today", headers=headers).json()["logged"]["sessions"]
    assert sorted(entry["notes"] for entry in logged) == ["first", "second"]


def test_a_known_token_is_still_refused_first_and_a_bad_log_still_names_its_field(
    app: FastAPI,
) -> None:
    client = person_with_plan(app)
    headers = api_token(client)
    client.cookies.clear()
    assert client.post("/api/v1/sessions", json=a_log(), headers=headers).status_code == 201
    future = client.post("/api/v1/sessions", json=a_log("2026-03-03"), headers=headers)
    assert future.status_code == 422 and future.json()["error"]["field"] == "date"
    bad = {"Authorization": headers["Authorization"] + "x"}
    assert client.post("/api/v1/sessions", json=a_log(), headers=bad).status_code == 401
    assert client.post("/api/v1/sessions", json=a_log(), headers=headers).status_code == 201


@pytest.fixture
def two_processes(home: Path, clock: Clock) -> Iterator[tuple[TestClient, TestClient, Headers]]:
    """Two server processes on one database (two apps), the person signed in on the second
    with a browser, and a token that the first has already checked (it logged once)."""
    first = create_app(load_settings(home=home, database_url=None), clock=clock)
    second = create_app(load_settings(home=home, database_url=None), clock=clock)
    laptop = person_with_plan(second)
    headers = api_token(laptop)
    with browser(first) as program:
        assert program.post("/api/v1/sessions", json=a_log(), headers=headers).status_code == 201
        yield program, laptop, headers


def test_a_time_zone_saved_in_another_process_sets_today_for_the_next_log(
    two_processes: tuple[TestClient, TestClient, Headers], clock: Clock
) -> None:
    program, laptop, headers = two_processes
    clock.advance(dt.timedelta(hours=14, minutes=30))  # 23:30 UTC on Monday
    tuesday = a_log("2026-03-03")
    assert program.post("/api/v1/sessions", json=tuesday, headers=headers).status_code == 422
    reminders = {"session_time": "08:00", "walk_1": "12:00", "alarm_minutes": "10"}
    post_form(laptop, "/settings", "/settings/reminders", {**reminders, "time_zone": "Asia/Tokyo"})
    logged = program.post("/api/v1/sessions", json=tuesday, headers=headers)
    assert logged.status_code == 201 and logged.json()["plan_day"] == 2
    post_form(laptop, "/settings", "/settings/reminders", {**reminders, "time_zone": "UTC"})
    again = program.post("/api/v1/sessions", json=tuesday, headers=headers)
    assert again.status_code == 422 and again.json()["error"]["field"] == "date"


def test_a_plan_made_in_another_process_numbers_the_next_log(
    two_processes: tuple[TestClient, TestClient, Headers], clock: Clock
) -> None:
    program, laptop, headers = two_processes
    clock.advance(dt.timedelta(days=1))  # Tuesday: day 2 of the first plan
    before = program.post("/api/v1/sessions", json=a_log("2026-03-03"), headers=headers)
    assert before.status_code == 201 and before.json()["plan_day"] == 2
    made = laptop.post("/api/v1/assessments", json=ANSWERS, headers=headers)
    assert made.status_code == 201 and made.json()["plan"] is not None
    after = program.post("/api/v1/sessions", json=a_log("2026-03-03"), headers=headers)
    assert after.status_code == 201 and after.json()["plan_day"] == 1


def test_signing_out_everywhere_in_another_process_refuses_the_next_log(
    two_processes: tuple[TestClient, TestClient, Headers], home: Path
) -> None:
    program, laptop, headers = two_processes
    count = "SELECT COUNT(*) FROM session_logs"
    assert rows(home, count) == [(1,)]
    post_form(laptop, "/account", "/logout/everywhere", {})
    refused = program.post("/api/v1/sessions", json=a_log(), headers=headers)
    assert refused.status_code == 401
    assert rows(home, count) == [(1,)]
