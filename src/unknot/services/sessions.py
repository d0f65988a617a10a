"""Logging an exercise session: what was done, pain before and after, and how hard it felt.

The weekly review reads these logs (:func:`unknot.domain.plan.review_week`); walks are logged
in a session as the ``walking`` exercise with ``minutes_done``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from unknot.domain.plan import Library
from unknot.domain.plan.review import WALKING_ID
from unknot.domain.records import ExerciseDone, SessionLog
from unknot.domain.validation import parse
from unknot.errors import InvalidInput
from unknot.services.plans import active_plan
from unknot.services.unit_of_work import UnitOfWork


def check_not_future(date: dt.date, today: dt.date, field: str = "date") -> None:
    """Only days that have begun can be logged: :class:`InvalidInput` for a date after
    ``today``."""
    if date > today:
        raise InvalidInput(
            field,
            f"{date.isoformat()} is after today ({today.isoformat()}); "
            "log only days that have begun",
        )


def walk_done(minutes: int) -> ExerciseDone:
    """A walk of ``minutes`` as one exercise of a session log."""
    return parse(ExerciseDone, {"exercise_id": WALKING_ID, "sets_done": 1, "minutes_done": minutes})


@dataclass(frozen=True)
class SessionLogged:
    """The stored log's id, and the plan day it belongs to (``None`` outside the plan)."""

    log_id: int
    plan_day: int | None


def log_session(
    uow: UnitOfWork,
    person_id: int,
    log: SessionLog | Mapping[str, Any],
    *,
    today: dt.date,
    library: Library | None = None,
) -> SessionLogged:
    """Store a session log (a :class:`SessionLog` or its fields) and commit.

    The log's ``plan_day`` is filled in from the active plan when it is not given.
    :class:`InvalidInput` names the field that breaks a rule (pain 0-10, effort ``too_easy``,
    ``about_right`` or ``too_hard``, a date not after today).
    """
    record = log if isinstance(log, SessionLog) else parse(SessionLog, dict(log))
    check_not_future(record.date, today)
    if record.plan_day is None:
        active = active_plan(uow, person_id, library=library)
        if active is not None and active.plan.generated_for <= record.date <= active.plan.end:
            record = record.model_copy(update={"plan_day": active.plan.day(record.date).number})
    log_id = uow.diary.add_session_log(person_id, record)
    uow.commit()
    return SessionLogged(log_id, record.plan_day)
