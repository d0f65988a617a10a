"""The daily diary: pain, spasms, steps, sitting, sleep, and new symptoms.

Each entry is committed first, on its own, so that it is kept whatever happens next. Then:

- pain or a spasm logged for today is checked for a flare-up
  (:func:`unknot.domain.plan.check_flare`): today and tomorrow switch to the relief set and the
  changed plan is stored, with the reason;
- new symptoms (:func:`report_symptoms`) re-run triage at once with them added to the latest
  answers; at emergency or urgent the plan is stopped from today and that is stored before the
  caller shows what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unknot.domain.answers import Answers, parse_answers
from unknot.domain.plan import (
    FlareResponse,
    Library,
    NewSymptoms,
    Plan,
    check_flare,
    check_new_symptoms,
    merge_symptoms,
    parse_symptoms,
    stop_plan,
)
from unknot.domain.plan.flare import BASELINE_DAYS
from unknot.domain.records import (
    AssessmentRecord,
    PainEntry,
    SittingEntry,
    SleepEntry,
    SpasmEpisode,
    StepsEntry,
    StepsUpsert,
)
from unknot.domain.triage import TriageResult
from unknot.domain.validation import parse
from unknot.services.plans import ActivePlan, NoPlanYet, active_plan, store_plan
from unknot.services.sessions import check_not_future
from unknot.services.unit_of_work import UnitOfWork

MANUAL_SOURCE = "manual"
"""The steps source of counts typed in by the person (imports name their device or app)."""


@dataclass(frozen=True)
class Logged:
    """A stored diary entry, and the flare-up it revealed (``None`` when none), with the id of
    the plan that switched to the relief set."""

    entry_id: int
    flare: FlareResponse | None = None
    plan_id: int | None = None


def _day(date: dt.date | None, today: dt.date) -> dt.date:
    day = date if date is not None else today
    check_not_future(day, today)
    return day


def _add_then_check_flare(
    uow: UnitOfWork,
    person_id: int,
    day: dt.date,
    add: Callable[[], int],
    *,
    today: dt.date,
    now: dt.datetime,
    library: Library | None,
) -> Logged:
    entry_id = add()
    uow.commit()
    if day != today:
        return Logged(entry_id)
    active = active_plan(uow, person_id, library=library)
    if active is None:
        return Logged(entry_id)
    flare = flare_today(uow, person_id, active, today)
    if flare is None:
        return Logged(entry_id)
    plan_id = store_plan(
        uow, person_id, flare.plan, active.assessment_id, now=now, reason=f"Flare-up: {flare.why}"
    )
    uow.commit()
    return Logged(entry_id, flare, plan_id)


def flare_today(
    uow: UnitOfWork, person_id: int, active: ActivePlan, today: dt.date
) -> FlareResponse | None:
    """A flare-up today that changes the plan, or ``None`` (no flare, a stopped plan, a date
    outside the plan, or relief days already set for it)."""
    plan = active.plan
    if plan.stopped is not None or not plan.generated_for <= today <= plan.end:
        return None
    diary = uow.diary.range(person_id, today - dt.timedelta(days=BASELINE_DAYS), today)
    flare = check_flare(diary, plan, today)
    if flare is None or flare.plan.as_json() == plan.as_json():
        return None
    return flare


def log_pain(
    uow: UnitOfWork,
    person_id: int,
    *,
    pain: int,
    stiffness: int | None = None,
    date: dt.date | None = None,
    today: dt.date,
    now: dt.datetime,
    library: Library | None = None,
) -> Logged:
    """Log pain (and stiffness) now, 0-10; commits, then checks today's entry for a flare-up."""
    day = _day(date, today)
    entry = parse(PainEntry, {"date": day, "pain": pain, "stiffness": stiffness})
    return _add_then_check_flare(
        uow,
        person_id,
        day,
        lambda: uow.diary.add_pain(person_id, entry),
        today=today,
        now=now,
        library=library,
    )


def log_spasm(
    uow: UnitOfWork,
    person_id: int,
    *,
    severity: int,
    minutes: int,
    started_at: dt.datetime,
    trigger: str = "",
    date: dt.date | None = None,
    today: dt.date,
    now: dt.datetime,
    library: Library | None = None,
) -> Logged:
    """Log a spasm (how bad 0-10, how many minutes, when it began, what set it off); commits,
    then checks today's entry for a flare-up."""
    day = _day(date, today)
    episode = parse(
        SpasmEpisode,
        {
            "date": day,
            "started_at": started_at,
            "trigger": trigger,
            "minutes": minutes,
            "severity": severity,
        },
    )
    return _add_then_check_flare(
        uow,
        person_id,
        day,
        lambda: uow.diary.add_spasm(person_id, episode),
        today=today,
        now=now,
        library=library,
    )


def log_steps(
    uow: UnitOfWork,
    person_id: int,
    *,
    steps: int,
    date: dt.date | None = None,
    today: dt.date,
    source: str = MANUAL_SOURCE,
) -> StepsUpsert:
    """Set a day's steps from ``source`` (a second entry replaces the first); commits."""
    entry = parse(StepsEntry, {"date": _day(date, today), "steps": steps, "source": source})
    outcome = uow.diary.upsert_steps(person_id, {entry.date: entry.steps}, entry.source)
    uow.commit()
    return outcome


