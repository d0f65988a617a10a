"""An in-memory unit of work for unit tests of services: no database, same promises.

    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = uow.people.add(Person(created_at=now))
        uow.commit()

:class:`FakeStore` is the "database": units of work made on the same store see each other's
committed writes, and what is not committed is rolled back, as with :class:`SqlUnitOfWork`.
Use one unit of work at a time: a commit replaces the store's state with the unit's own.
The storage contract tests run against this fake too, so it keeps the same rules (person
scoping, one active plan, steps replaced not added, ``NotFound`` for unknown ids).
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self, TypeVar

from pydantic import BaseModel

from unknot.adapters.steps.model import merge_days
from unknot.domain.records import (
    EXPORT_SECTIONS,
    ActivePlanState,
    AssessmentRecord,
    DiaryDay,
    DiaryEntry,
    PainEntry,
    Person,
    PersonWeek,
    PlanRecord,
    ReviewRecord,
    ScoreRecord,
    SessionLog,
    SittingEntry,
    SleepEntry,
    SpasmEpisode,
    StepsEntry,
    StepsUpsert,
    dates_between,
    diary_kinds,
    export_document,
    group_into_days,
)
from unknot.domain.validation import parse
from unknot.errors import InvalidInput, NotFound
from unknot.services.unit_of_work import UnitOfWork

RecordT = TypeVar("RecordT", bound=BaseModel)

DIARY_KINDS: tuple[tuple[type[DiaryEntry], str], ...] = (
    (SessionLog, "session_logs"),
    (PainEntry, "pain_entries"),
    (SpasmEpisode, "spasm_episodes"),
    (StepsEntry, "steps"),
    (SittingEntry, "sitting_entries"),
    (SleepEntry, "sleep_entries"),
)
"""Each kind of diary entry and its table (the export section of the same name)."""


@dataclass
class _Tables:
    """Rows by table, each ``{id: (person_id, record)}``; records are frozen, so a shallow copy
    of the dictionaries is a snapshot."""

    people: dict[int, Person] = field(default_factory=dict)
    rows: dict[str, dict[int, tuple[int, Any]]] = field(
        default_factory=lambda: {name: {} for name in EXPORT_SECTIONS}
    )
    last_id: int = 0
    plan_states: dict[int, dict[str, Any]] = field(default_factory=dict)
    """States by plan id (deleted with their plan)."""

    def copy(self) -> _Tables:
        rows = {name: dict(table) for name, table in self.rows.items()}
        return _Tables(dict(self.people), rows, self.last_id, dict(self.plan_states))


@dataclass
class FakeStore:
    """The committed state that fake units of work share."""

    tables: _Tables = field(default_factory=_Tables)


def _as_stored(record: RecordT, ident: int) -> RecordT:
    """The record as a database gives it back: with its id, and its datetimes in UTC."""
    update: dict[str, Any] = {"id": ident}
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, dt.datetime):
            update[name] = value.astimezone(dt.UTC)
    return record.model_copy(update=update)


class _FakeRepository:
    def __init__(self, state: Callable[[], _Tables]) -> None:
        self._state = state

    def _require_person(self, person_id: int) -> None:
        if person_id not in self._state().people:
            raise NotFound("person", str(person_id))

    def _insert(self, table: str, person_id: int, record: BaseModel) -> int:
        self._require_person(person_id)
        state = self._state()
        state.last_id += 1
        state.rows[table][state.last_id] = (
            person_id,
            _as_stored(record, state.last_id),
        )
        return state.last_id

    def _of(self, table: str, person_id: int, kind: type[RecordT]) -> builtins.list[RecordT]:
        """The person's records in a table, in id order (the order they were added)."""
        return [
            record
            for owner, record in self._state().rows[table].values()
            if owner == person_id and isinstance(record, kind)
        ]


class FakePeopleRepository(_FakeRepository):
    def add(self, person: Person) -> int:
        state = self._state()
        if person.email is not None and any(p.email == person.email for p in state.people.values()):
            raise InvalidInput("email", "already belongs to another person")
        state.last_id += 1
        state.people[state.last_id] = _as_stored(person, state.last_id)
        return state.last_id

    def get(self, person_id: int) -> Person:
        try:
            return self._state().people[person_id]
        except KeyError:
            raise NotFound("person", str(person_id)) from None

    def get_local_profile(self) -> Person | None:
        return next((p for p in self._state().people.values() if p.is_local_profile), None)

    def get_or_create_local_profile(self, now: dt.datetime) -> Person:
        found = self.get_local_profile()
        if found is None:
            found = self.get(self.add(Person(created_at=now, is_local_profile=True)))
        return found


