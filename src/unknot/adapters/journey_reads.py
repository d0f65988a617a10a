"""The one read the web app makes first on each page of a person's journey: their reminder
settings (so their time zone, so their "today"), which plan is active (its id and when it was
stored, not its JSON) and how many sessions they logged on the days around now, all in one
statement. Scoped to one person; storage only.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import BindParameter, bindparam, func, literal, select
from sqlalchemy.orm import Session

from unknot.adapters.orm import PlanRow, SessionLogRow
from unknot.adapters.reminders_orm import ReminderSettingsRow
from unknot.adapters.reminders_repository import reminders_from
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


@functools.cache
def _visit_query() -> Any:
    """The statement of :meth:`SqlJourneyReads.visit`, built once (parameters: ``person_id``,
    ``day_0`` .. ``day_2``)."""
    person: BindParameter[int] = bindparam("person_id")
    active = (PlanRow.person_id == person) & PlanRow.active
    counts = [
        select(func.count())
        .select_from(SessionLogRow)
        .where(SessionLogRow.person_id == person, SessionLogRow.day == bindparam(f"day_{n}"))
        .scalar_subquery()
        .label(f"sessions_{n}")
        for n in range(len(DAYS_AROUND))
    ]
    one = select(literal(1).label("one")).subquery()
    return (
        select(
            ReminderSettingsRow.time_zone,
            ReminderSettingsRow.session_time,
            ReminderSettingsRow.walk_times,
            ReminderSettingsRow.alarm_minutes,
            select(PlanRow.id).where(active).scalar_subquery().label("plan_id"),
            select(PlanRow.created_at).where(active).scalar_subquery().label("plan_at"),
            *counts,
        )
        .select_from(one)
        .outerjoin(ReminderSettingsRow, ReminderSettingsRow.person_id == person)
    )


class SqlJourneyReads:
    def __init__(self, session: Session) -> None:
        self._session = session

    def visit(self, person_id: int, around: dt.date) -> VisitReads:
        """The person's settings, active plan key and sessions logged on the days around
        ``around`` (see :data:`DAYS_AROUND`), in one round trip to the database."""
        days = [around + dt.timedelta(days=offset) for offset in DAYS_AROUND]
        params: dict[str, Any] = {"person_id": person_id}
        params.update({f"day_{n}": day for n, day in enumerate(days)})
        row = self._session.execute(_visit_query(), params).one()
        reminders = None
        if row.time_zone is not None:
            reminders = reminders_from(
                row.time_zone, row.session_time, row.walk_times, row.alarm_minutes
            )
        key = None if row.plan_id is None else (int(row.plan_id), row.plan_at)
        sessions = {day: int(row[6 + n] or 0) for n, day in enumerate(days)}
        return VisitReads(reminders, key, sessions)
