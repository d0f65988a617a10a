"""The plan generator: phase rules, content selection, dosing, time budget and reasons."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_plan_library import BASE, START, make_answers, make_plan, merge
from unknot.content.library import load_library
from unknot.domain.answers import parse_answers
from unknot.domain.plan import (
    Category,
    DayKind,
    NoPlan,
    Phase,
    Plan,
    Position,
    generate_plan,
)
from unknot.domain.plan.dosing import (
    DEFAULT_MINUTES_PER_DAY,
    STRETCH_HOLD_SECONDS,
    STRETCH_REPETITIONS,
)
from unknot.domain.plan.generator import POSTURE_BREAK_EVERY_MINUTES
from unknot.domain.triage import Level, triage
from unknot.errors import InvalidInput

LIBRARY = load_library()


def acute(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return merge(
        {"episode": {"duration_days": 0, "onset": "sudden", "trigger": "lifting"}}, extra or {}
    )


def chronic(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return merge({"episode": {"duration_days": 200}}, extra or {})


def categories(plan: Plan, day_index: int) -> set[Category]:
    return {item.category for item in plan.days[day_index].items()}


# ---- phases in the plan -------------------------------------------------------------------


def test_an_acute_plan_has_no_strengthening_and_no_stretching_for_48_hours() -> None:
    plan = make_plan(acute({"preferences": {"minutes_per_day": 60}}))
    assert [d.phase for d in plan.days[:3]] == [Phase.ACUTE, Phase.ACUTE, Phase.SUBACUTE]
    for day in plan.days[:2]:
        assert not categories(plan, day.number - 1) & {Category.STRENGTH, Category.STRETCH}
        assert Category.RELIEF in categories(plan, day.number - 1)
        assert {r.strategy for r in day.relief} >= {"Heat", "Positions of relief"}
        assert all(bout.minutes == 5 for bout in day.walking)
    assert plan.phase is Phase.ACUTE
    assert "48 hours" in plan.phase_why


def test_after_48_hours_the_plan_steps_up_to_stretching_and_strengthening() -> None:
    plan = make_plan(acute({"preferences": {"minutes_per_day": 60}}))
    later = {item.category for day in plan.days[2:9] for item in day.items()}
    assert {Category.STRETCH, Category.STRENGTH} <= later
    assert not any(day.phase is Phase.ACUTE for day in plan.days[2:])


def test_a_subacute_plan_turns_chronic_when_the_episode_passes_12_weeks() -> None:
    plan = make_plan({"episode": {"duration_days": 80}})
    assert [d.phase for d in plan.days[3:6]] == [Phase.SUBACUTE, Phase.SUBACUTE, Phase.CHRONIC]


# ---- what the person can do ----------------------------------------------------------------


@pytest.mark.parametrize("extra", [acute(), {}, chronic(), chronic({"pain": {"now": 1}})])
def test_no_floor_exercise_when_the_person_cannot_get_on_the_floor(extra: dict[str, Any]) -> None:
    plan = make_plan(merge(extra, {"preferences": {"can_get_on_floor": False}}))
    items = [item for day in plan.days for item in day.items()]
    assert items
    assert all(LIBRARY.get(i.exercise).position is not Position.FLOOR for i in items)
    assert any("floor" in note for note in plan.notes)


@pytest.mark.parametrize(
    "equipment", [[], ["chair"], ["towel"], ["pillow", "table"], ["mat", "step", "cushion"]]
)
def test_only_equipment_the_person_has_is_used(equipment: list[str]) -> None:
    plan = make_plan(chronic({"preferences": {"equipment": equipment, "minutes_per_day": 90}}))
    for day in plan.days:
        for item in day.items():
            assert LIBRARY.get(item.exercise).needs() <= set(equipment), item.exercise


def test_no_mat_is_needed_and_the_plan_says_so() -> None:
    plan = make_plan({"preferences": {"equipment": []}})
    assert any("carpet" in note for note in plan.notes)
    assert any("did not list any equipment" in note for note in plan.notes)
    with_mat = make_plan({"preferences": {"equipment": ["mat", "chair"]}})
    assert not any("carpet" in note for note in with_mat.notes)


# ---- contributors --------------------------------------------------------------------------

# (answers that give the contributor, targets and categories its exercises must have, its title)
CONTRIBUTORS: list[tuple[dict[str, Any], set[str], set[Category], str]] = [
    (
        {"self_tests": {"forward_bend_reach": "knees"}},
        {"hamstrings"},
        {Category.STRETCH},
        "Tight hamstrings",
    ),
    (
        {"self_tests": {"hip_flexor_test": "tight"}},
        {"hip flexors"},
        {Category.STRETCH},
        "Tight hip flexors",
    ),
    (
        {"lifestyle": {"sitting_hours_per_day": 9}, "self_tests": {"hip_flexor_test": "normal"}},
        {"hip flexors", "lower back", "back extensors"},
        {Category.STRETCH, Category.POSTURE},
        "Long periods of sitting",
    ),
    (
        {"self_tests": {"plank_seconds": 10}},
        {"deep abdominal muscles"},
        {Category.STRENGTH, Category.MOBILITY},
        "A trunk that tires quickly (weak core)",
    ),
    (
        {
            "startback": {f"q{i}": "disagree" for i in range(1, 5)}
            | {f"q{i}": "agree" for i in range(5, 9)}
            | {"q9": "extremely"}
        },
        set(),
        {Category.RELAXATION},
        "Stress, worry and low mood",
    ),
]


@pytest.mark.parametrize(("extra", "targets", "kinds", "title"), CONTRIBUTORS)
def test_each_contributor_brings_matching_exercises_with_a_reason_naming_it(
    extra: dict[str, Any], targets: set[str], kinds: set[Category], title: str
) -> None:
    plan = make_plan(merge(extra, {"preferences": {"minutes_per_day": 60}}))
    assert title in {c.title for c in plan.context.triage.contributors}
    chosen_for_it = [
        item for day in plan.days for item in day.items() if item.why.startswith(title)
    ]
    assert chosen_for_it
    for item in chosen_for_it:
        spec = LIBRARY.get(item.exercise)
        assert spec.category in kinds, item.exercise
        assert not targets or spec.targets_any(targets), item.exercise


def test_prolonged_sitting_brings_a_posture_break_every_30_minutes() -> None:
    sitting = make_plan({"lifestyle": {"sitting_hours_per_day": 6}})
    assert {d.posture_break_every_minutes for d in sitting.days} == {POSTURE_BREAK_EVERY_MINUTES}
    assert all("6 hours" in (d.posture_break_why or "") for d in sitting.days)
    standing = make_plan({"lifestyle": {"sitting_hours_per_day": 5.5}})
    assert {d.posture_break_every_minutes for d in standing.days} == {None}


def test_one_stretch_serves_two_contributors_and_gives_both_reasons() -> None:
    plan = make_plan(
        {
            "self_tests": {"hip_flexor_test": "tight"},
            "lifestyle": {"sitting_hours_per_day": 8},
            "preferences": {"minutes_per_day": 60},
        }
    )
    day = plan.days[0]
    hip = [i for i in day.items() if LIBRARY.get(i.exercise).targets_any({"hip flexors"})]
    assert len([i for i in hip if i.category is Category.STRETCH]) == 1
    assert "Tight hip flexors" in hip[0].why and "long periods of sitting" in hip[0].why


def test_nerve_root_irritation_leaves_out_hamstring_stretches_and_cautions() -> None:
    plan = make_plan(
        {
            "self_tests": {"forward_bend_reach": "knees"},
            "legs": {"pain_or_numbness": "one_leg", "below_knee": True},
            "preferences": {"minutes_per_day": 60},
        }
    )
    for day in plan.days:
        for item in day.items():
            spec = LIBRARY.get(item.exercise)
            assert not (spec.category is Category.STRETCH and "hamstrings" in spec.targets)
    assert any("pull on the nerve" in note for note in plan.notes)
    assert any("does not pull on the nerve" in i.why for d in plan.days for i in d.items())
    assert "nhs-sciatica" in plan.references


def test_an_inflammatory_pattern_brings_daily_mobility() -> None:
    answers = {
        "age": 30,
        "episode": {"onset": "gradual", "duration_days": 200, "age_at_first_onset": 28},
        "inflammatory": {
            "morning_stiffness_minutes": 60,
            "improves_with_exercise": True,
            "improves_with_rest": False,
            "wakes_second_half_of_night": True,
            "night_pain_improves_on_getting_up": True,
            "buttock_pain": "alternating",
        },
        "preferences": {"minutes_per_day": 40},
    }
    plan = make_plan(answers)
    assert plan.triage_level is Level.SEE_CLINICIAN_SOON
    for day in plan.days:
        mobility = [i for i in day.items() if "inflammatory pattern" in i.why]
        assert mobility and {i.category for i in mobility} <= {Category.MOBILITY, Category.STRETCH}
    assert plan.notes[0] == triage(make_answers(answers)).headline


# ---- dosing ---------------------------------------------------------------------------------


def test_stretches_hold_15_to_30_s_for_2_to_4_reps_and_every_item_has_reasons() -> None:
    plan = make_plan(
        chronic(
            {"self_tests": {"forward_bend_reach": "thighs"}, "preferences": {"minutes_per_day": 90}}
        )
    )
    stretches = [i for d in plan.days for i in d.items() if i.category is Category.STRETCH]
    assert stretches
    for item in stretches:
        assert item.dose.hold_seconds is not None and item.dose.reps is None
        assert STRETCH_HOLD_SECONDS[0] <= item.dose.hold_seconds <= STRETCH_HOLD_SECONDS[1]
        assert STRETCH_REPETITIONS[0] <= item.dose.sets <= STRETCH_REPETITIONS[1]
        assert "15-30 s" in item.dose_why


@pytest.mark.parametrize(
    ("extra", "per_week"),
    [
        ({}, 2),
        (chronic(), 3),
        (chronic({"pain": {"now": 1}, "episode": {"trend": "improving"}}), 3),
    ],
)
def test_strengthening_is_on_2_to_4_days_a_week_never_two_days_running(
    extra: dict[str, Any], per_week: int
) -> None:
    plan = make_plan(merge(extra, {"preferences": {"minutes_per_day": 60}}))
    for week in plan.weeks:
        days = [d for d in week.days if any(i.category is Category.STRENGTH for i in d.items())]
        assert len(days) == per_week
        assert all(d.strength_day for d in days)
    numbers = [d.number for d in plan.days if d.strength_day]
    assert all(b - a >= 2 for a, b in zip(numbers, numbers[1:], strict=False))


def test_walking_starts_at_10_minutes_twice_a_day_without_step_data() -> None:
    plan = make_plan({"preferences": {"minutes_per_day": 45}})
    assert [b.minutes for b in plan.days[0].walking] == [10, 10]
    assert "did not say how many steps" in plan.days[0].walking[0].why


def test_walking_starts_from_steps_and_grows_week_by_week_in_the_projection() -> None:
    plan = make_plan({"lifestyle": {"steps_per_day": 6000}, "preferences": {"minutes_per_day": 60}})
    per_week = [week.days[0].walking[0].minutes for week in plan.weeks]
    assert per_week == [12, 14, 15, 15]
    assert [w.provisional for w in plan.weeks] == [False, True, True, True]


def test_a_small_budget_shortens_walking_and_says_so() -> None:
    plan = make_plan({"preferences": {"minutes_per_day": 20}})
    assert [b.minutes for b in plan.days[0].walking] == [10]
    assert any("Walks are limited to 10 minutes" in note for note in plan.notes)


def test_too_little_time_drops_the_lowest_priority_items_and_says_which() -> None:
    roomy = make_plan(chronic({"preferences": {"minutes_per_day": 120}}))
    tight = make_plan(chronic({"preferences": {"minutes_per_day": 12}}))
    assert tight.days[0].left_out
    kept = tight.days[0].exercise_ids()
    assert set(kept) < set(roomy.days[0].exercise_ids())
    note = next(n for n in tight.notes if n.startswith("Not enough time"))
    assert LIBRARY.get(tight.days[0].left_out[0]).name in note


def test_the_default_budget_is_20_minutes_and_the_plan_says_so() -> None:
    data = merge(BASE, {})
    data["preferences"] = {"can_get_on_floor": True, "equipment": ["chair"]}
    answers, _ = parse_answers(data)
    plan = generate_plan(answers, triage(answers), LIBRARY, START)
    assert plan.minutes_per_day == DEFAULT_MINUTES_PER_DAY
    assert all(day.total_minutes <= DEFAULT_MINUTES_PER_DAY for day in plan.days)
    assert any("uses 20" in note for note in plan.notes)


# ---- safety and determinism ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        ({"red_flags": {"new_bladder_change": True}}, Level.EMERGENCY),
        ({"legs": {"weakness": "both_legs"}}, Level.EMERGENCY),
        ({"red_flags": {"fever": True}}, Level.URGENT),
        ({"pain": {"between_shoulder_blades": True}}, Level.URGENT),
    ],
)
def test_emergency_and_urgent_triage_make_no_plan(extra: dict[str, Any], level: Level) -> None:
    with pytest.raises(NoPlan) as raised:
        make_plan(extra)
    assert raised.value.triage.level is level
    assert raised.value.as_json()["plan_allowed"] is False
    assert raised.value.as_json()["actions"]


def test_a_plan_cannot_start_before_the_assessment() -> None:
    with pytest.raises(InvalidInput) as raised:
        make_plan(start=START, today=START + dt.timedelta(days=1))
    assert raised.value.field == "start"


def test_the_same_input_gives_the_identical_plan_json() -> None:
    extra = {"self_tests": {"forward_bend_reach": "knees", "plank_seconds": 5}}
    first = json.dumps(make_plan(extra).as_json(), sort_keys=True)
    second = json.dumps(make_plan(extra).as_json(), sort_keys=True)
    assert first == second


def test_a_library_given_as_a_list_gives_the_same_plan() -> None:
    answers = make_answers()
    plan = generate_plan(answers, triage(answers), list(LIBRARY), START)
    assert plan.as_json() == make_plan().as_json()


# ---- properties over random answers -----------------------------------------------------------

EQUIPMENT = ["mat", "chair", "towel", "pillow", "table", "step", "wall", "cushion"]

answers_data = st.fixed_dictionaries(
    {
        "age": st.integers(16, 90),
        "episode": st.fixed_dictionaries(
            {
                "duration_days": st.one_of(st.none(), st.integers(0, 400)),
                "first_episode": st.booleans(),
                "trend": st.sampled_from(["improving", "same", "worse"]),
                "onset": st.sampled_from(["sudden", "gradual"]),
                "trigger": st.sampled_from(["lifting", "none", "gardening", "sleeping_position"]),
            }
        ),
        "pain": st.fixed_dictionaries({"now": st.integers(0, 10)}),
        "legs": st.fixed_dictionaries(
            {"pain_or_numbness": st.sampled_from(["none", "one_leg"]), "below_knee": st.booleans()}
        ),
        "lifestyle": st.fixed_dictionaries(
            {
                "sitting_hours_per_day": st.one_of(st.none(), st.integers(0, 14)),
                "steps_per_day": st.one_of(st.none(), st.integers(0, 20000)),
                "work": st.sampled_from(["desk", "manual", "none"]),
                "exercise_sessions_per_week": st.integers(0, 5),
            }
        ),
        "self_tests": st.fixed_dictionaries(
            {
                "forward_bend_reach": st.sampled_from(["floor", "shins", "knees", "not_done"]),
                "hip_flexor_test": st.sampled_from(["tight", "normal", "not_done"]),
                "plank_seconds": st.one_of(st.none(), st.integers(0, 120)),
            }
        ),
        "preferences": st.fixed_dictionaries(
            {
                "minutes_per_day": st.integers(5, 180),
                "can_get_on_floor": st.booleans(),
                "equipment": st.lists(st.sampled_from(EQUIPMENT), unique=True),
            }
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_data, st.integers(0, 10))
def test_every_plan_keeps_every_rule_for_any_answers(data: dict[str, Any], delay: int) -> None:
    answers, _ = parse_answers(data)
    result = triage(answers)
    start = START + dt.timedelta(days=delay)
    if not result.plan_allowed:
        with pytest.raises(NoPlan):
            generate_plan(answers, result, LIBRARY, start, today=START)
        return
    plan = generate_plan(answers, result, LIBRARY, start, today=START)
    budget = data["preferences"]["minutes_per_day"]
    floor = data["preferences"]["can_get_on_floor"]
    equipment = set(data["preferences"]["equipment"])
    assert len(plan.days) == 28
    assert [d.date for d in plan.days] == [start + dt.timedelta(days=i) for i in range(28)]
    for day in plan.days:
        assert day.total_minutes <= budget
        assert day.kind is DayKind.PLAN
        assert day.walking_minutes <= budget
        for item in day.items():
            spec = LIBRARY.get(item.exercise)
            assert item.why and item.dose_why
            assert day.phase in spec.phases or day.phase is not Phase.ACUTE
            assert floor or spec.position is not Position.FLOOR
            assert spec.needs() <= equipment
            if day.phase is Phase.ACUTE:
                assert spec.category not in {Category.STRENGTH, Category.STRETCH}
            if spec.category is Category.STRENGTH:
                assert day.strength_day
        assert all(b.why for b in day.walking)
        assert all(r.why for r in day.relief)
    for week in plan.weeks:
        strength = sum(d.strength_day for d in week.days)
        assert strength in (0, 2, 3)
    numbers = [d.number for d in plan.days if d.strength_day]
    assert all(b - a >= 2 for a, b in zip(numbers, numbers[1:], strict=False))
    assert plan.as_json() == generate_plan(answers, result, LIBRARY, start, today=START).as_json()


def _built_one_by_one(plan: Any) -> list[Any]:
    """Every day of ``plan`` built on its own, without the picks and alike days a week shares."""
    from unknot.domain.plan.generator import build_day, setup_of, strength_pattern

    ctx = plan.context
    setup = setup_of(ctx)
    days = []
    for week in plan.weeks:
        pattern = strength_pattern(ctx, week.progression, week.start)
        for i, day in enumerate(week.days):
            days.append(build_day(ctx, setup, week.progression, day.date, i in pattern, day.number))
    return days


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"episode": {"duration_days": 0}},
        {"episode": {"duration_days": 1}},
        {"episode": {"duration_days": 200}},
        {"preferences": {"can_get_on_floor": False}},
    ],
)
def test_days_shared_within_a_week_are_the_days_built_one_by_one(extra: dict[str, Any]) -> None:
    from unknot.domain.plan import check_flare, review_week
    from unknot.domain.records import DiaryDay, PainEntry

    plan = make_plan(extra)
    assert [d.as_json() for d in plan.days] == [d.as_json() for d in _built_one_by_one(plan)]
    plan = review_week(plan, 1, [], [], today=START + dt.timedelta(days=7)).plan
    flare_day = START + dt.timedelta(days=9)
    diary = [DiaryDay(date=flare_day, pain=(PainEntry(date=flare_day, pain=10),))]
    flare = check_flare(diary, plan, flare_day)
    if flare is not None:
        plan = flare.plan
    assert [d.as_json() for d in plan.days] == [d.as_json() for d in _built_one_by_one(plan)]
    assert len({d.date for d in plan.days}) == len(plan.days) == 28


def test_people_alike_but_for_the_wording_of_their_reasons_share_a_selection_not_the_words() -> (
    None
):
    from unknot.domain.plan import Library

    def sitting(hours: int, library: Any) -> Plan:
        answers = make_answers({"lifestyle": {"sitting_hours_per_day": hours}})
        return generate_plan(answers, triage(answers), library, START)

    kept = Library(list(LIBRARY))
    eight, ten = sitting(8, kept), sitting(10, kept)
    assert len(kept.derived["selections"]) > 0
    # The same exercises on every day, each person's reasons in their own words...
    assert [d.exercise_ids() for d in eight.days] == [d.exercise_ids() for d in ten.days]
    whys = [" ".join(i.why for i in d.items()) for d in eight.days + ten.days]
    assert "8 hours a day" in whys[0] and "10 hours" not in whys[0]
    assert "10 hours a day" in whys[-1] and "8 hours" not in whys[-1]
    # ... and exactly the plans made with nothing kept.
    assert ten.as_json() == sitting(10, Library(list(LIBRARY))).as_json()
    assert eight.as_json() == sitting(8, Library(list(LIBRARY))).as_json()


def test_a_library_keeps_a_bounded_number_of_selections(monkeypatch: pytest.MonkeyPatch) -> None:
    from unknot.domain.plan import Library, generator

    monkeypatch.setattr(generator, "SELECTIONS_KEPT", 2)
    kept = Library(list(LIBRARY))
    plan = make_plan_with(kept, acute())  # three selections: relief, strength and other days
    assert 0 < len(kept.derived["selections"]) <= 2
    assert plan.as_json() == make_plan_with(Library(list(LIBRARY)), acute()).as_json()


def make_plan_with(library: Any, extra: dict[str, Any]) -> Plan:
    answers = make_answers(extra)
    return generate_plan(answers, triage(answers), library, START)


def test_a_library_keeps_a_bounded_number_of_doses_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from unknot.domain.plan import Library, generator

    kept = Library(list(LIBRARY))
    plan = make_plan_with(kept, acute())
    dosings = kept.derived["dosings"]
    # One entry per (exercise, dose) in the plan, each the minutes and words its items show.
    items = {
        (i.exercise, i.dose): (i.estimated_minutes, i.dose_why)
        for d in plan.days
        for i in d.items()
    }
    assert dosings == items
    monkeypatch.setattr(generator, "DOSINGS_KEPT", 2)
    bounded = Library(list(LIBRARY))
    again = make_plan_with(bounded, acute())
    assert 0 < len(bounded.derived["dosings"]) <= 2 < len(items)
    assert again.as_json() == plan.as_json()
