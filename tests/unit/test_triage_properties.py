"""Properties that hold for any valid answers: no crash, red flags never lower the level,
the same answers always give the same result."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.domain.answers import parse_answers
from unknot.domain.triage import RULES, Level, triage

RED_FLAG_BOOLS = [
    "new_bladder_change",
    "new_bowel_change",
    "saddle_numbness",
    "new_sexual_dysfunction",
    "major_trauma",
    "minor_trauma",
    "chest_pain",
    "sudden_severe_back_and_abdominal_pain",
    "collapse_or_fainting",
    "fever",
    "feels_very_unwell",
    "unexplained_weight_loss",
    "lump_or_change_in_shape",
    "night_pain_not_eased_by_rest",
]
HISTORY_BOOLS = [
    "cancer",
    "osteoporosis",
    "long_term_steroids",
    "immunosuppressed",
    "injects_drugs",
    "recent_bacterial_infection",
    "psoriasis",
    "inflammatory_bowel_disease",
    "uveitis",
    "relative_with_spondyloarthritis",
    "smoker",
]
TRIGGERS = [
    "lifting",
    "twisting",
    "bending",
    "exercise",
    "gardening",
    "prolonged_sitting",
    "sleeping_position",
    "coughing_or_sneezing",
    "minor_fall_or_bump",
    "road_traffic_collision",
    "fall_from_height",
    "none",
    "other",
]
LEGS = ["none", "one_leg", "both_legs"]


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def bools(names: list[str]) -> st.SearchStrategy[dict[str, bool]]:
    return st.dictionaries(st.sampled_from(names), st.booleans(), max_size=len(names))


def drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(st.integers(16, 120))
    data: dict[str, Any] = {"age": age}
    if draw(st.booleans()):
        data["sex"] = draw(st.sampled_from(["female", "male", "other", None]))
    if draw(st.booleans()):
        data["episode"] = drop_none(
            {
                "onset": draw(optional(st.sampled_from(["sudden", "gradual"]))),
                "trigger": draw(optional(st.sampled_from(TRIGGERS))),
                "duration_days": draw(optional(st.integers(0, 5000))),
                "trend": draw(optional(st.sampled_from(["improving", "same", "worse"]))),
                "first_episode": draw(st.booleans()),
                "age_at_first_onset": draw(optional(st.integers(0, age))),
                "stopping_daily_activities": draw(st.booleans()),
                "previously_assessed_by_clinician": draw(st.booleans()),
            }
        )
    if draw(st.booleans()):
        data["pain"] = {
            "now": draw(st.integers(0, 10)),
            "worst_24h": draw(st.integers(0, 10)),
            "between_shoulder_blades": draw(st.booleans()),
        }
    if draw(st.booleans()):
        data["legs"] = {
            "pain_or_numbness": draw(st.sampled_from(LEGS)),
            "below_knee": draw(st.booleans()),
            "weakness": draw(st.sampled_from(LEGS)),
            "weakness_getting_worse": draw(st.booleans()),
            "difficulty_walking": draw(st.booleans()),
        }
    if draw(st.booleans()):
        flags: dict[str, Any] = draw(bools(RED_FLAG_BOOLS))
        flags["temperature_c"] = draw(optional(st.floats(34.0, 42.0)))
        data["red_flags"] = flags
    if draw(st.booleans()):
        data["history"] = draw(bools(HISTORY_BOOLS))
    if draw(st.booleans()):
        data["inflammatory"] = {
            "morning_stiffness_minutes": draw(st.integers(0, 240)),
            "improves_with_exercise": draw(st.booleans()),
            "improves_with_rest": draw(st.booleans()),
            "wakes_second_half_of_night": draw(st.booleans()),
            "night_pain_improves_on_getting_up": draw(st.booleans()),
            "buttock_pain": draw(
                st.sampled_from(["none", "one_side", "both_sides", "alternating"])
            ),
            "improves_within_48h_of_nsaid": draw(st.booleans()),
        }
    if draw(st.booleans()):
        items = {f"q{i}": draw(st.sampled_from(["agree", "disagree"])) for i in range(1, 9)}
        items["q9"] = draw(
            st.sampled_from(["not_at_all", "slightly", "moderately", "very_much", "extremely"])
        )
        data["startback"] = items
    if draw(st.booleans()):
        data["lifestyle"] = {
            "sitting_hours_per_day": draw(st.integers(0, 16)),
            "steps_per_day": draw(st.integers(0, 30000)),
            "work": draw(st.sampled_from(["desk", "standing", "manual", "mixed", "none"])),
            "exercise_sessions_per_week": draw(st.integers(0, 14)),
        }
    if draw(st.booleans()):
        data["self_tests"] = {
            "forward_bend_reach": draw(
                st.sampled_from(["floor", "ankles", "shins", "knees", "thighs", "not_done"])
            ),
            "hip_flexor_test": draw(st.sampled_from(["tight", "normal", "not_done"])),
            "plank_seconds": draw(optional(st.integers(0, 300))),
        }
    return data


# Each entry: (where, what) that on its own fires an emergency or urgent rule.
RED_FLAG_EDITS: list[tuple[str, str, Any, Level]] = [
    ("red_flags", "new_bladder_change", True, Level.EMERGENCY),
    ("red_flags", "new_bowel_change", True, Level.EMERGENCY),
    ("red_flags", "saddle_numbness", True, Level.EMERGENCY),
    ("red_flags", "new_sexual_dysfunction", True, Level.EMERGENCY),
    ("red_flags", "major_trauma", True, Level.EMERGENCY),
    ("red_flags", "chest_pain", True, Level.EMERGENCY),
    ("red_flags", "sudden_severe_back_and_abdominal_pain", True, Level.EMERGENCY),
    ("red_flags", "collapse_or_fainting", True, Level.EMERGENCY),
    ("legs", "pain_or_numbness", "both_legs", Level.EMERGENCY),
    ("legs", "weakness", "both_legs", Level.EMERGENCY),
    ("legs", "difficulty_walking", True, Level.EMERGENCY),
    ("red_flags", "fever", True, Level.URGENT),
    ("red_flags", "unexplained_weight_loss", True, Level.URGENT),
    ("red_flags", "lump_or_change_in_shape", True, Level.URGENT),
    ("red_flags", "night_pain_not_eased_by_rest", True, Level.URGENT),
    ("pain", "between_shoulder_blades", True, Level.URGENT),
]


def with_flag(data: dict[str, Any], block: str, field: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.setdefault(block, {})[field] = value
    if block == "legs" and field == "weakness" and value == "both_legs":
        out[block].pop("weakness_getting_worse", None)
    return out


@settings(max_examples=300, deadline=None)
@given(answers())
def test_no_valid_answers_crash_the_engine(data: dict[str, Any]) -> None:
    parsed, warnings = parse_answers(data)
    assert warnings == []
    result = triage(parsed).as_json()
    assert result["level"] in {level.value for level in Level}
    assert result["rules"]
    assert result["safety_net"]
    json.dumps(result)


@settings(max_examples=300, deadline=None)
@given(answers(), st.sampled_from(RED_FLAG_EDITS))
def test_adding_any_red_flag_never_lowers_the_level(
    data: dict[str, Any], edit: tuple[str, str, Any, Level]
) -> None:
    block, field, value, floor = edit
    before = triage(parse_answers(data)[0]).level
    after = triage(parse_answers(with_flag(data, block, field, value))[0]).level
    assert after.rank >= before.rank
    assert after.rank >= floor.rank


@settings(max_examples=200, deadline=None)
@given(answers(), st.sampled_from([r.id for r in RULES]))
def test_the_result_is_deterministic(data: dict[str, Any], _: str) -> None:
    first = triage(parse_answers(data)[0]).as_json()
    second = triage(parse_answers(copy.deepcopy(data))[0]).as_json()
    assert first == second
