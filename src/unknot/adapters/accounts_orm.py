"""The web app's tables: sign-in accounts, server-side sessions and sign-in attempts.

Registered on the same metadata as :mod:`unknot.adapters.orm` (migration ``0002_accounts``).
An account belongs to a row of ``people`` and goes with it. Session tokens and the keys of
sign-in attempts are stored as SHA-256 hashes, never as they were sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from unknot.adapters.orm import Base, BigId

HASH_LENGTH = 64
"""A SHA-256 digest in hex."""


class AccountRow(Base):
    """Email-and-password sign-in for one person (the email lives on ``people``)."""

    __tablename__ = "accounts"

    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    """argon2id, in the PHC string format (algorithm, parameters and salt included)."""
    created_at: Mapped[dt.datetime]
    password_changed_at: Mapped[dt.datetime]


class WebSessionRow(Base):
    """A signed-in browser. The cookie holds the token; this row holds its hash."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index(None, "person_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class SignInAttemptRow(Base):
    """A failed sign-in, counted per account and per address to slow down guessing. Shared by
    every server process through the database."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index(None, "scope", "key_hash", "attempted_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    """``account`` (the email) or ``address`` (the client's IP address)."""
    key_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    attempted_at: Mapped[dt.datetime]
