"""The education library: ``/learn`` (with search) and ``/learn/{id}``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from unknot.content.articles import get_article, load_articles
from unknot.errors import NotFound
from unknot.web.markdown import render_markdown
from unknot.web.render import render
from unknot.web.search import search_articles
from unknot.web.views import citations, exercises_by_id

router = APIRouter(include_in_schema=False)

MAX_QUERY_CHARS = 200
"""A search longer than this is cut."""


@router.get("/learn")
def learn(request: Request, q: str = "") -> Response:
    query = q.strip()[:MAX_QUERY_CHARS]
    found = search_articles(load_articles(), query)
    return render(
        request,
        "learn_index.html",
        {"title": "Learn", "articles": found, "query": query},
    )


@router.get("/learn/{article_id}")
def article(request: Request, article_id: str) -> Response:
    chosen = get_article(article_id)
    related = []
    for ident in chosen.related:
        try:
            related.append(get_article(ident))
        except NotFound:  # a broken link is the linter's to report, not the reader's
            continue
    return render(
        request,
        "article.html",
        {
            "title": chosen.title,
            "article": chosen,
            "body_html": render_markdown(chosen.body),
            "exercises": exercises_by_id(chosen.exercises),
            "related": related,
            "references": citations(chosen.references),
        },
    )
