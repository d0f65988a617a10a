"""The weekly review: how the week went, and the next week's plan, with every change explained.

The pain-monitoring rule (clinical reference §6; Silbernagel 2007, a model from Achilles
tendinopathy rehabilitation, used here for back pain by extension):

- pain during or just after a session up to :data:`PAIN_ACCEPTABLE_MAX` (5/10) is acceptable
  **if** it has settled by the next morning: the first pain entry of the next day is not worse
  than the pain before the session (``SessionLog.pain_before``);
- pain above 5/10, or a next morning that is worse, means too much: that session's exercises
  step down (a gentler dose, then the easier variant, then a week's pause);
- a session that felt too hard steps down to the easier variant (or a gentler dose);
- felt too easy at least :data:`TOO_EASY_SESSIONS_TO_PROGRESS` times, done in full, with pain
  settled each time: a step up (more repetitions or a longer hold within §6, then the harder
  variant);
- otherwise the dose holds.

Walking grows about 15% a week when at least :data:`WALK_ADHERENCE_TO_PROGRESS` of the planned
minutes were walked, drops back to what was managed below :data:`WALK_ADHERENCE_TO_REDUCE`, and
steps back after a walk that hurt. The plan moves to prevention when every pain entry of the
week is 2/10 or less on at least :data:`PREVENTION_MIN_DAYS_LOGGED` days; other phase changes
follow the calendar (48 hours, 12 weeks).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from unknot.domain.answers import Answers
from unknot.domain.plan.dosing import (
    MIN_WALK_MINUTES,
    WalkingDose,
    grow_walk,
    progress_dose,
    regress_dose,
    shrink_walk,
)
from unknot.domain.plan.generator import assemble, build_weeks, day_phase, eligible, setup_of
from unknot.domain.plan.library import Dose, ExerciseSpec, Library
from unknot.domain.plan.model import DayKind, Plan, Progression, Week, short_date
from unknot.domain.plan.phase import PREVENTION_MAX_PAIN, Phase
from unknot.domain.plan.restore import FirstWeeks, first_weeks_from_state, restore_from_state
from unknot.domain.records import DiaryDay, Effort, ExerciseDone, SessionLog
from unknot.domain.triage import TriageResult
from unknot.errors import InvalidInput

FORMAT = "unknot.review/v1"

PAIN_ACCEPTABLE_MAX = 5
"""Pain during exercise up to 5/10 is acceptable if it settles by the next morning; above 5 is
too much (Silbernagel 2007 pain-monitoring model; clinical reference §6; an extrapolation from
Achilles tendinopathy to back pain)."""

TOO_EASY_SESSIONS_TO_PROGRESS = 2
"""[DESIGN] An exercise steps up after feeling too easy in at least 2 sessions of the week, each
done in full with pain settled by the next morning (issue 4: "too easy twice and pain fine")."""

TOO_HARD_SESSIONS_TO_EASE = 1
"""[DESIGN] One session that felt too hard is enough to step an exercise down (issue 4: "too hard
→ easier"): erring on the gentle side costs little."""

WALK_ADHERENCE_TO_PROGRESS = 0.8
"""[DESIGN] Walks grow when at least 80% of the week's planned walking minutes were walked."""

WALK_ADHERENCE_TO_REDUCE = 0.5
"""[DESIGN] Below half of the planned minutes, walks restart from what was managed ("start from
what the person manages now", WalkBack; issue 4)."""

PREVENTION_MIN_DAYS_LOGGED = 5
"""[DESIGN] The move to prevention needs pain logged on at least 5 days of the week, every entry
at or below :data:`~unknot.domain.plan.phase.PREVENTION_MAX_PAIN` ("pain ≤ 2 for a week")."""

WALKING_ID = "walking"
"""Walks are logged as the ``walking`` exercise of a session, with ``minutes_done``."""


class Verdict(StrEnum):
    """How pain responded to one session."""

    SETTLED = "settled"
    TOO_MUCH_DURING = "too_much_during"
    WORSE_NEXT_MORNING = "worse_next_morning"
    NEXT_MORNING_NOT_LOGGED = "next_morning_not_logged"

    @property
    def too_much(self) -> bool:
        return self in (Verdict.TOO_MUCH_DURING, Verdict.WORSE_NEXT_MORNING)


class ChangeKind(StrEnum):
    PROGRESS = "progress"
    HARDER = "harder"
    HOLD = "hold"
    REGRESS = "regress"
    EASIER = "easier"
    PAUSE = "pause"
    RESUME = "resume"
    WALKING = "walking"
    PHASE = "phase"


@dataclass(frozen=True)
class SessionResponse:
    """One logged session judged by the pain-monitoring rule."""

    date: dt.date
    pain_before: int
    pain_after: int
    next_morning: int | None
    effort: Effort
    verdict: Verdict
    why: str
    counts: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "next_morning": self.next_morning,
            "effort": str(self.effort),
            "verdict": str(self.verdict),
            "counts": self.counts,
            "why": self.why,
        }


