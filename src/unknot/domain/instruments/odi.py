"""Oswestry Disability Index v2.1a (clinical reference section 3.2).

Ten sections, each 0 (first statement) to 5 (last). Index = sum / (5 x sections answered) x 100;
an unanswered section is left out of the denominator, never counted as 0 (Fairbank & Pynsent
2000, ``fairbank-2000-odi``). Worked examples: 16/50 = 32.0; with one section missing,
16/45 = 35.555...
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from unknot.domain.instruments._fields import described_range
from unknot.domain.validation import Strict
from unknot.errors import TooLittleData

ODI_SECTION_MAX = 5
"""Each section scores 0 (first statement) to 5 (last statement) (Fairbank & Pynsent 2000)."""

ODI_SECTIONS = 10
"""Number of sections (ODI v2.1a)."""

ODI_MIN_SECTIONS_ANSWERED = 8
"""Score only when at least 8 of the 10 sections are answered. No official limit exists
(awell-score needs 9, the MaximeBergevin R scorer none); this is the project's rule
(clinical reference section 3.2)."""

ODI_MODERATE_ABOVE = 20.0
"""Above 20% is moderate disability; 0-20 is minimal (Fairbank & Pynsent 2000 bands, cut-point
>20 for non-integer values as soapnote uses; clinical reference section 3.2)."""

ODI_SEVERE_ABOVE = 40.0
"""Above 40% is severe disability (Fairbank & Pynsent 2000 bands)."""

ODI_CRIPPLED_ABOVE = 60.0
"""Above 60% is the developers' "crippled" band (Fairbank & Pynsent 2000 bands)."""

ODI_BED_BOUND_ABOVE = 80.0
"""Above 80%: bed-bound or exaggerating symptoms (Fairbank & Pynsent 2000 bands)."""

ODI_MIC_POINTS = 10.0
"""Minimal important change: 10 points (Ostelo 2008, ``ostelo-2008``)."""

ODI_MIC_PERCENT = 30.0
"""Minimal important change: 30% improvement from baseline (Ostelo 2008)."""

Section = Annotated[
    int, Field(strict=True, ge=0, le=ODI_SECTION_MAX), described_range(0, ODI_SECTION_MAX)
]
"""One section's score, 0-5."""


class OdiBand(StrEnum):
    """The developers' interpretation bands (Fairbank & Pynsent 2000)."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLED = "crippled"
    BED_BOUND = "bed-bound"


class OdiAnswers(Strict):
    """All ten sections must be present; ``null`` means not answered (or not applicable)."""

    pain_intensity: Section | None
    personal_care: Section | None
    lifting: Section | None
    walking: Section | None
    sitting: Section | None
    standing: Section | None
    sleeping: Section | None
    sex_life: Section | None
    social_life: Section | None
    travelling: Section | None

    def sections(self) -> dict[str, int | None]:
        """Section name -> score (None when not answered), in questionnaire order."""
        return {name: getattr(self, name) for name in type(self).model_fields}


class OdiResult(BaseModel):
    """Spec section 3: ``{"percent", "sections_answered", "band"}``; percent is not rounded."""

    percent: float
    sections_answered: int
    band: OdiBand


def odi_band(percent: float) -> OdiBand:
    """The band for an index, with cut-points >20, >40, >60 and >80."""
    if percent > ODI_BED_BOUND_ABOVE:
        return OdiBand.BED_BOUND
    if percent > ODI_CRIPPLED_ABOVE:
        return OdiBand.CRIPPLED
    if percent > ODI_SEVERE_ABOVE:
        return OdiBand.SEVERE
    if percent > ODI_MODERATE_ABOVE:
        return OdiBand.MODERATE
    return OdiBand.MINIMAL


def score_odi(answers: OdiAnswers) -> OdiResult:
    """The index over the answered sections.

    Raises :class:`TooLittleData` when fewer than 8 sections are answered.
    """
    sections = answers.sections()
    answered = [score for score in sections.values() if score is not None]
    if len(answered) < ODI_MIN_SECTIONS_ANSWERED:
        missing = ", ".join(name for name, score in sections.items() if score is None)
        raise TooLittleData(
            "(top level)",
            f"too little data to score: {len(answered)} of {ODI_SECTIONS} sections answered, "
            f"and at least {ODI_MIN_SECTIONS_ANSWERED} are needed (not answered: {missing})",
        )
    percent = 100 * sum(answered) / (ODI_SECTION_MAX * len(answered))
    return OdiResult(percent=percent, sections_answered=len(answered), band=odi_band(percent))
