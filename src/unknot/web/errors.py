"""The one error handler: an HTML page for people, JSON under ``/api/`` for programs.

Every error the app raises on purpose (:mod:`unknot.errors`), every HTTP error and every
unexpected exception ends here. A person never sees a stack trace: an unexpected error is
logged on the server and shown as a short apology with a way back.

JSON errors have the shape of the command line's (spec, interfaces.md):
``{"error": {"field": "...", "message": "..."}}``.
"""

from __future__ import annotations

import logging
from typing import Final

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Scope

from unknot.domain.validation import field_path
from unknot.errors import InvalidInput, NotFound, UnknotError
from unknot.web.security import API_PREFIX

log = logging.getLogger("unknot.web")

TITLES: Final = {
    400: "That request was not understood",
    403: "That was refused",
    404: "Page not found",
    405: "That is not allowed here",
    413: "That was too large",
    415: "That kind of request is not accepted",
    422: "Please check your answers",
    429: "Too many tries",
    500: "Something went wrong",
}
"""The heading of the error page for each status."""

MESSAGES: Final = {
    404: "There is nothing at this address. It may have moved, or the link may be mistyped.",
    405: "This page cannot be used that way.",
    500: "Something went wrong on our side. Please try again in a moment.",
}


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIX)


def error_json(status: int, field: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"field": field, "message": message}}, status_code=status)


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    """The HTML error page. Falls back to plain text if the page itself cannot be drawn."""
    from unknot.web.render import render

    text = message or MESSAGES.get(status, TITLES.get(status, "Something went wrong."))
    try:
        return render(
            request,
            "error.html",
            {"status": status, "heading": TITLES.get(status, "Error"), "message": text},
            status_code=status,
        )
    except Exception:
        log.exception("the error page could not be rendered")
        return PlainTextResponse(text, status_code=status)


def respond(request: Request, status: int, field: str, message: str | None = None) -> Response:
    """The error as JSON for the API, as a page otherwise."""
    if is_api(request.url.path):
        return error_json(status, field, message or TITLES.get(status, "error"))
    return error_page(request, status, message)


def refusal(scope: Scope, status: int, message: str) -> Response:
    """A response for middleware that refuses a request before any route runs."""
    return respond(Request(scope), status, "request", message)


async def _check_user(request: Request) -> None:
    """Check the session cookie (a database read) in the thread pool, not the event loop,
    before an error page shows who is signed in."""
    if not is_api(request.url.path):
        from unknot.web.auth import current_user

        await run_in_threadpool(current_user, request)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
    await _check_user(request)
    response = respond(request, exc.status_code, "request", detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    loc = tuple(part for part in first.get("loc", ()) if part not in ("body", "query", "path"))
    field = field_path(loc) or "(body)"
    message = str(first.get("msg", "invalid request"))
    if first.get("type") == "json_invalid":
        field, message = "(body)", "the body is not valid JSON"
    elif first.get("type") == "missing":
        message = "this field is required"
    await _check_user(request)
    return respond(request, 422, field, message)


async def _unknot_error(request: Request, exc: Exception) -> Response:
    await _check_user(request)
    if isinstance(exc, NotFound):
        return respond(request, 404, exc.kind, str(exc))
    if isinstance(exc, InvalidInput):
        return respond(request, 422, exc.field, exc.message)
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    try:
        await _check_user(request)
    except Exception:
        log.exception("the session could not be checked for the error page")
    return respond(request, 500, "server", MESSAGES[500])


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through this module."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(UnknotError, _unknot_error)
    app.add_exception_handler(Exception, _unexpected)
