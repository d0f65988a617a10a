"""The unit of work: one transaction, the repositories that work inside it, and what they promise.

Services take a :class:`UnitOfWork` and plain values::

    with uow:
        person = uow.people.get_or_create_local_profile(now)
        uow.diary.add_pain(person.id, entry)
        uow.commit()

Nothing is saved unless ``commit()`` is called; leaving the ``with`` block rolls back whatever
was not committed (an exception included). :class:`SqlUnitOfWork` works on a database;
:class:`unknot.services.fakes.FakeUnitOfWork` keeps everything in memory for unit tests of
services. Both keep the promises written down as the protocols below.
"""

from __future__ import annotations

import abc
import builtins
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from unknot.adapters.db import BEGIN_OPTION
from unknot.adapters.repository import (
    SqlAssessmentRepository,
    SqlCohortReader,
    SqlDiaryRepository,
    SqlPeopleRepository,
    SqlPlanRepository,
    SqlReviewRepository,
    SqlScoreRepository,
)
from unknot.domain.records import (
    ActivePlanState,
    AssessmentRecord,
    DiaryDay,
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
    StepsUpsert,
)


class PeopleRepository(Protocol):
    def add(self, person: Person) -> int:
        """Store a new person; their id. An email in use is :class:`InvalidInput`."""
        ...

    def get(self, person_id: int) -> Person:
        """The person; :class:`NotFound` when there is none."""
        ...

    def get_local_profile(self) -> Person | None:
        """The local (CLI) profile, if one was made."""
        ...

    def get_or_create_local_profile(self, now: dt.datetime) -> Person:
        """The local profile, made at ``now`` the first time."""
        ...


class AssessmentRepository(Protocol):
    def add(self, person_id: int, assessment: AssessmentRecord) -> int: ...

    def latest(self, person_id: int) -> AssessmentRecord | None: ...

    def list(self, person_id: int, limit: int | None = None) -> builtins.list[AssessmentRecord]:
        """Newest first."""
        ...


class PlanRepository(Protocol):
    def add(
        self, person_id: int, plan: PlanRecord, *, state: Mapping[str, Any] | None = None
    ) -> int:
        """An active plan retires the person's active plan before it. ``state``: the plan's
        state (:func:`unknot.domain.plan.plan_state`), kept beside it for bulk reviews."""
        ...

    def activate(self, person_id: int, plan_id: int) -> None:
        """:class:`NotFound` unless ``plan_id`` is this person's plan."""
        ...

    def active(self, person_id: int) -> PlanRecord | None: ...

    def history(self, person_id: int) -> list[PlanRecord]:
        """Newest first."""
        ...


class ScoreRepository(Protocol):
    def add(self, person_id: int, score: ScoreRecord) -> int: ...

    def list(self, person_id: int, instrument: str | None = None) -> builtins.list[ScoreRecord]:
        """Oldest first."""
        ...

    def latest(self, person_id: int, instrument: str) -> ScoreRecord | None: ...


class ReviewRepository(Protocol):
    def save(self, person_id: int, review: ReviewRecord) -> int:
        """One review per week: saving a week again replaces it."""
        ...

    def get(self, person_id: int, week_start: dt.date) -> ReviewRecord | None: ...

    def list(self, person_id: int) -> builtins.list[ReviewRecord]:
        """Oldest week first."""
        ...


class DiaryRepository(Protocol):
    def add_session_log(self, person_id: int, log: SessionLog) -> int: ...

    def add_pain(self, person_id: int, entry: PainEntry) -> int: ...

    def add_spasm(self, person_id: int, episode: SpasmEpisode) -> int: ...

    def add_sitting(self, person_id: int, entry: SittingEntry) -> int: ...

    def add_sleep(self, person_id: int, entry: SleepEntry) -> int: ...

    def upsert_steps(
        self, person_id: int, steps: Mapping[dt.date, int], source: str = "manual"
    ) -> StepsUpsert:
        """Replace (never add to) each day's steps from ``source``."""
        ...

    def day(self, person_id: int, date: dt.date) -> DiaryDay: ...

    def range(self, person_id: int, start: dt.date, end: dt.date) -> builtins.list[DiaryDay]:
        """One day per date from ``start`` to ``end``, both included, empty days too."""
        ...

    def export(self, person_id: int) -> dict[str, Any]:
        """Everything about the person, JSON-ready (``unknot.export/v1``)."""
        ...

    def delete_person(self, person_id: int) -> dict[str, int]:
        """Erase the person and all their rows; rows deleted per table."""
        ...


class CohortReader(Protocol):
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
        """Everyone (or those with ids above ``after`` and at most ``through``), in id order,
        with their diary from ``start`` to ``end`` (only the entries of ``kinds``, of
        :data:`~unknot.domain.records.DIARY_KINDS`, when given)."""
        ...

    def active_plan_states(
        self, *, after: int = 0, through: int | None = None
    ) -> list[ActivePlanState]:
        """The active plans that have a state, of everyone (or of the people with ids above
        ``after`` and at most ``through``), in person order."""
        ...

    def answers_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The answers of these assessments, by assessment id (ids not found are left out)."""
        ...

    def count_people(self) -> int: ...


class UnitOfWork(abc.ABC):
    """One transaction and the repositories inside it. Commits only on :meth:`commit`."""

    people: PeopleRepository
    assessments: AssessmentRepository
    plans: PlanRepository
    scores: ScoreRepository
    reviews: ReviewRepository
    diary: DiaryRepository
    cohort: CohortReader

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None:
        """Make everything done since the last commit permanent."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Forget everything done since the last commit."""


class SqlUnitOfWork(UnitOfWork):
    """A unit of work on a database. Build the engine once at start-up and pass it in.

    ``read_only=True`` is for long reads (the weekly review): on SQLite such a transaction
    does not take the write lock, on PostgreSQL it is declared ``READ ONLY``. Otherwise a
    SQLite transaction takes the write lock when it begins, so two writers queue instead of
    failing.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; make a new one")
        bind = self._engine
        if bind.dialect.name == "postgresql" and self._read_only:
            bind = bind.execution_options(postgresql_readonly=True)
        elif bind.dialect.name == "sqlite" and not self._read_only:
            bind = bind.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        session = Session(bind=bind, expire_on_commit=False)
        self._session = session
        self.people = SqlPeopleRepository(session)
        self.assessments = SqlAssessmentRepository(session)
        self.plans = SqlPlanRepository(session)
        self.scores = SqlScoreRepository(session)
        self.reviews = SqlReviewRepository(session)
        self.diary = SqlDiaryRepository(session)
        self.cohort = SqlCohortReader(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, traceback)
        finally:
            self._active_session().close()
            self._session = None

    def commit(self) -> None:
        self._active_session().commit()

    def rollback(self) -> None:
        self._active_session().rollback()

    def _active_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session
