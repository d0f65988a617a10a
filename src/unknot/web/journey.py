"""What the pages and the API of a person's journey share: who is signed in and what day it is
for them, units of work on the app's database, and the cache of restored plans.

Pages and API routes stay thin: guard with :func:`signed_in` (pages) or :func:`api_visit`
(the API), call a service with a unit of work from :func:`uow`, and render.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from fastapi.security import HTTPAuthorizationCredentials
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from unknot.adapters import journey_reads, journey_writes
from unknot.adapters.journey_reads import VisitReads
from unknot.adapters.reminders_repository import SqlRemindersUnitOfWork
from unknot.domain.records import Person, SessionLog
from unknot.domain.reminders import DEFAULT_REMINDERS, Reminders
from unknot.errors import InvalidInput
from unknot.services.plan_cache import PlanCache, PlanKey
from unknot.services.planned_session import log_in_plan
from unknot.services.plans import ActivePlan
from unknot.services.profile import Started, start
from unknot.services.sessions import SessionLogged
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.web.accounts import token_hash
from unknot.web.auth import current_user, set_current_user, take_pending_token
from unknot.web.context import web_context

PLAN_CACHE_ATTRIBUTE: Final = "unknot_plan_cache"
"""Where the app keeps its :class:`PlanCache` (``app.state``), made on first use."""
KNOWN_TOKENS_ATTRIBUTE: Final = "unknot_known_tokens"
"""Where the app keeps its :class:`KnownTokens` (``app.state``), made on first use."""

T = TypeVar("T")


@dataclass(frozen=True)
class Visit:
    """The person signed in, their reminder settings, their own date and time now, and what
    a page of theirs needs to know first: which plan is active, and the sessions logged today.
    Read together in one short read-only transaction."""

    person: Person
    reminders: Reminders
    now: dt.datetime
    """In the person's time zone."""
    plan_key: PlanKey | None
    """The active plan's id and creation time (``None``: no plan), for the plan cache."""
    sessions_today: int

    @property
    def person_id(self) -> int:
        assert self.person.id is not None
        return self.person.id

    @property
    def today(self) -> dt.date:
        return self.now.date()


def _visit_of(person: Person, found: VisitReads, moment: dt.datetime) -> Visit:
    reminders = found.reminders if found.reminders is not None else DEFAULT_REMINDERS
    now = reminders.local(moment)
    return Visit(person, reminders, now, found.plan_key, found.sessions.get(now.date(), 0))


def _visit(request: Request, person: Person) -> Visit:
    assert person.id is not None
    web = web_context(request)
    moment = web.clock()
    found = journey_reads.visit(web.database.engine, person.id, moment.astimezone(dt.UTC).date())
    return _visit_of(person, found, moment)


def _signed_visit(request: Request, token: str) -> Visit | None:
    """The session check and the visit's reads in one statement (one round trip)."""
    web = web_context(request)
    moment = web.clock()
    found = journey_reads.signed_visit(
        web.database.engine, token_hash(token), moment, moment.astimezone(dt.UTC).date()
    )
    if found is None:
        return None
    return _visit_of(found.person, found.reads, moment)


def signed_in(request: Request) -> Visit | None:
    """The visit of the person signed in with the session cookie, or ``None``. When the
    cookie is not yet checked, it is checked in the same statement as the visit's reads."""
    token = take_pending_token(request)
    if token:
        visit = _signed_visit(request, token)
        set_current_user(request, visit.person if visit is not None else None)
        return visit
    person = current_user(request)
    if person is None or person.id is None:
        return None
    return _visit(request, person)


async def signed_in_off_loop(request: Request) -> Visit | None:
    """:func:`signed_in` for an async route: its read runs in the database threads
    (:meth:`unknot.web.storage.Storage.call`), not on the event loop."""
    visit: Visit | None = await web_context(request).database.call(signed_in, request)
    return visit


def to_sign_in() -> Response:
    """Send a visitor to sign in first."""
    return RedirectResponse("/login", status_code=303)


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, not yet checked; 401 without
    one (nothing read)."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _not_signed_in()
    return credentials.credentials


