"""Importing steps: all or nothing, merged per source, never double counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.unit.test_services_profile import START, at
from unknot.adapters.steps_import import StepFormat
from unknot.errors import InvalidInput
from unknot.services.diary import log_steps
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.profile import local_profile
from unknot.services.steps import import_steps_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "steps"
D = dt.date.fromisoformat


def person(store: FakeStore) -> int:
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        uow.commit()
    return person_id


def steps_by_day(store: FakeStore, person_id: int, start: str, end: str) -> dict[str, int]:
    with FakeUnitOfWork(store) as uow:
        days = uow.diary.range(person_id, D(start), D(end))
    return {d.date.isoformat(): d.steps_count for d in days if d.steps_count is not None}


def test_a_csv_is_imported_day_by_day() -> None:
    store = FakeStore()
    person_id = person(store)
    with FakeUnitOfWork(store) as uow:
        imported = import_steps_file(uow, person_id, FIXTURES / "plain.csv")
    assert imported.format is StepFormat.CSV
    assert (imported.added, imported.updated, imported.unchanged) == (4, 0, 0)
    assert (imported.first_day, imported.last_day) == (D("2024-02-29"), D("2024-03-03"))
    assert steps_by_day(store, person_id, "2024-02-28", "2024-03-04") == {
        "2024-02-29": 12000,
        "2024-03-01": 5432,
        "2024-03-02": 0,
        "2024-03-03": 7020,
    }


def test_importing_the_same_file_again_changes_nothing() -> None:
    store = FakeStore()
    person_id = person(store)
    with FakeUnitOfWork(store) as uow:
        import_steps_file(uow, person_id, FIXTURES / "plain.csv")
        again = import_steps_file(uow, person_id, FIXTURES / "plain.csv")
    assert (again.added, again.updated, again.unchanged, again.days) == (0, 0, 4, 4)
    assert steps_by_day(store, person_id, "2024-03-01", "2024-03-01") == {"2024-03-01": 5432}


def test_a_later_export_of_the_same_source_replaces_changed_days(tmp_path: Path) -> None:
    store = FakeStore()
    person_id = person(store)
    later = tmp_path / "plain.csv"  # a CSV's source is its file name
    later.write_text("date,steps\n2024-03-01,6000\n2024-03-04,100\n2024-03-02,0\n", "utf-8")
    with FakeUnitOfWork(store) as uow:
        import_steps_file(uow, person_id, FIXTURES / "plain.csv")
        second = import_steps_file(uow, person_id, later, StepFormat.CSV)
    assert (second.added, second.updated, second.unchanged) == (1, 1, 1)
    assert steps_by_day(store, person_id, "2024-03-01", "2024-03-04") == {
        "2024-03-01": 6000,
        "2024-03-02": 0,
        "2024-03-03": 7020,
        "2024-03-04": 100,
    }


def test_another_source_for_the_same_day_is_never_added_on_top(tmp_path: Path) -> None:
    store = FakeStore()
    person_id = person(store)
    watch = tmp_path / "watch.csv"
    watch.write_text("date,steps\n2024-03-01,5000\n2024-03-03,9000\n", "utf-8")
    with FakeUnitOfWork(store) as uow:
        import_steps_file(uow, person_id, FIXTURES / "plain.csv")
        second = import_steps_file(uow, person_id, watch)
    assert (second.added, second.sources) == (2, ("watch.csv",))
    assert steps_by_day(store, person_id, "2024-03-01", "2024-03-03") == {
        "2024-03-01": 5432,
        "2024-03-02": 0,
        "2024-03-03": 9000,
    }


def test_apple_health_days_keep_their_source() -> None:
    store = FakeStore()
    person_id = person(store)
    with FakeUnitOfWork(store) as uow:
        imported = import_steps_file(uow, person_id, FIXTURES / "apple_export.xml")
        kept = uow.diary.range(person_id, D("2024-03-01"), D("2024-03-03"))
    assert imported.sources == ("Synthetic Watch", "Synthetic iPhone")
    assert [(e.date.isoformat(), e.steps, e.source) for d in kept for e in d.steps] == [
        ("2024-03-01", 3500, "Synthetic iPhone"),
        ("2024-03-02", 400, "Synthetic iPhone"),
        ("2024-03-03", 300, "Synthetic Watch"),
    ]


def test_imported_and_typed_steps_for_one_day_are_not_added_together() -> None:
    store = FakeStore()
    person_id = person(store)
    with FakeUnitOfWork(store) as uow:
        log_steps(uow, person_id, steps=5000, date=D("2024-03-01"), today=D("2024-03-05"))
        import_steps_file(uow, person_id, FIXTURES / "plain.csv")
    assert steps_by_day(store, person_id, "2024-03-01", "2024-03-01") == {"2024-03-01": 5432}


def test_a_bad_file_names_the_line_and_imports_nothing(tmp_path: Path) -> None:
    store = FakeStore()
    person_id = person(store)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,steps\n2024-03-01,100\n2024-03-02,12,5\n", "utf-8")
    with FakeUnitOfWork(store) as uow, pytest.raises(InvalidInput) as error:
        import_steps_file(uow, person_id, bad)
    assert error.value.field == "bad.csv:3"
    assert steps_by_day(store, person_id, "2024-03-01", "2024-03-02") == {}


def test_progress_is_reported_as_the_file_is_read() -> None:
    store = FakeStore()
    person_id = person(store)
    seen: list[tuple[int, int]] = []
    with FakeUnitOfWork(store) as uow:
        import_steps_file(
            uow, person_id, FIXTURES / "plain.csv", progress=lambda d, t: seen.append((d, t))
        )
    size = (FIXTURES / "plain.csv").stat().st_size
    assert seen and seen[-1] == (size, size)
