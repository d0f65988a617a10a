"""The web's one first read on SQLite and PostgreSQL: the session check, a person's settings,
the active plan's key (not its JSON) and the sessions logged on the days around a date, for
that person only."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from sqlalchemy import Engine

from tests.unit.test_services_profile import ANSWERS, at, on
from unknot.adapters.journey_reads import session_person, signed_visit
from unknot.adapters.reminders_repository import SqlRemindersUnitOfWork
from unknot.domain.records import Person
from unknot.services.profile import start
from unknot.services.reminders import save_reminders
from unknot.services.sessions import log_session
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.web.accounts import SESSION_DAYS, AccountService, token_hash


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


def signed_up(engine: Engine, email: str) -> tuple[int, str]:
    """A person with an account and a session from ``at(on(0))``: their id and token."""
    accounts = AccountService(engine, PasswordHasher(time_cost=1, memory_cost=1024))
    signed = accounts.sign_up(email, "a long enough passphrase", at(on(0)))
    assert signed.person.id is not None
    return signed.person.id, signed.token


def test_the_session_check_and_the_visit_are_one_read_of_the_sessions_person(
    engine: Engine,
) -> None:
    first, first_token = signed_up(engine, "a@example.org")
    second, _ = signed_up(engine, "b@example.org")
    log = {"pain_before": 3, "pain_after": 2, "effort": "about_right"}
    with SqlUnitOfWork(engine) as uow:
        start(uow, first, ANSWERS, today=on(0), now=at(on(0)))
        start(uow, second, ANSWERS, today=on(0), now=at(on(0)))
        for person in (first, second, second):
            log_session(uow, person, {**log, "date": on(0)}, today=on(0))
    with SqlRemindersUnitOfWork(engine) as work:
        save_reminders(work, second, {"time_zone": "Asia/Kolkata"}, now=at(on(0)))
    found = signed_visit(engine, token_hash(first_token), at(on(0)), on(0))
    assert found is not None
    assert found.person.id == first and found.person.email == "a@example.org"
    assert found.reads == visit(engine, first, on(0))
    assert found.reads.sessions[on(0)] == 1 and found.reads.reminders is None
    assert session_person(engine, token_hash(first_token), at(on(0))) == found.person


def test_no_one_is_signed_in_with_an_unknown_expired_or_ended_session(engine: Engine) -> None:
    accounts = AccountService(engine, PasswordHasher(time_cost=1, memory_cost=1024))
    person, token = signed_up(engine, "a@example.org")
    later = at(on(SESSION_DAYS))
    for token_sent, moment in ((token + "x", at(on(0))), (token, later)):
        assert signed_visit(engine, token_hash(token_sent), moment, moment.date()) is None
        assert session_person(engine, token_hash(token_sent), moment) is None
    assert signed_visit(engine, token_hash(token), at(on(1)), on(1)) is not None
    accounts.sign_out_everywhere(person)
    assert signed_visit(engine, token_hash(token), at(on(1)), on(1)) is None
    assert accounts.person_for(token, at(on(1))) is None
