"""Every public page: reachable signed out, accessible basics, small, and honest about what
unknot is; the library's search and article rendering."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient
from tests.web.journey import browser, sign_up
from unknot.content.articles import load_articles
from unknot.content.exercises import load_exercises

PAGES = ["/", "/spasm", "/assessment", "/learn", "/learn?q=sleep", "/exercises", "/offline"]
PAGE_BUDGET_BYTES = 100 * 1024
"""Issue 5: every page under 100 KB of HTML, CSS and JavaScript (illustrations aside)."""


def every_page() -> list[str]:
    return (
        PAGES
        + [f"/learn/{article.id}" for article in load_articles()]
        + [f"/exercises/{ex.id}" for ex in load_exercises()]
    )


@pytest.mark.parametrize("path", every_page())
def test_every_public_page_opens_signed_out_with_the_shared_frame(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1
    assert "unknot does not replace a clinician." in html
    assert 'href="tel:999"' in html, "the emergency line is on every page"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


@pytest.mark.parametrize("path", every_page())
def test_every_page_with_its_css_and_js_is_under_100_kb(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)(?:\?[^"]*)?)"', html)
    total = len(html.encode()) + sum(len(client.get(asset).content) for asset in assets)
    assert total < PAGE_BUDGET_BYTES, f"{path}: {total} bytes"


@pytest.mark.parametrize("path", every_page())
def test_every_form_field_has_a_label(client: TestClient, path: str) -> None:
    html = client.get(path).text
    for match in re.finditer(r"<input ([^>]*)>", html):
        attrs = match.group(1)
        if 'type="hidden"' in attrs:
            continue
        if 'type="radio"' in attrs or 'type="checkbox"' in attrs:
            assert re.search(r'<label class="option"><input ' + re.escape(attrs), html), attrs
            continue
        ident = re.search(r'id="([^"]+)"', attrs)
        assert ident is not None, attrs
        assert f'<label for="{ident.group(1)}"' in html, attrs


def test_a_missing_page_is_a_404_page_with_a_way_back(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="/spasm"' in response.text


@pytest.mark.parametrize("path", ["/learn/no-such-article", "/exercises/no-such-exercise"])
def test_an_unknown_id_is_a_404_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_an_article_links_exercises_and_articles_to_their_pages(client: TestClient) -> None:
    html = client.get("/learn/spasm-first-aid").text
    assert 'href="/exercises/knee-rocking"' in html
    assert 'href="/learn/when-to-get-help"' in html
    assert "exercise:" not in html and "article:" not in html
    assert '<ol class="references">' in html


def test_an_article_lists_its_references(client: TestClient) -> None:
    html = client.get("/learn/heat-or-ice").text
    assert "<h2>Sources</h2>" in html
    assert "https://" in html.split("<h2>Sources</h2>")[1]


def test_the_search_finds_an_article_by_a_word_of_its_body(client: TestClient) -> None:
    html = client.get("/learn", params={"q": "pillow between your knees"}).text
    assert 'href="/learn/sleep-positions"' in html


def test_a_search_with_no_match_says_so(client: TestClient) -> None:
    html = client.get("/learn", params={"q": "xylophone"}).text
    assert "0 articles found" in html
    assert "Try fewer or different words." in html


def test_an_exercise_page_shows_steps_dose_and_cautions(client: TestClient) -> None:
    html = client.get("/exercises/knee-to-chest").text
    assert "3 × 20 s each side, rest 10 s" in html
    assert "Lie on your back with your knees bent and feet flat." in html
    assert "Stop if pain spreads down your leg" in html


def test_the_health_check_says_ok_with_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


class UnreachableDatabase:
    def ping(self) -> bool:
        return False


def test_the_health_check_is_503_when_the_database_does_not_answer(
    app: FastAPI, client: TestClient
) -> None:
    app.state.web = dataclasses.replace(app.state.web, database=UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable"}


def test_the_manifest_describes_an_installable_app(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_the_service_worker_is_served_from_the_root(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    for shell in ("/spasm", "/static/css/unknot.css", "/offline"):
        assert f'"{shell}"' in response.text
        if not shell.startswith("/static/"):
            assert client.get(shell).status_code == 200


def test_static_files_may_be_cached(client: TestClient) -> None:
    response = client.get("/static/css/unknot.css")
    assert response.headers["cache-control"] == "public, max-age=86400"


def test_pages_are_not_cached_by_shared_caches(client: TestClient) -> None:
    assert client.get("/").headers["cache-control"] == "no-store"


def nav(html: str) -> list[tuple[str, bool]]:
    """The site header's links: (href, marked as the current page?)."""
    header = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return [
        (href, current == " aria-current")
        for href, current in re.findall(r'<li><a href="([^"]+)"( aria-current)?', header)
    ]


def test_the_site_header_marks_the_page_and_fits_who_is_signed_in(app: FastAPI) -> None:
    """The header is drawn once per path and sign-in state and kept (unknot.web.render.Layout):
    the kept one must still be the right one for each."""
    visitor, person = browser(app), browser(app)
    sign_up(person)
    for _ in range(2):  # the second time from what was kept
        out = nav(visitor.get("/learn/spasm-first-aid").text)
        assert [href for href, current in out if current] == ["/learn"]
        assert "/login" in dict(out) and "/today" not in dict(out)
        signed = nav(person.get("/learn/spasm-first-aid").text)
        assert [href for href, current in signed if current] == ["/learn"]
        assert "/today" in dict(signed) and "/login" not in dict(signed)
        assert [href for href, current in nav(person.get("/settings").text) if current] == [
            "/account"
        ]
        assert not [href for href, current in nav(visitor.get("/").text) if current]