def api_visit(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Visit:
    """The visit of the person whose API token this is; 401 without a valid one. The API
    reads no cookies: a token is sent as ``Authorization: Bearer <token>``."""
    return token_visit(request, bearer_token(credentials))


def token_visit(request: Request, token: str) -> Visit:
    """The visit of the person whose API token (from :func:`bearer_token`) this is; 401 when
    it is not a valid one."""
    visit = _signed_visit(request, token)
    if visit is None or visit.person.id is None:
        raise _not_signed_in()
    return visit


def _not_signed_in() -> HTTPException:
    return HTTPException(
        401,
        "sign in first: POST /api/v1/token, then send Authorization: Bearer <token>",
        headers={"WWW-Authenticate": "Bearer"},
    )


def uow(request: Request, *, read_only: bool = False) -> SqlUnitOfWork:
    """A unit of work on the app's database (use it in a ``with`` block)."""
    return SqlUnitOfWork(web_context(request).database.engine, read_only=read_only)


def reminders_uow(request: Request, *, read_only: bool = False) -> SqlRemindersUnitOfWork:
    return SqlRemindersUnitOfWork(web_context(request).database.engine, read_only=read_only)


def _one_per_process(request: Request, attribute: str, kind: type[T]) -> T:
    """The app's one ``kind()``, kept in ``app.state`` under ``attribute``, made on first use."""
    state = request.app.state
    kept = getattr(state, attribute, None)
    if not isinstance(kept, kind):
        kept = kind()
        setattr(state, attribute, kept)
    return kept


def plan_cache(request: Request) -> PlanCache:
    """The app's cache of restored plans (one per server process)."""
    return _one_per_process(request, PLAN_CACHE_ATTRIBUTE, PlanCache)


def kept_plan_of(request: Request, visit: Visit) -> ActivePlan | None:
    """The visit's active plan if this process keeps it (no database needed), else ``None``
    (no plan, or not kept: then ask :func:`active_plan_of`)."""
    if visit.plan_key is None:
        return None
    return plan_cache(request).kept(visit.person_id, visit.plan_key)


def active_plan_of(request: Request, visit: Visit) -> ActivePlan | None:
    """The visit's active plan: the one this process keeps, else read and restored; ``None``
    without one."""
    kept = kept_plan_of(request, visit)
    if kept is not None or visit.plan_key is None:
        return kept
    with uow(request, read_only=True) as work:
        return plan_cache(request).active(work, visit.person_id, visit.plan_key)


def store_session_log(request: Request, visit: Visit, log: SessionLog) -> SessionLogged:
    """Store a session log of the person signed in, checked already (as
    :func:`unknot.services.planned_session.log_in_plan` does), in one statement that commits
    by itself (:mod:`unknot.adapters.journey_writes`: the write lock and round trips of a unit
    of work would make every other writer wait longer)."""
    engine = web_context(request).database.engine
    log_id = journey_writes.add_session_log(engine, visit.person_id, log)
    return SessionLogged(log_id, log.plan_day)


def keep_assessment(request: Request, person: Person, answers: dict[str, Any]) -> Started:
    """Store a finished assessment for the person signed in, with the plan it allows
    (:func:`unknot.services.profile.start`; at emergency or urgent no plan is made and a plan
    they had is stopped)."""
    visit = _visit(request, person)
    with uow(request) as work:
        return start(work, visit.person_id, answers, today=visit.today, now=visit.now)


@dataclass(frozen=True)
class KnownToken:
    """What a full check of an API token (:func:`token_visit`) found: whose it is, their
    settings (so their time zone) and their active plan's key. Not proof of anything: a log
    sent with the token later is checked against it, and stored only if the database still
    agrees, in the same statement (:func:`log_with_token`)."""

    person_id: int
    reminders: Reminders
    plan_key: PlanKey | None

    @classmethod
    def of(cls, visit: Visit) -> KnownToken:
        return cls(visit.person_id, visit.reminders, visit.plan_key)


KNOWN_TOKENS_SIZE: Final = 4096
"""[DESIGN] Tokens remembered per process, the least recently used dropped first: a hundred
bytes or so each."""


class KnownTokens:
    """What this process found when it last checked each API token in full, by the token's
    hash (never the token itself). Shared by the process's threads."""

    def __init__(self, size: int = KNOWN_TOKENS_SIZE) -> None:
        self._size = size
        self._known: OrderedDict[str, KnownToken] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._known)

    def get(self, hashed: str) -> KnownToken | None:
        with self._lock:
            known = self._known.get(hashed)
            if known is not None:
                self._known.move_to_end(hashed)
            return known

    def keep(self, hashed: str, known: KnownToken) -> None:
        with self._lock:
            self._known[hashed] = known
            self._known.move_to_end(hashed)
            while len(self._known) > self._size:
                self._known.popitem(last=False)

    def drop(self, hashed: str) -> None:
        with self._lock:
            self._known.pop(hashed, None)


def known_tokens(request: Request) -> KnownTokens:
    """The app's :class:`KnownTokens` (one per server process)."""
    return _one_per_process(request, KNOWN_TOKENS_ATTRIBUTE, KnownTokens)


def log_with_token(request: Request, token: str, log: SessionLog) -> SessionLogged:
    """Store a session log sent with an API token: 401 when the token is not valid,
    :class:`InvalidInput` when the log breaks a rule (a date after the person's today), else
    the log as stored, with its plan day filled in from their active plan.

    When this process checked the token before and keeps the person's plan, the log is
    checked against what it found then, and the sign-in check and the write are one statement
    (:func:`unknot.adapters.journey_writes.add_signed_session_log`), which stores the log
    only if the database still agrees: the session unexpired and the person's, and the same
    time zone and active plan. Otherwise (a first log, a new plan, new settings, signed out,
    a log that breaks a rule) the token is checked in full first, as on every other route,
    and what was found is kept for the next log."""
    hashed = token_hash(token)
    tokens = known_tokens(request)
    known = tokens.get(hashed)
    if known is not None:
        logged = _log_as_known(request, hashed, known, log)
        if logged is not None:
            return logged
        tokens.drop(hashed)
    visit = token_visit(request, token)
    tokens.keep(hashed, KnownToken.of(visit))
    active = active_plan_of(request, visit)
    return store_session_log(request, visit, log_in_plan(active, log, today=visit.today))


def _log_as_known(
    request: Request, hashed: str, known: KnownToken, log: SessionLog
) -> SessionLogged | None:
    """:func:`log_with_token` in one statement, or ``None`` (nothing stored) when that cannot
    be done or the database no longer agrees with ``known``."""
    active = None
    if known.plan_key is not None:
        active = plan_cache(request).kept(known.person_id, known.plan_key)
        if active is None:
            return None
    web = web_context(request)
    moment = web.clock()
    try:
        checked = log_in_plan(active, log, today=known.reminders.today(moment))
    except InvalidInput:
        return None
    log_id = journey_writes.add_signed_session_log(
        web.database.engine,
        hashed,
        moment,
        checked,
        person_id=known.person_id,
        time_zone=known.reminders.time_zone,
        plan_key=known.plan_key,
    )
    return None if log_id is None else SessionLogged(log_id, checked.plan_day)
