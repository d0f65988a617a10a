"""A person's plan: the active one restored from storage, its day for a date, and plans made
without any storage (``unknot plan --answers FILE --start DATE``).

A stored plan (``PlanRecord.plan``) is the plan's ``unknot.plan/v1`` JSON plus one key,
:data:`SOURCE_KEY`: the id of the assessment whose answers it was made from. Diary reports of new
symptoms add assessments of their own, so "the latest assessment" is not always the plan's; the
key says which one is. Restoring rebuilds the plan from those answers and checks it against the
JSON (:func:`unknot.domain.plan.restore_plan`). Beside each plan its state is stored
(:func:`stored_state`), which the weekly review of everyone reads instead of the full JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from unknot.content.library import load_library
from unknot.domain.answers import Answers, parse_answers
from unknot.domain.plan import Day, Library, Plan, generate_plan, plan_state, restore_plan
from unknot.domain.records import NOTES_MAX_LENGTH, AssessmentRecord, DiaryDay, PlanRecord
from unknot.domain.triage import TriageResult, triage
from unknot.errors import InvalidInput, NotFound, UnknotError
from unknot.services.unit_of_work import UnitOfWork

SOURCE_KEY: Final = "assessment_id"
"""The key of a stored plan that names the assessment it was made from."""


class NoPlanYet(NotFound):
    """The person has no plan (or no assessment) yet: they have not started."""

    def __init__(self, person_id: int, what: str = "plan") -> None:
        UnknotError.__init__(self, f"person {person_id} has no {what} yet")
        self.kind = what
        self.ident = str(person_id)


def library_or_default(library: Library | None) -> Library:
    """``library``, or the package's exercise library."""
    return library if library is not None else load_library()


@dataclass(frozen=True)
class ActivePlan:
    """The person's active plan, restored, with the assessment it was made from."""

    record: PlanRecord
    plan: Plan
    assessment: AssessmentRecord
    answers: Answers

    @property
    def plan_id(self) -> int:
        assert self.record.id is not None
        return self.record.id

    @property
    def assessment_id(self) -> int:
        assert self.assessment.id is not None
        return self.assessment.id


def plan_document(plan: Plan, assessment_id: int) -> dict[str, Any]:
    """What is stored for ``plan``: its JSON and the id of its assessment."""
    return {**plan.as_json(), SOURCE_KEY: assessment_id}


def plan_json(document: Mapping[str, Any]) -> dict[str, Any]:
    """The ``unknot.plan/v1`` JSON of a stored plan (without :data:`SOURCE_KEY`)."""
    return {key: value for key, value in document.items() if key != SOURCE_KEY}


def store_plan(
    uow: UnitOfWork,
    person_id: int,
    plan: Plan,
    assessment_id: int,
    *,
    now: dt.datetime,
    reason: str,
) -> int:
    """Store ``plan`` as the person's active plan (the one before it is retired); its id.
    A reason longer than a record's notes is shortened. Does not commit."""
    if len(reason) > NOTES_MAX_LENGTH:
        reason = reason[: NOTES_MAX_LENGTH - 1] + "…"
    document = plan_document(plan, assessment_id)
    record = PlanRecord(
        created_at=now,
        start_date=plan.generated_for,
        phase=str(plan.phase),
        plan=document,
        active=True,
        reason=reason,
    )
    return uow.plans.add(person_id, record, state=stored_state(document, plan.context.library))


def stored_state(document: Mapping[str, Any], library: Library) -> dict[str, Any]:
    """What is stored beside a plan for bulk reviews: its state
    (:func:`unknot.domain.plan.plan_state`) and, as in the plan, its :data:`SOURCE_KEY`."""
    return {**plan_state(document, library), SOURCE_KEY: document[SOURCE_KEY]}


def _restore(
    record: PlanRecord, assessment: AssessmentRecord, library: Library
) -> tuple[Plan, Answers]:
    answers, _ = parse_answers(assessment.answers)
    return restore_plan(plan_json(record.plan), answers, library), answers


def active_plan(
    uow: UnitOfWork, person_id: int, *, library: Library | None = None
) -> ActivePlan | None:
    """The person's active plan, restored; ``None`` when there is none.

    A plan stored without :data:`SOURCE_KEY` (made elsewhere) is matched with the newest of
    the person's assessments that it was made from. :class:`InvalidInput` (field ``plan``) when
    the stored plan matches no kept assessment and this exercise library (it was made by
    another version of unknot, or its assessment was deleted): start again then.
    """
    record = uow.plans.active(person_id)
    if record is None:
        return None
    lib = library_or_default(library)
    wanted = record.plan.get(SOURCE_KEY)
    assessments = uow.assessments.list(person_id)
    if wanted is not None:
        assessments = [a for a in assessments if a.id == wanted]
    for assessment in assessments:
        try:
            plan, answers = _restore(record, assessment, lib)
        except InvalidInput:
            continue
        return ActivePlan(record, plan, assessment, answers)
    raise InvalidInput(
        "plan",
        "the stored plan does not match the answers kept or this version's exercise library; "
        "start again with a new assessment",
    )


def require_active_plan(
    uow: UnitOfWork, person_id: int, *, library: Library | None = None
) -> ActivePlan:
    """:func:`active_plan`, or :class:`NoPlanYet`."""
    found = active_plan(uow, person_id, library=library)
    if found is None:
        raise NoPlanYet(person_id)
    return found


@dataclass(frozen=True)
class PlanPreview:
    """A plan made from answers alone, stored nowhere; ``warnings`` name unknown fields."""

    plan: Plan
    triage: TriageResult
    warnings: list[str]


def preview_plan(
    answers_data: Any,
    start: dt.date,
    *,
    today: dt.date | None = None,
    library: Library | None = None,
) -> PlanPreview:
    """A plan for ``answers_data`` (``unknot.assessment/v1``) starting on ``start``, for answers
    given on ``today`` (default: ``start``). Raises :class:`InvalidInput` for invalid answers and
    :class:`unknot.domain.plan.NoPlan` (carrying the triage result) at emergency or urgent."""
    answers, warnings = parse_answers(answers_data)
    result = triage(answers)
    plan = generate_plan(answers, result, library_or_default(library), start, today=today)
    return PlanPreview(plan, result, warnings)


class DayStatus(StrEnum):
    """Where a date falls in the plan."""

    BEFORE_START = "before_start"
    IN_PLAN = "in_plan"
    AFTER_END = "after_end"


@dataclass(frozen=True)
class DayView:
    """A date in the person's plan: the plan's day (``None`` outside the plan) and what was
    logged that date."""

    date: dt.date
    active: ActivePlan
    status: DayStatus
    day: Day | None
    logged: DiaryDay

    @property
    def plan(self) -> Plan:
        return self.active.plan

    @property
    def stopped(self) -> bool:
        """True when a new red flag stopped the plan on or before this date."""
        stop = self.plan.stopped
        return stop is not None and stop.date <= self.date

    @property
    def sessions_logged(self) -> int:
        return len(self.logged.sessions)


def day_view(
    uow: UnitOfWork, person_id: int, date: dt.date, *, library: Library | None = None
) -> DayView:
    """The person's plan on ``date`` and what they logged then; :class:`NoPlanYet` without a
    plan."""
    active = require_active_plan(uow, person_id, library=library)
    plan = active.plan
    if date < plan.generated_for:
        status, day = DayStatus.BEFORE_START, None
    elif date > plan.end:
        status, day = DayStatus.AFTER_END, None
    else:
        status, day = DayStatus.IN_PLAN, plan.day(date)
    return DayView(date, active, status, day, uow.diary.day(person_id, date))
