"""Flare-ups: a sudden rise in pain or a bad spasm switches today and tomorrow to the relief set
(positions of relief, gentle movement, short walks, heat), then the plan carries on.

A flare is pain at least :data:`FLARE_PAIN_RISE` points above the person's recent baseline (the
median of the last :data:`BASELINE_DAYS` days' pain entries, or the pain given in the assessment
when none were logged), or a spasm of severity :data:`FLARE_SPASM_SEVERITY` or more. A flare-up
is common and not a sign of damage; new red-flag symptoms are a different matter and are
checked by :mod:`unknot.domain.plan.redflags`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from unknot.domain.plan.generator import assemble, build_week
from unknot.domain.plan.model import Plan, long_date
from unknot.domain.records import DiaryDay

FLARE_PAIN_RISE = 3
"""[DESIGN] A rise of 3 points or more above the recent baseline is a flare-up: more than the
2 points (about 30%) that count as a real change on the 0-10 scale (clinical reference §3.3,
Farrar 2001), so day-to-day wobble is not mistaken for a flare."""

FLARE_SPASM_SEVERITY = 7
"""[DESIGN] A spasm rated 7/10 or worse is a flare-up (issue 4)."""

FLARE_RELIEF_DAYS = 2
"""The relief set is used today and tomorrow, then the plan returns (issue 4: "steps back to the
relief set for a day or two, then returns"; clinical reference §5: heat, positions of relief,
keep moving gently)."""

BASELINE_DAYS = 7
"""[DESIGN] The baseline is the median pain of the 7 days before today."""


@dataclass(frozen=True)
class FlareResponse:
    """What a flare-up changes: the relief dates, when the plan returns, why, and the plan."""

    date: dt.date
    relief_dates: tuple[dt.date, ...]
    returns_on: dt.date
    why: str
    plan: Plan

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "relief_dates": [d.isoformat() for d in self.relief_dates],
            "returns_on": self.returns_on.isoformat(),
            "why": self.why,
        }


def baseline_pain(diary: Sequence[DiaryDay], plan: Plan, today: dt.date) -> float | None:
    """The median pain of the :data:`BASELINE_DAYS` days before ``today`` (each day's entries),
    else the pain given in the assessment, else ``None``."""
    since = today - dt.timedelta(days=BASELINE_DAYS)
    values = [e.pain for day in diary if since <= day.date < today for e in day.pain]
    if values:
        return float(statistics.median(values))
    pain = plan.context.answers.pain
    if pain is not None and pain.now is not None:
        return float(pain.now)
    return None


def flare_reason(diary: Sequence[DiaryDay], plan: Plan, today: dt.date) -> str | None:
    """Why today is a flare-up, or ``None`` when it is not."""
    todays = [day for day in diary if day.date == today]
    spasms = [s for day in todays for s in day.spasms]
    worst_spasm = max(spasms, key=lambda s: s.severity, default=None)
    if worst_spasm is not None and worst_spasm.severity >= FLARE_SPASM_SEVERITY:
        trigger = f" ({worst_spasm.trigger})" if worst_spasm.trigger else ""
        return (
            f"You logged a bad spasm today{trigger}: {worst_spasm.severity}/10 for "
            f"{worst_spasm.minutes} minutes."
        )
    pains = [e.pain for day in todays for e in day.pain]
    base = baseline_pain(diary, plan, today)
    if pains and base is not None and max(pains) >= base + FLARE_PAIN_RISE:
        return (
            f"Your pain today is {max(pains)}/10, {max(pains) - base:g} points above your "
            f"usual {base:g}/10 of late."
        )
    return None


def check_flare(diary: Sequence[DiaryDay], plan: Plan, today: dt.date) -> FlareResponse | None:
    """A flare-up today switches today and tomorrow to the relief set; ``None`` if no flare.

    ``diary`` holds today's entries and those of the days before (for the baseline). The
    returned plan has those days rebuilt; every other day is unchanged.
    """
    if plan.stopped is not None:
        return None
    reason = flare_reason(diary, plan, today)
    if reason is None:
        return None
    dates = tuple(today + dt.timedelta(days=i) for i in range(FLARE_RELIEF_DAYS))
    returns_on = dates[-1] + dt.timedelta(days=1)
    why = (
        f"{reason} Flare-ups are common and usually settle: today and tomorrow use the relief "
        "set (positions of relief, gentle movement, short walks, heat), and the plan returns "
        f"on {long_date(returns_on)}. If it does not settle within a "
        "few days, or new symptoms appear, see the safety net."
    )
    relief = dict.fromkeys(dates, why)
    weeks = []
    for week in plan.weeks:
        if any(week.start <= d <= week.end for d in dates):
            progression = week.progression.with_relief(relief)
            week = build_week(
                plan.context, progression, week.number, week.start, provisional=week.provisional
            )
        weeks.append(week)
    new_plan = assemble(plan.context, plan.generated_for, weeks, plan.stopped)
    return FlareResponse(today, dates, returns_on, why, new_plan)
