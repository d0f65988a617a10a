"""Reminder settings in the database (table in :mod:`unknot.adapters.reminders_orm`). Storage
only: what is allowed lives in :mod:`unknot.domain.reminders`.

:class:`SqlRemindersUnitOfWork` is one transaction over them; every method is scoped to one
person.
"""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from unknot.adapters.db import BEGIN_OPTION
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


class SqlRemindersUnitOfWork:
    """One transaction over reminder settings. Nothing is saved unless :meth:`commit` is
    called. ``read_only`` transactions on SQLite do not take the write lock."""

    reminders: SqlReminderRepository
    reads: SqlJourneyReads

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; make a new one")
        bind = self._engine
        if bind.dialect.name == "sqlite" and not self._read_only:
            bind = bind.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        self._session = Session(bind=bind, expire_on_commit=False)
        self.reminders = SqlReminderRepository(self._session)
        from unknot.adapters.journey_reads import SqlJourneyReads

        self.reads = SqlJourneyReads(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._require()
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None

    def commit(self) -> None:
        self._require().commit()

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session
