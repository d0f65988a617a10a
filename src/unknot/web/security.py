"""Security at the edge: response headers, CSRF protection of form posts, cookie settings.

Headers (every response)
    A Content-Security-Policy that allows no inline script or style and no framing, plus
    ``X-Content-Type-Options: nosniff``, a Referrer-Policy, a Permissions-Policy and, over
    HTTPS, HSTS. A response that sets its own policy (an SVG illustration) keeps it.

CSRF (every form post outside ``/api/``)
    Signed double-submit: the browser holds a random value in an HttpOnly cookie, and each form
    carries ``HMAC(secret, cookie | session cookie)``. A post whose token does not match, or
    whose ``Origin`` is another site, is refused with 403 before any route runs, so no route can
    forget the check. The JSON API is stateless, takes no cookies and accepts JSON only, which a
    cross-site form cannot send.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unknot.web.signing import mac

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline script or style anywhere; nothing from other sites; never framed (clickjacking)."""

ILLUSTRATION_POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""For SVG drawings shown through ``<img>``: an image runs no script, and its own animation
styles live inside the file."""

SECURITY_HEADERS: Final[Mapping[str, str]] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), screen-wake-lock=(self)"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
"""Added to every response that does not set its own."""

HSTS: Final = "max-age=31536000"
"""One year of HTTPS-only, sent only over HTTPS."""

CSRF_COOKIE: Final = "unknot_csrf"
"""The random half of the double-submit pair."""

CSRF_FIELD: Final = "csrf_token"
"""The hidden form field holding the signed half."""

SESSION_COOKIE: Final = "unknot_session"
"""The sign-in session; CSRF tokens are bound to it."""

API_PREFIX: Final = "/api/"
"""The JSON API: stateless, not cookie-authenticated, so outside CSRF checks."""

SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

MAX_FORM_BYTES: Final = 64 * 1024
"""No form of unknot's is larger; a bigger body is refused before it is read whole."""

FORM_TYPE: Final = "application/x-www-form-urlencoded"


def cookie_settings(request: Request) -> dict[str, Any]:
    """HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS."""
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": request.url.scheme == "https",
        "path": "/",
    }


def csrf_token(secret: bytes, csrf_cookie: str, session_cookie: str) -> str:
    """The form token for this browser's cookie pair."""
    return mac(secret, "csrf", f"{csrf_cookie}|{session_cookie}".encode())


def csrf_token_for(request: Request, secret: bytes) -> str:
    """The token to put in this page's forms; a new cookie value is made if there is none
    (:func:`set_csrf_cookie` then sends it)."""
    value = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not value:
        value = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = value
    session = getattr(request.state, "session_cookie", None)
    if session is None:
        session = request.cookies.get(SESSION_COOKIE, "")
    return csrf_token(secret, value, session)


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Send the CSRF cookie made while rendering, if one was."""
    value = getattr(request.state, "new_csrf_cookie", None)
    if value:
        response.set_cookie(CSRF_COOKIE, value, **cookie_settings(request))


def _cookies(headers: Headers) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw in headers.getlist("cookie"):
        found.update(cookie_parser(raw))
    return found


def same_origin(scope: Scope, headers: Headers) -> bool:
    """True when the ``Origin`` header is absent or names this site."""
    origin = headers.get("origin")
    if origin is None:
        return True
    host = headers.get("host", "")
    return origin in (f"{scope.get('scheme', 'http')}://{host}",)


_ADDED_HEADERS: Final = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in {**SECURITY_HEADERS, "Cache-Control": "no-store"}.items()
)
""":data:`SECURITY_HEADERS` and ``Cache-Control: no-store`` as ASGI's raw header pairs, made
once: each response adds those it does not set itself, after one look at its headers."""

_HSTS_HEADER: Final = (b"strict-transport-security", HSTS.encode("latin-1"))


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` (and HSTS over HTTPS) to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", ()))
                present = {name.lower() for name, _ in raw}
                raw.extend(pair for pair in _ADDED_HEADERS if pair[0] not in present)
                if https:
                    raw = [pair for pair in raw if pair[0].lower() != _HSTS_HEADER[0]]
                    raw.append(_HSTS_HEADER)
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfMiddleware:
    """Refuses any unsafe request outside ``/api/`` that lacks a valid CSRF token.

    The body is read (at most :data:`MAX_FORM_BYTES`), checked, and handed on unchanged.
    Refusals are rendered by :func:`unknot.web.errors.refusal`.
    """

    def __init__(self, app: ASGIApp, secret: bytes) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or scope["path"].startswith(API_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        from unknot.web.errors import refusal

        headers = Headers(scope=scope)
        if not same_origin(scope, headers):
            await refusal(scope, 403, "This form came from another site, so it was refused.")(
                scope, receive, send
            )
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_FORM_BYTES:
            await refusal(scope, 413, "That form was too large.")(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                await refusal(scope, 413, "That form was too large.")(scope, receive, send)
                return
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != FORM_TYPE or not self._valid(headers, body):
            await refusal(
                scope,
                403,
                "This form has expired or did not come from unknot. Go back, reload the page "
                "and try again.",
            )(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _valid(self, headers: Headers, body: bytes) -> bool:
        cookies = _cookies(headers)
        cookie = cookies.get(CSRF_COOKIE, "")
        if not cookie:
            return False
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        sent = fields.get(CSRF_FIELD, [""])[0]
        expected = csrf_token(self.secret, cookie, cookies.get(SESSION_COOKIE, ""))
        return bool(sent) and hmac.compare_digest(sent, expected)
