"""The assessment questionnaire asks every field of unknot.assessment/v1, red flags first,
with choices the answers model accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from unknot.content.questionnaire import Kind, load_questionnaire, set_path
from unknot.domain.answers import Answers, parse_answers
from unknot.domain.triage import RULES, Level
from unknot.errors import ContentError, InvalidInput


def leaf_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        nested = [t for t in getattr(annotation, "__args__", (annotation,)) if isinstance(t, type)]
        block = next((t for t in nested if issubclass(t, BaseModel)), None)
        if block is not None:
            out |= leaf_fields(block, f"{prefix}{name}.")
        else:
            out.add(f"{prefix}{name}")
    return out


def test_every_answer_field_is_asked_exactly_once() -> None:
    asked = [q.field for q in load_questionnaire().questions()]
    assert len(asked) == len(set(asked))
    assert set(asked) == leaf_fields(Answers) - {"format"}


def test_red_flag_sections_come_straight_after_age() -> None:
    sections = load_questionnaire().sections
    assert sections[0].questions[0].field == "age"
    assert [s.red_flags for s in sections[1:3]] == [True, True]
    assert not any(s.red_flags for s in sections[3:])


def test_every_emergency_rule_is_asked_in_the_first_safety_section() -> None:
    first = load_questionnaire().sections[1]
    asked_rules = {q.rule for q in first.questions}
    emergency = {r.id for r in RULES if r.level == Level.EMERGENCY}
    assert emergency <= asked_rules


def test_every_named_rule_exists() -> None:
    ids = {r.id for r in RULES}
    for q in load_questionnaire().questions():
        assert q.rule is None or q.rule in ids, q.field


def test_every_choice_value_is_accepted_by_the_answers_model() -> None:
    for q in load_questionnaire().questions():
        for choice in q.choices:
            data: dict[str, Any] = {"age": 40}
            value: Any = [choice.value] if q.kind == Kind.MULTI else choice.value
            set_path(data, q.field, value)
            parse_answers(data)  # raises if the value is not allowed


@pytest.mark.parametrize(
    ("field", "reply", "value"),
    [
        ("red_flags.saddle_numbness", "Y", True),
        ("red_flags.saddle_numbness", "no", False),
        ("legs.weakness", "3", "both_legs"),
        ("legs.weakness", "one_leg", "one_leg"),
        ("legs.weakness", "Yes, one leg", "one_leg"),
        ("age", "16", 16),
        ("red_flags.temperature_c", "38.5", 38.5),
        ("red_flags.temperature_c", "", None),
        ("preferences.equipment", "2, 3 2", ["chair", "towel"]),
        ("preferences.equipment", "", []),
    ],
)
def test_replies_are_read_as_a_person_would_mean_them(field: str, reply: str, value: Any) -> None:
    question = next(q for q in load_questionnaire().questions() if q.field == field)
    assert question.parse(reply) == value


@pytest.mark.parametrize(
    ("field", "reply", "message"),
    [
        ("age", "15", "a whole number from 16 to 120"),
        ("age", "40.5", "a whole number from 16 to 120"),
        ("age", "", "an answer is needed"),
        ("legs.weakness", "4", "1 (No), 2 (Yes, one leg), 3 (Yes, both legs)"),
        ("red_flags.temperature_c", "nan", "a number from 30 to 45 °C"),
        ("red_flags.saddle_numbness", "perhaps", "yes or no"),
    ],
)
def test_a_bad_reply_names_the_field_and_what_is_allowed(
    field: str, reply: str, message: str
) -> None:
    question = next(q for q in load_questionnaire().questions() if q.field == field)
    with pytest.raises(InvalidInput) as caught:
        question.parse(reply)
    assert caught.value.field == field
    assert message in caught.value.message


def test_a_malformed_questionnaire_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text(
        "sections:\n  - id: a\n    title: A\n    questions:\n"
        "      - {field: age, kind: choice, text: How old}\n"
    )
    with pytest.raises(ContentError, match=r"q\.yaml: .*needs choices"):
        load_questionnaire(bad)


def test_the_default_questionnaire_validates_against_the_answers_model_shape() -> None:
    # A full set of first choices makes valid answers.
    data: dict[str, Any] = {}
    for q in load_questionnaire().questions():
        if q.kind in (Kind.CHOICE, Kind.MULTI):
            set_path(
                data, q.field, [q.choices[0].value] if q.kind == Kind.MULTI else q.choices[0].value
            )
        elif q.kind == Kind.YES_NO:
            set_path(data, q.field, False)
        else:
            set_path(data, q.field, int(q.min or 0) if q.kind == Kind.INTEGER else q.min)
    data["age"] = 40
    data["episode"]["age_at_first_onset"] = 30
    answers, warnings = parse_answers(data)
    assert warnings == []
    assert isinstance(answers, Answers)
