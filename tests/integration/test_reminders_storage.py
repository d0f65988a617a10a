"""Reminder settings on SQLite and PostgreSQL: saved and read back per person, replaced, only
kept on commit, and erased with the person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from tests.unit.test_services_profile import ANSWERS, at, on
from unknot.adapters.reminders_orm import ReminderSettingsRow
from unknot.adapters.reminders_repository import SqlRemindersUnitOfWork
from unknot.domain.records import Person
from unknot.domain.reminders import DEFAULT_REMINDERS
from unknot.services.export import delete_my_data
from unknot.services.profile import start
from unknot.services.reminders import (
    EXPORT_KEY,
    export_everything,
    export_everything_csv,
    reminders_for,
    save_reminders,
    saved_reminders,
)
from unknot.services.unit_of_work import SqlUnitOfWork

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def people(engine: Engine, count: int = 2) -> list[int]:
    with SqlUnitOfWork(engine) as uow:
        ids = [
            uow.people.add(Person(created_at=NOW, email=f"p{n}@example.org")) for n in range(count)
        ]
        uow.commit()
    return ids


def test_settings_are_saved_and_read_back_for_their_person_only(engine: Engine) -> None:
    first, second = people(engine)
    with SqlRemindersUnitOfWork(engine) as uow:
        saved, _ = save_reminders(
            uow,
            first,
            {"time_zone": "Pacific/Auckland", "session_time": "06:45", "walk_times": ["12:00"]},
            now=NOW,
        )
    with SqlRemindersUnitOfWork(engine, read_only=True) as uow:
        assert reminders_for(uow, first) == saved
        assert saved_reminders(uow, second) is None
        assert reminders_for(uow, second) == DEFAULT_REMINDERS


def test_saving_again_replaces_the_row(engine: Engine) -> None:
    [person] = people(engine, 1)
    for zone in ("Europe/London", "Europe/Berlin"):
        with SqlRemindersUnitOfWork(engine) as uow:
            save_reminders(uow, person, {"time_zone": zone}, now=NOW)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ReminderSettingsRow)) == 1
    with SqlRemindersUnitOfWork(engine, read_only=True) as uow:
        assert reminders_for(uow, person).time_zone == "Europe/Berlin"


def test_nothing_is_kept_without_commit(engine: Engine) -> None:
    [person] = people(engine, 1)
    with SqlRemindersUnitOfWork(engine) as uow:
        uow.reminders.save(person, DEFAULT_REMINDERS, NOW)
    with SqlRemindersUnitOfWork(engine, read_only=True) as uow:
        assert saved_reminders(uow, person) is None


def test_the_export_holds_the_settings_and_erasure_removes_them(engine: Engine) -> None:
    [person] = people(engine, 1)
    with SqlUnitOfWork(engine) as uow:
        start(uow, person, ANSWERS, today=on(0), now=at(on(0)))
    with SqlRemindersUnitOfWork(engine) as uow:
        saved, _ = save_reminders(uow, person, {"alarm_minutes": 30}, now=NOW)
    with SqlUnitOfWork(engine, read_only=True) as uow:
        document = export_everything(uow, person, saved)
        csv_text = export_everything_csv(uow, person, saved)
    assert document[EXPORT_KEY]["alarm_minutes"] == 30
    assert document["plans"], "the rest of the export is there"
    assert csv_text.rstrip().splitlines()[-1] == f"{EXPORT_KEY},,,alarm_minutes,30"
    with SqlUnitOfWork(engine) as uow:
        delete_my_data(uow, person)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ReminderSettingsRow)) == 0
