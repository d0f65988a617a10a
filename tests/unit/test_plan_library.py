"""The plan engine's view of the exercise library, and the builders the plan tests share."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from unknot.content.exercises import load_exercises
from unknot.content.library import build_library, load_library, to_spec
from unknot.domain.answers import Answers, parse_answers
from unknot.domain.plan import Category, Dose, ExerciseSpec, Library, Phase, Plan, Position
from unknot.domain.plan import generate_plan as _generate
from unknot.domain.triage import triage
from unknot.errors import ContentError, NotFound

START = dt.date(2025, 3, 3)
"""A Monday; every plan test starts here unless it says otherwise."""

BASE: dict[str, Any] = {
    "age": 40,
    "episode": {"onset": "gradual", "duration_days": 10, "trend": "same", "first_episode": True},
    "pain": {"now": 4},
    "preferences": {
        "minutes_per_day": 30,
        "can_get_on_floor": True,
        "equipment": ["chair", "towel", "pillow"],
    },
}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def make_answers(extra: dict[str, Any] | None = None) -> Answers:
    answers, warnings = parse_answers(merge(BASE, extra or {}))
    assert warnings == []
    return answers


def make_plan(
    extra: dict[str, Any] | None = None, start: dt.date = START, today: dt.date | None = None
) -> Plan:
    answers = make_answers(extra)
    return _generate(answers, triage(answers), load_library(), start, today=today)


def spec(ex_id: str, category: Category = Category.MOBILITY, **fields: Any) -> ExerciseSpec:
    values: dict[str, Any] = {
        "id": ex_id,
        "name": ex_id.replace("-", " ").title(),
        "category": category,
        "position": Position.STANDING,
        "phases": frozenset(Phase),
        "targets": ("lower back",),
        "dose": Dose(sets=2, reps=8),
    }
    values.update(fields)
    return ExerciseSpec(**values)


def test_every_content_exercise_becomes_a_spec_with_the_same_fields() -> None:
    exercises = load_exercises()
    library = load_library()
    assert len(library) == len(exercises) == 52
    for ex in exercises:
        got = library.get(ex.id)
        assert got.name == ex.name
        assert str(got.category) == str(ex.category)
        assert str(got.position) == str(ex.position)
        assert {str(p) for p in got.phases} == {str(p) for p in ex.phases}
        assert got.equipment == {str(e) for e in ex.equipment}
        assert (got.easier, got.harder) == (ex.easier, ex.harder)
        assert got.references == ex.references
        d = ex.dosage
        assert got.dose == Dose(
            d.sets, d.reps, d.hold_seconds, d.per_side, d.rest_seconds, d.minutes
        )


def test_the_library_iterates_in_id_order_and_builds_from_content() -> None:
    library = build_library(load_exercises())
    assert library.ids() == sorted(library.ids())
    assert [s.id for s in library] == library.ids()
    assert "bird-dog" in library and "no-such" not in library
    assert to_spec(load_exercises()[0]) == library.get(library.ids()[0])


def test_an_unknown_exercise_id_is_not_found_and_names_known_ids() -> None:
    with pytest.raises(NotFound, match="bird-dog"):
        load_library().get("bird-doge")


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([spec("a"), spec("a")], "duplicate exercise id 'a'"),
        ([spec("a", harder="b")], "links to a missing exercise 'b'"),
        ([spec("a", easier="zz"), spec("b")], "links to a missing exercise 'zz'"),
    ],
)
def test_a_library_rejects_duplicates_and_broken_links(
    specs: list[ExerciseSpec], message: str
) -> None:
    with pytest.raises(ContentError, match=message):
        Library(specs)


def test_a_spec_accepts_only_known_equipment() -> None:
    with pytest.raises(ValueError, match="unknown equipment"):
        spec("a", equipment=frozenset({"trampoline"}))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sets": 0, "reps": 5}, "at least one set"),
        ({"sets": 1}, "reps, hold_seconds or minutes"),
        ({"sets": 1, "minutes": 5, "reps": 3}, "timed dose"),
    ],
)
def test_a_dose_must_be_counted_held_or_timed(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Dose(**kwargs)


def test_a_mat_is_never_required() -> None:
    assert spec("a", equipment=frozenset({"mat", "chair"})).needs() == {"chair"}
