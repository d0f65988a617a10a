"""The one read the web app makes first on each page of a person's journey: who is signed in
with a session token (the session check), their reminder settings (so their time zone, so
their "today"), which plan is active (its id and when it was stored, not its JSON) and how
many sessions they logged on the days around now, all in one statement. Scoped to one person
(the one whose session it is); storage only.

The statements are SQLAlchemy Core, built once, and each runs on its own, without a
transaction around it (:func:`unknot.adapters.db.single_statement`: one statement sees one
consistent snapshot; on SQLite it never waits for the write lock), so a page view costs one
round trip to the database.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, Engine, Row, bindparam, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from unknot.adapters.accounts_orm import WebSessionRow
from unknot.adapters.db import single_statement
from unknot.adapters.orm import PLAN_IS_ACTIVE, PersonRow, PlanRow, SessionLogRow
from unknot.adapters.reminders_orm import ReminderSettingsRow
from unknot.adapters.reminders_repository import reminders_from
from unknot.domain.records import Person
from unknot.domain.reminders import Reminders

PlanKey = tuple[int, dt.datetime]
"""A stored plan's id and the moment it was stored: a stored plan never changes, so this
names its content (see :class:`unknot.services.plan_cache.PlanCache`)."""

DAYS_AROUND: Final = (-1, 0, 1)
"""Time zones run from UTC-12 to UTC+14, so anyone's date is the UTC date, the day before or
the day after."""


@dataclass(frozen=True)
class VisitReads:
    """What :meth:`SqlJourneyReads.visit` found."""

    reminders: Reminders | None
    """``None`` when the person saved no settings."""
    plan_key: PlanKey | None
    sessions: dict[dt.date, int]
    """Sessions logged on each of the days around the date asked about."""


@dataclass(frozen=True)
class SignedVisit:
    """What :func:`signed_visit` found: the person whose session it is, and their visit."""

    person: Person
    reads: VisitReads


PERSON_COLUMNS: Final = (
    PersonRow.id,
    PersonRow.created_at,
    PersonRow.display_name,
    PersonRow.email,
    PersonRow.is_local_profile,
)


def _visit_columns(person: ColumnElement[int] | InstrumentedAttribute[int]) -> list[Any]:
    """The settings, the active plan's key and the session counts of ``person`` (a bound
    parameter, or the column of a joined row), in the order :func:`_visit_from` reads them."""
    active = (PlanRow.person_id == person) & PLAN_IS_ACTIVE
    counts = [
        select(func.count())
        .select_from(SessionLogRow)
        .where(SessionLogRow.person_id == person, SessionLogRow.day == bindparam(f"day_{n}"))
        .scalar_subquery()
        .label(f"sessions_{n}")
        for n in range(len(DAYS_AROUND))
    ]
    return [
        ReminderSettingsRow.time_zone,
        ReminderSettingsRow.session_time,
        ReminderSettingsRow.walk_times,
        ReminderSettingsRow.alarm_minutes,
        select(PlanRow.id).where(active).scalar_subquery().label("plan_id"),
        select(PlanRow.created_at).where(active).scalar_subquery().label("plan_at"),
        *counts,
    ]


@functools.cache
def _visit_query() -> Any:
    """The statement of :meth:`SqlJourneyReads.visit`, built once (parameters: ``person_id``,
    ``day_0`` .. ``day_2``)."""
    person = bindparam("person_id", type_=PersonRow.id.type)
    one = select(literal(1).label("one")).subquery()
    return (
        select(*_visit_columns(person))
        .select_from(one)
        .outerjoin(ReminderSettingsRow, ReminderSettingsRow.person_id == person)
    )


def _session_filter() -> ColumnElement[bool]:
    return (WebSessionRow.token_hash == bindparam("token_hash")) & (
        WebSessionRow.expires_at > bindparam("now")
    )


@functools.cache
def _signed_visit_query() -> Any:
    """The statement of :func:`signed_visit`, built once (parameters: ``token_hash``, ``now``,
    ``day_0`` .. ``day_2``): the session check joined to the visit's reads, every one of them
    scoped to the person the unexpired session belongs to."""
    return (
        select(*PERSON_COLUMNS, *_visit_columns(PersonRow.id))
        .select_from(WebSessionRow)
        .join(PersonRow, PersonRow.id == WebSessionRow.person_id)
        .outerjoin(ReminderSettingsRow, ReminderSettingsRow.person_id == PersonRow.id)
        .where(_session_filter())
    )


@functools.cache
def _session_person_query() -> Any:
    """The session check alone (parameters: ``token_hash``, ``now``), built once."""
    return (
        select(*PERSON_COLUMNS)
        .select_from(WebSessionRow)
        .join(PersonRow, PersonRow.id == WebSessionRow.person_id)
        .where(_session_filter())
    )


def _days(around: dt.date) -> list[dt.date]:
    return [around + dt.timedelta(days=offset) for offset in DAYS_AROUND]


def _visit_from(row: Row[Any], first: int, days: list[dt.date]) -> VisitReads:
    """The visit's columns of ``row``, from column ``first`` on."""
    time_zone, session_time, walk_times, alarm_minutes, plan_id, plan_at = row[first : first + 6]
    reminders = None
    if time_zone is not None:
        reminders = reminders_from(time_zone, session_time, walk_times, alarm_minutes)
    key = None if plan_id is None else (int(plan_id), plan_at)
    sessions = {day: int(row[first + 6 + n] or 0) for n, day in enumerate(days)}
    return VisitReads(reminders, key, sessions)


