"""The weekly review: the pain-monitoring rule at its exact boundaries, dose steps, easier and
harder variants, pauses, walking, phase moves, and the next week's plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_plan_library import START, make_plan
from unknot.content.library import load_library
from unknot.domain.plan import (
    ChangeKind,
    Dose,
    Plan,
    Progression,
    Review,
    Verdict,
    restore_plan,
    review_week,
)
from unknot.domain.plan.dosing import progress_dose, regress_dose
from unknot.domain.plan.generator import assemble, build_weeks
from unknot.domain.plan.phase import Phase
from unknot.domain.plan.redflags import stop_plan
from unknot.domain.plan.review import (
    PAIN_ACCEPTABLE_MAX,
    PREVENTION_MIN_DAYS_LOGGED,
    judge,
)
from unknot.domain.records import DiaryDay, Effort, ExerciseDone, PainEntry, SessionLog
from unknot.domain.triage import triage
from unknot.errors import InvalidInput

CHRONIC: dict[str, Any] = {
    "episode": {"duration_days": 200},
    "preferences": {"minutes_per_day": 60, "equipment": ["chair", "towel"]},
}
STRENGTH_DAYS = (0, 2, 4)  # offsets of week 1's strength days in a chronic plan
WEEK_END = START + dt.timedelta(days=6)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def plan_with(doses: dict[str, Dose] | None = None, extra: dict[str, Any] | None = None) -> Plan:
    plan = make_plan(extra or CHRONIC)
    if not doses:
        return plan
    progression = replace(plan.week(1).progression, doses=doses)
    return assemble(plan.context, START, build_weeks(plan.context, START, 1, progression, 4))


def session(
    plan: Plan,
    offset: int,
    before: int,
    after: int,
    effort: str = "about_right",
    *,
    short: set[str] | None = None,
    walked: int | None = None,
) -> SessionLog:
    """A log of everything planned on ``day(offset)``, in full unless named in ``short``."""
    planned = plan.day(day(offset))
    done = [
        ExerciseDone(
            exercise_id=item.exercise,
            sets_done=item.dose.sets - (1 if item.exercise in (short or set()) else 0),
        )
        for item in planned.items()
    ]
    minutes = planned.walking_minutes if walked is None else walked
    if minutes:
        done.append(ExerciseDone(exercise_id="walking", sets_done=1, minutes_done=minutes))
    return SessionLog(
        date=day(offset),
        exercises=tuple(done),
        pain_before=before,
        pain_after=after,
        effort=Effort(effort),
    )


def diary(pains: dict[int, int]) -> list[DiaryDay]:
    return [
        DiaryDay(date=day(offset), pain=(PainEntry(date=day(offset), pain=pain),))
        for offset, pain in sorted(pains.items())
    ]


def steady(pain: int = 3) -> dict[int, int]:
    return dict.fromkeys(range(8), pain)


def review(plan: Plan, logs: list[SessionLog], pains: dict[int, int] | None = None) -> Review:
    return review_week(plan, 1, logs, diary(steady() if pains is None else pains), today=WEEK_END)


def decision(result: Review, subject: str) -> Any:
    found = [d for d in result.decisions if d.subject == subject]
    assert len(found) == 1, (subject, [d.subject for d in result.decisions])
    return found[0]


# ---- the rule for one session --------------------------------------------------------------

# (pain before, pain after, next morning, verdict)
JUDGED = [
    (3, PAIN_ACCEPTABLE_MAX, 3, Verdict.SETTLED),
    (3, PAIN_ACCEPTABLE_MAX + 1, 3, Verdict.TOO_MUCH_DURING),
    (3, PAIN_ACCEPTABLE_MAX + 1, 5, Verdict.TOO_MUCH_DURING),
    (3, 4, 4, Verdict.WORSE_NEXT_MORNING),
    (3, 4, 3, Verdict.SETTLED),
    (3, 2, 2, Verdict.SETTLED),
    (0, 0, 1, Verdict.WORSE_NEXT_MORNING),
    (3, 4, None, Verdict.NEXT_MORNING_NOT_LOGGED),
]


@pytest.mark.parametrize(("before", "after", "morning", "verdict"), JUDGED)
def test_pain_up_to_5_is_acceptable_if_the_next_morning_is_not_worse(
    before: int, after: int, morning: int | None, verdict: Verdict
) -> None:
    log = SessionLog(date=START, pain_before=before, pain_after=after, effort=Effort.ABOUT_RIGHT)
    pains = {} if morning is None else {day(1): morning}
    response = judge(log, pains)
    assert response.verdict is verdict
    assert response.next_morning == morning
    assert response.why


# ---- exercise decisions --------------------------------------------------------------------


def test_too_easy_twice_with_pain_settled_steps_up_within_the_limits() -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, "too_easy") for o in STRENGTH_DAYS[:2]]
    result = review(plan, logs)
    change = decision(result, "bird-dog")
    bird_dog = plan.context.library.get("bird-dog")
    stepped = progress_dose(bird_dog.category, bird_dog.dose)
    assert stepped is not None
    assert change.kind is ChangeKind.PROGRESS
    assert (change.before, change.after) == (bird_dog.dose.in_words(), stepped.in_words())
    assert "too easy" in change.why and "Mon 3 Mar" in change.why
    next_items = {i.exercise: i for d in result.next_week.days for i in d.items()}
    assert next_items["bird-dog"].dose == stepped
    assert "weekly review set this dose" in next_items["bird-dog"].dose_why


@pytest.mark.parametrize(
    ("after", "kind"),
    [(PAIN_ACCEPTABLE_MAX, ChangeKind.PROGRESS), (PAIN_ACCEPTABLE_MAX + 1, ChangeKind.REGRESS)],
)
def test_pain_5_still_progresses_but_pain_6_steps_down(after: int, kind: ChangeKind) -> None:
    plan = plan_with()
    logs = [
        session(plan, 0, 3, 3, "too_easy"),
        session(plan, 2, 3, 3, "too_easy"),
        session(plan, 4, 3, after, "too_easy"),
    ]
    change = decision(review(plan, logs), "side-plank-knees")
    assert change.kind is kind
    if kind is ChangeKind.REGRESS:
        spec = plan.context.library.get("side-plank-knees")
        lower = regress_dose(spec.category, spec.dose)
        assert lower is not None and change.after == lower.in_words()
        assert f"{after}/10" in change.why


@pytest.mark.parametrize(
    ("next_morning", "kind"), [(3, ChangeKind.PROGRESS), (4, ChangeKind.REGRESS)]
)
def test_a_next_morning_worse_than_before_the_session_steps_down(
    next_morning: int, kind: ChangeKind
) -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 4, "too_easy") for o in STRENGTH_DAYS[:2]]
    pains = steady() | {3: next_morning}
    change = decision(review(plan, logs, pains), "curl-up")
    assert change.kind is kind
    if kind is ChangeKind.REGRESS:
        assert "worse than the 3/10" in change.why


@pytest.mark.parametrize(
    ("logs_spec", "reason"),
    [
        ([(0, "too_easy")], "about right"),
        ([(0, "too_easy"), (2, "about_right")], "about right"),
        ([(0, "about_right"), (2, "about_right"), (4, "about_right")], "about right"),
    ],
)
def test_fewer_than_two_too_easy_sessions_hold_the_dose(
    logs_spec: list[tuple[int, str]], reason: str
) -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, effort) for o, effort in logs_spec]
    change = decision(review(plan, logs), "bird-dog")
    assert change.kind is ChangeKind.HOLD
    assert reason in change.why


def test_too_easy_but_not_all_sets_done_holds_the_dose() -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, "too_easy", short={"bird-dog"}) for o in STRENGTH_DAYS[:2]]
    assert decision(review(plan, logs), "bird-dog").kind is ChangeKind.HOLD


def test_too_easy_without_next_morning_pain_holds_and_asks_for_it() -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, "too_easy") for o in STRENGTH_DAYS[:2]]
    change = decision(review(plan, logs, {0: 3, 2: 3}), "bird-dog")
    assert change.kind is ChangeKind.HOLD
    assert "not always logged" in change.why


def test_an_exercise_not_logged_keeps_its_dose() -> None:
    plan = plan_with()
    change = decision(review(plan, [session(plan, 1, 3, 3)]), "bird-dog")
    assert change.kind is ChangeKind.HOLD
    assert "not logged" in change.why


def test_too_hard_switches_to_the_easier_variant() -> None:
    plan = plan_with()
    result = review(plan, [session(plan, 0, 3, 4, "too_hard")])
    change = decision(result, "bird-dog")
    assert change.kind is ChangeKind.EASIER
    assert change.after == "Four-point arm reach"
    next_items = [i for d in result.next_week.days for i in d.items()]
    swapped = [i for i in next_items if i.exercise == "four-point-arm-reach"]
    assert swapped and all(i.variant_of == "bird-dog" for i in swapped)
    assert "bird-dog" not in {i.exercise for i in next_items}
    assert "switched this to Four-point arm reach" in swapped[0].why


def test_too_hard_without_an_easier_variant_steps_the_dose_down() -> None:
    plan = plan_with()
    change = decision(review(plan, [session(plan, 0, 3, 4, "too_hard")]), "curl-up")
    spec = plan.context.library.get("curl-up")
    # curl-up's easier variant (abdominal brace) is there, so it switches; side-plank-knees has none
    assert change.kind is ChangeKind.EASIER and spec.easier == "abdominal-brace"
    plank = decision(review(plan, [session(plan, 0, 3, 4, "too_hard")]), "side-plank-knees")
    lower = regress_dose(spec.category, plan.context.library.get("side-plank-knees").dose)
    assert plank.kind is ChangeKind.REGRESS and lower is not None
    assert plank.after == lower.in_words()


def test_at_the_top_of_its_range_too_easy_moves_on_to_the_harder_variant() -> None:
    top = Dose(sets=3, reps=12, hold_seconds=10, per_side=True, rest_seconds=30)
    plan = plan_with({"side-plank-knees": top})
    logs = [session(plan, o, 3, 3, "too_easy") for o in STRENGTH_DAYS[:2]]
    result = review(plan, logs)
    change = decision(result, "side-plank-knees")
    assert change.kind is ChangeKind.HARDER
    assert change.after == "Side plank"
    next_ids = {i.exercise for d in result.next_week.days for i in d.items()}
    assert "side-plank" in next_ids and "side-plank-knees" not in next_ids


def test_at_its_gentlest_pain_switches_to_easier_and_without_one_pauses_then_resumes() -> None:
    gentlest = {
        "bird-dog": Dose(sets=2, reps=3, hold_seconds=3, per_side=True, rest_seconds=30),
        "side-plank-knees": Dose(sets=2, reps=3, hold_seconds=3, per_side=True, rest_seconds=30),
    }
    plan = plan_with(gentlest)
    result = review(plan, [session(plan, 0, 3, 7)])
    assert decision(result, "bird-dog").kind is ChangeKind.EASIER
    paused = decision(result, "side-plank-knees")
    assert paused.kind is ChangeKind.PAUSE and "paused for a week" in paused.why
    week2 = {i.exercise for d in result.next_week.days for i in d.items()}
    assert "side-plank-knees" not in week2
    later = review_week(result.plan, 2, [], [], today=WEEK_END + dt.timedelta(days=7))
    resumed = decision(later, "side-plank-knees")
    assert resumed.kind is ChangeKind.RESUME
    week3 = {i.exercise for d in later.next_week.days for i in d.items()}
    assert "side-plank-knees" in week3


def test_pain_over_5_steps_every_exercise_of_that_session_down() -> None:
    plan = plan_with()
    result = review(plan, [session(plan, 0, 3, 6)])
    for ex_id in ("cat-cow", "knee-to-chest", "bird-dog", "side-plank-knees", "curl-up"):
        assert decision(result, ex_id).kind in (ChangeKind.REGRESS, ChangeKind.EASIER), ex_id


# ---- walking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("walked_per_day", "kind", "after"),
    [
        (16, ChangeKind.WALKING, "2 walks of 12 minutes a day"),  # 112/140 = 80%
        (15, ChangeKind.HOLD, "2 walks of 10 minutes a day"),  # 105/140 = 75%
        (10, ChangeKind.HOLD, "2 walks of 10 minutes a day"),  # 70/140 = 50%
        (9, ChangeKind.WALKING, "2 walks of 5 minutes a day"),  # 63/140 = 45%: restart
        (0, ChangeKind.HOLD, "2 walks of 10 minutes a day"),
    ],
)
def test_walks_grow_at_80_percent_of_the_planned_minutes(
    walked_per_day: int, kind: ChangeKind, after: str
) -> None:
    plan = plan_with()
    assert plan.week(1).progression.walking.in_words() == "2 walks of 10 minutes a day"
    logs = [session(plan, o, 3, 3, walked=walked_per_day) for o in range(7)]
    change = decision(review(plan, logs), "walking")
    assert (change.kind, change.after) == (kind, after)


def test_walking_restarts_from_what_was_managed_when_under_half_was_walked() -> None:
    plan = plan_with(extra={**CHRONIC, "lifestyle": {"steps_per_day": 9000}})
    assert plan.week(1).progression.walking.minutes == 15
    logs = [session(plan, o, 3, 3, walked=14) for o in range(7)]  # 98/210 = 47%
    change = decision(review(plan, logs), "walking")
    assert change.kind is ChangeKind.WALKING
    assert change.after == "2 walks of 7 minutes a day"
    assert "restart from what you managed" in change.why


def test_a_walk_that_hurt_steps_walking_back() -> None:
    plan = plan_with()
    logs = [session(plan, 0, 3, 6, walked=20)]
    change = decision(review(plan, logs), "walking")
    assert change.kind is ChangeKind.WALKING
    assert change.after == "2 walks of 8 minutes a day"


def test_no_walks_logged_keeps_walking_and_asks_for_logs() -> None:
    plan = plan_with()
    change = decision(review(plan, [session(plan, 0, 3, 3, walked=0)]), "walking")
    assert change.kind is ChangeKind.HOLD and "log your walks" in change.why


# ---- phase ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pains", "moves"),
    [
        (dict.fromkeys(range(PREVENTION_MIN_DAYS_LOGGED), 2), True),
        (dict.fromkeys(range(PREVENTION_MIN_DAYS_LOGGED - 1), 2), False),
        (dict.fromkeys(range(7), 2) | {3: 3}, False),
        (dict.fromkeys(range(7), 0), True),
    ],
)
def test_pain_of_2_or_less_for_a_week_moves_the_plan_to_prevention(
    pains: dict[int, int], moves: bool
) -> None:
    plan = plan_with()
    result = review(plan, [], pains)
    phase_changes = [d for d in result.decisions if d.subject == "phase"]
    if moves:
        assert [d.after for d in phase_changes] == ["prevention"]
        assert {d.phase for d in result.next_week.days} == {Phase.PREVENTION}
        assert {d.phase for d in result.plan.week(4).days} == {Phase.PREVENTION}
    else:
        assert phase_changes == []
        assert {d.phase for d in result.next_week.days} == {Phase.CHRONIC}


@pytest.mark.parametrize(("duration", "reported"), [(78, True), (77, False), (79, False)])
def test_a_calendar_phase_change_at_the_week_boundary_is_reported_with_its_reason(
    duration: int, reported: bool
) -> None:
    plan = make_plan({"episode": {"duration_days": duration}})
    result = review_week(plan, 1, [], [], today=WEEK_END)
    changes = [d for d in result.decisions if d.subject == "phase"]
    if reported:
        assert [(c.before, c.after) for c in changes] == [("subacute", "chronic")]
        assert "more than 12" in changes[0].why
    else:
        assert changes == []


# ---- the review itself ---------------------------------------------------------------------------


def test_a_week_cannot_be_reviewed_before_it_ends() -> None:
    plan = plan_with()
    with pytest.raises(InvalidInput) as raised:
        review_week(plan, 1, [], [], today=WEEK_END - dt.timedelta(days=1))
    assert raised.value.field == "today"
    review_week(plan, 1, [], [], today=WEEK_END)


def test_a_stopped_plan_cannot_be_reviewed() -> None:
    plan = plan_with()
    answers = plan.context.answers.model_copy(
        update={"red_flags": plan.context.answers.red.model_copy(update={"fever": True})}
    )
    stopped = stop_plan(plan, triage(answers), day(3))
    with pytest.raises(InvalidInput, match="stopped"):
        review_week(stopped, 1, [], [], today=WEEK_END)


def test_the_review_keeps_past_weeks_and_rebuilds_the_next_one() -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, "too_easy", walked=20) for o in range(7)]
    result = review(plan, logs)
    assert result.plan.week(1) == plan.week(1)
    assert result.next_week.provisional is False
    assert [w.provisional for w in result.plan.weeks] == [False, False, True, True]
    assert result.next_week.progression.walking.minutes == 12
    assert result.plan.week(3).progression.walking.minutes == 14
    assert result.changes and all(c.why for c in result.decisions)
    data = result.as_json()
    assert data["format"] == "unknot.review/v1"
    assert data["week"] == 1 and data["next_week"]["number"] == 2
    assert len(data["sessions"]) == 7
    assert {c["kind"] for c in data["changes"]} >= {"progress", "walking"}
    assert "Silbernagel" in data["rule"]


def test_reviewing_the_last_week_adds_a_fifth() -> None:
    plan = plan_with()
    for number in range(1, 5):
        plan = review_week(plan, number, [], [], today=START + dt.timedelta(days=7 * number)).plan
    assert [w.number for w in plan.weeks] == [1, 2, 3, 4, 5]
    assert len(plan.days) == 35


def test_session_logs_in_the_diary_are_read_once() -> None:
    plan = plan_with()
    logs = [session(plan, o, 3, 3, "too_easy") for o in STRENGTH_DAYS[:2]]
    days = diary(steady())
    with_sessions = [
        d.model_copy(update={"sessions": tuple(x for x in logs if x.date == d.date)}) for d in days
    ]
    only_diary = review_week(plan, 1, [], with_sessions, today=WEEK_END)
    both = review_week(plan, 1, logs, with_sessions, today=WEEK_END)
    assert decision(only_diary, "bird-dog").kind is ChangeKind.PROGRESS
    assert len(both.sessions) == len(only_diary.sessions) == 2


def test_progression_json_round_trips() -> None:
    plan = plan_with({"bird-dog": Dose(sets=2, reps=8, hold_seconds=8, per_side=True)})
    progression = plan.week(1).progression
    assert Progression.from_json(progression.as_json()) == progression


def test_sessions_on_relief_set_days_are_shown_but_step_nothing_down() -> None:
    plan = make_plan(
        {
            "episode": {"duration_days": 0},
            "preferences": {"minutes_per_day": 40},
            "pain": {"now": 7},
        }
    )
    acute_day = session(plan, 0, 7, 7, walked=15)
    result = review_week(plan, 1, [acute_day], diary(steady(7)), today=WEEK_END)
    assert [(s.verdict, s.counts) for s in result.sessions] == [(Verdict.TOO_MUCH_DURING, False)]
    assert "step back" not in decision(result, "walking").why  # only adherence counts
    assert not [c for c in result.changes if c.kind in (ChangeKind.REGRESS, ChangeKind.EASIER)]
    later_day = session(plan, 2, 4, 7)
    counted = review_week(plan, 1, [later_day], diary(steady(4)), today=WEEK_END)
    assert [s.counts for s in counted.sessions] == [True]
    assert any(c.kind is ChangeKind.REGRESS for c in counted.changes)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),
            st.integers(0, 10),
            st.integers(0, 10),
            st.sampled_from(list(Effort)),
            st.integers(0, 40),
        ),
        max_size=10,
    ),
    st.dictionaries(st.integers(0, 7), st.integers(0, 10)),
    st.integers(10, 90),
)
def test_any_week_of_logs_gives_a_next_week_within_the_rules(
    sessions: list[tuple[int, int, int, Effort, int]],
    pains: dict[int, int],
    budget: int,
) -> None:
    plan = plan_with(extra={**CHRONIC, "preferences": {"minutes_per_day": budget}})
    logs = [session(plan, o, b, a, str(e), walked=w) for o, b, a, e, w in sessions]
    result = review(plan, logs, pains)
    assert all(d.why for d in result.decisions)
    for week in result.plan.weeks[1:]:
        for d in week.days:
            assert d.total_minutes <= budget
            for item in d.items():
                if item.category.value == "stretch":
                    assert item.dose.hold_seconds is not None
                    assert 15 <= item.dose.hold_seconds <= 30 and 2 <= item.dose.sets <= 4
    assert restore_plan(result.plan.as_json(), plan.context.answers, load_library()).as_json() == (
        result.plan.as_json()
    )
