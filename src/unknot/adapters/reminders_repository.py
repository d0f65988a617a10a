"""Reminder settings in the database (table in :mod:`unknot.adapters.reminders_orm`). Storage
only: what is allowed lives in :mod:`unknot.domain.reminders`.

:class:`SqlRemindersUnitOfWork` is one transaction over them; every method is scoped to one
person.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Self

from sqlalchemy import select
from sqlalchemy.orm import Session

from unknot.adapters.db import SqlTransaction
from unknot.adapters.reminders_orm import ReminderSettingsRow
from unknot.domain.reminders import Reminders
from unknot.domain.validation import parse

if TYPE_CHECKING:
    from unknot.adapters.journey_reads import SqlJourneyReads

TIME_FORMAT = "%H:%M"


def reminders_from(
    time_zone: str, session_time: str, walk_times: str, alarm_minutes: int
) -> Reminders:
    """Settings from their stored columns."""
    return parse(
        Reminders,
        {
            "time_zone": time_zone,
            "session_time": session_time,
            "walk_times": [t for t in walk_times.split(",") if t],
            "alarm_minutes": alarm_minutes,
        },
        "reminders",
    )


class SqlReminderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, person_id: int) -> Reminders | None:
        row = self._session.execute(
            select(ReminderSettingsRow).where(ReminderSettingsRow.person_id == person_id)
        ).scalar_one_or_none()
        if row is None:
            return None
        return reminders_from(row.time_zone, row.session_time, row.walk_times, row.alarm_minutes)

    def save(self, person_id: int, reminders: Reminders, now: dt.datetime) -> None:
        """Insert or replace the person's settings."""
        row = self._session.get(ReminderSettingsRow, person_id)
        if row is None:
            row = ReminderSettingsRow(person_id=person_id)
            self._session.add(row)
        row.time_zone = reminders.time_zone
        row.session_time = reminders.session_time.strftime(TIME_FORMAT)
        row.walk_times = ",".join(t.strftime(TIME_FORMAT) for t in reminders.walk_times)
        row.alarm_minutes = reminders.alarm_minutes
        row.updated_at = now
        self._session.flush()


class SqlRemindersUnitOfWork(SqlTransaction):
    """One transaction over reminder settings. Nothing is saved unless :meth:`commit` is
    called. ``read_only`` transactions on SQLite do not take the write lock."""

    reminders: SqlReminderRepository
    reads: SqlJourneyReads

    def __enter__(self) -> Self:
        session = self._begin()
        self.reminders = SqlReminderRepository(session)
        from unknot.adapters.journey_reads import SqlJourneyReads

        self.reads = SqlJourneyReads(session)
        return self
