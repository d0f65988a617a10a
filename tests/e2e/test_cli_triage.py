"""``unknot triage`` from the outside: JSON as the spec says, readable text, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unknot.cli.app import app

FIXTURES = Path(__file__).parent.parent / "fixtures" / "answers"
runner = CliRunner()


def test_spec_example_triages_as_json_with_every_spec_field() -> None:
    result = runner.invoke(
        app, ["triage", "--answers", str(FIXTURES / "spec_example.json"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "unknot.triage/v1"
    assert data["level"] == "self-manage"
    assert data["rules"] == ["SM-NONE"]
    assert data["safety_net"]
    assert set(data["screens"]["startback"]) >= {"total", "psychosocial", "risk"}
    assert set(data["screens"]["inflammatory"]) >= {
        "asas_positive",
        "asas_fulfilled",
        "berlin_positive",
        "berlin_fulfilled",
    }
    assert {"prolonged_sitting", "tight_hamstrings"} <= {c["id"] for c in data["contributors"]}
    assert all(c["why"] for c in data["contributors"])


def test_answers_can_come_from_standard_input() -> None:
    body = json.dumps({"age": 70, "red_flags": {"chest_pain": True}})
    result = runner.invoke(app, ["triage", "--answers", "-", "--json"], input=body)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["level"] == "emergency"
    assert data["rules"] == ["E-CHEST-PAIN"]


def test_readable_output_shows_level_reasons_and_safety_net() -> None:
    body = json.dumps({"age": 40, "red_flags": {"fever": True}})
    result = runner.invoke(app, ["triage", "--answers", "-"], input=body)
    assert result.exit_code == 0
    assert "URGENT" in result.stdout
    assert "U-FEVER" in result.stdout
    assert "Safety net" in result.stdout


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": 40, "pain": {"now": 11}}, "pain.now"),
        ({"age": 40, "legs": {"weakness": "left"}}, "legs.weakness"),
        ({"age": 40, "startback": {"q9": "a bit"}}, "startback.q9"),
        ({"pain": {"now": 3}}, "age"),
        ({"age": 12}, "age"),
        ({"age": 40, "red_flags": {"temperature_c": "hot"}}, "red_flags.temperature_c"),
        ([1, 2], "(top level)"),
    ],
)
def test_invalid_answers_exit_3_naming_the_field_with_only_the_error_json(
    body: object, field: str
) -> None:
    result = runner.invoke(app, ["triage", "--answers", "-", "--json"], input=json.dumps(body))
    assert result.exit_code == 3
    data = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert data == {"error": {"field": field, "message": data["error"]["message"]}}
    assert data["error"]["message"]
    assert field in result.stderr


def test_broken_json_exits_3_and_says_where() -> None:
    result = runner.invoke(app, ["triage", "--answers", "-", "--json"], input='{"age": ')
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "--answers"
    assert "line 1" in error["message"]


def test_a_missing_file_exits_3() -> None:
    result = runner.invoke(app, ["triage", "--answers", "no-such-file.json"])
    assert result.exit_code == 3
    assert "no file" in result.stderr


def test_unknown_fields_warn_but_still_triage() -> None:
    body = json.dumps({"age": 40, "favourite_colour": "blue"})
    result = runner.invoke(app, ["triage", "--answers", "-", "--json"], input=body)
    assert result.exit_code == 0
    assert "favourite_colour" in result.stderr
    assert json.loads(result.stdout)["level"] == "self-manage"


def test_missing_required_option_is_a_usage_error() -> None:
    assert runner.invoke(app, ["triage"]).exit_code == 2
