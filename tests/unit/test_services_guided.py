"""The guided session: the script of timed steps, and the loop run on a fake clock with scripted
keys (pause, skip, quit, speed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.domain.plan import Category, Dose, Item
from unknot.domain.records import ExerciseDone
from unknot.errors import InvalidInput
from unknot.services.guided import (
    READY_SECONDS,
    SWITCH_SECONDS,
    Key,
    Side,
    Step,
    StepKind,
    Tick,
    run_guided,
    script_seconds,
    session_script,
)


def item(exercise: str, dose: Dose, category: Category = Category.STRETCH) -> Item:
    return Item(
        exercise=exercise,
        name=exercise.replace("-", " "),
        category=category,
        dose=dose,
        estimated_minutes=1,
        why="because",
        dose_why="so",
    )


STRETCH = item("hamstring", Dose(sets=2, hold_seconds=20, per_side=True, rest_seconds=10))
REPS = item("bridge", Dose(sets=2, reps=5, hold_seconds=3, rest_seconds=30), Category.STRENGTH)
TIMED = item("rest", Dose(sets=1, minutes=2), Category.RELIEF)
PLAIN_REPS = item("tilt", Dose(sets=1, reps=4), Category.MOBILITY)


@dataclass
class FakeClock:
    """Time moves only when the loop sleeps."""

    time: float = 0.0
    slept: list[float] = field(default_factory=list)

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds


@dataclass
class ScriptedKeys:
    """Each key is pressed once, as soon as the clock reaches its time."""

    clock: FakeClock
    presses: list[tuple[float, str]]

    def poll(self) -> str | None:
        if self.presses and self.clock.time >= self.presses[0][0]:
            return self.presses.pop(0)[1]
        return None


def kinds(steps: list[Step]) -> list[tuple[StepKind, int, Side | None, int]]:
    return [(s.kind, s.set_number, s.side, s.seconds) for s in steps]


def test_a_stretch_on_each_side_alternates_sides_and_rests_between_sets() -> None:
    assert kinds(session_script([STRETCH])) == [
        (StepKind.READY, 1, Side.LEFT, READY_SECONDS),
        (StepKind.WORK, 1, Side.LEFT, 20),
        (StepKind.SWITCH, 1, Side.RIGHT, SWITCH_SECONDS),
        (StepKind.WORK, 1, Side.RIGHT, 20),
        (StepKind.REST, 1, None, 10),
        (StepKind.WORK, 2, Side.LEFT, 20),
        (StepKind.SWITCH, 2, Side.RIGHT, SWITCH_SECONDS),
        (StepKind.WORK, 2, Side.RIGHT, 20),
    ]


def test_repetitions_take_their_hold_each_and_count_up() -> None:
    script = session_script([REPS])
    work = [s for s in script if s.kind is StepKind.WORK]
    assert [(s.seconds, s.reps, s.seconds_per_rep) for s in work] == [(15, 5, 3), (15, 5, 3)]
    first = work[0]
    assert [first.rep_at(t) for t in (0, 2.9, 3, 14.9, 15)] == [1, 1, 2, 5, 5]
    assert first.label() == "5 reps: set 1 of 2"


@pytest.mark.parametrize(
    ("exercise", "work_seconds"),
    [(TIMED, 120), (PLAIN_REPS, 12)],
)
def test_timed_items_run_for_their_minutes_and_plain_reps_for_three_seconds_each(
    exercise: Item, work_seconds: int
) -> None:
    work = [s for s in session_script([exercise]) if s.kind is StepKind.WORK]
    assert [s.seconds for s in work] == [work_seconds]


def test_the_script_length_is_the_sum_of_its_steps() -> None:
    assert script_seconds(session_script([STRETCH, REPS])) == (
        5 + 20 + 5 + 20 + 10 + 20 + 5 + 20
    ) + (5 + 15 + 30 + 15)


def test_a_session_run_to_the_end_completes_every_set_and_rings_at_each_step() -> None:
    clock = FakeClock()
    started: list[Step] = []
    result = run_guided([STRETCH, REPS], clock, ScriptedKeys(clock, []), on_step=started.append)
    assert started == session_script([STRETCH, REPS])
    assert [(o.sets_done, o.skipped) for o in result.outcomes] == [(2, False), (2, False)]
    assert not result.ended_early
    assert clock.time == pytest.approx(script_seconds(started))


def test_speed_runs_the_clock_faster() -> None:
    clock = FakeClock()
    run_guided([STRETCH], clock, ScriptedKeys(clock, []), speed=10)
    assert clock.time == pytest.approx(script_seconds(session_script([STRETCH])) / 10)


@pytest.mark.parametrize("speed", [0, -1, 10_001])
def test_a_speed_out_of_range_is_invalid(speed: float) -> None:
    clock = FakeClock()
    with pytest.raises(InvalidInput) as error:
        run_guided([STRETCH], clock, ScriptedKeys(clock, []), speed=speed)
    assert error.value.field == "speed"


def test_pause_stops_the_countdown_until_pressed_again() -> None:
    clock = FakeClock()
    paused_ticks: list[Tick] = []
    keys = ScriptedKeys(clock, [(7.0, Key.PAUSE), (67.0, Key.PAUSE)])
    result = run_guided(
        [STRETCH], clock, keys, on_tick=lambda t: paused_ticks.append(t) if t.paused else None
    )
    total = script_seconds(session_script([STRETCH]))
    assert clock.time == pytest.approx(total + 60, abs=0.2)
    assert paused_ticks and len({round(t.remaining, 3) for t in paused_ticks}) == 1
    assert result.outcomes[0].sets_done == 2


def test_skip_leaves_out_the_rest_of_that_exercise_only() -> None:
    clock = FakeClock()
    # 26 s in: the left side of set 1 is done, the change of sides is under way.
    result = run_guided([STRETCH, REPS], clock, ScriptedKeys(clock, [(26.0, Key.SKIP)]))
    stretch, bridge = result.outcomes
    assert (stretch.sets_done, stretch.skipped) == (0, True)
    assert (bridge.sets_done, bridge.skipped) == (2, False)
    assert stretch.as_done() == ExerciseDone(exercise_id="hamstring", skipped=True)


def test_skipping_after_a_whole_set_keeps_that_set() -> None:
    clock = FakeClock()
    # Set 1 (both sides) ends at 50 s; the rest runs to 60 s.
    result = run_guided([STRETCH], clock, ScriptedKeys(clock, [(55.0, Key.SKIP)]))
    outcome = result.outcomes[0]
    assert (outcome.sets_done, outcome.skipped) == (1, False)
    assert outcome.as_done() == ExerciseDone(
        exercise_id="hamstring", sets_done=1, hold_seconds_done=20
    )


def test_quit_ends_the_session_and_nothing_after_it_counts() -> None:
    clock = FakeClock()
    started: list[Step] = []
    result = run_guided(
        [REPS, STRETCH], clock, ScriptedKeys(clock, [(22.0, Key.QUIT)]), on_step=started.append
    )
    assert result.ended_early
    assert [(o.sets_done, o.skipped) for o in result.outcomes] == [(1, False), (0, True)]
    assert all(step.exercise == "bridge" for step in started)


def test_a_timed_item_logs_its_minutes() -> None:
    clock = FakeClock()
    result = run_guided([TIMED], clock, ScriptedKeys(clock, []), speed=100)
    assert result.exercises_done() == (
        ExerciseDone(exercise_id="rest", sets_done=1, minutes_done=2),
    )


@settings(max_examples=60, deadline=None)
@given(
    presses=st.lists(
        st.tuples(st.floats(0, 400, allow_nan=False), st.sampled_from(["s", "q", "x"])),
        max_size=4,
    ),
    pauses=st.lists(
        st.tuples(st.floats(0, 400, allow_nan=False), st.floats(1, 60, allow_nan=False)),
        max_size=2,
    ),
    speed=st.sampled_from([1.0, 7.5, 100.0]),
)
def test_any_keys_leave_a_consistent_log(
    presses: list[tuple[float, str]], pauses: list[tuple[float, float]], speed: float
) -> None:
    clock = FakeClock()
    items = [STRETCH, REPS, TIMED]
    paired = [(t + dt, k) for t, length in pauses for dt, k in ((0, "p"), (length, "p"))]
    keys = ScriptedKeys(clock, sorted([*presses, *paired]))
    result = run_guided(items, clock, keys, speed=speed)
    for outcome in result.outcomes:
        assert 0 <= outcome.sets_done <= outcome.item.dose.sets
        assert outcome.skipped == (outcome.sets_done == 0)
        outcome.as_done()  # always a valid log entry
    if not {key for _, key in presses} & {"s", "q"}:
        assert [o.sets_done for o in result.outcomes] == [i.dose.sets for i in items]
    quits = [t for t, k in presses if k == "q"]
    if result.ended_early:
        assert min(quits) <= clock.time
    if not quits:
        assert not result.ended_early


def test_a_skip_while_paused_keeps_the_session_paused_until_p_is_pressed_again() -> None:
    clock = FakeClock()
    # pause at 5 s, skip the first exercise at 6 s while paused, resume at 20 s
    keys = ScriptedKeys(clock, [(5.0, "p"), (6.0, "s"), (20.0, "p")])
    result = run_guided([STRETCH, REPS], clock, keys)
    assert result.outcomes[0].skipped
    assert result.outcomes[1].sets_done == REPS.dose.sets
    assert not result.ended_early
