"""Repositories over SQLAlchemy: domain records in, domain records out, never ORM rows.

Every method that reads or writes a person's rows takes ``person_id`` and filters by it; no
method returns another person's rows (the web app's security relies on it, and the tests check
every read method). The one exception is :class:`SqlCohortReader`, the weekly review's batch
read over everyone, kept in a class of its own so that request handlers never reach it.

Repositories do not commit: the unit of work does (:mod:`unknot.services.unit_of_work`).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any, Final, TypeVar

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import (
    CursorResult,
    Delete,
    Row,
    Select,
    Text,
    cast,
    delete,
    exists,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from unknot.adapters.orm import (
    PERSON_TABLES,
    PLAN_IS_ACTIVE,
    AssessmentRow,
    Base,
    PainEntryRow,
    PersonRow,
    PlanRow,
    PlanStateRow,
    QuestionnaireScoreRow,
    ReviewRow,
    SessionLogRow,
    SittingEntryRow,
    SleepEntryRow,
    SpasmEpisodeRow,
    StepsRow,
)
from unknot.adapters.steps.model import merge_days
from unknot.domain.records import (
    DIARY_KINDS,
    ActivePlanState,
    AssessmentRecord,
    DiaryDay,
    DiaryEntry,
    ExerciseDone,
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

STEPS_LOOKUP_CHUNK: Final = 500
"""Days (or ids) looked up per query when importing steps (or reading answers in bulk): well
under SQLite's bound-parameter limit."""

RecordT = TypeVar("RecordT", bound=BaseModel)


