"""The installable app: the service worker keeps the shell for offline use; and an account
keeps the assessment a person takes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer, Watched, open_page
from tests.browser.helpers import answer_until_done

pytestmark = pytest.mark.browser

CACHE = "unknot-shell-v1"


def test_the_spasm_help_opens_offline_once_the_app_was_loaded(
    live_server: LiveServer, browser: Any
) -> None:
    watched = open_page(browser, PHONE)
    page, context = watched.page, watched.page.context
    try:
        page.goto(live_server.url + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function(f"caches.open('{CACHE}').then(c => c.match('/spasm')).then(Boolean)")
        context.set_offline(True)
        page.goto(live_server.url + "/spasm")
        assert page.get_by_role("heading", level=1).inner_text() == "First, a quick safety check"
        assert page.get_by_role("link", name="999").first.is_visible()
        page.goto(live_server.url + "/exercises/bird-dog")
        assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
    finally:
        context.close()
    offline_noise = [e for e in watched.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    assert offline_noise == []


def test_a_new_user_signs_up_takes_the_assessment_and_finds_it_in_the_account(
    live_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    email = f"new-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    page.fill("#email-input", email)
    page.fill("#password-input", "a long enough passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    page.get_by_role("link", name="Take the assessment").click()
    page.wait_for_load_state()
    answer_until_done(page, {})
    assert page.locator("text=This result is saved in").is_visible()
    page.goto(live_server.url + "/account")
    assert page.locator("text=Self-manage, with a safety net").count() == 1
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/account")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
