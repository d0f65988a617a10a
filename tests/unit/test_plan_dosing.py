"""Time per item, dose steps within the limits of clinical reference §6, and walking doses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.content.library import load_library
from unknot.domain.plan.dosing import (
    MIN_WALK_MINUTES,
    STRENGTH_DAY_PATTERNS,
    STRENGTH_DAYS_PER_WEEK,
    STRETCH_HOLD_SECONDS,
    STRETCH_REPETITIONS,
    WALK_TARGET_MINUTES_PER_DAY,
    WalkingDose,
    fit_walk,
    grow_walk,
    item_minutes,
    item_seconds,
    progress_dose,
    regress_dose,
    shrink_walk,
    starting_walk,
    walking_cap,
)
from unknot.domain.plan.library import Category, Dose

# (dose, seconds): sets x reps x (hold or 3 s) x sides + rest x (sets - 1); timed by minutes.
SECONDS = [
    (Dose(sets=3, hold_seconds=20, per_side=True, rest_seconds=10), 3 * 20 * 2 + 2 * 10),
    (Dose(sets=2, hold_seconds=30, per_side=False, rest_seconds=10), 2 * 30 + 10),
    (Dose(sets=2, reps=10, rest_seconds=30), 2 * 10 * 3 + 30),
    (Dose(sets=2, reps=6, hold_seconds=8, per_side=True, rest_seconds=30), 2 * 6 * 8 * 2 + 30),
    (Dose(sets=1, minutes=5), 300),
    (Dose(sets=2, minutes=1, rest_seconds=30), 2 * 60 + 30),
    (Dose(sets=1, reps=1), 3),
]


@pytest.mark.parametrize(("dose", "seconds"), SECONDS)
def test_an_items_time_comes_from_its_dose(dose: Dose, seconds: int) -> None:
    assert item_seconds(dose) == seconds


@pytest.mark.parametrize(
    ("seconds_dose", "minutes"),
    [
        (Dose(sets=1, reps=1), 1),
        (Dose(sets=1, hold_seconds=60), 1),
        (Dose(sets=1, hold_seconds=61), 2),
        (Dose(sets=2, hold_seconds=30, rest_seconds=10), 2),
    ],
)
def test_item_minutes_round_up_to_whole_minutes(seconds_dose: Dose, minutes: int) -> None:
    assert item_minutes(seconds_dose) == minutes


STRETCH = Category.STRETCH
STRENGTH = Category.STRENGTH
MOBILITY = Category.MOBILITY

STEPS_UP = [
    (STRETCH, Dose(sets=3, hold_seconds=20), Dose(sets=3, hold_seconds=25)),
    (STRETCH, Dose(sets=3, hold_seconds=28), Dose(sets=3, hold_seconds=30)),
    (STRETCH, Dose(sets=3, hold_seconds=30), Dose(sets=4, hold_seconds=30)),
    (STRETCH, Dose(sets=4, hold_seconds=30), None),
    (STRENGTH, Dose(sets=2, reps=8), Dose(sets=2, reps=10)),
    (STRENGTH, Dose(sets=2, reps=11), Dose(sets=2, reps=12)),
    (STRENGTH, Dose(sets=2, reps=12, hold_seconds=8), Dose(sets=2, reps=12, hold_seconds=10)),
    (STRENGTH, Dose(sets=2, reps=12, hold_seconds=10), Dose(sets=3, reps=12, hold_seconds=10)),
    (STRENGTH, Dose(sets=3, reps=12, hold_seconds=10), None),
    (STRENGTH, Dose(sets=2, reps=12), Dose(sets=3, reps=12)),
    (MOBILITY, Dose(sets=2, reps=10), Dose(sets=2, reps=12)),
    (MOBILITY, Dose(sets=2, reps=12), None),
    (Category.RELIEF, Dose(sets=1, minutes=5), None),
]


@pytest.mark.parametrize(("category", "dose", "expected"), STEPS_UP)
def test_a_dose_steps_up_within_the_limits(
    category: Category, dose: Dose, expected: Dose | None
) -> None:
    assert progress_dose(category, dose) == expected


STEPS_DOWN = [
    (STRETCH, Dose(sets=3, hold_seconds=20), Dose(sets=2, hold_seconds=20)),
    (STRETCH, Dose(sets=2, hold_seconds=20), Dose(sets=2, hold_seconds=15)),
    (STRETCH, Dose(sets=2, hold_seconds=17), Dose(sets=2, hold_seconds=15)),
    (STRETCH, Dose(sets=2, hold_seconds=15), None),
    (STRENGTH, Dose(sets=3, reps=10), Dose(sets=2, reps=10)),
    (STRENGTH, Dose(sets=2, reps=10), Dose(sets=2, reps=8)),
    (STRENGTH, Dose(sets=2, reps=4), Dose(sets=2, reps=3)),
    (STRENGTH, Dose(sets=2, reps=3, hold_seconds=10), Dose(sets=2, reps=3, hold_seconds=8)),
    (STRENGTH, Dose(sets=2, reps=3, hold_seconds=3), None),
    (STRENGTH, Dose(sets=2, reps=3), None),
    (MOBILITY, Dose(sets=2, reps=8), Dose(sets=2, reps=6)),
    (MOBILITY, Dose(sets=2, reps=4), None),
    (Category.RELAXATION, Dose(sets=1, minutes=5), None),
]


@pytest.mark.parametrize(("category", "dose", "expected"), STEPS_DOWN)
def test_a_dose_steps_down_within_the_limits(
    category: Category, dose: Dose, expected: Dose | None
) -> None:
    assert regress_dose(category, dose) == expected


def test_every_library_stretch_stays_within_15_to_30_s_and_2_to_4_reps_when_stepped() -> None:
    for spec in load_library():
        if spec.category is not STRETCH:
            continue
        for step in (progress_dose, regress_dose):
            dose: Dose | None = spec.dose
            while dose is not None:
                assert dose.hold_seconds is not None
                assert STRETCH_HOLD_SECONDS[0] <= dose.hold_seconds <= STRETCH_HOLD_SECONDS[1]
                assert STRETCH_REPETITIONS[0] <= dose.sets <= STRETCH_REPETITIONS[1]
                dose = step(STRETCH, dose)


@pytest.mark.parametrize(
    ("steps", "minutes"),
    [(None, 10), (0, 5), (1999, 5), (2000, 10), (4999, 10), (5000, 12), (7999, 12), (8000, 15)],
)
def test_walking_starts_from_the_steps_a_person_takes_now(steps: int | None, minutes: int) -> None:
    dose, why = starting_walk(steps)
    assert dose == WalkingDose(2, minutes)
    assert why


@pytest.mark.parametrize(
    ("dose", "grown"),
    [
        (WalkingDose(2, 10), WalkingDose(2, 12)),
        (WalkingDose(2, 5), WalkingDose(2, 6)),
        (WalkingDose(2, 14), WalkingDose(2, 15)),
        (WalkingDose(2, 15), WalkingDose(2, 15)),
        (WalkingDose(1, 28), WalkingDose(1, 30)),
        (WalkingDose(3, 10), WalkingDose(3, 10)),
    ],
)
def test_walks_grow_about_15_percent_a_week_up_to_30_minutes_a_day(
    dose: WalkingDose, grown: WalkingDose
) -> None:
    assert grow_walk(dose) == grown


@given(st.integers(1, 4), st.integers(1, 60))
def test_growing_walks_never_passes_the_goal_unless_already_past(bouts: int, minutes: int) -> None:
    dose = WalkingDose(bouts, minutes)
    grown = grow_walk(dose)
    assert grown.bouts == bouts
    assert grown.minutes >= minutes
    if dose.total < WALK_TARGET_MINUTES_PER_DAY:
        assert grown.minutes > minutes
        assert grown.minutes <= max(minutes, -(-WALK_TARGET_MINUTES_PER_DAY // bouts))


@pytest.mark.parametrize(
    ("dose", "shrunk"),
    [(WalkingDose(2, 12), WalkingDose(2, 10)), (WalkingDose(2, 6), WalkingDose(2, 5))],
)
def test_walks_step_back_but_not_below_five_minutes(dose: WalkingDose, shrunk: WalkingDose) -> None:
    assert shrink_walk(dose) == shrunk
    assert shrink_walk(WalkingDose(2, MIN_WALK_MINUTES)).minutes == MIN_WALK_MINUTES


@pytest.mark.parametrize(
    ("budget", "cap"), [(5, 5), (9, 5), (10, 5), (11, 5), (12, 6), (20, 10), (45, 22), (180, 90)]
)
def test_walking_takes_at_most_half_the_budget_but_one_short_walk(budget: int, cap: int) -> None:
    assert walking_cap(budget) == cap


@pytest.mark.parametrize(
    ("dose", "cap", "fitted"),
    [
        (WalkingDose(2, 10), 20, WalkingDose(2, 10)),
        (WalkingDose(2, 10), 19, WalkingDose(1, 10)),
        (WalkingDose(2, 10), 7, WalkingDose(1, 7)),
        (WalkingDose(3, 5), 10, WalkingDose(2, 5)),
        (WalkingDose(2, 10), 4, None),
    ],
)
def test_walks_are_cut_to_fit_fewer_first_then_shorter(
    dose: WalkingDose, cap: int, fitted: WalkingDose | None
) -> None:
    assert fit_walk(dose, cap) == fitted


def test_strength_day_patterns_give_2_to_4_days_never_two_in_a_row() -> None:
    for phase, days in STRENGTH_DAYS_PER_WEEK.items():
        pattern = STRENGTH_DAY_PATTERNS[days]
        assert len(pattern) == days
        if days:
            assert 2 <= days <= 4, phase
        # two weeks back to back: no consecutive day numbers
        numbers = [*pattern, *(7 + d for d in pattern)]
        assert all(b - a >= 2 for a, b in zip(numbers, numbers[1:], strict=False))
