"""The plan's JSON (``unknot.plan/v1``): every field the spec and issue 4 name, the documented
example in ``docs/plan-format.md`` (checked here; ``UPDATE_DOCS=1`` rewrites it), and restoring a
stored plan."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_plan_library import START, make_plan
from unknot import DISCLAIMER
from unknot.content.library import load_library
from unknot.content.references import load_references
from unknot.domain.answers import parse_answers
from unknot.domain.plan import check_flare, generate_plan, restore_plan, review_week
from unknot.domain.records import DiaryDay, PainEntry
from unknot.domain.triage import triage
from unknot.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "plan-format.md"
EXAMPLE_ANSWERS = ROOT / "tests" / "fixtures" / "answers" / "spec_example.json"
EXAMPLE_DAY = 3
"""The documented day: the first strength day of the example plan."""

TOP = {
    "format", "generated_for", "generated_on", "phase", "phase_why", "triage_level",
    "minutes_per_day", "weeks", "days", "notes", "stopped", "safety_net", "disclaimer",
    "references",
}  # fmt: skip
WEEK = {"number", "start", "end", "provisional", "goals", "progression", "days"}
PROGRESSION = {"walking", "doses", "variants", "paused", "phase", "relief_days"}
DAY = {
    "date", "day", "weekday", "phase", "kind", "strength_day", "why", "sessions", "walking",
    "posture_break_every_minutes", "posture_break_why", "relief", "total_minutes", "left_out",
}  # fmt: skip
SESSION = {"name", "minutes", "why", "items"}
ITEM = {
    "exercise", "name", "category", "variant_of", "sets", "reps", "hold_seconds", "per_side",
    "rest_seconds", "minutes", "dose", "estimated_minutes", "why", "dose_why",
}  # fmt: skip
WALKING = {"minutes", "bouts"}
BOUT = {"minutes", "why"}
RELIEF = {"strategy", "why", "source"}


def example_plan_json() -> dict[str, Any]:
    answers, _ = parse_answers(json.loads(EXAMPLE_ANSWERS.read_text(encoding="utf-8")))
    return generate_plan(answers, triage(answers), load_library(), START).as_json()


def abbreviated(plan: dict[str, Any]) -> dict[str, Any]:
    """The documented form: week 1 only, holding one day; ``days`` holds that day only."""
    short = copy.deepcopy(plan)
    day = short["days"][EXAMPLE_DAY - 1]
    week = short["weeks"][0]
    week["days"] = [day]
    short["weeks"] = [week]
    short["days"] = [day]
    return short


def doc_blocks() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- example: (\w+) -->\n```json\n(.*?)\n```", text, re.S))


def test_the_plan_json_has_every_field_the_spec_names() -> None:
    plan = make_plan({"lifestyle": {"sitting_hours_per_day": 8}}).as_json()
    assert set(plan) == TOP
    assert plan["format"] == "unknot.plan/v1"
    assert plan["generated_for"] == START.isoformat()
    assert plan["disclaimer"] == DISCLAIMER
    assert plan["safety_net"] and plan["references"]
    assert len(plan["weeks"]) == 4 and len(plan["days"]) == 28
    assert plan["days"] == [day for week in plan["weeks"] for day in week["days"]]
    for week in plan["weeks"]:
        assert set(week) == WEEK and set(week["progression"]) == PROGRESSION
        assert len(week["days"]) == 7 and week["goals"]
    for day in plan["days"]:
        assert set(day) == DAY
        assert set(day["walking"]) == WALKING
        assert all(set(b) == BOUT for b in day["walking"]["bouts"])
        assert all(set(r) == RELIEF for r in day["relief"])
        assert day["posture_break_every_minutes"] == 30
        minutes = day["walking"]["minutes"]
        for session in day["sessions"]:
            assert set(session) == SESSION
            assert session["minutes"] == sum(i["estimated_minutes"] for i in session["items"])
            minutes += session["minutes"]
            for item in session["items"]:
                assert set(item) == ITEM
        assert day["total_minutes"] == minutes <= plan["minutes_per_day"]
    json.dumps(plan)  # plain JSON types only


def test_every_reference_the_plan_cites_is_in_the_bibliography() -> None:
    known = set(load_references())
    plan = make_plan(
        {
            "lifestyle": {"sitting_hours_per_day": 8},
            "legs": {"pain_or_numbness": "one_leg"},
            "episode": {"trigger": "sleeping_position"},
        }
    ).as_json()
    cited = set(plan["references"])
    assert cited <= known, cited - known
    assert {r["source"] for d in plan["days"] for r in d["relief"]} <= cited
    assert {"walkback-2024", "acsm-2011", "silbernagel-2007", "who-2020-physical-activity"} <= cited


def test_the_documented_example_is_what_the_generator_makes() -> None:
    expected = json.dumps(abbreviated(example_plan_json()), indent=2, ensure_ascii=False)
    if os.environ.get("UPDATE_DOCS") == "1":
        text = DOC.read_text(encoding="utf-8")
        text = re.sub(
            r"(<!-- example: plan -->\n```json\n).*?(\n```)",
            lambda m: m.group(1) + expected + m.group(2),
            text,
            flags=re.S,
        )
        DOC.write_text(text, encoding="utf-8")
    blocks = doc_blocks()
    assert json.loads(blocks["plan"]) == json.loads(expected)
    answers = json.loads(blocks["answers"])
    assert answers == json.loads(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "fields",
    [TOP, WEEK, PROGRESSION, DAY, SESSION, ITEM, WALKING, BOUT, RELIEF],
)
def test_the_format_document_describes_every_field(fields: set[str]) -> None:
    tables = DOC.read_text(encoding="utf-8").split("## Fields", 1)[1].split("## Example")[0]
    rows = set(re.findall(r"^\| `(\w+)` \|", tables, re.M))
    missing = fields - rows
    assert not missing


def test_a_stored_plan_is_restored_exactly_after_reviews_and_flares() -> None:
    plan = make_plan({"episode": {"duration_days": 200}})
    plan = review_week(plan, 1, [], [], today=START + dt.timedelta(days=6)).plan
    flare_day = START + dt.timedelta(days=9)
    flare = check_flare(
        [DiaryDay(date=flare_day, pain=(PainEntry(date=flare_day, pain=10),))], plan, flare_day
    )
    assert flare is not None
    data = json.loads(json.dumps(flare.plan.as_json()))
    restored = restore_plan(data, plan.context.answers, load_library())
    assert restored.as_json() == data
    assert restored.day(flare_day).kind == flare.plan.day(flare_day).kind


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="unknot.plan/v0"), "format"),
        (lambda d: d.pop("weeks"), "not a readable"),
        (lambda d: d.update(minutes_per_day=99), "does not match"),
        (lambda d: d["weeks"][0]["progression"]["doses"].update(x={"sets": 0}), "not a readable"),
    ],
)
def test_a_stored_plan_that_does_not_match_is_an_error(change: Any, message: str) -> None:
    plan = make_plan()
    data = plan.as_json()
    change(data)
    with pytest.raises(InvalidInput, match=message):
        restore_plan(data, plan.context.answers, load_library())


def test_a_stored_plan_for_other_answers_is_an_error() -> None:
    plan = make_plan()
    other = make_plan({"preferences": {"minutes_per_day": 45}})
    with pytest.raises(InvalidInput, match="does not match"):
        restore_plan(plan.as_json(), other.context.answers, load_library())