class _PersonScoped:
    """Shared by repositories of one person's rows: checks that the person exists."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _require_person(self, person_id: int) -> None:
        if not self._session.scalar(select(exists().where(PersonRow.id == person_id))):
            raise NotFound("person", str(person_id))

    def _insert(self, row: Base) -> int:
        self._session.add(row)
        self._session.flush()
        ident = row.id  # type: ignore[attr-defined]
        assert isinstance(ident, int)
        return ident


# Rows to records and back. The columns are named as the records' fields, except ``day``
# (the records' ``date``), which avoids a column named after an SQL type.


def _person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        created_at=row.created_at,
        display_name=row.display_name,
        email=row.email,
        is_local_profile=row.is_local_profile,
    )


def _assessment(row: AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id, taken_at=row.taken_at, answers=row.answers, triage=row.triage, level=row.level
    )


def _plan(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        created_at=row.created_at,
        start_date=row.start_date,
        phase=row.phase,
        plan=row.plan,
        active=row.active,
        reason=row.reason,
    )


def _score(row: QuestionnaireScoreRow) -> ScoreRecord:
    return ScoreRecord(
        id=row.id,
        instrument=row.instrument,
        taken_on=row.taken_on,
        result=row.result,
        score=row.score,
    )


def _review(row: ReviewRow) -> ReviewRecord:
    return ReviewRecord(
        id=row.id, week_start=row.week_start, created_at=row.created_at, result=row.result
    )


def column_values(record: BaseModel) -> dict[str, Any]:
    """A record's declared fields (never unknown extras) as column values: ``date`` becomes
    ``day``; enums, dicts and tuples become their JSON-ready form; ``id`` is left out."""
    json_ready = record.model_dump(mode="json")
    values: dict[str, Any] = {}
    for name in type(record).model_fields:
        if name == "id":
            continue
        value = getattr(record, name)
        if isinstance(value, StrEnum | dict | tuple | list):
            value = json_ready[name]
        values["day" if name == "date" else name] = value
    return values


_EXERCISES: Final = TypeAdapter(tuple[ExerciseDone, ...])
"""A session's exercises, validated straight from their JSON text (about twice as fast as
decoding the JSON first and validating each item)."""


def _session_log(row: Row[Any]) -> SessionLog:
    return SessionLog(
        id=row.id,
        date=row.day,
        started_at=row.started_at,
        plan_day=row.plan_day,
        exercises=_EXERCISES.validate_json(row.exercises_json),
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        effort=row.effort,
        notes=row.notes,
    )


def _pain(row: Row[Any]) -> PainEntry:
    return PainEntry(id=row.id, date=row.day, pain=row.pain, stiffness=row.stiffness)


def _spasm(row: Row[Any]) -> SpasmEpisode:
    return SpasmEpisode(
        id=row.id,
        date=row.day,
        started_at=row.started_at,
        trigger=row.trigger,
        minutes=row.minutes,
        severity=row.severity,
    )


def _steps(row: Row[Any]) -> StepsEntry:
    return StepsEntry(id=row.id, date=row.day, steps=row.steps, source=row.source)


def _sitting(row: Row[Any]) -> SittingEntry:
    return SittingEntry(id=row.id, date=row.day, hours=row.hours)


def _sleep(row: Row[Any]) -> SleepEntry:
    return SleepEntry(
        id=row.id,
        date=row.day,
        hours=row.hours,
        quality=row.quality,
        woken_by_pain=row.woken_by_pain,
    )


_DIARY_READERS: Final[tuple[tuple[type[Base], str, Callable[[Row[Any]], DiaryEntry]], ...]] = (
    (SessionLogRow, "sessions", _session_log),
    (PainEntryRow, "pain", _pain),
    (SpasmEpisodeRow, "spasms", _spasm),
    (StepsRow, "steps", _steps),
    (SittingEntryRow, "sitting", _sitting),
    (SleepEntryRow, "sleep", _sleep),
)
"""Each diary table, its kind of entry (the :class:`DiaryDay` field of its records) and how its
rows become records."""


def _diary_columns(table: type[Base]) -> list[Any]:
    """The columns a diary reader takes; a session's exercises come as JSON text
    (``exercises_json``), left for :data:`_EXERCISES` to decode and validate in one step."""
    columns = table.__table__.c
    if table is not SessionLogRow:
        return list(columns)
    return [
        *(c for c in columns if c.name != "exercises"),
        cast(columns.exercises, Text).label("exercises_json"),
    ]


def _diary_rows(
    session: Session,
    table: type[Base],
    first_person: int,
    last_person: int,
    start: dt.date | None,
    end: dt.date | None,
) -> Sequence[Row[Any]]:
    """Rows of people ``first_person``..``last_person`` from ``start`` to ``end`` (both
    included; ``None`` leaves that side open), by person, day and id: one index range scan."""
    columns = table.__table__.c
    query: Select[Any] = select(*_diary_columns(table)).where(
        columns.person_id.between(first_person, last_person)
    )
    if start is not None:
        query = query.where(columns.day >= start)
    if end is not None:
        query = query.where(columns.day <= end)
    return session.execute(query.order_by(columns.person_id, columns.day, columns.id)).all()


def _diary_entries(
    session: Session,
    first_person: int,
    last_person: int,
    start: dt.date,
    end: dt.date,
    kinds: frozenset[str] = frozenset(DIARY_KINDS),
) -> dict[int, list[DiaryEntry]]:
    """Every diary entry of ``kinds`` of a range of people over a range of dates, by person."""
    by_person: dict[int, list[DiaryEntry]] = defaultdict(list)
    for table, kind, to_record in _DIARY_READERS:
        if kind not in kinds:
            continue
        for row in _diary_rows(session, table, first_person, last_person, start, end):
            by_person[row.person_id].append(to_record(row))
    return by_person


class SqlPeopleRepository:
    """People: add, get, and the one local profile of a CLI home."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, person: Person) -> int:
        """Store a new person; returns their id. An email already in use is invalid input."""
        if person.email is not None and self._session.scalar(
            select(exists().where(PersonRow.email == person.email))
        ):
            raise InvalidInput("email", "already belongs to another person")
        row = PersonRow(**column_values(person))
        self._session.add(row)
        self._session.flush()
        return row.id

    def get(self, person_id: int) -> Person:
        """The person with this id; :class:`NotFound` if there is none."""
        row = self._session.get(PersonRow, person_id)
        if row is None:
            raise NotFound("person", str(person_id))
        return _person(row)

    def get_local_profile(self) -> Person | None:
        """The local (CLI) profile of this database, if one was made."""
        row = self._session.scalars(select(PersonRow).where(PersonRow.is_local_profile)).first()
        return None if row is None else _person(row)

    def get_or_create_local_profile(self, now: dt.datetime) -> Person:
        """The local profile, made (created ``now``) the first time. Safe when two processes
        race: the loser of the race gets the winner's row."""
        found = self.get_local_profile()
        if found is not None:
            return found
        row = PersonRow(created_at=now, is_local_profile=True)
        try:
            with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            found = self.get_local_profile()
            if found is None:
                raise
            return found
        return _person(row)


