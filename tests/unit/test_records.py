"""The diary records: ranges at their exact edges, time zones, grouping into days, export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from unknot.domain.records import (
    EXPORT_FORMAT,
    EXPORT_SECTIONS,
    DiaryDay,
    Effort,
    ExerciseDone,
    PainEntry,
    Person,
    SessionLog,
    SittingEntry,
    SleepEntry,
    SpasmEpisode,
    StepsEntry,
    dates_between,
    export_document,
    group_into_days,
)
from unknot.domain.validation import parse, unknown_fields
from unknot.errors import InvalidInput

DAY = dt.date(2024, 5, 6)
MORNING = dt.datetime(2024, 5, 6, 8, 30, tzinfo=dt.UTC)


def valid(model: type[BaseModel]) -> dict[str, Any]:
    """The smallest valid input of each record type."""
    return {
        SessionLog: {"date": DAY, "pain_before": 4, "pain_after": 3, "effort": "about_right"},
        PainEntry: {"date": DAY, "pain": 5},
        SpasmEpisode: {"date": DAY, "started_at": MORNING, "minutes": 10, "severity": 6},
        StepsEntry: {"date": DAY, "steps": 4000},
        SittingEntry: {"date": DAY, "hours": 8},
        SleepEntry: {"date": DAY, "hours": 7},
        ExerciseDone: {"exercise_id": "knee-to-chest"},
    }[model]


BOUNDARIES = [
    # (record, field, value, accepted)
    (SessionLog, "pain_before", 0, True),
    (SessionLog, "pain_before", 10, True),
    (SessionLog, "pain_before", -1, False),
    (SessionLog, "pain_before", 11, False),
    (SessionLog, "pain_after", 10, True),
    (SessionLog, "pain_after", 11, False),
    (SessionLog, "plan_day", 1, True),
    (SessionLog, "plan_day", 0, False),
    (SessionLog, "effort", "too_easy", True),
    (SessionLog, "effort", "too_hard", True),
    (SessionLog, "effort", "hard", False),
    (SessionLog, "notes", "x" * 2000, True),
    (SessionLog, "notes", "x" * 2001, False),
    (PainEntry, "pain", 0, True),
    (PainEntry, "pain", 10, True),
    (PainEntry, "pain", 11, False),
    (PainEntry, "pain", 5.5, False),
    (PainEntry, "stiffness", None, True),
    (PainEntry, "stiffness", 10, True),
    (PainEntry, "stiffness", -1, False),
    (SpasmEpisode, "minutes", 1, True),
    (SpasmEpisode, "minutes", 0, False),
    (SpasmEpisode, "minutes", 1440, True),
    (SpasmEpisode, "minutes", 1441, False),
    (SpasmEpisode, "severity", 10, True),
    (SpasmEpisode, "severity", 11, False),
    (SpasmEpisode, "trigger", "t" * 200, True),
    (SpasmEpisode, "trigger", "t" * 201, False),
    (StepsEntry, "steps", 0, True),
    (StepsEntry, "steps", 200_000, True),
    (StepsEntry, "steps", 200_001, False),
    (StepsEntry, "steps", -1, False),
    (StepsEntry, "source", "Google Fit", True),
    (StepsEntry, "source", "s" * 100, True),
    (StepsEntry, "source", "s" * 101, False),
    (StepsEntry, "source", "", False),
    (SittingEntry, "hours", 0, True),
    (SittingEntry, "hours", 24, True),
    (SittingEntry, "hours", 24.01, False),
    (SittingEntry, "hours", -0.5, False),
    (SleepEntry, "hours", 24, True),
    (SleepEntry, "hours", 25, False),
    (SleepEntry, "quality", None, True),
    (SleepEntry, "quality", 0, True),
    (SleepEntry, "quality", 10, True),
    (SleepEntry, "quality", 11, False),
    (ExerciseDone, "sets_done", 20, True),
    (ExerciseDone, "sets_done", 21, False),
    (ExerciseDone, "reps_done", 0, True),
    (ExerciseDone, "reps_done", -1, False),
    (ExerciseDone, "hold_seconds_done", 600, True),
    (ExerciseDone, "hold_seconds_done", 601, False),
    (ExerciseDone, "exercise_id", "", False),
]


@pytest.mark.parametrize(("model", "field", "value", "accepted"), BOUNDARIES)
def test_each_range_accepts_its_edges_and_rejects_one_step_beyond_naming_the_field(
    model: type[BaseModel], field: str, value: object, accepted: bool
) -> None:
    data = {**valid(model), field: value}
    if accepted:
        assert getattr(parse(model, data), field) == value
    else:
        with pytest.raises(InvalidInput) as caught:
            parse(model, data)
        assert caught.value.field == field


def test_effort_has_exactly_the_three_answers() -> None:
    assert [effort.value for effort in Effort] == ["too_easy", "about_right", "too_hard"]


@pytest.mark.parametrize("model", [SessionLog, SpasmEpisode])
def test_a_time_without_a_time_zone_is_refused(model: type[BaseModel]) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(model, {**valid(model), "started_at": "2024-05-06T08:30:00"})
    assert caught.value.field == "started_at"


@pytest.mark.parametrize(
    ("started_at", "accepted"),
    [
        ("2024-05-06T08:30:00+02:00", True),
        ("2024-05-06T23:30:00-11:00", True),  # 10:30 UTC on the 7th: one day off, by the zone
        ("2024-05-06T00:30:00+14:00", True),  # 10:30 UTC on the 5th
        ("2024-05-07T23:00:00+00:00", True),
        ("2024-05-08T00:00:00+00:00", False),
        ("2024-05-04T23:59:00+00:00", False),
    ],
)
def test_a_start_time_must_fall_on_the_records_date_give_or_take_the_time_zone(
    started_at: str, accepted: bool
) -> None:
    data = {**valid(SpasmEpisode), "started_at": started_at}
    if accepted:
        assert parse(SpasmEpisode, data).started_at == dt.datetime.fromisoformat(started_at)
    else:
        with pytest.raises(InvalidInput, match="is not on 2024-05-06") as caught:
            parse(SpasmEpisode, data)
        assert caught.value.field == "started_at"


def test_a_skipped_exercise_may_not_report_sets_done() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(ExerciseDone, {"exercise_id": "bridge", "sets_done": 2, "skipped": True})
    assert caught.value.field == "skipped"
    assert parse(ExerciseDone, {"exercise_id": "bridge", "skipped": True}).sets_done == 0


def test_exercises_of_a_session_are_validated_with_their_position_named() -> None:
    data = {
        **valid(SessionLog),
        "exercises": [{"exercise_id": "a"}, {"exercise_id": "b", "sets_done": -1}],
    }
    with pytest.raises(InvalidInput) as caught:
        parse(SessionLog, data)
    assert caught.value.field == "exercises[1].sets_done"


def test_records_are_frozen() -> None:
    entry = PainEntry(date=DAY, pain=5)
    with pytest.raises(ValidationError):
        entry.pain = 6  # type: ignore[misc]


def test_unknown_fields_are_kept_so_that_they_can_be_reported_as_warnings() -> None:
    entry = parse(PainEntry, {**valid(PainEntry), "mood": "grumpy"})
    assert unknown_fields(entry) == ["mood"]


def test_a_diary_day_refuses_an_entry_of_another_date() -> None:
    with pytest.raises(ValidationError, match="is not on 2024-05-06"):
        DiaryDay(date=DAY, pain=(PainEntry(date=DAY + dt.timedelta(days=1), pain=3),))


@pytest.mark.parametrize(
    ("counts", "expected"),
    [([], None), ([4000], 4000), ([4000, 6500, 5000], 6500), ([0], 0)],
)
def test_a_days_step_count_is_the_highest_any_source_gave_never_the_sum(
    counts: list[int], expected: int | None
) -> None:
    steps = tuple(StepsEntry(date=DAY, steps=n, source=f"s{i}") for i, n in enumerate(counts))
    assert DiaryDay(date=DAY, steps=steps).steps_count == expected


def test_dates_between_includes_both_ends_and_refuses_an_end_before_the_start() -> None:
    assert dates_between(DAY, DAY) == [DAY]
    assert dates_between(DAY, DAY + dt.timedelta(days=6))[-1] == dt.date(2024, 5, 12)
    assert len(dates_between(dt.date(2024, 2, 28), dt.date(2024, 3, 1))) == 3  # a leap year
    with pytest.raises(InvalidInput) as caught:
        dates_between(DAY, DAY - dt.timedelta(days=1))
    assert caught.value.field == "end"


def test_grouping_gives_one_day_per_date_with_each_entry_in_its_place() -> None:
    monday_pain = PainEntry(date=DAY, pain=6)
    wednesday_sleep = SleepEntry(date=dt.date(2024, 5, 8), hours=6.5, woken_by_pain=True)
    wednesday_steps = StepsEntry(date=dt.date(2024, 5, 8), steps=3000)
    days = group_into_days(
        DAY, dt.date(2024, 5, 12), [wednesday_sleep, monday_pain, wednesday_steps]
    )
    assert [day.date for day in days] == dates_between(DAY, dt.date(2024, 5, 12))
    assert days[0].pain == (monday_pain,)
    assert days[2].sleep == (wednesday_sleep,)
    assert days[2].steps == (wednesday_steps,)
    assert [day.is_empty for day in days] == [False, True, False, True, True, True, True]


def test_grouping_refuses_an_entry_outside_the_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        group_into_days(DAY, DAY, [PainEntry(date=DAY + dt.timedelta(days=1), pain=1)])


def test_an_export_has_every_section_and_is_json() -> None:
    person = Person(id=7, created_at=MORNING, display_name="Ana")
    sections: dict[str, list[BaseModel]] = {name: [] for name in EXPORT_SECTIONS}
    sections["pain_entries"] = [PainEntry(id=1, date=DAY, pain=4)]
    document = export_document(person, sections)
    assert json.loads(json.dumps(document)) == document
    assert document["format"] == EXPORT_FORMAT
    assert document["person"]["display_name"] == "Ana"
    assert document["pain_entries"] == [
        {"id": 1, "date": "2024-05-06", "pain": 4, "stiffness": None}
    ]
    assert set(document) == {"format", "person", *EXPORT_SECTIONS}


def test_an_export_without_a_section_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="export sections"):
        export_document(Person(created_at=MORNING), {"plans": []})


aware_times = st.datetimes(
    min_value=dt.datetime(2000, 1, 2),
    max_value=dt.datetime(2099, 12, 30),
    timezones=st.just(dt.UTC),
)
scores = st.integers(0, 10)
exercises = st.builds(
    ExerciseDone,
    exercise_id=st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True),
    sets_done=st.integers(0, 20),
    reps_done=st.none() | st.integers(0, 500),
    hold_seconds_done=st.none() | st.integers(0, 600),
)


@st.composite
def session_logs(draw: st.DrawFn) -> SessionLog:
    started = draw(aware_times)
    return SessionLog(
        date=started.date(),
        started_at=started,
        plan_day=draw(st.none() | st.integers(1, 400)),
        exercises=tuple(draw(st.lists(exercises, max_size=6))),
        pain_before=draw(scores),
        pain_after=draw(scores),
        effort=draw(st.sampled_from(Effort)),
        notes=draw(st.text(max_size=50)).strip(),
    )


@given(session_logs())
def test_a_session_log_survives_a_trip_through_json(log: SessionLog) -> None:
    assert SessionLog.model_validate_json(log.model_dump_json()) == log


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 1, 1)),
    st.integers(0, 200_000),
    st.floats(0, 24, allow_nan=False),
    st.none() | scores,
)
def test_daily_entries_survive_a_trip_through_json(
    date: dt.date, steps: int, hours: float, quality: int | None
) -> None:
    for record in (
        StepsEntry(date=date, steps=steps, source="phone"),
        SittingEntry(date=date, hours=hours),
        SleepEntry(date=date, hours=hours, quality=quality, woken_by_pain=True),
    ):
        assert type(record).model_validate_json(record.model_dump_json()) == record
