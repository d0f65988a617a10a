"""Every page in Chromium: axe-core finds no serious or critical problem, nothing breaks the
Content-Security-Policy, and a screenshot at phone and desktop width is saved under
test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, open_page, screenshot
from tests.browser.helpers import answer_page, answer_until_done

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")


def _visit(path: str) -> Callable[[Any, str], None]:
    def go(page: Any, base: str) -> None:
        page.goto(base + path)

    return go


def _first_aid(page: Any, base: str) -> None:
    page.goto(base + "/spasm")
    answer_page(page, {})


def _emergency(page: Any, base: str) -> None:
    page.goto(base + "/spasm")
    answer_page(page, {"red_flags.chest_pain": "yes"})


def _field_error(page: Any, base: str) -> None:
    page.goto(base + "/assessment")
    page.fill('input[name="age"]', "200")
    page.click("form.questions button[type=submit]")
    page.wait_for_load_state()


def _red_flag_page(page: Any, base: str) -> None:
    page.goto(base + "/assessment")
    answer_page(page, {})


def _result(page: Any, base: str) -> None:
    page.goto(base + "/assessment")
    answer_until_done(page, {})


def _signed_in(path: str) -> Callable[[Any, str], None]:
    def go(page: Any, base: str) -> None:
        page.goto(base + "/signup")
        page.fill("#email-input", f"axe-{uuid.uuid4().hex[:8]}@example.org")
        page.fill("#password-input", "a long enough passphrase")
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        page.goto(base + path)

    return go


def _signup_error(page: Any, base: str) -> None:
    page.goto(base + "/signup")
    page.fill("#email-input", "not an email")
    page.click("form button[type=submit]")
    page.wait_for_load_state()


PAGES: dict[str, Callable[[Any, str], None]] = {
    "home": _visit("/"),
    "spasm-check": _visit("/spasm"),
    "spasm-first-aid": _first_aid,
    "emergency": _emergency,
    "assessment-start": _visit("/assessment"),
    "assessment-error": _field_error,
    "assessment-red-flags": _red_flag_page,
    "triage-result": _result,
    "learn": _visit("/learn"),
    "learn-search": _visit("/learn?q=sleep"),
    "article": _visit("/learn/spasm-first-aid"),
    "exercises": _visit("/exercises"),
    "exercise": _visit("/exercises/knee-to-chest"),
    "offline": _visit("/offline"),
    "not-found": _visit("/no-such-page"),
    "signup": _visit("/signup"),
    "signup-error": _signup_error,
    "login": _visit("/login"),
    "account": _signed_in("/account"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_passes_axe_and_the_csp_at_phone_and_desktop_width(
    live_server: LiveServer, browser: Any, axe_source: str, name: str
) -> None:
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        watched = open_page(browser, viewport)
        page = watched.page
        try:
            PAGES[name](page, live_server.url)
            page.evaluate(axe_source)
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            screenshot(page, name, width_name)
        finally:
            page.context.close()
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v["impact"] in SERIOUS
        ]
        assert serious == [], f"{name} at {width_name} width"
        assert watched.errors == [], f"{name} at {width_name} width: console errors"


def test_no_page_scrolls_sideways_on_a_phone(live_server: LiveServer, browser: Any) -> None:
    for name, go in PAGES.items():
        watched = open_page(browser, PHONE)
        try:
            go(watched.page, live_server.url)
            overflow = watched.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
        finally:
            watched.page.context.close()
        assert overflow <= 0, f"{name} is {overflow}px wider than the phone"
