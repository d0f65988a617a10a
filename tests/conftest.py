"""Shared test helpers.

Missing infrastructure (PostgreSQL, Chromium) skips a test on a developer's machine, but under
``CI=true`` it fails the run: CI must prove every layer, not quietly skip one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest
from sqlalchemy import Engine, event

from unknot.adapters.db import statement_engines


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing_infrastructure(what: str) -> NoReturn:
    """Skip locally; fail under CI=true. ``what`` says what is missing and how to get it."""
    if in_ci():
        pytest.fail(f"CI=true and {what}: CI must run every test, so this is a failure.")
    pytest.skip(what)


@contextmanager
def on_each_statement(engine: Engine, note: Callable[..., None]) -> Iterator[None]:
    """Call ``note`` with the arguments of SQLAlchemy's ``before_cursor_execute`` for each
    statement the engine runs inside the block (its one-statement reads and writes too, which
    on PostgreSQL run on a twin engine: :func:`unknot.adapters.db.statement_engines`)."""
    engines = statement_engines(engine)
    for each in engines:
        event.listen(each, "before_cursor_execute", note)
    try:
        yield
    finally:
        for each in engines:
            event.remove(each, "before_cursor_execute", note)