def _person_from(row: Row[Any]) -> Person:
    ident, created_at, display_name, email, is_local_profile = row[: len(PERSON_COLUMNS)]
    return Person(
        id=ident,
        created_at=created_at,
        display_name=display_name,
        email=email,
        is_local_profile=is_local_profile,
    )


def session_person(engine: Engine, token_hash: str, now: dt.datetime) -> Person | None:
    """Whose sign-in session this is (by the token's hash), if it exists and has not expired
    at ``now``: one statement, on its own."""
    with single_statement(engine) as connection:
        row = connection.execute(
            _session_person_query(), {"token_hash": token_hash, "now": now}
        ).first()
    return None if row is None else _person_from(row)


def signed_visit(
    engine: Engine, token_hash: str, now: dt.datetime, around: dt.date
) -> SignedVisit | None:
    """The session check and the visit's reads (as :meth:`SqlJourneyReads.visit`, for the
    days around ``around``) in one statement, on its own; ``None`` when no
    unexpired session has this token hash at ``now``."""
    days = _days(around)
    params: dict[str, Any] = {"token_hash": token_hash, "now": now}
    params.update({f"day_{n}": day for n, day in enumerate(days)})
    with single_statement(engine) as connection:
        row = connection.execute(_signed_visit_query(), params).first()
    if row is None:
        return None
    return SignedVisit(_person_from(row), _visit_from(row, len(PERSON_COLUMNS), days))


def visit(engine: Engine, person_id: int, around: dt.date) -> VisitReads:
    """:meth:`SqlJourneyReads.visit` in one statement, on its own."""
    days = _days(around)
    params: dict[str, Any] = {"person_id": person_id}
    params.update({f"day_{n}": day for n, day in enumerate(days)})
    with single_statement(engine) as connection:
        row = connection.execute(_visit_query(), params).one()
    return _visit_from(row, 0, days)


class SqlJourneyReads:
    def __init__(self, session: Session) -> None:
        self._session = session

    def visit(self, person_id: int, around: dt.date) -> VisitReads:
        """The person's settings, active plan key and sessions logged on the days around
        ``around`` (see :data:`DAYS_AROUND`), in one round trip to the database."""
        days = _days(around)
        params: dict[str, Any] = {"person_id": person_id}
        params.update({f"day_{n}": day for n, day in enumerate(days)})
        row = self._session.execute(_visit_query(), params).one()
        return _visit_from(row, 0, days)
