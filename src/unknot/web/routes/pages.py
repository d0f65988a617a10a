"""The home page and the health check."""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from unknot.content.articles import get_article
from unknot.web.context import web_context
from unknot.web.render import render

router = APIRouter(include_in_schema=False)

FEATURED_ARTICLES: Final = ("spasm-first-aid", "stay-active", "when-to-get-help", "heat-or-ice")
"""Shown on the home page, in this order."""


@router.get("/")
def home(request: Request) -> Response:
    featured = [get_article(ident) for ident in FEATURED_ARTICLES]
    return render(request, "home.html", {"featured": featured})


@router.get("/healthz")
def healthz(request: Request) -> Response:
    """``{"status": "ok"}``; with a database, its check too (503 when it does not answer)."""
    body: dict[str, Any] = {"status": "ok"}
    storage = web_context(request).database
    if storage is not None:
        healthy = storage.ping()
        body["database"] = "ok" if healthy else "unavailable"
        if not healthy:
            body["status"] = "degraded"
            return JSONResponse(body, status_code=503)
    return JSONResponse(body)


@router.get("/offline")
def offline(request: Request) -> Response:
    """Shown by the service worker when a page is not kept and there is no connection."""
    return render(request, "offline.html", {"title": "You are offline"})
