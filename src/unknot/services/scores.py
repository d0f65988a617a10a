"""Questionnaire scores kept over time (Roland-Morris, Oswestry, PSFS, ...), so that progress
can show how disability changes (:mod:`unknot.services.progress`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from unknot.domain.instruments import score
from unknot.domain.records import ScoreRecord
from unknot.services.sessions import check_not_future
from unknot.services.unit_of_work import UnitOfWork

HEADLINE_FIELDS: Final = {
    "startback": "total",
    "rmdq": "score",
    "odi": "percent",
    "nrs": "score",
    "psfs": "score",
}
"""The field of each instrument's result that is its headline number (spec section 3)."""


@dataclass(frozen=True)
class ScoreKept:
    score_id: int
    record: ScoreRecord


def record_score(
    uow: UnitOfWork,
    person_id: int,
    instrument: str,
    answers: Any,
    *,
    taken_on: dt.date,
    today: dt.date,
) -> ScoreKept:
    """Score ``answers`` with ``instrument`` and keep the result (taken on ``taken_on``);
    commits. :class:`NotFound` for an unknown instrument, :class:`InvalidInput` naming the field
    for invalid answers, :class:`TooLittleData` when there are too few to score."""
    check_not_future(taken_on, today, "taken_on")
    result = score(instrument, answers).model_dump(mode="json")
    field = HEADLINE_FIELDS.get(instrument)
    headline = result.get(field) if field is not None else None
    record = ScoreRecord(
        instrument=instrument,
        taken_on=taken_on,
        result=result,
        score=float(headline) if isinstance(headline, int | float) else None,
    )
    score_id = uow.scores.add(person_id, record)
    uow.commit()
    return ScoreKept(score_id, record.model_copy(update={"id": score_id}))
