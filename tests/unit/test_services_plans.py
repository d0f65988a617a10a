"""The active plan, a date in it, and plans made from answers alone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_services_profile import ANSWERS, EMERGENCY, START, at, on, started
from unknot.domain.plan import NoPlan
from unknot.domain.records import AssessmentRecord, PainEntry, Person
from unknot.domain.triage import Level
from unknot.errors import InvalidInput
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plans import (
    SOURCE_KEY,
    DayStatus,
    NoPlanYet,
    active_plan,
    day_view,
    plan_document,
    plan_json,
    preview_plan,
)


@pytest.mark.parametrize(
    ("offset", "status"),
    [
        (-1, DayStatus.BEFORE_START),
        (0, DayStatus.IN_PLAN),
        (27, DayStatus.IN_PLAN),
        (28, DayStatus.AFTER_END),
    ],
)
def test_a_date_is_before_in_or_after_the_plan(offset: int, status: DayStatus) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        view = day_view(uow, person_id, on(offset))
    assert view.status is status
    assert (view.day is not None) == (status is DayStatus.IN_PLAN)
    if view.day is not None:
        assert view.day.date == on(offset)


def test_the_day_view_shows_what_was_logged_that_date_only() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        uow.diary.add_pain(person_id, PainEntry(date=on(1), pain=4))
        uow.diary.add_pain(person_id, PainEntry(date=on(2), pain=6))
        uow.commit()
        view = day_view(uow, person_id, on(1))
    assert [e.pain for e in view.logged.pain] == [4]
    assert view.sessions_logged == 0
    assert not view.stopped


def test_without_a_plan_the_day_view_says_there_is_none_yet() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = uow.people.add(Person(created_at=at(START)))
        uow.commit()
        assert active_plan(uow, person_id) is None
        with pytest.raises(NoPlanYet):
            day_view(uow, person_id, START)


def test_a_stored_plan_that_no_longer_matches_its_answers_is_an_error_not_a_guess() -> None:
    store = FakeStore()
    result = started(store)
    with FakeUnitOfWork(store) as uow:
        record = uow.plans.active(result.person_id)
        assert record is not None
        edited = dict(record.plan)
        edited["minutes_per_day"] = 90
        uow.plans.add(result.person_id, record.model_copy(update={"id": None, "plan": edited}))
        uow.commit()
        with pytest.raises(InvalidInput) as error:
            active_plan(uow, result.person_id)
    assert error.value.field == "plan"


def test_the_stored_document_is_the_plan_json_plus_its_assessment() -> None:
    store = FakeStore()
    plan = started(store).plan
    assert plan is not None
    document = plan_document(plan, 7)
    assert document[SOURCE_KEY] == 7
    assert plan_json(document) == plan.as_json()
    assert set(document) - set(plan.as_json()) == {SOURCE_KEY}


def test_a_preview_plan_needs_no_storage_and_counts_from_its_start() -> None:
    preview = preview_plan(ANSWERS, on(7))
    assert preview.plan.generated_for == on(7) == preview.plan.generated_on
    assert preview.triage.level is Level.SELF_MANAGE
    assert preview.warnings == []
    assert len(preview.plan.weeks) == 4


def test_a_preview_plan_warns_about_unknown_fields() -> None:
    preview = preview_plan({**ANSWERS, "favourite_colour": "blue"}, START)
    assert preview.warnings and "favourite_colour" in preview.warnings[0]


def test_a_preview_at_emergency_raises_no_plan_with_the_triage_result() -> None:
    with pytest.raises(NoPlan) as error:
        preview_plan(EMERGENCY, START)
    assert error.value.triage.level is Level.EMERGENCY
    assert error.value.as_json()["rules"] == ["E-CES-BLADDER"]


def test_a_preview_cannot_start_before_the_answers_were_given() -> None:
    with pytest.raises(InvalidInput) as error:
        preview_plan(ANSWERS, START, today=START + dt.timedelta(days=1))
    assert error.value.field == "start"


def test_a_plan_stored_without_its_assessment_id_is_matched_with_its_answers() -> None:
    store = FakeStore()
    result = started(store)
    with FakeUnitOfWork(store) as uow:
        record = uow.plans.active(result.person_id)
        assert record is not None and result.plan is not None
        bare = record.model_copy(update={"id": None, "plan": result.plan.as_json()})
        uow.plans.add(result.person_id, bare)
        # a later assessment (new leg symptoms) that this plan was not made from
        uow.assessments.add(
            result.person_id,
            AssessmentRecord(
                taken_at=at(on(2)),
                answers={**ANSWERS, "legs": {"pain_or_numbness": "one_leg"}},
                triage={},
                level="self-manage",
            ),
        )
        uow.commit()
        active = active_plan(uow, result.person_id)
    assert active is not None and active.assessment_id == result.assessment_id
    assert active.plan.as_json() == result.plan.as_json()
