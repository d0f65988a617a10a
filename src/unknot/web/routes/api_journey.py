"""The JSON API of a person's journey, under ``/api/v1``: their plan, today, session logs, the
diary, progress, export and erasure; and the token that signs a program in.

The API reads no cookies (so it needs no CSRF token): a program signs in with
``POST /api/v1/token`` and sends ``Authorization: Bearer <token>``. A token is a sign-in
session like a browser's (30 days; "sign out everywhere" ends it too). Errors are
``{"error": {"field": ..., "message": ...}}``: 401 without a valid token, 404 before there is
a plan, 422 naming the field that breaks a rule, 429 while sign-in is paused.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from unknot.domain.records import SessionLog
from unknot.domain.validation import parse
from unknot.errors import InvalidInput, NotFound
from unknot.services import diary as diary_service
from unknot.services.plans import NoPlanYet
from unknot.services.profile import start
from unknot.services.progress import DEFAULT_DAYS, progress_report
from unknot.services.reminders import export_everything, export_everything_csv, saved_reminders
from unknot.services.scores import record_score
from unknot.web.accounts import TooManyAttempts
from unknot.web.context import web_context
from unknot.web.errors import error_json
from unknot.web.journey import (
    Visit,
    api_visit,
    bearer_token,
    log_with_token,
    plan_cache,
    reminders_uow,
    token_visit,
    uow,
)
from unknot.web.player import player_steps
from unknot.web.routes.settings_page import erase

router = APIRouter(prefix="/api/v1", tags=["journey"])

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/token.")

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

AUTH_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"description": "No valid token: sign in with POST /api/v1/token."},
}
ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    **AUTH_ERRORS,
    422: {"description": 'Invalid input: {"error": {"field": "pain", "message": "..."}}'},
}
NO_PLAN: Final[dict[int | str, dict[str, Any]]] = {
    404: {"description": "No plan yet: take the assessment first."}
}

MAX_PROGRESS_DAYS: Final = 366


async def visit_of(request: Request, credentials: Credentials) -> Visit:
    """The signed-in visit, read in the database threads
    (:meth:`unknot.web.storage.Storage.call`), so that an async route needs no trip through
    anyio's thread pool first."""
    visit: Visit = await web_context(request).database.call(api_visit, request, credentials)
    return visit


Signed = Annotated[Visit, Depends(visit_of)]


async def token_sent(credentials: Credentials) -> str:
    """The bearer token sent (401 if none, before the log is looked at), not yet checked: for
    a route that checks it later (:func:`unknot.web.journey.token_visit`), in the same trip to
    the database threads as its work. Async, though it awaits nothing: FastAPI would send a
    plain function through anyio's thread pool."""
    return bearer_token(credentials)


TokenSent = Annotated[str, Depends(token_sent)]


