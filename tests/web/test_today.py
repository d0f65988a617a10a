"""``/today``: the day's items with their drawings, steps and whys, the timed script for the
player, and the log posted, checked and stored."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient, hidden_fields
from tests.web.journey import (
    Clock,
    api_token,
    app,
    browser,
    clock,
    h1,
    person_with_plan,
    post_form,
    rows,
    session_fields,
    sign_up,
    take_assessment,
)
from unknot.domain.plan.model import long_date
from unknot.services.guided import MAX_SPEED, script_seconds, session_script
from unknot.services.plans import active_plan
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.settings import load_settings
from unknot.web.app import create_app
from unknot.web.security import SESSION_COOKIE

__all__ = ["app", "clock"]


def the_plan(app: FastAPI, person_id: int = 1):  # type: ignore[no-untyped-def]
    with SqlUnitOfWork(app.state.web.database.engine, read_only=True) as uow:
        found = active_plan(uow, person_id)
    assert found is not None
    return found.plan


def player_steps(html: str) -> list[dict[str, object]]:
    found = re.search(r'data-steps="([^"]*)"', html)
    assert found is not None
    return list(json.loads(html_lib.unescape(found.group(1))))


def test_a_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/today", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_without_a_plan_the_page_leads_to_the_assessment(app: FastAPI) -> None:
    client = browser(app)
    sign_up(client)
    page = client.get("/today").text
    assert "You do not have a plan yet" in page
    assert 'href="/assessment"' in page
    assert 'id="session-form"' not in page


def test_the_page_lists_each_item_with_its_dose_drawing_steps_and_why(app: FastAPI) -> None:
    client = person_with_plan(app)
    page = client.get("/today").text
    day = the_plan(app).day(dt.date(2026, 3, 2))
    assert h1(page) == "Today"
    assert long_date(day.date) in page
    for n, item in enumerate(day.items()):
        assert f'id="item-{n}"' in page
        assert html_lib.escape(item.dose.in_words()) in page
        assert html_lib.escape(item.why, quote=False) in page
        reduced = '<source media="(prefers-reduced-motion: reduce)"'
        assert f'{reduced} srcset="/exercises/{item.exercise}/still.svg">' in page
        assert f'src="/exercises/{item.exercise}/illustration.svg"' in page
        assert f'name="sets-{n}" data-sets="{item.dose.sets}"' in page
    assert page.count('name="pain_before"') == 11
    assert page.count('name="pain_after"') == 11
    assert page.count('name="effort"') == 3


def test_each_items_sets_done_start_at_the_whole_dose_for_a_page_without_javascript(
    app: FastAPI,
) -> None:
    page = person_with_plan(app).get("/today").text
    for name, sets in re.findall(r'name="(sets-\d+)" data-sets="(\d+)"', page):
        options = re.search(rf'name="{name}"[^>]*>(.*?)</select>', page, re.S)
        assert options is not None
        assert f'<option value="{sets}" selected>' in options.group(1)


def test_the_player_runs_the_same_timed_script_as_the_terminal(app: FastAPI) -> None:
    page = person_with_plan(app).get("/today").text
    items = the_plan(app).day(dt.date(2026, 3, 2)).items()
    steps = player_steps(page)
    script = session_script(items)
    assert [s["seconds"] for s in steps] == [s.seconds for s in script]
    assert [s["label"] for s in steps] == [s.label() for s in script]
    assert sum(int(str(s["seconds"])) for s in steps) == script_seconds(script)
    minutes = -(-script_seconds(script) // 60)
    assert f"Start the guided session (about {minutes} min)" in page
    assert 'data-speed="1.0"' in page


@pytest.mark.parametrize(
    ("test_mode", "asked", "speed"),
    [
        (False, "50", "1.0"),
        (True, "50", "50.0"),
        (True, "0", "1.0"),
        (True, "-3", "1.0"),
        (True, str(MAX_SPEED), str(MAX_SPEED)),
        (True, str(MAX_SPEED * 2), "1.0"),
        (True, "fast", "1.0"),
        (True, "nan", "1.0"),
    ],
)
def test_a_fast_clock_is_only_for_an_app_in_test_mode(
    home: Path, clock: Clock, test_mode: bool, asked: str, speed: str
) -> None:
    made = create_app(load_settings(home=home, database_url=None), clock=clock, test_mode=test_mode)
    with browser(made) as client:
        sign_up(client)
        take_assessment(client)
        page = client.get("/today", params={"speed": asked}).text
    assert f'data-speed="{speed}"' in page


def test_a_logged_session_is_stored_with_the_sets_done_and_the_walk(
    app: FastAPI, home: Path
) -> None:
    client = person_with_plan(app)
    page = client.get("/today").text
    data = session_fields(page)
    data["sets-0"] = "1"
    data["walk_minutes"] = "15"
    response = client.post("/today", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/today?saved=2026-03-02"
    saved = client.get(response.headers["location"]).text
    assert "Saved: your session of 2026-03-02." in saved
    assert "You have logged 1 session today." in saved
    [(exercises, pain_before, pain_after, effort, plan_day)] = rows(
        home,
        "SELECT exercises, pain_before, pain_after, effort, plan_day FROM session_logs",
    )
    done = json.loads(exercises) if isinstance(exercises, str) else exercises
    assert (pain_before, pain_after, effort, plan_day) == (4, 3, "about_right", 1)
    assert done[0]["sets_done"] == 1
    assert done[-1] == {
        "exercise_id": "walking",
        "sets_done": 1,
        "reps_done": None,
        "hold_seconds_done": None,
        "minutes_done": 15,
        "skipped": False,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"pain_before": ""}, "pain_before", "choose your pain before the session"),
        ({"pain_after": ""}, "pain_after", "choose your pain after the session"),
        ({"pain_after": "eleven"}, "pain_after", "give a whole number, not &#39;eleven&#39;"),
        ({"pain_after": "11"}, "pain_after", "less than or equal to 10"),
        ({"effort": "easy-peasy"}, "effort", "choose how hard the session felt"),
        ({"sets-0": "99"}, "sets-0", "must be from 0 to"),
        ({"walk_minutes": "a while"}, "walk_minutes", "give a whole number"),
        ({"date": "2026-03-03"}, "date", "is after today"),
    ],
)
def test_a_log_that_breaks_a_rule_comes_back_with_the_problem_next_to_its_field(
    app: FastAPI, home: Path, change: dict[str, str], field: str, message: str
) -> None:
    client = person_with_plan(app)
    data = session_fields(client.get("/today").text)
    data.update(change)
    response = client.post("/today", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert f'href="#{field}-input"' in response.text, "the summary links to the field"
    assert rows(home, "SELECT COUNT(*) FROM session_logs") == [(0,)]


def test_the_answers_sent_are_kept_when_the_page_comes_back(app: FastAPI) -> None:
    client = person_with_plan(app)
    data = session_fields(client.get("/today").text)
    data.update({"pain_before": "7", "effort": "", "sets-0": "0"})
    page = client.post("/today", data=data).text
    assert 'name="pain_before" value="7" checked' in page
    assert '<option value="0" selected>0 (skipped)</option>' in page


def test_a_session_log_made_offline_yesterday_is_stored_for_yesterday(
    app: FastAPI, clock: Clock, home: Path
) -> None:
    client = person_with_plan(app)
    data = session_fields(client.get("/today").text)
    clock.advance(dt.timedelta(days=1))
    response = client.post("/today", data=data, follow_redirects=False)
    assert response.headers["location"] == "/today?saved=2026-03-02"
    assert rows(home, "SELECT day, plan_day FROM session_logs") == [("2026-03-02", 1)]


def test_a_plan_stopped_by_new_symptoms_shows_what_to_do_and_no_session(app: FastAPI) -> None:
    client = person_with_plan(app)
    stopped = post_form(
        client, "/diary", "/diary/symptoms", {"red_flags.new_bladder_change": "yes"}
    )
    assert h1(stopped.text) == "Get help now"
    page = client.get("/today").text
    assert "Your plan was stopped on 2026-03-02" in page
    assert 'id="session-form"' not in page
    assert 'href="tel:999"' in page


def test_the_day_follows_the_persons_time_zone(app: FastAPI, clock: Clock) -> None:
    client = person_with_plan(app)
    clock.advance(dt.timedelta(hours=14, minutes=30))  # 23:30 UTC on Monday
    assert "Monday 2 March" in client.get("/today").text
    post_form(
        client,
        "/settings",
        "/settings/reminders",
        {"time_zone": "Asia/Tokyo", "session_time": "08:00", "walk_1": "12:00",
         "alarm_minutes": "10"},
    )  # fmt: skip
    page = client.get("/today").text
    assert "Tuesday 3 March" in page
    assert hidden_fields(page)["date"] == "2026-03-03"


def test_signing_out_everywhere_in_one_server_process_ends_today_at_once_in_another(
    home: Path, clock: Clock
) -> None:
    first = create_app(load_settings(home=home, database_url=None), clock=clock)
    second = create_app(load_settings(home=home, database_url=None), clock=clock)
    laptop = person_with_plan(first)
    with browser(second) as phone:
        phone.cookies.set(SESSION_COOKIE, laptop.cookies[SESSION_COOKIE])
        bearer = api_token(phone)
        assert phone.get("/today").status_code == 200
        assert phone.get("/api/v1/today", headers=bearer).status_code == 200
        post_form(laptop, "/account", "/logout/everywhere", {})
        assert phone.get("/today", follow_redirects=False).headers["location"] == "/login"
        assert phone.get("/api/v1/today", headers=bearer).status_code == 401
        assert phone.post("/api/v1/sessions", headers=bearer, json={}).status_code == 401
        assert "Sign in" in phone.get("/learn").text
