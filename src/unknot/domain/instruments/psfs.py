"""Patient-Specific Functional Scale (clinical reference section 3.4).

The person names 1-5 activities that are hard because of the problem and rates each from
0 (unable) to 10 (able as before the problem); the score is the mean (Stratford 1995,
``stratford-1995-psfs``). Ratings may be any number in 0-10, such as 6.5.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from unknot.domain.instruments._fields import described_range
from unknot.domain.validation import Strict

PSFS_MAX = 10
"""Highest rating: able to do the activity as before the problem (Stratford 1995)."""

PSFS_MAX_ACTIVITIES = 5
"""Most activities rated; the original asks for up to 3, some versions allow 5 (clinical
reference section 3.4)."""

PSFS_MDC_POINTS = 2.0
"""Smallest detectable change (MDC90) of the average score: 2 points (Stratford 1995, as
reproduced on the PSFS form; clinical reference section 3.4)."""

PSFS_PERCENT_THRESHOLD = 0.0
"""No percent threshold is published for the PSFS (the spec gives only 2 points), so 0.0 here
means "not defined", and a PSFS change never meets a percent threshold."""

Rating = Annotated[float, Field(strict=True, ge=0, le=PSFS_MAX), described_range(0, PSFS_MAX)]
"""One activity's rating, a number from 0 to 10."""

ActivityName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""The person's own words for the activity."""


class PsfsAnswers(Strict):
    """``{"activities": {"putting on socks": 3, "sitting 30 min": 5}}``: 1-5 activities."""

    activities: dict[ActivityName, Rating]

    @field_validator("activities")
    @classmethod
    def _one_to_five(cls, activities: dict[str, float]) -> dict[str, float]:
        if not 1 <= len(activities) <= PSFS_MAX_ACTIVITIES:
            raise PydanticCustomError(
                "activity_count",
                "name from 1 to {most} activities (got {count})",
                {"most": PSFS_MAX_ACTIVITIES, "count": len(activities)},
            )
        return activities


class PsfsResult(BaseModel):
    """Spec section 3: ``{"score": float}``, the mean rating, not rounded."""

    score: float


def score_psfs(answers: PsfsAnswers) -> PsfsResult:
    """The mean of the activity ratings."""
    ratings = list(answers.activities.values())
    return PsfsResult(score=sum(ratings) / len(ratings))
