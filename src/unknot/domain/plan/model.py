"""The plan as values: Plan → Week → Day → Session → Item, with walking bouts and relief, and
``as_json()`` giving format ``unknot.plan/v1`` (spec §4; ``docs/plan-format.md``).

A :class:`Plan` also keeps what it was made from (:class:`PlanContext`: the answers, the triage
result, the library and the date of the assessment), so that a weekly review or a flare-up can
build the next days the same way. Each :class:`Week` keeps the :class:`Progression` it was built
with: the doses, variants and walking that reviews have set so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from unknot import DISCLAIMER
from unknot.domain.answers import Answers
from unknot.domain.plan.dosing import WalkingDose
from unknot.domain.plan.library import Category, Dose, Library
from unknot.domain.plan.phase import Phase, PhaseChoice, PhaseClock
from unknot.domain.triage import Level, TriageResult
from unknot.errors import NotFound, UnknotError

FORMAT = "unknot.plan/v1"
"""The ``format`` of a plan's JSON."""

WEEKS = 4
"""A new plan covers 4 weeks (issue 4)."""

DAYS_PER_WEEK = 7


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""English names, independent of the machine's locale (``strftime`` is not)."""


def long_date(day: dt.date) -> str:
    """``Wednesday 5 March``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def short_date(day: dt.date) -> str:
    """``Wed 5 Mar``."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"


class NoPlan(UnknotError):
    """No plan is made: the triage level is emergency or urgent (spec §4: exit 4, with the
    triage result and what to do instead). ``triage`` carries that result."""

    def __init__(self, triage: TriageResult) -> None:
        super().__init__(f"no exercise plan at triage level {triage.level}: {triage.headline}")
        self.triage = triage

    def as_json(self) -> dict[str, Any]:
        """What to show instead of a plan: the triage result (``unknot.triage/v1``)."""
        return self.triage.as_json()


class DayKind(StrEnum):
    """A normal plan day, a relief day after a flare-up, or a day after the plan was stopped."""

    PLAN = "plan"
    RELIEF = "relief"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Item:
    """One exercise in a session, with its dose and the reasons for both."""

    exercise: str
    name: str
    category: Category
    dose: Dose
    estimated_minutes: int
    why: str
    dose_why: str
    variant_of: str | None = None

    def as_json(self) -> dict[str, Any]:
        d = self.dose
        return {
            "exercise": self.exercise,
            "name": self.name,
            "category": str(self.category),
            "variant_of": self.variant_of,
            "sets": d.sets,
            "reps": d.reps,
            "hold_seconds": d.hold_seconds,
            "per_side": d.per_side,
            "rest_seconds": d.rest_seconds,
            "minutes": d.minutes,
            "dose": d.in_words(),
            "estimated_minutes": self.estimated_minutes,
            "why": self.why,
            "dose_why": self.dose_why,
        }


@dataclass(frozen=True)
class Session:
    name: str
    items: tuple[Item, ...]
    why: str

    @property
    def minutes(self) -> int:
        return sum(item.estimated_minutes for item in self.items)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "minutes": self.minutes,
            "why": self.why,
            "items": [item.as_json() for item in self.items],
        }


@dataclass(frozen=True)
class WalkingBout:
    minutes: int
    why: str

    def as_json(self) -> dict[str, Any]:
        return {"minutes": self.minutes, "why": self.why}


@dataclass(frozen=True)
class Relief:
    """A relief strategy (heat, a position of relief, staying active), its reason and source."""

    strategy: str
    why: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {"strategy": self.strategy, "why": self.why, "source": self.source}


