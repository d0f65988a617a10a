"""Reading the journey's forms (session log, diary, reminder settings): text fields become
plain values, and anything that cannot be read is kept as a message next to its field.

Only the shape is checked here (a number where a number goes); the rules (pain 0-10, hours in
a day, a date not in the future) are the services' and come back as
:class:`~unknot.errors.InvalidInput` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict, UploadFile

from unknot.domain.records import PAIN_MAX, PAIN_MIN


async def posted(request: Request, handler: Callable[..., Response], *args: Any) -> Response:
    """``handler(request, form, *args)`` for a posted form: the form is read here, on the event
    loop, and the handler runs in a worker thread, because it hashes passwords or reads and
    writes the database, which would hold up every other request of the process on the loop."""
    form = await request.form()
    return await run_in_threadpool(handler, request, form, *args)


PAIN_SCALE: Final = tuple(range(PAIN_MIN, PAIN_MAX + 1))
"""The 0-10 numeric rating scale, as radio buttons."""


@dataclass
class FormReader:
    """A posted form (or a query string), read field by field; ``errors`` collects what could
    not be read."""

    form: ImmutableMultiDict[str, UploadFile | str]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        value = self.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def sent(self) -> dict[str, str]:
        """Every text field as sent (to fill the form in again after an error)."""
        return {key: self.text(key) for key in self.form.keys()}

    def whole(self, name: str, *, required: bool = False, message: str = "") -> int | None:
        """The field as a whole number; ``message`` says what to do when it is missing."""
        raw = self.text(name)
        if not raw:
            if required:
                self.errors[name] = message or "this is required"
            return None
        try:
            return int(raw)
        except ValueError:
            self.errors[name] = f"give a whole number, not {raw!r}"
            return None

    def decimal(self, name: str, *, required: bool = False, message: str = "") -> float | None:
        raw = self.text(name).replace(",", ".")
        if not raw:
            if required:
                self.errors[name] = message or "this is required"
            return None
        try:
            return float(raw)
        except ValueError:
            self.errors[name] = f"give a number, not {raw!r}"
            return None

    def date(self, name: str, default: dt.date) -> dt.date:
        raw = self.text(name)
        if not raw:
            return default
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.errors[name] = "give a date as YYYY-MM-DD"
            return default

    def time(self, name: str, *, required: bool = False) -> dt.time | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.errors[name] = "give a time as HH:MM"
            return None
        try:
            return dt.time.fromisoformat(raw)
        except ValueError:
            self.errors[name] = "give a time as HH:MM, for example 07:30"
            return None

    def choice(self, name: str, allowed: Mapping[str, Any], *, message: str) -> Any | None:
        raw = self.text(name)
        if raw not in allowed:
            self.errors[name] = message
            return None
        return allowed[raw]

    def ticked(self, name: str) -> bool:
        return self.text(name) in ("yes", "on", "true", "1")