# --- signing in ---------------------------------------------------------------------------


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class Token(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: dt.datetime


@router.post(
    "/token",
    status_code=201,
    responses={
        422: {"description": "The email or password is not right."},
        429: {"description": "Too many failed sign-ins: wait (Retry-After) and try again."},
    },
)
def sign_in(request: Request, body: SignIn) -> Any:
    """Sign in with email and password; the token to send as ``Authorization: Bearer``."""
    web = web_context(request)
    address = request.client.host if request.client else "unknown"
    try:
        signed = web.database.accounts.sign_in(body.email, body.password, address, web.clock())
    except TooManyAttempts as paused:
        response = error_json(429, "password", str(paused))
        response.headers["Retry-After"] = str(paused.retry_after)
        return response
    return Token(token=signed.token, expires_at=signed.expires_at)


@router.delete("/token", status_code=204, responses=AUTH_ERRORS)
def sign_out(request: Request, visit: Signed, credentials: Credentials) -> Response:
    """End this token's session (other devices stay signed in)."""
    assert credentials is not None
    web_context(request).database.accounts.sign_out(credentials.credentials)
    return Response(status_code=204)


# --- the assessment, the plan and today ------------------------------------------------------


@router.post("/assessments", status_code=201, responses=ERRORS)
def post_assessment(
    request: Request,
    visit: Signed,
    answers: Annotated[
        dict[str, Any],
        Body(description="Assessment answers, format unknot.assessment/v1 (spec section 1)."),
    ],
) -> dict[str, Any]:
    """Keep an assessment: triage, and when triage allows, a new four-week plan from today
    (``plan``). At emergency or urgent there is no plan, and a plan the person had is stopped
    (``plan_stopped``): the triage result says what to do instead."""
    with uow(request) as work:
        started = start(work, visit.person_id, answers, today=visit.today, now=visit.now)
    return {
        "assessment_id": started.assessment_id,
        "triage": started.triage.as_json(),
        "plan": None if started.plan is None else started.plan.as_json(),
        "plan_stopped": started.stopped_plan_id is not None,
        "warnings": started.warnings,
    }


@router.get("/plan", responses={**AUTH_ERRORS, **NO_PLAN})
def get_plan(request: Request, visit: Signed) -> dict[str, Any]:
    """The person's active plan, format ``unknot.plan/v1`` (``docs/plan-format.md``)."""
    with uow(request, read_only=True) as work:
        active = plan_cache(request).active(work, visit.person_id, visit.plan_key)
    if active is None:
        raise NoPlanYet(visit.person_id)
    return active.plan.as_json()


@router.get("/today", responses={**AUTH_ERRORS, **NO_PLAN})
def get_today(request: Request, visit: Signed) -> dict[str, Any]:
    """Today in the person's plan (their time zone): the day (``unknot.plan/v1`` day) or
    ``null`` outside the plan, what was logged today, and the guided session's timed steps."""
    with uow(request, read_only=True) as work:
        view = plan_cache(request).day_view(work, visit.person_id, visit.today, visit.plan_key)
    stopped = view.plan.stopped if view.stopped else None
    items = view.day.items() if view.day is not None and stopped is None else []
    return {
        "format": "unknot.today/v1",
        "date": visit.today.isoformat(),
        "time_zone": visit.reminders.time_zone,
        "status": str(view.status),
        "day": None if view.day is None else view.day.as_json(),
        "stopped": None if stopped is None else stopped.as_json(),
        "logged": view.logged.model_dump(mode="json"),
        "script": player_steps(items),
        "safety_net": list(view.plan.safety_net),
    }


# --- logging ------------------------------------------------------------------------------


@router.post("/sessions", status_code=201, responses=ERRORS)
async def post_session(
    request: Request,
    token: TokenSent,
    log: Annotated[
        dict[str, Any],
        Body(
            description=(
                "A session log: date, pain_before and pain_after (0-10), effort (too_easy, "
                "about_right or too_hard), exercises ([{exercise_id, sets_done, reps_done, "
                "hold_seconds_done, minutes_done, skipped}]), optional started_at, plan_day "
                "and notes."
            ),
            examples=[
                {
                    "date": "2026-03-02",
                    "pain_before": 4,
                    "pain_after": 3,
                    "effort": "about_right",
                    "exercises": [{"exercise_id": "knee-to-chest", "sets_done": 3}],
                }
            ],
        ),
    ],
) -> dict[str, Any]:
    """Log an exercise session (the weekly review reads these). The log is checked on the
    event loop; the sign-in check and the write run together in one trip to the database
    threads, and with a token this process checked before, in one statement
    (:func:`unknot.web.journey.log_with_token`). No token is answered 401 before the log is
    looked at, and a token that is not valid 401 before a log that breaks a rule (as on every
    route, a body that is not JSON at all is refused first, by FastAPI)."""
    database = web_context(request).database
    try:
        record = parse(SessionLog, log)
    except InvalidInput:
        await database.call(token_visit, request, token)
        raise
    logged = await database.call(log_with_token, request, token, record)
    return {"id": logged.log_id, "plan_day": logged.plan_day}


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pain: int
    stiffness: int | None = None
    date: dt.date | None = None


class SpasmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    severity: int
    minutes: int
    started_at: AwareDatetime
    trigger: str = ""
    date: dt.date | None = None


class StepsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    steps: int
    date: dt.date | None = None
    source: str = diary_service.MANUAL_SOURCE


class SittingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: float
    date: dt.date | None = None


class SleepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: float
    quality: int | None = None
    woken_by_pain: bool = False
    date: dt.date | None = None


class ScoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instrument: str
    answers: dict[str, Any]
    taken_on: dt.date | None = None


DIARY_KINDS: Final = ("pain", "spasm", "steps", "sitting", "sleep", "symptoms", "score")

DIARY_BODY: Final = (
    "By kind: pain {pain, stiffness?, date?}; spasm {severity, minutes, started_at, trigger?, "
    "date?}; steps {steps, date?, source?}; sitting {hours, date?}; sleep {hours, quality?, "
    "woken_by_pain?, date?}; symptoms {red_flags?, legs?} (the assessment's blocks); score "
    "{instrument, answers, taken_on?}. Dates default to today in the person's time zone."
)


def _flare(logged: diary_service.Logged) -> dict[str, Any]:
    return {
        "id": logged.entry_id,
        "flare": None if logged.flare is None else logged.flare.as_json(),
    }


def _diary(request: Request, visit: Visit, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    pid, today, now = visit.person_id, visit.today, visit.now
    with uow(request) as work:
        if kind == "pain":
            pain = parse(PainIn, body)
            return _flare(
                diary_service.log_pain(
                    work, pid, pain=pain.pain, stiffness=pain.stiffness, date=pain.date,
                    today=today, now=now,
                )
            )  # fmt: skip
        if kind == "spasm":
            spasm = parse(SpasmIn, body)
            return _flare(
                diary_service.log_spasm(
                    work, pid, severity=spasm.severity, minutes=spasm.minutes,
                    started_at=spasm.started_at, trigger=spasm.trigger, date=spasm.date,
                    today=today, now=now,
                )
            )  # fmt: skip
        if kind == "steps":
            steps = parse(StepsIn, body)
            outcome = diary_service.log_steps(
                work, pid, steps=steps.steps, date=steps.date, today=today, source=steps.source
            )
            return outcome._asdict()
        if kind == "sitting":
            sitting = parse(SittingIn, body)
            logged = diary_service.log_sitting(
                work, pid, hours=sitting.hours, date=sitting.date, today=today
            )
            return {"id": logged.entry_id}
        if kind == "sleep":
            sleep = parse(SleepIn, body)
            logged = diary_service.log_sleep(
                work, pid, hours=sleep.hours, quality=sleep.quality,
                woken_by_pain=sleep.woken_by_pain, date=sleep.date, today=today,
            )  # fmt: skip
            return {"id": logged.entry_id}
        if kind == "symptoms":
            report = diary_service.report_symptoms(work, pid, body, today=today, now=now)
            stopped = report.stopped_plan.stopped if report.stopped_plan is not None else None
            return {
                "format": "unknot.symptoms/v1",
                "reported": report.triage is not None,
                "triage": None if report.triage is None else report.triage.as_json(),
                "plan_stopped": stopped is not None,
                "stopped": None if stopped is None else stopped.as_json(),
                "warnings": report.warnings,
            }
        score = parse(ScoreIn, body)
        kept = record_score(
            work, pid, score.instrument, score.answers, taken_on=score.taken_on or today,
            today=today,
        )  # fmt: skip
        return {"id": kept.score_id, **kept.record.model_dump(mode="json", exclude={"id"})}


@router.post(
    "/diary/{kind}",
    status_code=201,
    responses={**ERRORS, 404: {"description": "No such kind of entry."}},
)
def post_diary(
    request: Request,
    visit: Signed,
    kind: str,
    body: Annotated[dict[str, Any], Body(description=DIARY_BODY)],
) -> dict[str, Any]:
    """Log a diary entry: ``pain``, ``spasm``, ``steps``, ``sitting``, ``sleep``, new
    ``symptoms`` (triage runs again at once; a warning sign stops the plan) or a questionnaire
    ``score``. Pain or a spasm logged for today may reveal a flare-up (``flare``)."""
    if kind not in DIARY_KINDS:
        raise NotFound("diary entry kind", kind, list(DIARY_KINDS))
    return _diary(request, visit, kind, body)


# --- progress, export, erasure ----------------------------------------------------------------


@router.get("/progress", responses=AUTH_ERRORS)
def get_progress(
    request: Request,
    visit: Signed,
    days: Annotated[int, Query(ge=1, le=MAX_PROGRESS_DAYS)] = DEFAULT_DAYS,
) -> dict[str, Any]:
    """Pain, steps, sessions, scores and adherence over the last ``days`` days, with what the
    changes mean (``unknot.progress/v1``)."""
    with uow(request, read_only=True) as work:
        return progress_report(work, visit.person_id, today=visit.today, days=days).as_json()


@router.get(
    "/export",
    responses={
        **AUTH_ERRORS,
        200: {"content": {"application/json": {}, "text/csv": {}}},
    },
)
def get_export(
    request: Request,
    visit: Signed,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """Everything kept about the person: ``unknot.export/v1`` with ``reminder_settings``, as
    JSON, or as the export's long CSV (``format=csv``)."""
    with reminders_uow(request, read_only=True) as work:
        reminders = saved_reminders(work, visit.person_id)
    with uow(request, read_only=True) as work:
        if format == "csv":
            return Response(
                export_everything_csv(work, visit.person_id, reminders),
                media_type="text/csv; charset=utf-8",
            )
        return JSONResponse(export_everything(work, visit.person_id, reminders))


@router.delete("/account", responses=AUTH_ERRORS)
def delete_account(request: Request, visit: Signed) -> dict[str, Any]:
    """Erase the account and everything kept about the person, for good (every token and
    browser session ends with it). Returns the rows deleted per table."""
    return {"deleted": erase(request, visit.person_id)}
