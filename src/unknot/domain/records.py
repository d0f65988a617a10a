"""What a person logs, and what unknot keeps about them, as plain validated values.

Diary entries (one person's day):

    SessionLog     an exercise session: what was done, pain before and after, effort
    PainEntry      pain and stiffness now
    SpasmEpisode   a spasm: when, what set it off, how long, how bad
    StepsEntry     steps on a day, from one source (re-imports replace, never add)
    SittingEntry   hours sat on a day
    SleepEntry     the night that ended on a day
    DiaryDay       one date's entries, grouped

Stored results (what other parts of unknot computed for the person):

    Person, AssessmentRecord, PlanRecord, ScoreRecord, ReviewRecord

Every record is frozen and validated; ranges fail with the field named. Times are passed in,
never read from a clock here. Datetimes must carry a time zone (storage keeps them as UTC).
``id`` is ``None`` until the record is stored; records read back from storage carry it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from unknot.domain.validation import Strict
from unknot.errors import InvalidInput

PAIN_MIN = 0
"""Lowest pain (and stiffness, severity) score: 0 = none. The 11-point numeric rating scale,
clinical reference section 3.3."""

PAIN_MAX = 10
"""Highest pain score: 10 = worst possible (numeric rating scale, clinical reference 3.3)."""

MAX_STEPS_PER_DAY = 200_000
"""More steps than anyone walks in a day: a typo or a broken import; the step importers
(``unknot.adapters.steps``) use the same bound. [DESIGN] A plausibility bound, not a clinical
threshold: it is about five marathons of walking in a day (42 km at roughly a metre a step is
some 40,000 steps), so only a corrupt cell, or a column read in the wrong unit, goes beyond
it."""

HOURS_PER_DAY = 24
"""Sitting and sleep are hours of one day."""

MAX_SPASM_MINUTES = 24 * 60
"""A spasm episode is logged per day; a longer one is logged again the next day. [DESIGN]"""

MAX_SETS = 20
"""More sets of one exercise than any plan prescribes: a typo. [DESIGN]"""

MAX_REPS = 500
"""More repetitions per set than any plan prescribes: a typo. [DESIGN]"""

MAX_HOLD_SECONDS = 600
"""Longest hold of one position, in seconds. [DESIGN]"""

MAX_EXERCISE_MINUTES = 600
"""Longest timed item (a walk) logged in one session, in minutes. [DESIGN]"""

TRIGGER_MAX_LENGTH = 200
"""A spasm trigger is a short phrase ("bent to tie a shoe")."""

NOTES_MAX_LENGTH = 2000
"""Free-text notes are a few sentences, not documents."""

SOURCE_MAX_LENGTH = 100
"""A steps source names a device, app or file (``manual``, ``Google Fit``, ``steps.csv``)."""

MAX_CLOCK_SKEW = dt.timedelta(days=1)
"""A timestamp's UTC date may differ from the person's local date by at most one day (time
zones span UTC-12 to UTC+14)."""

Score0to10 = Annotated[int, Field(ge=PAIN_MIN, le=PAIN_MAX)]
Hours = Annotated[float, Field(ge=0, le=HOURS_PER_DAY)]
Notes = Annotated[str, Field(max_length=NOTES_MAX_LENGTH)]
RecordId = Annotated[int | None, Field(ge=1)]


class Effort(StrEnum):
    """How a session felt, the input to progression (clinical reference: pain-monitoring)."""

    TOO_EASY = "too_easy"
    ABOUT_RIGHT = "about_right"
    TOO_HARD = "too_hard"


def _on_its_date(moment: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
    """``moment`` (in any time zone) must fall on the record's ``date``, give or take a time-zone
    offset. Used as a field validator of fields declared after ``date``."""
    date = info.data.get("date")
    if moment is None or date is None:
        return moment
    if abs(moment.astimezone(dt.UTC).date() - date) > MAX_CLOCK_SKEW:
        raise ValueError(f"{moment.isoformat()} is not on {date.isoformat()}")
    return moment


class ExerciseDone(Strict):
    """One planned exercise in a session: what was done, or that it was skipped."""

    exercise_id: str = Field(min_length=1, max_length=80)
    sets_done: int = Field(default=0, ge=0, le=MAX_SETS)
    reps_done: int | None = Field(default=None, ge=0, le=MAX_REPS, description="per set")
    hold_seconds_done: int | None = Field(default=None, ge=0, le=MAX_HOLD_SECONDS)
    minutes_done: int | None = Field(default=None, ge=0, le=MAX_EXERCISE_MINUTES)
    skipped: bool = False

    @field_validator("skipped")
    @classmethod
    def _skipped_means_nothing_done(cls, skipped: bool, info: ValidationInfo) -> bool:
        done = [name for name in ("sets_done", "reps_done", "minutes_done") if info.data.get(name)]
        if skipped and done:
            raise ValueError(f"a skipped exercise has nothing done, but {done[0]} is set")
        return skipped


class SessionLog(Strict):
    """An exercise session as the person logged it."""

    id: RecordId = None
    date: dt.date
    started_at: AwareDatetime | None = None
    plan_day: int | None = Field(default=None, ge=1, description="day number in the plan, from 1")
    exercises: tuple[ExerciseDone, ...] = ()
    pain_before: Score0to10
    pain_after: Score0to10
    effort: Effort
    notes: Notes = ""

    _started_on_its_date = field_validator("started_at")(_on_its_date)


class PainEntry(Strict):
    """Pain and stiffness now (0 = none, 10 = worst possible); stiffness may be left out."""

    id: RecordId = None
    date: dt.date
    pain: Score0to10
    stiffness: Score0to10 | None = None


class SpasmEpisode(Strict):
    """A spasm: when it began, what set it off (if known), how long and how bad it was."""

    id: RecordId = None
    date: dt.date
    started_at: AwareDatetime
    trigger: str = Field(default="", max_length=TRIGGER_MAX_LENGTH)
    minutes: int = Field(gt=0, le=MAX_SPASM_MINUTES)
    severity: Score0to10

    _started_on_its_date = field_validator("started_at")(_on_its_date)


class StepsEntry(Strict):
    """Steps on one day from one source. A new import from the same source replaces it."""

    id: RecordId = None
    date: dt.date
    steps: int = Field(ge=0, le=MAX_STEPS_PER_DAY)
    source: str = Field(default="manual", min_length=1, max_length=SOURCE_MAX_LENGTH)


class SittingEntry(Strict):
    """Hours spent sitting on one day."""

    id: RecordId = None
    date: dt.date
    hours: Hours


class SleepEntry(Strict):
    """The night that ended on ``date`` (the morning you woke up)."""

    id: RecordId = None
    date: dt.date
    hours: Hours
    quality: Score0to10 | None = Field(default=None, description="0 = very poor, 10 = very good")
    woken_by_pain: bool = False


DiaryEntry = SessionLog | PainEntry | SpasmEpisode | StepsEntry | SittingEntry | SleepEntry
"""Any one thing a person logs."""


class DiaryDay(BaseModel):
    """Everything logged for one date. Built by storage; every entry is on ``date``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    sessions: tuple[SessionLog, ...] = ()
    pain: tuple[PainEntry, ...] = ()
    spasms: tuple[SpasmEpisode, ...] = ()
    steps: tuple[StepsEntry, ...] = ()
    sitting: tuple[SittingEntry, ...] = ()
    sleep: tuple[SleepEntry, ...] = ()

    @model_validator(mode="after")
    def _entries_are_on_this_date(self) -> DiaryDay:
        for entry in self.entries():
            if entry.date != self.date:
                raise ValueError(f"a {type(entry).__name__} of {entry.date} is not on {self.date}")
        return self

    def entries(self) -> tuple[DiaryEntry, ...]:
        """Every entry of the day, sessions first."""
        return (*self.sessions, *self.pain, *self.spasms, *self.steps, *self.sitting, *self.sleep)

    @property
    def is_empty(self) -> bool:
        """True when nothing was logged on this date."""
        return not self.entries()

    @property
    def steps_count(self) -> int | None:
        """The highest count any one source gave, or ``None`` when none did.

        Sources (a phone and a watch) count the same walking, so adding them would count
        steps twice.
        """
        return max((entry.steps for entry in self.steps), default=None)


