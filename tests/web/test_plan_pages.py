"""``/plan`` (a week, each item with its why), ``/plan/print`` (a handout), the still and strip
drawings; and what every page of the journey shares: the frame, no inline code, labels, and
under 100 KB with its CSS and JavaScript."""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi import FastAPI

from tests.web.conftest import TestClient
from tests.web.journey import (
    app,
    browser,
    clock,
    h1,
    person_with_plan,
    post_form,
    sign_up,
    take_assessment,
)
from tests.web.test_pages import PAGE_BUDGET_BYTES
from tests.web.test_today import the_plan
from unknot.content.exercises import get_exercise
from unknot.domain.plan.model import short_date
from unknot.web.security import ILLUSTRATION_POLICY

__all__ = ["app", "clock"]

JOURNEY_PAGES = [
    "/plan",
    "/plan?week=2",
    "/plan/print",
    "/today",
    "/diary",
    "/progress",
    "/settings",
    "/settings/delete",
]
"""Every page of a person's journey (signed in, with a plan)."""


@pytest.fixture
def person(app: FastAPI) -> TestClient:
    return person_with_plan(app)


@pytest.mark.parametrize("path", JOURNEY_PAGES)
def test_every_journey_page_has_the_shared_frame_and_one_heading(
    person: TestClient, path: str
) -> None:
    response = person.get(path)
    assert response.status_code == 200
    page = response.text
    assert page.startswith("<!doctype html>")
    assert page.count("<h1") == 1
    assert '<main id="main"' in page
    assert 'href="tel:999"' in page
    assert "unknot does not replace a clinician." in page
    assert '<a href="/today"' in page, "the navigation leads to today's session"


