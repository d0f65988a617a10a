"""Security at the edge: headers on every response, CSRF on every form post, cookies."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest
from fastapi import FastAPI
from starlette.routing import BaseRoute, Route

from tests.web.conftest import TestClient, form_data
from unknot.web.security import CONTENT_SECURITY_POLICY, CSRF_COOKIE, MAX_FORM_BYTES

PAGES = [
    "/",
    "/spasm",
    "/assessment",
    "/learn",
    "/learn/heat-or-ice",
    "/exercises",
    "/exercises/cat-cow",
    "/offline",
    "/no-such-page",
]
OTHER = [
    "/healthz",
    "/api/v1/exercises",
    "/api/openapi.json",
    "/sw.js",
    "/manifest.webmanifest",
    "/static/css/unknot.css",
]


def test_the_policy_allows_no_inline_code_and_no_framing() -> None:
    assert CONTENT_SECURITY_POLICY == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


@pytest.mark.parametrize("path", PAGES + OTHER)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in response.headers
    names = [name.lower() for name, _ in response.headers.multi_items()]
    assert not {name for name in names if names.count(name) > 1} - {"set-cookie"}, names


def test_hsts_is_sent_only_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        headers = secure.get("/").headers
        assert headers.get_list("strict-transport-security") == ["max-age=31536000"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r"\son[a-z]+=", html) is None, "inline event handlers are scripts too"


def all_routes(routes: Sequence[BaseRoute]) -> Iterator[Route]:
    """Every route of the app, including those of included routers."""
    for route in routes:
        if isinstance(route, Route):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from all_routes(inner.routes)


def _form_post_routes(app: FastAPI) -> list[str]:
    return sorted(
        route.path
        for route in all_routes(app.routes)
        if "POST" in (route.methods or set()) and not route.path.startswith("/api/")
    )


def test_the_app_has_form_posts_to_protect(app: FastAPI) -> None:
    assert {"/spasm", "/assessment"} <= set(_form_post_routes(app))


def test_every_form_post_without_a_token_is_refused(app: FastAPI, client: TestClient) -> None:
    client.get("/")  # the browser holds a CSRF cookie, but the form carries no token
    assert client.cookies.get(CSRF_COOKIE)
    for path in _form_post_routes(app):
        response = client.post(path, data={"age": "40"})
        assert response.status_code == 403, path
        assert "expired" in response.text


def test_a_token_from_another_browser_is_refused(client: TestClient, app: FastAPI) -> None:
    with TestClient(app) as other:
        page = other.get("/spasm").text
    client.get("/spasm")
    response = client.post("/spasm", data=form_data(page))
    assert response.status_code == 403


def test_a_post_from_another_origin_is_refused(client: TestClient) -> None:
    page = client.get("/spasm").text
    response = client.post(
        "/spasm", data=form_data(page), headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert "another site" in response.text


def test_a_post_from_this_origin_with_its_token_is_accepted(client: TestClient) -> None:
    page = client.get("/spasm").text
    response = client.post("/spasm", data=form_data(page), headers={"Origin": "http://testserver"})
    assert response.status_code == 200
    assert "First aid" in response.text


def test_a_form_larger_than_the_limit_is_refused(client: TestClient) -> None:
    page = client.get("/spasm").text
    data = form_data(page)
    data["padding"] = "x" * (MAX_FORM_BYTES + 1)
    assert client.post("/spasm", data=data).status_code == 413


def test_a_post_that_is_not_a_form_is_refused(client: TestClient) -> None:
    client.get("/spasm")
    assert client.post("/spasm", json={"age": 40}).status_code == 403


def test_the_csrf_cookie_is_http_only_and_same_site_lax(client: TestClient) -> None:
    header = client.get("/").headers["set-cookie"]
    assert header.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in header
    assert "SameSite=lax" in header or "samesite=lax" in header.lower()
    assert "Secure" not in header


def test_cookies_are_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        assert "Secure" in secure.get("/").headers["set-cookie"]


def test_the_api_takes_json_posts_without_a_csrf_token(client: TestClient) -> None:
    response = client.post("/api/v1/score/nrs", json={"score": 4})
    assert response.status_code == 200
    assert response.json() == {"score": 4}


def test_an_unexpected_error_shows_no_stack_trace(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert "Something went wrong" in response.text
