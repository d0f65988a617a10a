"""Progress over time: pain, disability scores, steps and adherence, with what the changes mean.

Changes are judged against each instrument's smallest important change
(:func:`unknot.domain.instruments.change_score`; clinical reference §3): Roland-Morris 5 points
or 30%, Oswestry 10 points or 30% (Ostelo 2008), pain 2 points or 30% (Farrar 2001; Ostelo 2008),
PSFS 2 points (Stratford 1995, the smallest change beyond measurement error). A change that meets
a threshold is "a change most people notice"; a smaller one is reported as such, never
dressed up.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any, Final

from unknot.domain.instruments import CHANGE_RULES, INSTRUMENTS, ChangeResult, change_score
from unknot.domain.plan import Library
from unknot.domain.plan.review import WALKING_ID
from unknot.domain.records import DiaryDay, ScoreRecord
from unknot.services.plans import active_plan
from unknot.services.unit_of_work import UnitOfWork

DEFAULT_DAYS: Final = 28
"""Progress looks back four weeks unless asked otherwise: the length of a plan."""

RECENT_DAYS: Final = 7
"""Pain now is the average of the last 7 days' entries, so one bad day does not decide it."""

DISABILITY_INSTRUMENTS: Final = ("rmdq", "odi", "psfs")
"""The questionnaires shown as disability and function over time."""

SUBJECTS: Final = {
    "rmdq": "Your disability score (Roland-Morris)",
    "odi": "Your disability score (Oswestry)",
    "psfs": "Your activity score (Patient-Specific Functional Scale)",
    "nrs": "Your pain",
}
"""How each instrument's change is introduced."""

MEANINGFUL: Final = "a change most people notice"
"""How a change that meets a minimal important change is described (Ostelo 2008: the smallest
change that people rate as an important improvement)."""

BEYOND_ERROR: Final = "more than measurement error alone"
"""How a PSFS change of 2 points or more is described: its threshold is the smallest detectable
change (Stratford 1995), not an importance threshold."""

MEANING_PHRASES: Final = {"psfs": BEYOND_ERROR}
"""Instruments whose threshold is not a minimal important change."""


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float | None


@dataclass(frozen=True)
class Series:
    """One line of the progress chart: a value per date (``None`` when nothing was logged)."""

    key: str
    title: str
    unit: str
    points: tuple[Point, ...]

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points if p.value is not None]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "points": [{"date": p.date.isoformat(), "value": p.value} for p in self.points],
        }


@dataclass(frozen=True)
class Meaning:
    """What one change means, in words, with the numbers behind it."""

    subject: str
    text: str
    change: ChangeResult | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "text": self.text,
            "change": None if self.change is None else self.change.model_dump(),
        }


@dataclass(frozen=True)
class Adherence:
    """Planned sessions and walking up to ``today``, and how much of it was logged."""

    sessions_planned: int
    sessions_done: int
    walking_planned_minutes: int
    walking_done_minutes: int

    @property
    def sessions_share(self) -> float | None:
        if not self.sessions_planned:
            return None
        return min(self.sessions_done, self.sessions_planned) / self.sessions_planned

    @property
    def walking_share(self) -> float | None:
        if not self.walking_planned_minutes:
            return None
        return self.walking_done_minutes / self.walking_planned_minutes

    def as_json(self) -> dict[str, Any]:
        return {
            "sessions_planned": self.sessions_planned,
            "sessions_done": self.sessions_done,
            "sessions_share": self.sessions_share,
            "walking_planned_minutes": self.walking_planned_minutes,
            "walking_done_minutes": self.walking_done_minutes,
            "walking_share": self.walking_share,
        }


@dataclass(frozen=True)
class ProgressReport:
    start: dt.date
    end: dt.date
    pain: Series
    steps: Series
    sessions: Series
    scores: tuple[Series, ...]
    adherence: Adherence
    meanings: tuple[Meaning, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": "unknot.progress/v1",
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pain": self.pain.as_json(),
            "steps": self.steps.as_json(),
            "sessions": self.sessions.as_json(),
            "scores": [s.as_json() for s in self.scores],
            "adherence": self.adherence.as_json(),
            "meanings": [m.as_json() for m in self.meanings],
        }


