"""The weekly review, applied and stored: when it is due, what it stores, and several weeks in
a row."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_services_profile import EMERGENCY, START, at, on, started
from unknot.domain.plan import ChangeKind
from unknot.domain.records import Effort, ExerciseDone, PainEntry, SessionLog
from unknot.errors import InvalidInput
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plans import NoPlanYet, active_plan
from unknot.services.profile import local_profile
from unknot.services.review import ReviewReport, run_reviews
from unknot.services.sessions import log_session, walk_done


def review(store: FakeStore, person_id: int, day: dt.date) -> ReviewReport:
    with FakeUnitOfWork(store) as uow:
        return run_reviews(uow, person_id, today=day, now=at(day, 20))


def follow_the_plan(
    store: FakeStore, person_id: int, days: range, effort: Effort, pain_after: int = 3
) -> None:
    """Do every planned item and walk in full, and log pain 2 each morning."""
    for n in days:
        with FakeUnitOfWork(store) as uow:
            uow.diary.add_pain(person_id, PainEntry(date=on(n), pain=2))
            uow.commit()
            active = active_plan(uow, person_id)
            assert active is not None
            day = active.plan.day(on(n))
            done = [
                ExerciseDone(exercise_id=i.exercise, sets_done=i.dose.sets) for i in day.items()
            ]
            if day.walking_minutes:
                done.append(walk_done(day.walking_minutes))
            log = SessionLog(
                date=on(n),
                exercises=tuple(done),
                pain_before=2,
                pain_after=pain_after,
                effort=effort,
            )
            log_session(uow, person_id, log, today=on(n))


@pytest.mark.parametrize(("offset", "due"), [(6, False), (7, True)])
def test_a_week_is_reviewed_from_the_morning_after_its_last_day(offset: int, due: bool) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    report = review(store, person_id, on(offset))
    assert bool(report.reviews) == due
    assert report.next_due == (on(14) if due else on(7))


def test_a_review_is_stored_with_the_plan_it_makes() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    follow_the_plan(store, person_id, range(0, 8), Effort.TOO_EASY)
    report = review(store, person_id, on(7))
    (done,) = report.reviews
    assert done.review.week_number == 1
    kinds = {c.kind for c in done.review.changes}
    assert ChangeKind.PROGRESS in kinds and ChangeKind.WALKING in kinds
    with FakeUnitOfWork(store) as uow:
        stored = uow.reviews.get(person_id, START)
        active = active_plan(uow, person_id)
        record = uow.plans.active(person_id)
    assert stored is not None and stored.result == done.review.as_json()
    assert active is not None and record is not None and record.id == done.plan_id
    assert active.plan.as_json() == done.review.plan.as_json()
    assert record.reason.startswith("Weekly review of week 1:")
    assert not active.plan.week(2).provisional


def test_a_week_is_reviewed_only_once() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    assert len(review(store, person_id, on(7)).reviews) == 1
    again = review(store, person_id, on(8))
    assert again.reviews == () and again.next_due == on(14)


def test_weeks_missed_are_reviewed_in_order() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    report = review(store, person_id, on(15))
    assert [r.review.week_number for r in report.reviews] == [1, 2]
    assert report.next_due == on(21)
    with FakeUnitOfWork(store) as uow:
        assert [r.week_start for r in uow.reviews.list(person_id)] == [on(0), on(7)]


def test_reviewing_the_last_week_adds_another() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    report = review(store, person_id, on(28))
    assert [r.review.week_number for r in report.reviews] == [1, 2, 3, 4]
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, person_id)
    assert active is not None and active.plan.end == on(34)


def test_a_session_that_hurt_brings_the_load_down() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    follow_the_plan(store, person_id, range(0, 8), Effort.ABOUT_RIGHT, pain_after=7)
    (done,) = review(store, person_id, on(7)).reviews
    kinds = {c.kind for c in done.review.changes}
    assert kinds & {ChangeKind.REGRESS, ChangeKind.EASIER, ChangeKind.PAUSE}
    assert ChangeKind.PROGRESS not in kinds
    assert all("5/10" in c.why for c in done.review.changes if c.kind is ChangeKind.REGRESS)


def test_a_stopped_plan_is_not_reviewed() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    started(store, EMERGENCY, today=on(3))
    with pytest.raises(InvalidInput) as error:
        review(store, person_id, on(7))
    assert error.value.field == "plan"


def test_without_a_plan_there_is_nothing_to_review() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        uow.commit()
    with pytest.raises(NoPlanYet):
        review(store, person_id, on(7))
