"""How long an item takes, how a dose steps up or down, and how much to walk.

Every number is a named constant citing clinical reference §6 (exercise prescription) or marked
[DESIGN] where it is this project's own choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from unknot.domain.plan.library import Category, Dose
from unknot.domain.plan.phase import Phase

SECONDS_PER_REP = 3
"""[DESIGN] A repetition without a hold takes about 3 seconds, done slowly and with control."""

STRETCH_HOLD_SECONDS = (15, 30)
"""Static stretch hold, inclusive: ACSM (Garber 2011) gives 10-30 s for most adults and Bandy 1997
found 30 s as good as 60 s; the library uses 15-30 s (clinical reference §6)."""

STRETCH_HOLD_STEP = 5
"""[DESIGN] A stretch progresses by holding 5 s longer, up to 30 s."""

STRETCH_REPETITIONS = (2, 4)
"""Repetitions of a static stretch, inclusive: ACSM's 2-4, to build about 60 s per stretch
(clinical reference §6)."""

STRENGTH_SETS = (2, 3)
"""Sets of a strengthening exercise, inclusive, as the library's dosing rules allow (§6)."""

STRENGTH_REPS = (3, 12)
"""[DESIGN] Repetitions per set of a strengthening exercise when a review steps the dose up or
down: the library's defaults lie between 3 and 10; beyond 12 the harder variant is the next
step (an endurance focus, McGill, clinical reference §6)."""

MOBILITY_REPS = (4, 12)
"""[DESIGN] Repetitions of a gentle mobility or posture exercise: NHS inform starts at 5
repetitions; a review moves within 4-12."""

REP_STEP = 2
"""[DESIGN] A counted dose steps up or down by 2 repetitions a set."""

STRENGTH_HOLD_SECONDS = (3, 10)
"""Holds within a strengthening exercise, inclusive: short endurance holds of about 7-10 s at
most (McGill; clinical reference §6, practitioner-sourced). [DESIGN] 3 s at least."""

STRENGTH_HOLD_STEP = 2
"""[DESIGN] A hold within a strengthening exercise steps by 2 s."""

STRENGTH_DAYS_PER_WEEK: dict[Phase, int] = {
    Phase.ACUTE: 0,
    Phase.SUBACUTE: 2,
    Phase.CHRONIC: 3,
    Phase.PREVENTION: 3,
}
"""Strengthening is done 2-4 days a week (ACSM; clinical reference §6). None in the acute
phase (§5-6); [DESIGN] 2 days while settling, 3 days after."""

STRENGTH_DAY_PATTERNS: dict[int, tuple[int, ...]] = {0: (), 2: (2, 5), 3: (0, 2, 4)}
"""Which days of each plan week (0 = its first day) are strength days, so that the same muscles
are never worked on consecutive days, within a week or across the start of the next one.
[DESIGN] The 2-day pattern starts on day 2, after a 48-hour acute start."""

DEFAULT_MINUTES_PER_DAY = 20
"""Minutes a day when the person did not say (issue 4). [DESIGN]"""

MIN_WALK_MINUTES = 5
"""[DESIGN] The shortest walk worth planning; the acute phase uses walks of this length."""

WALK_TARGET_MINUTES_PER_DAY = 30
"""The walking goal: about 30 minutes a day on at least 5 days a week (WalkBack, Pocovi 2024:
at least 30 minutes 5 times a week, reached over months; clinical reference §6)."""

WALK_TARGET_DAYS_PER_WEEK = 5
"""See :data:`WALK_TARGET_MINUTES_PER_DAY`."""

WALK_WEEKLY_INCREASE = 0.15
"""[DESIGN] Walks grow by about 15% a week (10-20%), at least 1 minute a walk: WalkBack's
programme was individualised and progressive (clinical reference §6); the exact rate is ours."""

WALK_SHARE_OF_BUDGET = 0.5
"""[DESIGN] Walking takes at most half of the minutes a person has each day (but always one
walk of :data:`MIN_WALK_MINUTES` when the budget allows), so that exercises still fit."""