def log_sitting(
    uow: UnitOfWork,
    person_id: int,
    *,
    hours: float,
    date: dt.date | None = None,
    today: dt.date,
) -> Logged:
    """Log the hours sat on a day (0-24); commits."""
    entry = parse(SittingEntry, {"date": _day(date, today), "hours": hours})
    entry_id = uow.diary.add_sitting(person_id, entry)
    uow.commit()
    return Logged(entry_id)


def log_sleep(
    uow: UnitOfWork,
    person_id: int,
    *,
    hours: float,
    quality: int | None = None,
    woken_by_pain: bool = False,
    date: dt.date | None = None,
    today: dt.date,
) -> Logged:
    """Log the night that ended on ``date`` (hours 0-24, quality 0-10, woken by pain); commits."""
    entry = parse(
        SleepEntry,
        {
            "date": _day(date, today),
            "hours": hours,
            "quality": quality,
            "woken_by_pain": woken_by_pain,
        },
    )
    entry_id = uow.diary.add_sleep(person_id, entry)
    uow.commit()
    return Logged(entry_id)


@dataclass(frozen=True)
class CurrentAnswers:
    """The person's answers as they stand (the latest assessment, new symptoms included), and
    the date they describe (episode durations count from it)."""

    answers: Answers
    as_of: dt.date
    active: ActivePlan | None


def current_answers(
    uow: UnitOfWork, person_id: int, today: dt.date, *, library: Library | None = None
) -> CurrentAnswers:
    """The latest answers; :class:`~unknot.services.plans.NoPlanYet` before any assessment."""
    latest = uow.assessments.latest(person_id)
    if latest is None:
        raise NoPlanYet(person_id, "assessment")
    answers, _ = parse_answers(latest.answers)
    active = active_plan(uow, person_id, library=library)
    if active is not None and active.assessment.id == latest.id:
        as_of = active.plan.generated_on
    else:
        as_of = latest.taken_at.date()
    return CurrentAnswers(answers, min(as_of, today), active)


def answers_as_of(answers: Answers, as_of: dt.date, today: dt.date) -> Answers:
    """``answers`` given on ``as_of``, described on ``today``: the episode is older by the days
    between."""
    episode = answers.episode
    if episode is None or episode.duration_days is None or today <= as_of:
        return answers
    later = episode.duration_days + (today - as_of).days
    return answers.model_copy(
        update={"episode": episode.model_copy(update={"duration_days": later})}
    )


def triage_with_symptoms(
    current: CurrentAnswers, symptoms: NewSymptoms, today: dt.date
) -> TriageResult | None:
    """Triage of the current answers with ``symptoms`` added (``None`` when none are
    reported). Pure: for showing a result at once, e.g. after each question."""
    return check_new_symptoms(current.answers, symptoms, today, assessed_on=current.as_of)


@dataclass(frozen=True)
class SymptomsReport:
    """The triage of new symptoms (``None`` when none were reported; nothing is stored then),
    the stored assessment, and the plan stopped because of them (``None`` when it goes on)."""

    triage: TriageResult | None
    warnings: list[str]
    assessment_id: int | None = None
    stopped_plan: Plan | None = None
    plan_id: int | None = None


def report_symptoms(
    uow: UnitOfWork,
    person_id: int,
    data: Any,
    *,
    today: dt.date,
    now: dt.datetime,
    library: Library | None = None,
) -> SymptomsReport:
    """New symptoms (the assessment's ``red_flags`` and ``legs`` blocks, any subset): triage
    runs again at once with them added to the latest answers (a flag can be added, never taken
    away). The answers with the symptoms are stored as a new assessment; at emergency or urgent
    the active plan is stopped from today. Commits before returning.

    :class:`InvalidInput` names a field that breaks a rule; :class:`NoPlanYet` when there is no
    assessment to add the symptoms to.
    """
    symptoms, warnings = parse_symptoms(data)
    if not symptoms.reports_anything():
        return SymptomsReport(None, warnings)
    current = current_answers(uow, person_id, today, library=library)
    result = triage_with_symptoms(current, symptoms, today)
    assert result is not None
    merged = answers_as_of(merge_symptoms(current.answers, symptoms), current.as_of, today)
    assessment_id = uow.assessments.add(
        person_id,
        AssessmentRecord(
            taken_at=now,
            answers=merged.model_dump(mode="json", exclude_none=True),
            triage=result.as_json(),
            level=str(result.level),
        ),
    )
    stopped: Plan | None = None
    plan_id = None
    active = current.active
    if not result.plan_allowed and active is not None and active.plan.stopped is None:
        stopped = stop_plan(active.plan, result, today)
        plan_id = store_plan(
            uow,
            person_id,
            stopped,
            active.assessment_id,
            now=now,
            reason=f"Stopped on {today.isoformat()} after new symptoms: {result.headline}",
        )
    uow.commit()
    return SymptomsReport(result, warnings, assessment_id, stopped, plan_id)
