"""``unknot score`` and ``unknot change`` through the CLI runner (spec section 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unknot.cli.app import app

runner = CliRunner()

ODI_SECTIONS = [
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
]

# (instrument, answers, the spec's result object)
SCORED: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "startback",
        {
            "q1": "agree",
            "q2": "agree",
            "q3": "agree",
            "q4": "disagree",
            "q5": "agree",
            "q6": "disagree",
            "q7": "disagree",
            "q8": "disagree",
            "q9": "very_much",
        },
        {"total": 5, "psychosocial": 2, "risk": "medium"},
    ),
    ("rmdq", {"ticked": [1, 5, 12]}, {"score": 3}),
    (
        "odi",
        dict(zip(ODI_SECTIONS, [2, 1, 3, 1, 2, 2, 1, 0, 2, 2], strict=True)),
        {"percent": 32.0, "sections_answered": 10, "band": "moderate"},
    ),
    ("nrs", {"score": 6}, {"score": 6}),
    (
        "psfs",
        {"activities": {"putting on socks": 3, "sitting 30 min": 5}},
        {"score": 4.0},
    ),
    (
        "asas-ibp",
        {
            "age_at_onset": 28,
            "back_pain_months": 14,
            "insidious_onset": True,
            "improves_with_exercise": True,
            "no_improvement_with_rest": True,
            "night_pain_improves_on_getting_up": False,
        },
        {"positive": 4, "applicable": True, "fulfilled": True},
    ),
    (
        "berlin-ibp",
        {
            "age": 52,
            "back_pain_months": 14,
            "morning_stiffness_minutes": 45,
            "improves_with_exercise_not_rest": True,
            "wakes_second_half_of_night": False,
            "alternating_buttock_pain": False,
        },
        {"positive": 2, "applicable": False, "fulfilled": False},
    ),
    (
        "ng65",
        {
            "age_at_onset": 30,
            "back_pain_months": 8,
            "wakes_second_half_of_night": True,
            "buttock_pain": True,
            "improves_with_movement": False,
            "improves_within_48h_of_nsaid": False,
            "relative_with_spondyloarthritis": False,
            "arthritis": False,
            "enthesitis": False,
            "psoriasis": False,
        },
        {"criteria_met": 3, "applicable": True, "recommendation": "test-hla-b27"},
    ),
]


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("instrument", "answers", "expected"), SCORED, ids=[s[0] for s in SCORED])
def test_score_prints_the_spec_object_for_each_instrument(
    tmp_path: Path, instrument: str, answers: dict[str, Any], expected: dict[str, Any]
) -> None:
    result = runner.invoke(
        app, ["score", instrument, "--answers", write(tmp_path, answers), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(("instrument", "answers", "expected"), SCORED, ids=[s[0] for s in SCORED])
def test_score_reads_answers_from_standard_input_with_a_dash(
    instrument: str, answers: dict[str, Any], expected: dict[str, Any]
) -> None:
    result = runner.invoke(
        app, ["score", instrument, "--answers", "-", "--json"], input=json.dumps(answers)
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("instrument", "answers", "says"),
    [
        (SCORED[0][0], SCORED[0][1], "STarT Back: total 5 of 9, psychosocial 2 of 5 → medium risk"),
        (SCORED[1][0], SCORED[1][1], "3 of 24"),
        (SCORED[2][0], SCORED[2][1], "32.0%"),
        (SCORED[3][0], SCORED[3][1], "6 of 10"),
        (SCORED[4][0], SCORED[4][1], "average 4 of 10 over 2 activities"),
        (SCORED[5][0], SCORED[5][1], "criteria met"),
        (SCORED[6][0], SCORED[6][1], "only to people under 50 (your age: 52)"),
        (SCORED[7][0], SCORED[7][1], "HLA-B27"),
    ],
    ids=[s[0] for s in SCORED],
)
def test_score_without_json_prints_a_readable_result_with_its_source(
    instrument: str, answers: dict[str, Any], says: str
) -> None:
    result = runner.invoke(app, ["score", instrument, "-a", "-"], input=json.dumps(answers))
    assert result.exit_code == 0, result.stderr
    assert says in result.stdout
    assert "Source:" in result.stdout


def test_ng65_not_applicable_says_why_in_the_readable_output() -> None:
    answers = {**SCORED[7][1], "age_at_onset": 50}
    result = runner.invoke(app, ["score", "ng65", "-a", "-"], input=json.dumps(answers))
    assert result.exit_code == 0
    assert "do not apply" in result.stdout
    assert "before age 45 (yours started at 50)" in result.stdout


def test_the_odi_readable_result_rounds_to_one_decimal() -> None:
    answers = dict(zip(ODI_SECTIONS, [2, 1, 3, 1, 2, 2, 1, None, 2, 2], strict=True))
    result = runner.invoke(app, ["score", "odi", "-a", "-"], input=json.dumps(answers))
    assert "35.6% from 9 of 10 sections" in result.stdout


@pytest.mark.parametrize(
    ("instrument", "answers", "field"),
    [
        ("startback", {**SCORED[0][1], "q9": "very much"}, "q9"),
        ("rmdq", {"ticked": [1, 25]}, "ticked[1]"),
        ("rmdq", {"ticked": [4, 4]}, "ticked"),
        ("odi", {**SCORED[2][1], "lifting": 6}, "lifting"),
        ("nrs", {"score": 11}, "score"),
        ("psfs", {"activities": {}}, "activities"),
        ("asas-ibp", {**SCORED[5][1], "insidious_onset": "yes"}, "insidious_onset"),
        ("ng65", {"age_at_onset": 30}, "back_pain_months"),
    ],
)
def test_invalid_answers_exit_3_and_under_json_print_only_the_error_object(
    instrument: str, answers: dict[str, Any], field: str
) -> None:
    result = runner.invoke(
        app, ["score", instrument, "-a", "-", "--json"], input=json.dumps(answers)
    )
    assert result.exit_code == 3
    error = json.loads(result.stdout)
    assert list(error) == ["error"]
    assert error["error"]["field"] == field
    assert error["error"]["message"]
    assert field in result.stderr


def test_invalid_answers_without_json_name_the_field_on_standard_error_only() -> None:
    result = runner.invoke(app, ["score", "nrs", "-a", "-"], input='{"score": -2}')
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "score: must be from 0 to 10 (got -2)" in result.stderr


def test_odi_with_three_sections_missing_exits_3_saying_there_is_too_little_data() -> None:
    answers = dict(zip(ODI_SECTIONS, [2, 1, 3, 1, 2, 2, 1, None, None, None], strict=True))
    result = runner.invoke(app, ["score", "odi", "-a", "-", "--json"], input=json.dumps(answers))
    assert result.exit_code == 3
    message = json.loads(result.stdout)["error"]["message"]
    assert "too little data" in message
    assert "7 of 10" in message
    assert "8" in message


@pytest.mark.parametrize("text", ["{not json", ""])
def test_input_that_is_not_json_exits_3_naming_the_answers_option(text: str) -> None:
    result = runner.invoke(app, ["score", "nrs", "-a", "-", "--json"], input=text)
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"]["field"] == "--answers"


def test_a_missing_answers_file_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "nrs", "-a", str(tmp_path / "nope.json"), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"]["field"] == "--answers"


def test_unknown_fields_are_a_warning_on_standard_error_not_an_error() -> None:
    result = runner.invoke(
        app, ["score", "nrs", "-a", "-", "--json"], input='{"score": 3, "when": "today"}'
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"score": 3}
    assert "warning" in result.stderr
    assert "when" in result.stderr


@pytest.mark.parametrize("command", ["score", "change"])
def test_an_unknown_instrument_exits_2_naming_the_allowed_ones(command: str) -> None:
    args = ["-a", "-"] if command == "score" else ["--baseline", "5", "--follow-up", "3"]
    result = runner.invoke(app, [command, "oswestry", *args], input="{}")
    assert result.exit_code == 2
    assert "oswestry" in result.stderr
    assert "odi" in result.stderr
    assert "rmdq" in result.stderr


def test_score_without_answers_is_a_usage_error() -> None:
    assert runner.invoke(app, ["score", "nrs"]).exit_code == 2


# --- change ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["rmdq", "--baseline", "15", "--follow-up", "9"],
            {
                "improvement": 6.0,
                "percent": 40.0,
                "meets_points": True,
                "meets_percent": True,
                "points_threshold": 5.0,
                "percent_threshold": 30.0,
            },
        ),
        (
            ["odi", "--baseline", "50", "--follow-up", "40"],
            {
                "improvement": 10.0,
                "percent": 20.0,
                "meets_points": True,
                "meets_percent": False,
                "points_threshold": 10.0,
                "percent_threshold": 30.0,
            },
        ),
        (
            ["nrs", "--baseline", "5", "--follow-up", "3.5"],
            {
                "improvement": 1.5,
                "percent": 30.0,
                "meets_points": False,
                "meets_percent": True,
                "points_threshold": 2.0,
                "percent_threshold": 30.0,
            },
        ),
        (
            ["psfs", "--baseline", "4", "--follow-up", "6"],
            {
                "improvement": 2.0,
                "percent": 50.0,
                "meets_points": True,
                "meets_percent": False,
                "points_threshold": 2.0,
                "percent_threshold": 0.0,
            },
        ),
    ],
)
def test_change_prints_the_spec_object(args: list[str], expected: dict[str, Any]) -> None:
    result = runner.invoke(app, ["change", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["rmdq", "--baseline", "15", "--follow-up", "9"],
            "improved by 6 points (40%): a change most people notice (threshold 5 points or 30%).",
        ),
        (
            ["rmdq", "--baseline", "15", "--follow-up", "11"],
            "improved by 4 points (26.7%): smaller than the change most people notice",
        ),
        (["nrs", "--baseline", "4", "--follow-up", "6"], "got worse by 2 points (50%)"),
        (["odi", "--baseline", "30", "--follow-up", "30"], "did not change"),
        (["psfs", "--baseline", "3", "--follow-up", "5"], "(threshold 2 points)"),
    ],
)
def test_change_without_json_words_the_result_for_a_person(args: list[str], says: str) -> None:
    result = runner.invoke(app, ["change", *args])
    assert result.exit_code == 0, result.stderr
    assert says in result.stdout


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["rmdq", "--baseline", "25", "--follow-up", "9"], "--baseline"),
        (["rmdq", "--baseline", "15", "--follow-up", "-1"], "--follow-up"),
        (["odi", "--baseline", "101", "--follow-up", "9"], "--baseline"),
        (["nrs", "--baseline", "5", "--follow-up", "11"], "--follow-up"),
        (["psfs", "--baseline", "nan", "--follow-up", "5"], "--baseline"),
    ],
)
def test_change_out_of_range_exits_3_naming_the_option(args: list[str], option: str) -> None:
    result = runner.invoke(app, ["change", *args, "--json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"]["field"] == option
    assert option in result.stderr


def test_change_with_a_non_number_is_a_usage_error() -> None:
    result = runner.invoke(app, ["change", "nrs", "--baseline", "five", "--follow-up", "3"])
    assert result.exit_code == 2
