"""Fixtures for HTTP tests: a fresh app per test on a temporary UNKNOT_HOME, a client, and
helpers to fill in the questionnaire forms the way a browser would."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette asks for httpx2 instead of httpx; the test client works the same with either.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from unknot.content.questionnaire import Kind, Question, load_questionnaire
from unknot.migrations import ensure_schema
from unknot.settings import SQLITE_FILE_NAME, load_settings
from unknot.web.app import create_app

HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')

SELF_MANAGE_REPLIES: dict[str, str | list[str]] = {
    "age": "34",
    "sex": "female",
    "legs.pain_or_numbness": "none",
    "legs.weakness": "none",
    "episode.onset": "sudden",
    "episode.trigger": "lifting",
    "episode.duration_days": "5",
    "episode.trend": "improving",
    "episode.first_episode": "yes",
    "pain.now": "4",
    "pain.worst_24h": "6",
    "inflammatory.morning_stiffness_minutes": "10",
    "inflammatory.improves_with_rest": "yes",
    "inflammatory.buttock_pain": "none",
    "startback.q1": "disagree",
    "startback.q9": "slightly",
    "lifestyle.sitting_hours_per_day": "8",
    "lifestyle.steps_per_day": "4000",
    "lifestyle.work": "desk",
    "lifestyle.exercise_sessions_per_week": "1",
    "self_tests.forward_bend_reach": "knees",
    "self_tests.hip_flexor_test": "tight",
    "self_tests.plank_seconds": "20",
    "preferences.minutes_per_day": "20",
    "preferences.can_get_on_floor": "yes",
    "preferences.equipment": ["chair", "towel"],
}
"""A person with an ordinary, non-serious bout of back pain: every red flag answered no."""


def default_reply(question: Question) -> str | list[str]:
    """What the self-manage person answers to ``question``."""
    if question.field in SELF_MANAGE_REPLIES:
        return SELF_MANAGE_REPLIES[question.field]
    if question.kind == Kind.YES_NO:
        return "no"
    if question.kind in (Kind.CHOICE, Kind.MULTI):
        values = [c.value for c in question.choices]
        return "disagree" if "disagree" in values else values[0]
    return ""


def questions_on(html: str) -> list[Question]:
    """The questionnaire's questions that the page asks, in order."""
    by_field = {q.field: q for q in load_questionnaire().questions()}
    names = re.findall(r'name="([a-z_0-9.]+)"', html)
    seen = [name for name in dict.fromkeys(names) if name in by_field]
    return [by_field[name] for name in seen]


def hidden_fields(html: str) -> dict[str, str]:
    return {name: value.replace("&#34;", '"') for name, value in HIDDEN.findall(html)}


def form_data(html: str, replies: Mapping[str, str | list[str]] | None = None) -> dict[str, Any]:
    """The hidden fields of the page plus a reply to each question it asks (``replies`` first,
    then the self-manage person's)."""
    data: dict[str, Any] = dict(hidden_fields(html))
    for question in questions_on(html):
        reply = (replies or {}).get(question.field, default_reply(question))
        data[question.field] = reply
    return data


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the newest schema, copied for each test (fast starts)."""
    template = tmp_path_factory.mktemp("template-home")
    ensure_schema(load_settings(home=template, database_url=None)).dispose()
    return template / SQLITE_FILE_NAME


@pytest.fixture
def home(tmp_path: Path, migrated_database: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    shutil.copyfile(migrated_database, home / SQLITE_FILE_NAME)
    return home


@pytest.fixture
def app(home: Path) -> FastAPI:
    return create_app(load_settings(home=home, database_url=None))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
