"""A stored plan (its ``unknot.plan/v1`` JSON) back as a :class:`Plan`, to review or adjust.

The plan is rebuilt from the answers, the library and what the JSON records (dates, each week's
progression, a stop), then compared with the JSON: a plan that does not match its answers or
library (edited by hand, or made by another version) is an error rather than a silent guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from unknot.domain.answers import Answers
from unknot.domain.plan.generator import assemble, build_week
from unknot.domain.plan.library import ExerciseSpec, Library
from unknot.domain.plan.model import FORMAT, Plan, PlanContext, Progression, Stop
from unknot.domain.plan.redflags import apply_stop
from unknot.domain.triage import Level, TriageResult, triage
from unknot.errors import InvalidInput


def restore_plan(
    data: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    *,
    triage_result: TriageResult | None = None,
) -> Plan:
    """The plan whose JSON is ``data``, made for ``answers`` (triage is run again unless
    ``triage_result`` is given). :class:`InvalidInput` when the JSON is not such a plan."""
    if data.get("format") != FORMAT:
        raise InvalidInput("format", f"must be {FORMAT!r}")
    lib = library if isinstance(library, Library) else Library(library)
    result = triage_result if triage_result is not None else triage(answers)
    try:
        start = dt.date.fromisoformat(data["generated_for"])
        assessed_on = dt.date.fromisoformat(data["generated_on"])
        ctx = PlanContext(answers, result, lib, assessed_on)
        weeks = [
            build_week(
                ctx,
                Progression.from_json(week["progression"]),
                int(week["number"]),
                dt.date.fromisoformat(week["start"]),
                provisional=bool(week["provisional"]),
            )
            for week in data["weeks"]
        ]
        plan = assemble(ctx, start, weeks)
        stopped = data.get("stopped")
        if stopped is not None:
            stop = Stop(
                date=dt.date.fromisoformat(stopped["date"]),
                level=Level(stopped["level"]),
                rules=tuple(stopped["rules"]),
                headline=str(stopped["headline"]),
                actions=tuple(stopped["actions"]),
            )
            plan = apply_stop(plan, stop)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("plan", f"not a readable {FORMAT} plan ({exc})") from None
    if plan.as_json() != dict(data):
        raise InvalidInput(
            "plan", "the stored plan does not match these answers and this exercise library"
        )
    return plan
