"""Progress: the series, adherence, questionnaire scores kept over time, and what the changes
mean by each instrument's threshold (clinical reference §3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.test_services_profile import START, at, on, started
from unknot.domain.records import Effort, ExerciseDone, PainEntry, SessionLog
from unknot.errors import InvalidInput, NotFound, TooLittleData
from unknot.services.diary import log_steps
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.profile import local_profile
from unknot.services.progress import describe_change, progress_report
from unknot.services.scores import record_score
from unknot.services.sessions import walk_done


@pytest.mark.parametrize(
    ("instrument", "baseline", "follow_up", "expected"),
    [
        # Roland-Morris: 5 points or 30% (Ostelo 2008).
        (
            "rmdq",
            14,
            8,
            "improved by 6 points (from 14 to 8, 42.9%), a change most people notice "
            "(at least 5 points or 30%;",
        ),
        ("rmdq", 14, 10, "improved by 4 points (from 14 to 10, 28.6%): less than the 5 points"),
        ("rmdq", 10, 7, "improved by 3 points (from 10 to 7, 30%), a change most people notice"),
        ("rmdq", 8, 8, "has not changed (from 8 to 8)."),
        ("rmdq", 8, 13, "is worse by 5 points (from 8 to 13), a change large enough to matter"),
        ("rmdq", 12, 14, "is worse by 2 points (from 12 to 14), less than the 5 points or 30%"),
        # Oswestry: 10 points or 30%.
        ("odi", 40, 30, "improved by 10 points (from 40 to 30, 25%), a change most people"),
        ("odi", 40, 31, "improved by 9 points (from 40 to 31, 22.5%): less than"),
        # Pain: 2 points or 30% (Farrar 2001).
        ("nrs", 6, 4, "improved by 2 points (from 6 to 4, 33.3%), a change most people notice"),
        ("nrs", 3, 2, "improved by 1 point (from 3 to 2, 33.3%), a change most people notice"),
        ("nrs", 9, 8, "improved by 1 point (from 9 to 8, 11.1%): less than the 2 points"),
        # PSFS: higher is better; its 2 points are measurement error, not importance.
        ("psfs", 4, 6.5, "improved by 2.5 points (from 4 to 6.5, 62.5%), more than measurement"),
    ],
)
def test_a_change_is_described_by_its_instruments_threshold(
    instrument: str, baseline: float, follow_up: float, expected: str
) -> None:
    text, result = describe_change(instrument, "Score", baseline, follow_up)
    assert expected in text
    assert result.improvement == pytest.approx(
        (follow_up - baseline) if instrument == "psfs" else (baseline - follow_up)
    )


def test_a_worse_change_that_matters_suggests_seeing_a_clinician() -> None:
    text, _ = describe_change("odi", "Your disability score", 20, 34)
    assert "see a GP or physiotherapist" in text


def keep_score(
    store: FakeStore, person_id: int, instrument: str, answers: object, day: int
) -> None:
    with FakeUnitOfWork(store) as uow:
        record_score(uow, person_id, instrument, answers, taken_on=on(day), today=on(day))


def test_scores_are_kept_with_their_headline_number() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    keep_score(store, person_id, "rmdq", {"ticked": [1, 2, 3]}, 0)
    odi = {
        "pain_intensity": 2,
        "personal_care": 1,
        "lifting": 3,
        "walking": 1,
        "sitting": 2,
        "standing": 2,
        "sleeping": 1,
        "sex_life": None,
        "social_life": 2,
        "travelling": 2,
    }
    keep_score(store, person_id, "odi", odi, 0)
    with FakeUnitOfWork(store) as uow:
        rmdq, odi_record = (
            uow.scores.list(person_id, "rmdq")[0],
            uow.scores.list(person_id, "odi")[0],
        )
    assert (rmdq.score, rmdq.result) == (3.0, {"score": 3})
    assert odi_record.score == pytest.approx(16 / 45 * 100)


@pytest.mark.parametrize(
    ("instrument", "answers", "error", "field"),
    [
        ("rmdq", {"ticked": [25]}, InvalidInput, "ticked[0]"),
        (
            "odi",
            {
                "pain_intensity": 1,
                "personal_care": 1,
                "lifting": 1,
                "walking": 1,
                "sitting": 1,
                "standing": 1,
                "sleeping": 1,
                "sex_life": None,
                "social_life": None,
                "travelling": None,
            },
            TooLittleData,
            None,
        ),
        ("roland", {"ticked": [1]}, NotFound, None),
    ],
)
def test_a_score_that_cannot_be_kept_stores_nothing(
    instrument: str, answers: object, error: type[Exception], field: str | None
) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with pytest.raises(error) as raised:
        keep_score(store, person_id, instrument, answers, 0)
    if field is not None:
        assert getattr(raised.value, "field", None) == field
    with FakeUnitOfWork(store) as uow:
        assert uow.scores.list(person_id) == []


def test_progress_gives_the_disability_change_in_words() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    keep_score(store, person_id, "rmdq", {"ticked": list(range(1, 15))}, 0)
    keep_score(store, person_id, "rmdq", {"ticked": list(range(1, 9))}, 14)
    with FakeUnitOfWork(store) as uow:
        report = progress_report(uow, person_id, today=on(14))
    (rmdq,) = report.scores
    assert [(p.date, p.value) for p in rmdq.points] == [(on(0), 14.0), (on(14), 8.0)]
    meaning = next(m for m in report.meanings if m.subject == "rmdq")
    assert meaning.text.startswith(
        "Your disability score (Roland-Morris) improved by 6 points (from 14 to 8, 42.9%), "
        "a change most people notice"
    )


def test_pain_is_compared_with_the_assessment_over_the_last_seven_days() -> None:
    store = FakeStore()
    person_id = started(store).person_id  # pain 5/10 at the assessment
    with FakeUnitOfWork(store) as uow:
        for n, value in enumerate([5, 5, 4, 4, 3, 3, 3, 3, 2, 2]):
            uow.diary.add_pain(person_id, PainEntry(date=on(n), pain=value))
        uow.diary.add_pain(person_id, PainEntry(date=on(9), pain=4))
        uow.commit()
        report = progress_report(uow, person_id, today=on(9), days=10)
    # The last 7 days: 4, 3, 3, 3, 3, 2 and the mean of 2 and 4 on day 9.
    assert [p.value for p in report.pain.points][-1] == 3.0
    meaning = next(m for m in report.meanings if m.subject == "pain")
    assert meaning.change is not None and meaning.change.improvement == pytest.approx(5 - 3.0)
    assert "a change most people notice" in meaning.text


def test_adherence_counts_planned_sessions_to_yesterday_and_today_once_done() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        for n in (0, 2):
            uow.diary.add_session_log(
                person_id,
                SessionLog(
                    date=on(n),
                    exercises=(ExerciseDone(exercise_id="glute-bridge", sets_done=2),),
                    pain_before=3,
                    pain_after=3,
                    effort=Effort.ABOUT_RIGHT,
                ),
            )
        uow.diary.add_session_log(
            person_id,
            SessionLog(
                date=on(1),
                exercises=(walk_done(15),),
                pain_before=3,
                pain_after=3,
                effort=Effort.ABOUT_RIGHT,
            ),
        )
        uow.commit()
        before = progress_report(uow, person_id, today=on(3))
        log_steps(uow, person_id, steps=4321, today=on(3))
        on_day_two = progress_report(uow, person_id, today=on(2))
    # Days 0-2 are past (a walk alone is not a session); day 3 is today, not done yet.
    assert (before.adherence.sessions_planned, before.adherence.sessions_done) == (3, 2)
    assert before.adherence.walking_done_minutes == 15
    assert [p.value for p in before.sessions.points][-4:] == [1.0, 0.0, 1.0, None]
    assert (on_day_two.adherence.sessions_planned, on_day_two.adherence.sessions_done) == (3, 2)


def test_steps_are_charted_by_day() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = local_profile(uow, at(START))
        log_steps(uow, person_id, steps=4321, today=START)
        report = progress_report(uow, person_id, today=on(1), days=3)
    assert [(p.date, p.value) for p in report.steps.points] == [
        (on(-1), None),
        (on(0), 4321.0),
        (on(1), None),
    ]
    assert report.meanings == ()
    assert report.as_json()["steps"]["points"][1] == {"date": "2025-03-03", "value": 4321.0}


@given(baseline=st.integers(0, 24), follow_up=st.integers(0, 24))
def test_a_change_is_never_worded_against_its_numbers(baseline: int, follow_up: int) -> None:
    text, result = describe_change("rmdq", "Score", baseline, follow_up)
    if follow_up < baseline:
        assert "improved" in text and "worse" not in text
    elif follow_up > baseline:
        assert "worse" in text and "improved" not in text
    else:
        assert "has not changed" in text
    noticed = "a change most people notice" in text
    assert noticed == (follow_up < baseline and (result.meets_points or result.meets_percent))
