"""The tables, as SQLAlchemy 2 typed declarative mappings. Storage only: the domain never
imports this module, and repositories turn these rows into :mod:`unknot.domain.records`.

Every table but ``people`` has ``person_id`` (deleted with the person) and an index that starts
with it, so that a person's rows over a range of dates are one index range scan: the weekly
review's access pattern. Types work on SQLite and PostgreSQL alike; datetimes are stored as UTC.

Changing a table means a new migration in ``unknot/migrations/versions`` (see its README).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Every constraint has a predictable name, so that later migrations can drop or alter it
(SQLite's batch mode needs names)."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime, stored as UTC on every database, read back as aware UTC.

    SQLite has no time zones; PostgreSQL's ``timestamptz`` has. Naive datetimes are refused:
    which time they mean is a guess.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a datetime without a time zone: {value!r}")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


BigId = BigInteger().with_variant(Integer(), "sqlite")
"""Row ids: 64-bit on PostgreSQL; on SQLite ``INTEGER PRIMARY KEY``, the rowid (also 64-bit)."""


class Base(DeclarativeBase):
    """The declarative base; ``Base.metadata`` is what migrations are compared with."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}


def _person_fk() -> MappedColumn[int]:
    return mapped_column(BigId, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


def _score_check(column: str, *, nullable: bool = False) -> CheckConstraint:
    condition = f"{column} >= 0 AND {column} <= 10"
    if nullable:
        condition = f"{column} IS NULL OR ({condition})"
    return CheckConstraint(condition, name=f"{column}_0_to_10")


def _hours_check() -> CheckConstraint:
    return CheckConstraint("hours >= 0 AND hours <= 24", name="hours_0_to_24")


class PersonRow(Base):
    """Someone unknot keeps data for. The web app adds account columns by its own migration."""

    __tablename__ = "people"
    __table_args__ = (
        Index(
            "uq_people_one_local_profile",
            "is_local_profile",
            unique=True,
            sqlite_where=text("is_local_profile"),
            postgresql_where=text("is_local_profile"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[dt.datetime]
    display_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    is_local_profile: Mapped[bool] = mapped_column(default=False)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index(None, "person_id", "taken_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[dt.datetime]
    answers: Mapped[dict[str, Any]]
    triage: Mapped[dict[str, Any]]
    level: Mapped[str] = mapped_column(String(32))


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (
        Index(None, "person_id", "created_at"),
        Index(
            "uq_plans_one_active_per_person",
            "person_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[dt.datetime]
    start_date: Mapped[dt.date]
    phase: Mapped[str] = mapped_column(String(32))
    plan: Mapped[dict[str, Any]]
    active: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text)


PLAN_IS_ACTIVE: Final = text("plans.active")
"""The condition "the plan is active" as the partial index ``uq_plans_one_active_per_person``
states it. Written ``plans.active = 1`` (what ``PlanRow.active`` renders on SQLite), SQLite
does not see that the index answers it and reads each of the person's plan rows, walking the
overflow pages of every plan's JSON to reach the ``active`` column behind it."""


class PlanStateRow(Base):
    """What rebuilding a stored plan needs (``unknot.plan-state/v1``), a few kilobytes beside
    its full JSON, so that reviewing everyone need not read every plan in full. Goes with its
    plan (deleted with it); plans stored before revision 0004 have none."""

    __tablename__ = "plan_states"

    plan_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]]


class SessionLogRow(Base):
    __tablename__ = "session_logs"
    __table_args__ = (
        Index(None, "person_id", "day"),
        _score_check("pain_before"),
        _score_check("pain_after"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    started_at: Mapped[dt.datetime | None]
    plan_day: Mapped[int | None]
    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    pain_before: Mapped[int]
    pain_after: Mapped[int]
    effort: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text)


class PainEntryRow(Base):
    __tablename__ = "pain_entries"
    __table_args__ = (
        Index(None, "person_id", "day"),
        _score_check("pain"),
        _score_check("stiffness", nullable=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    pain: Mapped[int]
    stiffness: Mapped[int | None]


class SpasmEpisodeRow(Base):
    __tablename__ = "spasm_episodes"
    __table_args__ = (
        Index(None, "person_id", "day"),
        _score_check("severity"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    started_at: Mapped[dt.datetime]
    trigger: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int]
    severity: Mapped[int]


class StepsRow(Base):
    """Steps per person, day and source: a re-import replaces the row, never adds one."""

    __tablename__ = "steps"
    __table_args__ = (
        UniqueConstraint("person_id", "day", "source"),
        CheckConstraint("steps >= 0 AND steps <= 200000", name="steps_range"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    source: Mapped[str] = mapped_column(String(100))
    steps: Mapped[int]


class SittingEntryRow(Base):
    __tablename__ = "sitting_entries"
    __table_args__ = (Index(None, "person_id", "day"), _hours_check())

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    hours: Mapped[float] = mapped_column(Float)


class SleepEntryRow(Base):
    __tablename__ = "sleep_entries"
    __table_args__ = (
        Index(None, "person_id", "day"),
        _hours_check(),
        _score_check("quality", nullable=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    day: Mapped[dt.date]
    hours: Mapped[float] = mapped_column(Float)
    quality: Mapped[int | None]
    woken_by_pain: Mapped[bool]


class QuestionnaireScoreRow(Base):
    __tablename__ = "questionnaire_scores"
    __table_args__ = (Index(None, "person_id", "taken_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    instrument: Mapped[str] = mapped_column(String(32))
    taken_on: Mapped[dt.date]
    result: Mapped[dict[str, Any]]
    score: Mapped[float | None] = mapped_column(Float)


class ReviewRow(Base):
    """One weekly review per person and week; a re-run replaces it."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("person_id", "week_start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    week_start: Mapped[dt.date]
    created_at: Mapped[dt.datetime]
    result: Mapped[dict[str, Any]]


PERSON_TABLES = (
    AssessmentRow,
    PlanRow,
    SessionLogRow,
    PainEntryRow,
    SpasmEpisodeRow,
    StepsRow,
    SittingEntryRow,
    SleepEntryRow,
    QuestionnaireScoreRow,
    ReviewRow,
)
"""Every table whose rows belong to one person (all but ``people``)."""
