"""Numeric Pain Rating Scale, 0-10 (clinical reference section 3.3): 0 is no pain, 10 the worst
possible pain."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from unknot.domain.instruments._fields import described_range
from unknot.domain.validation import Strict

NRS_MAX = 10
"""Highest rating on the 11-point scale."""

NRS_MIC_POINTS = 2.0
"""Clinically important change: 2 points (Farrar 2001 "much improved", ``farrar-2001``;
Ostelo 2008, ``ostelo-2008``)."""

NRS_MIC_PERCENT = 30.0
"""Clinically important change: 30% reduction (Farrar 2001; Ostelo 2008)."""

Rating = Annotated[int, Field(strict=True, ge=0, le=NRS_MAX), described_range(0, NRS_MAX)]
"""A whole-number rating, 0-10."""


class NrsAnswers(Strict):
    """``{"score": 0-10}``."""

    score: Rating


class NrsResult(BaseModel):
    """Spec section 3: ``{"score": int}``."""

    score: int


def score_nrs(answers: NrsAnswers) -> NrsResult:
    """The rating itself."""
    return NrsResult(score=answers.score)
