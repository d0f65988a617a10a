"""Starting: answers → triage → plan, stored; and the builders the service tests share."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from unknot.domain.plan import DayKind, Phase
from unknot.domain.records import Person
from unknot.domain.triage import Level
from unknot.errors import InvalidInput
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plans import SOURCE_KEY, active_plan, plan_json
from unknot.services.profile import Started, find_local_profile, local_profile, start

START = dt.date(2025, 3, 3)
"""A Monday."""

ANSWERS: dict[str, Any] = {
    "format": "unknot.assessment/v1",
    "age": 42,
    "episode": {
        "onset": "sudden",
        "trigger": "lifting",
        "duration_days": 5,
        "trend": "same",
        "first_episode": True,
    },
    "pain": {"now": 5, "worst_24h": 7},
    "lifestyle": {"sitting_hours_per_day": 8, "steps_per_day": 4000, "work": "desk"},
    "self_tests": {"forward_bend_reach": "knees", "hip_flexor_test": "tight", "plank_seconds": 20},
    "preferences": {"minutes_per_day": 30, "can_get_on_floor": True, "equipment": ["chair"]},
}
"""A self-manage case: a lifting strain five days ago, desk work, tight hamstrings."""

EMERGENCY: dict[str, Any] = {**ANSWERS, "red_flags": {"new_bladder_change": True}}


def on(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def answers(**blocks: Any) -> dict[str, Any]:
    data = copy.deepcopy(ANSWERS)
    data.update(blocks)
    return data


def started(
    store: FakeStore, data: dict[str, Any] | None = None, today: dt.date = START
) -> Started:
    """The local profile started with ``data`` (default :data:`ANSWERS`) on ``today``."""
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(today))
        return start(uow, person_id, data or ANSWERS, today=today, now=at(today))


def test_start_stores_the_assessment_and_an_active_plan_made_from_it() -> None:
    store = FakeStore()
    result = started(store)
    assert result.triage.level is Level.SELF_MANAGE
    assert result.plan is not None and result.plan_id is not None
    with FakeUnitOfWork(store) as uow:
        record = uow.plans.active(result.person_id)
        assessment = uow.assessments.latest(result.person_id)
    assert record is not None and assessment is not None
    assert record.plan[SOURCE_KEY] == assessment.id == result.assessment_id
    assert plan_json(record.plan) == result.plan.as_json()
    assert assessment.level == "self-manage"
    assert assessment.triage["format"] == "unknot.triage/v1"


def test_the_stored_plan_restores_to_the_plan_that_was_made() -> None:
    store = FakeStore()
    result = started(store)
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, result.person_id)
    assert active is not None and result.plan is not None
    assert active.plan.as_json() == result.plan.as_json()
    assert active.assessment_id == result.assessment_id


def test_the_plan_starts_today_unless_a_start_date_is_given() -> None:
    store = FakeStore()
    first = started(store)
    assert first.plan is not None and first.plan.generated_for == START
    with FakeUnitOfWork(store) as uow:
        later = start(uow, first.person_id, ANSWERS, today=START, now=at(START), start_on=on(2))
    assert later.plan is not None and later.plan.generated_for == on(2)
    assert later.plan.generated_on == START


def test_a_plan_cannot_start_before_the_assessment_and_nothing_is_stored() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        with pytest.raises(InvalidInput) as error:
            start(uow, person_id, ANSWERS, today=START, now=at(START), start_on=on(-1))
    assert error.value.field == "start"
    with FakeUnitOfWork(store) as uow:
        assert find_local_profile(uow) is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**ANSWERS, "age": 12}, "age"),
        ({**ANSWERS, "pain": {"now": 11}}, "pain.now"),
        ({key: value for key, value in ANSWERS.items() if key != "age"}, "age"),
    ],
)
def test_invalid_answers_name_the_field_and_store_nothing(data: dict[str, Any], field: str) -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = uow.people.add(Person(created_at=at(START), is_local_profile=True))
        uow.commit()
    with FakeUnitOfWork(store) as uow, pytest.raises(InvalidInput) as error:
        start(uow, person_id, data, today=START, now=at(START))
    assert error.value.field == field
    with FakeUnitOfWork(store) as uow:
        assert uow.assessments.list(person_id) == []
        assert uow.plans.active(person_id) is None


def test_an_emergency_makes_no_plan_but_keeps_the_assessment() -> None:
    store = FakeStore()
    result = started(store, EMERGENCY)
    assert result.triage.level is Level.EMERGENCY
    assert result.plan is None and result.plan_id is None and result.stopped_plan_id is None
    with FakeUnitOfWork(store) as uow:
        assert uow.plans.active(result.person_id) is None
        latest = uow.assessments.latest(result.person_id)
    assert latest is not None and latest.level == "emergency"


def test_an_emergency_on_starting_again_stops_the_plan_from_today() -> None:
    store = FakeStore()
    first = started(store)
    again = started(store, EMERGENCY, today=on(3))
    assert again.plan is None and again.stopped_plan_id is not None
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, first.person_id)
    assert active is not None and active.plan.stopped is not None
    assert active.plan.stopped.date == on(3)
    assert active.plan.day(on(2)).kind is DayKind.PLAN
    assert all(active.plan.day(on(n)).kind is DayKind.STOPPED for n in range(3, 28))
    assert active.assessment_id == first.assessment_id


def test_starting_again_replaces_the_active_plan() -> None:
    store = FakeStore()
    first = started(store)
    acute = answers(episode={**ANSWERS["episode"], "duration_days": 0})
    second = started(store, acute, today=on(7))
    with FakeUnitOfWork(store) as uow:
        history = uow.plans.history(first.person_id)
        active = active_plan(uow, first.person_id)
    assert [p.active for p in history] == [True, False]
    assert active is not None and active.assessment_id == second.assessment_id
    assert active.plan.day(on(7)).phase is Phase.ACUTE


def test_the_local_profile_is_made_once() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        assert find_local_profile(uow) is None
        first = local_profile(uow, at(START))
        assert local_profile(uow, at(on(1))) == first
        uow.commit()
    with FakeUnitOfWork(store) as uow:
        assert find_local_profile(uow) == first
