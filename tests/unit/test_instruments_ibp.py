"""Inflammatory back pain criteria: ASAS (Sieper 2009), Berlin (Rudwaleit 2006) and the NICE NG65
referral criteria (clinical reference section 4)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.domain.instruments import (
    AsasIbpAnswers,
    BerlinIbpAnswers,
    Ng65Answers,
    Ng65Recommendation,
    asas_not_applicable_reasons,
    berlin_not_applicable_reasons,
    ng65_not_applicable_reasons,
    score,
    score_asas_ibp,
    score_berlin_ibp,
    score_ng65,
)
from unknot.errors import InvalidInput

ASAS_FLAGS = [
    "insidious_onset",
    "improves_with_exercise",
    "no_improvement_with_rest",
    "night_pain_improves_on_getting_up",
]
BERLIN_FLAGS = [
    "improves_with_exercise_not_rest",
    "wakes_second_half_of_night",
    "alternating_buttock_pain",
]
NG65_FLAGS = [
    "wakes_second_half_of_night",
    "buttock_pain",
    "improves_with_movement",
    "improves_within_48h_of_nsaid",
    "relative_with_spondyloarthritis",
    "arthritis",
    "enthesitis",
    "psoriasis",
]


def asas(age_at_onset: int = 42, months: int = 12, flags: int = 0) -> AsasIbpAnswers:
    """ASAS answers with the first ``flags`` yes/no features present."""
    data: dict[str, Any] = {"age_at_onset": age_at_onset, "back_pain_months": months}
    data |= {name: i < flags for i, name in enumerate(ASAS_FLAGS)}
    return AsasIbpAnswers.model_validate(data)


def berlin(age: int = 35, months: int = 12, stiffness: int = 0, flags: int = 0) -> BerlinIbpAnswers:
    data: dict[str, Any] = {
        "age": age,
        "back_pain_months": months,
        "morning_stiffness_minutes": stiffness,
    }
    data |= {name: i < flags for i, name in enumerate(BERLIN_FLAGS)}
    return BerlinIbpAnswers.model_validate(data)


def ng65(age_at_onset: int = 40, months: int = 12, flags: int = 0) -> Ng65Answers:
    data: dict[str, Any] = {"age_at_onset": age_at_onset, "back_pain_months": months}
    data |= {name: i < flags for i, name in enumerate(NG65_FLAGS)}
    return Ng65Answers.model_validate(data)


# --- ASAS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("age_at_onset", "positive"), [(0, 1), (39, 1), (40, 0), (41, 0)])
def test_asas_criterion_1_is_age_at_onset_under_40(age_at_onset: int, positive: int) -> None:
    assert score_asas_ibp(asas(age_at_onset=age_at_onset)).positive == positive


@pytest.mark.parametrize(
    ("age_at_onset", "flags", "positive", "fulfilled"),
    [
        (45, 3, 3, False),
        (30, 2, 3, False),
        (45, 4, 4, True),
        (39, 3, 4, True),
        (40, 3, 3, False),
        (30, 4, 5, True),
        (45, 0, 0, False),
    ],
)
def test_asas_is_fulfilled_with_4_of_5_features_and_not_with_3(
    age_at_onset: int, flags: int, positive: int, fulfilled: bool
) -> None:
    result = score_asas_ibp(asas(age_at_onset=age_at_onset, flags=flags))
    assert (result.positive, result.applicable, result.fulfilled) == (positive, True, fulfilled)


@pytest.mark.parametrize(
    ("months", "applicable"), [(0, False), (3, False), (4, True), (12, True), (240, True)]
)
def test_asas_applies_only_when_back_pain_has_lasted_more_than_3_months(
    months: int, applicable: bool
) -> None:
    result = score_asas_ibp(asas(age_at_onset=20, months=months, flags=4))
    assert result.positive == 5
    assert result.applicable is applicable
    assert result.fulfilled is applicable
    assert bool(asas_not_applicable_reasons(asas(months=months))) is not applicable


# --- Berlin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "positive"), [(0, 0), (30, 0), (31, 1), (120, 1)])
def test_berlin_morning_stiffness_counts_only_above_30_minutes(minutes: int, positive: int) -> None:
    assert score_berlin_ibp(berlin(stiffness=minutes)).positive == positive


@pytest.mark.parametrize(
    ("stiffness", "flags", "positive", "fulfilled"),
    [
        (0, 1, 1, False),
        (31, 0, 1, False),
        (30, 1, 1, False),
        (0, 2, 2, True),
        (31, 1, 2, True),
        (45, 3, 4, True),
    ],
)
def test_berlin_is_fulfilled_with_2_of_4_features_and_not_with_1(
    stiffness: int, flags: int, positive: int, fulfilled: bool
) -> None:
    result = score_berlin_ibp(berlin(stiffness=stiffness, flags=flags))
    assert (result.positive, result.applicable, result.fulfilled) == (positive, True, fulfilled)


@pytest.mark.parametrize(
    ("age", "months", "applicable", "reasons"),
    [
        (49, 4, True, 0),
        (50, 4, False, 1),
        (49, 3, False, 1),
        (50, 3, False, 2),
        (18, 120, True, 0),
    ],
)
def test_berlin_applies_under_50_with_back_pain_of_more_than_3_months(
    age: int, months: int, applicable: bool, reasons: int
) -> None:
    answers = berlin(age=age, months=months, stiffness=60, flags=3)
    result = score_berlin_ibp(answers)
    assert result.positive == 4
    assert (result.applicable, result.fulfilled) == (applicable, applicable)
    assert len(berlin_not_applicable_reasons(answers)) == reasons


# --- NICE NG65 -------------------------------------------------------------------------------


@pytest.mark.parametrize(("age_at_onset", "criteria"), [(20, 1), (34, 1), (35, 0), (44, 0)])
def test_ng65_counts_onset_before_35_as_a_criterion(age_at_onset: int, criteria: int) -> None:
    assert score_ng65(ng65(age_at_onset=age_at_onset)).criteria_met == criteria


@pytest.mark.parametrize(
    ("age_at_onset", "flags", "criteria", "recommendation"),
    [
        (40, 0, 0, Ng65Recommendation.NOT_INDICATED),
        (40, 2, 2, Ng65Recommendation.NOT_INDICATED),
        (34, 1, 2, Ng65Recommendation.NOT_INDICATED),
        (40, 3, 3, Ng65Recommendation.TEST_HLA_B27),
        (34, 2, 3, Ng65Recommendation.TEST_HLA_B27),
        (35, 3, 3, Ng65Recommendation.TEST_HLA_B27),
        (40, 4, 4, Ng65Recommendation.REFER),
        (34, 3, 4, Ng65Recommendation.REFER),
        (34, 8, 9, Ng65Recommendation.REFER),
    ],
)
def test_ng65_refers_at_4_criteria_and_tests_hla_b27_at_exactly_3(
    age_at_onset: int, flags: int, criteria: int, recommendation: Ng65Recommendation
) -> None:
    result = score_ng65(ng65(age_at_onset=age_at_onset, flags=flags))
    assert (result.criteria_met, result.applicable, result.recommendation) == (
        criteria,
        True,
        recommendation,
    )


@pytest.mark.parametrize(
    ("age_at_onset", "months", "applicable", "reasons"),
    [
        (44, 4, True, 0),
        (45, 4, False, 1),
        (44, 3, False, 1),
        (45, 3, False, 2),
        (60, 0, False, 2),
    ],
)
def test_ng65_applies_to_pain_starting_before_45_and_lasting_more_than_3_months(
    age_at_onset: int, months: int, applicable: bool, reasons: int
) -> None:
    answers = ng65(age_at_onset=age_at_onset, months=months, flags=8)
    result = score_ng65(answers)
    assert result.criteria_met == 8
    assert result.applicable is applicable
    expected = Ng65Recommendation.REFER if applicable else Ng65Recommendation.NOT_INDICATED
    assert result.recommendation is expected
    assert len(ng65_not_applicable_reasons(answers)) == reasons


@given(
    st.integers(min_value=0, max_value=120),
    st.integers(min_value=0, max_value=600),
    st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_ng65_recommendation_follows_the_count_whenever_it_applies(
    age_at_onset: int, months: int, flags: list[bool]
) -> None:
    data: dict[str, Any] = {"age_at_onset": age_at_onset, "back_pain_months": months}
    data |= dict(zip(NG65_FLAGS, flags, strict=True))
    result = score_ng65(Ng65Answers.model_validate(data))
    assert result.criteria_met == sum(flags) + (age_at_onset < 35)
    assert result.applicable == (age_at_onset < 45 and months > 3)
    if not result.applicable or result.criteria_met < 3:
        assert result.recommendation is Ng65Recommendation.NOT_INDICATED
    elif result.criteria_met == 3:
        assert result.recommendation is Ng65Recommendation.TEST_HLA_B27
    else:
        assert result.recommendation is Ng65Recommendation.REFER
    assert score_ng65(Ng65Answers.model_validate(data)) == result


# --- validation shared by the three ----------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "data", "field"),
    [
        ("asas-ibp", {**asas().model_dump(), "insidious_onset": "yes"}, "insidious_onset"),
        (
            "asas-ibp",
            {**asas().model_dump(), "improves_with_exercise": 1},
            "improves_with_exercise",
        ),
        ("asas-ibp", {**asas().model_dump(), "age_at_onset": -1}, "age_at_onset"),
        ("asas-ibp", {**asas().model_dump(), "back_pain_months": 3.5}, "back_pain_months"),
        ("berlin-ibp", {**berlin().model_dump(), "age": 121}, "age"),
        (
            "berlin-ibp",
            {**berlin().model_dump(), "morning_stiffness_minutes": 1441},
            "morning_stiffness_minutes",
        ),
        ("ng65", {**ng65().model_dump(), "psoriasis": None}, "psoriasis"),
        ("ng65", {k: v for k, v in ng65().model_dump().items() if k != "enthesitis"}, "enthesitis"),
    ],
)
def test_invalid_answers_name_the_field(instrument: str, data: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        score(instrument, data)
    assert caught.value.field == field


def test_an_out_of_range_age_names_the_whole_allowed_range() -> None:
    with pytest.raises(InvalidInput) as caught:
        score("berlin-ibp", {**berlin().model_dump(), "age": 121})
    assert caught.value.message == "must be from 0 to 120 (got 121)"
