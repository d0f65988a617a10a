"""Logging a plan day's session from what a player reports: the plan's items and doses, never
the form's; sets beyond the dose refused; walks; the plan day filled in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.test_services_profile import EMERGENCY, on, started
from unknot.domain.answers import parse_answers
from unknot.domain.plan import stop_plan
from unknot.domain.records import Effort, SessionLog
from unknot.domain.triage import triage
from unknot.errors import InvalidInput
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.planned_session import exercises_done, log_in_plan, planned_items, planned_log
from unknot.services.plans import ActivePlan, active_plan
from unknot.services.sessions import SessionLogged, log_session
from unknot.services.unit_of_work import UnitOfWork


def log_planned_session(
    uow: UnitOfWork, person_id: int, active: ActivePlan | None, **fields: Any
) -> SessionLogged:
    """The log of :func:`planned_log` stored, as the web stores it (then committed)."""
    return log_session(uow, person_id, planned_log(active, **fields), today=fields["today"])


def begin() -> tuple[FakeStore, int, ActivePlan]:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, person_id)
    assert active is not None
    return store, person_id, active


def test_each_item_becomes_an_exercise_done_with_the_plans_dose() -> None:
    _, _, active = begin()
    items = planned_items(active, on(0))
    assert items, "the first day has a session"
    first = items[0]
    done = exercises_done(items, {0: first.dose.sets, 1: 0})
    assert [d.exercise_id for d in done] == [item.exercise for item in items]
    assert done[0].sets_done == first.dose.sets
    assert done[0].reps_done == first.dose.reps
    assert not done[0].skipped
    assert done[1].skipped and done[1].sets_done == 0
    assert all(d.skipped for d in done[2:]), "an item left out was not done"


@pytest.mark.parametrize(
    ("sets_done", "field"),
    [
        ({99: 1}, "sets_done.99"),
        ({-1: 1}, "sets_done.-1"),
        ({0: -1}, "sets_done.0"),
    ],
)
def test_an_item_the_day_does_not_have_or_a_negative_count_is_refused(
    sets_done: dict[int, int], field: str
) -> None:
    _, _, active = begin()
    with pytest.raises(InvalidInput) as error:
        exercises_done(planned_items(active, on(0)), sets_done)
    assert error.value.field == field


def test_one_set_more_than_the_dose_is_refused_and_the_dose_itself_is_not() -> None:
    _, _, active = begin()
    items = planned_items(active, on(0))
    sets = items[0].dose.sets
    exercises_done(items, {0: sets})
    with pytest.raises(InvalidInput) as error:
        exercises_done(items, {0: sets + 1})
    assert error.value.field == "sets_done.0"


def test_a_logged_session_is_stored_with_its_plan_day_and_walk() -> None:
    store, person_id, active = begin()
    with FakeUnitOfWork(store) as uow:
        logged = log_planned_session(
            uow,
            person_id,
            active,
            date=on(2),
            sets_done={0: 1},
            pain_before=4,
            pain_after=3,
            effort="about_right",
            walk_minutes=12,
            today=on(2),
        )
    assert logged.plan_day == 3
    with FakeUnitOfWork(store) as uow:
        [log] = uow.diary.day(person_id, on(2)).sessions
    assert log.effort is Effort.ABOUT_RIGHT
    assert (log.pain_before, log.pain_after) == (4, 3)
    assert log.exercises[-1].exercise_id == "walking"
    assert log.exercises[-1].minutes_done == 12
    assert log.exercises[0].sets_done == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": None}, "pain_after"),
        ({"effort": "fine"}, "effort"),
        ({"date": on(3)}, "date"),
    ],
)
def test_a_log_that_breaks_a_rule_names_the_field_and_stores_nothing(
    changes: dict[str, object], field: str
) -> None:
    store, person_id, active = begin()
    values: dict[str, object] = {
        "date": on(2),
        "sets_done": {},
        "pain_before": 4,
        "pain_after": 3,
        "effort": "about_right",
        "today": on(2),
    }
    values.update(changes)
    with FakeUnitOfWork(store) as uow:
        with pytest.raises(InvalidInput) as error:
            log_planned_session(uow, person_id, active, **values)
        assert uow.diary.day(person_id, on(2)).sessions == ()
    assert error.value.field == field


def test_a_date_without_a_session_needs_a_walk_to_log() -> None:
    store, person_id, active = begin()
    before = on(-1)
    with FakeUnitOfWork(store) as uow:
        with pytest.raises(InvalidInput) as error:
            log_planned_session(
                uow, person_id, active, date=before, sets_done={}, pain_before=3,
                pain_after=3, effort="too_easy", today=on(0),
            )  # fmt: skip
        assert error.value.field == "date"
        logged = log_planned_session(
            uow, person_id, active, date=before, sets_done={}, pain_before=3, pain_after=3,
            effort="too_easy", walk_minutes=20, today=on(0),
        )  # fmt: skip
    assert logged.plan_day is None


def test_a_stopped_plan_has_no_items_from_the_day_it_was_stopped() -> None:
    store, person_id, active = begin()
    answers, _ = parse_answers(EMERGENCY)
    stopped = ActivePlan(
        active.record, stop_plan(active.plan, triage(answers), on(4)), active.assessment,
        active.answers,
    )  # fmt: skip
    assert planned_items(stopped, on(3))
    assert planned_items(stopped, on(4)) == []
    assert planned_items(None, on(3)) == []
    assert planned_items(active, active.plan.end + (on(1) - on(0))) == []


def test_a_session_log_gets_its_plan_day_from_the_plan_given() -> None:
    store, person_id, active = begin()
    with FakeUnitOfWork(store) as uow:
        log = SessionLog(date=on(6), pain_before=2, pain_after=2, effort="too_easy")
        logged = log_session(uow, person_id, log_in_plan(active, log, today=on(6)), today=on(6))
    assert logged.plan_day == 7
