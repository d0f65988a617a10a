"""End to end: ``unknot exercises``, ``exercise``, ``learn`` and ``lint-content`` through the
CLI runner, checking JSON fields, counts, filters, exit codes and the SVG file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as safe_xml
import pytest
import yaml
from typer.testing import CliRunner

from unknot.cli.app import app
from unknot.cli.content_cmd import readable_links
from unknot.content.articles import load_articles
from unknot.content.exercises import EXERCISES_DIR
from unknot.content.references import format_reference, load_references
from unknot.illustration import known_pose_ids

runner = CliRunner()

EXERCISE_FIELDS = {
    "id", "name", "summary", "category", "position", "phases", "targets", "equipment",
    "dosage", "steps", "mistakes", "cautions", "easier", "harder", "references", "illustration",
}  # fmt: skip
ARTICLE_FIELDS = {
    "id", "title", "summary", "tags", "references", "body", "reviewed", "exercises", "related",
    "reading_ease",
}  # fmt: skip


def run_json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- unknot exercises ------------------------------------------------------------------------


def test_exercises_json_lists_the_whole_library_with_every_field() -> None:
    items = run_json("exercises", "--json")
    assert len(items) >= 40
    for item in items:
        assert EXERCISE_FIELDS <= set(item), item["id"]
        assert len(item["steps"]) >= 3
        assert item["cautions"]
        assert {"sets", "reps", "hold_seconds", "per_side", "rest_seconds", "minutes"} <= set(
            item["dosage"]
        )


def test_exercises_json_gives_references_as_ids_with_citations() -> None:
    bird_dog = next(i for i in run_json("exercises", "--json") if i["id"] == "bird-dog")
    ids = [ref["id"] for ref in bird_dog["references"]]
    assert "mcgill-big3" in ids
    refs = load_references()
    for ref in bird_dog["references"]:
        assert ref["citation"] == format_reference(refs[ref["id"]])
    assert "McGill SM (2015)" in bird_dog["references"][0]["citation"]


def test_exercises_json_carries_the_animated_illustration() -> None:
    items = run_json("exercises", "--json", "--category", "relief")
    posed = [item for item in items if item["id"] in set(known_pose_ids())]
    if not posed:
        pytest.skip("no relief exercise has a pose file yet (lint-content reports it)")
    for item in posed:
        root = safe_xml.fromstring(item["illustration"])
        assert root.tag.endswith("svg"), item["id"]


@pytest.mark.parametrize(
    ("args", "key", "allowed"),
    [
        (["--category", "stretch"], "category", {"stretch"}),
        (["--category", "strength"], "category", {"strength"}),
        (["--position", "chair"], "position", {"chair", "any"}),
        (["--position", "standing"], "position", {"standing", "any"}),
    ],
)
def test_exercises_filters_keep_only_matching_items(
    args: list[str], key: str, allowed: set[str]
) -> None:
    items = run_json("exercises", "--json", *args)
    assert items
    assert {item[key] for item in items} <= allowed


def test_the_acute_phase_filter_gives_only_gentle_exercises() -> None:
    items = run_json("exercises", "--json", "--phase", "acute")
    assert {"constructive-rest", "walking", "pelvic-tilt"} <= {i["id"] for i in items}
    assert all("acute" in item["phases"] for item in items)
    assert not {item["category"] for item in items} & {"strength", "stretch"}


def test_filters_combine() -> None:
    items = run_json(
        "exercises", "--json", "--category", "stretch", "--position", "chair", "--phase", "subacute"
    )
    assert {i["id"] for i in items} == {
        "chair-forward-bend", "chair-figure-four", "chair-hamstring-stretch", "chair-twist",
        "chair-side-bend", "chair-knee-hug", "chair-hip-flexor-stretch",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--category", "yoga", ["stretch", "relief"]),
        ("--position", "bed", ["floor", "chair", "standing", "any"]),
        ("--phase", "later", ["acute", "prevention"]),
    ],
)
def test_a_bad_filter_value_exits_2_naming_the_allowed_values(
    option: str, value: str, allowed: list[str]
) -> None:
    result = runner.invoke(app, ["exercises", option, value])
    assert result.exit_code == 2
    for word in allowed:
        assert word in result.output


def test_exercises_prints_a_table_for_people() -> None:
    result = runner.invoke(app, ["exercises", "--category", "aerobic"])
    assert result.exit_code == 0
    assert "walking" in result.stdout
    assert "marching-on-the-spot" in result.stdout
    assert "10 min" in result.stdout
    assert "bird-dog" not in result.stdout


# --- unknot exercise ID ----------------------------------------------------------------------


def test_exercise_shows_steps_dose_in_words_cautions_and_references() -> None:
    result = runner.invoke(app, ["exercise", "knee-to-chest"], terminal_width=200)
    assert result.exit_code == 0
    out = result.stdout
    assert "Single knee-to-chest" in out
    assert "3 × 20 s each side, rest 10 s" in out
    assert "1. Lie on your back" in out
    assert "Stop if pain spreads down your leg" in out
    assert "References" in out
    assert "Bandy WD" in out


def test_exercise_points_to_easier_and_harder_versions() -> None:
    result = runner.invoke(app, ["exercise", "heel-slides"])
    assert "unknot exercise abdominal-brace" in result.stdout
    assert "unknot exercise dead-bug" in result.stdout


def test_exercise_json_is_one_object_with_every_field() -> None:
    item = run_json("exercise", "side-plank", "--json")
    assert EXERCISE_FIELDS <= set(item)
    assert item["id"] == "side-plank"
    assert item["easier"] == "side-plank-knees"


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("bird-dgo", "bird-dog"), ("kne-to-chest", "knee-to-chest"), ("catcow", "cat-cow")],
)
def test_an_unknown_exercise_exits_3_naming_the_field_and_close_matches(
    typo: str, suggestion: str
) -> None:
    result = runner.invoke(app, ["exercise", typo, "--json"])
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "exercise"
    assert suggestion in error["message"]
    assert suggestion in result.stderr


def test_an_unknown_exercise_without_json_prints_only_to_stderr() -> None:
    result = runner.invoke(app, ["exercise", "zzzz"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "exercise" in result.stderr


def test_svg_writes_the_animated_illustration(tmp_path: Path) -> None:
    posed = sorted(known_pose_ids())
    if not posed:
        pytest.skip("no exercise has a pose file yet (lint-content reports it)")
    target = tmp_path / "out.svg"
    result = runner.invoke(app, ["exercise", posed[0], "--svg", str(target)], terminal_width=500)
    assert result.exit_code == 0, result.output
    root = safe_xml.fromstring(target.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    assert "out.svg" in result.stdout


# --- unknot learn ----------------------------------------------------------------------------


def test_learn_json_lists_every_article_with_its_fields() -> None:
    items = run_json("learn", "--json")
    assert len(items) >= 25
    for item in items:
        assert ARTICLE_FIELDS <= set(item), item["id"]
        assert item["body"]
        assert all({"id", "citation"} <= set(ref) for ref in item["references"])


def test_learn_filters_by_tag() -> None:
    articles = load_articles()
    tag = articles[0].tags[0]
    expected = {a.id for a in articles if tag in a.tags}
    assert {i["id"] for i in run_json("learn", "--json", "--tag", tag)} == expected


def test_learn_search_needs_every_word() -> None:
    items = run_json("learn", "--json", "--search", "walking")
    assert items
    for item in items:
        text = " ".join([item["title"], item["summary"], item["body"], *item["tags"]]).lower()
        assert "walking" in text
    assert run_json("learn", "--json", "--search", "walking zqxjv") == []


def test_learn_lists_articles_for_people() -> None:
    result = runner.invoke(app, ["learn"], terminal_width=200)
    assert result.exit_code == 0
    first = load_articles()[0]
    assert first.id in result.stdout


def test_learn_id_renders_the_article_with_link_hints_and_numbered_references() -> None:
    linked = [a for a in load_articles() if "](exercise:" in a.body]
    assert linked, "no article links an exercise"
    article = linked[0]
    result = runner.invoke(app, ["learn", article.id], terminal_width=200)
    assert result.exit_code == 0
    assert article.title in result.stdout
    assert "see unknot exercise " in result.stdout
    assert "](exercise:" not in result.stdout
    assert "[1] " in result.stdout


def test_learn_id_json_is_one_article() -> None:
    first = load_articles()[0]
    item = run_json("learn", first.id, "--json")
    assert item["id"] == first.id
    assert ARTICLE_FIELDS <= set(item)


def test_an_unknown_article_exits_3_naming_the_field() -> None:
    first = load_articles()[0]
    result = runner.invoke(app, ["learn", first.id + "x", "--json"])
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "article"
    assert first.id in error["message"]


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (
            "Try [knee hugs](exercise:knee-to-chest).",
            "Try knee hugs (see `unknot exercise knee-to-chest`).",
        ),
        (
            "Read [first aid](article:spasm-first-aid).",
            "Read first aid (see `unknot learn spasm-first-aid`).",
        ),
        ("A [web link](https://nhs.uk) stays.", "A [web link](https://nhs.uk) stays."),
    ],
)
def test_links_become_hints_to_the_commands(markdown: str, plain: str) -> None:
    assert readable_links(markdown) == plain


# --- unknot lint-content ---------------------------------------------------------------------


def test_lint_content_reports_a_broken_exercise_and_exits_1(tmp_path: Path) -> None:
    data = yaml.safe_load((EXERCISES_DIR / "walking.yaml").read_text(encoding="utf-8"))
    data["cautions"] = ["Bed rest helps."]
    data["harder"] = "running"
    (tmp_path / "walking.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(
        app, ["lint-content", "--exercises-dir", str(tmp_path)], terminal_width=250
    )
    assert result.exit_code == 1
    assert "bed-rest-helps" in result.stdout
    assert re.search(r"harder\s+│\s+no exercise called 'running'", result.stdout)
    assert "Reading ease" in result.stdout


@pytest.mark.parametrize("command", ["exercises", "exercise", "learn", "lint-content"])
def test_every_content_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
