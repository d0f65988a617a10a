"""Flare-ups: a jump in pain or a bad spasm switches today and tomorrow to the relief set, then
the plan returns."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_plan_library import START, make_plan
from unknot.domain.plan import DayKind, check_flare, review_week
from unknot.domain.plan.flare import (
    BASELINE_DAYS,
    FLARE_PAIN_RISE,
    FLARE_RELIEF_DAYS,
    FLARE_SPASM_SEVERITY,
    baseline_pain,
)
from unknot.domain.plan.library import Category
from unknot.domain.records import DiaryDay, PainEntry, SpasmEpisode

CHRONIC = {"episode": {"duration_days": 200}, "pain": {"now": 4}}
TODAY = START + dt.timedelta(days=9)  # a Wednesday in week 2


def at(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def pain_day(date: dt.date, *pains: int) -> DiaryDay:
    return DiaryDay(date=date, pain=tuple(PainEntry(date=date, pain=p) for p in pains))


def spasm_day(date: dt.date, severity: int, trigger: str = "") -> DiaryDay:
    moment = dt.datetime(date.year, date.month, date.day, 8, tzinfo=dt.UTC)
    episode = SpasmEpisode(
        date=date, started_at=moment, trigger=trigger, minutes=20, severity=severity
    )
    return DiaryDay(date=date, spasms=(episode,))


def week_of_pain(pain: int) -> list[DiaryDay]:
    return [pain_day(TODAY - dt.timedelta(days=i), pain) for i in range(1, BASELINE_DAYS + 1)]


@pytest.mark.parametrize(
    ("today_pain", "flare"), [(3 + FLARE_PAIN_RISE - 1, False), (3 + FLARE_PAIN_RISE, True)]
)
def test_pain_3_points_above_the_recent_baseline_is_a_flare(today_pain: int, flare: bool) -> None:
    plan = make_plan(CHRONIC)
    diary = [*week_of_pain(3), pain_day(TODAY, today_pain)]
    assert (check_flare(diary, plan, TODAY) is not None) is flare


@pytest.mark.parametrize(
    ("severity", "flare"), [(FLARE_SPASM_SEVERITY - 1, False), (FLARE_SPASM_SEVERITY, True)]
)
def test_a_spasm_of_7_or_more_is_a_flare(severity: int, flare: bool) -> None:
    plan = make_plan(CHRONIC)
    response = check_flare([*week_of_pain(3), spasm_day(TODAY, severity, "bent over")], plan, TODAY)
    assert (response is not None) is flare
    if response is not None:
        assert "bad spasm" in response.why and "(bent over)" in response.why


def test_the_baseline_is_the_median_of_the_last_7_days_else_the_assessment() -> None:
    plan = make_plan(CHRONIC)
    diary = [pain_day(TODAY - dt.timedelta(days=i), p) for i, p in enumerate([1, 2, 9], 1)]
    old = pain_day(TODAY - dt.timedelta(days=BASELINE_DAYS + 1), 10)
    assert baseline_pain([*diary, old], plan, TODAY) == 2
    assert baseline_pain([], plan, TODAY) == 4
    assert check_flare([pain_day(TODAY, 7)], plan, TODAY) is not None
    assert check_flare([pain_day(TODAY, 6)], plan, TODAY) is None


def test_no_pain_logged_today_is_no_flare() -> None:
    plan = make_plan(CHRONIC)
    assert check_flare(week_of_pain(1), plan, TODAY) is None


def test_a_flare_switches_today_and_tomorrow_to_the_relief_set_then_returns() -> None:
    plan = make_plan(CHRONIC)
    response = check_flare([*week_of_pain(2), pain_day(TODAY, 7)], plan, TODAY)
    assert response is not None
    dates = [TODAY + dt.timedelta(days=i) for i in range(FLARE_RELIEF_DAYS)]
    assert list(response.relief_dates) == dates
    assert response.returns_on == TODAY + dt.timedelta(days=FLARE_RELIEF_DAYS)
    new = response.plan
    for date in dates:
        day = new.day(date)
        assert day.kind is DayKind.RELIEF
        assert day.why == response.why
        kinds = {item.category for item in day.items()}
        assert Category.RELIEF in kinds and not kinds & {Category.STRENGTH, Category.STRETCH}
        assert {r.strategy for r in day.relief} >= {"Heat", "Positions of relief"}
        assert [b.minutes for b in day.walking] == [5, 5, 5]
    back = new.day(response.returns_on)
    assert back == plan.day(response.returns_on)
    unchanged = [d for d in new.days if d.date not in dates]
    assert unchanged == [d for d in plan.days if d.date not in dates]
    assert "7/10" in response.why and "5 points above" in response.why
    assert response.as_json()["returns_on"] == response.returns_on.isoformat()
    assert any("flare-up" in goal for goal in new.week(2).goals)


def test_a_flare_on_the_last_day_of_a_week_carries_into_the_next_and_survives_a_review() -> None:
    plan = make_plan(CHRONIC)
    last = at(6)
    response = check_flare([pain_day(last, 9)], plan, last)
    assert response is not None
    assert response.plan.day(last).kind is DayKind.RELIEF
    assert response.plan.day(at(7)).kind is DayKind.RELIEF
    reviewed = review_week(response.plan, 1, [], [], today=last)
    assert reviewed.plan.day(at(7)).kind is DayKind.RELIEF
    assert reviewed.plan.day(at(8)).kind is DayKind.PLAN


def test_a_flare_in_a_later_week_survives_the_review_of_an_earlier_one() -> None:
    plan = make_plan(CHRONIC)
    response = check_flare([pain_day(TODAY, 9)], plan, TODAY)
    assert response is not None
    reviewed = review_week(response.plan, 1, [], [], today=at(6))
    assert reviewed.plan.day(TODAY).kind is DayKind.RELIEF


def test_a_stopped_plan_has_no_flare_response() -> None:
    from dataclasses import replace

    from unknot.domain.plan.model import Stop
    from unknot.domain.triage import Level

    plan = make_plan(CHRONIC)
    stopped = replace(plan, stopped=Stop(START, Level.URGENT, ("U-FEVER",), "See a doctor.", ()))
    assert check_flare([pain_day(TODAY, 10)], stopped, TODAY) is None