@dataclass(frozen=True)
class Change:
    """One decision of the review. ``subject`` is an exercise id, ``walking`` or ``phase``."""

    kind: ChangeKind
    subject: str
    before: str
    after: str
    why: str

    @property
    def is_change(self) -> bool:
        return self.kind is not ChangeKind.HOLD

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "subject": self.subject,
            "before": self.before,
            "after": self.after,
            "why": self.why,
        }


@dataclass(frozen=True)
class Review:
    week_number: int
    reviewed_on: dt.date
    sessions: tuple[SessionResponse, ...]
    decisions: tuple[Change, ...]
    plan: Plan

    @property
    def changes(self) -> list[Change]:
        """Decisions that change something (holds left out)."""
        return [d for d in self.decisions if d.is_change]

    @property
    def kept(self) -> list[Change]:
        return [d for d in self.decisions if not d.is_change]

    @property
    def next_week(self) -> Week:
        return self.plan.week(self.week_number + 1)

    def as_json(self) -> dict[str, Any]:
        week = self.plan.week(self.week_number)
        return {
            "format": FORMAT,
            "week": self.week_number,
            "week_start": week.start.isoformat(),
            "week_end": week.end.isoformat(),
            "reviewed_on": self.reviewed_on.isoformat(),
            "rule": RULE,
            "sessions": [s.as_json() for s in self.sessions],
            "changes": [c.as_json() for c in self.changes],
            "kept": [c.as_json() for c in self.kept],
            "next_week": self.next_week.as_json(),
        }


RULE = (
    "Pain during exercise up to 5/10 is acceptable if it settles by the next morning; above "
    "5/10, or worse the next morning, the load comes down. Too easy twice with pain settled: "
    "a step up. (Pain-monitoring model, Silbernagel 2007, from tendon rehabilitation, used here "
    "for back pain by extension.)"
)


def _d(day: dt.date) -> str:
    return short_date(day)


def morning_pain(diary: Iterable[DiaryDay]) -> dict[dt.date, int]:
    """Each date's first pain entry (the morning's, when logged in the morning)."""
    found: dict[dt.date, int] = {}
    for day in diary:
        if day.pain and day.date not in found:
            found[day.date] = day.pain[0].pain
    return found


def judge(
    log: SessionLog, pain_by_date: dict[dt.date, int], *, counts: bool = True
) -> SessionResponse:
    """The pain-monitoring rule applied to one session (``counts``: whether it may step
    anything up or down)."""
    nxt = pain_by_date.get(log.date + dt.timedelta(days=1))
    when = _d(log.date)
    if log.pain_after > PAIN_ACCEPTABLE_MAX:
        verdict = Verdict.TOO_MUCH_DURING
        why = (
            f"On {when} pain reached {log.pain_after}/10 with exercise, above the "
            f"{PAIN_ACCEPTABLE_MAX}/10 that is acceptable."
        )
    elif nxt is not None and nxt > log.pain_before:
        verdict = Verdict.WORSE_NEXT_MORNING
        why = (
            f"The morning after {when}, pain was {nxt}/10, worse than the {log.pain_before}/10 "
            "before the session: it had not settled."
        )
    elif nxt is None:
        verdict = Verdict.NEXT_MORNING_NOT_LOGGED
        why = (
            f"On {when} pain was {log.pain_after}/10 after exercise, within {PAIN_ACCEPTABLE_MAX}"
            "/10, but the next morning's pain was not logged."
        )
    else:
        verdict = Verdict.SETTLED
        why = (
            f"On {when} pain was {log.pain_after}/10 after exercise, within "
            f"{PAIN_ACCEPTABLE_MAX}/10, and {nxt}/10 the next morning: settled."
        )
    return SessionResponse(
        log.date, log.pain_before, log.pain_after, nxt, log.effort, verdict, why, counts
    )


