"""Importing daily steps from a file (plain CSV, Apple Health, Google Fit): all or nothing.

The whole file is read first (:func:`unknot.adapters.steps_import.read_steps`); a bad file
raises :class:`InvalidInput` naming the line, before anything is stored. Then each source's
days are merged in one transaction: a day seen before from the same source is replaced, never
added to, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from unknot.adapters.steps_import import ImportResult, StepFormat, read_steps
from unknot.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class StepsImported:
    """What an import did. Counts are of days per source: a phone and a watch that both
    counted one day are two."""

    format: StepFormat
    sources: tuple[str, ...]
    added: int
    updated: int
    unchanged: int
    first_day: dt.date | None
    last_day: dt.date | None

    @property
    def days(self) -> int:
        return self.added + self.updated + self.unchanged


def store_imported_steps(uow: UnitOfWork, person_id: int, result: ImportResult) -> StepsImported:
    """Merge a file's steps into the person's, source by source, and commit once."""
    by_source: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for entry in result.entries:
        by_source[entry.source][entry.day] = entry.steps
    added = updated = unchanged = 0
    for source, days in sorted(by_source.items()):
        outcome = uow.diary.upsert_steps(person_id, days, source)
        added += outcome.added
        updated += outcome.updated
        unchanged += outcome.unchanged
    uow.commit()
    return StepsImported(
        result.format,
        tuple(sorted(by_source)),
        added,
        updated,
        unchanged,
        result.first_day,
        result.last_day,
    )


def import_steps_file(
    uow: UnitOfWork,
    person_id: int,
    path: Path,
    fmt: StepFormat | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> StepsImported:
    """Read ``path`` (format ``fmt``, or detected) and store its steps; ``progress(done,
    total)`` is called as the file is read."""
    return store_imported_steps(uow, person_id, read_steps(path, fmt, progress=progress))
