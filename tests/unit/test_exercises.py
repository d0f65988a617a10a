"""The exercise library: schema, dosing rules, links, loading and filtering."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from unknot.content.exercises import (
    MAX_STRENGTH_HOLD_SECONDS,
    STRETCH_HOLD_SECONDS,
    Category,
    Dosage,
    Exercise,
    Phase,
    Position,
    filter_exercises,
    get_exercise,
    library_problems,
    load_exercises,
    parse_exercise,
)
from unknot.content.references import load_references
from unknot.errors import ContentError, NotFound

# The fixed library of the brief (issue 3): id, category, position, phases, equipment,
# easier, harder. Every engineer relies on exactly these.
A, S, C, P = "acute", "subacute", "chronic", "prevention"
LIBRARY: list[tuple[str, str, str, set[str], set[str], str | None, str | None]] = [
    ("constructive-rest", "relief", "floor", {A, S}, set(), None, None),
    ("ninety-ninety-rest", "relief", "floor", {A}, {"chair"}, None, None),
    ("side-lying-rest", "relief", "any", {A}, {"pillow"}, None, None),
    ("prone-lying", "relief", "floor", {A}, {"pillow"}, None, None),
    ("supported-forward-lean", "relief", "standing", {A}, {"table"}, None, None),
    ("diaphragmatic-breathing", "relaxation", "any", {A, S, C, P}, set(), None, None),
    ("progressive-relaxation", "relaxation", "any", {A, S, C}, set(), None, None),
    ("knee-rocking", "mobility", "floor", {A, S, C}, set(), None, None),
    ("pelvic-tilt", "mobility", "floor", {A, S, C, P}, set(), None, None),
    ("seated-pelvic-tilt", "mobility", "chair", {A, S, C, P}, {"chair"}, None, None),
    ("cat-cow", "mobility", "floor", {S, C, P}, set(), None, None),
    ("chair-cat-cow", "mobility", "chair", {A, S, C, P}, {"chair"}, None, None),
    ("prone-on-elbows", "mobility", "floor", {A, S, C}, set(), None, None),
    ("standing-back-extension", "posture", "standing", {S, C, P}, set(), None, None),
    ("knee-to-chest", "stretch", "floor", {S, C, P}, set(), None, None),
    ("double-knee-to-chest", "stretch", "floor", {S, C, P}, set(), None, None),
    ("childs-pose", "stretch", "floor", {S, C, P}, set(), None, None),
    ("prone-press-up", "stretch", "floor", {S, C, P}, set(), None, None),
    ("lying-twist", "stretch", "floor", {S, C, P}, set(), None, None),
    ("seated-forward-bend", "stretch", "floor", {C, P}, set(), None, None),
    ("figure-four-stretch", "stretch", "floor", {S, C, P}, set(), None, None),
    ("glute-stretch", "stretch", "floor", {S, C, P}, set(), None, None),
    ("hamstring-stretch-towel", "stretch", "floor", {S, C, P}, {"towel"}, None, None),
    ("standing-hamstring-stretch", "stretch", "standing", {S, C, P}, {"step"}, None, None),
    ("hip-flexor-lunge", "stretch", "floor", {S, C, P}, {"cushion"}, None, None),
    ("standing-hip-flexor-stretch", "stretch", "standing", {S, C, P}, set(), None, None),
    ("standing-side-bend", "stretch", "standing", {S, C, P}, set(), None, None),
    ("chair-forward-bend", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-figure-four", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-hamstring-stretch", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-twist", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-side-bend", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-knee-hug", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("chair-hip-flexor-stretch", "stretch", "chair", {S, C, P}, {"chair"}, None, None),
    ("abdominal-brace", "strength", "floor", {S, C, P}, set(), None, "heel-slides"),
    ("heel-slides", "strength", "floor", {S, C, P}, set(), "abdominal-brace", "dead-bug"),
    ("dead-bug", "strength", "floor", {C, P}, set(), "heel-slides", None),
    ("curl-up", "strength", "floor", {C, P}, set(), "abdominal-brace", None),
    ("four-point-arm-reach", "strength", "floor", {S, C, P}, set(), None, "bird-dog"),
    ("bird-dog", "strength", "floor", {C, P}, set(), "four-point-arm-reach", None),
    ("glute-bridge", "strength", "floor", {S, C, P}, set(), None, "single-leg-bridge"),
    ("single-leg-bridge", "strength", "floor", {C, P}, set(), "glute-bridge", None),
    ("side-plank-knees", "strength", "floor", {C, P}, set(), None, "side-plank"),
    ("side-plank", "strength", "floor", {C, P}, set(), "side-plank-knees", None),
    ("clamshell", "strength", "floor", {S, C, P}, set(), None, None),
    ("front-plank-knees", "strength", "floor", {C, P}, set(), None, None),
    ("sit-to-stand", "strength", "chair", {S, C, P}, {"chair"}, None, None),
    ("hip-hinge", "posture", "standing", {S, C, P}, set(), None, None),
    ("walking", "aerobic", "standing", {A, S, C, P}, set(), None, None),
    ("marching-on-the-spot", "aerobic", "standing", {A, S, C, P}, set(), None, None),
    ("posture-reset", "posture", "chair", {A, S, C, P}, {"chair"}, None, None),
    ("stand-up-break", "posture", "standing", {A, S, C, P}, set(), None, None),
]

STOP_REASONS = re.compile(r"spread|down your leg|numbness|pins and needles", re.IGNORECASE)


def valid_data(**changes: Any) -> dict[str, Any]:
    """A valid exercise as parsed YAML, with ``changes`` applied (None deletes a key)."""
    data: dict[str, Any] = {
        "id": "test-stretch",
        "name": "Test stretch",
        "summary": "A stretch used only by the tests of the library.",
        "category": "stretch",
        "position": "floor",
        "phases": ["subacute", "chronic"],
        "targets": ["hamstrings"],
        "equipment": [],
        "dosage": {
            "sets": 3,
            "reps": None,
            "hold_seconds": 20,
            "per_side": True,
            "rest_seconds": 10,
            "minutes": None,
        },
        "steps": ["Lie down.", "Lift the leg.", "Hold it."],
        "mistakes": ["Bouncing."],
        "cautions": ["Stop if pain spreads down your leg."],
        "easier": None,
        "harder": None,
        "references": ["acsm-2011"],
    }
    for key, value in changes.items():
        if value is None and key not in {"easier", "harder"}:
            data.pop(key)
        else:
            data[key] = value
    return data


def dose(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"sets": 2, "reps": None, "hold_seconds": None, "per_side": False}
    base.update(changes)
    return base


def write_library(directory: Path, exercises: list[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for data in exercises:
        (directory / f"{data['id']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return directory


# --- the shipped library -------------------------------------------------------------------


def test_the_library_holds_exactly_the_fixed_exercises() -> None:
    assert {ex.id for ex in load_exercises()} == {row[0] for row in LIBRARY}


@pytest.mark.parametrize(
    ("ident", "category", "position", "phases", "equipment", "easier", "harder"), LIBRARY
)
def test_each_exercise_matches_the_fixed_library(
    ident: str,
    category: str,
    position: str,
    phases: set[str],
    equipment: set[str],
    easier: str | None,
    harder: str | None,
) -> None:
    ex = get_exercise(ident)
    assert ex.category == category
    assert ex.position == position
    assert set(ex.phases) == phases
    assert set(ex.equipment) == equipment
    assert (ex.easier, ex.harder) == (easier, harder)


def test_exercises_are_sorted_by_id() -> None:
    ids = [ex.id for ex in load_exercises()]
    assert ids == sorted(ids)


@pytest.mark.parametrize("ident", [row[0] for row in LIBRARY])
def test_every_exercise_says_when_to_stop_for_leg_symptoms(ident: str) -> None:
    ex = get_exercise(ident)
    assert any(STOP_REASONS.search(text) for text in ex.cautions)


@pytest.mark.parametrize("ident", [row[0] for row in LIBRARY])
def test_every_step_is_a_short_sentence(ident: str) -> None:
    for step in get_exercise(ident).steps:
        assert len(step.split()) <= 25, step
        assert step.endswith("."), step


def test_every_cited_reference_exists_in_the_bibliography() -> None:
    known = set(load_references())
    for ex in load_exercises():
        assert set(ex.references) <= known, ex.id


def test_no_acute_phase_exercise_is_strengthening_or_stretching() -> None:
    acute = filter_exercises(load_exercises(), phase=Phase.ACUTE)
    assert acute
    assert all(ex.category not in {Category.STRENGTH, Category.STRETCH} for ex in acute)


def test_every_stretch_is_held_fifteen_to_thirty_seconds_about_a_minute_in_all() -> None:
    stretches = filter_exercises(load_exercises(), category=Category.STRETCH)
    assert len(stretches) >= 15
    for ex in stretches:
        hold = ex.dosage.hold_seconds
        assert hold is not None and 15 <= hold <= 30, ex.id
        assert 2 <= ex.dosage.sets <= 4, ex.id
        assert 40 <= ex.dosage.sets * hold <= 120, ex.id


def test_walking_starts_at_ten_to_fifteen_minutes() -> None:
    minutes = get_exercise("walking").dosage.minutes
    assert minutes is not None and 10 <= minutes <= 15


def test_strength_holds_are_short_endurance_holds() -> None:
    for ex in filter_exercises(load_exercises(), category=Category.STRENGTH):
        assert 2 <= ex.dosage.sets <= 3, ex.id
        assert (ex.dosage.hold_seconds or 0) <= 10, ex.id


# --- lookup and filters ----------------------------------------------------------------------


def test_an_unknown_id_is_not_found_and_lists_the_known_ids() -> None:
    with pytest.raises(NotFound) as info:
        get_exercise("bird-cat")
    assert info.value.kind == "exercise"
    assert info.value.ident == "bird-cat"
    assert "bird-dog" in str(info.value)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"category": Category.RELAXATION}, {"diaphragmatic-breathing", "progressive-relaxation"}),
        (
            {"category": Category.RELIEF, "phase": Phase.SUBACUTE},
            {"constructive-rest"},
        ),
        (
            {"category": Category.STRENGTH, "position": Position.CHAIR},
            {"sit-to-stand"},
        ),
        (
            {"category": Category.AEROBIC, "phase": Phase.ACUTE},
            {"walking", "marching-on-the-spot"},
        ),
        (
            {"position": Position.ANY},
            {"side-lying-rest", "diaphragmatic-breathing", "progressive-relaxation"},
        ),
    ],
)
def test_filters_keep_only_the_matching_exercises(
    filters: dict[str, Any], expected: set[str]
) -> None:
    assert {ex.id for ex in filter_exercises(load_exercises(), **filters)} == expected


def test_a_position_filter_keeps_exercises_that_suit_any_position() -> None:
    chair = {ex.id for ex in filter_exercises(load_exercises(), position=Position.CHAIR)}
    assert "diaphragmatic-breathing" in chair
    assert "seated-pelvic-tilt" in chair
    assert "bird-dog" not in chair


def test_no_filter_keeps_everything() -> None:
    assert filter_exercises(load_exercises()) == load_exercises()


# --- dosage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            dose(sets=3, hold_seconds=30, per_side=True, rest_seconds=20),
            "3 × 30 s each side, rest 20 s",
        ),
        (
            dose(sets=2, reps=6, hold_seconds=8, per_side=True, rest_seconds=30),
            "2 × 6 reps each side, hold 8 s, rest 30 s",
        ),
        (dose(sets=2, reps=10, rest_seconds=45), "2 × 10 reps, rest 45 s"),
        (dose(sets=1, reps=3, hold_seconds=5, rest_seconds=10), "3 reps, hold 5 s, rest 10 s"),
        (dose(sets=1, reps=1), "1 rep"),
        (dose(sets=1, minutes=10), "10 min"),
        (dose(sets=2, minutes=1, rest_seconds=30), "2 × 1 min, rest 30 s"),
        (dose(sets=1, minutes=5, rest_seconds=30), "5 min"),
        (dose(sets=2, reps=8), "2 × 8 reps"),
    ],
)
def test_a_dose_reads_in_words(fields: dict[str, Any], words: str) -> None:
    assert Dosage.model_validate(fields).in_words() == words


@pytest.mark.parametrize(
    "fields",
    [
        dose(),  # nothing to do
        dose(minutes=5, reps=3),
        dose(minutes=5, hold_seconds=10),
        dose(sets=0, reps=5),
        dose(reps=0),
        dose(reps=5, rest_seconds=-1),
        dose(reps=5, surprise=1),
    ],
)
def test_a_dose_without_one_clear_kind_or_out_of_range_is_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Dosage.model_validate(fields)


# --- one file's rules ------------------------------------------------------------------------


def test_a_valid_exercise_parses() -> None:
    ex = parse_exercise(valid_data(), "test-stretch.yaml")
    assert isinstance(ex, Exercise)
    assert ex.describe_dose() == "3 × 20 s each side, rest 10 s"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "yoga"}, "category"),
        ({"position": "bed"}, "position"),
        ({"phases": ["acute", "someday"]}, "phases"),
        ({"phases": []}, "phases"),
        ({"equipment": ["dumbbell"]}, "equipment"),
        ({"steps": ["One.", "Two."]}, "steps"),
        ({"mistakes": []}, "mistakes"),
        ({"cautions": []}, "cautions"),
        ({"references": []}, "references"),
        ({"id": "Bird_Dog"}, "id"),
        ({"name": None}, "name"),
        ({"cautoins": ["typo"]}, "cautoins"),
        ({"easier": "Not An Id"}, "easier"),
    ],
)
def test_a_schema_problem_names_the_file_and_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_exercise(valid_data(**changes), "test-stretch.yaml")
    assert str(info.value).startswith(f"test-stretch.yaml: {field}")


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"phases": ["acute"]}, "acute phase"),
        (
            {
                "category": "strength",
                "phases": ["acute", "chronic"],
                "dosage": dose(reps=8, rest_seconds=30),
            },
            "acute phase",
        ),
        ({"harder": "test-stretch"}, "itself"),
        ({"phases": ["chronic", "chronic"]}, "repeated"),
        ({"references": ["acsm-2011", "acsm-2011"]}, "repeated"),
        ({"steps": ["One.", "", "Three."]}, "empty"),
    ],
)
def test_rules_beyond_the_schema_are_enforced(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ContentError, match=fragment):
        parse_exercise(valid_data(**changes), "test-stretch.yaml")


@pytest.mark.parametrize(
    ("hold", "sets", "ok"),
    [
        (14, 4, False),
        (15, 3, True),
        (30, 2, True),
        (31, 2, False),
        (20, 1, False),
        (20, 2, True),  # 40 s in all: the gentlest start
        (15, 2, False),  # only 30 s in all
        (30, 4, True),  # 120 s in all
        (20, 5, False),
    ],
)
def test_stretch_holds_follow_the_acsm_range(hold: int, sets: int, ok: bool) -> None:
    data = valid_data(dosage=dose(sets=sets, hold_seconds=hold, rest_seconds=10))
    if ok:
        assert parse_exercise(data, "x.yaml").dosage.hold_seconds == hold
    else:
        with pytest.raises(ContentError, match="dosage"):
            parse_exercise(data, "x.yaml")


def test_a_stretch_counted_in_reps_is_refused() -> None:
    with pytest.raises(ContentError, match="static hold"):
        parse_exercise(valid_data(dosage=dose(reps=10, hold_seconds=20)), "x.yaml")


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        (dose(sets=2, reps=6, hold_seconds=10), True),
        (dose(sets=2, reps=6, hold_seconds=11), False),
        (dose(sets=3, reps=8), True),
        (dose(sets=1, reps=8), False),
        (dose(sets=4, reps=8), False),
        (dose(sets=2, hold_seconds=10), False),  # strengthening counts reps
        (dose(sets=2, minutes=5), False),
    ],
)
def test_strengthening_is_two_to_three_sets_with_holds_of_at_most_ten_seconds(
    fields: dict[str, Any], ok: bool
) -> None:
    assert MAX_STRENGTH_HOLD_SECONDS == 10
    data = valid_data(category="strength", dosage=fields)
    if ok:
        parse_exercise(data, "x.yaml")
    else:
        with pytest.raises(ContentError, match="dosage"):
            parse_exercise(data, "x.yaml")


@pytest.mark.parametrize("category", ["aerobic", "relief", "relaxation"])
def test_walking_rest_positions_and_breathing_are_dosed_in_minutes(category: str) -> None:
    with pytest.raises(ContentError, match="minutes"):
        parse_exercise(valid_data(category=category, dosage=dose(reps=10)), "x.yaml")
    ok = parse_exercise(valid_data(category=category, dosage=dose(sets=1, minutes=5)), "x.yaml")
    assert ok.dosage.minutes == 5


@given(
    hold=st.integers(min_value=1, max_value=120),
    sets=st.integers(min_value=1, max_value=6),
)
def test_any_stretch_that_loads_is_within_every_stretch_bound(hold: int, sets: int) -> None:
    data = valid_data(dosage=dose(sets=sets, hold_seconds=hold, rest_seconds=10))
    try:
        ex = parse_exercise(data, "x.yaml")
    except ContentError:
        return
    low, high = STRETCH_HOLD_SECONDS
    assert low <= hold <= high and 2 <= sets <= 4 and 40 <= hold * sets <= 120
    assert ex.dosage.sets == sets


# --- the library as a whole ------------------------------------------------------------------


def chain(*ids_and_links: tuple[str, str | None, str | None]) -> list[Exercise]:
    return [
        parse_exercise(valid_data(id=i, easier=e, harder=h), f"{i}.yaml")
        for i, e, h in ids_and_links
    ]


REFS = {"acsm-2011"}


def test_a_consistent_chain_has_no_problems() -> None:
    exercises = chain(
        ("a-one", None, "b-two"), ("b-two", "a-one", "c-three"), ("c-three", "b-two", None)
    )
    assert library_problems(exercises, REFS) == []


def test_a_link_to_a_missing_exercise_is_a_problem() -> None:
    problems = library_problems(chain(("a-one", None, "ghost")), REFS)
    assert [(p.exercise_id, p.field) for p in problems] == [("a-one", "harder")]
    assert "ghost" in problems[0].message


def test_a_harder_link_without_an_easier_link_back_is_a_problem() -> None:
    problems = library_problems(chain(("a-one", None, "b-two"), ("b-two", None, None)), REFS)
    assert [(p.exercise_id, p.field) for p in problems] == [("a-one", "harder")]


def test_an_easier_link_may_name_another_exercise_than_the_one_pointing_at_it() -> None:
    # curl-up's easier is abdominal-brace, whose harder is heel-slides: that is reasonable.
    exercises = chain(("brace", None, "slides"), ("slides", "brace", None), ("curl", "brace", None))
    assert library_problems(exercises, REFS) == []


def test_a_loop_in_a_chain_is_a_problem() -> None:
    exercises = chain(("a-one", "b-two", "b-two"), ("b-two", "a-one", "a-one"))
    assert any("loops" in p.message for p in library_problems(exercises, REFS))


def test_a_missing_reference_and_a_duplicate_id_are_problems() -> None:
    exercises = chain(("a-one", None, None), ("a-one", None, None))
    problems = library_problems(exercises, set())
    fields = sorted(p.field for p in problems)
    assert fields == ["id", "references", "references"]


def test_loading_a_directory_reads_every_file_sorted(tmp_path: Path) -> None:
    write_library(tmp_path, [valid_data(id="b-stretch"), valid_data(id="a-stretch")])
    assert [ex.id for ex in load_exercises(tmp_path)] == ["a-stretch", "b-stretch"]


def test_a_file_must_be_named_after_its_id(tmp_path: Path) -> None:
    (tmp_path / "wrong-name.yaml").write_text(yaml.safe_dump(valid_data()), encoding="utf-8")
    with pytest.raises(ContentError, match=r"wrong-name\.yaml: id"):
        load_exercises(tmp_path)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("id: [unclosed", "not valid YAML"), ("- a list\n", "mapping")],
)
def test_a_file_that_is_not_a_yaml_mapping_is_a_content_error(
    tmp_path: Path, text: str, fragment: str
) -> None:
    (tmp_path / "broken.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=fragment):
        load_exercises(tmp_path)


def test_loading_fails_on_a_broken_link_naming_the_file_and_field(tmp_path: Path) -> None:
    write_library(tmp_path, [valid_data(id="a-stretch", harder="nowhere")])
    with pytest.raises(ContentError, match=r"a-stretch\.yaml: harder: no exercise"):
        load_exercises(tmp_path)


def test_loading_fails_on_an_unknown_reference(tmp_path: Path) -> None:
    write_library(tmp_path, [valid_data(references=["made-up-2099"])])
    with pytest.raises(ContentError, match="made-up-2099"):
        load_exercises(tmp_path)


def test_the_default_library_is_read_once_and_copies_are_handed_out() -> None:
    first = load_exercises()
    first.clear()
    assert len(load_exercises()) == len(LIBRARY)


def test_exercises_are_frozen() -> None:
    ex = get_exercise("bird-dog")
    with pytest.raises(ValueError):
        ex.name = "Cat dog"  # type: ignore[misc]
    assert get_exercise("bird-dog").name == "Bird dog"
