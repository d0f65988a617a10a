"""The diary: entries committed first, then flare-ups and new symptoms acted on at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.unit.test_services_profile import ANSWERS, START, at, on, started
from unknot.domain.plan import DayKind
from unknot.domain.triage import Level
from unknot.errors import InvalidInput
from unknot.services.diary import (
    log_pain,
    log_sitting,
    log_sleep,
    log_spasm,
    log_steps,
    report_symptoms,
)
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plans import NoPlanYet, active_plan
from unknot.services.profile import local_profile


def pain(store: FakeStore, person_id: int, value: int, day: dt.date, **extra: Any) -> Any:
    with FakeUnitOfWork(store) as uow:
        return log_pain(uow, person_id, pain=value, today=day, now=at(day), **extra)


def plan_kinds(store: FakeStore, person_id: int, days: range) -> list[DayKind]:
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, person_id)
    assert active is not None
    return [active.plan.day(on(n)).kind for n in days]


@pytest.mark.parametrize(("rise", "flare"), [(2, False), (3, True)])
def test_pain_three_points_above_the_last_week_switches_today_and_tomorrow_to_relief(
    rise: int, flare: bool
) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    for n in range(4):
        assert pain(store, person_id, 3, on(n)).flare is None
    logged = pain(store, person_id, 3 + rise, on(4))
    assert (logged.flare is not None) == flare
    expected = [DayKind.PLAN, DayKind.RELIEF, DayKind.RELIEF, DayKind.PLAN]
    assert plan_kinds(store, person_id, range(3, 7)) == (expected if flare else [DayKind.PLAN] * 4)
    if flare:
        assert logged.plan_id is not None
        assert logged.flare.relief_dates == (on(4), on(5))
        with FakeUnitOfWork(store) as uow:
            record = uow.plans.active(person_id)
        assert record is not None and record.reason.startswith("Flare-up:")


def test_the_same_flare_logged_twice_stores_one_changed_plan() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    pain(store, person_id, 2, on(0))
    assert pain(store, person_id, 8, on(1)).flare is not None
    assert pain(store, person_id, 8, on(1)).flare is None
    with FakeUnitOfWork(store) as uow:
        assert len(uow.plans.history(person_id)) == 2


def test_pain_logged_for_an_earlier_day_is_kept_without_a_flare_check() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    pain(store, person_id, 2, on(0))
    logged = pain(store, person_id, 9, on(2), date=on(1))
    assert logged.flare is None
    with FakeUnitOfWork(store) as uow:
        assert [e.pain for e in uow.diary.day(person_id, on(1)).pain] == [9]


@pytest.mark.parametrize(("severity", "flare"), [(6, False), (7, True)])
def test_a_spasm_of_seven_or_more_is_a_flare_up(severity: int, flare: bool) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        logged = log_spasm(
            uow,
            person_id,
            severity=severity,
            minutes=20,
            started_at=at(on(2), 8),
            trigger="bent to tie a shoe",
            today=on(2),
            now=at(on(2), 9),
        )
    assert (logged.flare is not None) == flare
    if logged.flare is not None:
        assert "bent to tie a shoe" in logged.flare.why


def test_an_entry_is_kept_even_without_a_plan() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        logged = log_pain(uow, person_id, pain=9, stiffness=8, today=START, now=at(START))
    assert logged.flare is None
    with FakeUnitOfWork(store) as uow:
        entry = uow.diary.day(person_id, START).pain[0]
    assert (entry.pain, entry.stiffness) == (9, 8)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda uow, p: log_pain(uow, p, pain=11, today=START, now=at(START)), "pain"),
        (lambda uow, p: log_pain(uow, p, pain=-1, today=START, now=at(START)), "pain"),
        (
            lambda uow, p: log_pain(uow, p, pain=3, stiffness=11, today=START, now=at(START)),
            "stiffness",
        ),
        (
            lambda uow, p: log_pain(uow, p, pain=3, date=on(1), today=START, now=at(START)),
            "date",
        ),
        (lambda uow, p: log_sitting(uow, p, hours=24.5, today=START), "hours"),
        (lambda uow, p: log_sleep(uow, p, hours=7, quality=11, today=START), "quality"),
        (lambda uow, p: log_steps(uow, p, steps=200_001, today=START), "steps"),
        (
            lambda uow, p: log_spasm(
                uow, p, severity=5, minutes=0, started_at=at(START), today=START, now=at(START)
            ),
            "minutes",
        ),
        (
            lambda uow, p: log_spasm(
                uow, p, severity=5, minutes=10, started_at=at(on(-5)), today=START, now=at(START)
            ),
            "started_at",
        ),
    ],
)
def test_a_value_out_of_range_names_its_field_and_nothing_is_kept(call: Any, field: str) -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        uow.commit()
    with FakeUnitOfWork(store) as uow, pytest.raises(InvalidInput) as error:
        call(uow, person_id)
    assert error.value.field == field
    with FakeUnitOfWork(store) as uow:
        assert uow.diary.day(person_id, START).is_empty


@pytest.mark.parametrize(
    ("hours", "quality", "woken"), [(0.0, None, False), (24.0, 10, True), (6.5, 0, False)]
)
def test_sleep_and_sitting_keep_their_boundaries(
    hours: float, quality: int | None, woken: bool
) -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        log_sleep(uow, person_id, hours=hours, quality=quality, woken_by_pain=woken, today=START)
        log_sitting(uow, person_id, hours=hours, today=START)
    with FakeUnitOfWork(store) as uow:
        day = uow.diary.day(person_id, START)
    assert (day.sleep[0].hours, day.sleep[0].quality, day.sleep[0].woken_by_pain) == (
        hours,
        quality,
        woken,
    )
    assert day.sitting[0].hours == hours


def test_steps_typed_twice_for_a_day_replace_each_other() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        first = log_steps(uow, person_id, steps=4000, today=START)
        second = log_steps(uow, person_id, steps=5200, today=START)
        same = log_steps(uow, person_id, steps=5200, today=START)
    assert (first.added, second.updated, same.unchanged) == (1, 1, 1)
    with FakeUnitOfWork(store) as uow:
        assert uow.diary.day(person_id, START).steps_count == 5200


def symptoms(store: FakeStore, person_id: int, data: Any, day: dt.date) -> Any:
    with FakeUnitOfWork(store) as uow:
        return report_symptoms(uow, person_id, data, today=day, now=at(day))


def test_a_new_red_flag_stops_the_plan_at_once_from_today() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    report = symptoms(store, person_id, {"red_flags": {"saddle_numbness": True}}, on(5))
    assert report.triage.level is Level.EMERGENCY
    assert "E-CES-SADDLE" in report.triage.rules
    assert report.stopped_plan is not None and report.plan_id is not None
    assert plan_kinds(store, person_id, range(4, 7)) == [DayKind.PLAN] + [DayKind.STOPPED] * 2
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, person_id)
        latest = uow.assessments.latest(person_id)
    assert active is not None and active.plan.stopped is not None
    assert active.plan.stopped.rules == ("E-CES-SADDLE",)
    assert latest is not None and latest.level == "emergency"
    assert latest.answers["red_flags"]["saddle_numbness"] is True


def test_new_symptoms_that_allow_a_plan_keep_it_going() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    report = symptoms(store, person_id, {"legs": {"pain_or_numbness": "one_leg"}}, on(2))
    assert report.triage is not None and report.triage.plan_allowed
    assert report.stopped_plan is None
    assert plan_kinds(store, person_id, range(2, 4)) == [DayKind.PLAN, DayKind.PLAN]


def test_no_new_symptoms_change_and_store_nothing() -> None:
    store = FakeStore()
    result = started(store)
    report = symptoms(store, result.person_id, {"red_flags": {}, "legs": {}}, on(2))
    assert report.triage is None
    with FakeUnitOfWork(store) as uow:
        assert [a.id for a in uow.assessments.list(result.person_id)] == [result.assessment_id]


def test_symptoms_reported_on_different_days_add_up() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    first = symptoms(store, person_id, {"red_flags": {"feels_very_unwell": True}}, on(1))
    assert first.triage.level is Level.SELF_MANAGE
    second = symptoms(store, person_id, {"red_flags": {"fever": True}}, on(2))
    # A fever alone is urgent; with feeling very unwell (reported the day before) it is sepsis.
    assert second.triage.level is Level.EMERGENCY
    assert "E-SEPSIS" in second.triage.rules


def test_the_episode_counts_on_from_the_assessment_when_symptoms_are_reported() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    symptoms(store, person_id, {"legs": {"pain_or_numbness": "one_leg"}}, on(10))
    with FakeUnitOfWork(store) as uow:
        latest = uow.assessments.latest(person_id)
    assert latest is not None
    assert latest.answers["episode"]["duration_days"] == ANSWERS["episode"]["duration_days"] + 10


def test_symptoms_before_any_assessment_say_so() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        uow.commit()
    with pytest.raises(NoPlanYet):
        symptoms(store, person_id, {"red_flags": {"fever": True}}, START)


def test_invalid_symptoms_name_the_field() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with pytest.raises(InvalidInput) as error:
        symptoms(store, person_id, {"legs": {"weakness": "three_legs"}}, on(1))
    assert error.value.field == "legs.weakness"
