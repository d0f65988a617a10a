"""What a step import produces, and how imported days merge with the days already kept.

Pure values and one pure function (:func:`merge_days`); no files, no database, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from unknot.domain.records import MAX_STEPS_PER_DAY as MAX_STEPS_PER_DAY  # the one bound
from unknot.errors import InvalidInput


class StepFormat(StrEnum):
    """The step-data formats unknot reads."""

    CSV = "csv"
    """Plain CSV with exactly the columns ``date`` and ``steps``."""
    APPLE_HEALTH = "apple-health"
    """Apple Health "Export All Health Data": ``export.xml`` or the ``export.zip`` holding it."""
    GOOGLE_FIT = "google-fit"
    """Google Fit through Google Takeout: the daily summary CSV or the per-day CSV files."""


@dataclass(frozen=True)
class DaySteps:
    """The steps of one day and the source they were taken from (a device, app or file)."""

    day: date
    steps: int
    source: str


@dataclass(frozen=True)
class ImportResult:
    """A whole file read successfully; a failed read raises and returns nothing.

    ``records_read`` counts the step records that were used (CSV rows, Apple Health step
    records, Google Fit rows with a step count); ``skipped`` counts records read but carrying no
    steps (Apple Health records of other types, Google Fit rows whose step cell is empty).
    """

    format: StepFormat
    entries: tuple[DaySteps, ...]
    records_read: int
    skipped: int
    sources: list[str]
    days: dict[date, int] = field(init=False)

    def __post_init__(self) -> None:
        ordered = sorted(self.entries, key=lambda entry: entry.day)
        object.__setattr__(self, "entries", tuple(ordered))
        object.__setattr__(self, "days", {entry.day: entry.steps for entry in ordered})

    @property
    def first_day(self) -> date | None:
        """The earliest day with steps, or None when the file held no step data."""
        return self.entries[0].day if self.entries else None

    @property
    def last_day(self) -> date | None:
        """The latest day with steps, or None when the file held no step data."""
        return self.entries[-1].day if self.entries else None


@dataclass(frozen=True)
class MergeOutcome:
    """The days after a merge, and which incoming days were new, changed or already known."""

    merged: dict[date, int]
    added: list[date]
    updated: list[date]
    unchanged: list[date]

    @property
    def changed(self) -> bool:
        """True when the merge added or updated at least one day."""
        return bool(self.added or self.updated)


def check_steps_map(days: Mapping[date, int], name: str) -> None:
    """Raise :class:`InvalidInput` unless every key is a date and every value a whole number
    of steps from 0 to :data:`MAX_STEPS_PER_DAY`."""
    for day, steps in days.items():
        if not isinstance(day, date):
            raise InvalidInput(name, f"days must be calendar dates, got {day!r}")
        if isinstance(steps, bool) or not isinstance(steps, int):
            raise InvalidInput(
                f"{name}[{day.isoformat()}]", f"steps must be a whole number, got {steps!r}"
            )
        if not 0 <= steps <= MAX_STEPS_PER_DAY:
            raise InvalidInput(
                f"{name}[{day.isoformat()}]",
                f"steps must be a whole number from 0 to {MAX_STEPS_PER_DAY}, got {steps}",
            )


def merge_days(existing: Mapping[date, int], incoming: Mapping[date, int]) -> MergeOutcome:
    """Merge freshly imported days into the days already kept, never double counting.

    The rule, per day:

    - a day only in ``incoming`` is **added**;
    - a day in both with the same steps is **unchanged**;
    - a day in both with different steps is **updated**: the incoming count *replaces* the
      kept one. Counts are never summed, because an import is a day's total, not an increment:
      a day exported at noon and again in the evening must end with the evening total, and a
      file imported twice must not count the same walk twice;
    - a day only in ``existing`` is kept as it is.

    So re-importing the same file changes nothing (every day is unchanged), and merging a map
    into itself returns it unchanged. ``added``, ``updated`` and ``unchanged`` list incoming
    days in date order; ``merged`` is ordered by date.
    """
    check_steps_map(existing, "existing")
    check_steps_map(incoming, "incoming")
    merged = dict(existing)
    added: list[date] = []
    updated: list[date] = []
    unchanged: list[date] = []
    for day in sorted(incoming):
        steps = incoming[day]
        if day not in existing:
            added.append(day)
        elif existing[day] == steps:
            unchanged.append(day)
        else:
            updated.append(day)
        merged[day] = steps
    return MergeOutcome(
        merged={day: merged[day] for day in sorted(merged)},
        added=added,
        updated=updated,
        unchanged=unchanged,
    )
