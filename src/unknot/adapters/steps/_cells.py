"""Reading one cell or one line: dates, step counts, and errors that name the line."""

from __future__ import annotations

import re
from datetime import date

from unknot.adapters.steps.model import MAX_STEPS_PER_DAY
from unknot.errors import InvalidInput

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_WHOLE_NUMBER = re.compile(r"\d{1,7}", re.ASCII)

STEPS_ALLOWED = f"steps must be a whole number from 0 to {MAX_STEPS_PER_DAY}"
DATE_ALLOWED = "the date must be a real calendar date written YYYY-MM-DD"


def bad_line(name: str, line: int, message: str) -> InvalidInput:
    """An error for line ``line`` of the file called ``name``: the field is ``name:line``."""
    return InvalidInput(f"{name}:{line}", f"line {line}: {message}")


def parse_iso_date(text: str) -> date | None:
    """``2024-03-01`` -> the date; None for anything else (other layouts, 2024-02-30)."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_steps(text: str) -> int | None:
    """A whole number from 0 to :data:`MAX_STEPS_PER_DAY` written in ASCII digits; None for
    anything else (a sign, a decimal point or comma, a thousands separator, too large)."""
    text = text.strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    steps = int(text)
    return steps if steps <= MAX_STEPS_PER_DAY else None


def header_names(row: list[str]) -> list[str]:
    """Header cells as compared: surrounding spaces and a stray byte-order mark removed,
    case folded."""
    return [cell.strip().lstrip("\ufeff").strip().casefold() for cell in row]


def shown_columns(row: list[str]) -> str:
    """Header cells as a person reads them in an error message."""
    return ", ".join(repr(cell.strip().lstrip("\ufeff")) for cell in row) or "(none)"


class OneValuePerDay:
    """Collects one step count per day from a file that lists each day once.

    A day listed again with the same steps is accepted (and counted once); a day listed again
    with different steps is an error naming both lines: a file that disagrees with itself is
    not guessed at.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self.days: dict[date, int] = {}
        self._lines: dict[date, int] = {}

    def add(self, day: date, steps: int, line: int) -> None:
        known = self.days.get(day)
        if known is None:
            self.days[day] = steps
            self._lines[day] = line
        elif known != steps:
            first = self._lines[day]
            raise bad_line(
                self._name,
                line,
                f"{day.isoformat()} appears twice with different steps: {known} on line "
                f"{first} and {steps} on line {line}. Keep one line per day, then import again.",
            )
