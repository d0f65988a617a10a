"""NICE NG65 referral criteria for suspected axial spondyloarthritis (``nice-ng65``, 1.1.2-1.1.4;
clinical reference section 4).

They apply to low back pain that started before 45 and has lasted more than 3 months. With 4 or
more of the 9 further criteria, refer to a rheumatologist; with exactly 3, test HLA-B27 and refer
if it is positive. When the criteria are not met, advise reassessment if new features develop.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from unknot.domain.instruments._fields import Age, Flag, Months
from unknot.domain.validation import Strict

NG65_ONSET_AGE_BELOW = 45
"""The criteria apply only when low back pain started before age 45 (NICE NG65 1.1.2)."""

NG65_CHRONIC_AFTER_MONTHS = 3
"""The criteria apply only when low back pain has lasted longer than 3 months (NICE NG65
1.1.2); exactly 3 months is not enough."""

NG65_EARLY_ONSET_AGE_BELOW = 35
"""Criterion 1: low back pain that started before age 35 (NICE NG65 1.1.2)."""

NG65_REFER_MIN = 4
"""Refer to a rheumatologist when 4 or more criteria are met (NICE NG65 1.1.2)."""

NG65_HLA_B27_CRITERIA = 3
"""With exactly 3 criteria, test HLA-B27 and refer if positive (NICE NG65 1.1.3)."""

NG65_CRITERIA = 9
"""Number of criteria counted."""


class Ng65Recommendation(StrEnum):
    """What NICE NG65 1.1.2-1.1.3 recommends."""

    REFER = "refer"
    TEST_HLA_B27 = "test-hla-b27"
    NOT_INDICATED = "not-indicated"


class Ng65Answers(Strict):
    """Age at onset and duration, and the eight yes/no criteria (the ninth is onset before 35)."""

    age_at_onset: Age
    back_pain_months: Months
    wakes_second_half_of_night: Flag
    buttock_pain: Flag
    improves_with_movement: Flag
    improves_within_48h_of_nsaid: Flag
    relative_with_spondyloarthritis: Flag
    arthritis: Flag
    enthesitis: Flag
    psoriasis: Flag


class Ng65Result(BaseModel):
    """Spec section 3: ``{"criteria_met", "applicable", "recommendation"}``."""

    criteria_met: int
    applicable: bool
    recommendation: Ng65Recommendation


def ng65_not_applicable_reasons(answers: Ng65Answers) -> list[str]:
    """Why the criteria do not apply, in plain words; empty when they do."""
    reasons: list[str] = []
    if answers.age_at_onset >= NG65_ONSET_AGE_BELOW:
        reasons.append(
            f"the criteria apply only to back pain that started before age "
            f"{NG65_ONSET_AGE_BELOW} (yours started at {answers.age_at_onset})"
        )
    if answers.back_pain_months <= NG65_CHRONIC_AFTER_MONTHS:
        reasons.append(
            f"the criteria apply only to back pain that has lasted more than "
            f"{NG65_CHRONIC_AFTER_MONTHS} months (yours: {answers.back_pain_months})"
        )
    return reasons


def ng65_recommendation(criteria_met: int, applicable: bool) -> Ng65Recommendation:
    """Refer at 4 or more, test HLA-B27 at exactly 3, otherwise (or when not applicable) not
    indicated."""
    if not applicable:
        return Ng65Recommendation.NOT_INDICATED
    if criteria_met >= NG65_REFER_MIN:
        return Ng65Recommendation.REFER
    if criteria_met == NG65_HLA_B27_CRITERIA:
        return Ng65Recommendation.TEST_HLA_B27
    return Ng65Recommendation.NOT_INDICATED


def score_ng65(answers: Ng65Answers) -> Ng65Result:
    """Count the nine criteria and give NICE's recommendation."""
    criteria = [
        answers.age_at_onset < NG65_EARLY_ONSET_AGE_BELOW,
        answers.wakes_second_half_of_night,
        answers.buttock_pain,
        answers.improves_with_movement,
        answers.improves_within_48h_of_nsaid,
        answers.relative_with_spondyloarthritis,
        answers.arthritis,
        answers.enthesitis,
        answers.psoriasis,
    ]
    criteria_met = sum(criteria)
    applicable = not ng65_not_applicable_reasons(answers)
    return Ng65Result(
        criteria_met=criteria_met,
        applicable=applicable,
        recommendation=ng65_recommendation(criteria_met, applicable),
    )
