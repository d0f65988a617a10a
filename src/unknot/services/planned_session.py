"""Logging the session of a plan day from what a player (the web's ``/today``) reports: how
many sets of each of the day's items were done, any walk, pain before and after and effort.

The items and their doses come from the stored plan, never from the form, so a log can only
claim what the plan asked for; each item becomes an :class:`ExerciseDone` the same way the
terminal's guided session makes it (:meth:`unknot.services.guided.ItemOutcome.as_done`).

Nothing here stores a log: the caller does (the web app in one statement,
:func:`unknot.web.journey.store_session_log`; with a unit of work,
:func:`unknot.services.sessions.log_session`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from unknot.domain.plan import DayKind, Item
from unknot.domain.records import NOTES_MAX_LENGTH, ExerciseDone, SessionLog
from unknot.domain.validation import parse
from unknot.errors import InvalidInput
from unknot.services.guided import ItemOutcome
from unknot.services.plans import ActivePlan
from unknot.services.sessions import check_not_future, walk_done


def planned_items(active: ActivePlan | None, date: dt.date) -> list[Item]:
    """The items of the plan's sessions on ``date`` (none outside the plan or once it was
    stopped)."""
    if active is None:
        return []
    plan = active.plan
    if not plan.generated_for <= date <= plan.end:
        return []
    if plan.stopped is not None and plan.stopped.date <= date:
        return []
    day = plan.day(date)
    return [] if day.kind is DayKind.STOPPED else day.items()


def exercises_done(items: list[Item], sets_done: Mapping[int, int]) -> list[ExerciseDone]:
    """Each item with the sets done of it (an item left out was not done: skipped).

    :class:`InvalidInput` names ``sets_done.N`` for an item the day does not have, or more
    sets than its dose."""
    for index, sets in sets_done.items():
        field = f"sets_done.{index}"
        if not 0 <= index < len(items):
            raise InvalidInput(field, f"the session has no item {index} (it has {len(items)})")
        if not 0 <= sets <= items[index].dose.sets:
            raise InvalidInput(
                field, f"must be from 0 to {items[index].dose.sets} sets, got {sets}"
            )
    return [
        ItemOutcome(item, sets_done.get(index, 0), skipped=not sets_done.get(index, 0)).as_done()
        for index, item in enumerate(items)
    ]


def planned_log(
    active: ActivePlan | None,
    *,
    date: dt.date,
    sets_done: Mapping[int, int],
    pain_before: Any,
    pain_after: Any,
    effort: Any,
    walk_minutes: int | None = None,
    started_at: dt.datetime | None = None,
    notes: str = "",
    today: dt.date,
) -> SessionLog:
    """The log of the session of ``date`` in the person's active plan (``active``, read by
    the caller), checked, for the caller to store. ``sets_done`` maps the index of each of
    the day's items to the sets done; a walk of ``walk_minutes`` is added as the walking
    exercise.

    :class:`InvalidInput` names the field that breaks a rule (a date after ``today``, pain
    0-10, effort ``too_easy``, ``about_right`` or ``too_hard``, sets beyond the dose, nothing
    to log on a date with no session and no walk)."""
    check_not_future(date, today)
    items = planned_items(active, date)
    done = exercises_done(items, sets_done)
    if walk_minutes:
        done.append(walk_done(walk_minutes))
    if not done:
        raise InvalidInput(
            "date", f"there is no session on {date.isoformat()}; log a walk or pain instead"
        )
    plan_day = None
    if active is not None and active.plan.generated_for <= date <= active.plan.end:
        plan_day = active.plan.day(date).number
    return parse(
        SessionLog,
        {
            "date": date,
            "started_at": started_at,
            "plan_day": plan_day,
            "exercises": [item.model_dump() for item in done],
            "pain_before": pain_before,
            "pain_after": pain_after,
            "effort": effort,
            "notes": notes[:NOTES_MAX_LENGTH],
        },
    )


def log_in_plan(active: ActivePlan | None, log: SessionLog, *, today: dt.date) -> SessionLog:
    """``log`` checked as :func:`unknot.services.sessions.log_session` checks it (a date not
    after ``today``), with its ``plan_day`` filled in from ``active`` (the caller's active
    plan, read once, perhaps from a cache) when not given and the date is in the plan. Pure:
    the caller stores the result."""
    check_not_future(log.date, today)
    plan = active.plan if active is not None else None
    if log.plan_day is None and plan is not None:
        if plan.generated_for <= log.date <= plan.end:
            return log.model_copy(update={"plan_day": plan.day(log.date).number})
    return log
