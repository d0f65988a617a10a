"""The weekly review, applied and stored: each finished week of the plan is judged by the
pain-monitoring rule (:func:`unknot.domain.plan.review_week`), and the next week is rebuilt.

A week is due for review from the day after its last day (so that the next morning's pain can
be logged first). Weeks are reviewed in order; when several are due (the person was away), each
is reviewed in turn, and each review and the plan it makes are stored before the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unknot.domain.plan import Library, Plan, Review, Week, review_week
from unknot.domain.records import ReviewRecord
from unknot.errors import InvalidInput
from unknot.services.plans import ActivePlan, require_active_plan, store_plan
from unknot.services.unit_of_work import UnitOfWork

MORNING_AFTER = dt.timedelta(days=1)
"""A week is reviewed once the morning after its last day has come (pain-monitoring rule:
pain should have settled by the next morning)."""


@dataclass(frozen=True)
class ReviewDone:
    """One stored review and the id of the plan it made."""

    review: Review
    review_id: int
    plan_id: int


@dataclass(frozen=True)
class ReviewReport:
    """The reviews made now (oldest week first) and the date the next one is due."""

    reviews: tuple[ReviewDone, ...]
    next_due: dt.date


def reviewed_weeks(uow: UnitOfWork, person_id: int, active: ActivePlan) -> set[dt.date]:
    """Start dates of the weeks of this plan already reviewed (reviews made since its
    assessment; an older plan's reviews do not count)."""
    since = active.assessment.taken_at
    return {r.week_start for r in uow.reviews.list(person_id) if r.created_at >= since}


def due_week(plan: Plan, reviewed: set[dt.date], today: dt.date) -> Week | None:
    """The first week that has ended (by the day before ``today``) and is not reviewed yet."""
    for week in plan.weeks:
        if week.start not in reviewed and week.end + MORNING_AFTER <= today:
            return week
    return None


def next_due(plan: Plan, reviewed: set[dt.date]) -> dt.date:
    """The day the next review is due: the morning after the first week not yet reviewed."""
    for week in plan.weeks:
        if week.start not in reviewed:
            return week.end + MORNING_AFTER
    return plan.end + MORNING_AFTER


def change_summary(review: Review) -> str:
    """The reason stored with the review's plan: what changed, in short (each change's full
    reason is in the stored review)."""
    changes = review.changes
    if not changes:
        return f"Weekly review of week {review.week_number}: the same plan again."
    parts = [f"{c.subject} {c.before} → {c.after}" for c in changes]
    return f"Weekly review of week {review.week_number}: " + "; ".join(parts) + "."


def run_reviews(
    uow: UnitOfWork,
    person_id: int,
    *,
    today: dt.date,
    now: dt.datetime,
    library: Library | None = None,
) -> ReviewReport:
    """Review every week that is due, oldest first, storing each review and the plan it makes
    (committed one by one). Returns no reviews when none is due yet, with the date it will be.

    :class:`~unknot.services.plans.NoPlanYet` without a plan; :class:`InvalidInput` (field
    ``plan``) when the plan was stopped by a red flag.
    """
    active = require_active_plan(uow, person_id, library=library)
    if active.plan.stopped is not None:
        stop = active.plan.stopped
        raise InvalidInput(
            "plan",
            f"the plan was stopped on {stop.date.isoformat()}: {stop.headline} "
            "Start again with a new assessment once a clinician has seen you.",
        )
    reviewed = reviewed_weeks(uow, person_id, active)
    done: list[ReviewDone] = []
    plan = active.plan
    while (week := due_week(plan, reviewed, today)) is not None:
        diary = uow.diary.range(person_id, week.start, week.end + MORNING_AFTER)
        review = review_week(plan, week.number, [], diary, today=today)
        review_id = uow.reviews.save(
            person_id, ReviewRecord(week_start=week.start, created_at=now, result=review.as_json())
        )
        reason = change_summary(review)
        plan_id = store_plan(
            uow, person_id, review.plan, active.assessment_id, now=now, reason=reason
        )
        uow.commit()
        done.append(ReviewDone(review, review_id, plan_id))
        reviewed.add(week.start)
        plan = review.plan
    return ReviewReport(tuple(done), next_due(plan, reviewed))
