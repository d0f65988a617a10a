"""Google Fit, as downloaded with Google Takeout (``Takeout/Fit/``).

Two kinds of CSV file hold daily steps:

- the **daily summary**, one row per day: ``Daily activity metrics.csv`` in the folder
  ``Daily activity metrics`` (older exports: ``Daily Summaries.csv`` in ``Daily Aggregations``),
  with the columns ``Date`` and ``Step count`` among many others;
- the **per-day files** ``YYYY-MM-DD.csv`` in the same folder, one row per time slice with the
  columns ``Start time``, ``End time``, ..., ``Step count``; the day comes from the file name and
  its steps are the sum of the rows.

An empty ``Step count`` cell means no data (the row is skipped, never read as 0). Column names
are matched without regard to case or surrounding spaces; when no step column is found, the
error lists the columns that were found. Given a folder, unknot reads the daily summary when
there is one (it is Google's own daily total) and otherwise every per-day file.

Sources for the names (Google does not publish the layout): public readers of Takeout exports,
e.g. https://github.com/starsep/GoogleFitToOpenScaleCSV (``Takeout/Fit/Daily Aggregations/
Daily Summaries.csv``) and published test fixtures with the header ``Date,Move Minutes count,
Calories (kcal),...,Step count`` and per-day rows ``Start time,End time,...,Step count`` such as
``00:00:00.000+05:30``. Downloading: https://support.google.com/accounts/answer/3024190.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from unknot.adapters.steps._cells import (
    DATE_ALLOWED,
    STEPS_ALLOWED,
    OneValuePerDay,
    bad_line,
    header_names,
    parse_iso_date,
    parse_steps,
    shown_columns,
)
from unknot.adapters.steps.model import MAX_STEPS_PER_DAY, DaySteps, ImportResult, StepFormat
from unknot.errors import InvalidInput

SOURCE = "Google Fit"
"""The source named on every day read from a Google Fit export."""

STEP_COLUMNS = ("step count",)
"""Accepted names of the step column (compared case-folded): ``Step count`` in every known
English export, daily summary and per-day files alike."""

DATE_COLUMNS = ("date",)
"""Accepted names of the date column of the daily summary (``Date``)."""

SUMMARY_FILE_NAMES = ("Daily activity metrics.csv", "Daily Summaries.csv")
"""The daily summary file, as named by current and by older Takeout exports."""

FOLDER_NAMES = ("Daily activity metrics", "Daily Aggregations")
"""The folders inside ``Takeout/Fit`` that hold the summary and the per-day files."""

_PER_DAY_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.csv", re.ASCII)


@dataclass
class _Tally:
    """What reading one or more Google Fit files found."""

    records_read: int = 0
    skipped: int = 0


def per_day_date(path: Path) -> date | None:
    """The day a per-day file ``YYYY-MM-DD.csv`` is about, or None for any other name."""
    match = _PER_DAY_NAME.fullmatch(path.name)
    return parse_iso_date(match.group(1)) if match else None


def is_fit_header(row: list[str]) -> bool:
    """True when ``row`` has a Google Fit step column."""
    return any(name in STEP_COLUMNS for name in header_names(row))


def find_fit_files(folder: Path) -> tuple[Path | None, list[tuple[date, Path]]]:
    """The daily summary (or None) and the per-day files, looked for in ``folder`` itself and
    in its ``Daily activity metrics`` / ``Daily Aggregations`` subfolders (also under ``Fit``,
    so that the Takeout folder itself can be given)."""
    places = [folder]
    for parent in (folder, folder / "Fit"):
        places.extend(parent / name for name in FOLDER_NAMES)
    summary: Path | None = None
    per_day: dict[date, Path] = {}
    for place in places:
        if not place.is_dir():
            continue
        for name in SUMMARY_FILE_NAMES:
            if summary is None and (place / name).is_file():
                summary = place / name
        for child in place.iterdir():
            day = per_day_date(child)
            if day is not None and child.is_file():
                per_day.setdefault(day, child)
    return summary, sorted(per_day.items())


def read_fit_summary(stream: TextIO, name: str) -> ImportResult:
    """Read a whole daily summary file (one row per day)."""
    tally = _Tally()
    collected = OneValuePerDay(name)
    reader = csv.reader(stream)
    try:
        header, at_steps = _header(reader, name)
        names = header_names(header)
        at_date = next((names.index(c) for c in DATE_COLUMNS if c in names), None)
        if at_date is None:
            raise bad_line(
                name,
                reader.line_num,
                "a Google Fit daily summary needs a 'Date' column; found columns: "
                f"{shown_columns(header)}",
            )
        for line, row in _rows(reader, name, len(header)):
            day = parse_iso_date(row[at_date])
            if day is None:
                raise bad_line(name, line, f"{DATE_ALLOWED}, got {row[at_date]!r}")
            if not row[at_steps].strip():
                tally.skipped += 1
                continue
            collected.add(day, _steps(row[at_steps], name, line), line)
            tally.records_read += 1
    except csv.Error as exc:
        raise bad_line(name, reader.line_num, f"not readable as CSV ({exc})") from None
    return _result(collected.days, tally)


def read_fit_day(stream: TextIO, name: str, day: date, tally: _Tally | None = None) -> int | None:
    """The steps of one per-day file (the sum of its rows), or None when no row has steps."""
    tally = tally if tally is not None else _Tally()
    reader = csv.reader(stream)
    total: int | None = None
    try:
        header, at_steps = _header(reader, name)
        for line, row in _rows(reader, name, len(header)):
            if not row[at_steps].strip():
                tally.skipped += 1
                continue
            total = (total or 0) + _steps(row[at_steps], name, line)
            tally.records_read += 1
            if total > MAX_STEPS_PER_DAY:
                raise bad_line(
                    name,
                    line,
                    f"the steps of {day.isoformat()} add up to {total} by this line, more than "
                    f"the {MAX_STEPS_PER_DAY} a day that unknot accepts",
                )
    except csv.Error as exc:
        raise bad_line(name, reader.line_num, f"not readable as CSV ({exc})") from None
    return total


def read_fit_days(files: Iterable[tuple[date, TextIO, str]]) -> ImportResult:
    """Read per-day files given as ``(day, stream, name)``, each read to its end before the
    next is taken; every file must be valid."""
    tally = _Tally()
    days: dict[date, int] = {}
    for day, stream, name in files:
        steps = read_fit_day(stream, name, day, tally)
        if steps is not None:
            days[day] = steps
    return _result(days, tally)


def _result(days: dict[date, int], tally: _Tally) -> ImportResult:
    return ImportResult(
        format=StepFormat.GOOGLE_FIT,
        entries=tuple(DaySteps(day, steps, SOURCE) for day, steps in days.items()),
        records_read=tally.records_read,
        skipped=tally.skipped,
        sources=[SOURCE] if days else [],
    )


def _header(reader: Iterator[list[str]], name: str) -> tuple[list[str], int]:
    """The header row and the index of its step column."""
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        raise InvalidInput(name, "the file is empty: expected a Google Fit header line")
    names = header_names(header)
    at_steps = next((names.index(c) for c in STEP_COLUMNS if c in names), None)
    if at_steps is None:
        line = getattr(reader, "line_num", 1)
        wanted = ", ".join(repr(c.capitalize()) for c in STEP_COLUMNS)
        raise bad_line(
            name,
            line,
            f"no step column: expected {wanted}; found columns: {shown_columns(header)}",
        )
    return header, at_steps


def _rows(reader: Iterator[list[str]], name: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """``(line, row)`` for every row that is not blank, each as wide as the header."""
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line: int = getattr(reader, "line_num", 0)
        if len(row) != width:
            raise bad_line(name, line, f"expected {width} values as in the header, got {len(row)}")
        yield line, row


def _steps(text: str, name: str, line: int) -> int:
    steps = parse_steps(text)
    if steps is None:
        raise bad_line(name, line, f"{STEPS_ALLOWED}, got {text!r}")
    return steps
