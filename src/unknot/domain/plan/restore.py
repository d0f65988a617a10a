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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from unknot.domain.answers import Answers
from unknot.domain.plan.generator import assemble, build_week
from unknot.domain.plan.library import ExerciseSpec, Library
from unknot.domain.plan.model import (
    FORMAT,
    Plan,
    PlanContext,
    Progression,
    Stop,
    Week,
    week_numbered,
)
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
    plan = _rebuild(data, answers, library, triage_result, FORMAT).plan()
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
    lib = _library_of(state, library)
    return _rebuild(state, answers, lib, triage_result, STATE_FORMAT).plan()


@dataclass(frozen=True)
class FirstWeeks:
    """The first weeks of a stored plan rebuilt from its state (:func:`first_weeks_from_state`),
    and what a review needs to know of the weeks after them. Not a plan to show or store (its
    notes and references are not worked out): :meth:`plan` makes one."""

    context: PlanContext
    start: dt.date
    """The plan's first day."""
    weeks: tuple[Week, ...]
    """The weeks rebuilt, in order (before any stop is applied to their days)."""
    stopped: Stop | None
    count: int
    """How many weeks the stored plan has."""
    relief_days: Mapping[dt.date, str]
    """The flare-up days of all its weeks, with their reasons."""

    def week(self, number: int) -> Week:
        """Week ``number``; :class:`NotFound` when it was not rebuilt."""
        return week_numbered(self.weeks, number)

    def plan(self) -> Plan:
        """The plan of these weeks: its notes and references derived, its stop applied."""
        plan = assemble(self.context, self.start, self.weeks)
        return plan if self.stopped is None else apply_stop(plan, self.stopped)


def first_weeks_from_state(
    state: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    through: int,
    *,
    triage_result: TriageResult | None = None,
) -> FirstWeeks:
    """Weeks 1 to ``through`` of the plan whose state is ``state`` (as
    :func:`restore_from_state` would rebuild them), for a weekly review of week ``through``,
    which rebuilds the weeks after it anyway
    (:func:`~unknot.domain.plan.review.review_from_state`). Same errors as
    :func:`restore_from_state`."""
    lib = _library_of(state, library)
    return _rebuild(state, answers, lib, triage_result, STATE_FORMAT, through=through)


def _library_of(state: Mapping[str, Any], library: Library | Iterable[ExerciseSpec]) -> Library:
    """``library`` as a :class:`Library`, if ``state`` is a state made with it and this
    engine (else :class:`StaleState`, or :class:`InvalidInput` when it is no state)."""
    if state.get("format") != STATE_FORMAT:
        raise InvalidInput("format", f"must be {STATE_FORMAT!r}")
    lib = library if isinstance(library, Library) else Library(library)
    if state.get("engine") != ENGINE or state.get("library") != lib.digest:
        raise StaleState(
            "plan", "the plan state was made by another plan engine or exercise library"
        )
    return lib


def _rebuild(
    data: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    triage_result: TriageResult | None,
    what: str,
    *,
    through: int | None = None,
) -> FirstWeeks:
    """The plan of ``data`` rebuilt: every week, or only those up to ``through``."""
    lib = library if isinstance(library, Library) else Library(library)
    result = triage_result if triage_result is not None else triage(answers)
    try:
        start = dt.date.fromisoformat(data["generated_for"])
        assessed_on = dt.date.fromisoformat(data["generated_on"])
        ctx = PlanContext(answers, result, lib, assessed_on)
        weeks = []
        relief_days: dict[dt.date, str] = {}
        for week in data["weeks"]:
            progression = Progression.from_json(week["progression"])
            relief_days.update(progression.relief_days)
            number = int(week["number"])
            if through is not None and number > through:
                continue
            weeks.append(
                build_week(
                    ctx,
                    progression,
                    number,
                    dt.date.fromisoformat(week["start"]),
                    provisional=bool(week["provisional"]),
                )
            )
        stopped = data.get("stopped")
        stop = None
        if stopped is not None:
            stop = Stop(
                date=dt.date.fromisoformat(stopped["date"]),
                level=Level(stopped["level"]),
                rules=tuple(stopped["rules"]),
                headline=str(stopped["headline"]),
                actions=tuple(stopped["actions"]),
            )
        count = len(data["weeks"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("plan", f"not a readable {what} plan ({exc})") from None
    return FirstWeeks(ctx, start, tuple(weeks), stop, count, relief_days)