class Person(Strict):
    """Someone unknot keeps data for. A CLI user is the one local profile of their home."""

    id: RecordId = None
    created_at: AwareDatetime
    display_name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    is_local_profile: bool = False


class AssessmentRecord(Strict):
    """An assessment as taken: the answers (``unknot.assessment/v1``) and the triage result."""

    id: RecordId = None
    taken_at: AwareDatetime
    answers: dict[str, Any]
    triage: dict[str, Any]
    level: str = Field(min_length=1, max_length=32, description="the triage level")


class PlanRecord(Strict):
    """A plan (``unknot.plan/v1``) made for the person; at most one is active."""

    id: RecordId = None
    created_at: AwareDatetime
    start_date: dt.date
    phase: str = Field(min_length=1, max_length=32)
    plan: dict[str, Any]
    active: bool = True
    reason: Notes = Field(default="", description="why this plan was made or changed")


class ScoreRecord(Strict):
    """A questionnaire result (``unknot score``), kept to follow change over time."""

    id: RecordId = None
    instrument: str = Field(min_length=1, max_length=32)
    taken_on: dt.date
    result: dict[str, Any]
    score: float | None = Field(default=None, description="the headline number, if any")


class ReviewRecord(Strict):
    """A weekly review's result for the week that starts on ``week_start``."""

    id: RecordId = None
    week_start: dt.date
    created_at: AwareDatetime
    result: dict[str, Any]


