"""Keele STarT Back Screening Tool, 9 items (clinical reference section 2).

Items 1-8 are answered agree (1) or disagree (0). Item 9 (bothersomeness) counts 1 only for
"very much" or "extremely". The total is items 1-9 (0-9); the psychosocial (distress) subscale
is items 5-9 (0-5). Sources: Keele University, "STarT Back: using and scoring"
(``keele-startback``); Hill 2008 (``hill-2008-startback``); NICE NG59 1.1.2-1.1.3.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from unknot.domain.validation import Strict

Agreement = Literal["agree", "disagree"]
Bothersomeness = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]

AGREE: Agreement = "agree"
"""The answer that scores 1 on items 1-8 (Keele SBST scoring)."""

ITEM_9_SCORING: frozenset[Bothersomeness] = frozenset({"very_much", "extremely"})
"""Item 9 scores 1 only for "very much" or "extremely"; "not at all", "slightly" and
"moderately" score 0 (Keele SBST scoring; clinical reference section 2)."""

TOTAL_MAX = 9
"""Highest total score, items 1-9 (Keele SBST scoring)."""

PSYCHOSOCIAL_MAX = 5
"""Highest psychosocial (distress) subscale score, items 5-9 (Keele SBST scoring)."""

HIGH_RISK_PSYCHOSOCIAL_MIN = 4
"""A psychosocial subscale of 4 or more means high risk (Keele SBST scoring)."""

LOW_RISK_TOTAL_MAX = 3
"""Below high risk, a total of 0-3 means low risk and 4 or more medium (Keele SBST scoring)."""


class StartBackRisk(StrEnum):
    """Risk of a poor outcome, which NICE NG59 1.1.3 uses to match the intensity of care."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class StartBackAnswers(Strict):
    """The ``startback`` block of an assessment (spec section 1); every item is required."""

    q1: Agreement
    q2: Agreement
    q3: Agreement
    q4: Agreement
    q5: Agreement
    q6: Agreement
    q7: Agreement
    q8: Agreement
    q9: Bothersomeness


class StartBackResult(BaseModel):
    """Spec section 3: ``{"total", "psychosocial", "risk"}``."""

    total: int
    psychosocial: int
    risk: StartBackRisk


def startback_risk(total: int, psychosocial: int) -> StartBackRisk:
    """The Keele classification: subscale >= 4 is high; otherwise total <= 3 is low, else medium."""
    if psychosocial >= HIGH_RISK_PSYCHOSOCIAL_MIN:
        return StartBackRisk.HIGH
    if total <= LOW_RISK_TOTAL_MAX:
        return StartBackRisk.LOW
    return StartBackRisk.MEDIUM


def score_startback(answers: StartBackAnswers) -> StartBackResult:
    """Score the nine items and classify the risk."""
    physical = [answers.q1, answers.q2, answers.q3, answers.q4]
    distress = [answers.q5, answers.q6, answers.q7, answers.q8]
    item_9 = 1 if answers.q9 in ITEM_9_SCORING else 0
    psychosocial = sum(answer == AGREE for answer in distress) + item_9
    total = sum(answer == AGREE for answer in physical) + psychosocial
    return StartBackResult(
        total=total, psychosocial=psychosocial, risk=startback_risk(total, psychosocial)
    )
