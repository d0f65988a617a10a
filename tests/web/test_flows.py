"""The spasm-right-now path and the assessment, driven over HTTP as a browser without
JavaScript would: read the form, fill it in, post it."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import TestClient, form_data, hidden_fields, questions_on


def _walk(client: TestClient, path: str, replies: dict[str, Any]) -> tuple[str, int]:
    """Post pages until the questionnaire stops asking; the last page and how many were sent."""
    html = client.get(path).text
    posts = 0
    while questions_on(html):
        response = client.post(path, data=form_data(html, replies))
        assert response.status_code == 200, response.text[:500]
        html = response.text
        posts += 1
        assert posts < 30
    return html, posts


def test_the_home_page_offers_spasm_help_in_one_tap(client: TestClient) -> None:
    html = client.get("/").text
    assert '<a class="button big" href="/spasm">My back is in spasm right now</a>' in html


def test_the_spasm_path_needs_no_account_and_ends_in_first_aid(client: TestClient) -> None:
    html, posts = _walk(client, "/spasm", {})
    assert posts == 1
    assert "First aid for your back spasm" in html
    for part in ("position of relief", "Take short walks", "use heat", "What not to do"):
        assert part.lower() in html.lower()
    assert 'href="/exercises/constructive-rest"' in html
    assert 'href="/learn/spasm-first-aid"' in html


def test_an_emergency_answer_in_the_spasm_check_shows_the_emergency_page(
    client: TestClient,
) -> None:
    html, posts = _walk(client, "/spasm", {"red_flags.saddle_numbness": "yes"})
    assert posts == 1
    assert "Get help now" in html
    assert 'href="tel:999"' in html and 'href="tel:112"' in html and 'href="tel:911"' in html
    assert "First aid for your back spasm" not in html


def test_an_urgent_answer_in_the_spasm_check_puts_see_a_doctor_today_above_first_aid(
    client: TestClient,
) -> None:
    html, _ = _walk(client, "/spasm", {"red_flags.fever": "yes"})
    assert "Urgent: see a doctor today" in html
    assert html.index("Urgent: see a doctor today") < html.index("Positions and gentle moves")


def test_the_assessment_reaches_a_self_manage_result(client: TestClient) -> None:
    html, posts = _walk(client, "/assessment", {})
    assert posts >= 10
    assert "Your result" in html
    assert "Self-manage, with a safety net" in html
    assert "Safety net" in html
    assert "Long periods of sitting" in html, "the contributors are shown"
    assert "STarT Back" in html


def test_an_emergency_answer_stops_the_assessment_at_once(client: TestClient) -> None:
    html, posts = _walk(client, "/assessment", {"red_flags.new_bladder_change": "yes"})
    assert posts == 2, "the about-you page, then the safety page with the emergency answer"
    assert "Get help now" in html
    assert "E-CES-BLADDER" in html
    assert "Your result" not in html


def test_an_error_is_shown_next_to_its_field_and_names_what_is_allowed(
    client: TestClient,
) -> None:
    html = client.get("/assessment").text
    response = client.post("/assessment", data=form_data(html, {"age": "200"}))
    assert response.status_code == 422
    page = response.text
    assert 'id="q-age-error"' in page
    assert "please answer a whole number from 16 to 120" in page
    assert 'aria-invalid="true"' in page
    assert 'href="#q-age-input"' in page, "the error summary links to the field"
    assert 'value="200"' in page, "what was typed is kept"


def test_an_answer_left_out_keeps_the_same_page(client: TestClient) -> None:
    html = client.get("/assessment").text
    data = form_data(html)
    del data["age"]
    response = client.post("/assessment", data=data)
    assert response.status_code == 422
    assert "an answer is needed" in response.text
    assert hidden_fields(response.text)["draft"] == hidden_fields(html)["draft"]


def test_a_changed_draft_is_refused(client: TestClient) -> None:
    html = client.get("/assessment").text
    first = client.post("/assessment", data=form_data(html)).text
    data = form_data(first)
    body, _, signature = data["draft"].partition(".")
    data["draft"] = body[:-2] + "AA." + signature
    response = client.post("/assessment", data=data)
    assert response.status_code == 422
    assert "please start again" in response.text


def test_a_spasm_draft_is_not_accepted_by_the_assessment(client: TestClient) -> None:
    spasm = client.get("/spasm").text
    data = form_data(client.get("/assessment").text)
    data["draft"] = hidden_fields(spasm)["draft"]
    assert client.post("/assessment", data=data).status_code == 422
