"""What the tests of a person's journey share: an app on a clock the test moves, a browser
that signs up and takes the assessment, posting forms with their CSRF token, and an API client
with a token."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text

from tests.web.conftest import TestClient, form_data, hidden_fields, questions_on
from unknot.settings import load_settings
from unknot.web.app import create_app

PASSWORD = "correct horse battery"

MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
"""The tests' now: Monday 2 March 2026, 09:00 UTC."""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = MONDAY) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(home: Path, clock: Clock) -> FastAPI:
    return create_app(load_settings(home=home, database_url=None), clock=clock)


def browser(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def token_on(client: TestClient, page: str) -> str:
    return hidden_fields(client.get(page).text)["csrf_token"]


def post_form(
    client: TestClient, page: str, action: str, data: Mapping[str, Any], **options: Any
) -> Any:
    """Post ``data`` to ``action`` with the CSRF token of ``page``, as the browser would."""
    return client.post(action, data={"csrf_token": token_on(client, page), **data}, **options)


def sign_up(client: TestClient, email: str = "a@example.org", name: str = "") -> None:
    response = post_form(
        client,
        "/signup",
        "/signup",
        {"email": email, "password": PASSWORD, "display_name": name},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def take_assessment(client: TestClient, replies: Mapping[str, Any] | None = None) -> str:
    """Answer every page of the assessment (the self-manage person, unless ``replies``);
    the last page's HTML."""
    html = client.get("/assessment").text
    while questions_on(html):
        html = client.post("/assessment", data=form_data(html, dict(replies or {}))).text
    return html


def person_with_plan(app: FastAPI, email: str = "a@example.org") -> TestClient:
    """A browser signed in as a new person who has taken the assessment (so has a plan)."""
    client = browser(app)
    sign_up(client, email)
    take_assessment(client)
    return client


def api_token(client: TestClient, email: str = "a@example.org") -> dict[str, str]:
    response = client.post("/api/v1/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def rows(home: Path, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(f"sqlite:///{home / 'unknot.db'}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def session_fields(html: str) -> dict[str, str]:
    """The log form of /today filled in: each item's sets as the page offers them (all), pain
    and effort."""
    data = hidden_fields(html)
    for name, sets in re.findall(r'name="(sets-\d+)" data-sets="(\d+)"', html):
        data[name] = sets
    data.update({"pain_before": "4", "pain_after": "3", "effort": "about_right"})
    return data
