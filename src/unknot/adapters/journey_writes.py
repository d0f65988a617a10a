"""The one write the web app makes most often: storing a session log, as one statement that
commits by itself (:func:`unknot.adapters.db.single_statement`), not as a unit of work.

Why on its own: a unit of work sends ``BEGIN``, a check that the person exists, the
``INSERT`` and ``COMMIT``, and between each of them the thread must win Python's lock back
from the event loop. On SQLite the file's one write lock is held all that time, so every other
writer of every server process waits for it, in SQLite's busy handler, which sleeps 1, 2, 5,
10 ms and more between tries. One ``INSERT`` that commits by itself takes the lock, writes the
row, puts the commit on disk (``synchronous=FULL``) and lets the lock go in one call into
SQLite, with no Python in between; on PostgreSQL it is one round trip instead of four.

The person is checked by the foreign key, not by a read first: a log for someone who does not
exist (erased a moment ago) fails there, and is reported as :class:`unknot.errors.NotFound`.

:func:`add_signed_session_log` goes one step further, for a program that logs again with a
token this process checked before: the sign-in check and the write are one statement, which
stores the log only if the token's session is unexpired and still the person's, and the plan
and time zone the log was checked against are still theirs.

Scoped to one person; storage only.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Final, cast

from sqlalchemy import ColumnElement, Engine, Table, bindparam, exists, func, insert, select
from sqlalchemy.exc import IntegrityError

from unknot.adapters.accounts_orm import WebSessionRow
from unknot.adapters.db import single_statement
from unknot.adapters.journey_reads import PlanKey
from unknot.adapters.orm import PLAN_IS_ACTIVE, PersonRow, PlanRow, SessionLogRow
from unknot.adapters.reminders_orm import ReminderSettingsRow
from unknot.adapters.repository import column_values
from unknot.domain.records import SessionLog
from unknot.domain.reminders import DEFAULT_TIME_ZONE
from unknot.errors import NotFound

_LOG_TABLE: Final = cast(Table, SessionLogRow.__table__)
_INSERT_LOG: Final = insert(_LOG_TABLE)
"""Built once, with its values sent as parameters: values written into the statement would
make SQLAlchemy work out the statement's cache key from them on every call."""


def add_session_log(engine: Engine, person_id: int, log: SessionLog) -> int:
    """Store ``log`` (checked already) for the person, committed, and return its id.
    :class:`NotFound` when there is no such person."""
    values = {"person_id": person_id, **column_values(log)}
    try:
        with single_statement(engine) as connection:
            key = connection.execute(_INSERT_LOG, values).inserted_primary_key
    except IntegrityError:
        with single_statement(engine) as connection:
            found = connection.scalar(select(exists().where(PersonRow.id == person_id)))
        if not found:
            raise NotFound("person", str(person_id)) from None
        raise
    assert key is not None and isinstance(key[0], int)
    return key[0]


_LOG_COLUMNS: Final = tuple(
    column.name for column in _LOG_TABLE.columns if column.name not in ("id", "person_id")
)


@functools.cache
def _signed_insert(with_plan: bool, returning: bool) -> Any:
    """The statement of :func:`add_signed_session_log`, built once for each of "the person
    has this active plan" and "the person has no active plan" (parameters: ``token_hash``,
    ``now``, ``person_id``, ``time_zone``, ``plan_id`` and ``plan_at`` with a plan, and the
    log's columns); with ``RETURNING`` the new row's id, or without it (SQLite: see
    :func:`add_signed_session_log`)."""
    person = bindparam("person_id", type_=PersonRow.id.type)
    session_is_theirs = exists().where(
        WebSessionRow.token_hash == bindparam("token_hash"),
        WebSessionRow.expires_at > bindparam("now", type_=WebSessionRow.expires_at.type),
        WebSessionRow.person_id == person,
    )
    their_time_zone = func.coalesce(
        select(ReminderSettingsRow.time_zone)
        .where(ReminderSettingsRow.person_id == person)
        .scalar_subquery(),
        DEFAULT_TIME_ZONE,
    )
    active = exists().where(PlanRow.person_id == person, PLAN_IS_ACTIVE)
    plan_is_theirs: ColumnElement[bool]
    if with_plan:
        plan_is_theirs = active.where(
            PlanRow.id == bindparam("plan_id", type_=PlanRow.id.type),
            PlanRow.created_at == bindparam("plan_at", type_=PlanRow.created_at.type),
        )
    else:
        plan_is_theirs = ~active
    values = select(
        person, *(bindparam(name, type_=_LOG_TABLE.c[name].type) for name in _LOG_COLUMNS)
    ).where(
        session_is_theirs,
        their_time_zone == bindparam("time_zone"),
        plan_is_theirs,
    )
    statement = insert(_LOG_TABLE).from_select(["person_id", *_LOG_COLUMNS], values)
    return statement.returning(_LOG_TABLE.c.id) if returning else statement


def add_signed_session_log(
    engine: Engine,
    token_hash: str,
    now: dt.datetime,
    log: SessionLog,
    *,
    person_id: int,
    time_zone: str,
    plan_key: PlanKey | None,
) -> int | None:
    """Store ``log`` (checked already, for the person ``person_id`` in ``time_zone``, against
    their active plan ``plan_key``, ``None`` for none) in one statement that commits by itself,
    and return its id; but only if, in that same statement, an unexpired sign-in session with
    this token hash belongs to the person, their time zone (``UTC`` when they saved no
    settings) is ``time_zone`` and their active plan is ``plan_key``. Otherwise store nothing
    and return ``None``: the caller checks the token again in full.

    On SQLite the new row's id is the connection's last inserted row id, not ``RETURNING``:
    a statement with ``RETURNING`` commits only when its rows have been fetched, so the file's
    write lock would be held while Python fetches them, between calls into SQLite."""
    values: dict[str, Any] = {
        "token_hash": token_hash,
        "now": now,
        "person_id": person_id,
        "time_zone": time_zone,
        **column_values(log),
    }
    if plan_key is not None:
        values["plan_id"], values["plan_at"] = plan_key
    with_plan = plan_key is not None
    try:
        with single_statement(engine) as connection:
            if engine.dialect.name == "sqlite":
                done = connection.execute(_signed_insert(with_plan, returning=False), values)
                return int(done.lastrowid) if done.rowcount == 1 else None
            statement = _signed_insert(with_plan, returning=True)
            found = connection.execute(statement, values).first()
    except IntegrityError:
        # On PostgreSQL an erasure committed while the statement ran (after it saw the
        # session): the person is gone, so nothing is stored and the full check says why.
        return None
    return None if found is None else int(found[0])