class FakeAssessmentRepository(_FakeRepository):
    def add(self, person_id: int, assessment: AssessmentRecord) -> int:
        return self._insert("assessments", person_id, assessment)

    def latest(self, person_id: int) -> AssessmentRecord | None:
        found = self.list(person_id, limit=1)
        return found[0] if found else None

    def list(self, person_id: int, limit: int | None = None) -> builtins.list[AssessmentRecord]:
        found = self._of("assessments", person_id, AssessmentRecord)
        found.sort(key=lambda a: (a.taken_at, a.id or 0), reverse=True)
        return found[:limit]


class FakePlanRepository(_FakeRepository):
    def add(
        self, person_id: int, plan: PlanRecord, *, state: Mapping[str, Any] | None = None
    ) -> int:
        self._require_person(person_id)
        if plan.active:
            self._deactivate_all(person_id)
        plan_id = self._insert("plans", person_id, plan)
        if state is not None:
            self._state().plan_states[plan_id] = json.loads(json.dumps(state))
        return plan_id

    def activate(self, person_id: int, plan_id: int) -> None:
        owner, plan = self._state().rows["plans"].get(plan_id, (None, None))
        if owner != person_id or plan is None:
            raise NotFound("plan", str(plan_id))
        if not plan.active:
            self._deactivate_all(person_id)
            self._state().rows["plans"][plan_id] = (owner, plan.model_copy(update={"active": True}))

    def active(self, person_id: int) -> PlanRecord | None:
        return next((p for p in self._of("plans", person_id, PlanRecord) if p.active), None)

    def history(self, person_id: int) -> list[PlanRecord]:
        found = self._of("plans", person_id, PlanRecord)
        return sorted(found, key=lambda p: (p.created_at, p.id or 0), reverse=True)

    def _deactivate_all(self, person_id: int) -> None:
        table = self._state().rows["plans"]
        for plan in self._of("plans", person_id, PlanRecord):
            if plan.active and plan.id is not None:
                table[plan.id] = (person_id, plan.model_copy(update={"active": False}))


class FakeScoreRepository(_FakeRepository):
    def add(self, person_id: int, score: ScoreRecord) -> int:
        return self._insert("questionnaire_scores", person_id, score)

    def list(self, person_id: int, instrument: str | None = None) -> builtins.list[ScoreRecord]:
        found = self._of("questionnaire_scores", person_id, ScoreRecord)
        found = [s for s in found if instrument is None or s.instrument == instrument]
        return sorted(found, key=lambda s: (s.taken_on, s.id or 0))

    def latest(self, person_id: int, instrument: str) -> ScoreRecord | None:
        found = self.list(person_id, instrument)
        return found[-1] if found else None


class FakeReviewRepository(_FakeRepository):
    def save(self, person_id: int, review: ReviewRecord) -> int:
        old = self.get(person_id, review.week_start)
        if old is None or old.id is None:
            return self._insert("reviews", person_id, review)
        self._state().rows["reviews"][old.id] = (
            person_id,
            _as_stored(review, old.id),
        )
        return old.id

    def get(self, person_id: int, week_start: dt.date) -> ReviewRecord | None:
        return next((r for r in self.list(person_id) if r.week_start == week_start), None)

    def list(self, person_id: int) -> builtins.list[ReviewRecord]:
        return sorted(self._of("reviews", person_id, ReviewRecord), key=lambda r: r.week_start)


