"""Accounts: ``/signup``, ``/login``, ``/logout`` (this browser, or everywhere) and
``/account``. Thin: read the form, call :class:`unknot.web.accounts.AccountService`, answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from unknot.domain.triage import Level
from unknot.errors import InvalidInput
from unknot.web.accounts import MIN_PASSWORD_CHARS, TooManyAttempts
from unknot.web.auth import clear_session_cookie, current_user, set_session_cookie
from unknot.web.context import web_context
from unknot.web.forms import posted
from unknot.web.render import render
from unknot.web.security import SESSION_COOKIE
from unknot.web.views import level_label

router = APIRouter(include_in_schema=False)

SIGNED_OUT_CLEARS = '"cache", "storage"'
"""Signing out clears what this browser kept of the person: the copy of /today kept for
offline use and any session log waiting to be sent (W3C Clear Site Data)."""


def _text(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _form(
    request: Request,
    template: str,
    *,
    email: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        template,
        {
            "title": "Create an account" if template == "signup.html" else "Sign in",
            "email": email,
            "errors": errors or {},
            "min_password": MIN_PASSWORD_CHARS,
        },
        status_code=status_code,
    )


def _signed_in(request: Request, token: str, expires_at: Any) -> Response:
    response = RedirectResponse("/account", status_code=303)
    set_session_cookie(request, response, token, expires_at)
    return response


@router.get("/signup")
def signup_form(request: Request) -> Response:
    if current_user(request) is not None:
        return RedirectResponse("/account", status_code=303)
    return _form(request, "signup.html")


@router.post("/signup")
async def signup(request: Request) -> Response:
    return await posted(request, _signup)


def _signup(request: Request, form: FormData) -> Response:
    web = web_context(request)
    email = _text(form, "email")
    try:
        signed = web.database.accounts.sign_up(
            email, _text(form, "password"), web.clock(), _text(form, "display_name").strip()
        )
    except InvalidInput as error:
        field = error.field if error.field in ("email", "password") else "email"
        message = error.message
        if field == "email" and "already" in message:
            message = "an account already uses this email; sign in instead"
        return _form(request, "signup.html", email=email, errors={field: message}, status_code=422)
    return _signed_in(request, signed.token, signed.expires_at)


@router.get("/login")
def login_form(request: Request) -> Response:
    if current_user(request) is not None:
        return RedirectResponse("/account", status_code=303)
    return _form(request, "login.html")


@router.post("/login")
async def login(request: Request) -> Response:
    return await posted(request, _login)


def _login(request: Request, form: FormData) -> Response:
    web = web_context(request)
    email = _text(form, "email")
    try:
        signed = web.database.accounts.sign_in(
            email, _text(form, "password"), _client_address(request), web.clock()
        )
    except TooManyAttempts as paused:
        response = _form(
            request, "login.html", email=email, errors={"password": str(paused)}, status_code=429
        )
        response.headers["Retry-After"] = str(paused.retry_after)
        return response
    except InvalidInput as error:
        return _form(
            request, "login.html", email=email, errors={"password": error.message}, status_code=422
        )
    return _signed_in(request, signed.token, signed.expires_at)


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        web_context(request).database.accounts.sign_out(token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    response.headers["Clear-Site-Data"] = SIGNED_OUT_CLEARS
    return response


@router.post("/logout/everywhere")
def logout_everywhere(request: Request) -> Response:
    user = current_user(request)
    if user is not None and user.id is not None:
        web_context(request).database.accounts.sign_out_everywhere(user.id)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(request, response)
    response.headers["Clear-Site-Data"] = SIGNED_OUT_CLEARS
    return response


@router.get("/account")
def account(request: Request) -> Response:
    user = current_user(request)
    if user is None or user.id is None:
        return RedirectResponse("/login", status_code=303)
    assessments = web_context(request).database.assessments(user.id)
    return render(
        request,
        "account.html",
        {
            "title": "Your account",
            "person": user,
            "assessments": [
                {
                    "taken_at": record.taken_at,
                    "level": level_label_of(record.level),
                    "headline": record.triage.get("headline", ""),
                }
                for record in assessments
            ],
        },
    )


def level_label_of(level: str) -> str:
    try:
        return level_label(Level(level))
    except ValueError:
        return level
