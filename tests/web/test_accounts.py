"""Accounts over HTTP: sign up, in and out, sessions kept as hashes, the rate limit shared
through the database, and nothing of one person readable by another or by a visitor."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import typer
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests.web.conftest import TestClient, form_data, hidden_fields, questions_on
from tests.web.test_security import all_routes
from unknot.cli import users_cmd
from unknot.settings import load_settings
from unknot.web.accounts import (
    ATTEMPT_WINDOW,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    SESSION_DAYS,
)
from unknot.web.app import create_app
from unknot.web.security import SESSION_COOKIE

PASSWORD = "correct horse battery"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

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


def post(client: TestClient, page: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    token = hidden_fields(client.get(page).text)["csrf_token"]
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


def sign_up(client: TestClient, email: str, name: str = "") -> None:
    response = post(
        client, "/signup", "/signup", {"email": email, "password": PASSWORD, "display_name": name}
    )
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"] == "/account"


def sign_in(client: TestClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return post(client, "/login", "/login", {"email": email, "password": password})


def rows(home: Path, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(f"sqlite:///{home / 'unknot.db'}")
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def test_signing_up_signs_in_and_shows_the_account(client: TestClient) -> None:
    sign_up(client, "Ana@Example.org", "Ana")
    page = client.get("/account")
    assert page.status_code == 200
    assert "ana@example.org" in page.text
    assert 'href="/account"' in page.text and "Your account" in page.text


def test_the_session_cookie_is_http_only_and_same_site_lax(client: TestClient) -> None:
    token = hidden_fields(client.get("/signup").text)["csrf_token"]
    response = client.post(
        "/signup",
        data={"csrf_token": token, "email": "a@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert f"Max-Age={SESSION_DAYS * 86400}" in cookie


def test_the_password_is_stored_as_argon2id_and_the_token_as_its_hash(
    client: TestClient, home: Path
) -> None:
    sign_up(client, "a@example.org")
    [(stored,)] = rows(home, "SELECT password_hash FROM accounts")
    assert str(stored).startswith("$argon2id$")
    assert PASSWORD not in str(stored)
    token = client.cookies[SESSION_COOKIE]
    [(hashed,)] = rows(home, "SELECT token_hash FROM web_sessions")
    assert hashed == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(rows(home, "SELECT * FROM web_sessions"))


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("a@example.org", "short", "password", "at least 10 characters"),
        ("not-an-email", PASSWORD, "email", "like name@example.com"),
        ("", PASSWORD, "email", "enter your email address"),
        ("a@example.org", "a@example.org", "password", "must not be your email"),
    ],
)
def test_a_bad_sign_up_says_what_is_wrong_next_to_the_field(
    client: TestClient, email: str, password: str, field: str, message: str
) -> None:
    response = post(client, "/signup", "/signup", {"email": email, "password": password})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_an_email_can_have_only_one_account(app: FastAPI) -> None:
    sign_up(browser(app), "a@example.org")
    response = post(
        browser(app), "/signup", "/signup", {"email": "A@example.org", "password": PASSWORD}
    )
    assert response.status_code == 422
    assert "already uses this email" in response.text


def test_signing_in_with_the_right_password_works(app: FastAPI) -> None:
    sign_up(browser(app), "a@example.org")
    other = browser(app)
    response = sign_in(other, " A@Example.org ")
    assert response.status_code == 303
    assert "a@example.org" in other.get("/account").text


@pytest.mark.parametrize(
    ("email", "password"),
    [("a@example.org", "wrong password!"), ("nobody@example.org", PASSWORD)],
)
def test_a_wrong_email_or_password_gets_the_same_answer(
    app: FastAPI, email: str, password: str
) -> None:
    sign_up(browser(app), "a@example.org")
    response = sign_in(browser(app), email, password)
    assert response.status_code == 422
    assert "the email or password is not right" in response.text


def test_sign_in_pauses_after_too_many_failures_for_one_account(app: FastAPI, clock: Clock) -> None:
    sign_up(browser(app), "a@example.org")
    guesser = browser(app)
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(guesser, "a@example.org", "wrong password!").status_code == 422
    paused = sign_in(guesser, "a@example.org")
    assert paused.status_code == 429, "even the right password waits"
    assert "wait 15 minutes" in paused.text
    assert int(paused.headers["retry-after"]) == ATTEMPT_WINDOW.total_seconds()
    clock.advance(ATTEMPT_WINDOW)
    assert sign_in(guesser, "a@example.org").status_code == 303


def test_one_failure_fewer_than_the_limit_does_not_pause(app: FastAPI) -> None:
    sign_up(browser(app), "a@example.org")
    guesser = browser(app)
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        sign_in(guesser, "a@example.org", "wrong password!")
    assert sign_in(guesser, "a@example.org").status_code == 303


def test_sign_in_pauses_for_an_address_that_guesses_many_accounts(app: FastAPI) -> None:
    sign_up(browser(app), "a@example.org")
    guesser = browser(app)
    for n in range(MAX_FAILURES_PER_ADDRESS):
        sign_in(guesser, f"user{n}@example.org", "wrong password!")
    assert sign_in(guesser, "a@example.org").status_code == 429


def test_the_limit_is_shared_by_every_server_process_of_one_database(
    home: Path, clock: Clock
) -> None:
    first = create_app(load_settings(home=home, database_url=None), clock=clock)
    second = create_app(load_settings(home=home, database_url=None), clock=clock)
    with browser(first) as one, browser(second) as two:
        sign_up(one, "a@example.org")
        for n in range(MAX_FAILURES_PER_ACCOUNT):
            sign_in(one if n % 2 else two, "a@example.org", "wrong password!")
        assert sign_in(two, "a@example.org").status_code == 429


def test_signing_out_ends_the_session_on_the_server(client: TestClient, home: Path) -> None:
    sign_up(client, "a@example.org")
    token = client.cookies[SESSION_COOKIE]
    response = post(client, "/account", "/logout", {})
    assert response.status_code == 303
    assert rows(home, "SELECT COUNT(*) FROM web_sessions") == [(0,)]
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get("/account", follow_redirects=False).headers["location"] == "/login"


def test_signing_out_everywhere_ends_every_session(app: FastAPI, home: Path) -> None:
    laptop, phone = browser(app), browser(app)
    sign_up(laptop, "a@example.org")
    sign_in(phone, "a@example.org")
    assert rows(home, "SELECT COUNT(*) FROM web_sessions") == [(2,)]
    post(laptop, "/account", "/logout/everywhere", {})
    assert phone.get("/account", follow_redirects=False).status_code == 303
    assert rows(home, "SELECT COUNT(*) FROM web_sessions") == [(0,)]


def test_a_session_expires_after_its_days(client: TestClient, clock: Clock) -> None:
    sign_up(client, "a@example.org")
    clock.advance(dt.timedelta(days=SESSION_DAYS) - dt.timedelta(seconds=1))
    assert client.get("/account", follow_redirects=False).status_code == 200
    clock.advance(dt.timedelta(seconds=1))
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_a_made_up_session_cookie_signs_no_one_in(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "guess")
    assert client.get("/account", follow_redirects=False).headers["location"] == "/login"


def users_cli() -> typer.Typer:
    """A command line with ``users`` registered, as ``unknot`` registers it."""
    cli = typer.Typer()
    users_cmd.register(cli)
    return cli


def _finish_assessment(client: TestClient) -> str:
    html = client.get("/assessment").text
    while questions_on(html):
        html = client.post("/assessment", data=form_data(html)).text
    return html


def test_an_assessment_taken_signed_in_is_kept_in_the_account(client: TestClient) -> None:
    sign_up(client, "a@example.org")
    result = _finish_assessment(client)
    assert "saved in" in result
    account = client.get("/account").text
    assert "Self-manage, with a safety net" in account


def test_an_assessment_taken_signed_out_is_not_kept(client: TestClient, home: Path) -> None:
    result = _finish_assessment(client)
    assert "This result is not saved" in result
    assert rows(home, "SELECT COUNT(*) FROM assessments") == [(0,)]


def _get_routes(app: FastAPI) -> list[str]:
    concrete = {
        "/learn/{article_id}": "/learn/heat-or-ice",
        "/exercises/{exercise_id}": "/exercises/cat-cow",
        "/exercises/{exercise_id}/illustration.svg": "/exercises/cat-cow/illustration.svg",
        "/exercises/{exercise_id}/still.svg": "/exercises/cat-cow/still.svg",
        "/exercises/{exercise_id}/strip.svg": "/exercises/cat-cow/strip.svg",
        "/api/v1/exercises/{exercise_id}": "/api/v1/exercises/cat-cow",
        "/api/v1/articles/{article_id}": "/api/v1/articles/heat-or-ice",
    }
    paths = []
    for route in all_routes(app.routes):
        if "GET" in (route.methods or set()):
            paths.append(concrete.get(route.path, route.path))
    assert not [p for p in paths if "{" in p], "a new route needs an example id here"
    return sorted(set(paths))


def test_nothing_of_one_person_can_be_read_by_another_or_by_a_visitor(
    app: FastAPI, home: Path
) -> None:
    first = browser(app)
    sign_up(first, "zebediah@example.org", "Zebediah")
    _finish_assessment(first)
    assert "zebediah@example.org" in first.get("/account").text
    second = browser(app)
    sign_up(second, "other@example.org")
    visitor = browser(app)
    for path in _get_routes(app):
        for who, client in (("second user", second), ("visitor", visitor)):
            response = client.get(path)
            body = response.text.lower()
            assert "zebediah" not in body, f"{who} read the first person's data at {path}"
    assert "None yet." in second.get("/account").text
    assert visitor.get("/account", follow_redirects=False).headers["location"] == "/login"


def test_another_person_cannot_sign_the_first_out_everywhere(app: FastAPI, home: Path) -> None:
    first, second = browser(app), browser(app)
    sign_up(first, "a@example.org")
    sign_up(second, "b@example.org")
    post(second, "/account", "/logout/everywhere", {})
    assert first.get("/account", follow_redirects=False).status_code == 200


def test_the_reset_password_command_changes_the_password_and_signs_out_everywhere(
    app: FastAPI, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = browser(app)
    sign_up(client, "a@example.org")
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    new = "a brand new passphrase"
    result = CliRunner().invoke(
        users_cli(), ["users", "reset-password", "a@example.org"], input=f"{new}\n{new}\n"
    )
    assert result.exit_code == 0, result.output
    assert "signed out" in result.output
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert sign_in(browser(app), "a@example.org").status_code == 422
    assert sign_in(browser(app), "a@example.org", new).status_code == 303


def test_the_reset_password_command_names_an_unknown_email(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNKNOT_HOME", str(home))
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    new = "a brand new passphrase"
    result = CliRunner().invoke(
        users_cli(), ["users", "reset-password", "x@example.org"], input=f"{new}\n{new}\n"
    )
    assert result.exit_code == 3
    assert "no account uses x@example.org" in result.output


def test_passwords_are_hashed_off_the_event_loop(client: TestClient, app: FastAPI) -> None:
    """Hashing a password takes tens of milliseconds: on the event loop it would hold up
    every other request of the process. Signing up and in run it in a worker thread."""
    import asyncio

    accounts = app.state.web.database.accounts
    seen: list[bool] = []

    def on_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    for name in ("sign_up", "sign_in"):
        original = getattr(accounts, name)

        def watched(*args: object, _original: object = original, **kwargs: object) -> object:
            seen.append(on_loop())
            return _original(*args, **kwargs)  # type: ignore[operator]

        setattr(accounts, name, watched)
    sign_up(client, "loop@example.org")
    client.post(
        "/logout", data={"csrf_token": hidden_fields(client.get("/account").text)["csrf_token"]}
    )
    assert sign_in(client, "loop@example.org").status_code == 303
    assert seen == [False, False]
