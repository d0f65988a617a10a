"""ASAS expert criteria for inflammatory back pain (Sieper 2009, ``sieper-2009-asas``;
clinical reference section 4).

In chronic back pain (more than 3 months), inflammatory back pain is present when at least 4 of
these 5 hold: age at onset under 40, insidious onset, improvement with exercise, no improvement
with rest, pain at night that improves on getting up. Meeting them is not a diagnosis.
"""

from __future__ import annotations

from unknot.domain.instruments._fields import Age, Flag, Months
from unknot.domain.instruments.ibp import IbpResult
from unknot.domain.validation import Strict

ASAS_CHRONIC_AFTER_MONTHS = 3
"""The criteria apply only when back pain has lasted more than 3 months; exactly 3 months is
not enough (Sieper 2009, criteria for chronic back pain of more than 3 months)."""

ASAS_ONSET_AGE_BELOW = 40
"""Criterion 1: age at onset under 40 years (Sieper 2009)."""

ASAS_POSITIVE_NEEDED = 4
"""At least 4 of the 5 features are needed; 3 of 5 does not meet the criteria (Sieper 2009;
clinical reference section 4)."""

ASAS_FEATURES = 5
"""Number of features counted."""


class AsasIbpAnswers(Strict):
    """The five ASAS features, with how long back pain has lasted."""

    age_at_onset: Age
    back_pain_months: Months
    insidious_onset: Flag
    improves_with_exercise: Flag
    no_improvement_with_rest: Flag
    night_pain_improves_on_getting_up: Flag


def asas_not_applicable_reasons(answers: AsasIbpAnswers) -> list[str]:
    """Why the criteria do not apply, in plain words; empty when they do."""
    if answers.back_pain_months > ASAS_CHRONIC_AFTER_MONTHS:
        return []
    return [
        f"the criteria apply only to back pain that has lasted more than "
        f"{ASAS_CHRONIC_AFTER_MONTHS} months (yours: {answers.back_pain_months})"
    ]


def score_asas_ibp(answers: AsasIbpAnswers) -> IbpResult:
    """Count the features; fulfilled when applicable and at least 4 are present."""
    features = [
        answers.age_at_onset < ASAS_ONSET_AGE_BELOW,
        answers.insidious_onset,
        answers.improves_with_exercise,
        answers.no_improvement_with_rest,
        answers.night_pain_improves_on_getting_up,
    ]
    positive = sum(features)
    applicable = not asas_not_applicable_reasons(answers)
    return IbpResult(
        positive=positive,
        applicable=applicable,
        fulfilled=applicable and positive >= ASAS_POSITIVE_NEEDED,
    )
