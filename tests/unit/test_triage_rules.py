"""Every triage rule of clinical reference section 1, with the answers that fire it and the
near misses that must not."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import missing_infrastructure
from unknot.domain.answers import parse_answers
from unknot.domain.triage import RULES, SM_NONE, Level, triage

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "clinical-reference.md"


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def run(extra: dict[str, Any], age: int = 40) -> tuple[Level, list[str]]:
    answers, warnings = parse_answers(merge({"age": age}, extra))
    assert warnings == []
    result = triage(answers)
    return result.level, result.rules


CHECKED_LONG_STANDING = {
    "episode": {"duration_days": 400, "trend": "same", "previously_assessed_by_clinician": True}
}

AXSPA_ASAS = {
    "episode": {"onset": "gradual", "duration_days": 200},
    "inflammatory": {
        "improves_with_exercise": True,
        "improves_with_rest": False,
        "night_pain_improves_on_getting_up": True,
    },
}

AXSPA_NG65_THREE = {
    "episode": {"onset": "sudden", "duration_days": 200},
    "inflammatory": {
        "improves_with_rest": True,
        "wakes_second_half_of_night": True,
        "buttock_pain": "one_side",
    },
    "history": {"psoriasis": True},
}

HIGH_DISTRESS = {
    "startback": {
        "q1": "disagree",
        "q2": "disagree",
        "q3": "disagree",
        "q4": "disagree",
        "q5": "agree",
        "q6": "agree",
        "q7": "agree",
        "q8": "agree",
        "q9": "moderately",
    }
}

# (rule id, age, extra answers): each row must fire exactly that rule among others.
FIRES: list[tuple[str, int, dict[str, Any]]] = [
    ("E-CES-BLADDER", 40, {"red_flags": {"new_bladder_change": True}}),
    ("E-CES-BOWEL", 40, {"red_flags": {"new_bowel_change": True}}),
    ("E-CES-SADDLE", 40, {"red_flags": {"saddle_numbness": True}}),
    ("E-CES-BILATERAL-LEG", 40, {"legs": {"pain_or_numbness": "both_legs"}}),
    ("E-CES-BILATERAL-LEG", 40, {"legs": {"weakness": "both_legs"}}),
    ("E-CES-BILATERAL-LEG", 40, {"legs": {"difficulty_walking": True}}),
    ("E-CES-SEXUAL", 40, {"red_flags": {"new_sexual_dysfunction": True}}),
    ("E-TRAUMA-MAJOR", 40, {"red_flags": {"major_trauma": True}}),
    ("E-TRAUMA-MAJOR", 40, {"episode": {"trigger": "road_traffic_collision"}}),
    ("E-TRAUMA-MAJOR", 40, {"episode": {"trigger": "fall_from_height"}}),
    ("E-CHEST-PAIN", 40, {"red_flags": {"chest_pain": True}}),
    ("E-AAA", 70, {"red_flags": {"sudden_severe_back_and_abdominal_pain": True}}),
    ("E-AAA", 40, {"red_flags": {"collapse_or_fainting": True}}),
    ("E-SEPSIS", 40, {"red_flags": {"fever": True, "feels_very_unwell": True}}),
    ("E-SEPSIS", 40, {"red_flags": {"temperature_c": 38.0, "feels_very_unwell": True}}),
    ("U-FEVER", 40, {"red_flags": {"fever": True}}),
    ("U-FEVER", 40, {"red_flags": {"temperature_c": 38.0}}),
    ("U-INFECTION-RISK", 40, {"history": {"injects_drugs": True}}),
    ("U-INFECTION-RISK", 40, {"history": {"immunosuppressed": True}}),
    ("U-INFECTION-RISK", 40, {"history": {"recent_bacterial_infection": True}}),
    (
        "U-INFECTION-RISK",
        40,
        merge(
            CHECKED_LONG_STANDING,
            {"history": {"immunosuppressed": True}, "red_flags": {"fever": True}},
        ),
    ),
    ("U-WEIGHT-LOSS", 40, {"red_flags": {"unexplained_weight_loss": True}}),
    ("U-NG12-AGE60-WEIGHTLOSS", 60, {"red_flags": {"unexplained_weight_loss": True}}),
    ("U-LUMP-DEFORMITY", 40, {"red_flags": {"lump_or_change_in_shape": True}}),
    ("U-NIGHT-REST-PAIN", 40, {"red_flags": {"night_pain_not_eased_by_rest": True}}),
    ("U-CANCER-HISTORY", 40, {"history": {"cancer": True}}),
    (
        "U-CANCER-HISTORY",
        40,
        {"history": {"cancer": True}, "episode": {"duration_days": 400, "trend": "same"}},
    ),
    (
        "U-CANCER-HISTORY",
        40,
        merge(CHECKED_LONG_STANDING, {"history": {"cancer": True}, "episode": {"trend": "worse"}}),
    ),
    (
        "U-FRACTURE-FRAGILITY",
        40,
        {"red_flags": {"minor_trauma": True}, "history": {"osteoporosis": True}},
    ),
    (
        "U-FRACTURE-FRAGILITY",
        40,
        {"episode": {"trigger": "minor_fall_or_bump"}, "history": {"long_term_steroids": True}},
    ),
    ("U-FRACTURE-FRAGILITY", 65, {"episode": {"onset": "sudden", "trigger": "lifting"}}),
    (
        "U-FRACTURE-FRAGILITY",
        70,
        {"episode": {"onset": "sudden", "trigger": "coughing_or_sneezing"}},
    ),
    ("U-NEURO-UNILATERAL-PROGRESSIVE", 40, {"legs": {"weakness": "one_leg"}}),
    ("U-NEURO-UNILATERAL-PROGRESSIVE", 40, {"legs": {"weakness_getting_worse": True}}),
    ("U-THORACIC", 40, {"pain": {"between_shoulder_blades": True}}),
    ("S-NOT-IMPROVING", 40, {"episode": {"trend": "worse"}}),
    ("S-NOT-IMPROVING", 40, {"episode": {"duration_days": 21, "trend": "same"}}),
    ("S-NOT-IMPROVING", 40, {"episode": {"stopping_daily_activities": True}}),
    ("S-NOT-IMPROVING", 40, {"startback": {"q6": "agree", "q7": "agree"}}),
    (
        "S-SCIATICA-NOT-IMPROVING",
        40,
        {
            "legs": {"pain_or_numbness": "one_leg"},
            "episode": {"duration_days": 21, "trend": "same"},
        },
    ),
    ("S-SCIATICA-NOT-IMPROVING", 40, {"legs": {"below_knee": True}, "episode": {"trend": "worse"}}),
    ("S-AXSPA", 30, AXSPA_ASAS),
    ("S-AXSPA", 40, AXSPA_NG65_THREE),
    ("S-STARTBACK-HIGH", 40, HIGH_DISTRESS),
    ("S-AGE-NEW-ONSET", 51, {"episode": {"first_episode": True}}),
    ("S-AGE-NEW-ONSET", 70, {"episode": {"age_at_first_onset": 70}}),
]

# (rule id, age, extra answers): near misses that must NOT fire the rule.
DOES_NOT_FIRE: list[tuple[str, int, dict[str, Any]]] = [
    ("E-CES-BILATERAL-LEG", 40, {"legs": {"pain_or_numbness": "one_leg", "weakness": "one_leg"}}),
    ("E-SEPSIS", 40, {"red_flags": {"feels_very_unwell": True}}),
    ("E-SEPSIS", 40, {"red_flags": {"temperature_c": 37.9, "feels_very_unwell": True}}),
    ("U-FEVER", 40, {"red_flags": {"temperature_c": 37.9}}),
    (
        "U-INFECTION-RISK",
        40,
        merge(CHECKED_LONG_STANDING, {"history": {"immunosuppressed": True}}),
    ),
    ("U-NG12-AGE60-WEIGHTLOSS", 59, {"red_flags": {"unexplained_weight_loss": True}}),
    ("U-CANCER-HISTORY", 40, merge(CHECKED_LONG_STANDING, {"history": {"cancer": True}})),
    ("U-FRACTURE-FRAGILITY", 64, {"episode": {"onset": "sudden", "trigger": "lifting"}}),
    (
        "U-FRACTURE-FRAGILITY",
        40,
        {"episode": {"onset": "gradual", "trigger": "lifting"}, "history": {"osteoporosis": True}},
    ),
    ("U-FRACTURE-FRAGILITY", 40, {"history": {"osteoporosis": True, "long_term_steroids": True}}),
    ("U-NEURO-UNILATERAL-PROGRESSIVE", 40, {"legs": {"pain_or_numbness": "one_leg"}}),
    ("S-NOT-IMPROVING", 40, {"episode": {"duration_days": 20, "trend": "same"}}),
    ("S-NOT-IMPROVING", 40, {"episode": {"duration_days": 60, "trend": "improving"}}),
    ("S-NOT-IMPROVING", 40, {"startback": {"q6": "agree", "q7": "disagree"}}),
    (
        "S-SCIATICA-NOT-IMPROVING",
        40,
        {
            "legs": {"pain_or_numbness": "one_leg"},
            "episode": {"duration_days": 20, "trend": "same"},
        },
    ),
    (
        "S-SCIATICA-NOT-IMPROVING",
        40,
        {
            "legs": {"pain_or_numbness": "one_leg"},
            "episode": {"duration_days": 35, "trend": "improving"},
        },
    ),
    ("S-AXSPA", 30, merge(AXSPA_ASAS, {"episode": {"duration_days": 91}})),
    (
        "S-AXSPA",
        40,
        merge(AXSPA_NG65_THREE, {"history": {"psoriasis": False}}),
    ),
    ("S-STARTBACK-HIGH", 40, merge(HIGH_DISTRESS, {"startback": {"q8": "disagree"}})),
    ("S-AGE-NEW-ONSET", 50, {"episode": {"first_episode": True}}),
    ("S-AGE-NEW-ONSET", 60, {"episode": {"first_episode": False, "age_at_first_onset": 35}}),
]


@pytest.mark.parametrize(("rule_id", "age", "extra"), FIRES)
def test_rule_fires_on_its_answers_at_its_level(
    rule_id: str, age: int, extra: dict[str, Any]
) -> None:
    level, rules = run(extra, age)
    assert rule_id in rules
    expected = next(r.level for r in RULES if r.id == rule_id)
    assert level.rank >= expected.rank


@pytest.mark.parametrize(("rule_id", "age", "extra"), DOES_NOT_FIRE)
def test_rule_does_not_fire_on_a_near_miss(rule_id: str, age: int, extra: dict[str, Any]) -> None:
    _, rules = run(extra, age)
    assert rule_id not in rules


def test_every_rule_has_a_firing_case() -> None:
    assert {r.id for r in RULES} == {case[0] for case in FIRES}


def test_no_answers_beyond_age_self_manage_with_sm_none() -> None:
    assert run({}) == (Level.SELF_MANAGE, [SM_NONE])


def test_high_pain_intensity_alone_is_not_a_red_flag() -> None:
    assert run({"pain": {"now": 10, "worst_24h": 10}}) == (Level.SELF_MANAGE, [SM_NONE])


def test_unchanged_long_standing_bladder_symptoms_are_not_asked_as_ces() -> None:
    # The question asks for NEW changes only; the field is false when symptoms are not new.
    assert run({"red_flags": {"new_bladder_change": False}})[0] == Level.SELF_MANAGE


def test_the_highest_level_wins_and_every_fired_rule_is_listed() -> None:
    level, rules = run(
        {
            "red_flags": {"saddle_numbness": True, "unexplained_weight_loss": True},
            "episode": {"trend": "worse"},
        }
    )
    assert level == Level.EMERGENCY
    assert rules[0] == "E-CES-SADDLE"
    assert {"E-CES-SADDLE", "U-WEIGHT-LOSS", "S-NOT-IMPROVING"} <= set(rules)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"episode": {"trend": "worse"}},
        {"red_flags": {"fever": True}},
        {"red_flags": {"saddle_numbness": True}},
    ],
)
def test_safety_net_is_always_shown_and_names_cauda_equina_signs(extra: dict[str, Any]) -> None:
    answers, _ = parse_answers(merge({"age": 40}, extra))
    result = triage(answers)
    text = " ".join(result.safety_net)
    assert "bladder or bowel" in text
    assert "genitals" in text
    assert "999, 112, 911" in text


def test_emergency_actions_say_to_call_the_local_emergency_number() -> None:
    answers, _ = parse_answers({"age": 40, "red_flags": {"saddle_numbness": True}})
    result = triage(answers)
    assert result.level == Level.EMERGENCY
    assert any("999, 112, 911" in action for action in result.actions)
    assert any("cauda equina" in action for action in result.actions)
    assert not result.plan_allowed


def test_each_rule_id_of_the_clinical_reference_is_implemented() -> None:
    if not REFERENCE.exists():
        missing_infrastructure("../shared/clinical-reference.md is not beside the repository")
    text = REFERENCE.read_text(encoding="utf-8")
    section1 = text.split("## 2.")[0]
    ids = set(re.findall(r"\| ([ESU]-[A-Z0-9-]+) \|", section1))
    assert ids, "no rule ids found in the reference"
    assert ids == {r.id for r in RULES}


def test_every_rule_has_question_wording_source_and_fields() -> None:
    for r in RULES:
        assert r.question and r.source and r.fields, r.id
        assert r.id[0] == {"emergency": "E", "urgent": "U", "see-clinician-soon": "S"}[r.level]
