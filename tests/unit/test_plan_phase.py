"""Phases from the answers and the calendar, at their exact boundaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.unit.test_plan_library import START, make_answers
from unknot.domain.plan.phase import (
    ACUTE_DAYS,
    CHRONIC_AFTER_DAYS,
    PREVENTION_MAX_PAIN,
    Phase,
    PhaseClock,
    episode_start,
    phase_on,
)


def episode(days: int | None, *, first: bool = True, trend: str = "same") -> dict[str, Any]:
    return {"episode": {"duration_days": days, "first_episode": first, "trend": trend}}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (episode(0), Phase.ACUTE),
        (episode(ACUTE_DAYS - 1), Phase.ACUTE),
        (episode(ACUTE_DAYS), Phase.SUBACUTE),
        (episode(CHRONIC_AFTER_DAYS), Phase.SUBACUTE),
        (episode(CHRONIC_AFTER_DAYS + 1), Phase.CHRONIC),
        (episode(ACUTE_DAYS, first=False), Phase.CHRONIC),
        (episode(0, first=False), Phase.ACUTE),
        (episode(None), Phase.SUBACUTE),
        (episode(None, first=False), Phase.CHRONIC),
        ({"episode": None}, Phase.SUBACUTE),
        (
            {**episode(30, trend="improving"), "pain": {"now": PREVENTION_MAX_PAIN}},
            Phase.PREVENTION,
        ),
        (
            {**episode(30, trend="improving"), "pain": {"now": PREVENTION_MAX_PAIN + 1}},
            Phase.SUBACUTE,
        ),
        ({**episode(30, trend="same"), "pain": {"now": PREVENTION_MAX_PAIN}}, Phase.SUBACUTE),
        ({**episode(30, trend="worse"), "pain": {"now": 0}}, Phase.PREVENTION),
        ({**episode(200, trend="improving"), "pain": {"now": 1}}, Phase.PREVENTION),
        ({**episode(1, trend="improving"), "pain": {"now": 0}}, Phase.ACUTE),
        ({**episode(30, trend="improving"), "pain": None}, Phase.SUBACUTE),
    ],
)
def test_the_phase_follows_duration_recurrence_and_low_improving_pain(
    extra: dict[str, Any], expected: Phase
) -> None:
    answers = make_answers(extra)
    choice = phase_on(answers, START, START)
    assert choice.phase is expected
    assert choice.why
    # The phase alone, as the generator asks for every date, is the same.
    assert PhaseClock.of(answers, START).phase(START) is expected


@pytest.mark.parametrize(
    ("duration", "offset", "expected"),
    [
        (0, 0, Phase.ACUTE),
        (0, 1, Phase.ACUTE),
        (0, 2, Phase.SUBACUTE),
        (1, 0, Phase.ACUTE),
        (1, 1, Phase.SUBACUTE),
        (CHRONIC_AFTER_DAYS - 3, 3, Phase.SUBACUTE),
        (CHRONIC_AFTER_DAYS - 3, 4, Phase.CHRONIC),
    ],
)
def test_the_phase_moves_on_with_the_calendar(duration: int, offset: int, expected: Phase) -> None:
    answers = make_answers(episode(duration))
    day = START + dt.timedelta(days=offset)
    assert phase_on(answers, day, START).phase is expected
    assert PhaseClock.of(answers, START).phase(day) is expected


def test_a_plan_starting_after_the_assessment_counts_the_days_between() -> None:
    answers = make_answers(episode(0))
    assert phase_on(answers, START + dt.timedelta(days=2), START).phase is Phase.SUBACUTE
    assert episode_start(answers, START) == START
    assert episode_start(make_answers(episode(None)), START) is None


def test_the_acute_reason_says_the_plan_steps_up_after_48_hours() -> None:
    why = phase_on(make_answers(episode(0)), START, START).why
    assert "today" in why and "48 hours" in why and "no strengthening" in why
    assert "1 day ago" in phase_on(make_answers(episode(1)), START, START).why
