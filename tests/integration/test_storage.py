"""The storage contract, on the in-memory fake, SQLite and PostgreSQL alike: round trips,
person scoping of every read, steps re-imports, export, erasure and the unit of work."""

from __future__ import annotations

import datetime as dt
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import IntegrityError

from tests.integration.conftest import UowFactory
from unknot.adapters.db import create_engine_for, make_engine
from unknot.adapters.orm import PERSON_TABLES
from unknot.domain.records import (
    EXPORT_SECTIONS,
    AssessmentRecord,
    DiaryDay,
    ExerciseDone,
    PainEntry,
    Person,
    PlanRecord,
    ReviewRecord,
    ScoreRecord,
    SessionLog,
    SittingEntry,
    SleepEntry,
    SpasmEpisode,
    StepsUpsert,
)
from unknot.errors import InvalidInput, NotFound
from unknot.services.unit_of_work import SqlUnitOfWork, UnitOfWork
from unknot.settings import load_settings

MONDAY = dt.date(2024, 5, 6)
SUNDAY = dt.date(2024, 5, 12)
NOW = dt.datetime(2024, 5, 6, 7, 0, tzinfo=dt.UTC)
BERLIN = dt.timezone(dt.timedelta(hours=2))


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def add_person(new_uow: UowFactory, name: str = "someone") -> int:
    with new_uow() as uow:
        person_id = uow.people.add(Person(created_at=NOW, display_name=name))
        uow.commit()
    return person_id


# --- Round trips ---------------------------------------------------------------------------

