"""Four simulated weeks: an acute spasm, sessions and diary entries day by day, weekly reviews, a
flare-up and a new red flag. The plan must change sensibly, and say why each time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tests.unit.test_plan_library import START, make_plan
from unknot.content.library import load_library
from unknot.domain.plan import (
    ChangeKind,
    DayKind,
    Phase,
    Plan,
    check_flare,
    check_new_symptoms,
    parse_symptoms,
    restore_plan,
    review_week,
    stop_plan,
)
from unknot.domain.plan.library import Category
from unknot.domain.records import (
    DiaryDay,
    Effort,
    ExerciseDone,
    PainEntry,
    SessionLog,
    SpasmEpisode,
)
from unknot.domain.triage import Level

PERSON = {
    "age": 38,
    "episode": {"onset": "sudden", "trigger": "lifting", "duration_days": 0, "trend": "same"},
    "pain": {"now": 7},
    "lifestyle": {"sitting_hours_per_day": 8, "steps_per_day": 3000, "work": "desk"},
    "self_tests": {"forward_bend_reach": "knees", "plank_seconds": 15},
    "preferences": {"minutes_per_day": 40, "equipment": ["chair", "towel", "pillow"]},
}


def on(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


@dataclass
class Person:
    """Follows the plan and keeps a diary."""

    plan: Plan
    logs: list[SessionLog] = field(default_factory=list)
    days: dict[dt.date, DiaryDay] = field(default_factory=dict)

    def morning(self, offset: int, pain: int) -> None:
        date = on(offset)
        self.days[date] = DiaryDay(date=date, pain=(PainEntry(date=date, pain=pain),))

    def spasm(self, offset: int, severity: int) -> None:
        date = on(offset)
        moment = dt.datetime(date.year, date.month, date.day, 14, tzinfo=dt.UTC)
        episode = SpasmEpisode(
            date=date, started_at=moment, trigger="lifted a box", minutes=30, severity=severity
        )
        self.days[date] = self.days[date].model_copy(update={"spasms": (episode,)})

    def exercise(self, offset: int, before: int, after: int, effort: Effort) -> None:
        day = self.plan.day(on(offset))
        done = [ExerciseDone(exercise_id=i.exercise, sets_done=i.dose.sets) for i in day.items()]
        if day.walking:
            done.append(
                ExerciseDone(exercise_id="walking", sets_done=1, minutes_done=day.walking_minutes)
            )
        self.logs.append(
            SessionLog(
                date=day.date,
                exercises=tuple(done),
                pain_before=before,
                pain_after=after,
                effort=effort,
            )
        )

    def diary(self) -> list[DiaryDay]:
        return [self.days[d] for d in sorted(self.days)]


def test_four_weeks_of_sessions_diary_reviews_a_flare_and_a_red_flag() -> None:
    person = Person(make_plan(PERSON))
    plan = person.plan

    # Week 1: 48 hours of relief, then the step up; pain settles, sessions feel too easy.
    assert [d.phase for d in plan.week(1).days[:3]] == [
        Phase.ACUTE,
        Phase.ACUTE,
        Phase.SUBACUTE,
    ]
    for offset, pain in enumerate([7, 6, 5, 4, 4, 3, 3]):
        person.morning(offset, pain)
        person.exercise(offset, pain, pain, Effort.TOO_EASY)
    person.morning(7, 3)
    first = review_week(plan, 1, person.logs, person.diary(), today=on(6))
    kinds = {c.subject: c.kind for c in first.changes}
    assert kinds["walking"] is ChangeKind.WALKING
    progressed = [c for c in first.changes if c.kind is ChangeKind.PROGRESS]
    assert progressed, first.decisions
    assert all(c.why and "too easy" in c.why for c in progressed)
    week1 = {i.exercise: i.dose for d in plan.week(1).days[2:] for i in d.items()}
    week2 = {i.exercise: i.dose for d in first.next_week.days for i in d.items()}
    for change in progressed:
        before, after = week1[change.subject], week2[change.subject]
        assert (after.sets, after.reps or 0, after.hold_seconds or 0) > (
            before.sets,
            before.reps or 0,
            before.hold_seconds or 0,
        )
    assert first.next_week.progression.walking.minutes > plan.week(1).progression.walking.minutes
    person.plan = plan = first.plan

    # Week 2: a bad spasm on day 9 switches two days to relief; a hard session on day 11.
    for offset in range(7, 14):
        person.morning(offset, 3)
    person.spasm(9, 8)
    flare = check_flare(person.diary()[:10], plan, on(9))
    assert flare is not None and "bad spasm" in flare.why
    person.plan = plan = flare.plan
    assert [plan.day(on(o)).kind for o in (8, 9, 10, 11)] == [
        DayKind.PLAN,
        DayKind.RELIEF,
        DayKind.RELIEF,
        DayKind.PLAN,
    ]
    assert not {i.category for i in plan.day(on(9)).items()} & {
        Category.STRENGTH,
        Category.STRETCH,
    }
    for offset in range(7, 14):
        after = 6 if offset == 11 else 3
        person.exercise(offset, 3, after, Effort.ABOUT_RIGHT)
    person.morning(14, 3)
    second = review_week(plan, 2, person.logs, person.diary(), today=on(13))
    stepped_down = [c for c in second.changes if c.kind in (ChangeKind.REGRESS, ChangeKind.EASIER)]
    day11 = set(plan.day(on(11)).exercise_ids())
    assert stepped_down and {c.subject for c in stepped_down} <= day11
    assert all("6/10" in c.why for c in stepped_down)
    assert second.plan.day(on(9)).kind is DayKind.RELIEF  # the past stays as it was
    person.plan = plan = second.plan

    # Week 3: pain at 2 or less all week: on to prevention.
    for offset in range(14, 21):
        person.morning(offset, 2 if offset % 2 else 1)
        person.exercise(offset, 2, 2, Effort.ABOUT_RIGHT)
    person.morning(21, 1)
    third = review_week(plan, 3, person.logs, person.diary(), today=on(20))
    assert [(c.before, c.after) for c in third.changes if c.subject == "phase"] == [
        ("subacute", "prevention")
    ]
    assert {d.phase for d in third.next_week.days} == {Phase.PREVENTION}
    strength_days = [d for d in third.next_week.days if d.strength_day]
    assert len(strength_days) == 3
    person.plan = plan = third.plan

    # Week 4: saddle numbness reported in the diary: emergency, the plan stops at once.
    new, _ = parse_symptoms({"red_flags": {"saddle_numbness": True}})
    result = check_new_symptoms(plan.context.answers, new, on(24), assessed_on=START)
    assert result is not None and result.level is Level.EMERGENCY
    stopped = stop_plan(plan, result, on(24))
    assert stopped.stopped is not None
    assert [d.kind for d in stopped.week(4).days] == [DayKind.PLAN] * 3 + [DayKind.STOPPED] * 4
    assert all(d.total_minutes == 0 for d in stopped.days if d.date >= on(24))
    assert check_flare(person.diary(), stopped, on(25)) is None

    # The whole history survives storage as JSON.
    data = stopped.as_json()
    assert restore_plan(data, plan.context.answers, load_library()).as_json() == data
    for review in (first, second, third):
        assert all(c.why for c in review.decisions)
        assert review.as_json()["next_week"]["number"] == review.week_number + 1