class SqlAssessmentRepository(_PersonScoped):
    """A person's assessments (answers and triage), newest first."""

    def add(self, person_id: int, assessment: AssessmentRecord) -> int:
        self._require_person(person_id)
        return self._insert(AssessmentRow(person_id=person_id, **column_values(assessment)))

    def latest(self, person_id: int) -> AssessmentRecord | None:
        found = self.list(person_id, limit=1)
        return found[0] if found else None

    def list(self, person_id: int, limit: int | None = None) -> builtins.list[AssessmentRecord]:
        query = (
            select(AssessmentRow)
            .where(AssessmentRow.person_id == person_id)
            .order_by(AssessmentRow.taken_at.desc(), AssessmentRow.id.desc())
            .limit(limit)
        )
        return [_assessment(row) for row in self._session.scalars(query)]


class SqlPlanRepository(_PersonScoped):
    """A person's plans. At most one is active; adding an active plan retires the last one."""

    def add(
        self, person_id: int, plan: PlanRecord, *, state: Mapping[str, Any] | None = None
    ) -> int:
        """Store ``plan``; when it is active, the active plan before it becomes inactive.
        ``state`` (the plan's state) is stored beside it, for bulk reviews."""
        self._require_person(person_id)
        if plan.active:
            self._deactivate_all(person_id)
        plan_id = self._insert(PlanRow(person_id=person_id, **column_values(plan)))
        if state is not None:
            self._session.add(PlanStateRow(plan_id=plan_id, state=dict(state)))
            self._session.flush()
        return plan_id

    def activate(self, person_id: int, plan_id: int) -> None:
        """Make this person's plan ``plan_id`` the active one; :class:`NotFound` if not theirs."""
        row = self._session.scalars(
            select(PlanRow).where(PlanRow.person_id == person_id, PlanRow.id == plan_id)
        ).first()
        if row is None:
            raise NotFound("plan", str(plan_id))
        if not row.active:
            self._deactivate_all(person_id)
            row.active = True
            self._session.flush()

    def active(self, person_id: int) -> PlanRecord | None:
        row = self._session.scalars(
            select(PlanRow).where(PlanRow.person_id == person_id, PLAN_IS_ACTIVE)
        ).first()
        return None if row is None else _plan(row)

    def history(self, person_id: int) -> list[PlanRecord]:
        """Every plan of the person, newest first."""
        query = (
            select(PlanRow)
            .where(PlanRow.person_id == person_id)
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        )
        return [_plan(row) for row in self._session.scalars(query)]

    def _deactivate_all(self, person_id: int) -> None:
        self._session.execute(
            update(PlanRow)
            .where(PlanRow.person_id == person_id, PLAN_IS_ACTIVE)
            .values(active=False)
        )


class SqlScoreRepository(_PersonScoped):
    """A person's questionnaire results, to follow change over time."""

    def add(self, person_id: int, score: ScoreRecord) -> int:
        self._require_person(person_id)
        return self._insert(QuestionnaireScoreRow(person_id=person_id, **column_values(score)))

    def list(self, person_id: int, instrument: str | None = None) -> builtins.list[ScoreRecord]:
        """Results oldest first, of one instrument or of all."""
        query = select(QuestionnaireScoreRow).where(QuestionnaireScoreRow.person_id == person_id)
        if instrument is not None:
            query = query.where(QuestionnaireScoreRow.instrument == instrument)
        query = query.order_by(QuestionnaireScoreRow.taken_on, QuestionnaireScoreRow.id)
        return [_score(row) for row in self._session.scalars(query)]

    def latest(self, person_id: int, instrument: str) -> ScoreRecord | None:
        found = self.list(person_id, instrument)
        return found[-1] if found else None


class SqlReviewRepository(_PersonScoped):
    """A person's weekly reviews, one per week: saving a week again replaces it."""

    def save(self, person_id: int, review: ReviewRecord) -> int:
        self._require_person(person_id)
        row = self._find(person_id, review.week_start)
        if row is None:
            return self._insert(ReviewRow(person_id=person_id, **column_values(review)))
        row.created_at = review.created_at
        row.result = column_values(review)["result"]
        self._session.flush()
        return row.id

    def get(self, person_id: int, week_start: dt.date) -> ReviewRecord | None:
        row = self._find(person_id, week_start)
        return None if row is None else _review(row)

    def _find(self, person_id: int, week_start: dt.date) -> ReviewRow | None:
        query = select(ReviewRow).where(
            ReviewRow.person_id == person_id, ReviewRow.week_start == week_start
        )
        return self._session.scalars(query).first()

    def list(self, person_id: int) -> builtins.list[ReviewRecord]:
        """Every review of the person, oldest week first."""
        query = select(ReviewRow).where(ReviewRow.person_id == person_id)
        return [_review(row) for row in self._session.scalars(query.order_by(ReviewRow.week_start))]


