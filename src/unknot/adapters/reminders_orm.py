"""The web app's reminder settings: when a person wants their sessions and walks in their
calendar, and their time zone (which also decides what "today" is for them).

Registered on the same metadata as :mod:`unknot.adapters.orm` (migration ``0003_reminders``).
One row per person at most; it goes with the person (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from unknot.adapters.orm import Base, BigId

TIME_ZONE_LENGTH = 64
"""The longest IANA time zone name is 32 characters (``America/Argentina/ComodRivadavia``)."""

TIMES_LENGTH = 32
"""Room for a few ``HH:MM`` times separated by commas."""


class ReminderSettingsRow(Base):
    """A person's reminder times, as ``HH:MM`` text in their own time zone."""

    __tablename__ = "reminder_settings"

    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    time_zone: Mapped[str] = mapped_column(String(TIME_ZONE_LENGTH))
    session_time: Mapped[str] = mapped_column(String(5))
    walk_times: Mapped[str] = mapped_column(String(TIMES_LENGTH))
    """Comma-separated, earliest first."""
    alarm_minutes: Mapped[int]
    updated_at: Mapped[dt.datetime]
