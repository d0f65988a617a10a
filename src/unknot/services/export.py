"""Taking your data with you, or erasing it: everything kept about a person as JSON
(``unknot.export/v1``) or CSV, and deleting all of it.

The CSV is one table in long form, so that every kind of record fits in one file: a row per
field of each record, with columns ``section, record_id, date, field, value``. Nested values (the
answers, a plan) are spelled out field by field (``answers.pain.now``, ``weeks[0].days[2].why``),
so no cell holds a whole document.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Final

from unknot.domain.records import EXPORT_SECTIONS
from unknot.services.unit_of_work import UnitOfWork

CSV_COLUMNS: Final = ("section", "record_id", "date", "field", "value")

DATE_FIELDS: Final = {
    "person": "created_at",
    "assessments": "taken_at",
    "plans": "created_at",
    "questionnaire_scores": "taken_on",
    "reviews": "week_start",
}
"""The field that dates a record of each section (diary entries use ``date``)."""


def export_json(uow: UnitOfWork, person_id: int) -> dict[str, Any]:
    """Everything kept about the person (``unknot.export/v1``); reads only."""
    return uow.diary.export(person_id)


def _flat(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from _flat(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value:
        for index, inner in enumerate(value):
            yield from _flat(inner, f"{path}[{index}]")
    else:
        yield path, value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def csv_rows(document: dict[str, Any]) -> Iterator[tuple[str, str, str, str, str]]:
    """The rows of :func:`export_csv` for an export document (header not included)."""
    yield ("format", "", "", "format", str(document["format"]))
    sections: list[tuple[str, list[dict[str, Any]]]] = [("person", [document["person"]])]
    sections += [(name, document[name]) for name in EXPORT_SECTIONS]
    for section, records in sections:
        date_field = DATE_FIELDS.get(section, "date")
        for record in records:
            ident = _cell(record.get("id"))
            date = _cell(record.get(date_field))
            for field, value in _flat(record, ""):
                if field != "id":
                    yield (section, ident, date, field, _cell(value))


def export_csv(uow: UnitOfWork, person_id: int) -> str:
    """Everything kept about the person as one CSV (see the module docstring); reads only."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(export_json(uow, person_id)))
    return out.getvalue()


def delete_my_data(uow: UnitOfWork, person_id: int) -> dict[str, int]:
    """Erase the person and everything kept about them, in one transaction; commits. Returns
    the rows deleted per table."""
    deleted = uow.diary.delete_person(person_id)
    uow.commit()
    return deleted
