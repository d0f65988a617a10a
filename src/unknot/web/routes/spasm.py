"""``/spasm``: help for a back in spasm right now, no account needed.

First a short safety check (age and the emergency questions of the questionnaire); an emergency
answer stops at once with what to do. Then first aid: the spasm-first-aid article with its
relief positions and gentle moves, each with its drawing.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from unknot.content.articles import get_article
from unknot.content.questionnaire import load_questionnaire
from unknot.domain.triage import Level, TriageResult
from unknot.domain.triage.advice import SAFETY_NET
from unknot.web.context import web_context
from unknot.web.forms import posted
from unknot.web.markdown import render_markdown
from unknot.web.render import render
from unknot.web.routes._forms import form_lists, questions_page, seal, unseal
from unknot.web.views import citations, exercises_by_id, illustrated, level_label
from unknot.web.wizard import Draft, Outcome, Step, advance, next_page, read_replies, spasm_check

router = APIRouter(include_in_schema=False)

PURPOSE: Final = "spasm-check"
"""Signs the spasm check's draft (a draft of the full assessment is not accepted here)."""

FIRST_AID_ARTICLE: Final = "spasm-first-aid"

HEADING: Final = "First, a quick safety check"

INTRO: Final = (
    "A few yes-or-no questions look for the rare problems that need help straight away. "
    "Then you will see what you can do now."
)


def _check_page(request: Request, outcome_draft: Draft) -> Response:
    web = web_context(request)
    page = next_page(load_questionnaire(), outcome_draft, spasm_check, one_section=False)
    assert page is not None
    return questions_page(
        request,
        page=page,
        draft_token=seal(web, PURPOSE, outcome_draft),
        action="/spasm",
        heading=HEADING if not outcome_draft.asked else "One more question",
        intro=INTRO if not outcome_draft.asked else "",
        submit_label="Continue",
    )


def first_aid(request: Request, result: TriageResult | None) -> Response:
    article = get_article(FIRST_AID_ARTICLE)
    exercises = exercises_by_id(article.exercises)
    return render(
        request,
        "first_aid.html",
        {
            "title": "First aid for a back spasm",
            "result": result,
            "level_label": level_label(result.level) if result else "",
            "article": article,
            "body_html": render_markdown(article.body, heading_offset=1),
            "exercises": exercises,
            "illustrated": illustrated(exercises),
            "references": citations(article.references),
            "safety_net": list(result.safety_net) if result else list(SAFETY_NET),
        },
    )


def stopped(request: Request, result: TriageResult) -> Response:
    return render(
        request,
        "stop.html",
        {
            "title": "Get help now" if result.level == Level.EMERGENCY else "See a doctor today",
            "result": result,
            "level_label": level_label(result.level),
        },
    )


@router.get("/spasm")
def spasm_start(request: Request) -> Response:
    return _check_page(request, Draft())


@router.post("/spasm")
async def spasm_answer(request: Request) -> Response:
    return await posted(request, _spasm_answer)


def _spasm_answer(request: Request, form: FormData) -> Response:
    web = web_context(request)
    draft = unseal(web, PURPOSE, form)
    questionnaire = load_questionnaire()
    page = next_page(questionnaire, draft, spasm_check, one_section=False)
    if page is None:
        return first_aid(request, None)
    replies = read_replies(page, form_lists(form))
    if not replies.ok:
        return questions_page(
            request,
            page=page,
            draft_token=seal(web, PURPOSE, draft),
            action="/spasm",
            heading=HEADING if not draft.asked else "One more question",
            replies=replies,
        )
    outcome: Outcome = advance(
        questionnaire, draft, page, replies.values, spasm_check, one_section=False
    )
    if outcome.step == Step.ASK:
        return _check_page(request, outcome.draft)
    assert outcome.result is not None
    if outcome.result.level == Level.EMERGENCY:
        return stopped(request, outcome.result)
    return first_aid(request, outcome.result)