WALK_START_BY_STEPS: tuple[tuple[int, int], ...] = ((0, 5), (2000, 10), (5000, 12), (8000, 15))
"""[DESIGN] Minutes per walk (two walks a day) from the steps a person takes now: (at least
this many steps a day, minutes per walk). Start from what the person manages now; 10-15 minutes
twice a day is a typical start (issue 4; WalkBack individualised the starting dose)."""

WALK_BOUTS_PER_DAY = 2
"""Two walks a day at the start (issue 4: 10-15 minutes twice a day)."""

WALK_START_NO_DATA = 10
"""Minutes per walk when steps are not known: 10 minutes twice a day (issue 4)."""

ACUTE_WALK_BOUTS = 3
"""In the first 48 hours, short walks often: 3 walks of :data:`MIN_WALK_MINUTES` minutes
(walking.yaml: "short walks often are better than one long walk"; NHS: keep moving)."""


def item_seconds(dose: Dose) -> int:
    """The time a dose takes: sets x reps x (hold, or about 3 s a rep) x sides, plus the rests
    between sets; timed doses: sets x minutes x sides, plus rests."""
    rests = dose.rest_seconds * (dose.sets - 1)
    if dose.minutes is not None:
        return dose.sets * dose.minutes * 60 * dose.sides + rests
    per_rep = dose.hold_seconds if dose.hold_seconds is not None else SECONDS_PER_REP
    reps = dose.reps if dose.reps is not None else 1
    return dose.sets * reps * per_rep * dose.sides + rests


def item_minutes(dose: Dose) -> int:
    """Whole minutes for a dose, rounded up (so that a day's sum is never an underestimate)."""
    return max(1, math.ceil(item_seconds(dose) / 60))


def progress_dose(category: Category, dose: Dose) -> Dose | None:
    """One step up within the limits of §6, or ``None`` when the dose is at the top (then the
    harder variant, if any, is the next step). Timed items are not stepped."""
    if dose.timed:
        return None
    if category is Category.STRETCH and dose.hold_seconds is not None:
        low, high = STRETCH_HOLD_SECONDS
        if dose.hold_seconds < high:
            return replace(dose, hold_seconds=min(high, dose.hold_seconds + STRETCH_HOLD_STEP))
        if dose.sets < STRETCH_REPETITIONS[1]:
            return replace(dose, sets=dose.sets + 1)
        return None
    if dose.reps is None:
        return None
    reps_high = STRENGTH_REPS[1] if category is Category.STRENGTH else MOBILITY_REPS[1]
    if dose.reps < reps_high:
        return replace(dose, reps=min(reps_high, dose.reps + REP_STEP))
    if category is Category.STRENGTH:
        hold_high = STRENGTH_HOLD_SECONDS[1]
        if dose.hold_seconds is not None and dose.hold_seconds < hold_high:
            return replace(
                dose, hold_seconds=min(hold_high, dose.hold_seconds + STRENGTH_HOLD_STEP)
            )
        if dose.sets < STRENGTH_SETS[1]:
            return replace(dose, sets=dose.sets + 1)
    return None


def regress_dose(category: Category, dose: Dose) -> Dose | None:
    """One step down within the limits of §6, or ``None`` when the dose is already the
    gentlest (then the easier variant, if any, or a pause is the next step)."""
    if dose.timed:
        return None
    if category is Category.STRETCH and dose.hold_seconds is not None:
        if dose.sets > STRETCH_REPETITIONS[0]:
            return replace(dose, sets=dose.sets - 1)
        low = STRETCH_HOLD_SECONDS[0]
        if dose.hold_seconds > low:
            return replace(dose, hold_seconds=max(low, dose.hold_seconds - STRETCH_HOLD_STEP))
        return None
    if category is Category.STRENGTH and dose.sets > STRENGTH_SETS[0]:
        return replace(dose, sets=dose.sets - 1)
    if dose.reps is None:
        return None
    reps_low = STRENGTH_REPS[0] if category is Category.STRENGTH else MOBILITY_REPS[0]
    if dose.reps > reps_low:
        return replace(dose, reps=max(reps_low, dose.reps - REP_STEP))
    if category is Category.STRENGTH and dose.hold_seconds is not None:
        hold_low = STRENGTH_HOLD_SECONDS[0]
        if dose.hold_seconds > hold_low:
            return replace(dose, hold_seconds=max(hold_low, dose.hold_seconds - STRENGTH_HOLD_STEP))
    return None


