"""Reminder settings: a person's time zone and when their sessions and walks go in their
calendar.

The time zone also decides what "today" is for a person using the web app: the server's
clock is in UTC, and a log made at 23:30 in New York belongs to that day, not to the next.
Times are wall-clock times in that zone (``08:00`` stays 08:00 across a change of clocks).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Final

from pydantic import Field, field_validator

from unknot.domain.validation import Strict

DEFAULT_TIME_ZONE: Final = "UTC"
"""Until a person chooses theirs (the settings page offers the browser's own)."""

DEFAULT_SESSION_TIME: Final = dt.time(8, 0)
"""[DESIGN] A morning session: done before the day's sitting, and pain before it is the
morning pain the pain-monitoring rule asks about."""

DEFAULT_WALK_TIMES: Final = (dt.time(10, 30), dt.time(13, 0), dt.time(17, 30))
"""[DESIGN] Walks spread over the day: mid-morning, after lunch and after work, which also
break up long sitting (clinical reference: posture breaks)."""

MAX_WALK_TIMES: Final = 3
"""A plan has at most 3 walks a day (``unknot.domain.plan.dosing.ACUTE_WALK_BOUTS``): one
time for each."""

DEFAULT_ALARM_MINUTES: Final = 10
"""[DESIGN] Calendar alarms ring this many minutes before a session or walk."""

MAX_ALARM_MINUTES: Final = 120
"""An alarm more than two hours ahead is no longer a reminder."""

Minute = Annotated[dt.time, Field(description="a time of day, HH:MM")]


def _whole_minute(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("give a time of day without a time zone (the time zone is separate)")
    return value.replace(second=0, microsecond=0)


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name`` (``Europe/London``); ValueError when there is none."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not a time zone name; use one like Europe/London or America/New_York"
        ) from None


class Reminders(Strict):
    """When sessions and walks go in the person's calendar, in their time zone."""

    time_zone: str = Field(default=DEFAULT_TIME_ZONE, min_length=1, max_length=64)
    session_time: Minute = DEFAULT_SESSION_TIME
    walk_times: tuple[Minute, ...] = Field(
        default=DEFAULT_WALK_TIMES, min_length=1, max_length=MAX_WALK_TIMES
    )
    """One per walk of the day, earliest first (a day with fewer walks uses the first)."""
    alarm_minutes: int = Field(default=DEFAULT_ALARM_MINUTES, ge=0, le=MAX_ALARM_MINUTES)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_named(value)
        return value

    @field_validator("session_time")
    @classmethod
    def _session_minute(cls, value: dt.time) -> dt.time:
        return _whole_minute(value)

    @field_validator("walk_times")
    @classmethod
    def _walk_minutes(cls, value: tuple[dt.time, ...]) -> tuple[dt.time, ...]:
        times = sorted(_whole_minute(time) for time in value)
        if len(set(times)) != len(times):
            raise ValueError("give each walk its own time")
        return tuple(times)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)

    def local(self, now: dt.datetime) -> dt.datetime:
        """``now`` (any aware datetime) in the person's time zone."""
        return now.astimezone(self.zone)

    def today(self, now: dt.datetime) -> dt.date:
        """The person's date at the moment ``now``."""
        return self.local(now).date()

    def as_json(self) -> dict[str, object]:
        return {
            "time_zone": self.time_zone,
            "session_time": self.session_time.strftime("%H:%M"),
            "walk_times": [time.strftime("%H:%M") for time in self.walk_times],
            "alarm_minutes": self.alarm_minutes,
        }


DEFAULT_REMINDERS: Final = Reminders()
"""What a person has before saving their own."""
