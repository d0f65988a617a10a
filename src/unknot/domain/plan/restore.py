"""A stored plan back as a :class:`Plan`, to review or adjust.

Two ways in:

- :func:`restore_plan` takes the plan's ``unknot.plan/v1`` JSON: the plan is rebuilt from the
  answers, the library and what the JSON records (dates, each week's progression, a stop), then
  compared with the JSON: a plan that does not match its answers or library (edited by hand, or
  made by another version) is an error rather than a silent guess.
- :func:`restore_from_state` takes the plan's *state* (:func:`plan_state`): just what the
  rebuild needs, a few kilobytes where the JSON is a few hundred, plus the fingerprints of the
  library and the plan engine that made it. The engine is deterministic, so with the same
  answers, library and engine the rebuild *is* the stored plan, and it is not compared again;
  when either fingerprint differs the state is refused (:class:`StaleState`) and the caller
  falls back to the JSON. This is the way in for reviewing many people at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

from unknot.domain.answers import Answers
from unknot.domain.plan.generator import Picks, assemble, build_week
from unknot.domain.plan.library import ExerciseSpec, Library
from unknot.domain.plan.model import FORMAT, Plan, PlanContext, Progression, Stop
from unknot.domain.plan.redflags import apply_stop
from unknot.domain.triage import Level, TriageResult, triage
from unknot.errors import InvalidInput

STATE_FORMAT: Final = "unknot.plan-state/v1"
"""The ``format`` of :func:`plan_state`'s result."""

ENGINE: Final = "unknot-plan-engine/1"
"""The plan engine's fingerprint in a plan state. [DESIGN] Raise the number with any change
that makes the generator, the dosing or the selection give different plans for the same
inputs: states written before then are refused and their plans are restored from the JSON,
compared, as before."""

STATE_KEYS: Final = ("generated_for", "generated_on", "stopped")
"""Keys a state copies from the plan's JSON as they are (``weeks`` is cut down)."""


class StaleState(InvalidInput):
    """A plan state made with another library or plan engine: restore from the JSON instead."""


def plan_state(data: Mapping[str, Any], library: Library) -> dict[str, Any]:
    """The state of the plan whose ``unknot.plan/v1`` JSON is ``data``, made with ``library``:
    its dates, each week's number, start and progression, its stop, and the fingerprints of the
    library and the engine."""
    if data.get("format") != FORMAT:
        raise InvalidInput("format", f"must be {FORMAT!r}")
    return {
        "format": STATE_FORMAT,
        "engine": ENGINE,
        "library": library.digest,
        **{key: data.get(key) for key in STATE_KEYS},
        "weeks": [
            {key: week[key] for key in ("number", "start", "provisional", "progression")}
            for week in data["weeks"]
        ],
    }


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
    plan = _rebuild(data, answers, library, triage_result, FORMAT)
    if plan.as_json() != dict(data):
        raise InvalidInput(
            "plan", "the stored plan does not match these answers and this exercise library"
        )
    return plan


def restore_from_state(
    state: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    *,
    triage_result: TriageResult | None = None,
) -> Plan:
    """The plan whose state (:func:`plan_state`) is ``state``, made for ``answers``.
    :class:`StaleState` when the state was made with another library or engine (restore the
    plan's JSON with :func:`restore_plan` then); :class:`InvalidInput` when it is no state."""
    if state.get("format") != STATE_FORMAT:
        raise InvalidInput("format", f"must be {STATE_FORMAT!r}")
    lib = library if isinstance(library, Library) else Library(library)
    if state.get("engine") != ENGINE or state.get("library") != lib.digest:
        raise StaleState(
            "plan", "the plan state was made by another plan engine or exercise library"
        )
    return _rebuild(state, answers, lib, triage_result, STATE_FORMAT)


def _rebuild(
    data: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    triage_result: TriageResult | None,
    what: str,
) -> Plan:
    lib = library if isinstance(library, Library) else Library(library)
    result = triage_result if triage_result is not None else triage(answers)
    try:
        start = dt.date.fromisoformat(data["generated_for"])
        assessed_on = dt.date.fromisoformat(data["generated_on"])
        ctx = PlanContext(answers, result, lib, assessed_on)
        picks: dict[str, Picks] = {}
        weeks = [
            build_week(
                ctx,
                Progression.from_json(week["progression"]),
                int(week["number"]),
                dt.date.fromisoformat(week["start"]),
                provisional=bool(week["provisional"]),
                picks=picks.setdefault(_choices(week["progression"]), {}),
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
        raise InvalidInput("plan", f"not a readable {what} plan ({exc})") from None
    return plan


def _choices(progression: Mapping[str, Any]) -> str:
    """What of a week's progression its choice of exercises depends on (doses, variants,
    pauses): weeks that agree on it share their picks (see
    :func:`~unknot.domain.plan.generator.build_week`), as a plan's projected weeks do."""
    return json.dumps([progression[key] for key in ("doses", "variants", "paused")], sort_keys=True)
