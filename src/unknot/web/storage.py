"""The web app's link to the database: migrated at start-up, checked by ``/healthz``, and the
services that use it (accounts, saved assessments).

The engine is made when the app starts (its lifespan), never at import time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, text

from unknot.domain.records import AssessmentRecord
from unknot.migrations import ensure_schema
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.settings import Settings
from unknot.web.accounts import AccountService


def prepare_database(settings: Settings) -> None:
    """Bring the schema up to the newest revision (several processes may call it at once)."""
    ensure_schema(settings).dispose()


class Storage:
    """The database of one running app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._accounts: AccountService | None = None

    def start(self) -> None:
        """Migrate and open the engine (the app's start-up)."""
        if self._engine is None:
            self._engine = ensure_schema(self.settings)
            self._accounts = AccountService(self._engine)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._accounts = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self.start()
        assert self._engine is not None
        return self._engine

    @property
    def accounts(self) -> AccountService:
        if self._accounts is None:
            self.start()
        assert self._accounts is not None
        return self._accounts

    def ping(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def save_assessment(
        self, person_id: int, answers: dict[str, Any], triage: dict[str, Any], now: dt.datetime
    ) -> int:
        """Keep an assessment for the person signed in."""
        with SqlUnitOfWork(self.engine) as uow:
            ident = uow.assessments.add(
                person_id,
                AssessmentRecord(
                    taken_at=now, answers=answers, triage=triage, level=str(triage["level"])
                ),
            )
            uow.commit()
        return ident

    def assessments(self, person_id: int, limit: int = 5) -> list[AssessmentRecord]:
        """The person's latest assessments, newest first (only theirs)."""
        with SqlUnitOfWork(self.engine, read_only=True) as uow:
            return uow.assessments.list(person_id, limit=limit)