@dataclass(frozen=True)
class Day:
    date: dt.date
    number: int
    phase: Phase
    kind: DayKind
    why: str
    sessions: tuple[Session, ...]
    walking: tuple[WalkingBout, ...]
    posture_break_every_minutes: int | None
    posture_break_why: str | None
    relief: tuple[Relief, ...]
    strength_day: bool = False
    left_out: tuple[str, ...] = ()
    walking_shortened: bool = False

    def moved_to(self, date: dt.date, number: int) -> Day:
        """This day on another date with another number, all else the same. (What
        ``dataclasses.replace`` does, without re-running ``__init__``: a week's alike days are
        made this way, and this is several times faster.)"""
        twin = object.__new__(Day)
        twin.__dict__.update(self.__dict__, date=date, number=number)
        return twin

    @property
    def walking_minutes(self) -> int:
        return sum(bout.minutes for bout in self.walking)

    @property
    def total_minutes(self) -> int:
        """Sessions plus walking; never more than the person's minutes a day."""
        return sum(s.minutes for s in self.sessions) + self.walking_minutes

    def exercise_ids(self) -> list[str]:
        return [item.exercise for s in self.sessions for item in s.items]

    def items(self) -> list[Item]:
        return [item for s in self.sessions for item in s.items]

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "day": self.number,
            "weekday": WEEKDAYS[self.date.weekday()],
            "phase": str(self.phase),
            "kind": str(self.kind),
            "strength_day": self.strength_day,
            "why": self.why,
            "sessions": [s.as_json() for s in self.sessions],
            "walking": {
                "minutes": self.walking_minutes,
                "bouts": [b.as_json() for b in self.walking],
            },
            "posture_break_every_minutes": self.posture_break_every_minutes,
            "posture_break_why": self.posture_break_why,
            "relief": [r.as_json() for r in self.relief],
            "total_minutes": self.total_minutes,
            "left_out": list(self.left_out),
        }


@dataclass(frozen=True)
class Progression:
    """What reviews and flare-ups have set so far; the generator builds a week from it.

    ``doses`` maps an exercise id (the one in use) to its dose; ``variants`` maps an exercise
    the generator chose to the easier or harder variant used instead; ``walking_why`` says why
    the walks are this long; ``paused`` exercises are
    left out for a week; ``phase`` is a phase a review moved the plan to (``None``: the phase
    follows the calendar); ``relief_days`` are flare-up days, each with its reason.
    """

    walking: WalkingDose
    walking_why: str = ""
    doses: Mapping[str, Dose] = field(default_factory=dict)
    variants: Mapping[str, str] = field(default_factory=dict)
    paused: frozenset[str] = frozenset()
    phase: Phase | None = None
    relief_days: Mapping[dt.date, str] = field(default_factory=dict)

    def with_relief(self, days: Mapping[dt.date, str]) -> Progression:
        return replace(self, relief_days={**self.relief_days, **days})

    def as_json(self) -> dict[str, Any]:
        return {
            "walking": {
                "bouts": self.walking.bouts,
                "minutes": self.walking.minutes,
                "why": self.walking_why,
            },
            "doses": {
                ex: {
                    "sets": d.sets,
                    "reps": d.reps,
                    "hold_seconds": d.hold_seconds,
                    "per_side": d.per_side,
                    "rest_seconds": d.rest_seconds,
                    "minutes": d.minutes,
                }
                for ex, d in sorted(self.doses.items())
            },
            "variants": dict(sorted(self.variants.items())),
            "paused": sorted(self.paused),
            "phase": None if self.phase is None else str(self.phase),
            "relief_days": [
                {"date": day.isoformat(), "why": why}
                for day, why in sorted(self.relief_days.items())
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Progression:
        """The inverse of :meth:`as_json` (KeyError, TypeError or ValueError when malformed)."""
        walking = data["walking"]
        return cls(
            walking=WalkingDose(int(walking["bouts"]), int(walking["minutes"])),
            walking_why=str(walking["why"]),
            doses={ex: Dose(**dose) for ex, dose in data["doses"].items()},
            variants={str(k): str(v) for k, v in data["variants"].items()},
            paused=frozenset(str(ex) for ex in data["paused"]),
            phase=None if data["phase"] is None else Phase(data["phase"]),
            relief_days={
                dt.date.fromisoformat(entry["date"]): str(entry["why"])
                for entry in data["relief_days"]
            },
        )


@dataclass(frozen=True)
class Week:
    number: int
    start: dt.date
    goals: tuple[str, ...]
    days: tuple[Day, ...]
    progression: Progression
    provisional: bool = False

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=DAYS_PER_WEEK - 1)

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(DAYS_PER_WEEK)]

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "provisional": self.provisional,
            "goals": list(self.goals),
            "progression": self.progression.as_json(),
            "days": [day.as_json() for day in self.days],
        }