class SqlDiaryRepository(_PersonScoped):
    """A person's diary: sessions, pain, spasms, steps, sitting and sleep; export and erase."""

    def add_session_log(self, person_id: int, log: SessionLog) -> int:
        self._require_person(person_id)
        return self._insert(SessionLogRow(person_id=person_id, **column_values(log)))

    def add_pain(self, person_id: int, entry: PainEntry) -> int:
        self._require_person(person_id)
        return self._insert(PainEntryRow(person_id=person_id, **column_values(entry)))

    def add_spasm(self, person_id: int, episode: SpasmEpisode) -> int:
        self._require_person(person_id)
        return self._insert(SpasmEpisodeRow(person_id=person_id, **column_values(episode)))

    def add_sitting(self, person_id: int, entry: SittingEntry) -> int:
        self._require_person(person_id)
        return self._insert(SittingEntryRow(person_id=person_id, **column_values(entry)))

    def add_sleep(self, person_id: int, entry: SleepEntry) -> int:
        self._require_person(person_id)
        return self._insert(SleepEntryRow(person_id=person_id, **column_values(entry)))

    def upsert_steps(
        self, person_id: int, steps: Mapping[dt.date, int], source: str = "manual"
    ) -> StepsUpsert:
        """Keep each day's steps from ``source``: a day seen before is replaced, never added to,
        so importing the same file twice changes nothing."""
        self._require_person(person_id)
        for day, count in steps.items():
            parse(StepsEntry, {"date": day, "steps": count, "source": source}, f"steps[{day}]")
        days = sorted(steps)
        kept: dict[dt.date, int] = {}
        for at in range(0, len(days), STEPS_LOOKUP_CHUNK):
            chunk = days[at : at + STEPS_LOOKUP_CHUNK]
            query = select(StepsRow.day, StepsRow.steps).where(
                StepsRow.person_id == person_id, StepsRow.source == source, StepsRow.day.in_(chunk)
            )
            kept.update(self._session.execute(query).all())
        outcome = merge_days(kept, steps)
        changed = [
            {"person_id": person_id, "day": day, "source": source, "steps": steps[day]}
            for day in (*outcome.added, *outcome.updated)
        ]
        if changed:
            self._upsert_steps_rows(changed)
        return StepsUpsert(len(outcome.added), len(outcome.updated), len(outcome.unchanged))

    def _upsert_steps_rows(self, rows: builtins.list[dict[str, Any]]) -> None:
        # INSERT .. ON CONFLICT DO UPDATE: right even when another process imports at once.
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(StepsRow).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=[StepsRow.person_id, StepsRow.day, StepsRow.source],
            set_={"steps": statement.excluded.steps},
        )
        self._session.execute(statement)

    def day(self, person_id: int, date: dt.date) -> DiaryDay:
        """Everything logged on ``date``."""
        return self.range(person_id, date, date)[0]

    def range(self, person_id: int, start: dt.date, end: dt.date) -> builtins.list[DiaryDay]:
        """One :class:`DiaryDay` per date from ``start`` to ``end``, both included, empty
        days too."""
        dates_between(start, end)  # checks the order
        entries = _diary_entries(self._session, person_id, person_id, start, end)
        return group_into_days(start, end, entries.get(person_id, []))

    def export(self, person_id: int) -> dict[str, Any]:
        """Everything kept about the person, JSON-ready (format ``unknot.export/v1``)."""
        person = self._session.get(PersonRow, person_id)
        if person is None:
            raise NotFound("person", str(person_id))
        sections: dict[str, Sequence[BaseModel]] = {
            "assessments": self._all(AssessmentRow, person_id, _assessment, AssessmentRow.taken_at),
            "plans": self._all(PlanRow, person_id, _plan, PlanRow.created_at),
            "questionnaire_scores": self._all(
                QuestionnaireScoreRow, person_id, _score, QuestionnaireScoreRow.taken_on
            ),
            "reviews": self._all(ReviewRow, person_id, _review, ReviewRow.week_start),
        }
        for table, _, to_record in _DIARY_READERS:
            rows = _diary_rows(self._session, table, person_id, person_id, None, None)
            sections[table.__tablename__] = [to_record(row) for row in rows]
        return export_document(_person(person), sections)

    def _all(
        self, table: Any, person_id: int, to_record: Callable[[Any], RecordT], order: Any
    ) -> builtins.list[RecordT]:
        query = select(table).where(table.person_id == person_id).order_by(order, table.id)
        return [to_record(row) for row in self._session.scalars(query)]

    def delete_person(self, person_id: int) -> dict[str, int]:
        """Erase the person and every row of theirs; returns the rows deleted per table."""
        if self._session.get(PersonRow, person_id) is None:
            raise NotFound("person", str(person_id))
        deleted: dict[str, int] = {}
        for table in PERSON_TABLES:
            statement = delete(table).where(table.__table__.c.person_id == person_id)
            deleted[table.__tablename__] = self._rowcount(statement)
        deleted[PersonRow.__tablename__] = self._rowcount(
            delete(PersonRow).where(PersonRow.id == person_id)
        )
        self._session.expunge_all()
        return deleted

    def _rowcount(self, statement: Delete) -> int:
        result = self._session.execute(statement)
        assert isinstance(result, CursorResult)
        return result.rowcount


