"""The plan as a calendar file (iCalendar, RFC 5545): each day's sessions and walks from today
to the end of the plan, at the person's reminder times, each with an alarm.

Made with the ``icalendar`` library. Events carry a stable ``UID`` per person, date and slot,
so that importing a newer file (after a weekly review changed the plan) updates the events
instead of adding a second copy. Times are wall-clock times in the person's time zone, which
the file describes in a ``VTIMEZONE``. Nothing is read from a clock: ``today`` and ``now`` are
passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from icalendar import Alarm, Calendar, Event

from unknot import __version__
from unknot.domain.plan import Day, DayKind, Plan
from unknot.domain.reminders import Reminders

PRODUCT_ID: Final = f"-//unknot//unknot {__version__}//EN"
CALENDAR_NAME: Final = "unknot: your back plan"
UID_DOMAIN: Final = "unknot.invalid"
"""Event ids need a domain part; ``.invalid`` is reserved and names no real host (RFC 2606)."""

EXTRA_WALK_GAP: Final = dt.timedelta(hours=1)
"""A walk beyond the times set goes this long after the last one."""

CLOSING_LINE: Final = "unknot does not replace a clinician."


@dataclass(frozen=True)
class Slot:
    """One event: what it is, when it starts and how long it lasts."""

    kind: str
    number: int
    start: dt.datetime
    minutes: int
    summary: str
    description: str


def _walk_time(reminders: Reminders, number: int) -> dt.time:
    times = reminders.walk_times
    if number < len(times):
        return times[number]
    last = dt.datetime.combine(dt.date.min, times[-1])
    later = last + EXTRA_WALK_GAP * (number - len(times) + 1)
    return later.time() if later.date() == dt.date.min else times[-1]


def day_slots(day: Day, reminders: Reminders, link: str | None = None) -> Iterator[Slot]:
    """The events of one plan day: its sessions one after another from the session time, and
    each walk at its walk time."""
    zone = reminders.zone
    start = dt.datetime.combine(day.date, reminders.session_time, tzinfo=zone)
    relief = " (relief day)" if day.kind is DayKind.RELIEF else ""
    for number, session in enumerate(day.sessions):
        lines = [f"• {item.name}: {item.dose.in_words()}" for item in session.items]
        lines += ["", session.why]
        if link:
            lines += ["", f"Open today's session: {link}"]
        lines += ["", CLOSING_LINE]
        yield Slot(
            "session",
            number,
            start,
            session.minutes,
            f"unknot: {session.name}, {session.minutes} min{relief}",
            "\n".join(lines),
        )
        start += dt.timedelta(minutes=session.minutes)
    for number, bout in enumerate(day.walking):
        at = dt.datetime.combine(day.date, _walk_time(reminders, number), tzinfo=zone)
        yield Slot(
            "walk",
            number,
            at,
            bout.minutes,
            f"unknot: a {bout.minutes}-minute walk",
            f"{bout.why}\n\n{CLOSING_LINE}",
        )


def calendar_days(plan: Plan, today: dt.date) -> list[Day]:
    """The plan's days from ``today`` on, up to the day it was stopped (if it was)."""
    last = plan.end
    if plan.stopped is not None:
        last = min(last, plan.stopped.date - dt.timedelta(days=1))
    return [
        day for day in plan.days if today <= day.date <= last and day.kind is not DayKind.STOPPED
    ]


def _uid(owner: str, day: dt.date, slot: Slot) -> str:
    digest = hashlib.sha256(owner.encode("utf-8")).hexdigest()[:20]
    return f"{digest}-{day:%Y%m%d}-{slot.kind}-{slot.number + 1}@{UID_DOMAIN}"


def plan_calendar(
    plan: Plan | None,
    reminders: Reminders,
    *,
    today: dt.date,
    now: dt.datetime,
    owner: str,
    link: str | None = None,
) -> bytes:
    """The iCalendar file of ``plan`` from ``today`` (none when there is no plan, or it was
    stopped: the file then holds no events). ``owner`` makes the event ids this person's
    (pass something that does not reveal who they are); ``link`` is put in each session's
    description."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", reminders.time_zone)
    days = calendar_days(plan, today) if plan is not None else []
    stamp = now.astimezone(dt.UTC)
    for day in days:
        for slot in day_slots(day, reminders, link):
            event = Event()
            event.add("uid", _uid(owner, day.date, slot))
            event.add("dtstamp", stamp)
            event.add("dtstart", slot.start)
            event.add("duration", dt.timedelta(minutes=slot.minutes))
            event.add("summary", slot.summary)
            event.add("description", slot.description)
            event.add("transp", "OPAQUE")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", slot.summary)
            alarm.add("trigger", -dt.timedelta(minutes=reminders.alarm_minutes))
            event.add_component(alarm)
            calendar.add_component(event)
    if days:
        calendar.add_missing_timezones(
            days[0].date - dt.timedelta(days=1), days[-1].date + dt.timedelta(days=2)
        )
    data: bytes = calendar.to_ical()
    return data
