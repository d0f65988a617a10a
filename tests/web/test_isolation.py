"""Every route, visited as a second person and as a signed-out visitor: nothing of the first
person's can be read, and nothing of theirs is changed by anything the others send.

The first person has a plan, a logged session, diary entries, a score and reminder settings,
marked with words found nowhere else ("Zebediah", "Pacific/Chatham"). The second person has a
plan of their own, so that every page is drawn in full for them too.
"""

from __future__ import annotations

from typing import Any, Final

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient
from tests.web.journey import (
    api_token,
    app,
    browser,
    clock,
    post_form,
    session_fields,
    sign_up,
    take_assessment,
)
from tests.web.test_security import all_routes

__all__ = ["app", "clock"]

MARKS: Final = ("zebediah", "pacific/chatham")
"""Words that only the first person's data holds."""

EXAMPLES: Final = {
    "{article_id}": "heat-or-ice",
    "{exercise_id}": "cat-cow",
    "{instrument}": "rmdq",
}
"""A concrete value for each kind of path parameter."""

DIARY_KINDS: Final = ("pain", "spasm", "steps", "sitting", "sleep", "symptoms")

FORMS: Final[dict[str, dict[str, str]]] = {
    "/diary/pain": {"pain": "2"},
    "/diary/spasm": {"severity": "3", "minutes": "5", "started": "08:00"},
    "/diary/steps": {"steps": "100"},
    "/diary/sitting": {"sitting_hours": "3"},
    "/diary/sleep": {"sleep_hours": "8"},
    "/diary/symptoms": {"legs.pain_or_numbness": "one_leg"},
    "/settings/reminders": {
        "time_zone": "Europe/Oslo",
        "session_time": "09:00",
        "walk_1": "12:00",
        "alarm_minutes": "5",
    },
}
"""What the others send to each form (valid, so that it is stored: for themselves only)."""

PUBLIC_API: Final = ("/api/v1/exercises", "/api/v1/articles")
"""API routes open to everyone: the content library."""

LAST: Final = ("/settings/delete", "/logout", "/logout/everywhere")
"""Forms that end the sender's own session or account: sent last."""


def concrete(path: str) -> list[str]:
    if path in ("/diary/{kind}", "/api/v1/diary/{kind}"):
        return [path.replace("{kind}", kind) for kind in DIARY_KINDS]
    for name, value in EXAMPLES.items():
        path = path.replace(name, value)
    assert "{" not in path, f"a new route needs an example here: {path}"
    return [path]


def routes(app: FastAPI, method: str) -> list[str]:
    found = sorted(
        {
            path
            for route in all_routes(app.routes)
            if method in (route.methods or set())
            for path in concrete(route.path)
        }
    )
    return sorted(found, key=lambda path: path in LAST)


@pytest.fixture
def first(app: FastAPI) -> tuple[TestClient, dict[str, str]]:
    """Zebediah, with a plan and something of every kind kept."""
    client = browser(app)
    sign_up(client, "zebediah@example.org", "Zebediah")
    take_assessment(client)
    headers = api_token(client, "zebediah@example.org")
    client.post("/today", data=session_fields(client.get("/today").text))
    spasm = {"severity": "4", "minutes": "9", "started": "07:00", "trigger": "Zebediah's dog"}
    post_form(client, "/diary", "/diary/spasm", spasm)
    post_form(client, "/diary", "/diary/steps", {"steps": "7777"})
    post_form(client, "/settings", "/settings/reminders",
              {"time_zone": "Pacific/Chatham", "session_time": "06:10", "walk_1": "12:20",
               "alarm_minutes": "15"})  # fmt: skip
    client.post(
        "/api/v1/diary/score",
        json={"instrument": "rmdq", "answers": {"ticked": [1, 2, 3]}},
        headers=headers,
    )
    return client, headers


