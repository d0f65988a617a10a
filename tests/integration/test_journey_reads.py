"""The web's one first read on SQLite and PostgreSQL: a person's settings, the active plan's key
(not its JSON) and the sessions logged on the days around a date, for that person only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from tests.unit.test_services_profile import ANSWERS, at, on
from unknot.adapters.reminders_repository import SqlRemindersUnitOfWork
from unknot.domain.records import Person
from unknot.services.profile import start
from unknot.services.reminders import save_reminders
from unknot.services.sessions import log_session
from unknot.services.unit_of_work import SqlUnitOfWork


def two_people(engine: Engine) -> tuple[int, int]:
    with SqlUnitOfWork(engine) as uow:
        first = uow.people.add(Person(created_at=at(on(0)), email="a@example.org"))
        second = uow.people.add(Person(created_at=at(on(0)), email="b@example.org"))
        uow.commit()
    return first, second


def visit(engine: Engine, person_id: int, around: dt.date):  # type: ignore[no-untyped-def]
    with SqlRemindersUnitOfWork(engine, read_only=True) as work:
        return work.reads.visit(person_id, around)


def test_a_person_with_nothing_yet_has_no_settings_no_plan_and_no_sessions(
    engine: Engine,
) -> None:
    first, _ = two_people(engine)
    found = visit(engine, first, on(0))
    assert found.reminders is None and found.plan_key is None
    assert found.sessions == {on(-1): 0, on(0): 0, on(1): 0}


def test_the_active_plan_key_is_the_stored_plans_id_and_creation_time(engine: Engine) -> None:
    first, second = two_people(engine)
    with SqlUnitOfWork(engine) as uow:
        start(uow, first, ANSWERS, today=on(0), now=at(on(0)))
        record = uow.plans.active(first)
    assert record is not None and record.id is not None
    assert visit(engine, first, on(0)).plan_key == (record.id, record.created_at)
    assert visit(engine, second, on(0)).plan_key is None
    with SqlUnitOfWork(engine) as uow:
        start(uow, first, ANSWERS, today=on(1), now=at(on(1)))
    assert visit(engine, first, on(1)).plan_key != (record.id, record.created_at)


def test_the_settings_saved_come_back(engine: Engine) -> None:
    first, second = two_people(engine)
    with SqlRemindersUnitOfWork(engine) as work:
        saved, _ = save_reminders(work, first, {"time_zone": "Asia/Kolkata"}, now=at(on(0)))
    assert visit(engine, first, on(0)).reminders == saved
    assert visit(engine, second, on(0)).reminders is None


def test_sessions_are_counted_for_one_person_on_each_day_around(engine: Engine) -> None:
    first, second = two_people(engine)
    log = {"pain_before": 3, "pain_after": 2, "effort": "about_right"}
    with SqlUnitOfWork(engine) as uow:
        for person, day in ((first, 0), (first, 0), (first, 1), (first, 3), (second, 0)):
            log_session(uow, person, {**log, "date": on(day)}, today=on(3))
    assert visit(engine, first, on(1)).sessions == {on(0): 2, on(1): 1, on(2): 0}
    assert visit(engine, second, on(1)).sessions == {on(0): 1, on(1): 0, on(2): 0}
