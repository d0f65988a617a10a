"""The plan as an iCalendar file: each day's sessions and walks at the person's times, in their
time zone, each with an alarm; stable event ids; nothing after a stop."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from typing import Any

import pytest
from icalendar import Calendar

from tests.unit.test_services_profile import ANSWERS, EMERGENCY, START, on
from unknot.domain.answers import parse_answers
from unknot.domain.plan import Plan, WalkingBout, stop_plan
from unknot.domain.reminders import Reminders
from unknot.domain.triage import triage
from unknot.domain.validation import parse
from unknot.services.calendar import UID_DOMAIN, calendar_days, day_slots, plan_calendar
from unknot.services.plans import preview_plan

NOW = dt.datetime(2025, 3, 3, 7, 0, tzinfo=dt.UTC)
LONDON = parse(
    Reminders,
    {
        "time_zone": "Europe/London",
        "session_time": "07:30",
        "walk_times": ["12:15", "18:00"],
        "alarm_minutes": 15,
    },
)


def plan() -> Plan:
    return preview_plan(ANSWERS, START).plan


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_every_session_and_walk_from_today_to_the_end_is_an_event() -> None:
    made = plan()
    today = on(3)
    found = events(plan_calendar(made, LONDON, today=today, now=NOW, owner="p1"))
    days = [day for day in made.days if day.date >= today]
    expected = sum(len(day.sessions) + len(day.walking) for day in days)
    assert len(found) == expected
    assert {event.decoded("dtstart").date() for event in found} == {day.date for day in days}
    assert min(event.decoded("dtstart").date() for event in found) == today


def test_events_are_at_the_persons_times_in_their_time_zone_across_a_change_of_clocks() -> None:
    # The UK clocks go forward on 30 March 2025: 07:30 stays 07:30 on the wall.
    found = events(plan_calendar(plan(), LONDON, today=START, now=NOW, owner="p1"))
    london = zoneinfo.ZoneInfo("Europe/London")
    sessions = [e for e in found if "-session-" in str(e["uid"])]
    starts = {e.decoded("dtstart") for e in sessions}
    assert {s.astimezone(london).time() for s in starts} == {dt.time(7, 30)}
    offsets = {s.utcoffset() for s in starts}
    assert offsets == {dt.timedelta(0), dt.timedelta(hours=1)}
    walks = [e for e in found if "-walk-1@" in str(e["uid"])]
    assert {e.decoded("dtstart").astimezone(london).time() for e in walks} == {dt.time(12, 15)}


def test_each_event_has_a_display_alarm_before_it_and_lasts_its_minutes() -> None:
    made = plan()
    day = made.days[0]
    found = events(plan_calendar(made, LONDON, today=START, now=NOW, owner="p1"))
    first = next(
        e for e in found if e.decoded("dtstart").date() == START and "-session-" in e["uid"]
    )
    assert first.decoded("duration") == dt.timedelta(minutes=day.sessions[0].minutes)
    [alarm] = first.subcomponents
    assert alarm["action"] == "DISPLAY"
    assert alarm.decoded("trigger") == -dt.timedelta(minutes=15)
    assert day.sessions[0].items[0].name in str(first["description"])
    assert "unknot does not replace a clinician." in str(first["description"])


def test_the_file_describes_the_time_zone_it_uses() -> None:
    calendar = Calendar.from_ical(plan_calendar(plan(), LONDON, today=START, now=NOW, owner="p"))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_event_ids_are_stable_distinct_and_differ_between_people() -> None:
    made = plan()
    first = [
        str(e["uid"]) for e in events(plan_calendar(made, LONDON, today=START, now=NOW, owner="a"))
    ]
    again = [
        str(e["uid"])
        for e in events(
            plan_calendar(made, LONDON, today=START, now=NOW + dt.timedelta(days=1), owner="a")
        )
    ]
    other = [
        str(e["uid"]) for e in events(plan_calendar(made, LONDON, today=START, now=NOW, owner="b"))
    ]
    assert first == again
    assert len(set(first)) == len(first)
    assert not set(first) & set(other)
    assert all(uid.endswith("@" + UID_DOMAIN) for uid in first)
    assert all("a" != uid.split("-")[0] for uid in first), "the owner is hashed, not shown"


def test_a_stopped_plan_has_no_events_from_the_day_it_was_stopped() -> None:
    answers, _ = parse_answers(EMERGENCY)
    stopped = stop_plan(plan(), triage(answers), on(5))
    days = calendar_days(stopped, on(3))
    assert [day.date for day in days] == [on(3), on(4)]
    found = events(plan_calendar(stopped, LONDON, today=on(3), now=NOW, owner="p"))
    assert max(e.decoded("dtstart").date() for e in found) == on(4)


def test_without_a_plan_the_calendar_is_empty_but_valid() -> None:
    calendar = Calendar.from_ical(plan_calendar(None, LONDON, today=START, now=NOW, owner="p"))
    assert list(calendar.walk("VEVENT")) == []
    assert calendar["prodid"].startswith("-//unknot//")


def test_after_the_plan_ends_there_are_no_events() -> None:
    made = plan()
    assert (
        events(
            plan_calendar(made, LONDON, today=made.end + dt.timedelta(days=1), now=NOW, owner="p")
        )
        == []
    )


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (["10:00"], [dt.time(10, 0), dt.time(11, 0), dt.time(12, 0)]),
        (["10:00", "14:00"], [dt.time(10, 0), dt.time(14, 0), dt.time(15, 0)]),
        (["09:00", "13:00", "17:00"], [dt.time(9, 0), dt.time(13, 0), dt.time(17, 0)]),
    ],
)
def test_walks_beyond_the_times_set_follow_an_hour_after_the_last(
    times: list[str], expected: list[dt.time]
) -> None:
    day = plan().days[0]
    three = dataclasses.replace(day, walking=tuple(WalkingBout(10, "w") for _ in range(3)))
    reminders = parse(Reminders, {"walk_times": times})
    walks = [slot for slot in day_slots(three, reminders) if slot.kind == "walk"]
    assert [slot.start.time() for slot in walks] == expected