def everything(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/export", headers=headers)
    assert response.status_code == 200
    return dict(response.json())


def assert_nothing_of_the_first(who: str, method: str, path: str, body: str) -> None:
    lowered = body.lower()
    for mark in MARKS:
        assert mark not in lowered, f"{who} read the first person's data with {method} {path}"


def test_the_first_persons_data_is_marked(first: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = first
    kept = str(everything(client, headers)).lower()
    assert all(mark in kept for mark in MARKS)
    assert "zebediah" in client.get("/account").text.lower()
    assert "pacific/chatham" in client.get("/settings").text.lower()


def test_a_second_person_reads_and_changes_nothing_of_the_first(
    app: FastAPI, first: tuple[TestClient, dict[str, str]]
) -> None:
    owner, owner_headers = first
    before = everything(owner, owner_headers)
    second = browser(app)
    sign_up(second, "other@example.org")
    take_assessment(second)
    headers = api_token(second, "other@example.org")
    for path in routes(app, "GET"):
        response = second.get(path, headers=headers if path.startswith("/api/") else {})
        assert response.status_code < 500, path
        assert_nothing_of_the_first("the second person", "GET", path, response.text)
    posts = routes(app, "POST")
    for path in [p for p in posts if p not in LAST]:
        if path.startswith("/api/"):
            response = second.post(path, json={"pain": 1}, headers=headers)
        else:
            response = post_form(second, "/diary", path, FORMS.get(path, {}))
        assert response.status_code < 500, path
        assert_nothing_of_the_first("the second person", "POST", path, response.text)
    assert everything(owner, owner_headers) == before
    for path in routes(app, "DELETE"):  # the second person's account, then their token
        response = second.delete(path, headers=headers)
        assert_nothing_of_the_first("the second person", "DELETE", path, response.text)
    assert second.get("/api/v1/export", headers=headers).status_code == 401, "it was erased"
    for path in [p for p in posts if p in LAST]:
        response = post_form(second, "/login", path, {"confirm": "yes"})
        assert_nothing_of_the_first("the second person", "POST", path, response.text)
    assert everything(owner, owner_headers) == before
    assert owner.get("/today", follow_redirects=False).status_code == 200, "still signed in"


def test_a_visitor_reads_and_changes_nothing_of_the_first(
    app: FastAPI, first: tuple[TestClient, dict[str, str]]
) -> None:
    owner, owner_headers = first
    before = everything(owner, owner_headers)
    visitor = browser(app)
    for path in routes(app, "GET"):
        response = visitor.get(path, follow_redirects=False)
        assert response.status_code < 500, path
        assert_nothing_of_the_first("a visitor", "GET", path, response.text)
        if path.startswith("/api/v1/") and not path.startswith(PUBLIC_API):
            assert response.status_code == 401, path
    for path in routes(app, "POST"):
        if path.startswith("/api/"):
            response = visitor.post(path, json={"pain": 1}, follow_redirects=False)
        else:
            response = post_form(
                visitor, "/login", path, FORMS.get(path, {}), follow_redirects=False
            )
        assert response.status_code < 500, path
        assert_nothing_of_the_first("a visitor", "POST", path, response.text)
    for path in routes(app, "DELETE"):
        response = visitor.delete(path)
        assert response.status_code == 401, path
    assert everything(owner, owner_headers) == before


@pytest.mark.parametrize(
    "path",
    ["/today", "/plan", "/plan/print", "/diary", "/progress", "/settings", "/settings/delete",
     "/settings/calendar.ics", "/settings/export.json", "/settings/export.csv"],
)  # fmt: skip
def test_a_visitor_is_sent_to_sign_in_from_every_personal_page(
    client: TestClient, path: str
) -> None:
    response = client.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


@pytest.mark.parametrize("path", [f"/diary/{kind}" for kind in DIARY_KINDS] + ["/today"])
def test_a_visitors_form_posts_store_nothing(app: FastAPI, path: str) -> None:
    visitor = browser(app)
    response = post_form(visitor, "/login", path, FORMS.get(path, {}), follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")
