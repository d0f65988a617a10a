"""The questionnaire as web pages: grouping, follow-ups, and the red-flag stops."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import default_reply
from unknot.content.questionnaire import load_questionnaire
from unknot.domain.triage import Level
from unknot.web.wizard import (
    Draft,
    Outcome,
    Page,
    Step,
    advance,
    next_page,
    read_replies,
    spasm_check,
    whole_assessment,
)


def _answer(draft: Draft, replies: dict[str, Any], *, spasm: bool = False) -> Outcome:
    questionnaire = load_questionnaire()
    scope = spasm_check if spasm else whole_assessment
    page = next_page(questionnaire, draft, scope, one_section=not spasm)
    assert page is not None
    form = {}
    for q in page.questions:
        reply = replies.get(q.field, default_reply(q))
        form[q.field] = reply if isinstance(reply, list) else [reply]
    read = read_replies(page, form)
    assert read.ok, read.errors
    return advance(questionnaire, draft, page, read.values, scope, one_section=not spasm)


def _run(replies: dict[str, Any], *, spasm: bool = False) -> tuple[Outcome, list[list[str]]]:
    """Answer page after page until the questionnaire stops or ends; the pages' fields."""
    draft, pages = Draft(), []
    questionnaire = load_questionnaire()
    scope = spasm_check if spasm else whole_assessment
    while True:
        page = next_page(questionnaire, draft, scope, one_section=not spasm)
        assert page is not None
        pages.append([q.field for q in page.questions])
        outcome = _answer(draft, replies, spasm=spasm)
        if outcome.step != Step.ASK:
            return outcome, pages
        draft = outcome.draft


def test_the_first_assessment_page_is_the_about_you_section() -> None:
    page = next_page(load_questionnaire(), Draft(), whole_assessment)
    assert page is not None
    assert page.section.id == "about"
    assert [q.field for q in page.questions] == ["age", "sex"]


def test_the_spasm_check_asks_age_and_every_unconditional_emergency_question_on_one_page() -> None:
    questionnaire = load_questionnaire()
    page = next_page(questionnaire, Draft(), spasm_check, one_section=False)
    assert page is not None
    emergency = next(s for s in questionnaire.sections if s.id == "emergency")
    expected = ["age"] + [q.field for q in emergency.questions if q.ask_if is None]
    assert [q.field for q in page.questions] == expected


def test_an_ordinary_assessment_ends_with_a_self_manage_result() -> None:
    outcome, pages = _run({})
    assert outcome.step == Step.DONE
    assert outcome.result is not None
    assert outcome.result.level == Level.SELF_MANAGE
    assert pages[1][0] == "red_flags.new_bladder_change", "red flags come straight after age"


def test_every_question_is_asked_once_in_a_full_assessment() -> None:
    _, pages = _run({})
    fields = [name for page in pages for name in page]
    assert len(fields) == len(set(fields))


@pytest.mark.parametrize(
    ("field", "reply"),
    [
        ("red_flags.new_bladder_change", "yes"),
        ("red_flags.saddle_numbness", "yes"),
        ("legs.pain_or_numbness", "both_legs"),
        ("red_flags.chest_pain", "yes"),
        ("red_flags.major_trauma", "yes"),
    ],
)
def test_an_emergency_answer_stops_at_the_end_of_its_page(field: str, reply: str) -> None:
    outcome, pages = _run({field: reply})
    assert outcome.step == Step.STOP
    assert outcome.result is not None and outcome.result.level == Level.EMERGENCY
    assert len(pages) == 2, "nothing is asked after the page with the emergency answer"


def test_the_same_emergency_answer_stops_the_spasm_check_at_once() -> None:
    outcome, pages = _run({"red_flags.new_bowel_change": "yes"}, spasm=True)
    assert outcome.step == Step.STOP
    assert outcome.result is not None and outcome.result.level == Level.EMERGENCY
    assert len(pages) == 1


def test_an_urgent_answer_stops_when_the_red_flag_sections_end() -> None:
    outcome, pages = _run({"red_flags.unexplained_weight_loss": "yes"})
    assert outcome.step == Step.STOP
    assert outcome.result is not None and outcome.result.level == Level.URGENT
    assert "episode.onset" not in {name for page in pages for name in page}


def test_a_question_that_depends_on_the_same_page_comes_on_a_follow_up_page() -> None:
    outcome, pages = _run({"legs.weakness": "one_leg"}, spasm=True)
    assert pages[1] == ["legs.weakness_getting_worse"]
    assert len(pages) == 2
    assert outcome.step != Step.ASK


def test_fever_with_feeling_very_unwell_stops_the_spasm_check_as_an_emergency() -> None:
    outcome, pages = _run(
        {"red_flags.fever": "yes", "red_flags.feels_very_unwell": "yes"}, spasm=True
    )
    assert outcome.result is not None and outcome.result.level == Level.EMERGENCY
    assert len(pages) == 1


def test_a_follow_up_whose_condition_fails_is_never_asked() -> None:
    _, pages = _run({"legs.weakness": "none"}, spasm=True)
    assert len(pages) == 1


def test_a_spasm_check_with_no_warning_sign_ends_without_an_urgent_level() -> None:
    outcome, _ = _run({}, spasm=True)
    assert outcome.step == Step.DONE
    assert outcome.result is not None
    assert outcome.result.level.rank < Level.URGENT.rank


def test_in_a_spasm_the_self_tests_are_skipped_and_recorded_as_not_done() -> None:
    outcome, pages = _run({"pain.now": "8"})
    asked = {name for page in pages for name in page}
    assert "self_tests.forward_bend_reach" not in asked
    assert outcome.draft.data["self_tests"]["forward_bend_reach"] == "not_done"


@pytest.mark.parametrize(
    ("field", "sent", "expected"),
    [
        ("age", ["15"], "a whole number from 16 to 120"),
        ("age", ["forty"], "a whole number from 16 to 120"),
        ("age", [""], "an answer is needed"),
        ("sex", ["robot"], "one of 1 (Female), 2 (Male), 3 (Other)"),
    ],
)
def test_a_bad_reply_is_an_error_that_says_what_is_allowed(
    field: str, sent: list[str], expected: str
) -> None:
    page = next_page(load_questionnaire(), Draft(), whole_assessment)
    assert page is not None
    read = read_replies(page, {field: sent})
    assert expected in read.errors[field]


def test_a_blank_optional_reply_is_no_error() -> None:
    page = next_page(load_questionnaire(), Draft(), whole_assessment)
    assert page is not None
    read = read_replies(page, {"age": ["40"], "sex": [""]})
    assert read.ok
    assert read.values == {"age": 40, "sex": None}


def test_several_boxes_ticked_become_a_list() -> None:
    questionnaire = load_questionnaire()
    question = next(q for q in questionnaire.questions() if q.field == "preferences.equipment")
    section = next(s for s in questionnaire.sections if s.id == "preferences")
    read = read_replies(Page(((section, question),)), {question.field: ["mat", "chair"]})
    assert read.values == {"preferences.equipment": ["mat", "chair"]}


def test_a_draft_survives_its_json_form() -> None:
    outcome = _answer(Draft(), {})
    assert Draft.from_json(outcome.draft.as_json()) == outcome.draft
