"""Who is signed in: the session cookie read once per request, and the cookie written and
cleared. Pages call :func:`current_user` (a :class:`Person` or None).

The cookie is checked against the database on first use in the request, not before the route
runs: a page of the journey checks it in the same statement as its first read
(:func:`unknot.web.journey.signed_in`), so a page view makes one round trip to the database;
other pages check it when they ask who is signed in. Either way it is checked on every request
that uses it, so signing out, here or everywhere, takes effect at once.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from unknot.domain.records import Person
from unknot.web.context import web_context
from unknot.web.security import SESSION_COOKIE, cookie_settings

PENDING_TOKEN = "session_token"
"""``request.state`` attribute: the session cookie, not yet checked against the database."""


async def load_user(request: Request) -> None:
    """A dependency of every route: notes the session cookie, to be checked on first use.
    Async (and without any database work), so it runs without a trip to the thread pool."""
    request.state.user = None
    setattr(request.state, PENDING_TOKEN, request.cookies.get(SESSION_COOKIE, "") or None)


def take_pending_token(request: Request) -> str | None:
    """The session cookie of a request whose user is not yet known (and forget it: the caller
    now checks it and sets ``request.state.user``), or ``None``."""
    token = getattr(request.state, PENDING_TOKEN, None)
    setattr(request.state, PENDING_TOKEN, None)
    return token if isinstance(token, str) else None


def current_user(request: Request) -> Person | None:
    """The person signed in with the session cookie, checked in the database once per
    request, or ``None``."""
    token = take_pending_token(request)
    if token:
        web = web_context(request)
        request.state.user = web.database.accounts.person_for(token, web.clock())
    user = getattr(request.state, "user", None)
    return user if isinstance(user, Person) else None


def set_current_user(request: Request, person: Person | None) -> None:
    """Record who is signed in for the rest of this request (after a sign-out, ``None``)."""
    setattr(request.state, PENDING_TOKEN, None)
    request.state.user = person


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