def _number(value: float) -> str:
    """At most one decimal, no trailing ``.0``."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _points_word(value: float) -> str:
    return "1 point" if value == 1 else f"{_number(value)} points"


def _threshold(instrument: str) -> str:
    rule = CHANGE_RULES[instrument]
    if rule.percent > 0:
        return f"{_number(rule.points)} points or {_number(rule.percent)}%"
    return f"{_number(rule.points)} points"


def describe_change(
    instrument: str,
    subject: str,
    baseline: float,
    follow_up: float,
    *,
    since: str = "",
    now: str = "",
) -> tuple[str, ChangeResult]:
    """A sentence on the change from ``baseline`` to ``follow_up`` and what it means, e.g.
    "Your disability score (Roland-Morris) improved by 6 points (from 14 to 8, 42.9%), a change
    most people notice (at least 5 points or 30%; Ostelo 2008 (minimal important change))."".
    ``since`` and ``now`` say where the two numbers come from ("at your assessment")."""
    result = change_score(instrument, baseline, follow_up)
    rule = CHANGE_RULES[instrument]
    span = f"from {_number(baseline)}{since} to {_number(follow_up)}{now}"
    source = rule.source
    matters = result.meets_points or result.meets_percent
    size = abs(result.improvement)
    phrase = MEANING_PHRASES.get(instrument, MEANINGFUL)
    if result.improvement == 0:
        text = f"{subject} has not changed ({span})."
    elif result.improvement > 0:
        text = f"{subject} improved by {_points_word(size)} ({span}"
        text += f", {_number(result.percent)}%)" if baseline else ")"
        if matters:
            text += f", {phrase} (at least {_threshold(instrument)}; {source})."
        else:
            text += (
                f": less than the {_threshold(instrument)} that counts as a real change "
                f"({source}), so keep going."
            )
    else:
        worse = change_score(instrument, follow_up, baseline)
        text = f"{subject} is worse by {_points_word(size)} ({span})"
        if worse.meets_points or worse.meets_percent:
            text += (
                f", a change large enough to matter ({_threshold(instrument)}; {source}). "
                "If it does not settle, see a GP or physiotherapist."
            )
        else:
            text += f", less than the {_threshold(instrument)} that counts as a real change."
    return text, result


def _daily_pain(day: DiaryDay) -> float | None:
    if not day.pain:
        return None
    return round(statistics.fmean(e.pain for e in day.pain), 1)


def _walked(day: DiaryDay) -> int:
    return sum(
        done.minutes_done or 0
        for log in day.sessions
        for done in log.exercises
        if done.exercise_id == WALKING_ID and not done.skipped
    )


def _did_session(day: DiaryDay) -> bool:
    return any(
        any(d.exercise_id != WALKING_ID and not d.skipped for d in log.exercises)
        or not log.exercises
        for log in day.sessions
    )


def _score_series(records: list[ScoreRecord], instrument: str) -> Series:
    title = INSTRUMENTS[instrument].title
    points = tuple(Point(r.taken_on, r.score) for r in records if r.score is not None)
    return Series(instrument, title, "points", points)


def progress_report(
    uow: UnitOfWork,
    person_id: int,
    *,
    today: dt.date,
    days: int = DEFAULT_DAYS,
    library: Library | None = None,
) -> ProgressReport:
    """The last ``days`` days up to ``today``: pain, steps, sessions done against the plan,
    every disability score taken, adherence and what the changes mean. Reads only."""
    start = today - dt.timedelta(days=max(days, 1) - 1)
    diary = uow.diary.range(person_id, start, today)
    active = active_plan(uow, person_id, library=library)
    plan_days = {}
    if active is not None:
        plan_days = {d.date: d for d in active.plan.days if start <= d.date <= today}

    pain = Series("pain", "Pain (0-10)", "/10", tuple(Point(d.date, _daily_pain(d)) for d in diary))
    steps = Series(
        "steps",
        "Steps a day",
        "steps",
        tuple(
            Point(d.date, None if d.steps_count is None else float(d.steps_count)) for d in diary
        ),
    )
    session_points = []
    planned = done = walk_planned = walk_done = 0
    for d in diary:
        plan_day = plan_days.get(d.date)
        has_session = plan_day is not None and bool(plan_day.sessions)
        did = _did_session(d)
        if has_session and (d.date < today or did):  # today still counts once it is done
            planned += 1
            done += did
        if plan_day is not None:
            walk_planned += plan_day.walking_minutes
        walk_done += _walked(d)
        value = 1.0 if did else (0.0 if has_session and d.date < today else None)
        session_points.append(Point(d.date, value))
    sessions = Series("sessions", "Sessions done", "", tuple(session_points))
    adherence = Adherence(planned, done, walk_planned, walk_done)

    scores: list[Series] = []
    meanings: list[Meaning] = []
    for instrument in DISABILITY_INSTRUMENTS:
        records = uow.scores.list(person_id, instrument)
        series = _score_series(records, instrument)
        if not series.points:
            continue
        scores.append(series)
        if len(series.points) >= 2:
            first, last = series.points[0], series.points[-1]
            assert first.value is not None and last.value is not None
            text, result = describe_change(
                instrument, SUBJECTS[instrument], first.value, last.value
            )
            meanings.append(Meaning(instrument, text, result))

    assessed = None
    if active is not None and active.answers.pain is not None:
        assessed = active.answers.pain.now
    pain_meaning = _pain_meaning(pain, assessed)
    if pain_meaning is not None:
        meanings.insert(0, pain_meaning)
    if adherence.sessions_share is not None:
        meanings.append(
            Meaning(
                "adherence",
                f"You logged {min(done, planned)} of the {planned} planned sessions "
                f"({adherence.sessions_share:.0%}) and walked {walk_done} of "
                f"{walk_planned} planned minutes.",
            )
        )
    return ProgressReport(
        start, today, pain, steps, sessions, tuple(scores), adherence, tuple(meanings)
    )


def _pain_meaning(pain: Series, assessed: int | None) -> Meaning | None:
    """Pain at the start (the assessment's, else the first logged day's) against the average of
    the last :data:`RECENT_DAYS` days' entries."""
    logged = [p for p in pain.points if p.value is not None]
    if not logged:
        return None
    recent_from = pain.points[-1].date - dt.timedelta(days=RECENT_DAYS - 1)
    recent = [p.value for p in logged if p.date >= recent_from and p.value is not None]
    if assessed is not None:
        baseline: float = assessed
        since = " at your assessment"
    else:
        if logged[0].date >= recent_from:
            return None  # one week of entries: nothing to compare yet
        assert logged[0].value is not None
        baseline = logged[0].value
        since = f" on {logged[0].date.strftime('%-d %B')}"
    if not recent:
        return None
    follow_up = round(statistics.fmean(recent), 1)
    now = " now" if len(recent) == 1 else f" on average over the last {RECENT_DAYS} days"
    text, result = describe_change(
        "nrs", SUBJECTS["nrs"], baseline, follow_up, since=since, now=now
    )
    return Meaning("pain", text, result)
