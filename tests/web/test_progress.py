"""``/progress``: charts of pain, disability scores, steps and sessions as inline SVG, each with
what the change means in words and a table of the numbers."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient
from tests.web.journey import (
    Clock,
    api_token,
    app,
    clock,
    h1,
    person_with_plan,
    post_form,
    session_fields,
)

__all__ = ["app", "clock"]

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def person(app: FastAPI) -> TestClient:
    return person_with_plan(app)


def chart(page: str, key: str) -> ET.Element:
    found = re.search(rf'<svg [^>]*aria-labelledby="chart-{key}-title[^>]*>.*?</svg>', page, re.S)
    assert found is not None, f"no {key} chart"
    return ET.fromstring(found.group(0))


def section(page: str, key: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{key}-heading">(.*?)</section>', page, re.S)
    assert found is not None
    return found.group(1)


def log_pain(client: TestClient, pain: int) -> None:
    post_form(client, "/diary", "/diary/pain", {"pain": str(pain)})


def test_a_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    assert client.get("/progress", follow_redirects=False).headers["location"] == "/login"


def test_before_anything_is_logged_each_section_says_what_to_log(person: TestClient) -> None:
    page = person.get("/progress").text
    assert h1(page) == "Your progress"
    assert "<svg" not in page
    assert "Log your pain most days to see how it changes." in section(page, "pain")
    assert "No steps logged yet." in section(page, "steps")


def test_pain_that_falls_by_a_meaningful_amount_is_charted_and_explained(
    person: TestClient, clock: Clock
) -> None:
    # The assessment's pain now was 4; the last week averages 1.
    for _ in range(3):
        clock.advance(dt.timedelta(days=1))
        log_pain(person, 1)
    page = person.get("/progress").text
    pain = section(page, "pain")
    meaning = (
        "Your pain improved by 3 points (from 4 at your assessment to 1 on average over the "
        "last 7 days, 75%), a change most people notice"
    )
    assert meaning in html_lib.unescape(pain)
    svg = chart(page, "pain")
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}desc").text.startswith(meaning)  # type: ignore[union-attr]
    assert len(svg.findall(f".//{SVG}circle")) == 3
    assert pain.count('<tr><th scope="row">') == 3, "a table row for each day logged"
    assert "<td>1 /10</td>" in pain


def test_steps_are_bars_with_their_average_in_words(person: TestClient, clock: Clock) -> None:
    for steps in (3000, 5000):
        post_form(person, "/diary", "/diary/steps", {"steps": str(steps)})
        clock.advance(dt.timedelta(days=1))
    page = person.get("/progress").text
    assert "On the 2 days with steps logged, you walked 4,000 steps a day on average." in page
    assert len(chart(page, "steps").findall(f".//{SVG}rect")) == 1 + 2


def test_sessions_done_and_missed_are_marked_with_adherence_in_words(
    person: TestClient, clock: Clock
) -> None:
    person.post("/today", data=session_fields(person.get("/today").text))
    clock.advance(dt.timedelta(days=2))
    page = person.get("/progress").text
    sessions = section(page, "sessions")
    assert "You logged 1 of the 2 planned sessions (50%)" in sessions
    marks = chart(page, "sessions").findall(f".//{SVG}rect")[1:]
    assert [m.get("fill") for m in marks] == ["#0b5cad", "white"]


def test_a_disability_score_taken_twice_shows_its_change_and_what_it_means(
    app: FastAPI, person: TestClient, clock: Clock
) -> None:
    headers = api_token(person)
    for ticked in (list(range(1, 15)), list(range(1, 9))):
        response = person.post(
            "/api/v1/diary/score",
            json={"instrument": "rmdq", "answers": {"ticked": ticked}},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        clock.advance(dt.timedelta(days=14))
    page = html_lib.unescape(person.get("/progress").text)
    assert "improved by 6 points (from 14 to 8, 42.9%), a change most people notice" in page
    assert len(chart(page, "rmdq").findall(f".//{SVG}circle")) == 2


@pytest.mark.parametrize(
    ("asked", "first"), [("1", "Monday 2 March"), ("14", "Tuesday 17 February")]
)
def test_the_span_can_be_chosen(person: TestClient, asked: str, first: str) -> None:
    page = person.get("/progress", params={"days": asked}).text
    assert f"{first} to Monday 2 March" in page
