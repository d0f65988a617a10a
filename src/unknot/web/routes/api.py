"""The JSON API under ``/api/v1``: the same operations as the command line, same formats.

Errors are ``{"error": {"field": ..., "message": ...}}``: 422 for invalid input, 404 for an
unknown id. The OpenAPI document is at ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from unknot.content.articles import Article, get_article, load_articles
from unknot.content.exercises import get_exercise, load_exercises
from unknot.domain.answers import parse_answers
from unknot.domain.instruments import score
from unknot.domain.triage import triage
from unknot.web.markdown import render_markdown
from unknot.web.search import search_articles
from unknot.web.views import citations, exercise_json

router = APIRouter(prefix="/api/v1", tags=["api"])

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {
        "description": 'Invalid input: {"error": {"field": "pain.now", "message": "..."}}',
    },
}


@router.post("/triage", responses=ERROR_RESPONSES)
def triage_answers(
    answers: Annotated[
        dict[str, Any],
        Body(description="Assessment answers, format unknot.assessment/v1 (spec section 1)."),
    ],
) -> dict[str, Any]:
    """Triage assessment answers: the ``unknot.triage/v1`` result (spec section 2).

    Fields unknot does not know are ignored and listed in ``warnings``.
    """
    parsed, warnings = parse_answers(answers)
    result = triage(parsed).as_json()
    result["warnings"] = warnings
    return result


@router.post(
    "/score/{instrument}",
    responses={**ERROR_RESPONSES, 404: {"description": "No such instrument."}},
)
def score_instrument(
    instrument: str,
    answers: Annotated[
        dict[str, Any], Body(description="The instrument's answers (spec section 3).")
    ],
) -> dict[str, Any]:
    """Score a questionnaire (spec section 3): ``startback``, ``rmdq``, ``odi``, ``nrs``,
    ``psfs``, ``asas-ibp``, ``berlin-ibp`` or ``ng65``."""
    result = score(instrument, answers)
    data: dict[str, Any] = result.model_dump(mode="json")
    return data


@router.get("/exercises")
def list_exercises() -> list[dict[str, Any]]:
    """Every exercise: fields, default dose in words, citations and the drawing's URL."""
    return [exercise_json(ex) for ex in load_exercises()]


@router.get("/exercises/{exercise_id}", responses={404: {"description": "No such exercise."}})
def one_exercise(exercise_id: str) -> dict[str, Any]:
    """One exercise by id."""
    return exercise_json(get_exercise(exercise_id))


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "tags": list(article.tags),
        "reviewed": article.reviewed.isoformat(),
        "url": f"/learn/{article.id}",
    }


@router.get("/articles")
def list_articles(q: str = "") -> list[dict[str, Any]]:
    """Every article (id, title, summary, tags), or those matching the search ``q``."""
    return [_article_summary(article) for article in search_articles(load_articles(), q[:200])]


@router.get("/articles/{article_id}", responses={404: {"description": "No such article."}})
def one_article(article_id: str) -> dict[str, Any]:
    """One article: its Markdown body, the body as HTML, and its references."""
    article = get_article(article_id)
    data = article.model_dump(mode="json")
    data["html"] = render_markdown(article.body)
    data["references"] = citations(article.references)
    return data
