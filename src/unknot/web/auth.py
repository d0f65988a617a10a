"""Who is signed in: the session cookie read once per request, and the cookie written and
cleared. Pages read ``request.state.user`` (a :class:`Person` or None)."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from unknot.domain.records import Person
from unknot.web.context import web_context
from unknot.web.security import SESSION_COOKIE, cookie_settings


def load_user(request: Request) -> None:
    """A dependency of every route: sets ``request.state.user`` from the session cookie."""
    request.state.user = None
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        web = web_context(request)
        request.state.user = web.database.accounts.person_for(token, web.clock())


def current_user(request: Request) -> Person | None:
    user = getattr(request.state, "user", None)
    return user if isinstance(user, Person) else None


def set_session_cookie(
    request: Request, response: Response, token: str, expires_at: dt.datetime
) -> None:
    max_age = int((expires_at - web_context(request).clock()).total_seconds())
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, **cookie_settings(request))


def clear_session_cookie(request: Request, response: Response) -> None:
    settings = cookie_settings(request)
    response.delete_cookie(
        SESSION_COOKIE,
        path=settings["path"],
        secure=settings["secure"],
        httponly=True,
        samesite="lax",
    )
