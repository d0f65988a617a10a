"""What a person does in the browser: spasm help signed out, the red-flag stop, the
assessment to a result, and using the site by keyboard."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer, Watched
from tests.browser.helpers import answer_page, answer_until_done

pytestmark = pytest.mark.browser


def test_the_spasm_path_works_signed_out_from_the_home_page(
    live_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="My back is in spasm right now").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "First, a quick safety check"
    answer_page(page, {})
    assert page.get_by_role("heading", level=1).inner_text() == "First aid for your back spasm"
    assert page.get_by_role("link", name="Open this as an article").is_visible()
    assert page.locator("text=What not to do").count() >= 1


def test_an_emergency_answer_stops_at_once_with_the_emergency_page(
    live_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    page.goto(live_server.url + "/assessment")
    answer_page(page, {})
    answer_page(page, {"red_flags.new_bladder_change": "yes"})
    assert page.get_by_role("heading", level=1).inner_text() == "Get help now"
    assert page.get_by_role("link", name="Call 999").is_visible()
    assert page.locator("form.questions").count() == 0, "no further questions"


def test_the_assessment_reaches_a_self_manage_result(
    live_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    page.goto(live_server.url + "/assessment")
    sent = answer_until_done(page, {})
    assert sent >= 10
    assert page.get_by_role("heading", level=1).inner_text() == "Your result"
    assert page.locator(".level-self-manage").inner_text() == "Self-manage, with a safety net"


def test_a_wrong_answer_is_explained_next_to_its_field(
    live_server: LiveServer, phone: Watched
) -> None:
    page = phone.page
    page.goto(live_server.url + "/assessment")
    page.fill('input[name="age"]', "twelve")
    page.click("form.questions button[type=submit]")
    page.wait_for_load_state()
    message = page.locator("#q-age-error").inner_text()
    assert "a whole number from 16 to 120" in message
    assert page.locator("#q-age-input").get_attribute("aria-invalid") == "true"


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    live_server: LiveServer, desktop: Watched
) -> None:
    page = desktop.page
    page.goto(live_server.url + "/learn")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "it shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_touch_targets_are_at_least_44_pixels_high(live_server: LiveServer, phone: Watched) -> None:
    page = phone.page
    page.goto(live_server.url + "/spasm")
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, label.option, input:not([type=hidden])')]
            .filter(el => el.offsetParent !== null && !el.closest('p, td, dd'))
            .filter(el => !el.closest('li') || el.closest('nav'))
            .filter(el => !(el.tagName === 'INPUT' && el.closest('label')))
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []
