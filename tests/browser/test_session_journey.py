"""A person's journey in Chromium: sign up, the assessment, the plan, a whole guided session with
its timers (on a fast clock), the log, and progress showing it; the player's announcements,
pause, skip and keyboard use; a still drawing for reduced motion; a session done offline; and
axe-core with a phone and a desktop screenshot of every page of the journey.

The app runs in test mode (``create_app(test_mode=True)``) so that ``/today?speed=N`` runs the
player's clock N times faster.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    LiveServer,
    Watched,
    open_page,
    screenshot,
    serving,
)
from tests.browser.helpers import answer_until_done
from unknot.settings import load_settings
from unknot.web.app import create_app

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
FAST = 400
"""A whole session in a couple of seconds."""

WATCH_ANNOUNCEMENTS = """() => {
    window.announced = [];
    const region = document.getElementById('player-announce');
    new MutationObserver(() => {
        if (region.textContent) { window.announced.push(region.textContent); }
    }).observe(region, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def fast_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("unknot-journey")
    app = create_app(load_settings(home=home, database_url=None), test_mode=True)
    with serving(app, home) as server:
        yield server


def start_journey(page: Any, base: str) -> None:
    """Sign up as a new person and take the assessment (which makes the plan)."""
    page.goto(base + "/signup")
    page.fill("#email-input", f"journey-{uuid.uuid4().hex[:8]}@example.org")
    page.fill("#password-input", "a long enough passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    page.goto(base + "/assessment")
    answer_until_done(page, {})


def choose(page: Any, name: str, value: str) -> None:
    page.check(f'input[name="{name}"][value="{value}"]')


def test_a_new_person_goes_from_sign_up_to_a_finished_session_and_sees_it_in_progress(
    fast_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    start_journey(page, fast_server.url)
    page.get_by_role("link", name="See your plan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your plan: week 1 of")
    page.get_by_role("link", name="Start today's session").click()
    page.wait_for_load_state()
    page.goto(f"{fast_server.url}/today?speed={FAST}")
    page.evaluate(WATCH_ANNOUNCEMENTS)
    choose(page, "pain_before", "4")
    page.get_by_role("button", name="Start the guided session").click()
    assert page.locator("#player").is_visible()
    page.wait_for_selector("#log-done", state="visible", timeout=30_000)
    assert page.locator("#player").is_hidden()
    assert page.evaluate("document.activeElement.id") == "log-heading"
    summary = page.locator("#log-done").inner_text()
    assert summary.startswith("Session finished. You did ")
    sets = page.evaluate(
        """() => [...document.querySelectorAll('select[data-sets]')]
            .map(s => [s.value, s.getAttribute('data-sets')])"""
    )
    assert sets and all(done == planned for done, planned in sets), "every set was done"
    announced = page.evaluate("window.announced")
    assert any(text.startswith("Exercise 1 of ") for text in announced)
    assert any("Hold" in text or "reps" in text for text in announced)
    assert announced[-1].startswith("Session finished.")
    choose(page, "pain_after", "3")
    choose(page, "effort", "about_right")
    page.get_by_role("button", name="Save this session").click()
    page.wait_for_url("**/today?saved=*")
    assert "Saved: your session of" in page.locator(".notice.ok").inner_text()
    page.get_by_role("link", name="See your progress").click()
    page.wait_for_load_state()
    sessions = page.locator("section[aria-labelledby=sessions-heading]")
    assert "You logged 1 of the 1 planned sessions (100%)" in sessions.inner_text()
    assert sessions.locator("svg[role=img] rect[fill='#0b5cad']").count() == 1


def test_the_player_pauses_skips_and_ends_early_with_the_sets_done_filled_in(
    fast_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    start_journey(page, fast_server.url)
    page.goto(f"{fast_server.url}/today?speed=2")
    page.evaluate(WATCH_ANNOUNCEMENTS)
    page.get_by_role("button", name="Start the guided session").click()
    pause = page.locator("#player-pause")
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    assert pause.inner_text() == "Resume"
    shown = page.locator("#player-countdown").inner_text()
    page.wait_for_timeout(1200)
    assert page.locator("#player-countdown").inner_text() == shown, "paused time stands still"
    assert page.locator("#player-detail").inner_text() == "Paused"
    page.locator("#player-skip").click()
    assert page.locator("#player-progress").inner_text().startswith("Exercise 2 of")
    pause.click()
    page.wait_for_timeout(1200)
    assert page.locator("#player-countdown").inner_text() != shown, "time runs again"
    page.locator("#player-end").click()
    assert page.locator("#log-done").inner_text().startswith("Session ended early.")
    assert page.locator("#sets-0-input").input_value() == "0", "the skipped item is not done"
    announced = page.evaluate("window.announced")
    assert "Paused." in announced and "Going again." in announced
    assert any(text.startswith("Skipped ") for text in announced)


def test_the_player_is_used_with_the_keyboard_and_its_buttons_are_big_enough(
    fast_server: LiveServer, desktop: Watched
) -> None:
    page = desktop.page
    start_journey(page, fast_server.url)
    page.goto(f"{fast_server.url}/today?speed=1")
    page.locator("#player-start").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "player-name"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused in ("player-pause", "player-skip")
    page.locator("#player-pause").focus()
    page.keyboard.press("Space")
    assert page.locator("#player-pause").get_attribute("aria-pressed") == "true"
    heights = page.evaluate(
        """() => [...document.querySelectorAll('#player button')]
            .map(b => b.getBoundingClientRect().height)"""
    )
    assert heights and min(heights) >= 44


def test_a_person_who_asks_for_reduced_motion_sees_still_drawings(
    fast_server: LiveServer, browser: Any
) -> None:
    watched = open_page(browser, PHONE, reduced_motion="reduce")
    page = watched.page
    try:
        start_journey(page, fast_server.url)
        page.goto(fast_server.url + "/today")
        page.wait_for_load_state("networkidle")
        sources = page.evaluate(
            "() => [...document.querySelectorAll('.session-items img')].map(i => i.currentSrc)"
        )
    finally:
        page.context.close()
    assert sources and all(src.endswith("/still.svg") for src in sources)
    assert watched.errors == []


def test_a_session_logged_offline_is_kept_and_sent_when_back_online(
    fast_server: LiveServer, browser: Any
) -> None:
    from playwright.sync_api import expect

    watched = open_page(browser, PHONE)
    page, context = watched.page, watched.page.context
    try:
        start_journey(page, fast_server.url)
        page.goto(fast_server.url + "/today")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        deadline = time.monotonic() + 15
        while not page.evaluate(
            "caches.open('unknot-today-v1').then(c => c.match('/today')).then(Boolean)"
        ):
            assert time.monotonic() < deadline, "today's page was not kept for offline use"
            page.wait_for_timeout(100)
        context.set_offline(True)
        page.goto(fast_server.url + "/today")
        assert page.get_by_role("heading", level=1).inner_text() == "Today"
        choose(page, "pain_before", "5")
        choose(page, "pain_after", "4")
        choose(page, "effort", "too_easy")
        page.get_by_role("button", name="Save this session").click()
        status = page.locator("#queue-status")
        assert "You are offline." in status.inner_text()
        context.set_offline(False)
        expect(status).to_contain_text("has now been saved", timeout=15_000)
        page.goto(fast_server.url + "/today")
        assert "You have logged 1 session today." in page.content()
    finally:
        context.close()
    noise = [e for e in watched.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    assert noise == []


def _fresh(path: str) -> Callable[[Any, str], None]:
    def go(page: Any, base: str) -> None:
        start_journey(page, base)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")

    return go


def _player_paused(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(base + "/today?speed=1")
    page.wait_for_load_state("networkidle")
    choose(page, "pain_before", "3")
    page.get_by_role("button", name="Start the guided session").click()
    page.wait_for_timeout(300)
    page.locator("#player-pause").click()
    page.wait_for_load_state("networkidle")


def _session_done(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(f"{base}/today?speed={FAST}")
    page.get_by_role("button", name="Start the guided session").click()
    page.wait_for_selector("#log-done", state="visible", timeout=30_000)


def _session_error(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(base + "/today")
    page.get_by_role("button", name="Save this session").click()
    page.wait_for_selector(".error-summary")
    page.wait_for_load_state()


def _diary_logged(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(base + "/diary")
    choose(page, "pain", "3")
    page.get_by_role("button", name="Save pain").click()
    page.wait_for_load_state()


def _diary_error(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(base + "/diary")
    page.get_by_role("button", name="Save steps").click()
    page.wait_for_load_state()


def _progress_with_data(page: Any, base: str) -> None:
    _session_done(page, base)
    choose(page, "pain_before", "5")
    choose(page, "pain_after", "3")
    choose(page, "effort", "about_right")
    page.get_by_role("button", name="Save this session").click()
    page.wait_for_url("**/today?saved=*")
    page.goto(base + "/diary")
    page.fill("#steps-input", "5200")
    page.get_by_role("button", name="Save steps").click()
    page.wait_for_load_state()
    choose(page, "pain", "2")
    page.get_by_role("button", name="Save pain").click()
    page.wait_for_load_state()
    page.goto(base + "/progress")
    page.locator("details.data summary").first.click()


def _deleted(page: Any, base: str) -> None:
    start_journey(page, base)
    page.goto(base + "/settings/delete")
    page.check("#confirm-input")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()


PAGES: dict[str, Callable[[Any, str], None]] = {
    "plan": _fresh("/plan"),
    "plan-print": _fresh("/plan/print"),
    "today": _fresh("/today"),
    "today-player": _player_paused,
    "today-done": _session_done,
    "today-error": _session_error,
    "diary": _fresh("/diary"),
    "diary-saved": _diary_logged,
    "diary-error": _diary_error,
    "progress-empty": _fresh("/progress"),
    "progress": _progress_with_data,
    "settings": _fresh("/settings"),
    "settings-delete": _fresh("/settings/delete"),
    "account-deleted": _deleted,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_journey_page_passes_axe_at_phone_and_desktop_width(
    fast_server: LiveServer, browser: Any, axe_source: str, name: str
) -> None:
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        watched = open_page(browser, viewport)
        page = watched.page
        try:
            PAGES[name](page, fast_server.url)
            page.evaluate(axe_source)
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            shot: Path = screenshot(page, name, width_name)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
        finally:
            page.context.close()
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v["impact"] in SERIOUS
        ]
        assert serious == [], f"{name} at {width_name} width"
        assert watched.errors == [], f"{name} at {width_name} width: console errors"
        assert overflow <= 0, f"{name} is {overflow}px wider than the {width_name}"
        assert shot.stat().st_size > 0


def test_signing_out_drops_the_copy_of_today_kept_for_offline_use(
    fast_server: LiveServer, browser: Any
) -> None:
    watched = open_page(browser, PHONE)
    page, context = watched.page, watched.page.context
    kept = "caches.keys().then(keys => keys.includes('unknot-today-v1'))"
    try:
        start_journey(page, fast_server.url)
        page.goto(fast_server.url + "/today")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        deadline = time.monotonic() + 15
        while not page.evaluate(kept):
            assert time.monotonic() < deadline, "today's page was not kept"
            page.wait_for_timeout(100)
        page.evaluate("localStorage.setItem('unknot-queued-session-logs', '[]')")
        page.goto(fast_server.url + "/account")
        page.get_by_role("button", name="Sign out", exact=True).click()
        page.wait_for_load_state()
        assert page.evaluate(kept) is False
        assert page.evaluate("localStorage.length") == 0
    finally:
        context.close()
