"""STarT Back scoring: clinical reference section 2 (Keele SBST scoring)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.domain.instruments import (
    StartBackAnswers,
    StartBackRisk,
    score,
    score_startback,
)
from unknot.domain.validation import parse, unknown_fields
from unknot.errors import InvalidInput

Q9 = ["not_at_all", "slightly", "moderately", "very_much", "extremely"]


def answers(agree: set[int], q9: str = "not_at_all") -> StartBackAnswers:
    """Items in ``agree`` answered agree, the rest of 1-8 disagree."""
    data: dict[str, Any] = {f"q{i}": "agree" if i in agree else "disagree" for i in range(1, 9)}
    data["q9"] = q9
    return StartBackAnswers.model_validate(data)


@pytest.mark.parametrize(
    ("q9", "counts"),
    [
        ("not_at_all", 0),
        ("slightly", 0),
        ("moderately", 0),
        ("very_much", 1),
        ("extremely", 1),
    ],
)
def test_item_9_counts_only_very_much_or_extremely(q9: str, counts: int) -> None:
    result = score_startback(answers(set(), q9))
    assert (result.total, result.psychosocial) == (counts, counts)


@pytest.mark.parametrize(
    ("agree", "q9", "total", "psychosocial", "risk"),
    [
        # total 3 vs 4 with no distress items: low vs medium
        ({1, 2, 3}, "not_at_all", 3, 0, StartBackRisk.LOW),
        ({1, 2, 3, 4}, "not_at_all", 4, 0, StartBackRisk.MEDIUM),
        # subscale 3 with total 3 is low; subscale 3 with total 4 is medium
        ({5, 6, 7}, "moderately", 3, 3, StartBackRisk.LOW),
        ({1, 5, 6, 7}, "moderately", 4, 3, StartBackRisk.MEDIUM),
        ({1, 2, 3, 4, 5, 6, 7}, "slightly", 7, 3, StartBackRisk.MEDIUM),
        # subscale 4 is high, whether reached with item 9 or with items 5-8
        ({5, 6, 7}, "very_much", 4, 4, StartBackRisk.HIGH),
        ({5, 6, 7, 8}, "not_at_all", 4, 4, StartBackRisk.HIGH),
        # the extremes
        (set(), "not_at_all", 0, 0, StartBackRisk.LOW),
        ({1, 2, 3, 4, 5, 6, 7, 8}, "extremely", 9, 5, StartBackRisk.HIGH),
        # items 1-4 do not count towards the subscale
        ({1, 2, 3, 4}, "extremely", 5, 1, StartBackRisk.MEDIUM),
    ],
)
def test_totals_subscale_and_risk_follow_the_keele_rule(
    agree: set[int], q9: str, total: int, psychosocial: int, risk: StartBackRisk
) -> None:
    result = score_startback(answers(agree, q9))
    assert (result.total, result.psychosocial, result.risk) == (total, psychosocial, risk)


def test_result_serialises_as_the_spec_object() -> None:
    result = score_startback(answers({1, 5}, "very_much"))
    assert result.model_dump(mode="json") == {"total": 3, "psychosocial": 2, "risk": "low"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"q9": "very much"}, "q9"),
        ({"q9": "Moderately"}, "q9"),
        ({"q3": "yes"}, "q3"),
        ({"q1": True}, "q1"),
        ({"q8": 1}, "q8"),
    ],
)
def test_an_answer_outside_the_allowed_values_is_an_error_naming_the_item(
    change: dict[str, Any], field: str
) -> None:
    data = {**answers(set()).model_dump(), **change}
    with pytest.raises(InvalidInput) as caught:
        parse(StartBackAnswers, data)
    assert caught.value.field == field


@pytest.mark.parametrize("missing", [f"q{i}" for i in range(1, 10)])
def test_every_item_is_required(missing: str) -> None:
    data = answers(set()).model_dump()
    del data[missing]
    with pytest.raises(InvalidInput) as caught:
        score("startback", data)
    assert caught.value.field == missing
    assert "required" in caught.value.message


def test_unknown_fields_are_kept_so_they_can_be_warned_about() -> None:
    data = {**answers(set()).model_dump(), "q10": "agree"}
    assert unknown_fields(parse(StartBackAnswers, data)) == ["q10"]


agreement = st.sampled_from(["agree", "disagree"])
startback_answers = st.builds(
    StartBackAnswers,
    q1=agreement,
    q2=agreement,
    q3=agreement,
    q4=agreement,
    q5=agreement,
    q6=agreement,
    q7=agreement,
    q8=agreement,
    q9=st.sampled_from(Q9),
)


@given(startback_answers)
def test_any_valid_answers_give_scores_in_range_and_the_risk_the_rule_gives(
    given_answers: StartBackAnswers,
) -> None:
    result = score_startback(given_answers)
    data = given_answers.model_dump()
    item_9 = int(data["q9"] in ("very_much", "extremely"))
    distress = sum(data[f"q{i}"] == "agree" for i in range(5, 9)) + item_9
    physical = sum(data[f"q{i}"] == "agree" for i in range(1, 5))
    assert result.psychosocial == distress
    assert result.total == physical + distress
    assert 0 <= result.psychosocial <= result.total <= 9
    assert result.psychosocial <= 5
    if result.psychosocial >= 4:
        assert result.risk is StartBackRisk.HIGH
    elif result.total <= 3:
        assert result.risk is StartBackRisk.LOW
    else:
        assert result.risk is StartBackRisk.MEDIUM


@given(startback_answers)
def test_scoring_is_deterministic(given_answers: StartBackAnswers) -> None:
    assert score_startback(given_answers) == score_startback(given_answers)
    assert score("startback", given_answers.model_dump()) == score_startback(given_answers)
