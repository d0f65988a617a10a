"""``/diary``: pain, a spasm, steps, sitting and sleep logged in a tap or two and shown for the
last week; a flare-up turns today into a relief day; new symptoms re-run triage at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient
from tests.web.journey import (
    Clock,
    app,
    browser,
    clock,
    h1,
    person_with_plan,
    post_form,
    rows,
    sign_up,
)

__all__ = ["app", "clock"]


@pytest.fixture
def person(app: FastAPI) -> TestClient:
    return person_with_plan(app)


def log(client: TestClient, kind: str, data: dict[str, Any], **options: Any) -> Any:
    return post_form(client, "/diary", f"/diary/{kind}", data, **options)


def test_a_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/diary", follow_redirects=False)
    assert response.headers["location"] == "/login"


@pytest.mark.parametrize(
    ("kind", "data", "sql", "stored", "shown"),
    [
        ("pain", {"pain": "3", "stiffness": "5"}, "SELECT pain, stiffness FROM pain_entries",
         (3, 5), "Saved your pain."),
        ("spasm", {"severity": "6", "minutes": "20", "started": "07:40", "trigger": "sneezed"},
         "SELECT severity, minutes, trigger FROM spasm_episodes", (6, 20, "sneezed"),
         "Saved the spasm."),
        ("steps", {"steps": "6500"}, "SELECT steps, source FROM steps", (6500, "manual"),
         "Saved your steps."),
        ("sitting", {"sitting_hours": "7,5"}, "SELECT hours FROM sitting_entries", (7.5,),
         "Saved your sitting time."),
        ("sleep", {"sleep_hours": "6.5", "quality": "4", "woken_by_pain": "yes"},
         "SELECT hours, quality, woken_by_pain FROM sleep_entries", (6.5, 4, 1),
         "Saved your sleep."),
    ],
)  # fmt: skip
def test_each_kind_of_entry_is_stored_and_the_page_says_so(
    person: TestClient,
    home: Path,
    kind: str,
    data: dict[str, str],
    sql: str,
    stored: tuple[Any, ...],
    shown: str,
) -> None:
    response = log(person, kind, data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/diary?saved={kind}#{kind}"
    assert rows(home, sql) == [stored]
    assert shown in person.get(response.headers["location"]).text


def test_the_last_week_of_entries_is_shown_day_by_day(person: TestClient, clock: Clock) -> None:
    log(person, "steps", {"steps": "4321"})
    clock.advance(dt.timedelta(days=1))
    log(person, "pain", {"pain": "2"})
    page = person.get("/diary").text
    assert '<th scope="row">Tue 3 Mar</th><td>2</td>' in page
    assert '<th scope="row">Mon 2 Mar</th><td>-</td><td>-</td><td>4,321</td>' in page


def test_an_entry_can_be_for_an_earlier_day_of_the_week(person: TestClient, home: Path) -> None:
    log(person, "steps", {"steps": "100", "date": "2026-02-24"})
    assert rows(home, "SELECT day FROM steps") == [("2026-02-24",)]


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        ("pain", {}, "pain", "choose a number from 0 to 10"),
        ("pain", {"pain": "11"}, "pain", "less than or equal to 10"),
        ("spasm", {"severity": "4", "minutes": "", "started": "08:00"}, "minutes",
         "give the minutes it lasted"),
        ("spasm", {"severity": "4", "minutes": "5", "started": "8pm"}, "started",
         "give a time as HH:MM"),
        ("steps", {"steps": "lots"}, "steps", "give a whole number"),
        ("sitting", {"sitting_hours": "25"}, "sitting_hours", "less than or equal to 24"),
        ("sleep", {"sleep_hours": "-1"}, "sleep_hours", "greater than or equal to 0"),
        ("steps", {"steps": "10", "date": "2026-03-03"}, "steps-date", "is after today"),
    ],
)  # fmt: skip
def test_an_entry_that_breaks_a_rule_comes_back_with_the_problem_next_to_its_field(
    person: TestClient, home: Path, kind: str, data: dict[str, str], field: str, message: str
) -> None:
    response = log(person, kind, data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert h1(response.text) == "Diary"
    assert f'href="#{field}-input"' in response.text


def test_an_unknown_kind_of_entry_is_not_found(person: TestClient) -> None:
    assert log(person, "mood", {"mood": "5"}).status_code == 404


def test_much_worse_pain_today_turns_today_and_tomorrow_into_relief_days(
    person: TestClient,
) -> None:
    response = log(person, "pain", {"pain": "9"}, follow_redirects=False)
    assert response.headers["location"] == "/diary?saved=pain&flare=1#pain"
    page = person.get(response.headers["location"]).text
    assert "A flare-up: today and tomorrow are relief days" in page
    assert "A relief day." in person.get("/today").text


def test_no_symptom_ticked_changes_nothing_and_stores_nothing(
    person: TestClient, home: Path
) -> None:
    before = rows(home, "SELECT COUNT(*) FROM assessments")
    page = log(person, "symptoms", {"legs.pain_or_numbness": "none"}).text
    assert "No new symptoms ticked, so nothing changes" in page
    assert rows(home, "SELECT COUNT(*) FROM assessments") == before


def test_a_new_emergency_symptom_stops_the_plan_and_says_get_help_now(
    person: TestClient, home: Path
) -> None:
    page = log(person, "symptoms", {"red_flags.saddle_numbness": "yes"}).text
    assert h1(page) == "Get help now"
    assert 'href="tel:999"' in page and 'href="tel:112"' in page and 'href="tel:911"' in page
    [(reason,)] = rows(home, "SELECT reason FROM plans WHERE active")
    assert str(reason).startswith("Stopped on 2026-03-02 after new symptoms")


def test_a_new_urgent_symptom_says_see_a_doctor_today(person: TestClient) -> None:
    page = log(person, "symptoms", {"red_flags.unexplained_weight_loss": "yes"}).text
    assert h1(page) == "Please stop here and see a doctor today"


def test_a_symptom_that_is_not_a_warning_sign_is_saved_and_the_plan_goes_on(
    person: TestClient,
) -> None:
    page = log(person, "symptoms", {"legs.pain_or_numbness": "one_leg"}).text
    assert "Your plan goes on. Saved." in page
    assert 'id="session-form"' in person.get("/today").text


def test_a_temperature_that_is_not_a_number_is_explained(person: TestClient) -> None:
    response = log(person, "symptoms", {"red_flags.temperature_c": "hot"})
    assert response.status_code == 422
    assert 'id="s-red_flags-temperature_c-error"' in response.text
    assert 'href="#s-red_flags-temperature_c-input"' in response.text


def test_symptoms_before_any_assessment_ask_for_the_assessment_first(app: FastAPI) -> None:
    client = browser(app)
    sign_up(client)
    response = log(client, "symptoms", {"red_flags.fever": "yes"})
    assert response.status_code == 422
    assert "take the assessment first" in response.text