DIARY_ROUND_TRIPS: list[tuple[str, Any, Callable[[DiaryDay], tuple[Any, ...]]]] = [
    (
        "add_session_log",
        SessionLog(
            date=MONDAY,
            started_at=dt.datetime(2024, 5, 6, 18, 30, tzinfo=BERLIN),
            plan_day=3,
            exercises=(
                ExerciseDone(exercise_id="knee-to-chest", sets_done=2, hold_seconds_done=30),
                ExerciseDone(exercise_id="bridge", sets_done=3, reps_done=10),
                ExerciseDone(exercise_id="bird-dog", skipped=True),
            ),
            pain_before=6,
            pain_after=4,
            effort="about_right",
            notes="Stiff at first, easier after the bridges.",
        ),
        lambda d: d.sessions,
    ),
    ("add_pain", PainEntry(date=MONDAY, pain=7, stiffness=None), lambda d: d.pain),
    (
        "add_spasm",
        SpasmEpisode(
            date=MONDAY,
            started_at=dt.datetime(2024, 5, 6, 23, 50, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
            trigger="bent to tie a shoe",
            minutes=15,
            severity=8,
        ),
        lambda d: d.spasms,
    ),
    ("add_sitting", SittingEntry(date=MONDAY, hours=9.5), lambda d: d.sitting),
    (
        "add_sleep",
        SleepEntry(date=MONDAY, hours=6.25, quality=None, woken_by_pain=True),
        lambda d: d.sleep,
    ),
]


@pytest.mark.parametrize(("method", "record", "read"), DIARY_ROUND_TRIPS)
def test_every_diary_entry_reads_back_equal_with_its_id(
    new_uow: UowFactory, method: str, record: Any, read: Callable[[DiaryDay], tuple[Any, ...]]
) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        ident = getattr(uow.diary, method)(person_id, record)
        uow.commit()
    with new_uow() as uow:
        stored = read(uow.diary.day(person_id, MONDAY))
    assert stored == (record.model_copy(update={"id": ident}),)


def test_times_come_back_as_the_same_instant_in_utc(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    started = dt.datetime(2024, 5, 6, 18, 30, tzinfo=BERLIN)
    log = SessionLog(
        date=MONDAY, started_at=started, pain_before=3, pain_after=3, effort="too_easy"
    )
    with new_uow() as uow:
        uow.diary.add_session_log(person_id, log)
        uow.commit()
    with new_uow() as uow:
        (stored,) = uow.diary.day(person_id, MONDAY).sessions
    assert stored.started_at == dt.datetime(2024, 5, 6, 16, 30, tzinfo=dt.UTC)
    assert stored.started_at is not None and stored.started_at.utcoffset() == dt.timedelta(0)


def test_steps_read_back_as_entries_of_their_day_and_source(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.upsert_steps(person_id, {MONDAY: 5400, day(1): 7000}, "Google Fit")
        uow.commit()
    with new_uow() as uow:
        (monday,) = uow.diary.day(person_id, MONDAY).steps
    assert (monday.date, monday.steps, monday.source) == (MONDAY, 5400, "Google Fit")
    assert monday.id is not None


def test_people_round_trip_and_an_unknown_id_is_not_found(new_uow: UowFactory) -> None:
    person = Person(created_at=NOW, display_name="Ana", email="ana@example.org")
    with new_uow() as uow:
        person_id = uow.people.add(person)
        uow.commit()
    with new_uow() as uow:
        assert uow.people.get(person_id) == person.model_copy(update={"id": person_id})
        with pytest.raises(NotFound):
            uow.people.get(person_id + 1000)


def test_an_email_can_belong_to_one_person_only(new_uow: UowFactory) -> None:
    with new_uow() as uow:
        uow.people.add(Person(created_at=NOW, email="ana@example.org"))
        uow.commit()
    with new_uow() as uow, pytest.raises(InvalidInput) as caught:
        uow.people.add(Person(created_at=NOW, email="ana@example.org"))
    assert caught.value.field == "email"


def test_the_local_profile_is_made_once_and_then_found(new_uow: UowFactory) -> None:
    with new_uow() as uow:
        assert uow.people.get_local_profile() is None
        first = uow.people.get_or_create_local_profile(NOW)
        uow.commit()
    with new_uow() as uow:
        again = uow.people.get_or_create_local_profile(NOW + dt.timedelta(days=3))
        assert uow.people.get_local_profile() == first
    assert again == first
    assert first.is_local_profile and first.created_at == NOW


def test_assessments_latest_is_the_newest_taken_and_list_is_newest_first(
    new_uow: UowFactory,
) -> None:
    person_id = add_person(new_uow)
    taken = [NOW + dt.timedelta(days=offset) for offset in (3, 0, 7)]
    with new_uow() as uow:
        for at in taken:
            record = AssessmentRecord(
                taken_at=at,
                answers={"age": 40},
                triage={"level": "self-manage"},
                level="self-manage",
            )
            uow.assessments.add(person_id, record)
        uow.commit()
    with new_uow() as uow:
        latest = uow.assessments.latest(person_id)
        listed = uow.assessments.list(person_id)
        limited = uow.assessments.list(person_id, limit=2)
    assert latest is not None and latest.taken_at == taken[2]
    assert [a.taken_at for a in listed] == sorted(taken, reverse=True)
    assert [a.taken_at for a in limited] == sorted(taken, reverse=True)[:2]
    assert listed[0].answers == {"age": 40}
    assert listed[0].triage == {"level": "self-manage"}


def plan(created: dt.datetime, phase: str, active: bool = True) -> PlanRecord:
    return PlanRecord(
        created_at=created,
        start_date=created.date(),
        phase=phase,
        plan={"format": "unknot.plan/v1", "phase": phase, "weeks": [{"days": [1, 2]}]},
        active=active,
        reason=f"started {phase}",
    )


def test_adding_an_active_plan_retires_the_previous_one(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        first = uow.plans.add(person_id, plan(NOW, "calm"))
        second = uow.plans.add(person_id, plan(NOW + dt.timedelta(days=7), "build"))
        uow.commit()
    with new_uow() as uow:
        active = uow.plans.active(person_id)
        history = uow.plans.history(person_id)
    assert active is not None and active.id == second
    assert [(p.id, p.active) for p in history] == [(second, True), (first, False)]
    assert history[0].plan["weeks"] == [{"days": [1, 2]}]


def test_an_inactive_plan_is_kept_without_replacing_the_active_one(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        current = uow.plans.add(person_id, plan(NOW, "calm"))
        uow.plans.add(person_id, plan(NOW + dt.timedelta(days=1), "draft", active=False))
        uow.commit()
    with new_uow() as uow:
        active = uow.plans.active(person_id)
    assert active is not None and active.id == current


def test_activating_an_older_plan_makes_it_the_only_active_one(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        first = uow.plans.add(person_id, plan(NOW, "calm"))
        uow.plans.add(person_id, plan(NOW + dt.timedelta(days=7), "build"))
        uow.commit()
    with new_uow() as uow:
        uow.plans.activate(person_id, first)
        uow.commit()
    with new_uow() as uow:
        assert [p.id for p in uow.plans.history(person_id) if p.active] == [first]


def test_questionnaire_scores_are_listed_oldest_first_per_instrument(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.scores.add(
            person_id, ScoreRecord(instrument="rmdq", taken_on=day(7), result={"score": 6}, score=6)
        )
        uow.scores.add(
            person_id,
            ScoreRecord(instrument="rmdq", taken_on=day(0), result={"score": 12}, score=12),
        )
        uow.scores.add(
            person_id,
            ScoreRecord(
                instrument="odi",
                taken_on=day(1),
                result={"percent": 32.0, "band": "moderate"},
                score=32.0,
            ),
        )
        uow.commit()
    with new_uow() as uow:
        rmdq = uow.scores.list(person_id, "rmdq")
        everything = uow.scores.list(person_id)
        latest = uow.scores.latest(person_id, "rmdq")
        none_yet = uow.scores.latest(person_id, "psfs")
    assert [s.score for s in rmdq] == [12, 6]
    assert [s.instrument for s in everything] == ["rmdq", "odi", "rmdq"]
    assert everything[1].result == {"percent": 32.0, "band": "moderate"}
    assert latest is not None and latest.score == 6
    assert none_yet is None


def test_saving_a_weeks_review_again_replaces_it(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        first = uow.reviews.save(
            person_id, ReviewRecord(week_start=MONDAY, created_at=NOW, result={"v": 1})
        )
        uow.commit()
    later = NOW + dt.timedelta(hours=5)
    with new_uow() as uow:
        again = uow.reviews.save(
            person_id, ReviewRecord(week_start=MONDAY, created_at=later, result={"v": 2})
        )
        uow.reviews.save(
            person_id, ReviewRecord(week_start=day(7), created_at=later, result={"v": 3})
        )
        uow.commit()
    with new_uow() as uow:
        reviews = uow.reviews.list(person_id)
        monday = uow.reviews.get(person_id, MONDAY)
        missing = uow.reviews.get(person_id, day(14))
    assert again == first
    assert [(r.week_start, r.result) for r in reviews] == [(MONDAY, {"v": 2}), (day(7), {"v": 3})]
    assert monday is not None and monday.created_at == later
    assert missing is None


@pytest.mark.parametrize(
    "write",
    [
        lambda uow: uow.diary.add_pain(999_999, PainEntry(date=MONDAY, pain=3)),
        lambda uow: uow.diary.upsert_steps(999_999, {MONDAY: 10}, "phone"),
        lambda uow: uow.plans.add(999_999, plan(NOW, "calm")),
        lambda uow: uow.assessments.add(
            999_999, AssessmentRecord(taken_at=NOW, answers={}, triage={}, level="self-manage")
        ),
        lambda uow: uow.diary.delete_person(999_999),
        lambda uow: uow.diary.export(999_999),
    ],
)
def test_writing_for_a_person_who_does_not_exist_is_not_found(
    new_uow: UowFactory, write: Callable[[UnitOfWork], object]
) -> None:
    with new_uow() as uow, pytest.raises(NotFound) as caught:
        write(uow)
    assert caught.value.kind == "person"


# --- Steps: re-imports replace, never double count ---------------------------------------------


def test_importing_the_same_steps_twice_changes_nothing(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    steps = {day(0): 4000, day(1): 5200, day(2): 0}
    with new_uow() as uow:
        first = uow.diary.upsert_steps(person_id, steps, "steps.csv")
        again = uow.diary.upsert_steps(person_id, steps, "steps.csv")
        uow.commit()
    with new_uow() as uow:
        week = uow.diary.range(person_id, MONDAY, SUNDAY)
    assert first == StepsUpsert(added=3, updated=0, unchanged=0)
    assert again == StepsUpsert(added=0, updated=0, unchanged=3)
    assert [d.steps_count for d in week] == [4000, 5200, 0, None, None, None, None]


def test_a_later_import_replaces_a_days_count_and_adds_new_days(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.upsert_steps(person_id, {day(0): 4000, day(1): 2000}, "phone")
        uow.commit()
    with new_uow() as uow:
        outcome = uow.diary.upsert_steps(
            person_id, {day(1): 6100, day(0): 4000, day(2): 800}, "phone"
        )
        uow.commit()
    with new_uow() as uow:
        counts = [
            (e.date, e.steps) for d in uow.diary.range(person_id, day(0), day(2)) for e in d.steps
        ]
    assert outcome == StepsUpsert(added=1, updated=1, unchanged=1)
    assert counts == [(day(0), 4000), (day(1), 6100), (day(2), 800)]


def test_each_source_keeps_its_own_count_and_the_day_shows_the_highest(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.upsert_steps(person_id, {MONDAY: 4000}, "phone")
        outcome = uow.diary.upsert_steps(person_id, {MONDAY: 6500}, "watch")
        uow.commit()
    with new_uow() as uow:
        monday = uow.diary.day(person_id, MONDAY)
    assert outcome == StepsUpsert(added=1, updated=0, unchanged=0)
    assert sorted((e.source, e.steps) for e in monday.steps) == [("phone", 4000), ("watch", 6500)]
    assert monday.steps_count == 6500


@pytest.mark.parametrize(("count", "source"), [(200_001, "phone"), (-1, "phone"), (10, "")])
def test_impossible_steps_are_refused_naming_the_day(
    new_uow: UowFactory, count: int, source: str
) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow, pytest.raises(InvalidInput) as caught:
        uow.diary.upsert_steps(person_id, {MONDAY: 10, day(1): count}, source)
    assert caught.value.field.startswith("steps[2024-05-0")


imports = st.lists(
    st.dictionaries(
        st.sampled_from([day(n) for n in range(10)]), st.integers(0, 200_000), max_size=10
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(imports=imports)
def test_after_any_imports_each_day_holds_its_last_count_and_a_repeat_changes_nothing(
    new_uow: UowFactory, imports: list[dict[dt.date, int]]
) -> None:
    person_id = add_person(new_uow)  # a new person per example: examples never share rows
    expected: dict[dt.date, int] = {}
    with new_uow() as uow:
        for steps in imports:
            uow.diary.upsert_steps(person_id, steps, "phone")
            expected.update(steps)
        repeat = uow.diary.upsert_steps(person_id, imports[-1], "phone")
        uow.commit()
    with new_uow() as uow:
        stored = {
            e.date: e.steps for d in uow.diary.range(person_id, day(0), day(9)) for e in d.steps
        }
    assert stored == expected
    assert repeat == StepsUpsert(added=0, updated=0, unchanged=len(imports[-1]))


# --- Days and ranges ---------------------------------------------------------------------------


def test_a_range_has_every_date_in_order_with_empty_days_included(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.add_pain(person_id, PainEntry(date=day(2), pain=5))
        uow.diary.add_pain(person_id, PainEntry(date=day(2), pain=3))
        uow.diary.add_sitting(person_id, SittingEntry(date=day(8), hours=4))  # after the range
        uow.diary.add_sitting(person_id, SittingEntry(date=day(-1), hours=4))  # before it
        uow.commit()
    with new_uow() as uow:
        week = uow.diary.range(person_id, MONDAY, SUNDAY)
    assert [d.date for d in week] == [day(n) for n in range(7)]
    assert [[p.pain for p in d.pain] for d in week] == [[], [], [5, 3], [], [], [], []]
    assert all(not d.sitting for d in week)


def test_a_range_that_ends_before_it_starts_is_refused(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow, pytest.raises(InvalidInput):
        uow.diary.range(person_id, SUNDAY, MONDAY)


# --- Person scoping: nobody's read returns anyone else's rows ------------------------------------

# Each person's data carries their name as a marker; numbers stand for it where no text can.
PAIN = {"A": 2, "B": 8}
HOURS = {"A": 3.0, "B": 11.0}


def populate(uow: UnitOfWork, person_id: int, who: str) -> dict[str, int]:
    """One row of every kind for ``who``; returns the plan's id."""
    marker = {"who": who}
    uow.assessments.add(
        person_id,
        AssessmentRecord(taken_at=NOW, answers=marker, triage=marker, level="self-manage"),
    )
    plan_id = uow.plans.add(
        person_id,
        PlanRecord(created_at=NOW, start_date=MONDAY, phase="calm", plan=marker, reason=who),
    )
    uow.scores.add(
        person_id, ScoreRecord(instrument="nrs", taken_on=MONDAY, result=marker, score=PAIN[who])
    )
    uow.reviews.save(person_id, ReviewRecord(week_start=MONDAY, created_at=NOW, result=marker))
    uow.diary.add_session_log(
        person_id,
        SessionLog(
            date=MONDAY, pain_before=PAIN[who], pain_after=PAIN[who], effort="too_hard", notes=who
        ),
    )
    uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=PAIN[who], stiffness=PAIN[who]))
    uow.diary.add_spasm(
        person_id,
        SpasmEpisode(date=MONDAY, started_at=NOW, trigger=who, minutes=5, severity=PAIN[who]),
    )
    uow.diary.upsert_steps(person_id, {MONDAY: 1000}, who)
    uow.diary.add_sitting(person_id, SittingEntry(date=MONDAY, hours=HOURS[who]))
    uow.diary.add_sleep(person_id, SleepEntry(date=MONDAY, hours=HOURS[who]))
    return {"plan": plan_id}


def who_by_number(table: dict[str, Any], value: Any) -> str:
    return next(who for who, number in table.items() if number == value)


def markers_in_days(days: list[DiaryDay]) -> list[str]:
    found: list[str] = []
    for d in days:
        found += [s.notes for s in d.sessions] + [s.trigger for s in d.spasms]
        found += [e.source for e in d.steps]
        found += [who_by_number(PAIN, e.pain) for e in d.pain]
        found += [who_by_number(HOURS, e.hours) for e in (*d.sitting, *d.sleep)]
    return found


def markers_in_export(document: dict[str, Any]) -> list[str]:
    found = [document["person"]["display_name"]]
    for name in ("assessments", "questionnaire_scores", "reviews"):
        found += [row.get("answers", row.get("result"))["who"] for row in document[name]]
    found += [row["plan"]["who"] for row in document["plans"]]
    found += [row["notes"] for row in document["session_logs"]]
    found += [row["trigger"] for row in document["spasm_episodes"]]
    found += [row["source"] for row in document["steps"]]
    found += [who_by_number(PAIN, row["pain"]) for row in document["pain_entries"]]
    found += [who_by_number(HOURS, row["hours"]) for row in document["sitting_entries"]]
    found += [who_by_number(HOURS, row["hours"]) for row in document["sleep_entries"]]
    return found


def one(value: Any) -> list[Any]:
    return [] if value is None else [value]


READS: dict[str, Callable[[UnitOfWork, int], list[str]]] = {
    "people.get": lambda uow, p: [str(uow.people.get(p).display_name)],
    "assessments.list": lambda uow, p: [a.answers["who"] for a in uow.assessments.list(p)],
    "assessments.latest": lambda uow, p: [a.triage["who"] for a in one(uow.assessments.latest(p))],
    "plans.active": lambda uow, p: [x.plan["who"] for x in one(uow.plans.active(p))],
    "plans.history": lambda uow, p: [x.reason for x in uow.plans.history(p)],
    "scores.list": lambda uow, p: [s.result["who"] for s in uow.scores.list(p)],
    "scores.list(instrument)": lambda uow, p: [s.result["who"] for s in uow.scores.list(p, "nrs")],
    "scores.latest": lambda uow, p: [s.result["who"] for s in one(uow.scores.latest(p, "nrs"))],
    "reviews.list": lambda uow, p: [r.result["who"] for r in uow.reviews.list(p)],
    "reviews.get": lambda uow, p: [r.result["who"] for r in one(uow.reviews.get(p, MONDAY))],
    "diary.day": lambda uow, p: markers_in_days([uow.diary.day(p, MONDAY)]),
    "diary.range": lambda uow, p: markers_in_days(uow.diary.range(p, MONDAY, SUNDAY)),
    "diary.export": lambda uow, p: markers_in_export(uow.diary.export(p)),
}

EXPECTED_MARKERS = {
    "diary.day": 6,
    "diary.range": 6,
    "diary.export": 11,
}
"""How many of the person's own markers each read finds (one for every other read)."""


@pytest.fixture
def two_people(new_uow: UowFactory) -> dict[str, Any]:
    with new_uow() as uow:
        a = uow.people.add(Person(created_at=NOW, display_name="A"))
        b = uow.people.add(Person(created_at=NOW, display_name="B"))
        ids = {
            "A": a,
            "B": b,
            "plans": {"A": populate(uow, a, "A")["plan"], "B": populate(uow, b, "B")["plan"]},
        }
        uow.commit()
    return ids


@pytest.mark.parametrize("read", READS)
def test_every_read_returns_only_the_asking_persons_rows(
    new_uow: UowFactory, two_people: dict[str, Any], read: str
) -> None:
    with new_uow() as uow:
        for who in ("A", "B"):
            found = READS[read](uow, two_people[who])
            assert found == [who] * EXPECTED_MARKERS.get(read, 1), f"{read} for {who}"


def test_a_person_cannot_activate_someone_elses_plan(
    new_uow: UowFactory, two_people: dict[str, Any]
) -> None:
    with new_uow() as uow, pytest.raises(NotFound) as caught:
        uow.plans.activate(two_people["A"], two_people["plans"]["B"])
    assert caught.value.kind == "plan"


def test_adding_a_plan_leaves_other_peoples_active_plans_alone(
    new_uow: UowFactory, two_people: dict[str, Any]
) -> None:
    with new_uow() as uow:
        uow.plans.add(two_people["A"], plan(NOW + dt.timedelta(days=1), "build"))
        uow.commit()
    with new_uow() as uow:
        active_b = uow.plans.active(two_people["B"])
    assert active_b is not None and active_b.id == two_people["plans"]["B"]


def test_the_same_steps_source_of_two_people_are_separate(
    new_uow: UowFactory, two_people: dict[str, Any]
) -> None:
    with new_uow() as uow:
        outcome = uow.diary.upsert_steps(two_people["A"], {MONDAY: 1234}, "B")
        uow.commit()
    with new_uow() as uow:
        b_steps = uow.diary.day(two_people["B"], MONDAY).steps
    assert outcome == StepsUpsert(added=1, updated=0, unchanged=0)
    assert [(e.source, e.steps) for e in b_steps] == [("B", 1000)]


# --- Export and erasure --------------------------------------------------------------------------


def test_an_export_holds_every_record_exactly_as_read(
    new_uow: UowFactory, two_people: dict[str, Any]
) -> None:
    a = two_people["A"]
    with new_uow() as uow:
        document = uow.diary.export(a)
        monday = uow.diary.day(a, MONDAY)
        plans = uow.plans.history(a)
    assert set(document) == {"format", "person", *EXPORT_SECTIONS}
    assert document["format"] == "unknot.export/v1"
    assert all(len(document[name]) == 1 for name in EXPORT_SECTIONS)
    assert document["session_logs"] == [monday.sessions[0].model_dump(mode="json")]
    assert document["spasm_episodes"] == [monday.spasms[0].model_dump(mode="json")]
    assert document["steps"] == [monday.steps[0].model_dump(mode="json")]
    assert document["plans"] == [plans[0].model_dump(mode="json")]


def test_deleting_a_person_erases_all_their_rows_and_nobody_elses(
    new_uow: UowFactory, two_people: dict[str, Any]
) -> None:
    with new_uow() as uow:
        before_b = {read: fn(uow, two_people["B"]) for read, fn in READS.items()}
        deleted = uow.diary.delete_person(two_people["A"])
        uow.commit()
    assert deleted == {**dict.fromkeys(EXPORT_SECTIONS, 1), "people": 1}
    with new_uow() as uow:
        with pytest.raises(NotFound):
            uow.people.get(two_people["A"])
        with pytest.raises(NotFound):
            uow.diary.export(two_people["A"])
        assert markers_in_days(uow.diary.range(two_people["A"], MONDAY, SUNDAY)) == []
        assert uow.plans.history(two_people["A"]) == []
        assert {read: fn(uow, two_people["B"]) for read, fn in READS.items()} == before_b


@pytest.mark.parametrize(
    "backend_name", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_after_deleting_a_person_no_table_has_a_row_of_theirs(
    backend_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from tests.integration.conftest import migrated_url

    engine = make_engine(migrated_url(backend_name, request, tmp_path))
    try:
        new_uow = lambda: SqlUnitOfWork(engine)  # noqa: E731
        with new_uow() as uow:
            a = uow.people.add(Person(created_at=NOW, display_name="A"))
            b = uow.people.add(Person(created_at=NOW, display_name="B"))
            populate(uow, a, "A")
            populate(uow, b, "B")
            uow.commit()
        with new_uow() as uow:
            uow.diary.delete_person(a)
            uow.commit()
        with engine.connect() as connection:
            for table in PERSON_TABLES:
                name = table.__tablename__
                rows = connection.execute(text(f"SELECT person_id FROM {name}")).scalars().all()
                assert rows == [b], name
            people = connection.execute(text("SELECT id FROM people")).scalars().all()
        assert people == [b]
    finally:
        engine.dispose()


# --- The unit of work ----------------------------------------------------------------------------


def test_nothing_is_saved_without_commit(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=4))
    with new_uow() as uow:
        assert uow.diary.day(person_id, MONDAY).pain == ()


def test_an_error_inside_the_block_rolls_back(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with pytest.raises(RuntimeError, match="boom"), new_uow() as uow:
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=4))
        raise RuntimeError("boom")
    with new_uow() as uow:
        assert uow.diary.day(person_id, MONDAY).pain == ()


def test_only_what_came_before_commit_is_kept(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=4))
        uow.commit()
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=9))
    with new_uow() as uow:
        assert [p.pain for p in uow.diary.day(person_id, MONDAY).pain] == [4]


def test_an_explicit_rollback_forgets_what_was_not_committed(new_uow: UowFactory) -> None:
    person_id = add_person(new_uow)
    with new_uow() as uow:
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=4))
        uow.rollback()
        uow.diary.add_pain(person_id, PainEntry(date=MONDAY, pain=6))
        uow.commit()
    with new_uow() as uow:
        assert [p.pain for p in uow.diary.day(person_id, MONDAY).pain] == [6]


def test_a_unit_of_work_cannot_be_used_outside_its_block(new_uow: UowFactory) -> None:
    uow = new_uow()
    with pytest.raises(RuntimeError, match="with"):
        uow.commit()


# --- The weekly review's bulk read ---------------------------------------------------------------


def test_the_bulk_read_yields_everyone_once_in_order_with_only_their_own_week(
    new_uow: UowFactory,
) -> None:
    with new_uow() as uow:
        people = [uow.people.add(Person(created_at=NOW, display_name=f"p{n}")) for n in range(5)]
        for n, person_id in enumerate(people):
            for offset in range(n):  # person n logged a session on each of their first n days
                uow.diary.add_session_log(
                    person_id,
                    SessionLog(
                        date=day(offset),
                        pain_before=n,
                        pain_after=n,
                        effort="about_right",
                        notes=f"p{n}",
                    ),
                )
            uow.diary.add_pain(person_id, PainEntry(date=day(8), pain=n))  # outside the week
        uow.commit()
    with new_uow() as uow:
        weeks = list(uow.cohort.iter_people_with_week(MONDAY, SUNDAY, batch_size=2))
        assert uow.cohort.count_people() == 5
    assert [w.person_id for w in weeks] == people
    for n, week in enumerate(weeks):
        assert [d.date for d in week.days] == [day(k) for k in range(7)]
        assert [log.notes for log in week.session_logs] == [f"p{n}"] * n
        assert [len(d.sessions) for d in week.days] == [1] * n + [0] * (7 - n)
        assert all(not d.pain for d in week.days)


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_the_bulk_read_can_be_split_by_id_ranges_that_cover_everyone_once(
    new_uow: UowFactory, batch_size: int
) -> None:
    with new_uow() as uow:
        people = [uow.people.add(Person(created_at=NOW, display_name=f"p{n}")) for n in range(7)]
        for n, person_id in enumerate(people):
            uow.diary.add_pain(person_id, PainEntry(date=day(n % 7), pain=n))
        uow.commit()
    cut_1, cut_2 = people[1], people[4]
    shares = []
    with new_uow() as uow:
        for after, through in ((0, cut_1), (cut_1, cut_2), (cut_2, None)):
            shares.append(
                list(
                    uow.cohort.iter_people_with_week(
                        MONDAY, SUNDAY, batch_size, after=after, through=through
                    )
                )
            )
    assert [[w.person_id for w in share] for share in shares] == [
        people[:2],
        people[2:5],
        people[5:],
    ]
    for n, week in enumerate(w for share in shares for w in share):
        assert [(d.date, [e.pain for e in d.pain]) for d in week.days if d.pain] == [
            (day(n % 7), [n])
        ]


def test_plan_states_are_read_in_bulk_for_active_plans_only_and_go_with_their_plan(
    new_uow: UowFactory,
) -> None:
    with new_uow() as uow:
        people = [uow.people.add(Person(created_at=NOW, display_name=f"p{n}")) for n in range(4)]
        ids = {}
        for n, person_id in enumerate(people):
            answers = {"format": "unknot.assessment/v1", "age": 30 + n}
            taken = AssessmentRecord(
                taken_at=NOW, answers=answers, triage={"level": "self_manage"}, level="self_manage"
            )
            assessment = uow.assessments.add(person_id, taken)
            old = plan(NOW, "acute")
            uow.plans.add(person_id, old, state={"n": n, "old": True})
            new = plan(NOW + dt.timedelta(hours=1), "subacute")
            state = {"n": n, "assessment_id": assessment} if n != 2 else None
            ids[person_id] = (uow.plans.add(person_id, new, state=state), assessment)
        uow.commit()
    with new_uow() as uow:
        everyone = uow.cohort.active_plan_states()
        some = uow.cohort.active_plan_states(after=people[0], through=people[2])
        answers = uow.cohort.answers_of([ids[p][1] for p in people] + [999_999])
    # person 2's active plan has no state (stored before states were kept): left out
    expected = [(p, ids[p][0], {"n": n, "assessment_id": ids[p][1]}) for n, p in enumerate(people)]
    del expected[2]
    assert [tuple(found) for found in everyone] == expected
    assert [found.person_id for found in some] == [people[1]]
    assert {i: a["age"] for i, a in answers.items()} == {
        ids[p][1]: 30 + n for n, p in enumerate(people)
    }
    with new_uow() as uow:
        uow.diary.delete_person(people[0])
        uow.commit()
    with new_uow() as uow:
        assert [found.person_id for found in uow.cohort.active_plan_states()] == [
            people[1],
            people[3],
        ]


def test_the_bulk_read_can_read_only_some_kinds_of_entry(new_uow: UowFactory) -> None:
    with new_uow() as uow:
        person_id = uow.people.add(Person(created_at=NOW))
        uow.diary.add_pain(person_id, PainEntry(date=day(1), pain=3))
        uow.diary.add_sleep(person_id, SleepEntry(date=day(1), hours=7))
        log = SessionLog(date=day(2), pain_before=3, pain_after=4, effort="about_right")
        uow.diary.add_session_log(person_id, log)
        uow.commit()
    with new_uow() as uow:
        [week] = list(uow.cohort.iter_people_with_week(MONDAY, SUNDAY, kinds={"sessions", "pain"}))
        [everything] = list(uow.cohort.iter_people_with_week(MONDAY, SUNDAY))
        with pytest.raises(InvalidInput, match="kinds.*dreams"):
            next(uow.cohort.iter_people_with_week(MONDAY, SUNDAY, kinds={"pain", "dreams"}))
    assert [len(d.pain) for d in week.days] == [0, 1, 0, 0, 0, 0, 0]
    assert [len(d.sessions) for d in week.days] == [0, 0, 1, 0, 0, 0, 0]
    assert not any(d.sleep for d in week.days)
    assert [len(d.sleep) for d in everything.days] == [0, 1, 0, 0, 0, 0, 0]
    assert len(week.session_logs) == 1


def test_the_bulk_read_refuses_a_batch_size_below_one(new_uow: UowFactory) -> None:
    with new_uow() as uow, pytest.raises(InvalidInput):
        next(uow.cohort.iter_people_with_week(MONDAY, SUNDAY, batch_size=0))


@pytest.mark.parametrize(("people", "batch_size"), [(0, 3), (1, 3), (7, 3), (9, 3), (4, 1000)])
def test_the_bulk_read_takes_seven_queries_per_batch_however_many_entries(
    engine: Engine, people: int, batch_size: int
) -> None:
    with SqlUnitOfWork(engine) as uow:
        for n in range(people):
            person_id = uow.people.add(Person(created_at=NOW))
            for offset in range(7):
                uow.diary.add_pain(person_id, PainEntry(date=day(offset), pain=n % 11))
                uow.diary.add_sleep(person_id, SleepEntry(date=day(offset), hours=7))
        uow.commit()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        with SqlUnitOfWork(engine, read_only=True) as uow:
            weeks = list(uow.cohort.iter_people_with_week(MONDAY, SUNDAY, batch_size=batch_size))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(weeks) == people
    assert sum(len(d.pain) for w in weeks for d in w.days) == 7 * people
    assert len(selects) == 7 * math.ceil(people / batch_size) + 1  # and one that finds no more


# --- Engines -----------------------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_with_full_sync_foreign_keys_and_a_busy_timeout(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        with engine.connect() as connection:
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10_000,
    }


def test_the_local_database_lives_in_a_home_only_its_owner_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    home = tmp_path / "deep" / "unknot-home"
    engine = create_engine_for(load_settings(home=home))
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    finally:
        engine.dispose()
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert (home / "unknot.db").exists()


def test_an_existing_home_open_to_others_is_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    home = tmp_path / "open-home"
    home.mkdir(mode=0o755)
    create_engine_for(load_settings(home=home)).dispose()
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("pain_entries", "day, pain, stiffness) VALUES (:p, '2024-05-06', 11, NULL"),
        ("pain_entries", "day, pain, stiffness) VALUES (:p, '2024-05-06', 5, -1"),
        ("steps", "day, source, steps) VALUES (:p, '2024-05-06', 'x', 200001"),
        ("sitting_entries", "day, hours) VALUES (:p, '2024-05-06', 24.5"),
        (
            "spasm_episodes",
            "day, started_at, trigger, minutes, severity) "
            "VALUES (:p, '2024-05-06', '2024-05-06 10:00:00', '', 0, 5",
        ),
        ("pain_entries", "day, pain, stiffness) VALUES (424242, '2024-05-06', 5, NULL"),
    ],
)
def test_the_database_itself_refuses_impossible_rows(
    engine: Engine, table: str, values: str
) -> None:
    with SqlUnitOfWork(engine) as uow:
        person_id = uow.people.add(Person(created_at=NOW))
        uow.commit()
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} (person_id, {values})"), {"p": person_id})


def test_datetimes_are_stored_as_utc(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.people.add(Person(created_at=dt.datetime(2024, 5, 6, 9, 0, tzinfo=BERLIN)))
        uow.commit()
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            stored = connection.execute(
                text("SELECT to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI') FROM people")
            ).scalar()
        else:
            stored = connection.execute(
                text("SELECT substr(created_at, 12, 5) FROM people")
            ).scalar()
    assert stored == "07:00"
