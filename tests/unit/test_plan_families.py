"""A day's plan holds at most one version of each movement (floor, chair or standing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from unknot.content.library import load_library
from unknot.domain.answers import parse_answers
from unknot.domain.plan import generate_plan
from unknot.domain.plan.selection import MOVEMENT_FAMILIES, movement_family
from unknot.domain.triage import triage

SPEC_EXAMPLE = Path(__file__).parent.parent / "fixtures" / "answers" / "spec_example.json"


def answers_with(**preferences: Any) -> dict[str, Any]:
    data = json.loads(SPEC_EXAMPLE.read_text())
    data["preferences"].update(preferences)
    return data


@pytest.mark.parametrize(
    "preferences",
    [
        {},
        {"minutes_per_day": 60},
        {"minutes_per_day": 60, "can_get_on_floor": False},
        {"minutes_per_day": 45, "equipment": ["chair", "towel", "step", "table"]},
    ],
)
def test_no_day_repeats_a_movement_in_two_versions(preferences: dict[str, Any]) -> None:
    answers, _ = parse_answers(answers_with(**preferences))
    plan = generate_plan(answers, triage(answers), load_library(), dt.date(2026, 11, 23))
    for day in plan.as_json()["days"]:
        ids = [item["exercise"] for s in day["sessions"] for item in s["items"]]
        families = [movement_family(i) for i in ids]
        assert len(families) == len(set(families)), (day["date"], ids)


def test_every_family_member_is_in_the_library() -> None:
    library_ids = {spec.id for spec in load_library()}
    for family in MOVEMENT_FAMILIES:
        assert family <= library_ids
        assert len({movement_family(i) for i in family}) == 1
