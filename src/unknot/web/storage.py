"""The web app's link to the database: migrated at start-up, checked by ``/healthz``, and the
services that use it (accounts, saved assessments).

The engine is made when the app starts (its lifespan), never at import time.

Async routes hand their database work to :meth:`Storage.call`, which runs it in the process's
own pool of database threads, so that the event loop never waits for the database. It is a
plain :class:`concurrent.futures.ThreadPoolExecutor`: for a short read, anyio's thread pool
(the one plain-function routes run in) cost more CPU than the read itself (``bench/web.py``).
The route then draws its page on the event loop: drawing is Python, which holds the GIL
wherever it runs, and drawing in a worker thread only made that thread and the event loop take
the GIL from each other.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, text

from unknot.domain.records import AssessmentRecord
from unknot.migrations import ensure_schema
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.settings import Settings
from unknot.web.accounts import AccountService

P = ParamSpec("P")
T = TypeVar("T")


def prepare_database(settings: Settings) -> None:
    """Bring the schema up to the newest revision (several processes may call it at once)."""
    ensure_schema(settings).dispose()


class Storage:
    """The database of one running app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._accounts: AccountService | None = None
        self._threads: ThreadPoolExecutor | None = None

    def start(self) -> None:
        """Migrate and open the engine (the app's start-up)."""
        if self._engine is None:
            self._engine = ensure_schema(self.settings)
            self._accounts = AccountService(self._engine)

    def stop(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=True)
        self._threads = None
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._accounts = None

    async def call(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work(*args, **kwargs)`` (blocking database work) run in this process's database
        threads, at most ``UNKNOT_WEB_THREADS`` at once, while the event loop goes on."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(
                max_workers=self.settings.web_threads, thread_name_prefix="unknot-db"
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, functools.partial(work, *args, **kwargs))

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
