"""Plain CSV: a header ``date,steps`` (in either order, any case, an optional byte-order
mark), then one line per day such as ``2024-03-01,6120``.

Blank lines are ignored and days may come in any order. A day listed twice with the same steps
counts once; listed twice with different steps, it is an error naming both lines.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
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
from unknot.adapters.steps.model import DaySteps, ImportResult, StepFormat
from unknot.errors import InvalidInput

COLUMNS = ("date", "steps")
"""The two columns of a plain step CSV, in the order unknot writes them."""


def is_plain_header(row: list[str]) -> bool:
    """True when ``row`` is exactly the columns ``date`` and ``steps``, in either order."""
    return sorted(header_names(row)) == sorted(COLUMNS)


def read_plain_csv(stream: TextIO, name: str) -> ImportResult:
    """Read a whole plain step CSV; raise :class:`InvalidInput` naming the first bad line."""
    reader = csv.reader(stream)
    collected = OneValuePerDay(name)
    rows = 0
    try:
        header = _first_row(reader)
        if header is None:
            raise InvalidInput(name, "the file is empty: expected a header line 'date,steps'")
        if not is_plain_header(header):
            raise bad_line(
                name,
                reader.line_num,
                "the header must be exactly the two columns date and steps (in either order), "
                f"got {shown_columns(header)}",
            )
        names = header_names(header)
        at_date, at_steps = names.index("date"), names.index("steps")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(COLUMNS):
                raise bad_line(
                    name,
                    line,
                    f"expected 2 values (date and steps), got {len(row)}: {','.join(row)!r}. "
                    "Write steps as a whole number, without a thousands separator or decimals.",
                )
            day = parse_iso_date(row[at_date])
            if day is None:
                raise bad_line(name, line, f"{DATE_ALLOWED}, got {row[at_date]!r}")
            steps = parse_steps(row[at_steps])
            if steps is None:
                raise bad_line(name, line, f"{STEPS_ALLOWED}, got {row[at_steps]!r}")
            collected.add(day, steps, line)
            rows += 1
    except csv.Error as exc:
        raise bad_line(name, reader.line_num, f"not readable as CSV ({exc})") from None
    entries = tuple(DaySteps(day, steps, name) for day, steps in collected.days.items())
    return ImportResult(
        format=StepFormat.CSV,
        entries=entries,
        records_read=rows,
        skipped=0,
        sources=[name] if entries else [],
    )


def _first_row(reader: Iterator[list[str]]) -> list[str] | None:
    """The first row that is not blank, or None at the end of the file."""
    for row in reader:
        if any(cell.strip() for cell in row):
            return row
    return None
