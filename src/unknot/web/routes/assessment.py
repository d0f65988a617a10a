"""``/assessment``: the whole questionnaire, one section per page, red-flag sections first.

An emergency answer stops at once with a full-screen page; an urgent result stops when the
red-flag sections end. Otherwise the last page leads to the triage result, with the same
level, headline, actions, reasons, contributors and safety net that the terminal shows.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from unknot.content.questionnaire import load_questionnaire
from unknot.domain.answers import parse_answers
from unknot.domain.triage import TriageResult, triage
from unknot.web.auth import current_user
from unknot.web.context import web_context
from unknot.web.forms import posted
from unknot.web.journey import keep_assessment
from unknot.web.render import render
from unknot.web.routes._forms import form_lists, progress, questions_page, seal, unseal
from unknot.web.routes.spasm import stopped
from unknot.web.views import level_label
from unknot.web.wizard import Draft, Page, Replies, Step, advance, next_page, read_replies
from unknot.web.wizard import whole_assessment as in_scope

router = APIRouter(include_in_schema=False)

PURPOSE: Final = "assessment"

START_NOTE: Final = (
    "About 5 minutes. Safety questions come first. Your answers are not stored unless you are "
    "signed in; you can see them all at the end."
)


def _page(request: Request, draft: Draft, page: Page, replies: Replies | None = None) -> Response:
    web = web_context(request)
    questionnaire = load_questionnaire()
    return questions_page(
        request,
        page=page,
        draft_token=seal(web, PURPOSE, draft),
        action="/assessment",
        heading=page.section.title,
        intro=page.section.intro.strip(),
        note=START_NOTE if not draft.asked else "",
        progress=progress(questionnaire, in_scope, page),
        submit_label="Continue",
        replies=replies,
    )


def result_page(request: Request, result: TriageResult, data: dict[str, Any]) -> Response:
    user = current_user(request)
    saved = False
    plan_made = False
    if user is not None and user.id is not None:
        plan_made = keep_assessment(request, user, data).plan is not None
        saved = True
    return render(
        request,
        "triage_result.html",
        {
            "title": "Your result",
            "result": result,
            "level_label": level_label(result.level),
            "answers_json": json.dumps(data, indent=2, ensure_ascii=False),
            "saved": saved,
            "plan_made": plan_made,
        },
    )


@router.get("/assessment")
def assessment_start(request: Request) -> Response:
    draft = Draft()
    page = next_page(load_questionnaire(), draft, in_scope)
    assert page is not None
    return _page(request, draft, page)


@router.post("/assessment")
async def assessment_answer(request: Request) -> Response:
    return await posted(request, _assessment_answer)


def _assessment_answer(request: Request, form: FormData) -> Response:
    web = web_context(request)
    draft = unseal(web, PURPOSE, form)
    questionnaire = load_questionnaire()
    page = next_page(questionnaire, draft, in_scope)
    if page is None:
        return _finish(request, draft)
    replies = read_replies(page, form_lists(form))
    if not replies.ok:
        return _page(request, draft, page, replies)
    outcome = advance(questionnaire, draft, page, replies.values, in_scope)
    if outcome.step == Step.ASK:
        assert outcome.page is not None
        return _page(request, outcome.draft, outcome.page)
    assert outcome.result is not None
    if outcome.step == Step.STOP:
        user = current_user(request)
        if user is not None and user.id is not None:  # kept, and a plan they had is stopped
            try:
                keep_assessment(request, user, outcome.draft.data)
            except Exception:  # the page of what to do must show, whatever storage does
                logging.getLogger("unknot.web").exception("a stopped assessment was not kept")
        return stopped(request, outcome.result)
    return result_page(request, outcome.result, outcome.draft.data)


def _finish(request: Request, draft: Draft) -> Response:
    answers, _ = parse_answers(dict(draft.data))
    return result_page(request, triage(answers), draft.data)
