"""``/settings``: reminder times and time zone, the calendar file, exporting everything, and
deleting the account after a confirmation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from icalendar import Calendar

from tests.web.conftest import TestClient
from tests.web.journey import (
    app,
    clock,
    h1,
    person_with_plan,
    post_form,
    rows,
    session_fields,
    sign_up,
)
from tests.web.journey import browser as new_browser
from unknot.web.security import SESSION_COOKIE

__all__ = ["app", "clock"]

REMINDERS = {
    "time_zone": "Europe/Madrid",
    "session_time": "07:15",
    "walk_1": "11:00",
    "walk_2": "16:45",
    "walk_3": "",
    "alarm_minutes": "30",
}


@pytest.fixture
def person(app: FastAPI) -> TestClient:
    return person_with_plan(app)


def save(client: TestClient, **changes: str) -> Any:
    return post_form(
        client, "/settings", "/settings/reminders", {**REMINDERS, **changes}, follow_redirects=False
    )


@pytest.mark.parametrize(
    "path",
    ["/settings", "/settings/calendar.ics", "/settings/export.json", "/settings/export.csv",
     "/settings/delete"],
)  # fmt: skip
def test_a_visitor_is_sent_to_sign_in(client: TestClient, path: str) -> None:
    assert client.get(path, follow_redirects=False).headers["location"] == "/login"


def test_reminder_times_are_saved_and_shown_again(person: TestClient) -> None:
    response = save(person)
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?saved=1#reminders"
    page = person.get(response.headers["location"]).text
    assert "Saved your reminder times." in page
    for name in ("time_zone", "session_time", "walk_1", "walk_2"):
        assert f'name="{name}" value="{REMINDERS[name]}"' in page
    assert 'name="walk_3" value=""' in page
    assert '<option value="30" selected>30 minutes before</option>' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_zone": "Europe/Atlantis"}, "time_zone", "is not a time zone name"),
        ({"session_time": "7.15am"}, "session_time", "give a time as HH:MM"),
        ({"session_time": ""}, "session_time", "give a time as HH:MM"),
        ({"walk_2": "11:00"}, "walk_1", "give each walk its own time"),
        ({"alarm_minutes": "500"}, "alarm_minutes", "less than or equal to 120"),
    ],
)
def test_a_setting_that_breaks_a_rule_is_explained_next_to_its_field(
    person: TestClient, home: Path, changes: dict[str, str], field: str, message: str
) -> None:
    response = save(person, **changes)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert rows(home, "SELECT COUNT(*) FROM reminder_settings") == [(0,)]


def test_the_calendar_has_the_plans_sessions_and_walks_at_the_times_set(
    person: TestClient,
) -> None:
    save(person)
    response = person.get("/settings/calendar.ics")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="unknot-plan.ics"'
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    times = {e.decoded("dtstart").astimezone(madrid).time() for e in events}
    assert times <= {dt.time(7, 15), dt.time(11, 0), dt.time(16, 45)}
    assert dt.time(7, 15) in times and dt.time(11, 0) in times
    assert min(e.decoded("dtstart").date() for e in events) == dt.date(2026, 3, 2)
    session = next(e for e in events if "-session-" in str(e["uid"]))
    assert "http://testserver/today" in str(session["description"])
    assert session.subcomponents[0].decoded("trigger") == -dt.timedelta(minutes=30)


def test_without_a_plan_the_page_asks_for_the_assessment_first(app: FastAPI) -> None:
    client = new_browser(app)
    sign_up(client)
    page = client.get("/settings").text
    assert "You need a plan first." in page
    assert (
        list(Calendar.from_ical(client.get("/settings/calendar.ics").content).walk("VEVENT")) == []
    )


def test_the_json_export_holds_everything_kept(person: TestClient) -> None:
    save(person)
    person.post("/today", data=session_fields(person.get("/today").text))
    response = person.get("/settings/export.json")
    assert response.headers["content-disposition"] == (
        'attachment; filename="unknot-export-2026-03-02.json"'
    )
    document = response.json()
    assert document["format"] == "unknot.export/v1"
    assert document["person"]["email"] == "a@example.org"
    assert len(document["assessments"]) == 1 and len(document["plans"]) == 1
    assert len(document["session_logs"]) == 1
    assert document["reminder_settings"]["time_zone"] == "Europe/Madrid"


def test_the_csv_export_is_one_long_table(person: TestClient) -> None:
    save(person)
    response = person.get("/settings/export.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == ["section", "record_id", "date", "field", "value"]
    assert [row[3:] for row in table if row[0] == "person" and row[3] == "email"] == [
        ["email", "a@example.org"]
    ]
    assert ["reminder_settings", "", "", "time_zone", "Europe/Madrid"] in table


def test_deleting_needs_the_box_ticked(person: TestClient, home: Path) -> None:
    assert h1(person.get("/settings/delete").text) == "Delete your account"
    response = post_form(person, "/settings/delete", "/settings/delete", {})
    assert response.status_code == 422
    assert "tick the box to confirm" in response.text
    assert rows(home, "SELECT COUNT(*) FROM people") == [(1,)]


def test_deleting_erases_everything_and_signs_out(person: TestClient, home: Path) -> None:
    save(person)
    post_form(person, "/diary", "/diary/pain", {"pain": "3"})
    response = post_form(person, "/settings/delete", "/settings/delete", {"confirm": "yes"})
    assert response.status_code == 200
    assert h1(response.text) == "Your account is deleted"
    assert response.headers["clear-site-data"] == '"cache", "storage"'
    assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]
    assert 'href="/login"' in response.text, "the page is drawn signed out"
    for table in ("people", "accounts", "web_sessions", "assessments", "plans", "pain_entries",
                  "reminder_settings"):  # fmt: skip
        assert rows(home, f"SELECT COUNT(*) FROM {table}") == [(0,)], table
    assert person.get("/today", follow_redirects=False).headers["location"] == "/login"
    again = post_form(
        new_browser(person.app),  # type: ignore[arg-type]
        "/login",
        "/login",
        {"email": "a@example.org", "password": "correct horse battery"},
    )
    assert again.status_code == 422
