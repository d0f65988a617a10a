"""Starting (or starting again): assessment answers → triage → a plan, all stored.

    with SqlUnitOfWork(engine) as uow:
        person_id = local_profile(uow, now)
        started = start(uow, person_id, answers, today=today, now=now)

At emergency or urgent triage no plan is made (``started.plan`` is ``None``) and a plan the
person already had is stopped from today: the answers say they need help, not exercise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from unknot.domain.answers import parse_answers
from unknot.domain.plan import Library, Plan, generate_plan, stop_plan
from unknot.domain.records import AssessmentRecord
from unknot.domain.triage import TriageResult, triage
from unknot.services.plans import active_plan, library_or_default, store_plan
from unknot.services.unit_of_work import UnitOfWork


def local_profile(uow: UnitOfWork, now: dt.datetime) -> int:
    """The id of the one local (CLI) profile of this database, made at ``now`` the first time.
    Does not commit: the caller's first write does."""
    person = uow.people.get_or_create_local_profile(now)
    assert person.id is not None
    return person.id


def find_local_profile(uow: UnitOfWork) -> int | None:
    """The id of the local profile, or ``None`` when nobody has started yet."""
    person = uow.people.get_local_profile()
    return None if person is None else person.id


@dataclass(frozen=True)
class Started:
    """What :func:`start` stored: the assessment, its triage and the plan (``None`` at emergency
    or urgent triage, when ``stopped_plan_id`` names a previous plan that was stopped)."""

    person_id: int
    assessment_id: int
    triage: TriageResult
    plan: Plan | None
    plan_id: int | None
    warnings: list[str]
    stopped_plan_id: int | None = None


def start(
    uow: UnitOfWork,
    person_id: int,
    answers_data: Any,
    *,
    today: dt.date,
    now: dt.datetime,
    start_on: dt.date | None = None,
    library: Library | None = None,
) -> Started:
    """Triage ``answers_data`` (``unknot.assessment/v1``, given on ``today``), store the
    assessment and, when triage allows, a plan starting on ``start_on`` (default ``today``);
    commits. :class:`InvalidInput` for invalid answers or a start before today: nothing is
    stored then."""
    answers, warnings = parse_answers(answers_data)
    result = triage(answers)
    first_day = start_on if start_on is not None else today
    plan = None
    lib = library_or_default(library)
    if result.plan_allowed:
        plan = generate_plan(answers, result, lib, first_day, today=today)
    previous = active_plan(uow, person_id, library=lib) if plan is None else None
    assessment_id = uow.assessments.add(
        person_id,
        AssessmentRecord(
            taken_at=now,
            answers=answers.model_dump(mode="json", exclude_none=True),
            triage=result.as_json(),
            level=str(result.level),
        ),
    )
    plan_id = stopped_id = None
    if plan is not None:
        reason = f"A new plan from the assessment of {today.isoformat()}: {plan.phase_why}"
        plan_id = store_plan(uow, person_id, plan, assessment_id, now=now, reason=reason)
    elif previous is not None and previous.plan.stopped is None:
        stopped = stop_plan(previous.plan, result, today)
        stopped_id = store_plan(
            uow,
            person_id,
            stopped,
            previous.assessment_id,
            now=now,
            reason=f"Stopped on {today.isoformat()}: {result.headline}",
        )
    uow.commit()
    return Started(person_id, assessment_id, result, plan, plan_id, warnings, stopped_id)
