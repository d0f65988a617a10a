"""The JSON API under /api/v1: the formats of the spec, errors naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import TestClient
from unknot.content.exercises import load_exercises
from unknot.domain.answers import parse_answers
from unknot.domain.triage import triage

ANSWERS = Path(__file__).resolve().parents[1] / "fixtures" / "answers"


def _ordinary() -> dict[str, Any]:
    return {
        "format": "unknot.assessment/v1",
        "age": 45,
        "episode": {"onset": "sudden", "trigger": "lifting", "duration_days": 3},
        "pain": {"now": 6, "worst_24h": 8},
        "lifestyle": {"sitting_hours_per_day": 8, "work": "desk"},
    }


def test_triage_returns_the_triage_format(client: TestClient) -> None:
    response = client.post("/api/v1/triage", json=_ordinary())
    assert response.status_code == 200
    body = response.json()
    assert body["format"] == "unknot.triage/v1"
    assert body["level"] == "self-manage"
    assert body["rules"] == ["SM-NONE"]
    assert body["safety_net"]
    assert body["warnings"] == []


def test_triage_of_an_emergency_answer_is_an_emergency(client: TestClient) -> None:
    answers = _ordinary() | {"red_flags": {"saddle_numbness": True}}
    body = client.post("/api/v1/triage", json=answers).json()
    assert body["level"] == "emergency"
    assert "E-CES-SADDLE" in body["rules"]


def test_triage_warns_about_fields_it_does_not_know(client: TestClient) -> None:
    body = client.post("/api/v1/triage", json=_ordinary() | {"mood": "grumpy"}).json()
    assert body["warnings"]
    assert "mood" in body["warnings"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain": {"now": 11}}, "pain.now"),
        ({"age": 15}, "age"),
        ({"legs": {"weakness": "three_legs"}}, "legs.weakness"),
    ],
)
def test_invalid_answers_are_422_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/triage", json=_ordinary() | change)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field
    assert error["message"]


def test_answers_without_an_age_are_422_naming_age(client: TestClient) -> None:
    answers = _ordinary()
    del answers["age"]
    response = client.post("/api/v1/triage", json=answers)
    assert response.status_code == 422
    assert response.json() == {"error": {"field": "age", "message": "this field is required"}}


def test_a_body_that_is_not_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/triage", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "(body)"


def test_every_answers_fixture_triages_as_the_command_line_does(client: TestClient) -> None:
    files = sorted(ANSWERS.glob("*.json"))
    assert files
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        response = client.post("/api/v1/triage", json=data)
        if response.status_code == 422:
            continue
        expected = triage(parse_answers(data)[0]).as_json()
        body = response.json()
        body.pop("warnings")
        assert body == expected, path.name


@pytest.mark.parametrize(
    ("instrument", "answers", "expected"),
    [
        ("nrs", {"score": 7}, {"score": 7}),
        ("rmdq", {"ticked": [1, 5, 12]}, {"score": 3}),
        ("psfs", {"activities": {"socks": 4, "sitting": 6}}, {"score": 5.0}),
        (
            "startback",
            {
                "q1": "agree",
                "q2": "disagree",
                "q3": "disagree",
                "q4": "disagree",
                "q5": "disagree",
                "q6": "disagree",
                "q7": "disagree",
                "q8": "disagree",
                "q9": "moderately",
            },
            {"total": 1, "psychosocial": 0, "risk": "low"},
        ),
    ],
)
def test_score_returns_the_spec_result(
    client: TestClient, instrument: str, answers: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = client.post(f"/api/v1/score/{instrument}", json=answers)
    assert response.status_code == 200
    assert response.json() == expected


def test_an_odi_with_too_few_sections_is_422(client: TestClient) -> None:
    answers = {"pain_intensity": 2, "personal_care": 1}
    response = client.post("/api/v1/score/odi", json=answers)
    assert response.status_code == 422


def test_an_out_of_range_score_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/score/nrs", json={"score": 12})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "score"


def test_an_unknown_instrument_is_404_naming_the_known_ones(client: TestClient) -> None:
    response = client.post("/api/v1/score/oswestry", json={})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["field"] == "instrument"
    assert "odi" in error["message"]


def test_the_exercise_list_has_every_exercise_with_its_dose(client: TestClient) -> None:
    body = client.get("/api/v1/exercises").json()
    assert [ex["id"] for ex in body] == [ex.id for ex in load_exercises()]
    walking = next(ex for ex in body if ex["id"] == "walking")
    assert walking["dose"]
    assert walking["references"][0]["citation"]


def test_one_exercise_and_an_unknown_one(client: TestClient) -> None:
    assert client.get("/api/v1/exercises/cat-cow").json()["name"]
    response = client.get("/api/v1/exercises/cat-dog")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "exercise"


def test_articles_can_be_listed_searched_and_read(client: TestClient) -> None:
    everything = client.get("/api/v1/articles").json()
    assert len(everything) > 10
    found = client.get("/api/v1/articles", params={"q": "ibuprofen"}).json()
    assert "medicines" in [article["id"] for article in found]
    article = client.get("/api/v1/articles/heat-or-ice").json()
    assert article["html"].startswith("<")
    assert article["references"]
    assert client.get("/api/v1/articles/cold-or-hot").status_code == 404


def test_the_openapi_document_lists_the_api_and_no_pages(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/v1/triage",
        "/api/v1/score/{instrument}",
        "/api/v1/exercises",
        "/api/v1/exercises/{exercise_id}",
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/token",
        "/api/v1/assessments",
        "/api/v1/plan",
        "/api/v1/today",
        "/api/v1/sessions",
        "/api/v1/diary/{kind}",
        "/api/v1/progress",
        "/api/v1/export",
        "/api/v1/account",
    }


def test_an_unknown_api_path_is_json(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert "error" in response.json()
