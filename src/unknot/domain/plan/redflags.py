"""New symptoms reported in the diary: triage runs again at once, and an emergency or urgent
result stops the plan.

A diary's new symptoms use the red-flag and leg questions of the assessment
(``unknot.assessment/v1`` blocks ``red_flags`` and ``legs``). They are merged so that they can
only add to the answers, never take a flag away (never under-triage): a flag is set if either
says so, leg symptoms take the worse of the two, and the higher temperature is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from pydantic import Field

from unknot.domain.answers import Answers, Legs, LegSymptoms, RedFlags, parse_answers
from unknot.domain.plan.generator import assemble
from unknot.domain.plan.model import Day, DayKind, Plan, Stop
from unknot.domain.triage import TriageResult, triage
from unknot.domain.validation import Strict, parse, unknown_fields
from unknot.errors import InvalidInput

_LEG_ORDER = {Legs.NONE: 0, Legs.ONE_LEG: 1, Legs.BOTH_LEGS: 2}


class NewSymptoms(Strict):
    """Symptoms reported in the diary, in the assessment's words (any subset)."""

    red_flags: RedFlags = Field(default_factory=RedFlags)
    legs: LegSymptoms = Field(default_factory=LegSymptoms)

    def reports_anything(self) -> bool:
        """True when any red flag or leg symptom is reported."""
        flags = self.red_flags.model_dump(exclude={"temperature_c"})
        legs = self.legs
        return (
            any(flags.values())
            or self.red_flags.temperature_c is not None
            or legs.pain_or_numbness is not Legs.NONE
            or legs.weakness is not Legs.NONE
            or legs.below_knee
            or legs.weakness_getting_worse
            or legs.difficulty_walking
        )


def parse_symptoms(data: Any) -> tuple[NewSymptoms, list[str]]:
    """Validate new symptoms; warnings name fields unknot does not know."""
    if not isinstance(data, dict):
        raise InvalidInput("(top level)", "the new symptoms must be a JSON object")
    symptoms = parse(NewSymptoms, data)
    return symptoms, [f"unknown field {p!r} was ignored" for p in unknown_fields(symptoms)]


def _worse(a: Legs, b: Legs) -> Legs:
    return a if _LEG_ORDER[a] >= _LEG_ORDER[b] else b


def merge_symptoms(answers: Answers, symptoms: NewSymptoms) -> Answers:
    """The answers with the new symptoms added (flags only ever added, never removed)."""
    old_flags = answers.red
    flags: dict[str, Any] = {}
    for name in RedFlags.model_fields:
        if name == "temperature_c":
            temps = [t for t in (old_flags.temperature_c, symptoms.red_flags.temperature_c) if t]
            flags[name] = max(temps) if temps else None
        else:
            flags[name] = bool(getattr(old_flags, name)) or bool(getattr(symptoms.red_flags, name))
    old_legs, new_legs = answers.leg, symptoms.legs
    legs = {
        "pain_or_numbness": _worse(old_legs.pain_or_numbness, new_legs.pain_or_numbness),
        "below_knee": old_legs.below_knee or new_legs.below_knee,
        "weakness": _worse(old_legs.weakness, new_legs.weakness),
        "weakness_getting_worse": old_legs.weakness_getting_worse
        or new_legs.weakness_getting_worse,
        "difficulty_walking": old_legs.difficulty_walking or new_legs.difficulty_walking,
    }
    data = answers.model_dump(mode="json", exclude_none=True)
    data["red_flags"] = {k: v for k, v in flags.items() if v is not None}
    data["legs"] = {k: str(v) if isinstance(v, Legs) else v for k, v in legs.items()}
    merged, _ = parse_answers(data)
    return merged


def check_new_symptoms(
    answers: Answers,
    symptoms: NewSymptoms,
    today: dt.date,
    *,
    assessed_on: dt.date | None = None,
) -> TriageResult | None:
    """Triage again, at once, with the new symptoms added; ``None`` when none are reported.

    When ``assessed_on`` (the date of the answers) is given, the episode's duration is moved on
    to ``today`` so that time-based rules see the episode as it is now. The caller stops the
    plan (:func:`stop_plan`) when the result's ``plan_allowed`` is false.
    """
    if not symptoms.reports_anything():
        return None
    merged = merge_symptoms(answers, symptoms)
    episode = merged.episode
    if assessed_on is not None and episode is not None and episode.duration_days is not None:
        if today < assessed_on:
            raise InvalidInput("today", f"{today} is before the assessment ({assessed_on})")
        later = episode.duration_days + (today - assessed_on).days
        merged = merged.model_copy(
            update={"episode": episode.model_copy(update={"duration_days": later})}
        )
    return triage(merged)


def stop_plan(plan: Plan, result: TriageResult, today: dt.date) -> Plan:
    """The plan stopped from ``today`` when ``result`` allows no plan (emergency or urgent):
    every day from ``today`` has no exercise and says what to do instead. Unchanged otherwise."""
    if result.plan_allowed:
        return plan
    stop = Stop(
        date=today,
        level=result.level,
        rules=tuple(result.rules),
        headline=result.headline,
        actions=result.actions,
    )
    return apply_stop(plan, stop)


def apply_stop(plan: Plan, stop: Stop) -> Plan:
    """``plan`` with every day from ``stop.date`` emptied and marked stopped."""
    weeks = []
    for week in plan.weeks:
        days = tuple(_stopped(day, stop) if day.date >= stop.date else day for day in week.days)
        weeks.append(replace(week, days=days))
    return assemble(plan.context, plan.generated_for, weeks, stop)


def _stopped(day: Day, stop: Stop) -> Day:
    return replace(
        day,
        kind=DayKind.STOPPED,
        why=f"The plan stopped on {stop.date.isoformat()}: {stop.headline}",
        sessions=(),
        walking=(),
        posture_break_every_minutes=None,
        posture_break_why=None,
        relief=(),
        strength_day=False,
        left_out=(),
        walking_shortened=False,
    )