def _done_by_exercise(log: SessionLog) -> dict[str, ExerciseDone]:
    """What ``log`` records of each exercise it did not skip (its first entry for each)."""
    found: dict[str, ExerciseDone] = {}
    for done in log.exercises:
        if not done.skipped:
            found.setdefault(done.exercise_id, done)
    return found


def _complete(done: ExerciseDone, dose: Dose) -> bool:
    if dose.minutes is not None:
        return (done.minutes_done or 0) >= dose.minutes or done.sets_done >= dose.sets
    return done.sets_done >= dose.sets


@dataclass(frozen=True)
class _Planned:
    spec: ExerciseSpec
    base: str
    dose: Dose


def review_week(
    plan: Plan,
    week_number: int,
    logs: Sequence[SessionLog],
    diary: Sequence[DiaryDay],
    *,
    today: dt.date,
) -> Review:
    """Review week ``week_number`` of ``plan`` on ``today`` (on or after the week's last day).

    ``logs`` are session logs (those of ``diary`` days are read too, without counting one
    twice); ``diary`` should include the morning after the week's last day when it is known.
    Returns the decisions and the plan with the next week rebuilt (later weeks re-projected).
    """
    relief_days = {d: why for w in plan.weeks for d, why in w.progression.relief_days.items()}
    built = FirstWeeks(
        plan.context, plan.generated_for, plan.weeks, plan.stopped, len(plan.weeks), relief_days
    )
    return _review(built, week_number, logs, diary, today=today)


def review_from_state(
    state: Mapping[str, Any],
    answers: Answers,
    library: Library | Iterable[ExerciseSpec],
    week_number: int,
    logs: Sequence[SessionLog],
    diary: Sequence[DiaryDay],
    *,
    today: dt.date,
    triage_result: TriageResult | None = None,
) -> Review:
    """:func:`review_week` of the plan whose state is ``state``
    (:func:`~unknot.domain.plan.restore.restore_from_state`), the same review, without first
    rebuilding the weeks after ``week_number``: the review rebuilds them from its decisions.
    For reviewing many people at once. Errors as ``restore_from_state`` and ``review_week``."""
    weeks = state.get("weeks")
    numbers = {w.get("number") for w in weeks} if isinstance(weeks, list) else set()
    if week_number not in numbers:  # no such week: the full plan says which there are
        plan = restore_from_state(state, answers, library, triage_result=triage_result)
        return review_week(plan, week_number, logs, diary, today=today)
    first = first_weeks_from_state(
        state, answers, library, week_number, triage_result=triage_result
    )
    return _review(first, week_number, logs, diary, today=today)


