"""The questionnaire screens that feed triage: STarT Back and the inflammatory back pain
criteria (ASAS, Berlin, NICE NG65), computed from the assessment answers.

A block that was not asked gives no screen (``None``): "not asked" is never read as "no".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from unknot.domain.answers import Answers, ButtockPain, Onset
from unknot.domain.instruments import (
    AsasIbpAnswers,
    BerlinIbpAnswers,
    Ng65Answers,
    StartBackAnswers,
    score_asas_ibp,
    score_berlin_ibp,
    score_ng65,
    score_startback,
)

DAYS_PER_MONTH = 365.25 / 12
"""Average month length, to turn days of pain into whole months for the criteria."""


@dataclass(frozen=True)
class StartBackScreen:
    total: int
    psychosocial: int
    risk: str

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "psychosocial": self.psychosocial, "risk": self.risk}


@dataclass(frozen=True)
class InflammatoryScreen:
    asas_positive: int
    asas_applicable: bool
    asas_fulfilled: bool
    berlin_positive: int
    berlin_applicable: bool
    berlin_fulfilled: bool
    ng65_criteria: int
    ng65_applicable: bool
    ng65_recommendation: str
    back_pain_months: int
    age_at_onset: int

    def as_json(self) -> dict[str, Any]:
        return {
            "asas_positive": self.asas_positive,
            "asas_applicable": self.asas_applicable,
            "asas_fulfilled": self.asas_fulfilled,
            "berlin_positive": self.berlin_positive,
            "berlin_applicable": self.berlin_applicable,
            "berlin_fulfilled": self.berlin_fulfilled,
            "ng65_criteria_met": self.ng65_criteria,
            "ng65_applicable": self.ng65_applicable,
            "ng65_recommendation": self.ng65_recommendation,
            "back_pain_months": self.back_pain_months,
            "age_at_onset": self.age_at_onset,
        }

    def pattern(self) -> bool:
        """Any of the three criteria sets points to an inflammatory pattern."""
        return (
            self.asas_fulfilled
            or self.berlin_fulfilled
            or self.ng65_recommendation in ("refer", "test-hla-b27")
        )


@dataclass(frozen=True)
class Screens:
    startback: StartBackScreen | None = None
    inflammatory: InflammatoryScreen | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "startback": self.startback.as_json() if self.startback else None,
            "inflammatory": self.inflammatory.as_json() if self.inflammatory else None,
        }


def back_pain_months(a: Answers) -> int:
    """How long the person has had back pain, in months, rounded up so that any time past
    3 months counts as "more than 3 months". Recurrent pain counts from the first onset."""
    days = a.ep.duration_days or 0
    months = math.ceil(days / DAYS_PER_MONTH)
    first = a.ep.age_at_first_onset
    if not a.ep.first_episode and first is not None and first < a.age:
        months = max(months, (a.age - first) * 12)
    return months


def age_at_onset(a: Answers) -> int:
    """Age when back pain first began: the answer if given, else from this episode's length."""
    if a.ep.age_at_first_onset is not None:
        return a.ep.age_at_first_onset
    years = (a.ep.duration_days or 0) / 365.25
    return max(0, a.age - math.floor(years))


def startback_screen(a: Answers) -> StartBackScreen | None:
    block = a.startback
    if block is None or not block.complete():
        return None
    data = {f"q{i}": getattr(block, f"q{i}") for i in range(1, 10)}
    result = score_startback(StartBackAnswers.model_validate(data))
    return StartBackScreen(result.total, result.psychosocial, str(result.risk))


def inflammatory_screen(a: Answers) -> InflammatoryScreen | None:
    infl = a.inflammatory
    if infl is None:
        return None
    months = back_pain_months(a)
    onset_age = age_at_onset(a)
    asas = score_asas_ibp(
        AsasIbpAnswers(
            age_at_onset=onset_age,
            back_pain_months=months,
            insidious_onset=a.ep.onset == Onset.GRADUAL,
            improves_with_exercise=infl.improves_with_exercise,
            no_improvement_with_rest=not infl.improves_with_rest,
            night_pain_improves_on_getting_up=infl.night_pain_improves_on_getting_up,
        )
    )
    berlin = score_berlin_ibp(
        BerlinIbpAnswers(
            age=a.age,
            back_pain_months=months,
            morning_stiffness_minutes=infl.morning_stiffness_minutes or 0,
            improves_with_exercise_not_rest=(
                infl.improves_with_exercise and not infl.improves_with_rest
            ),
            wakes_second_half_of_night=infl.wakes_second_half_of_night,
            alternating_buttock_pain=infl.buttock_pain == ButtockPain.ALTERNATING,
        )
    )
    h = a.hist
    ng65 = score_ng65(
        Ng65Answers(
            age_at_onset=onset_age,
            back_pain_months=months,
            wakes_second_half_of_night=infl.wakes_second_half_of_night,
            buttock_pain=infl.buttock_pain != ButtockPain.NONE,
            improves_with_movement=infl.improves_with_exercise,
            improves_within_48h_of_nsaid=infl.improves_within_48h_of_nsaid,
            relative_with_spondyloarthritis=h.relative_with_spondyloarthritis,
            arthritis=False,
            enthesitis=False,
            psoriasis=h.psoriasis,
        )
    )
    return InflammatoryScreen(
        asas_positive=asas.positive,
        asas_applicable=asas.applicable,
        asas_fulfilled=asas.fulfilled,
        berlin_positive=berlin.positive,
        berlin_applicable=berlin.applicable,
        berlin_fulfilled=berlin.fulfilled,
        ng65_criteria=ng65.criteria_met,
        ng65_applicable=ng65.applicable,
        ng65_recommendation=str(ng65.recommendation),
        back_pain_months=months,
        age_at_onset=onset_age,
    )


def compute_screens(a: Answers) -> Screens:
    return Screens(startback=startback_screen(a), inflammatory=inflammatory_screen(a))
