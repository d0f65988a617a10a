"""A plan's state: what rebuilding it needs, trusted only with the library and engine that
made it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_plan_library import START, make_plan
from unknot.content.library import load_library
from unknot.domain.answers import parse_answers
from unknot.domain.plan import (
    STATE_FORMAT,
    Library,
    Plan,
    StaleState,
    check_flare,
    generate_plan,
    plan_state,
    restore_from_state,
    restore_plan,
    review_from_state,
    review_week,
    stop_plan,
)
from unknot.domain.plan.restore import ENGINE
from unknot.domain.records import DiaryDay, ExerciseDone, PainEntry, SessionLog
from unknot.domain.triage import triage
from unknot.errors import InvalidInput, NotFound
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plans import SOURCE_KEY, active_plan, plan_json

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from plans import answer_spread  # noqa: E402  (the answer sets of the plan benchmark)


def round_trip(data: dict[str, Any]) -> dict[str, Any]:
    """As stored and read back."""
    loaded: dict[str, Any] = json.loads(json.dumps(data))
    return loaded


def plans_of_every_kind() -> list[Plan]:
    """Plans of the benchmark's answer spread, and one reviewed, flared and stopped."""
    library = load_library()
    plans = []
    for data in answer_spread(96)[::7]:
        answers, _ = parse_answers(data)
        plans.append(generate_plan(answers, triage(answers), library, START))
    plan = make_plan({"episode": {"duration_days": 200}})
    plan = review_week(plan, 1, [], [], today=START + dt.timedelta(days=6)).plan
    flare_day = START + dt.timedelta(days=9)
    diary = [DiaryDay(date=flare_day, pain=(PainEntry(date=flare_day, pain=10),))]
    flare = check_flare(diary, plan, flare_day)
    assert flare is not None
    plans.append(flare.plan)
    urgent = triage(
        parse_answers(
            {**json.loads(json.dumps(make_answers_json())), "red_flags": {"fever": True}}
        )[0]
    )
    plans.append(stop_plan(flare.plan, urgent, flare_day + dt.timedelta(days=1)))
    return plans


def make_answers_json() -> dict[str, Any]:
    plan = make_plan()
    return plan.context.answers.model_dump(mode="json", exclude_none=True)


@pytest.fixture(scope="module")
def every_kind() -> list[Plan]:
    return plans_of_every_kind()


def test_a_state_rebuilds_exactly_the_plan_it_came_from(every_kind: list[Plan]) -> None:
    library = load_library()
    assert any(p.stopped is not None for p in every_kind)
    for plan in every_kind:
        data = plan.as_json()
        state = round_trip(plan_state(data, library))
        restored = restore_from_state(state, plan.context.answers, library)
        assert restored.as_json() == data
        assert restored.as_json() == restore_plan(data, plan.context.answers, library).as_json()


def test_a_state_is_a_small_part_of_the_plan(every_kind: list[Plan]) -> None:
    library = load_library()
    for plan in every_kind:
        data = plan.as_json()
        state = plan_state(data, library)
        assert state["format"] == STATE_FORMAT
        assert state["engine"] == ENGINE
        assert state["library"] == library.digest
        assert len(json.dumps(state)) * 10 < len(json.dumps(data))


def test_a_state_from_another_library_or_engine_is_refused() -> None:
    plan = make_plan()
    library = load_library()
    state = plan_state(plan.as_json(), library)
    specs = list(library)
    changed = Library(
        [dataclasses.replace(specs[0], name=specs[0].name + " (renamed)"), *specs[1:]]
    )
    assert changed.digest != library.digest
    with pytest.raises(StaleState, match="another plan engine or exercise library"):
        restore_from_state(state, plan.context.answers, changed)
    with pytest.raises(StaleState):
        restore_from_state(
            {**state, "engine": "unknot-plan-engine/0"}, plan.context.answers, library
        )
    assert isinstance(StaleState("plan", "x"), InvalidInput)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(format="unknot.plan/v1"), "format"),
        (lambda s: s.pop("weeks"), "not a readable"),
        (lambda s: s["weeks"][0].update(start="the third"), "not a readable"),
    ],
)
def test_a_damaged_state_is_an_error(change: Any, message: str) -> None:
    plan = make_plan()
    state = plan_state(plan.as_json(), load_library())
    change(state)
    with pytest.raises(InvalidInput, match=message):
        restore_from_state(state, plan.context.answers, load_library())


