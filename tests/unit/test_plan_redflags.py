"""A new red flag in the diary re-runs triage at once; emergency or urgent stops the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.unit.test_plan_library import START, make_answers, make_plan
from unknot.content.library import load_library
from unknot.domain.plan import (
    DayKind,
    NewSymptoms,
    check_new_symptoms,
    merge_symptoms,
    parse_symptoms,
    restore_plan,
    stop_plan,
)
from unknot.domain.triage import Level, triage
from unknot.errors import InvalidInput

TODAY = START + dt.timedelta(days=10)


def symptoms(data: dict[str, Any]) -> NewSymptoms:
    parsed, warnings = parse_symptoms(data)
    assert warnings == []
    return parsed


@pytest.mark.parametrize(
    ("data", "level", "rule"),
    [
        ({"red_flags": {"new_bladder_change": True}}, Level.EMERGENCY, "E-CES-BLADDER"),
        ({"red_flags": {"saddle_numbness": True}}, Level.EMERGENCY, "E-CES-SADDLE"),
        ({"legs": {"pain_or_numbness": "both_legs"}}, Level.EMERGENCY, "E-CES-BILATERAL-LEG"),
        ({"red_flags": {"fever": True}}, Level.URGENT, "U-FEVER"),
        ({"red_flags": {"temperature_c": 38.5}}, Level.URGENT, "U-FEVER"),
        ({"red_flags": {"unexplained_weight_loss": True}}, Level.URGENT, "U-WEIGHT-LOSS"),
        (
            {"legs": {"weakness": "one_leg", "weakness_getting_worse": True}},
            Level.URGENT,
            "U-NEURO-UNILATERAL-PROGRESSIVE",
        ),
    ],
)
def test_a_new_red_flag_re_runs_triage_and_stops_the_plan(
    data: dict[str, Any], level: Level, rule: str
) -> None:
    plan = make_plan()
    result = check_new_symptoms(plan.context.answers, symptoms(data), TODAY)
    assert result is not None
    assert result.level is level and rule in result.rules
    assert not result.plan_allowed
    stopped = stop_plan(plan, result, TODAY)
    assert stopped.stopped is not None and stopped.stopped.level is level
    for day in stopped.days:
        if day.date < TODAY:
            assert day == plan.day(day.date)
        else:
            assert day.kind is DayKind.STOPPED
            assert day.sessions == () and day.walking == () and day.total_minutes == 0
            assert result.headline in day.why
    data_out = stopped.as_json()["stopped"]
    assert data_out["level"] == str(level) and data_out["actions"] == list(result.actions)


def test_nothing_reported_means_nothing_to_re_run() -> None:
    assert check_new_symptoms(make_answers(), symptoms({}), TODAY) is None
    assert (
        check_new_symptoms(make_answers(), symptoms({"red_flags": {"fever": False}}), TODAY) is None
    )


def test_a_symptom_that_is_not_a_red_flag_keeps_the_plan() -> None:
    plan = make_plan()
    result = check_new_symptoms(
        plan.context.answers, symptoms({"legs": {"pain_or_numbness": "one_leg"}}), TODAY
    )
    assert result is not None and result.plan_allowed
    assert stop_plan(plan, result, TODAY) is plan


def test_new_symptoms_only_ever_add_flags() -> None:
    answers = make_answers(
        {
            "red_flags": {"night_pain_not_eased_by_rest": True, "temperature_c": 38.2},
            "legs": {"pain_or_numbness": "one_leg", "below_knee": True},
        }
    )
    merged = merge_symptoms(
        answers,
        symptoms(
            {
                "red_flags": {"night_pain_not_eased_by_rest": False, "temperature_c": 37.0},
                "legs": {"pain_or_numbness": "none", "weakness": "one_leg"},
            }
        ),
    )
    assert merged.red.night_pain_not_eased_by_rest is True
    assert merged.red.temperature_c == 38.2
    assert merged.leg.pain_or_numbness == "one_leg" and merged.leg.below_knee
    assert merged.leg.weakness == "one_leg"
    assert triage(merged).level.rank >= triage(answers).level.rank


@pytest.mark.parametrize(("days_later", "fires"), [(10, False), (11, True)])
def test_the_episode_moves_on_to_today_when_the_assessment_date_is_given(
    days_later: int, fires: bool
) -> None:
    answers = make_answers({"episode": {"duration_days": 10, "trend": "same"}})
    new = symptoms({"legs": {"pain_or_numbness": "one_leg", "below_knee": True}})
    today = START + dt.timedelta(days=days_later)
    later = check_new_symptoms(answers, new, today, assessed_on=START)
    as_given = check_new_symptoms(answers, new, today)
    assert later is not None and as_given is not None
    # 10 + 11 = 21 days: "not improved after a few weeks" (FEW_WEEKS_DAYS)
    assert ("S-SCIATICA-NOT-IMPROVING" in later.rules) is fires
    assert "S-SCIATICA-NOT-IMPROVING" not in as_given.rules
    with pytest.raises(InvalidInput):
        check_new_symptoms(answers, new, START, assessed_on=today)


def test_unknown_symptom_fields_are_warnings_and_bad_values_errors() -> None:
    parsed, warnings = parse_symptoms({"red_flags": {"fever": True, "sneezing": True}})
    assert parsed.red_flags.fever and warnings == ["unknown field 'red_flags.sneezing' was ignored"]
    with pytest.raises(InvalidInput) as raised:
        parse_symptoms({"legs": {"weakness": "three_legs"}})
    assert raised.value.field == "legs.weakness"
    with pytest.raises(InvalidInput):
        parse_symptoms(["fever"])


def test_a_stopped_plan_is_restored_from_its_json() -> None:
    plan = make_plan()
    result = check_new_symptoms(
        plan.context.answers, symptoms({"red_flags": {"chest_pain": True}}), TODAY
    )
    assert result is not None
    stopped = stop_plan(plan, result, TODAY)
    restored = restore_plan(stopped.as_json(), plan.context.answers, load_library())
    assert restored.as_json() == stopped.as_json()