class FakeDiaryRepository(_FakeRepository):
    def add_session_log(self, person_id: int, log: SessionLog) -> int:
        return self._insert("session_logs", person_id, log)

    def add_pain(self, person_id: int, entry: PainEntry) -> int:
        return self._insert("pain_entries", person_id, entry)

    def add_spasm(self, person_id: int, episode: SpasmEpisode) -> int:
        return self._insert("spasm_episodes", person_id, episode)

    def add_sitting(self, person_id: int, entry: SittingEntry) -> int:
        return self._insert("sitting_entries", person_id, entry)

    def add_sleep(self, person_id: int, entry: SleepEntry) -> int:
        return self._insert("sleep_entries", person_id, entry)

    def upsert_steps(
        self, person_id: int, steps: Mapping[dt.date, int], source: str = "manual"
    ) -> StepsUpsert:
        self._require_person(person_id)
        for day, count in steps.items():
            parse(StepsEntry, {"date": day, "steps": count, "source": source}, f"steps[{day}]")
        kept = {
            entry.date: entry
            for entry in self._of("steps", person_id, StepsEntry)
            if entry.source == source
        }
        outcome = merge_days({day: entry.steps for day, entry in kept.items()}, steps)
        for day in outcome.updated:
            old = kept[day]
            assert old.id is not None
            new = old.model_copy(update={"steps": steps[day]})
            self._state().rows["steps"][old.id] = (person_id, new)
        for day in outcome.added:
            self._insert("steps", person_id, StepsEntry(date=day, steps=steps[day], source=source))
        return StepsUpsert(len(outcome.added), len(outcome.updated), len(outcome.unchanged))

    def day(self, person_id: int, date: dt.date) -> DiaryDay:
        return self.range(person_id, date, date)[0]

    def range(self, person_id: int, start: dt.date, end: dt.date) -> builtins.list[DiaryDay]:
        dates_between(start, end)
        return group_into_days(start, end, self._entries(person_id, start, end))

    def _entries(self, person_id: int, start: dt.date, end: dt.date) -> builtins.list[DiaryEntry]:
        found: builtins.list[DiaryEntry] = []
        for kind, table in DIARY_KINDS:
            entries = [e for e in self._of(table, person_id, kind) if start <= e.date <= end]
            found.extend(sorted(entries, key=lambda e: e.date))
        return found

    def export(self, person_id: int) -> dict[str, Any]:
        person = FakePeopleRepository(self._state).get(person_id)
        assessments = self._of("assessments", person_id, AssessmentRecord)
        assessments.sort(key=lambda a: a.taken_at)
        plans = self._of("plans", person_id, PlanRecord)
        plans.sort(key=lambda p: p.created_at)
        sections: dict[str, Sequence[BaseModel]] = {
            "assessments": assessments,
            "plans": plans,
            "questionnaire_scores": FakeScoreRepository(self._state).list(person_id),
            "reviews": FakeReviewRepository(self._state).list(person_id),
        }
        for kind, table in DIARY_KINDS:
            entries: builtins.list[DiaryEntry] = self._of(table, person_id, kind)
            entries.sort(key=lambda e: e.date)
            sections[table] = entries
        return export_document(person, sections)

    def delete_person(self, person_id: int) -> dict[str, int]:
        state = self._state()
        if person_id not in state.people:
            raise NotFound("person", str(person_id))
        deleted: dict[str, int] = {}
        for name, table in state.rows.items():
            doomed = [ident for ident, (owner, _) in table.items() if owner == person_id]
            for ident in doomed:
                del table[ident]
                if name == "plans":
                    state.plan_states.pop(ident, None)
            deleted[name] = len(doomed)
        del state.people[person_id]
        deleted["people"] = 1
        return deleted


class FakeCohortReader(_FakeRepository):
    def iter_people_with_week(
        self,
        start: dt.date,
        end: dt.date,
        batch_size: int = 1000,
        *,
        after: int = 0,
        through: int | None = None,
        kinds: Iterable[str] | None = None,
    ) -> Iterator[PersonWeek]:
        if batch_size < 1:
            raise InvalidInput("batch_size", f"must be at least 1, got {batch_size}")
        wanted = diary_kinds(kinds)
        diary = FakeDiaryRepository(self._state)
        for person_id in sorted(self._state().people):
            if person_id <= after or (through is not None and person_id > through):
                continue
            days = [
                day.model_copy(update=dict.fromkeys(diary_kinds(None) - wanted, ()))
                for day in diary.range(person_id, start, end)
            ]
            yield PersonWeek(person_id, days, [log for day in days for log in day.sessions])

    def active_plan_states(
        self, *, after: int = 0, through: int | None = None
    ) -> list[ActivePlanState]:
        state = self._state()
        found = [
            ActivePlanState(owner, plan_id, state.plan_states[plan_id])
            for plan_id, (owner, plan) in state.rows["plans"].items()
            if plan.active
            and plan_id in state.plan_states
            and owner > after
            and (through is None or owner <= through)
        ]
        return sorted(found)

    def answers_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        rows = self._state().rows["assessments"]
        return {i: dict(rows[i][1].answers) for i in set(assessment_ids) if i in rows}

    def count_people(self) -> int:
        return len(self._state().people)


class FakeUnitOfWork(UnitOfWork):
    """A unit of work on a :class:`FakeStore`. ``committed`` tells a test whether a service
    committed."""

    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store if store is not None else FakeStore()
        self.committed = False
        self._working: _Tables | None = None
        state = self._current
        self.people = FakePeopleRepository(state)
        self.assessments = FakeAssessmentRepository(state)
        self.plans = FakePlanRepository(state)
        self.scores = FakeScoreRepository(state)
        self.reviews = FakeReviewRepository(state)
        self.diary = FakeDiaryRepository(state)
        self.cohort = FakeCohortReader(state)

    def _current(self) -> _Tables:
        if self._working is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._working

    def __enter__(self) -> Self:
        if self._working is not None:
            raise RuntimeError("this unit of work is already in use; make a new one")
        self._working = self.store.tables.copy()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        super().__exit__(exc_type, exc, traceback)
        self._working = None

    def commit(self) -> None:
        self.store.tables = self._current().copy()
        self.committed = True

    def rollback(self) -> None:
        self._current()
        self._working = self.store.tables.copy()