def test_the_library_digest_is_the_same_however_the_library_is_built() -> None:
    library = load_library()
    assert Library(reversed(list(library))).digest == library.digest
    assert len(library.digest) == 64


def test_storing_a_plan_stores_its_state_which_rebuilds_it() -> None:
    from tests.unit.test_services_profile import started

    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        active = active_plan(uow, person_id)
        [found] = uow.cohort.active_plan_states()
    assert active is not None
    assert found.person_id == person_id and found.plan_id == active.plan_id
    assert found.state[SOURCE_KEY] == active.assessment_id
    rebuilt = restore_from_state(found.state, active.answers, load_library())
    assert rebuilt.as_json() == plan_json(active.record.plan)


def a_week_of_diary(plan: Plan, number: int, seed: int) -> list[DiaryDay]:
    """Sessions of the week's items on most days (some too easy, one painful) and morning
    pain, the morning after the week included."""
    week = plan.week(number)
    days = []
    for n, date in enumerate([*week.dates(), week.end + dt.timedelta(days=1)]):
        pain = 2 + (n + seed) % 4
        sessions: tuple[SessionLog, ...] = ()
        if date <= week.end and (n + seed) % 5:
            done = tuple(
                ExerciseDone(exercise_id=item.exercise, sets_done=item.dose.sets)
                for item in plan.day(date).items()
            )
            effort = ("too_easy", "about_right", "too_easy", "too_hard")[(n + seed) % 4]
            after = 7 if (n + seed) % 6 == 0 else pain
            sessions = (
                SessionLog(
                    id=100 * seed + n + 1, date=date, exercises=done, pain_before=pain,
                    pain_after=after, effort=effort,
                ),
            )  # fmt: skip
        days.append(DiaryDay(date=date, sessions=sessions, pain=(PainEntry(date=date, pain=pain),)))
    return days


def test_a_review_from_a_state_is_the_review_of_the_plan_the_state_rebuilds(
    every_kind: list[Plan],
) -> None:
    library = load_library()
    reviewed = 0
    for seed, plan in enumerate(every_kind):
        if plan.stopped is not None:
            continue
        state = round_trip(plan_state(plan.as_json(), library))
        answers = plan.context.answers
        for number in (1, 2, 3):
            diary = a_week_of_diary(plan, number, seed)
            today = plan.week(number).end + dt.timedelta(days=1)
            expected = review_week(
                restore_from_state(state, answers, library), number, [], diary, today=today
            )
            got = review_from_state(state, answers, library, number, [], diary, today=today)
            assert got.as_json() == expected.as_json()
            assert got.plan.as_json() == expected.plan.as_json()
            assert got.decisions == expected.decisions
            reviewed += 1
    # The flare-up's relief days lie in week 2: reviewing week 1 keeps them.
    flared = every_kind[-2]
    relief = [d for d in flared.days if d.kind.value == "relief"]
    assert relief and all(d.date > flared.week(1).end for d in relief)
    assert reviewed >= 3 * (len(every_kind) - 1)


def test_a_review_from_a_state_fails_as_the_review_of_the_restored_plan(
    every_kind: list[Plan],
) -> None:
    library = load_library()
    stopped = every_kind[-1]
    assert stopped.stopped is not None
    state = plan_state(stopped.as_json(), library)
    today = START + dt.timedelta(days=30)
    with pytest.raises(InvalidInput, match="the plan was stopped on"):
        review_from_state(state, stopped.context.answers, library, 1, [], [], today=today)
    plan = every_kind[0]
    state = plan_state(plan.as_json(), library)
    with pytest.raises(NotFound) as missing:
        review_from_state(state, plan.context.answers, library, 9, [], [], today=today)
    with pytest.raises(NotFound) as expected:
        review_week(plan, 9, [], [], today=today)
    assert str(missing.value) == str(expected.value)
    with pytest.raises(InvalidInput, match="review it on or after"):
        review_from_state(state, plan.context.answers, library, 2, [], [], today=START)
    with pytest.raises(StaleState):
        review_from_state(
            {**state, "engine": "unknot-plan-engine/0"}, plan.context.answers, library, 1, [],
            [], today=today,
        )  # fmt: skip
