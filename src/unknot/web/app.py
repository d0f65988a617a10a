"""The application factory. ``unknot serve`` calls :func:`create_app`; tests call it with their
own settings and clock. Nothing is built at import time.

Middleware, outermost first: security headers on every response, then the CSRF check of
every form post. Errors from any layer go through :mod:`unknot.web.errors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Final

import anyio.to_thread
from fastapi import Depends, FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from unknot import __version__
from unknot.settings import Settings, load_settings
from unknot.web.auth import load_user
from unknot.web.context import WebContext
from unknot.web.errors import install_error_handlers
from unknot.web.keys import load_or_create_secret
from unknot.web.render import STATIC_DIR, build_templates
from unknot.web.routes import (
    accounts,
    api,
    api_journey,
    assessment,
    diary,
    drawings,
    exercises,
    learn,
    pages,
    plan,
    progress,
    pwa,
    settings_page,
    spasm,
    today,
)
from unknot.web.security import CsrfMiddleware, SecurityHeadersMiddleware
from unknot.web.storage import Storage
from unknot.web.warm import settle, warm_up

OPENAPI_URL: Final = "/api/openapi.json"

STATIC_MAX_AGE: Final = 86_400
"""Static files are addressed with a content hash (``?v=``): browsers may keep them a day."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _CachedStatic(StaticFiles):
    """Static files with a Cache-Control header (the security middleware would say no-store)."""

    async def get_response(self, path: str, scope: Scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}"
        return response


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], dt.datetime] = utc_now,
    test_mode: bool = False,
    serving: bool = False,
) -> FastAPI:
    """The web application for ``settings`` (read from the environment when not given).
    ``test_mode`` is for tests only (a fast clock for the session player). ``serving``: the
    app is this process's for its whole life (``unknot serve``): at start-up it reads all its
    content, compiles its templates and settles them out of the cycle collector's way
    (:mod:`unknot.web.warm`)."""
    settings = settings if settings is not None else load_settings()
    secret = load_or_create_secret(settings)
    storage = Storage(settings)
    templates = build_templates()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Routes that are plain functions run in this event loop's thread pool: as many at
        # once as the settings say, the others waiting their turn in order.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        storage.start()  # migrations run here, before the first request
        if serving:
            warm_up(templates.env)
            settle()
        try:
            yield
        finally:
            storage.stop()

    app = FastAPI(
        lifespan=lifespan,
        dependencies=[Depends(load_user)],
        title="unknot",
        version=__version__,
        summary="Help for a tight, spasming lower back. unknot does not replace a clinician.",
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        debug=False,
    )
    app.state.web = WebContext(
        settings=settings,
        secret=secret,
        templates=templates,
        clock=clock,
        database=storage,
        test_mode=test_mode,
    )
    install_error_handlers(app)
    app.add_middleware(CsrfMiddleware, secret=secret)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", _CachedStatic(directory=STATIC_DIR), name="static")
    # The router looks through the routes in this order for each request, trying each route
    # of an included router in turn (its prefix does not rule it out at once): the page asked
    # for most (two routes), then the API, then the other pages. No two routes match the same
    # path, so the order changes nothing else; the OpenAPI document keeps the API's order.
    for module in (today, api, api_journey, plan, diary, progress, settings_page):
        app.include_router(module.router)
    for module in (pages, spasm, assessment, learn, exercises, drawings, accounts, pwa):
        app.include_router(module.router)
    return app