class SqlCohortReader:
    """Batch reads over everyone, for the weekly review job. Not person-scoped by design:
    never hand it to a request handler."""

    def __init__(self, session: Session) -> None:
        self._session = session

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
        """Every person in id order, with their diary from ``start`` to ``end``.

        People are read ``batch_size`` at a time: seven queries per batch (the people, then
        one index range scan per diary table), however many entries they have. ``after`` and
        ``through`` limit it to the people whose ids are above ``after`` and at most
        ``through``, so that several processes can each read their own share. ``kinds``
        (of :data:`~unknot.domain.records.DIARY_KINDS`) reads only those entries, one query
        per kind: the weekly review needs only sessions and pain.
        """
        if batch_size < 1:
            raise InvalidInput("batch_size", f"must be at least 1, got {batch_size}")
        wanted = diary_kinds(kinds)
        dates_between(start, end)
        while True:
            query = select(PersonRow.id).where(PersonRow.id > after)
            if through is not None:
                query = query.where(PersonRow.id <= through)
            ids = self._session.scalars(query.order_by(PersonRow.id).limit(batch_size)).all()
            if not ids:
                return
            entries = _diary_entries(self._session, ids[0], ids[-1], start, end, wanted)
            for person_id in ids:
                days = group_into_days(start, end, entries.get(person_id, []))
                yield PersonWeek(person_id, days, [log for day in days for log in day.sessions])
            after = ids[-1]

    def active_plan_states(
        self, *, after: int = 0, through: int | None = None
    ) -> list[ActivePlanState]:
        """The active plans that have a state, of the people with ids above ``after`` (and at
        most ``through``), in person order: one statement, which reads the states and not the
        plans' full JSON (on SQLite the active plans are found from their partial index)."""
        query = (
            select(PlanRow.person_id, PlanRow.id, PlanStateRow.state)
            .join(PlanStateRow, PlanStateRow.plan_id == PlanRow.id)
            .where(PLAN_IS_ACTIVE, PlanRow.person_id > after)
            .order_by(PlanRow.person_id)
        )
        if through is not None:
            query = query.where(PlanRow.person_id <= through)
        return [ActivePlanState(*row) for row in self._session.execute(query)]

    def answers_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The answers of these assessments, by id (ids not found are left out)."""
        wanted = sorted(set(assessment_ids))
        found: dict[int, dict[str, Any]] = {}
        for at in range(0, len(wanted), STEPS_LOOKUP_CHUNK):
            query = select(AssessmentRow.id, AssessmentRow.answers).where(
                AssessmentRow.id.in_(wanted[at : at + STEPS_LOOKUP_CHUNK])
            )
            found.update((ident, answers) for ident, answers in self._session.execute(query))
        return found

    def count_people(self) -> int:
        """How many people there are."""
        return self._session.scalar(select(func.count()).select_from(PersonRow)) or 0
