"""Change between two scores of one instrument, and whether it is large enough to matter
(spec section 3, ``unknot change``; clinical reference sections 3.1-3.4).

Improvement is positive when the person got better: a lower RMDQ, ODI or NRS, a higher PSFS.
A change is judged against the instrument's points threshold and percent threshold separately;
Ostelo 2008 counts either one as a minimal important change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pydantic import BaseModel

from unknot.domain.instruments.nrs import NRS_MAX, NRS_MIC_PERCENT, NRS_MIC_POINTS
from unknot.domain.instruments.odi import ODI_MIC_PERCENT, ODI_MIC_POINTS
from unknot.domain.instruments.psfs import PSFS_MAX, PSFS_MDC_POINTS, PSFS_PERCENT_THRESHOLD
from unknot.domain.instruments.rmdq import RMDQ_ITEMS, RMDQ_MIC_PERCENT, RMDQ_MIC_POINTS
from unknot.errors import InvalidInput, NotFound

ODI_PERCENT_MAX = 100.0
"""The Oswestry index is a percentage, 0-100."""

CHANGE_TOLERANCE = 1e-9
"""Scores are typed with a few decimals at most, so a change within 1e-9 of a threshold counts
as reaching it: binary rounding must not turn an exact 10 points (32.2 -> 22.2) or an exact 30%
into "just under"."""


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """How one instrument's change is judged."""

    points: float
    """Points threshold: improvement must be at least this."""
    percent: float
    """Percent threshold; 0.0 means none is defined (then ``meets_percent`` is always false)."""
    low: float
    """Lowest possible score."""
    high: float
    """Highest possible score."""
    higher_is_better: bool
    """True when a higher score means the person is better (PSFS)."""
    whole_numbers: bool
    """True when a score can only be a whole number (RMDQ counts ticked statements)."""
    source: str
    """Where the thresholds come from."""


CHANGE_RULES: Mapping[str, ChangeRule] = MappingProxyType(
    {
        "rmdq": ChangeRule(
            points=RMDQ_MIC_POINTS,
            percent=RMDQ_MIC_PERCENT,
            low=0,
            high=RMDQ_ITEMS,
            higher_is_better=False,
            whole_numbers=True,
            source="Ostelo 2008 (minimal important change)",
        ),
        "odi": ChangeRule(
            points=ODI_MIC_POINTS,
            percent=ODI_MIC_PERCENT,
            low=0,
            high=ODI_PERCENT_MAX,
            higher_is_better=False,
            whole_numbers=False,
            source="Ostelo 2008 (minimal important change)",
        ),
        "nrs": ChangeRule(
            points=NRS_MIC_POINTS,
            percent=NRS_MIC_PERCENT,
            low=0,
            high=NRS_MAX,
            higher_is_better=False,
            whole_numbers=False,
            source="Farrar 2001; Ostelo 2008 (minimal important change)",
        ),
        "psfs": ChangeRule(
            points=PSFS_MDC_POINTS,
            percent=PSFS_PERCENT_THRESHOLD,
            low=0,
            high=PSFS_MAX,
            higher_is_better=True,
            whole_numbers=False,
            source="Stratford 1995 (smallest detectable change of the average score)",
        ),
    }
)
"""Instrument name -> how its change is judged. NRS scores may be averages of several ratings,
so they need not be whole numbers; RMDQ scores must be."""


class ChangeResult(BaseModel):
    """Spec section 3, ``unknot change``. Percentages are not rounded."""

    improvement: float
    percent: float
    meets_points: bool
    meets_percent: bool
    points_threshold: float
    percent_threshold: float


def _check_score(rule: ChangeRule, instrument: str, field: str, value: float) -> None:
    allowed = f"{instrument} scores run from {rule.low:g} to {rule.high:g}"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(field, f"must be a number; {allowed} (got {value!r})")
    if not rule.low <= value <= rule.high:
        raise InvalidInput(field, f"must be from {rule.low:g} to {rule.high:g} (got {value:g})")
    if rule.whole_numbers and value != int(value):
        raise InvalidInput(field, f"must be a whole number; {allowed} (got {value:g})")


def change_score(instrument: str, baseline: float, follow_up: float) -> ChangeResult:
    """Improvement from ``baseline`` to ``follow_up`` on ``instrument`` (rmdq, odi, nrs, psfs).

    ``percent`` is improvement / baseline x 100. A baseline of 0 leaves no room to express a
    percentage, so ``percent`` is then 0.0 and ``meets_percent`` false. PSFS has no percent
    threshold: its ``percent_threshold`` is 0.0 ("not defined") and ``meets_percent`` is false.

    Raises :class:`NotFound` for another instrument and :class:`InvalidInput` (field
    ``baseline`` or ``follow_up``) for a score outside the instrument's range.
    """
    rule = CHANGE_RULES.get(instrument)
    if rule is None:
        raise NotFound("instrument with change thresholds", instrument, list(CHANGE_RULES))
    _check_score(rule, instrument, "baseline", baseline)
    _check_score(rule, instrument, "follow_up", follow_up)
    improvement = float(follow_up - baseline if rule.higher_is_better else baseline - follow_up)
    percent = improvement * 100 / baseline if baseline != 0 else 0.0
    percent_defined = rule.percent > 0 and baseline != 0
    return ChangeResult(
        improvement=improvement,
        percent=percent,
        meets_points=improvement >= rule.points - CHANGE_TOLERANCE,
        meets_percent=percent_defined and percent >= rule.percent - CHANGE_TOLERANCE,
        points_threshold=rule.points,
        percent_threshold=rule.percent,
    )