@dataclass(frozen=True)
class WalkingDose:
    """Walks a day and minutes per walk."""

    bouts: int
    minutes: int

    def __post_init__(self) -> None:
        if self.bouts < 1 or self.minutes < 1:
            raise ValueError("a walking dose has at least one walk of at least a minute")

    @property
    def total(self) -> int:
        return self.bouts * self.minutes

    def in_words(self) -> str:
        walks = "1 walk" if self.bouts == 1 else f"{self.bouts} walks"
        return f"{walks} of {self.minutes} minutes a day"


def starting_walk(steps_per_day: int | None) -> tuple[WalkingDose, str]:
    """The first walking dose, from the steps a person takes now, and why."""
    if steps_per_day is None:
        return (
            WalkingDose(WALK_BOUTS_PER_DAY, WALK_START_NO_DATA),
            f"You did not say how many steps you take, so walking starts at "
            f"{WALK_START_NO_DATA} minutes twice a day, a typical start.",
        )
    minutes = MIN_WALK_MINUTES
    for least, per_walk in WALK_START_BY_STEPS:
        if steps_per_day >= least:
            minutes = per_walk
    return (
        WalkingDose(WALK_BOUTS_PER_DAY, minutes),
        f"You walk about {steps_per_day:,} steps a day now, so walking starts at {minutes} "
        "minutes twice a day, from what you manage now.",
    )


def walk_per_bout_target(bouts: int) -> int:
    """Minutes per walk that reach the daily walking goal with ``bouts`` walks."""
    return math.ceil(WALK_TARGET_MINUTES_PER_DAY / bouts)


def grow_walk(dose: WalkingDose) -> WalkingDose:
    """The next week's walking: about 15% longer walks (at least a minute), up to the goal."""
    target = walk_per_bout_target(dose.bouts)
    if dose.minutes >= target:
        return dose
    step = max(1, round(dose.minutes * WALK_WEEKLY_INCREASE))
    return WalkingDose(dose.bouts, min(target, dose.minutes + step))


def shrink_walk(dose: WalkingDose) -> WalkingDose:
    """A step back after walking hurt: about 15% shorter walks (at least a minute), never under
    :data:`MIN_WALK_MINUTES`."""
    step = max(1, round(dose.minutes * WALK_WEEKLY_INCREASE))
    return WalkingDose(dose.bouts, max(MIN_WALK_MINUTES, dose.minutes - step))


def walking_cap(minutes_per_day: int) -> int:
    """The most walking minutes a day may hold, out of ``minutes_per_day``."""
    share = math.floor(minutes_per_day * WALK_SHARE_OF_BUDGET)
    return min(minutes_per_day, max(MIN_WALK_MINUTES, share))


def fit_walk(dose: WalkingDose, cap: int) -> WalkingDose | None:
    """``dose`` cut down to at most ``cap`` minutes a day: fewer walks first, then shorter ones
    (never under :data:`MIN_WALK_MINUTES`); ``None`` when not even one short walk fits."""
    if dose.total <= cap:
        return dose
    bouts = dose.bouts
    while bouts > 1 and bouts * dose.minutes > cap:
        bouts -= 1
    minutes = min(dose.minutes, cap // bouts)
    if minutes < MIN_WALK_MINUTES:
        return None
    return WalkingDose(bouts, minutes)