@pytest.mark.parametrize("path", JOURNEY_PAGES)
def test_every_journey_page_with_its_css_and_js_is_under_100_kb(
    person: TestClient, path: str
) -> None:
    page = person.get(path).text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)(?:\?[^"]*)?)"', page)
    assert any("journey.css" in asset for asset in assets)
    total = len(page.encode()) + sum(len(person.get(asset).content) for asset in assets)
    assert total < PAGE_BUDGET_BYTES, f"{path}: {total} bytes"


@pytest.mark.parametrize("path", JOURNEY_PAGES)
def test_journey_pages_have_no_inline_script_style_or_handler(
    person: TestClient, path: str
) -> None:
    page = person.get(path).text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
    assert "<style" not in page
    assert re.search(r"\sstyle=", page) is None
    assert re.search(r"\son[a-z]+=", page) is None


@pytest.mark.parametrize("path", JOURNEY_PAGES)
def test_every_field_of_a_journey_page_has_a_label(person: TestClient, path: str) -> None:
    page = person.get(path).text
    ids = set(re.findall(r'<label for="([^"]+)"', page))
    for match in re.finditer(r"<(input|select|textarea) ([^>]*)>", page):
        attrs = match.group(2)
        if 'type="hidden"' in attrs:
            continue
        if 'type="radio"' in attrs or 'type="checkbox"' in attrs:
            label = re.search(r'<label class="option[^"]*"[^>]*><input ' + re.escape(attrs), page)
            assert label is not None, attrs
            continue
        ident = re.search(r'id="([^"]+)"', attrs)
        assert ident is not None and ident.group(1) in ids, attrs


@pytest.mark.parametrize("path", ["/plan", "/plan/print"])
def test_a_visitor_is_sent_to_sign_in(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


def test_without_a_plan_the_plan_page_leads_to_the_assessment(app: FastAPI) -> None:
    client = browser(app)
    sign_up(client)
    page = client.get("/plan").text
    assert "You do not have a plan yet" in page
    assert '<a class="button" href="/assessment">' in page


def test_the_assessment_result_leads_signed_in_people_to_their_new_plan(app: FastAPI) -> None:
    client = browser(app)
    sign_up(client)
    result = take_assessment(client)
    assert "with a four-week plan made for you" in result
    assert '<a class="button" href="/plan">See your plan</a>' in result


def test_the_week_shows_each_day_and_each_items_why(app: FastAPI, person: TestClient) -> None:
    page = person.get("/plan").text
    plan = the_plan(app)
    week = plan.weeks[0]
    assert h1(page) == f"Your plan: week 1 of {len(plan.weeks)}"
    for day in week.days:
        assert short_date(day.date) in page
        for item in day.items():
            assert f'href="#why-{item.exercise}"' in page
    whys = dict(re.findall(r'<dt id="why-([a-z0-9-]+)">[^<]*</dt>\s*<dd>([^<]*)', page))
    items = {item.exercise: item for day in week.days for item in day.items()}
    assert set(whys) == set(items), "every exercise of the week has its why, once"
    for exercise, item in items.items():
        assert html_lib.unescape(whys[exercise]).strip() == item.why
    assert page.count('aria-current="date"') == 1
    assert html_lib.escape(plan.phase_why, quote=False) in page


@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("4", 4), ("9", 1), ("0", 1)])
def test_another_week_can_be_shown_and_an_unknown_one_falls_back_to_this_week(
    person: TestClient, asked: str, shown: int
) -> None:
    page = person.get("/plan", params={"week": asked}).text
    assert h1(page).startswith(f"Your plan: week {shown} of")


def test_the_handout_has_each_exercise_with_its_strip_steps_dose_and_cautions(
    app: FastAPI, person: TestClient
) -> None:
    page = person.get("/plan/print").text
    assert 'media="print"' in page and "css/print.css" in page
    for item in the_plan(app).weeks[0].days[0].items():
        exercise = get_exercise(item.exercise)
        assert f'src="/exercises/{item.exercise}/strip.svg"' in page
        assert html_lib.escape(item.dose.in_words()) in page
        assert html_lib.escape(exercise.steps[0], quote=False) in page
        assert html_lib.escape(exercise.cautions[0], quote=False) in page


def test_the_handout_of_a_day_outside_the_plan_says_there_is_nothing(person: TestClient) -> None:
    page = person.get("/plan/print", params={"date": "2020-01-01"}).text
    assert "There are no exercises in your plan for this day." in page


@pytest.mark.parametrize("kind", ["still", "strip"])
def test_the_still_and_strip_drawings_are_svg_with_the_drawing_policy(
    client: TestClient, kind: str
) -> None:
    response = client.get(f"/exercises/knee-to-chest/{kind}.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers.get_list("content-security-policy") == [ILLUSTRATION_POLICY]
    root = ET.fromstring(response.text)
    assert root.get("role") == "img"
    assert "<animate" not in response.text
    assert client.get(f"/exercises/no-such-exercise/{kind}.svg").status_code == 404


def test_the_strip_numbers_each_position(client: TestClient) -> None:
    svg = client.get("/exercises/knee-to-chest/strip.svg").text
    assert 'id="knee-to-chest-frame-1"' in svg and 'id="knee-to-chest-frame-2"' in svg


def test_an_emergency_answer_in_a_new_assessment_stops_the_plan(app: FastAPI) -> None:
    client = person_with_plan(app)
    stopped = take_assessment(client, {"red_flags.new_bladder_change": "yes"})
    assert h1(stopped) == "Get help now"
    page = client.get("/plan").text
    assert "This plan was stopped on 2026-03-02" in page


def test_signing_out_asks_the_browser_to_clear_what_it_kept(person: TestClient) -> None:
    response = post_form(person, "/account", "/logout", {}, follow_redirects=False)
    assert response.headers["clear-site-data"] == '"cache", "storage"'


def test_exercise_pages_show_a_still_drawing_to_people_who_ask_for_reduced_motion(
    client: TestClient,
) -> None:
    page = client.get("/exercises/cat-cow").text
    assert (
        '<source media="(prefers-reduced-motion: reduce)" srcset="/exercises/cat-cow/still.svg">'
    ) in page
    assert 'href="/exercises/cat-cow/strip.svg"' in page