def _review(
    plan: FirstWeeks,
    week_number: int,
    logs: Sequence[SessionLog],
    diary: Sequence[DiaryDay],
    *,
    today: dt.date,
) -> Review:
    """:func:`review_week` of the plan whose weeks up to at least ``week_number`` are built in
    ``plan``."""
    week = plan.week(week_number)
    if plan.stopped is not None:
        raise InvalidInput(
            "plan", f"the plan was stopped on {plan.stopped.date}: {plan.stopped.headline}"
        )
    if today < week.end:
        raise InvalidInput(
            "today", f"week {week_number} ends on {week.end}; review it on or after that day"
        )
    ctx = plan.context
    setup = setup_of(ctx)
    all_logs = list(logs)
    stored = {log.id for log in all_logs if log.id is not None}
    for diary_day in diary:
        for log in diary_day.sessions:
            # A stored log is the same log as another exactly when it has the same id.
            if log.id is not None and log.id not in stored:
                stored.add(log.id)
                all_logs.append(log)
            elif log.id is None and log not in all_logs:
                all_logs.append(log)
    dates = set(week.dates())
    week_logs = sorted((log for log in all_logs if log.date in dates), key=lambda log: log.date)
    pains = morning_pain(diary)
    # On relief-set days (the first 48 hours, a flare-up) pain reflects the spasm, not the
    # exercise: those sessions are shown but do not step anything up or down.
    relief_dates = {
        d.date for d in week.days if d.kind is not DayKind.PLAN or d.phase is Phase.ACUTE
    }
    responses = {
        id(log): judge(log, pains, counts=log.date not in relief_dates) for log in week_logs
    }

    progression = week.progression
    next_start = week.end + dt.timedelta(days=1)
    next_phase = day_phase(ctx, progression, next_start)
    decisions: list[Change] = []

    planned: dict[str, _Planned] = {}
    for day in week.days:
        if day.kind is not DayKind.PLAN or day.phase is Phase.ACUTE:
            continue  # the relief set is not stepped up or down
        for item in day.items():
            spec = ctx.library.get(item.exercise)
            planned[item.exercise] = _Planned(spec, item.variant_of or item.exercise, item.dose)

    doses = dict(progression.doses)
    variants = dict(progression.variants)
    paused = set(progression.paused)
    for ex_id in sorted(progression.paused):
        paused.discard(ex_id)
        name = ctx.library.get(ex_id).name if ex_id in ctx.library else ex_id
        decisions.append(
            Change(
                ChangeKind.RESUME,
                ex_id,
                "paused",
                "back in the plan",
                f"{name} was paused for a week after it hurt; it comes back at its gentlest "
                "dose. Stop it again if pain passes 5/10 or is worse the next morning.",
            )
        )

    def allowed(spec: ExerciseSpec) -> bool:
        return eligible(spec, setup, next_phase, strength_day=True)

    def switch(p: _Planned, to_id: str) -> None:
        if to_id == p.base:
            variants.pop(p.base, None)
        else:
            variants[p.base] = to_id
        doses.pop(to_id, None)

    indexed = [(log, _done_by_exercise(log)) for log in week_logs]
    counted = [(by_exercise, responses[id(log)]) for log, by_exercise in indexed]
    counted = [(by_exercise, r) for by_exercise, r in counted if r.counts]
    for ex_id, p in sorted(planned.items()):
        spec, name, dose = p.spec, p.spec.name, p.dose
        done = [(d, r) for by_exercise, r in counted if (d := by_exercise.get(ex_id)) is not None]
        if not done:
            words = dose.in_words()
            decisions.append(
                Change(
                    ChangeKind.HOLD,
                    ex_id,
                    words,
                    words,
                    f"{name} was not logged this week, so its dose stays the same.",
                )
            )
            continue
        bad = [r for _, r in done if r.verdict.too_much]
        hard = [r for _, r in done if r.effort is Effort.TOO_HARD]
        easy = [
            r
            for d, r in done
            if r.effort is Effort.TOO_EASY and r.verdict is Verdict.SETTLED and _complete(d, dose)
        ]
        if bad:
            reason = bad[0].why + " When pain does not stay within the rule, the load comes down:"
            lower = regress_dose(spec.category, dose)
            easier = ctx.library.get(spec.easier) if spec.easier else None
            if lower is not None:
                doses[ex_id] = lower
                decisions.append(
                    Change(
                        ChangeKind.REGRESS,
                        ex_id,
                        dose.in_words(),
                        lower.in_words(),
                        f"{reason} {name} goes from {dose.in_words()} to {lower.in_words()}.",
                    )
                )
            elif easier is not None and allowed(easier):
                switch(p, easier.id)
                decisions.append(
                    Change(
                        ChangeKind.EASIER,
                        ex_id,
                        name,
                        easier.name,
                        f"{reason} {name} is already at its gentlest dose, so it is swapped "
                        f"for the easier {easier.name}.",
                    )
                )
            else:
                paused.add(ex_id)
                decisions.append(
                    Change(
                        ChangeKind.PAUSE,
                        ex_id,
                        dose.in_words(),
                        "paused for a week",
                        f"{reason} {name} is already at its gentlest and has no easier "
                        "version, so it is paused for a week. If pain keeps flaring, talk to a "
                        "physiotherapist.",
                    )
                )
        elif len(hard) >= TOO_HARD_SESSIONS_TO_EASE:
            reason = f"You found {name} too hard on {_d(hard[0].date)}."
            easier = ctx.library.get(spec.easier) if spec.easier else None
            lower = regress_dose(spec.category, dose)
            if easier is not None and allowed(easier):
                switch(p, easier.id)
                decisions.append(
                    Change(
                        ChangeKind.EASIER,
                        ex_id,
                        name,
                        easier.name,
                        f"{reason} It is swapped for the easier {easier.name}; the harder "
                        "one comes back when this feels easy.",
                    )
                )
            elif lower is not None:
                doses[ex_id] = lower
                decisions.append(
                    Change(
                        ChangeKind.REGRESS,
                        ex_id,
                        dose.in_words(),
                        lower.in_words(),
                        f"{reason} The dose comes down from {dose.in_words()} to "
                        f"{lower.in_words()}.",
                    )
                )
            else:
                decisions.append(
                    Change(
                        ChangeKind.HOLD,
                        ex_id,
                        dose.in_words(),
                        dose.in_words(),
                        f"{reason} It is already at its gentlest dose with no easier version: "
                        "do what you comfortably can.",
                    )
                )
        elif len(easy) >= TOO_EASY_SESSIONS_TO_PROGRESS:
            dates_easy = " and ".join(_d(r.date) for r in easy[:2])
            reason = (
                f"{name} felt too easy on {dates_easy}, done in full, with pain settled by the "
                "next morning."
            )
            higher = progress_dose(spec.category, dose)
            harder = ctx.library.get(spec.harder) if spec.harder else None
            if higher is not None:
                doses[ex_id] = higher
                decisions.append(
                    Change(
                        ChangeKind.PROGRESS,
                        ex_id,
                        dose.in_words(),
                        higher.in_words(),
                        f"{reason} It steps up from {dose.in_words()} to {higher.in_words()}.",
                    )
                )
            elif harder is not None and allowed(harder):
                switch(p, harder.id)
                decisions.append(
                    Change(
                        ChangeKind.HARDER,
                        ex_id,
                        name,
                        harder.name,
                        f"{reason} It is at the top of its range, so it moves on to the "
                        f"harder {harder.name}.",
                    )
                )
            else:
                decisions.append(
                    Change(
                        ChangeKind.HOLD,
                        ex_id,
                        dose.in_words(),
                        dose.in_words(),
                        f"{reason} It is already at the top of its range: keep it up.",
                    )
                )
        else:
            if any(r.verdict is Verdict.NEXT_MORNING_NOT_LOGGED for _, r in done):
                why = (
                    f"{name}: pain stayed within {PAIN_ACCEPTABLE_MAX}/10, but the next "
                    "morning's pain was not always logged, so the dose holds; log morning "
                    "pain so that it can step up."
                )
            else:
                why = (
                    f"{name}: pain stayed within {PAIN_ACCEPTABLE_MAX}/10 and settled by the "
                    "next morning, and it felt about right: the same dose again."
                )
            decisions.append(Change(ChangeKind.HOLD, ex_id, dose.in_words(), dose.in_words(), why))

    walking, walking_change = _review_walking(week, indexed, responses, progression)
    decisions.append(walking_change)

    phase = progression.phase
    week_pains = [entry.pain for day in diary if day.date in dates for entry in day.pain]
    days_logged = len({day.date for day in diary if day.date in dates and day.pain})
    if (
        phase is None
        and next_phase is not Phase.ACUTE
        and days_logged >= PREVENTION_MIN_DAYS_LOGGED
        and max(week_pains) <= PREVENTION_MAX_PAIN
    ):
        phase = Phase.PREVENTION
        decisions.append(
            Change(
                ChangeKind.PHASE,
                "phase",
                str(next_phase),
                str(Phase.PREVENTION),
                f"Your pain was {PREVENTION_MAX_PAIN}/10 or less on all {days_logged} days you "
                "logged it this week, so the plan moves on to prevention: keeping your back "
                "strong and active so the pain stays away.",
            )
        )

    new = Progression(
        walking=walking,
        walking_why=walking_change.why,
        doses=doses,
        variants=variants,
        paused=frozenset(paused),
        phase=phase,
        relief_days=dict(plan.relief_days),
    )
    last_phase = week.days[-1].phase
    upcoming = day_phase(ctx, new, next_start)
    if upcoming is not last_phase and phase is progression.phase:
        decisions.append(
            Change(
                ChangeKind.PHASE,
                "phase",
                str(last_phase),
                str(upcoming),
                ctx.phase_on(next_start).why,
            )
        )

    remaining = max(plan.count - week_number, 1)
    kept = [w for w in plan.weeks if w.number <= week_number]
    rebuilt = build_weeks(ctx, plan.start, week_number + 1, new, remaining)
    new_plan = assemble(ctx, plan.start, [*kept, *rebuilt], plan.stopped)
    return Review(
        week_number=week_number,
        reviewed_on=today,
        sessions=tuple(responses[id(log)] for log in week_logs),
        decisions=tuple(decisions),
        plan=new_plan,
    )


