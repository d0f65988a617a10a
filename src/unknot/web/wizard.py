"""The questionnaire as pages of a web form, over :mod:`unknot.content.questionnaire`.

The order, the conditions, the red-flag stops and the parsing of replies are the
questionnaire's own (:func:`walk`, :func:`early_stop`, :func:`after_red_flags`,
:meth:`Question.parse`); this module only groups the questions into pages:

* a page holds the next questions still to ask, all from one section (or, for the short
  spasm check, from every section in scope);
* a question whose condition depends on an answer on the same page is not yet due when the
  page is drawn, so :func:`walk` leaves it out; it comes on a follow-up page once answered;
* after a page with red-flag questions, an emergency stops at once; leaving the red-flag
  sections with an urgent result stops too.

The answers so far travel as a :class:`Draft` (signed by the caller), so no server state is
needed and the form works without JavaScript.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from unknot.content.questionnaire import (
    Question,
    Questionnaire,
    Section,
    after_red_flags,
    early_stop,
    set_path,
    walk,
)
from unknot.domain.answers import FORMAT, parse_answers
from unknot.domain.triage import TriageResult, triage
from unknot.domain.validation import parse
from unknot.errors import InvalidInput

EMERGENCY_SECTION: Final = "emergency"
"""The section of questions whose yes means "get help now" (``assessment.yaml``)."""

SPASM_CHECK_FIELDS: Final = frozenset({"age"})
"""Asked with the emergency section in the spasm check: triage needs the person's age."""

InScope = Callable[[Section, Question], bool]


def whole_assessment(section: Section, question: Question) -> bool:
    """Every question of the questionnaire."""
    return True


def spasm_check(section: Section, question: Question) -> bool:
    """The short safety check before first aid: age, then the emergency questions."""
    return section.id == EMERGENCY_SECTION or question.field in SPASM_CHECK_FIELDS


class _DraftModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, Any]
    asked: list[str]


@dataclass(frozen=True)
class Draft:
    """The answers so far (``unknot.assessment/v1`` shape) and the fields already asked."""

    data: dict[str, Any] = field(default_factory=lambda: {"format": FORMAT})
    asked: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"data": self.data, "asked": list(self.asked)}

    @classmethod
    def from_json(cls, value: Any) -> Draft:
        model = parse(_DraftModel, value, "draft")
        return cls(model.data, tuple(model.asked))


@dataclass(frozen=True)
class Page:
    """The questions to show together, each with its section."""

    items: tuple[tuple[Section, Question], ...]

    @property
    def section(self) -> Section:
        return self.items[0][0]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for _, question in self.items)

    @property
    def red_flag_sections(self) -> list[Section]:
        seen: dict[str, Section] = {}
        for section, _ in self.items:
            if section.red_flags:
                seen.setdefault(section.id, section)
        return list(seen.values())


def next_page(
    questionnaire: Questionnaire, draft: Draft, in_scope: InScope, *, one_section: bool = True
) -> Page | None:
    """The next page to show, or None when every question in scope has been asked."""
    items: list[tuple[Section, Question]] = []
    data = copy.deepcopy(draft.data)
    for section, question in walk(questionnaire, data):
        if not in_scope(section, question) or question.field in draft.asked:
            continue
        if items and one_section and section.id != items[0][0].id:
            break
        items.append((section, question))
    return Page(tuple(items)) if items else None


def sections_in_scope(questionnaire: Questionnaire, in_scope: InScope) -> list[Section]:
    return [s for s in questionnaire.sections if any(in_scope(s, q) for q in s.questions)]


@dataclass(frozen=True)
class Replies:
    """A page's form read: the parsed values, the errors by field, and what was sent."""

    values: dict[str, Any]
    errors: dict[str, str]
    sent: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def read_replies(page: Page, form: Mapping[str, Sequence[str]]) -> Replies:
    """Parse each question's reply with :meth:`Question.parse` (several boxes ticked for a
    multiple choice are joined with spaces, which the parser splits)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    sent: dict[str, list[str]] = {}
    for question in page.questions:
        parts = [str(part).strip() for part in form.get(question.field, ())]
        parts = [part for part in parts if part]
        sent[question.field] = parts
        try:
            values[question.field] = question.parse(" ".join(parts))
        except InvalidInput as error:
            errors[question.field] = error.message
    return Replies(values, errors, sent)


class Step(StrEnum):
    ASK = "ask"
    """More questions: show ``page``."""
    STOP = "stop"
    """A red-flag answer stopped the questionnaire: show ``result`` (emergency or urgent)."""
    DONE = "done"
    """Every question in scope was asked: show ``result``."""


@dataclass(frozen=True)
class Outcome:
    step: Step
    draft: Draft
    page: Page | None = None
    result: TriageResult | None = None


def advance(
    questionnaire: Questionnaire,
    draft: Draft,
    page: Page,
    values: Mapping[str, Any],
    in_scope: InScope,
    *,
    one_section: bool = True,
) -> Outcome:
    """Record a page's values and say what comes next."""
    data = copy.deepcopy(draft.data)
    for name, value in values.items():
        set_path(data, name, value)
    for _ in walk(questionnaire, data):
        pass  # records the self-tests skipped in a spasm, as the terminal assessment does
    new = Draft(data, (*draft.asked, *(q.field for q in page.questions)))
    for section in page.red_flag_sections:
        stop = early_stop(data, section)
        if stop is not None:
            return Outcome(Step.STOP, new, result=stop)
    following = next_page(questionnaire, new, in_scope, one_section=one_section)
    leaving_red_flags = following is None or not following.red_flag_sections
    if page.red_flag_sections and leaving_red_flags:
        stop = after_red_flags(data)
        if stop is not None:
            return Outcome(Step.STOP, new, result=stop)
    if following is not None:
        return Outcome(Step.ASK, new, page=following)
    answers, _ = parse_answers(copy.deepcopy(data))
    return Outcome(Step.DONE, new, result=triage(answers))
