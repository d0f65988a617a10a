"""``unknot assess`` as a person would use it: typed replies, in order, through the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unknot.cli.app import app
from unknot.content.questionnaire import (
    after_red_flags,
    early_stop,
    load_questionnaire,
    set_path,
    walk,
)
from unknot.domain.answers import parse_answers
from unknot.domain.triage import Level, triage

runner = CliRunner()

NO_RED_FLAGS = {
    "red_flags.new_bladder_change": "n",
    "red_flags.new_bowel_change": "n",
    "red_flags.saddle_numbness": "n",
    "legs.pain_or_numbness": "1",
    "legs.weakness": "1",
    "legs.difficulty_walking": "n",
    "red_flags.new_sexual_dysfunction": "n",
    "red_flags.major_trauma": "n",
    "red_flags.chest_pain": "n",
    "red_flags.sudden_severe_back_and_abdominal_pain": "n",
    "red_flags.collapse_or_fainting": "n",
    "red_flags.fever": "n",
    "red_flags.temperature_c": "",
    "red_flags.feels_very_unwell": "n",
    "red_flags.unexplained_weight_loss": "n",
    "red_flags.lump_or_change_in_shape": "n",
    "red_flags.night_pain_not_eased_by_rest": "n",
    "pain.between_shoulder_blades": "n",
    "red_flags.minor_trauma": "n",
    "history.cancer": "n",
    "history.osteoporosis": "n",
    "history.long_term_steroids": "n",
    "history.immunosuppressed": "n",
    "history.injects_drugs": "n",
    "history.recent_bacterial_infection": "n",
}

GARDENING_SPASM = {
    "age": "45",
    "sex": "female",
    **NO_RED_FLAGS,
    "episode.onset": "sudden",
    "episode.trigger": "gardening",
    "episode.duration_days": "2",
    "episode.trend": "improving",
    "episode.first_episode": "y",
    "episode.stopping_daily_activities": "n",
    "episode.previously_assessed_by_clinician": "n",
    "pain.now": "6",
    "pain.worst_24h": "8",
    "history.psoriasis": "n",
    "history.inflammatory_bowel_disease": "n",
    "history.uveitis": "n",
    "history.relative_with_spondyloarthritis": "n",
    "history.smoker": "n",
    "inflammatory.morning_stiffness_minutes": "10",
    "inflammatory.improves_with_exercise": "y",
    "inflammatory.improves_with_rest": "y",
    "inflammatory.wakes_second_half_of_night": "n",
    "inflammatory.night_pain_improves_on_getting_up": "n",
    "inflammatory.buttock_pain": "1",
    "inflammatory.improves_within_48h_of_nsaid": "n",
    **{f"startback.q{i}": "disagree" for i in range(1, 9)},
    "startback.q9": "moderately",
    "lifestyle.sitting_hours_per_day": "4",
    "lifestyle.steps_per_day": "6000",
    "lifestyle.work": "mixed",
    "lifestyle.exercise_sessions_per_week": "2",
    "preferences.minutes_per_day": "20",
    "preferences.can_get_on_floor": "y",
    "preferences.equipment": "2 3",
}


def script(replies: dict[str, str]) -> tuple[list[str], dict[str, Any]]:
    """The lines a person types, in the order the questionnaire asks, and the answers dict.

    Walks the questionnaire with the same logic as the command, so every asked field must
    have a reply in ``replies`` (a KeyError means the test forgot a question)."""
    questionnaire = load_questionnaire()
    data: dict[str, Any] = {"format": "unknot.assessment/v1"}
    lines = []
    for section, question in walk(questionnaire, data):
        if not section.red_flags and after_red_flags(data) is not None:
            break
        reply = replies[question.field]
        lines.append(reply)
        set_path(data, question.field, question.parse(reply))
        if early_stop(data, section) is not None:
            break
    return lines, data


def test_a_gardening_spasm_completes_as_self_manage_with_contributors(tmp_path: Path) -> None:
    lines, expected = script(GARDENING_SPASM)
    out = tmp_path / "my-answers.json"
    result = runner.invoke(app, ["assess"], input="\n".join([*lines, str(out)]) + "\n")
    assert result.exit_code == 0, result.output
    assert "SELF-MANAGE" in result.output
    assert "A sudden lift, bend or twist" in result.output
    assert "Overuse or unaccustomed work" in result.output
    assert "Safety net" in result.output
    saved = json.loads(out.read_text())
    assert saved == expected
    answers, warnings = parse_answers(saved)
    assert warnings == []
    assert triage(answers).level == Level.SELF_MANAGE


def test_self_tests_are_skipped_during_a_fresh_spasm(tmp_path: Path) -> None:
    lines, data = script(GARDENING_SPASM)
    assert data["self_tests"]["forward_bend_reach"] == "not_done"
    assert data["self_tests"]["hip_flexor_test"] == "not_done"
    assert len(lines) == len(GARDENING_SPASM)


def test_saddle_numbness_stops_at_once_with_emergency_advice(tmp_path: Path) -> None:
    replies = {
        "age": "50",
        "sex": "male",
        "red_flags.new_bladder_change": "n",
        "red_flags.new_bowel_change": "n",
        "red_flags.saddle_numbness": "y",
    }
    lines, _ = script(replies)
    assert len(lines) == 5
    out = tmp_path / "answers.json"
    result = runner.invoke(app, ["assess", "--output", str(out)], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output
    assert "999, 112, 911" in result.output
    assert "cauda equina" in result.output
    # nothing after the emergency answer was asked
    assert "spread from your back into your legs" not in result.output
    saved = json.loads(out.read_text())
    assert saved["red_flags"]["saddle_numbness"] is True


def test_an_urgent_answer_stops_after_the_safety_questions(tmp_path: Path) -> None:
    replies = {"age": "40", "sex": "female", **NO_RED_FLAGS, "red_flags.fever": "y"}
    lines, _ = script(replies)
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["assess", "-o", str(out)], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "URGENT" in result.output
    assert "How did this bout of pain start" not in result.output
    assert json.loads(out.read_text())["red_flags"]["fever"] is True


@pytest.mark.parametrize(
    ("bad", "expected"),
    [("maybe", "yes or no"), ("7", "yes or no")],
)
def test_a_bad_reply_is_explained_and_asked_again(tmp_path: Path, bad: str, expected: str) -> None:
    lines, _ = script({"age": "50", "sex": "", **{"red_flags.new_bladder_change": "y"}})
    lines.insert(2, bad)  # a wrong reply to the bladder question, then the real one
    result = runner.invoke(
        app, ["assess", "-o", str(tmp_path / "x.json")], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert expected in result.output
    assert "EMERGENCY" in result.output


def test_an_age_out_of_range_is_asked_again_naming_the_range(tmp_path: Path) -> None:
    lines, _ = script({"age": "50", "sex": "", "red_flags.new_bladder_change": "y"})
    lines.insert(0, "12")
    result = runner.invoke(
        app, ["assess", "-o", str(tmp_path / "x.json")], input="\n".join(lines) + "\n"
    )
    assert "a whole number from 16 to 120" in result.output
    assert result.exit_code == 0


def test_running_out_of_input_saves_nothing_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "never.json"
    result = runner.invoke(app, ["assess", "-o", str(out)], input="45\n")
    assert result.exit_code == 1
    assert "nothing was saved" in result.output
    assert not out.exists()
