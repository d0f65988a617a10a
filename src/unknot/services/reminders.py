"""A person's reminder settings: read (with defaults until they save their own) and saved.

    with SqlRemindersUnitOfWork(engine) as uow:
        saved = save_reminders(uow, person_id, {"time_zone": "Europe/London"}, now=now)

The settings decide the person's "today" (:meth:`Reminders.today`) and the times in their
calendar file (:mod:`unknot.services.calendar`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Protocol, Self

from unknot.domain.reminders import DEFAULT_REMINDERS, Reminders
from unknot.domain.validation import parse, unknown_fields
from unknot.services.export import export_csv, export_json
from unknot.services.unit_of_work import UnitOfWork


class ReminderRepository(Protocol):
    def get(self, person_id: int) -> Reminders | None:
        """The person's saved settings, or ``None`` before they save any."""
        ...

    def save(self, person_id: int, reminders: Reminders, now: dt.datetime) -> None:
        """Insert or replace the person's settings."""
        ...


class RemindersUnitOfWork(Protocol):
    """One transaction over reminder settings; nothing is saved without :meth:`commit`."""

    @property
    def reminders(self) -> ReminderRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


def reminders_for(uow: RemindersUnitOfWork, person_id: int) -> Reminders:
    """The person's settings, or the defaults when they have saved none. Reads only."""
    found = uow.reminders.get(person_id)
    return found if found is not None else DEFAULT_REMINDERS


def saved_reminders(uow: RemindersUnitOfWork, person_id: int) -> Reminders | None:
    """The settings the person saved, or ``None`` (for an export: defaults are not theirs)."""
    return uow.reminders.get(person_id)


def save_reminders(
    uow: RemindersUnitOfWork,
    person_id: int,
    data: Reminders | Mapping[str, Any],
    *,
    now: dt.datetime,
) -> tuple[Reminders, list[str]]:
    """Validate and save the person's settings (fields left out keep their current value);
    commits. Returns what was saved and warnings for fields unknot does not know.

    :class:`~unknot.errors.InvalidInput` names the field that breaks a rule (an unknown time
    zone, a time that is not ``HH:MM``, two walks at one time, an alarm over two hours)."""
    if isinstance(data, Reminders):
        reminders, warnings = data, []
    else:
        current = reminders_for(uow, person_id).as_json()
        reminders = parse(Reminders, {**current, **dict(data)})
        warnings = [f"unknown field {path!r} was ignored" for path in unknown_fields(reminders)]
        reminders = Reminders.model_validate(
            {name: getattr(reminders, name) for name in Reminders.model_fields}
        )
    uow.reminders.save(person_id, reminders, now)
    uow.commit()
    return reminders, warnings


EXPORT_KEY = "reminder_settings"
"""The key under which an export (``unknot.export/v1``) carries the reminder settings."""


def export_with_reminders(document: dict[str, Any], reminders: Reminders | None) -> dict[str, Any]:
    """An export document with the person's reminder settings added under
    :data:`EXPORT_KEY` (``None`` when they never saved any), so that an export holds everything
    kept about them."""
    return {**document, EXPORT_KEY: None if reminders is None else reminders.as_json()}


def reminder_csv_rows(reminders: Reminders | None) -> list[tuple[str, str, str, str, str]]:
    """The reminder settings as rows of the export CSV (``section, record_id, date, field,
    value``; see :mod:`unknot.services.export`)."""
    if reminders is None:
        return []
    rows = []
    for field, value in reminders.as_json().items():
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append((EXPORT_KEY, "", "", field, text))
    return rows


def export_everything(
    uow: UnitOfWork, person_id: int, reminders: Reminders | None
) -> dict[str, Any]:
    """Everything kept about the person (``unknot.export/v1`` and the reminder settings);
    reads only."""
    return export_with_reminders(export_json(uow, person_id), reminders)


def export_everything_csv(uow: UnitOfWork, person_id: int, reminders: Reminders | None) -> str:
    """:func:`export_everything` as the export's one long CSV; reads only."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(reminder_csv_rows(reminders))
    return export_csv(uow, person_id) + out.getvalue()
