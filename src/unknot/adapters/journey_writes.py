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
Scoped to one person; storage only.
"""

from __future__ import annotations

from typing import Final, cast

from sqlalchemy import Engine, Table, exists, insert, select
from sqlalchemy.exc import IntegrityError

from unknot.adapters.db import single_statement
from unknot.adapters.orm import PersonRow, SessionLogRow
from unknot.adapters.repository import column_values
from unknot.domain.records import SessionLog
from unknot.errors import NotFound

_INSERT_LOG: Final = insert(cast(Table, SessionLogRow.__table__))
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
