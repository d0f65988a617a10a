"""Accounts: signing up, in and out, sessions, the sign-in rate limit and password resets.

The rules live here; :mod:`unknot.adapters.accounts_repository` only stores. Passwords are
hashed with argon2id (argon2-cffi's defaults, the RFC 9106 recommended profile); session
tokens are 256 random bits from :mod:`secrets`, kept in the database only as SHA-256 hashes,
so a copy of the database signs no one in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from unknot.adapters.accounts_repository import AccountsUnitOfWork
from unknot.adapters.journey_reads import session_person
from unknot.domain.records import Person
from unknot.errors import InvalidInput, UnknotError

MIN_PASSWORD_CHARS: Final = 10
"""[DESIGN] NIST SP 800-63B section 5.1.1.1 asks for at least 8 characters; unknot asks for
10, and checks length only (no composition rules, which NIST advises against)."""

MAX_PASSWORD_CHARS: Final = 256
"""NIST SP 800-63B: allow at least 64 characters; longer ones are refused to bound hashing."""

SESSION_DAYS: Final = 30
"""[DESIGN] A session lasts 30 days, then the person signs in again."""

ATTEMPT_WINDOW: Final = dt.timedelta(minutes=15)
"""Failed sign-ins are counted over this window (OWASP Authentication Cheat Sheet: lock out
or throttle after repeated failures, for a period)."""

MAX_FAILURES_PER_ACCOUNT: Final = 5
"""[DESIGN] Failures on one email in the window before its sign-in pauses. NIST SP 800-63B
section 5.2.2 caps consecutive failures at 100; unknot is much stricter."""

MAX_FAILURES_PER_ADDRESS: Final = 20
"""[DESIGN] Failures from one IP address in the window, across every email (guessing many
accounts from one place)."""

MAX_EMAIL_CHARS: Final = 320
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Scope(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


class TooManyAttempts(UnknotError):
    """Sign-in is paused for this account or address; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            f"Too many failed sign-ins. Please wait {minutes} "
            f"{'minute' if minutes == 1 else 'minutes'} and try again."
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignedIn:
    person: Person
    token: str
    """The session token for the cookie; only its hash is stored."""
    expires_at: dt.datetime


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased; InvalidInput naming ``email`` when it is not an address."""
    value = email.strip().lower()
    if not value:
        raise InvalidInput("email", "enter your email address")
    if len(value) > MAX_EMAIL_CHARS or not _EMAIL.match(value):
        raise InvalidInput("email", "enter an email address like name@example.com")
    return value


def check_new_password(password: str, email: str) -> None:
    """InvalidInput naming ``password`` unless it is long enough and not the email."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            "password", f"use at least {MIN_PASSWORD_CHARS} characters (a few words work well)"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput("password", f"use at most {MAX_PASSWORD_CHARS} characters")
    if password.strip().lower() == email:
        raise InvalidInput("password", "must not be your email address")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class AccountService:
    """Everything about accounts, on one database engine, with time passed in."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    def _uow(self) -> AccountsUnitOfWork:
        return AccountsUnitOfWork(self._engine)

    def _new_session(self, uow: AccountsUnitOfWork, person: Person, now: dt.datetime) -> SignedIn:
        assert person.id is not None
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(days=SESSION_DAYS)
        uow.sessions.add(person.id, token_hash(token), now, expires)
        return SignedIn(person, token, expires)

    def sign_up(
        self, email: str, password: str, now: dt.datetime, display_name: str | None = None
    ) -> SignedIn:
        """A new account, signed in. InvalidInput naming the field that is wrong."""
        address = normalise_email(email)
        check_new_password(password, address)
        hashed = self._hasher.hash(password)
        with self._uow() as uow:
            person_id = uow.people.add(
                Person(created_at=now, email=address, display_name=display_name or None)
            )
            uow.accounts.add(person_id, hashed, now)
            signed_in = self._new_session(uow, uow.people.get(person_id), now)
            uow.commit()
        return signed_in

    def sign_in(self, email: str, password: str, address: str, now: dt.datetime) -> SignedIn:
        """A new session for the right password. A wrong email or password is the same
        InvalidInput (no hint which was wrong); TooManyAttempts while paused."""
        wrong = InvalidInput("password", "the email or password is not right")
        try:
            account_key = _key(normalise_email(email))
        except InvalidInput:
            account_key = _key(email.strip().lower())
        keys = ((Scope.ACCOUNT, account_key), (Scope.ADDRESS, _key(address)))
        since = now - ATTEMPT_WINDOW
        with self._uow() as uow:
            self._refuse_if_paused(uow, keys, since, now)
            found = uow.accounts.by_email(email.strip().lower())
            right = self._verify(found.password_hash if found else None, password)
            if found is None or not right:
                for scope, key in keys:
                    uow.attempts.add(scope, key, now)
                uow.attempts.remove_before(now - 2 * ATTEMPT_WINDOW)
                uow.commit()
                raise wrong
            person = found.person
            assert person.id is not None
            if self._hasher.check_needs_rehash(found.password_hash):
                uow.accounts.set_password(person.id, self._hasher.hash(password), now)
            uow.attempts.clear(Scope.ACCOUNT, account_key)
            uow.sessions.remove_expired(now)
            signed_in = self._new_session(uow, person, now)
            uow.commit()
        return signed_in

    def _refuse_if_paused(
        self,
        uow: AccountsUnitOfWork,
        keys: tuple[tuple[Scope, str], ...],
        since: dt.datetime,
        now: dt.datetime,
    ) -> None:
        limits = {Scope.ACCOUNT: MAX_FAILURES_PER_ACCOUNT, Scope.ADDRESS: MAX_FAILURES_PER_ADDRESS}
        for scope, key in keys:
            if uow.attempts.count_since(scope, key, since) >= limits[scope]:
                oldest = uow.attempts.oldest_since(scope, key, since) or now
                wait = (oldest + ATTEMPT_WINDOW - now).total_seconds()
                raise TooManyAttempts(max(1, math.ceil(wait)))

    def _verify(self, stored: str | None, password: str) -> bool:
        """Check a password; with no account, hash anyway so that timing tells nothing."""
        if stored is None:
            if self._dummy_hash is None:
                self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
            stored = self._dummy_hash
            password = password + "\x00no-account"
        try:
            return bool(self._hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def person_for(self, token: str, now: dt.datetime) -> Person | None:
        """Who is signed in with this session token, if anyone. A read only: one statement
        in a read-only transaction (on SQLite it does not wait for the write lock), run on
        every request, so that signing out (here or everywhere, by any process sharing the
        database) takes effect at once."""
        if not token:
            return None
        return session_person(self._engine, token_hash(token), now)

    def sign_out(self, token: str) -> None:
        with self._uow() as uow:
            uow.sessions.remove(token_hash(token))
            uow.commit()

    def sign_out_everywhere(self, person_id: int) -> int:
        """End every session of the person; how many were ended."""
        with self._uow() as uow:
            ended = uow.sessions.remove_all(person_id)
            uow.commit()
        return ended

    def reset_password(self, email: str, password: str, now: dt.datetime) -> Person:
        """Set a new password (self-hosted admin, from the command line) and end every
        session. InvalidInput naming ``email`` when there is no such account."""
        address = normalise_email(email)
        check_new_password(password, address)
        hashed = self._hasher.hash(password)
        with self._uow() as uow:
            found = uow.accounts.by_email(address)
            if found is None or found.person.id is None:
                raise InvalidInput("email", f"no account uses {address}")
            uow.accounts.set_password(found.person.id, hashed, now)
            uow.sessions.remove_all(found.person.id)
            uow.attempts.clear(Scope.ACCOUNT, _key(address))
            uow.commit()
        return found.person


AccountServiceFactory = Callable[[Engine], AccountService]
