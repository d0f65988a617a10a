"""Reminder settings: what is allowed, the person's own "today", saving with defaults kept,
and the settings in an export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import pytest

from unknot.domain.reminders import (
    DEFAULT_REMINDERS,
    MAX_ALARM_MINUTES,
    MAX_WALK_TIMES,
    Reminders,
)
from unknot.domain.validation import parse
from unknot.errors import InvalidInput
from unknot.services.reminders import (
    EXPORT_KEY,
    export_with_reminders,
    reminder_csv_rows,
    reminders_for,
    save_reminders,
    saved_reminders,
)

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class FakeReminderRepository:
    rows: dict[int, Reminders] = field(default_factory=dict)

    def get(self, person_id: int) -> Reminders | None:
        return self.rows.get(person_id)

    def save(self, person_id: int, reminders: Reminders, now: dt.datetime) -> None:
        self.rows[person_id] = reminders


@dataclass
class FakeRemindersUnitOfWork:
    """Commits copy the working rows to ``committed``; leaving the block forgets the rest."""

    committed: dict[int, Reminders] = field(default_factory=dict)
    working: FakeReminderRepository = field(default_factory=FakeReminderRepository)

    @property
    def reminders(self) -> FakeReminderRepository:
        return self.working

    def __enter__(self) -> Self:
        self.working = FakeReminderRepository(dict(self.committed))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.working = FakeReminderRepository(dict(self.committed))

    def commit(self) -> None:
        self.committed = dict(self.working.rows)


@pytest.mark.parametrize(
    ("data", "field_name"),
    [
        ({"time_zone": "Europe/Londn"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"session_time": "25:00"}, "session_time"),
        ({"session_time": "8 o'clock"}, "session_time"),
        ({"walk_times": []}, "walk_times"),
        ({"walk_times": ["10:00", "10:00"]}, "walk_times"),
        ({"walk_times": ["09:00", "12:00", "15:00", "18:00"]}, "walk_times"),
        ({"alarm_minutes": -1}, "alarm_minutes"),
        ({"alarm_minutes": MAX_ALARM_MINUTES + 1}, "alarm_minutes"),
    ],
)
def test_settings_that_break_a_rule_name_the_field(data: dict[str, Any], field_name: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse(Reminders, data)
    assert error.value.field.startswith(field_name)


@pytest.mark.parametrize(
    "data",
    [
        {"time_zone": "America/Argentina/ComodRivadavia"},
        {"walk_times": ["17:30"]},
        {"walk_times": ["12:00", "07:15", "19:45"][:MAX_WALK_TIMES]},
        {"alarm_minutes": 0},
        {"alarm_minutes": MAX_ALARM_MINUTES},
    ],
)
def test_settings_within_the_rules_are_accepted(data: dict[str, Any]) -> None:
    parse(Reminders, data)


def test_walk_times_are_kept_earliest_first_and_to_the_minute() -> None:
    reminders = parse(Reminders, {"walk_times": ["18:00:59", "07:30"]})
    assert reminders.walk_times == (dt.time(7, 30), dt.time(18, 0))


@pytest.mark.parametrize(
    ("zone", "moment", "today"),
    [
        ("UTC", dt.datetime(2026, 3, 2, 23, 59, tzinfo=dt.UTC), dt.date(2026, 3, 2)),
        ("Asia/Tokyo", dt.datetime(2026, 3, 2, 14, 59, tzinfo=dt.UTC), dt.date(2026, 3, 2)),
        ("Asia/Tokyo", dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC), dt.date(2026, 3, 3)),
        ("America/New_York", dt.datetime(2026, 3, 3, 4, 59, tzinfo=dt.UTC), dt.date(2026, 3, 2)),
        ("America/New_York", dt.datetime(2026, 3, 3, 5, 0, tzinfo=dt.UTC), dt.date(2026, 3, 3)),
    ],
)
def test_today_is_the_persons_own_date(zone: str, moment: dt.datetime, today: dt.date) -> None:
    assert parse(Reminders, {"time_zone": zone}).today(moment) == today


def test_a_person_without_settings_gets_the_defaults() -> None:
    with FakeRemindersUnitOfWork() as uow:
        assert reminders_for(uow, 1) == DEFAULT_REMINDERS
        assert saved_reminders(uow, 1) is None


def test_saving_some_fields_keeps_the_others_and_warns_about_unknown_ones() -> None:
    uow = FakeRemindersUnitOfWork()
    with uow:
        save_reminders(uow, 1, {"time_zone": "Europe/London"}, now=NOW)
    with uow:
        saved, warnings = save_reminders(uow, 1, {"alarm_minutes": 30, "colour": "red"}, now=NOW)
    assert saved.time_zone == "Europe/London"
    assert saved.alarm_minutes == 30
    assert saved.session_time == DEFAULT_REMINDERS.session_time
    assert warnings == ["unknown field 'colour' was ignored"]
    assert saved.model_extra == {}
    with uow:
        assert reminders_for(uow, 1) == saved
        assert reminders_for(uow, 2) == DEFAULT_REMINDERS, "another person keeps the defaults"


def test_settings_that_break_a_rule_are_not_saved() -> None:
    uow = FakeRemindersUnitOfWork()
    with uow, pytest.raises(InvalidInput):
        save_reminders(uow, 1, {"time_zone": "Mars/Olympus"}, now=NOW)
    with uow:
        assert saved_reminders(uow, 1) is None


def test_an_export_carries_the_settings_saved_or_null() -> None:
    document = {"format": "unknot.export/v1"}
    reminders = parse(Reminders, {"time_zone": "Europe/Paris", "walk_times": ["12:00"]})
    assert export_with_reminders(document, None)[EXPORT_KEY] is None
    assert export_with_reminders(document, reminders)[EXPORT_KEY] == {
        "time_zone": "Europe/Paris",
        "session_time": "08:00",
        "walk_times": ["12:00"],
        "alarm_minutes": 10,
    }
    assert reminder_csv_rows(None) == []
    assert (EXPORT_KEY, "", "", "walk_times", "12:00") in reminder_csv_rows(reminders)
