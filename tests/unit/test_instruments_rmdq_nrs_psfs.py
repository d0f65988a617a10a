"""RMDQ, NRS and PSFS: clinical reference sections 3.1, 3.3 and 3.4."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.domain.instruments import (
    NrsAnswers,
    PsfsAnswers,
    RmdqAnswers,
    score,
    score_nrs,
    score_psfs,
    score_rmdq,
)
from unknot.domain.validation import parse
from unknot.errors import InvalidInput

# --- RMDQ ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ([], 0),
        ([1], 1),
        ([24], 1),
        ([1, 5, 12], 3),
        ([12, 5, 1], 3),
        (list(range(1, 25)), 24),
    ],
)
def test_rmdq_score_is_the_number_of_statements_ticked(ticked: list[int], expected: int) -> None:
    assert score_rmdq(RmdqAnswers(ticked=ticked)).score == expected


@pytest.mark.parametrize(
    ("ticked", "field", "says"),
    [
        ([0], "ticked[0]", "from 1 to 24"),
        ([1, 25], "ticked[1]", "from 1 to 24"),
        ([-3], "ticked[0]", "from 1 to 24"),
        (["3"], "ticked[0]", "integer"),
        ([2.0], "ticked[0]", "integer"),
        ([True], "ticked[0]", "integer"),
        ("1,2", "ticked", "list"),
    ],
)
def test_rmdq_item_numbers_outside_1_to_24_are_errors_naming_the_position(
    ticked: Any, field: str, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(RmdqAnswers, {"ticked": ticked})
    assert caught.value.field == field
    assert says in caught.value.message


def test_rmdq_duplicate_item_is_an_error_naming_the_item() -> None:
    with pytest.raises(InvalidInput) as caught:
        score("rmdq", {"ticked": [3, 7, 11, 7]})
    assert caught.value.field == "ticked"
    assert "item 7" in caught.value.message


def test_rmdq_needs_the_ticked_list_even_when_empty() -> None:
    with pytest.raises(InvalidInput) as caught:
        score("rmdq", {})
    assert caught.value.field == "ticked"


@given(st.sets(st.integers(min_value=1, max_value=24)), st.randoms())
def test_rmdq_any_set_of_items_in_any_order_scores_its_size(items: set[int], rnd: Any) -> None:
    ticked = sorted(items)
    rnd.shuffle(ticked)
    assert score("rmdq", {"ticked": ticked}).model_dump() == {"score": len(items)}


# --- NRS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, 5, 9, 10])
def test_nrs_score_is_the_rating(value: int) -> None:
    assert score_nrs(NrsAnswers(score=value)).score == value


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (-1, "from 0 to 10"),
        (11, "from 0 to 10"),
        (5.5, "integer"),
        ("5", "integer"),
        (True, "integer"),
    ],
)
def test_nrs_outside_0_to_10_or_not_a_whole_number_is_an_error(value: Any, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        score("nrs", {"score": value})
    assert caught.value.field == "score"
    assert says in caught.value.message


# --- PSFS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "mean"),
    [
        ({"putting on socks": 3, "sitting 30 min": 5}, 4.0),
        ({"gardening": 6.5}, 6.5),
        ({"a": 0, "b": 0, "c": 0}, 0.0),
        ({"a": 10, "b": 10, "c": 10, "d": 10, "e": 10}, 10.0),
        ({"a": 1, "b": 2, "c": 2}, 5 / 3),
        ({"a": 0.5, "b": 9.5, "c": 3, "d": 4}, 4.25),
    ],
)
def test_psfs_score_is_the_mean_rating(ratings: dict[str, float], mean: float) -> None:
    result = score_psfs(parse(PsfsAnswers, {"activities": ratings}))
    assert result.score == pytest.approx(mean, abs=1e-12)


@pytest.mark.parametrize(
    ("activities", "field", "says"),
    [
        ({}, "activities", "from 1 to 5 activities (got 0)"),
        ({str(i): 5 for i in range(6)}, "activities", "from 1 to 5 activities (got 6)"),
        ({"walking": 10.5}, "activities.walking", "from 0 to 10"),
        ({"walking": -0.5}, "activities.walking", "from 0 to 10"),
        ({"walking": "5"}, "activities.walking", "number"),
        ({"walking": True}, "activities.walking", "number"),
        ({"walking": None}, "activities.walking", "number"),
        ([5, 6], "activities", "dictionary"),
    ],
)
def test_psfs_needs_1_to_5_activities_each_rated_0_to_10(
    activities: Any, field: str, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        score("psfs", {"activities": activities})
    assert caught.value.field == field
    assert says in caught.value.message


def test_psfs_activity_without_a_name_is_an_error() -> None:
    with pytest.raises(InvalidInput) as caught:
        score("psfs", {"activities": {"  ": 4}})
    assert caught.value.field.startswith("activities")


@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh ", min_size=1).filter(str.strip),
        st.floats(min_value=0, max_value=10),
        min_size=1,
        max_size=5,
    )
)
def test_psfs_mean_lies_between_the_lowest_and_highest_rating(ratings: dict[str, float]) -> None:
    parsed = parse(PsfsAnswers, {"activities": ratings})
    values = list(parsed.activities.values())
    result = score_psfs(parsed)
    assert min(values) - 1e-9 <= result.score <= max(values) + 1e-9
    assert result == score_psfs(parsed)
