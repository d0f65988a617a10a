"""The journey's JSON API: a token to sign in, the assessment and plan, today with its timed
script, session logs, the diary, progress, export and erasure; errors name the field."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

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
    sign_up,
)
from tests.web.test_today import the_plan
from unknot.services.guided import script_seconds, session_script
from unknot.web.accounts import MAX_FAILURES_PER_ACCOUNT

__all__ = ["app", "clock"]

Headers = dict[str, str]


@pytest.fixture
def api(app: FastAPI) -> tuple[TestClient, Headers]:
    """A program signed in with a token, as a person who has no plan yet."""
    client = browser(app)
    sign_up(client)
    headers = api_token(client)
    client.cookies.clear()
    return client, headers


@pytest.fixture
def planned(api: tuple[TestClient, Headers]) -> tuple[TestClient, Headers]:
    client, headers = api
    response = client.post("/api/v1/assessments", json=ANSWERS, headers=headers)
    assert response.status_code == 201, response.text
    return client, headers


def test_signing_in_gives_a_bearer_token(api: tuple[TestClient, Headers]) -> None:
    client, _ = api
    response = client.post(
        "/api/v1/token", json={"email": "A@example.org", "password": "correct horse battery"}
    )
    body = response.json()
    assert response.status_code == 201
    assert body["token_type"] == "bearer"
    assert len(body["token"]) >= 40
    assert body["expires_at"].startswith("2026-04-01")


@pytest.mark.parametrize(
    "body",
    [
        {"email": "a@example.org", "password": "wrong password!"},
        {"email": "nobody@example.org", "password": "correct horse battery"},
    ],
)
def test_a_wrong_email_or_password_gets_the_same_answer(
    api: tuple[TestClient, Headers], body: dict[str, str]
) -> None:
    client, _ = api
    response = client.post("/api/v1/token", json=body)
    assert response.status_code == 422
    assert response.json() == {
        "error": {"field": "password", "message": "the email or password is not right"}
    }


def test_signing_in_pauses_after_too_many_failures(api: tuple[TestClient, Headers]) -> None:
    client, _ = api
    wrong = {"email": "a@example.org", "password": "wrong password!"}
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        client.post("/api/v1/token", json=wrong)
    paused = client.post(
        "/api/v1/token", json={"email": "a@example.org", "password": "correct horse battery"}
    )
    assert paused.status_code == 429
    assert int(paused.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/plan"),
        ("GET", "/api/v1/today"),
        ("POST", "/api/v1/sessions"),
        ("POST", "/api/v1/diary/pain"),
        ("POST", "/api/v1/assessments"),
        ("GET", "/api/v1/progress"),
        ("GET", "/api/v1/export"),
        ("DELETE", "/api/v1/account"),
        ("DELETE", "/api/v1/token"),
    ],
)
def test_every_personal_route_needs_a_token_and_ignores_the_browsers_cookie(
    app: FastAPI, method: str, path: str
) -> None:
    client = person_with_plan(app)  # signed in by cookie, which the API does not read
    response = client.request(method, path, json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["field"] == "request"
    bad = client.request(method, path, json={}, headers={"Authorization": "Bearer made-up"})
    assert bad.status_code == 401
    if method == "POST":  # 401 comes before anything is said about the body
        assert client.request(method, path, content=b"[1, 2").status_code == 401
        assert client.request(method, path).status_code == 401


def test_before_the_assessment_there_is_no_plan(api: tuple[TestClient, Headers]) -> None:
    client, headers = api
    for path in ("/api/v1/plan", "/api/v1/today"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404
        assert response.json()["error"]["field"] == "plan"


def test_an_assessment_makes_a_plan_from_today(planned: tuple[TestClient, Headers]) -> None:
    client, headers = planned
    plan = client.get("/api/v1/plan", headers=headers).json()
    assert plan["format"] == "unknot.plan/v1"
    assert plan["generated_for"] == "2026-03-02"
    assert len(plan["weeks"]) == 4


def test_an_emergency_assessment_makes_no_plan_and_stops_the_one_there_was(
    planned: tuple[TestClient, Headers],
) -> None:
    client, headers = planned
    emergency = copy.deepcopy(ANSWERS)
    emergency["red_flags"] = {"new_bladder_change": True}
    body = client.post("/api/v1/assessments", json=emergency, headers=headers).json()
    assert body["triage"]["level"] == "emergency"
    assert body["plan"] is None and body["plan_stopped"] is True
    today = client.get("/api/v1/today", headers=headers).json()
    assert today["stopped"]["level"] == "emergency"
    assert today["script"] == []


def test_today_gives_the_day_and_the_players_timed_script(
    planned: tuple[TestClient, Headers],
) -> None:
    client, headers = planned
    today = client.get("/api/v1/today", headers=headers).json()
    assert today["format"] == "unknot.today/v1"
    assert (today["date"], today["status"], today["time_zone"]) == ("2026-03-02", "in_plan", "UTC")
    assert today["day"]["day"] == 1
    assert sum(step["seconds"] for step in today["script"]) > 60
    assert today["logged"]["sessions"] == []
    assert today["safety_net"]


def test_a_session_log_is_stored_with_its_plan_day(planned: tuple[TestClient, Headers]) -> None:
    client, headers = planned
    log = {"date": "2026-03-02", "pain_before": 5, "pain_after": 4, "effort": "too_hard"}
    response = client.post("/api/v1/sessions", json=log, headers=headers)
    assert response.status_code == 201
    assert response.json()["plan_day"] == 1
    logged = client.get("/api/v1/today", headers=headers).json()["logged"]["sessions"]
    assert [entry["effort"] for entry in logged] == ["too_hard"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"effort": "meh"}, "effort"),
        ({"date": "2026-03-03"}, "date"),
        ({"exercises": [{"exercise_id": "cat-cow", "sets_done": 99}]}, "exercises[0].sets_done"),
    ],
)
def test_a_session_log_that_breaks_a_rule_names_the_field(
    planned: tuple[TestClient, Headers], change: dict[str, Any], field: str
) -> None:
    client, headers = planned
    log = {"date": "2026-03-02", "pain_before": 5, "pain_after": 4, "effort": "about_right"}
    response = client.post("/api/v1/sessions", json={**log, **change}, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize(
    ("kind", "body", "answer"),
    [
        ("pain", {"pain": 3}, {"flare": None}),
        ("spasm", {"severity": 5, "minutes": 10, "started_at": "2026-03-02T07:00:00+00:00"},
         {"flare": None}),
        ("steps", {"steps": 4000}, {"added": 1, "updated": 0, "unchanged": 0}),
        ("sitting", {"hours": 6.5}, {}),
        ("sleep", {"hours": 7, "quality": 6, "woken_by_pain": True}, {}),
        ("symptoms", {"legs": {"pain_or_numbness": "one_leg"}}, {"plan_stopped": False}),
        ("score", {"instrument": "rmdq", "answers": {"ticked": [1, 2, 3]}}, {"score": 3.0}),
    ],
)  # fmt: skip
def test_each_kind_of_diary_entry_can_be_logged(
    planned: tuple[TestClient, Headers], kind: str, body: dict[str, Any], answer: dict[str, Any]
) -> None:
    client, headers = planned
    response = client.post(f"/api/v1/diary/{kind}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    for key, value in answer.items():
        assert response.json()[key] == value


@pytest.mark.parametrize(
    ("kind", "body", "status", "field"),
    [
        ("pain", {"pain": 12}, 422, "pain"),
        ("pain", {"pain": 3, "mood": "low"}, 422, "mood"),
        ("steps", {"steps": 10, "date": "2026-03-09"}, 422, "date"),
        ("score", {"instrument": "happiness", "answers": {}}, 404, "instrument"),
        ("mood", {"mood": 3}, 404, "diary entry kind"),
    ],
)
def test_a_diary_entry_that_breaks_a_rule_names_the_field(
    planned: tuple[TestClient, Headers],
    kind: str,
    body: dict[str, Any],
    status: int,
    field: str,
) -> None:
    client, headers = planned
    response = client.post(f"/api/v1/diary/{kind}", json=body, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["field"] == field


def test_much_worse_pain_today_is_answered_with_the_flare_up(
    planned: tuple[TestClient, Headers],
) -> None:
    client, headers = planned
    flare = client.post("/api/v1/diary/pain", json={"pain": 9}, headers=headers).json()["flare"]
    assert flare["relief_dates"] == ["2026-03-02", "2026-03-03"]


def test_new_emergency_symptoms_stop_the_plan(planned: tuple[TestClient, Headers]) -> None:
    client, headers = planned
    body = {"red_flags": {"saddle_numbness": True}}
    answer = client.post("/api/v1/diary/symptoms", json=body, headers=headers).json()
    assert answer["triage"]["level"] == "emergency"
    assert answer["plan_stopped"] is True


def test_progress_reports_in_the_progress_format(
    planned: tuple[TestClient, Headers], clock: Clock
) -> None:
    client, headers = planned
    client.post("/api/v1/diary/pain", json={"pain": 2}, headers=headers)
    report = client.get("/api/v1/progress", params={"days": 7}, headers=headers).json()
    assert report["format"] == "unknot.progress/v1"
    assert (report["start"], report["end"]) == ("2026-02-24", "2026-03-02")
    assert report["pain"]["points"][-1] == {"date": "2026-03-02", "value": 2.0}
    assert client.get("/api/v1/progress", params={"days": 0}, headers=headers).status_code == 422


def test_the_export_is_everything_as_json_or_csv(planned: tuple[TestClient, Headers]) -> None:
    client, headers = planned
    document = client.get("/api/v1/export", headers=headers).json()
    assert document["format"] == "unknot.export/v1"
    assert document["reminder_settings"] is None
    assert len(document["plans"]) == 1
    csv_answer = client.get("/api/v1/export", params={"format": "csv"}, headers=headers)
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_answer.text.startswith("section,record_id,date,field,value\n")
    assert (
        client.get("/api/v1/export", params={"format": "xml"}, headers=headers).status_code == 422
    )


def test_deleting_the_account_erases_everything_and_ends_the_token(
    planned: tuple[TestClient, Headers], home: Path
) -> None:
    client, headers = planned
    answer = client.delete("/api/v1/account", headers=headers)
    assert answer.status_code == 200
    assert answer.json()["deleted"]["people"] == 1
    assert rows(home, "SELECT COUNT(*) FROM people") == [(0,)]
    assert client.get("/api/v1/plan", headers=headers).status_code == 401


def test_signing_a_token_out_ends_it_only(app: FastAPI, api: tuple[TestClient, Headers]) -> None:
    client, headers = api
    other = api_token(client)
    assert client.delete("/api/v1/token", headers=headers).status_code == 204
    assert client.get("/api/v1/export", headers=headers).status_code == 401
    assert client.get("/api/v1/export", headers=other).status_code == 200


def test_today_follows_the_time_zone_saved_on_the_settings_page(app: FastAPI, clock: Clock) -> None:
    client = person_with_plan(app)
    headers = api_token(client)
    post_form(
        client, "/settings", "/settings/reminders",
        {"time_zone": "Pacific/Auckland", "session_time": "08:00", "walk_1": "12:00",
         "alarm_minutes": "10"},
    )  # fmt: skip
    clock.advance(dt.timedelta(hours=3))  # 12:00 UTC is 01:00 on Tuesday in Auckland
    today = client.get("/api/v1/today", headers=headers).json()
    assert (today["date"], today["time_zone"]) == ("2026-03-03", "Pacific/Auckland")


def test_the_script_is_the_guided_sessions_script(
    app: FastAPI, planned: tuple[TestClient, Headers]
) -> None:
    client, headers = planned
    today = client.get("/api/v1/today", headers=headers).json()
    items = the_plan(app).day(dt.date(2026, 3, 2)).items()
    script = session_script(items)
    assert [(step["kind"], step["seconds"]) for step in today["script"]] == [
        (str(step.kind), step.seconds) for step in script
    ]
    assert sum(step["seconds"] for step in today["script"]) == script_seconds(script)


def test_the_openapi_document_describes_the_token_and_the_journey(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    today = document["paths"]["/api/v1/today"]["get"]
    assert today["security"] == [{"HTTPBearer": []}]
    assert "401" in today["responses"]
    assert "404" in today["responses"]
    diary = document["paths"]["/api/v1/diary/{kind}"]["post"]
    for kind in ("pain", "spasm", "steps", "sitting", "sleep", "symptoms", "score"):
        assert f"``{kind}``" in diary["description"]