def week_numbered(weeks: Sequence[Week], number: int) -> Week:
    """The week of ``weeks`` numbered ``number``; :class:`NotFound` naming the numbers there
    are."""
    for week in weeks:
        if week.number == number:
            return week
    raise NotFound("plan week", str(number), [str(w.number) for w in weeks])


@dataclass(frozen=True)
class PlanContext:
    """What a plan is made from. ``assessed_on`` is the date of the answers (``today``)."""

    answers: Answers
    triage: TriageResult
    library: Library
    assessed_on: dt.date
    phases: dict[dt.date, PhaseChoice] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """The phase by the calendar on each date asked about so far (it depends only on the
    answers and ``assessed_on``): see :meth:`phase_on`."""
    derived: dict[object, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """What the generator works out once per plan, by what it depends on: its setup, its
    reasons in words and the exercises chosen for its days (see
    :func:`~unknot.domain.plan.generator.picks_for`)."""
    clock: PhaseClock = field(init=False, compare=False, hash=False, repr=False)
    """What the phase reads from the answers, read once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "clock", PhaseClock.of(self.answers, self.assessed_on))

    def phase_on(self, date: dt.date) -> PhaseChoice:
        """:func:`~unknot.domain.plan.phase.phase_on` for these answers, worked out once per
        date (every day of every week asks)."""
        found = self.phases.get(date)
        if found is None:
            found = self.phases[date] = self.clock.on(date)
        return found


@dataclass(frozen=True)
class Stop:
    """The plan was stopped on ``date`` because triage found a red flag (a new symptom)."""

    date: dt.date
    level: Level
    rules: tuple[str, ...]
    headline: str
    actions: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "level": str(self.level),
            "rules": list(self.rules),
            "headline": self.headline,
            "actions": list(self.actions),
        }


@dataclass(frozen=True)
class Plan:
    generated_for: dt.date
    generated_on: dt.date
    phase: Phase
    phase_why: str
    triage_level: Level
    minutes_per_day: int
    weeks: tuple[Week, ...]
    notes: tuple[str, ...]
    safety_net: tuple[str, ...]
    references: tuple[str, ...]
    context: PlanContext = field(compare=False, repr=False)
    stopped: Stop | None = None

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week.days]

    @property
    def end(self) -> dt.date:
        return self.weeks[-1].end

    def week(self, number: int) -> Week:
        return week_numbered(self.weeks, number)

    def week_of(self, date: dt.date) -> Week | None:
        for week in self.weeks:
            if week.start <= date <= week.end:
                return week
        return None

    def day(self, date: dt.date) -> Day:
        """The plan's day on ``date``; :class:`NotFound` outside the plan."""
        for day in self.days:
            if day.date == date:
                return day
        raise NotFound("plan day", date.isoformat())

    def as_json(self) -> dict[str, Any]:
        """The plan as ``unknot.plan/v1``. ``days`` is every day of ``weeks``, flattened."""
        weeks = [week.as_json() for week in self.weeks]
        return {
            "format": FORMAT,
            "generated_for": self.generated_for.isoformat(),
            "generated_on": self.generated_on.isoformat(),
            "phase": str(self.phase),
            "phase_why": self.phase_why,
            "triage_level": str(self.triage_level),
            "minutes_per_day": self.minutes_per_day,
            "weeks": weeks,
            "days": [day for week in weeks for day in week["days"]],
            "notes": list(self.notes),
            "stopped": None if self.stopped is None else self.stopped.as_json(),
            "safety_net": list(self.safety_net),
            "disclaimer": DISCLAIMER,
            "references": list(self.references),
        }