def _review_walking(
    week: Week,
    indexed: Sequence[tuple[SessionLog, dict[str, ExerciseDone]]],
    responses: dict[int, SessionResponse],
    progression: Progression,
) -> tuple[WalkingDose, Change]:
    """The walking decision; ``indexed``: the week's logs, each with what it records of each
    exercise (:func:`_done_by_exercise`)."""
    dose = progression.walking
    planned = sum(day.walking_minutes for day in week.days)
    walked = [
        (log, d) for log, by_exercise in indexed if (d := by_exercise.get(WALKING_ID)) is not None
    ]
    minutes = sum(d.minutes_done or 0 for _, d in walked)
    bad = [
        responses[id(log)]
        for log, _ in walked
        if responses[id(log)].counts and responses[id(log)].verdict.too_much
    ]

    def change(kind: ChangeKind, after: WalkingDose, why: str) -> tuple[WalkingDose, Change]:
        return after, Change(kind, WALKING_ID, dose.in_words(), after.in_words(), why)

    if bad:
        after = shrink_walk(dose)
        return change(
            ChangeKind.WALKING if after != dose else ChangeKind.HOLD,
            after,
            f"{bad[0].why} Walks step back to {after.in_words()} for a week.",
        )
    if not walked or planned == 0:
        return change(
            ChangeKind.HOLD,
            dose,
            f"No walks were logged this week, so walking stays at {dose.in_words()}; log "
            "your walks so that the plan can build them up.",
        )
    share = minutes / planned
    done_text = f"You walked {minutes} of the {planned} planned minutes ({share:.0%})."
    if share >= WALK_ADHERENCE_TO_PROGRESS:
        after = grow_walk(dose)
        if after == dose:
            return change(
                ChangeKind.HOLD, dose, f"{done_text} You are at the walking goal: keep it up."
            )
        return change(
            ChangeKind.WALKING,
            after,
            f"{done_text} Walks grow by about 15% a week: {after.in_words()} next week.",
        )
    if share < WALK_ADHERENCE_TO_REDUCE:
        per_day = minutes / len(week.days)
        per_walk = max(MIN_WALK_MINUTES, math.floor(per_day / dose.bouts))
        after = replace(dose, minutes=min(dose.minutes, per_walk))
        if after != dose:
            return change(
                ChangeKind.WALKING,
                after,
                f"{done_text} Walks restart from what you managed: {after.in_words()}, and "
                "build up again from there.",
            )
    return change(
        ChangeKind.HOLD,
        dose,
        f"{done_text} Walking stays at {dose.in_words()} until most of it is done.",
    )
