"""The instrument registry, the ``score`` entry point, and the rules every instrument module
keeps (named constants with docstrings, a domain that imports only stdlib and pydantic)."""

from __future__ import annotations

import ast
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

import unknot.domain.instruments as instruments
from unknot.domain.instruments import INSTRUMENTS, get_instrument, parse_answers, score
from unknot.domain.validation import unknown_fields
from unknot.errors import InvalidInput, NotFound

PACKAGE_DIR = Path(instruments.__file__).parent
MODULES = sorted(PACKAGE_DIR.glob("*.py"))

VALID: dict[str, Any] = {
    "startback": {f"q{i}": "disagree" for i in range(1, 9)} | {"q9": "slightly"},
    "rmdq": {"ticked": [2, 4]},
    "odi": dict.fromkeys(
        [
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
        ],
        1,
    ),
    "nrs": {"score": 4},
    "psfs": {"activities": {"walking": 4}},
    "asas-ibp": {
        "age_at_onset": 30,
        "back_pain_months": 6,
        "insidious_onset": True,
        "improves_with_exercise": True,
        "no_improvement_with_rest": False,
        "night_pain_improves_on_getting_up": False,
    },
    "berlin-ibp": {
        "age": 30,
        "back_pain_months": 6,
        "morning_stiffness_minutes": 45,
        "improves_with_exercise_not_rest": False,
        "wakes_second_half_of_night": False,
        "alternating_buttock_pain": False,
    },
    "ng65": {
        "age_at_onset": 30,
        "back_pain_months": 6,
        "wakes_second_half_of_night": False,
        "buttock_pain": False,
        "improves_with_movement": True,
        "improves_within_48h_of_nsaid": False,
        "relative_with_spondyloarthritis": False,
        "arthritis": False,
        "enthesitis": False,
        "psoriasis": False,
    },
}


def test_the_registry_names_exactly_the_instruments_of_the_spec() -> None:
    assert list(INSTRUMENTS) == [
        "startback",
        "rmdq",
        "odi",
        "nrs",
        "psfs",
        "asas-ibp",
        "berlin-ibp",
        "ng65",
    ]
    assert set(VALID) == set(INSTRUMENTS)


@pytest.mark.parametrize("name", list(VALID))
def test_each_instrument_scores_valid_answers_through_its_own_model_and_scorer(
    name: str,
) -> None:
    instrument = get_instrument(name)
    parsed = parse_answers(name, VALID[name])
    assert isinstance(parsed, instrument.answers_model)
    assert score(name, VALID[name]) == instrument.scorer(parsed)
    assert instrument.help and instrument.title and instrument.sources


@pytest.mark.parametrize("name", list(VALID))
def test_unknown_fields_are_kept_for_a_warning_and_do_not_change_the_score(name: str) -> None:
    data = {**VALID[name], "comment": "felt stiff"}
    assert unknown_fields(parse_answers(name, data)) == ["comment"]
    assert score(name, data) == score(name, VALID[name])


@pytest.mark.parametrize("data", [[], "q1", None, 3])
def test_answers_that_are_not_an_object_are_invalid(data: Any) -> None:
    with pytest.raises(InvalidInput):
        score("nrs", data)


@pytest.mark.parametrize("name", ["oswestry", "STARTBACK", "", "asas"])
def test_an_unknown_instrument_is_not_found_and_the_error_lists_the_known_ones(
    name: str,
) -> None:
    with pytest.raises(NotFound) as caught:
        score(name, {})
    assert "startback" in str(caught.value)
    assert "ng65" in str(caught.value)


def test_every_source_is_in_the_bibliography() -> None:
    text = files("unknot.content").joinpath("references.yaml").read_text(encoding="utf-8")
    known = {entry["id"] for entry in yaml.safe_load(text)}
    cited = {source for instrument in INSTRUMENTS.values() for source in instrument.sources}
    assert cited <= known


def _constants_without_docstring(module: Path) -> list[str]:
    body = ast.parse(module.read_text(encoding="utf-8")).body
    missing = []
    for statement, following in zip(body, [*body[1:], None], strict=True):
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            documented = isinstance(following, ast.Expr) and isinstance(
                following.value, ast.Constant
            )
            missing += [
                n for n in names if n.isupper() and not n.startswith("_") and not documented
            ]
    return missing


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_every_named_constant_has_a_docstring(module: Path) -> None:
    assert _constants_without_docstring(module) == []


ALLOWED_ROOTS = {"pydantic", "pydantic_core", "unknot"}


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.name)
def test_the_instruments_import_only_the_standard_library_pydantic_and_the_domain(
    module: Path,
) -> None:
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            root = name.split(".")[0]
            assert root in sys.stdlib_module_names or root in ALLOWED_ROOTS, name
            if root == "unknot":
                assert name.startswith(("unknot.domain", "unknot.errors")), name
