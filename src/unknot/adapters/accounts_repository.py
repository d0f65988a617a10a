"""Accounts, sessions and sign-in attempts in the database (tables in
:mod:`unknot.adapters.accounts_orm`). Storage only: the rules (password strength, how many
attempts, how long a session lasts) live in :mod:`unknot.web.accounts`. The session check
itself, a read on every request, is in :mod:`unknot.adapters.journey_reads` (one Core
statement in a read-only transaction, alone or joined to the page's first read).

:class:`AccountsUnitOfWork` is one transaction over these and the people they belong to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Self

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from unknot.adapters.accounts_orm import AccountRow, SignInAttemptRow, WebSessionRow
from unknot.adapters.db import SqlTransaction
from unknot.adapters.orm import PersonRow
from unknot.adapters.repository import SqlPeopleRepository
from unknot.domain.records import Person
from unknot.errors import NotFound


@dataclass(frozen=True)
class Credentials:
    """A person with an account, and their stored password hash."""

    person: Person
    password_hash: str


class SqlAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, person_id: int, password_hash: str, now: dt.datetime) -> None:
        self._session.add(
            AccountRow(
                person_id=person_id,
                password_hash=password_hash,
                created_at=now,
                password_changed_at=now,
            )
        )
        self._session.flush()

    def by_email(self, email: str) -> Credentials | None:
        """The account whose person has this email (compared as stored), if any."""
        row = self._session.execute(
            select(PersonRow, AccountRow)
            .join(AccountRow, AccountRow.person_id == PersonRow.id)
            .where(PersonRow.email == email)
        ).first()
        if row is None:
            return None
        person_row, account = row
        return Credentials(_person(person_row), account.password_hash)

    def set_password(self, person_id: int, password_hash: str, now: dt.datetime) -> None:
        account = self._session.get(AccountRow, person_id)
        if account is None:
            raise NotFound("account", str(person_id))
        account.password_hash = password_hash
        account.password_changed_at = now
        self._session.flush()


class SqlSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self, person_id: int, token_hash: str, now: dt.datetime, expires_at: dt.datetime
    ) -> None:
        self._session.add(
            WebSessionRow(
                person_id=person_id, token_hash=token_hash, created_at=now, expires_at=expires_at
            )
        )
        self._session.flush()

    def remove(self, token_hash: str) -> None:
        self._session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def remove_all(self, person_id: int) -> int:
        """End every session of this person; how many there were."""
        result = self._session.execute(
            delete(WebSessionRow).where(WebSessionRow.person_id == person_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def count(self, person_id: int) -> int:
        return int(
            self._session.scalar(select(func.count()).where(WebSessionRow.person_id == person_id))
            or 0
        )

    def remove_expired(self, now: dt.datetime) -> None:
        self._session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))


class SqlAttemptRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, scope: str, key_hash: str, now: dt.datetime) -> None:
        self._session.add(SignInAttemptRow(scope=scope, key_hash=key_hash, attempted_at=now))
        self._session.flush()

    def count_since(self, scope: str, key_hash: str, since: dt.datetime) -> int:
        return int(
            self._session.scalar(
                select(func.count()).where(
                    SignInAttemptRow.scope == scope,
                    SignInAttemptRow.key_hash == key_hash,
                    SignInAttemptRow.attempted_at > since,
                )
            )
            or 0
        )

    def oldest_since(self, scope: str, key_hash: str, since: dt.datetime) -> dt.datetime | None:
        return self._session.scalar(
            select(func.min(SignInAttemptRow.attempted_at)).where(
                SignInAttemptRow.scope == scope,
                SignInAttemptRow.key_hash == key_hash,
                SignInAttemptRow.attempted_at > since,
            )
        )

    def clear(self, scope: str, key_hash: str) -> None:
        self._session.execute(
            delete(SignInAttemptRow).where(
                SignInAttemptRow.scope == scope, SignInAttemptRow.key_hash == key_hash
            )
        )

    def remove_before(self, moment: dt.datetime) -> None:
        self._session.execute(
            delete(SignInAttemptRow).where(SignInAttemptRow.attempted_at <= moment)
        )


def _person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        created_at=row.created_at,
        display_name=row.display_name,
        email=row.email,
        is_local_profile=row.is_local_profile,
    )


class AccountsUnitOfWork(SqlTransaction):
    """One transaction over people, accounts, sessions and attempts. Nothing is saved unless
    :meth:`commit` is called; a SQLite transaction takes the write lock when it begins."""

    people: SqlPeopleRepository
    accounts: SqlAccountRepository
    sessions: SqlSessionRepository
    attempts: SqlAttemptRepository

    def __enter__(self) -> Self:
        session = self._begin()
        self.people = SqlPeopleRepository(session)
        self.accounts = SqlAccountRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.attempts = SqlAttemptRepository(session)
        return self
