"""The assessment questionnaire (``assessment.yaml``): loading, validating, and the logic any
front end (terminal or web) uses to walk through it.

The walk is red-flag questions first; after each one the caller runs :func:`early_stop`, which
stops at once on an emergency answer.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from unknot.domain.answers import Answers, parse_answers
from unknot.domain.triage import Level, TriageResult, triage
from unknot.domain.validation import field_path
from unknot.errors import ContentError, InvalidInput

QUESTIONNAIRE_FILE = Path(__file__).parent / "assessment.yaml"

SPASM_DAYS = 2
"""The first 24-48 hours of a spasm: no self-tests then (clinical reference section 5-6:
gentle movement only)."""

SPASM_PAIN = 7
"""Pain of 7/10 or more right now: self-tests are skipped so that they cannot provoke a flare."""


class Kind(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    INTEGER = "integer"
    NUMBER = "number"
    MULTI = "multi"


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str
    label: str


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    field: str
    in_: list[Any] | None = Field(default=None, alias="in")
    not_in: list[Any] | None = None

    def holds(self, data: dict[str, Any]) -> bool:
        value = get_path(data, self.field)
        if self.in_ is not None:
            return value in self.in_
        if self.not_in is not None:
            return value is not None and value not in self.not_in
        return True


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    field: str
    kind: Kind
    text: str
    help: str = ""
    choices: list[Choice] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    unit: str = ""
    optional: bool = False
    rule: str | None = None
    ask_if: Condition | None = None

    @model_validator(mode="after")
    def _choices_match_kind(self) -> Question:
        has_choices = self.kind in (Kind.CHOICE, Kind.MULTI)
        if has_choices and not self.choices:
            raise ValueError(f"{self.field}: a {self.kind} question needs choices")
        if not has_choices and self.choices:
            raise ValueError(f"{self.field}: a {self.kind} question takes no choices")
        return self

    def allowed(self) -> str:
        """What a reply may be, in words, for error messages."""
        if self.kind == Kind.YES_NO:
            return "yes or no"
        if self.kind in (Kind.CHOICE, Kind.MULTI):
            options = ", ".join(f"{i} ({c.label})" for i, c in enumerate(self.choices, 1))
            several = "one or more of " if self.kind == Kind.MULTI else "one of "
            return several + options
        unit = f" {self.unit}" if self.unit else ""
        whole = "a whole number" if self.kind == Kind.INTEGER else "a number"
        return f"{whole} from {self.min:g} to {self.max:g}{unit}"

    def parse(self, reply: str) -> Any:
        """Turn what a person typed into the answer value, or raise InvalidInput naming the
        field and what is allowed. A blank reply to an optional question returns None."""
        text = reply.strip()
        if not text:
            if self.optional:
                return [] if self.kind == Kind.MULTI else None
            raise InvalidInput(self.field, f"an answer is needed: {self.allowed()}")
        if self.kind == Kind.YES_NO:
            low = text.lower()
            if low in ("y", "yes", "true", "1"):
                return True
            if low in ("n", "no", "false", "0"):
                return False
        elif self.kind == Kind.CHOICE:
            choice = self._choice(text)
            if choice is not None:
                return choice
        elif self.kind == Kind.MULTI:
            picked = [self._choice(part) for part in text.replace(",", " ").split()]
            if picked and all(p is not None for p in picked):
                return list(dict.fromkeys(p for p in picked if p is not None))
        else:
            number = _number(text)
            if number is not None and self.kind == Kind.INTEGER and number != int(number):
                number = None
            if number is not None and self._in_range(number):
                return int(number) if self.kind == Kind.INTEGER else number
        raise InvalidInput(self.field, f"got {text!r}; please answer {self.allowed()}")

    def _choice(self, text: str) -> str | None:
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return self.choices[int(text) - 1].value
        for c in self.choices:
            if text.lower() in (c.value.lower(), c.label.lower()):
                return c.value
        return None

    def _in_range(self, number: float) -> bool:
        return (self.min is None or number >= self.min) and (self.max is None or number <= self.max)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    intro: str = ""
    red_flags: bool = False
    skip_if_spasm: bool = False
    questions: list[Question]


class Questionnaire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sections: list[Section]

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@functools.cache
def _default() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE_FILE)


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Load and validate the questionnaire; ContentError names the file and the field."""
    if path is None:
        return _default()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        questionnaire = Questionnaire.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise ContentError(
            f"{path.name}: {field_path(tuple(first['loc']))}: {first['msg']}"
        ) from None
    fields = [q.field for q in questionnaire.questions()]
    duplicates = sorted({f for f in fields if fields.count(f) > 1})
    if duplicates:
        raise ContentError(f"{path.name}: fields asked twice: {', '.join(duplicates)}")
    return questionnaire


def get_path(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``a.b`` in nested dicts; a None value removes the field (left out, not "no")."""
    *parents, leaf = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def in_spasm(data: dict[str, Any]) -> bool:
    days = get_path(data, "episode.duration_days")
    pain = get_path(data, "pain.now")
    return (days is not None and days <= SPASM_DAYS) or (pain is not None and pain >= SPASM_PAIN)


def walk(questionnaire: Questionnaire, data: dict[str, Any]) -> Iterator[tuple[Section, Question]]:
    """The questions still to ask, in order, given the answers so far (``data`` is read
    afresh at each step, so conditions see earlier replies)."""
    for section in questionnaire.sections:
        for question in section.questions:
            if section.skip_if_spasm and in_spasm(data):
                set_path(data, question.field, _skipped(question))
                continue
            if question.ask_if is not None and not question.ask_if.holds(data):
                continue
            yield section, question


def _skipped(question: Question) -> Any:
    values = [c.value for c in question.choices]
    return "not_done" if "not_done" in values else None


def partial_answers(data: dict[str, Any]) -> Answers | None:
    """The answers so far as a model, or None while they are not yet valid (e.g. no age)."""
    try:
        answers, _ = parse_answers(copy.deepcopy(data))
    except InvalidInput:
        return None
    return answers


def early_stop(data: dict[str, Any], section: Section) -> TriageResult | None:
    """After a red-flag question: the triage result if the questionnaire must stop now.

    An emergency stops at once. An urgent level stops at the end of the red-flag sections
    (the person needs a same-day check, not more questions).
    """
    if not section.red_flags:
        return None
    answers = partial_answers(data)
    if answers is None:
        return None
    result = triage(answers)
    if result.level == Level.EMERGENCY:
        return result
    return None


def after_red_flags(data: dict[str, Any]) -> TriageResult | None:
    """Once the red-flag sections are done: the result if it is urgent (stop), else None."""
    answers = partial_answers(data)
    if answers is None:
        return None
    result = triage(answers)
    return result if result.level.rank >= Level.URGENT.rank else None
