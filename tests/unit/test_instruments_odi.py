"""Oswestry Disability Index: clinical reference section 3.2."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.domain.instruments import OdiAnswers, OdiBand, odi_band, score, score_odi
from unknot.domain.validation import parse
from unknot.errors import InvalidInput, TooLittleData

SECTIONS = [
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
]


def odi(*scores: int | None) -> dict[str, int | None]:
    """Answers in questionnaire order."""
    assert len(scores) == len(SECTIONS)
    return dict(zip(SECTIONS, scores, strict=True))


def scoring(*scores: int | None) -> OdiAnswers:
    return OdiAnswers.model_validate(odi(*scores))


def test_the_worked_example_16_of_50_is_32_percent() -> None:
    result = score_odi(scoring(2, 1, 3, 1, 2, 2, 1, 0, 2, 2))
    assert (result.percent, result.sections_answered, result.band) == (32.0, 10, "moderate")


def test_the_worked_example_with_one_section_missing_is_16_of_45() -> None:
    result = score_odi(scoring(2, 1, 3, 1, 2, 2, 1, None, 2, 2))
    assert result.percent == pytest.approx(35.5555555555, abs=1e-9)
    assert result.sections_answered == 9
    assert result.band is OdiBand.MODERATE


def test_the_percent_is_not_rounded() -> None:
    result = score_odi(scoring(2, 1, 3, 1, 2, 2, 1, None, 2, 2))
    assert result.percent != round(result.percent, 2)


@pytest.mark.parametrize(
    ("scores", "answered", "percent"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 10, 0.0),
        ((5, 5, 5, 5, 5, 5, 5, 5, 5, 5), 10, 100.0),
        ((5, 5, 5, 5, 5, 5, 5, 5, 5, None), 9, 100.0),
        ((4, 4, 4, 4, 4, 4, 4, None, 4, None), 8, 80.0),
        ((1, 2, 3, 4, 5, 0, 1, None, None, 0), 8, 40.0),
        ((None, 5, 5, 5, 5, 5, 5, 5, 5, None), 8, 100.0),
    ],
)
def test_unanswered_sections_leave_the_denominator_and_never_count_as_zero(
    scores: tuple[int | None, ...], answered: int, percent: float
) -> None:
    result = score_odi(scoring(*scores))
    assert result.sections_answered == answered
    assert result.percent == pytest.approx(percent, abs=1e-12)


@pytest.mark.parametrize(
    "scores",
    [
        (1, 1, 1, 1, 1, 1, 1, None, None, None),
        (None, None, None, 1, 1, 1, 1, 1, 1, 1),
        (None,) * 10,
    ],
)
def test_fewer_than_8_sections_is_too_little_data(scores: tuple[int | None, ...]) -> None:
    answered = sum(score is not None for score in scores)
    with pytest.raises(TooLittleData) as caught:
        score_odi(scoring(*scores))
    assert f"{answered} of 10 sections answered" in caught.value.message
    assert "at least 8" in caught.value.message
    assert "too little data" in caught.value.message


def test_too_little_data_is_an_invalid_input_so_the_cli_exits_3() -> None:
    with pytest.raises(InvalidInput):
        score("odi", odi(1, 1, 1, 1, 1, 1, 1, None, None, None))


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0.0, OdiBand.MINIMAL),
        (20.0, OdiBand.MINIMAL),
        (20.000001, OdiBand.MODERATE),
        (20.5, OdiBand.MODERATE),
        (21.0, OdiBand.MODERATE),
        (40.0, OdiBand.MODERATE),
        (40.1, OdiBand.SEVERE),
        (41.0, OdiBand.SEVERE),
        (60.0, OdiBand.SEVERE),
        (60.1, OdiBand.CRIPPLED),
        (61.0, OdiBand.CRIPPLED),
        (80.0, OdiBand.CRIPPLED),
        (80.1, OdiBand.BED_BOUND),
        (81.0, OdiBand.BED_BOUND),
        (100.0, OdiBand.BED_BOUND),
    ],
)
def test_bands_cut_above_20_40_60_and_80(percent: float, band: OdiBand) -> None:
    assert odi_band(percent) is band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (10, "minimal"),  # 20%
        (11, "moderate"),  # 22%
        (20, "moderate"),  # 40%
        (21, "severe"),  # 42%
        (30, "severe"),  # 60%
        (31, "crippled"),  # 62%
        (40, "crippled"),  # 80%
        (41, "bed-bound"),  # 82%
    ],
)
def test_scored_answers_fall_in_the_band_of_their_percent(total: int, band: str) -> None:
    scores = [min(5, max(0, total - 5 * i)) for i in range(10)]
    assert sum(scores) == total
    result = score_odi(scoring(*scores))
    assert result.percent == pytest.approx(total * 2)
    assert result.band == band


def test_a_section_between_the_bands_with_nine_answered_is_banded_by_its_exact_value() -> None:
    # 10/45 = 22.2% (moderate); 9/45 = 20.0% (minimal)
    assert score_odi(scoring(1, 1, 1, 1, 1, 1, 1, None, 1, 2)).band is OdiBand.MODERATE
    assert score_odi(scoring(1, 1, 1, 1, 1, 1, 1, None, 1, 1)).band is OdiBand.MINIMAL


@pytest.mark.parametrize(
    ("section", "value", "says"),
    [
        ("lifting", 6, "from 0 to 5"),
        ("walking", -1, "from 0 to 5"),
        ("sitting", 2.5, "integer"),
        ("sleeping", "3", "integer"),
        ("sex_life", True, "integer"),
    ],
)
def test_an_out_of_range_or_non_integer_section_is_an_error_naming_it(
    section: str, value: Any, says: str
) -> None:
    data: dict[str, Any] = odi(*([1] * 10))
    data[section] = value
    with pytest.raises(InvalidInput) as caught:
        parse(OdiAnswers, data)
    assert caught.value.field == section
    assert says in caught.value.message


def test_an_absent_section_is_an_error_rather_than_a_guess() -> None:
    data = odi(*([1] * 10))
    del data["travelling"]
    with pytest.raises(InvalidInput) as caught:
        parse(OdiAnswers, data)
    assert caught.value.field == "travelling"


section = st.one_of(st.none(), st.integers(min_value=0, max_value=5))


@given(st.lists(section, min_size=10, max_size=10))
def test_percent_is_within_0_to_100_and_equals_the_formula(scores: list[int | None]) -> None:
    answered = [s for s in scores if s is not None]
    if len(answered) < 8:
        with pytest.raises(TooLittleData):
            score_odi(scoring(*scores))
        return
    result = score_odi(scoring(*scores))
    assert 0.0 <= result.percent <= 100.0
    assert result.percent == pytest.approx(sum(answered) / (5 * len(answered)) * 100)
    assert result.sections_answered == len(answered)
    assert result.band is odi_band(result.percent)
    assert score_odi(scoring(*scores)) == result
