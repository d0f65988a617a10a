"""Change between two scores (spec section 3, ``unknot change``): thresholds from the clinical
reference (RMDQ 5 points or 30%, ODI 10 or 30%, NRS 2 or 30%, PSFS 2 points)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.domain.instruments import CHANGE_RULES, change_score
from unknot.errors import InvalidInput, NotFound


@pytest.mark.parametrize(
    ("instrument", "baseline", "follow_up", "improvement", "percent", "points", "by_percent"),
    [
        # RMDQ: 5 points or 30%
        ("rmdq", 20, 15, 5.0, 25.0, True, False),
        ("rmdq", 20, 16, 4.0, 20.0, False, False),
        ("rmdq", 20, 14, 6.0, 30.0, True, True),
        ("rmdq", 10, 7, 3.0, 30.0, False, True),
        ("rmdq", 24, 17, 7.0, 700 / 24, True, False),
        ("rmdq", 15, 9, 6.0, 40.0, True, True),
        # ODI: 10 points or 30%
        ("odi", 50, 40, 10.0, 20.0, True, False),
        ("odi", 50, 40.5, 9.5, 19.0, False, False),
        ("odi", 30, 21, 9.0, 30.0, False, True),
        ("odi", 30, 21.2, 8.8, 8.8 / 30 * 100, False, False),
        ("odi", 32.2, 22.2, 10.0, 10 / 32.2 * 100, True, True),
        # NRS: 2 points or 30%
        ("nrs", 8, 6, 2.0, 25.0, True, False),
        ("nrs", 8, 6.1, 1.9, 1.9 / 8 * 100, False, False),
        ("nrs", 5, 3.5, 1.5, 30.0, False, True),
        ("nrs", 5, 4, 1.0, 20.0, False, False),
        # PSFS: higher is better; 2 points, no percent threshold
        ("psfs", 3, 5, 2.0, 2 / 3 * 100, True, False),
        ("psfs", 3, 4.5, 1.5, 50.0, False, False),
        ("psfs", 3, 6, 3.0, 100.0, True, False),
    ],
)
def test_change_meets_each_threshold_at_and_not_just_under_it(
    instrument: str,
    baseline: float,
    follow_up: float,
    improvement: float,
    percent: float,
    points: bool,
    by_percent: bool,
) -> None:
    result = change_score(instrument, baseline, follow_up)
    assert result.improvement == pytest.approx(improvement)
    assert result.percent == pytest.approx(percent)
    assert (result.meets_points, result.meets_percent) == (points, by_percent)


@pytest.mark.parametrize(
    ("instrument", "points", "percent"),
    [("rmdq", 5.0, 30.0), ("odi", 10.0, 30.0), ("nrs", 2.0, 30.0), ("psfs", 2.0, 0.0)],
)
def test_thresholds_are_the_clinical_references(
    instrument: str, points: float, percent: float
) -> None:
    result = change_score(instrument, 5, 5)
    assert (result.points_threshold, result.percent_threshold) == (points, percent)


@pytest.mark.parametrize(
    ("instrument", "baseline", "follow_up", "improvement", "percent"),
    [
        ("rmdq", 10, 15, -5.0, -50.0),
        ("odi", 40, 52, -12.0, -30.0),
        ("nrs", 4, 7, -3.0, -75.0),
        ("psfs", 6, 3, -3.0, -50.0),
    ],
)
def test_getting_worse_is_a_negative_improvement_that_meets_nothing(
    instrument: str, baseline: float, follow_up: float, improvement: float, percent: float
) -> None:
    result = change_score(instrument, baseline, follow_up)
    assert result.improvement == pytest.approx(improvement)
    assert result.percent == pytest.approx(percent)
    assert not result.meets_points
    assert not result.meets_percent


@pytest.mark.parametrize(
    ("instrument", "follow_up", "points"), [("nrs", 0, False), ("psfs", 5, True), ("odi", 0, False)]
)
def test_a_baseline_of_zero_gives_percent_zero_and_never_meets_the_percent_threshold(
    instrument: str, follow_up: float, points: bool
) -> None:
    result = change_score(instrument, 0, follow_up)
    assert result.percent == 0.0
    assert result.meets_percent is False
    assert result.meets_points is points


def test_psfs_never_meets_a_percent_threshold_because_none_is_defined() -> None:
    result = change_score("psfs", 1, 10)
    assert result.percent == pytest.approx(900.0)
    assert (result.percent_threshold, result.meets_percent) == (0.0, False)


@pytest.mark.parametrize(
    ("instrument", "baseline", "follow_up", "field"),
    [
        ("rmdq", 25, 10, "baseline"),
        ("rmdq", 10, -1, "follow_up"),
        ("rmdq", 10.5, 3, "baseline"),
        ("odi", 100.5, 50, "baseline"),
        ("odi", 50, -0.1, "follow_up"),
        ("nrs", 11, 5, "baseline"),
        ("nrs", 5, 10.01, "follow_up"),
        ("psfs", 10.5, 5, "baseline"),
        ("psfs", 5, -1, "follow_up"),
        ("nrs", math.nan, 5, "baseline"),
        ("odi", 50, math.inf, "follow_up"),
    ],
)
def test_a_score_outside_the_instruments_range_is_an_error_naming_which(
    instrument: str, baseline: float, follow_up: float, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        change_score(instrument, baseline, follow_up)
    assert caught.value.field == field


@pytest.mark.parametrize("instrument", ["startback", "asas-ibp", "RMDQ", ""])
def test_change_is_only_defined_for_rmdq_odi_nrs_and_psfs(instrument: str) -> None:
    with pytest.raises(NotFound):
        change_score(instrument, 5, 4)


scores = st.floats(min_value=0, max_value=10, allow_nan=False)


@given(st.sampled_from(sorted(CHANGE_RULES)), scores, scores)
def test_swapping_the_scores_negates_the_improvement_and_the_formula_holds(
    instrument: str, baseline: float, follow_up: float
) -> None:
    if instrument == "rmdq":
        baseline, follow_up = float(round(baseline)), float(round(follow_up))
    forward = change_score(instrument, baseline, follow_up)
    backward = change_score(instrument, follow_up, baseline)
    assert forward.improvement == pytest.approx(-backward.improvement)
    better_when_higher = instrument == "psfs"
    assert (forward.improvement > 0) == ((follow_up > baseline) == better_when_higher) or (
        forward.improvement == 0
    )
    if baseline > 0:
        assert forward.percent == pytest.approx(forward.improvement / baseline * 100)
    assert forward.meets_points == (forward.improvement >= forward.points_threshold - 1e-9)
    assert forward == change_score(instrument, baseline, follow_up)
