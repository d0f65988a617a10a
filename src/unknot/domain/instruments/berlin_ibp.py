"""Berlin criteria for inflammatory back pain (Rudwaleit 2006, ``rudwaleit-2006-berlin``;
clinical reference section 4).

In chronic back pain (more than 3 months) in people under 50, inflammatory back pain is present
when at least 2 of these 4 hold: morning stiffness of more than 30 minutes, improvement with
exercise but not with rest, waking in the second half of the night because of back pain,
alternating buttock pain. Meeting them is not a diagnosis.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from unknot.domain.instruments._fields import Age, Flag, Months, described_range
from unknot.domain.instruments.ibp import IbpResult
from unknot.domain.validation import Strict

BERLIN_CHRONIC_AFTER_MONTHS = 3
"""The criteria apply only to chronic back pain, lasting more than 3 months (Rudwaleit 2006)."""

BERLIN_AGE_BELOW = 50
"""The criteria were developed in people with chronic back pain aged under 50 (Rudwaleit
2006), so they apply only below 50."""

BERLIN_MORNING_STIFFNESS_OVER_MINUTES = 30
"""Criterion 1: morning stiffness lasting more than 30 minutes; exactly 30 does not count
(Rudwaleit 2006)."""

BERLIN_POSITIVE_NEEDED = 2
"""At least 2 of the 4 features are needed (Rudwaleit 2006: sensitivity 70%, specificity 81%)."""

BERLIN_FEATURES = 4
"""Number of features counted."""

MINUTES_PER_DAY = 24 * 60
"""Morning stiffness cannot last longer than a day."""

StiffnessMinutes = Annotated[
    int, Field(strict=True, ge=0, le=MINUTES_PER_DAY), described_range(0, MINUTES_PER_DAY)
]
"""How long morning stiffness lasts, in whole minutes."""


class BerlinIbpAnswers(Strict):
    """The four Berlin features, with age and how long back pain has lasted."""

    age: Age
    back_pain_months: Months
    morning_stiffness_minutes: StiffnessMinutes
    improves_with_exercise_not_rest: Flag
    wakes_second_half_of_night: Flag
    alternating_buttock_pain: Flag


def berlin_not_applicable_reasons(answers: BerlinIbpAnswers) -> list[str]:
    """Why the criteria do not apply, in plain words; empty when they do."""
    reasons: list[str] = []
    if answers.back_pain_months <= BERLIN_CHRONIC_AFTER_MONTHS:
        reasons.append(
            f"the criteria apply only to back pain that has lasted more than "
            f"{BERLIN_CHRONIC_AFTER_MONTHS} months (yours: {answers.back_pain_months})"
        )
    if answers.age >= BERLIN_AGE_BELOW:
        reasons.append(
            f"the criteria apply only to people under {BERLIN_AGE_BELOW} (your age: {answers.age})"
        )
    return reasons


def score_berlin_ibp(answers: BerlinIbpAnswers) -> IbpResult:
    """Count the features; fulfilled when applicable and at least 2 are present."""
    features = [
        answers.morning_stiffness_minutes > BERLIN_MORNING_STIFFNESS_OVER_MINUTES,
        answers.improves_with_exercise_not_rest,
        answers.wakes_second_half_of_night,
        answers.alternating_buttock_pain,
    ]
    positive = sum(features)
    applicable = not berlin_not_applicable_reasons(answers)
    return IbpResult(
        positive=positive,
        applicable=applicable,
        fulfilled=applicable and positive >= BERLIN_POSITIVE_NEEDED,
    )
