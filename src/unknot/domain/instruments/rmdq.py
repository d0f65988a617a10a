"""Roland-Morris Disability Questionnaire, 24 items (clinical reference section 3.1).

The person ticks the statements that apply today; the score is the number ticked, 0-24, and
higher means more disability (Roland & Morris 1983, ``roland-morris-1983``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from unknot.domain.instruments._fields import described_range
from unknot.domain.validation import Strict

RMDQ_ITEMS = 24
"""Number of statements, so the highest score (Roland & Morris 1983)."""

RMDQ_MIC_POINTS = 5.0
"""Minimal important change: 5 points (Ostelo 2008 international consensus, ``ostelo-2008``;
clinical reference section 3.1)."""

RMDQ_MIC_PERCENT = 30.0
"""Minimal important change: 30% improvement from baseline (Ostelo 2008)."""

ItemNumber = Annotated[int, Field(strict=True, ge=1, le=RMDQ_ITEMS), described_range(1, RMDQ_ITEMS)]
"""The number of one RMDQ statement, 1-24."""


class RmdqAnswers(Strict):
    """``{"ticked": [1, 5, 12]}``: the numbers of the statements ticked, each at most once."""

    ticked: list[ItemNumber]

    @field_validator("ticked")
    @classmethod
    def _each_item_once(cls, ticked: list[int]) -> list[int]:
        seen: set[int] = set()
        for item in ticked:
            if item in seen:
                raise PydanticCustomError(
                    "duplicate_item",
                    "item {item} is ticked more than once; list each statement at most once",
                    {"item": item},
                )
            seen.add(item)
        return ticked


class RmdqResult(BaseModel):
    """Spec section 3: ``{"score": int}``, 0-24."""

    score: int


def score_rmdq(answers: RmdqAnswers) -> RmdqResult:
    """The number of statements ticked."""
    return RmdqResult(score=len(answers.ticked))