class StepsUpsert(NamedTuple):
    """What an import of steps did: days added, days whose count it replaced, days unchanged."""

    added: int
    updated: int
    unchanged: int


class PersonWeek(NamedTuple):
    """One person's diary over a range of dates, as the weekly review reads it."""

    person_id: int
    days: list[DiaryDay]
    session_logs: list[SessionLog]


class ActivePlanState(NamedTuple):
    """A person's active plan as the weekly review of everyone reads it: its id and state
    (``unknot.plan-state/v1``, see :func:`unknot.domain.plan.plan_state`), not its full JSON."""

    person_id: int
    plan_id: int
    state: dict[str, Any]


def dates_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date from ``start`` to ``end``, both included; an error when ``end`` < ``start``."""
    if end < start:
        raise InvalidInput("end", f"{end.isoformat()} is before start {start.isoformat()}")
    return [start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)]


def group_into_days(start: dt.date, end: dt.date, entries: Iterable[DiaryEntry]) -> list[DiaryDay]:
    """One :class:`DiaryDay` per date from ``start`` to ``end`` (empty days included), each
    holding the entries of its date in the order given. Entries outside the range are an error.
    """
    # Only the kinds a date has are passed on: the others keep their empty defaults.
    grouped: dict[dt.date, dict[str, list[DiaryEntry]]] = {
        day: {} for day in dates_between(start, end)
    }
    for entry in entries:
        fields = grouped.get(entry.date)
        if fields is None:
            raise ValueError(f"a {type(entry).__name__} of {entry.date} is outside {start}..{end}")
        fields.setdefault(_DAY_FIELDS[type(entry)], []).append(entry)
    return [
        DiaryDay.model_validate({"date": day, **{k: tuple(v) for k, v in fields.items()}})
        for day, fields in grouped.items()
    ]


DIARY_KINDS: tuple[str, ...] = ("sessions", "pain", "spasms", "steps", "sitting", "sleep")
"""The kinds of diary entry: the fields of :class:`DiaryDay` that hold entries."""


def diary_kinds(kinds: Iterable[str] | None) -> frozenset[str]:
    """The kinds asked for (every kind for ``None``); :class:`InvalidInput` naming the field
    ``kinds`` and the kinds there are when one is unknown."""
    if kinds is None:
        return frozenset(DIARY_KINDS)
    wanted = frozenset(kinds)
    unknown = sorted(wanted - set(DIARY_KINDS))
    if unknown:
        raise InvalidInput("kinds", f"unknown {unknown}; must be among {list(DIARY_KINDS)}")
    return wanted


_DAY_FIELDS: dict[type[BaseModel], str] = {
    SessionLog: "sessions",
    PainEntry: "pain",
    SpasmEpisode: "spasms",
    StepsEntry: "steps",
    SittingEntry: "sitting",
    SleepEntry: "sleep",
}
"""Which :class:`DiaryDay` field holds each kind of entry."""

EXPORT_FORMAT = "unknot.export/v1"
"""The ``format`` of :func:`export_document`'s result."""

EXPORT_SECTIONS: dict[str, type[BaseModel]] = {
    "assessments": AssessmentRecord,
    "plans": PlanRecord,
    "questionnaire_scores": ScoreRecord,
    "reviews": ReviewRecord,
    "session_logs": SessionLog,
    "pain_entries": PainEntry,
    "spasm_episodes": SpasmEpisode,
    "steps": StepsEntry,
    "sitting_entries": SittingEntry,
    "sleep_entries": SleepEntry,
}
"""The sections of an export, each a list of one kind of record, oldest first."""


def export_document(person: Person, sections: Mapping[str, Sequence[BaseModel]]) -> dict[str, Any]:
    """Everything kept about ``person`` as JSON-ready data (format ``unknot.export/v1``).

    ``sections`` must give every key of :data:`EXPORT_SECTIONS` (an empty list for none).
    """
    if set(sections) != set(EXPORT_SECTIONS):
        raise ValueError(f"export sections must be {sorted(EXPORT_SECTIONS)}")
    document: dict[str, Any] = {"format": EXPORT_FORMAT, "person": person.model_dump(mode="json")}
    for name in EXPORT_SECTIONS:
        document[name] = [record.model_dump(mode="json") for record in sections[name]]
    return document
