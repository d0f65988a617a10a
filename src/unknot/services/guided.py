"""A guided session: the plan's items as a script of timed steps, and the loop that runs it.

:func:`session_script` turns a session's items into steps: get ready, each set (and each side)
of work, a pause to change sides, and the rest between sets, each with its length in seconds.
:func:`run_guided` runs a script against a :class:`Clock` and a source of :class:`Keys`, both
passed in, so that a terminal, a test or a browser can drive it: ``p`` pauses and resumes,
``s`` skips the rest of the current exercise, ``q`` ends the session early. ``speed`` runs the
clock faster (``2.0``: twice as fast) for trying it out. What was done comes back as one
:class:`ItemOutcome` per item, ready to log (:meth:`RunResult.exercises_done`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from unknot.domain.plan import Item
from unknot.domain.plan.dosing import SECONDS_PER_REP
from unknot.domain.records import ExerciseDone
from unknot.domain.validation import parse
from unknot.errors import InvalidInput

READY_SECONDS = 5
"""[DESIGN] Seconds to read the steps and get into position before an exercise starts."""

SWITCH_SECONDS = 5
"""[DESIGN] Seconds to change sides in an exercise done on each side."""

TICK_SECONDS = 0.1
"""How often (in real seconds) the loop checks the keys and updates the display."""

DONE_WITHIN = 1e-6
"""A step with less than this many seconds left is over (floating-point sums of small sleeps
may never reach exactly zero)."""

MAX_SPEED = 10_000.0
"""The fastest the clock may run: a 20-minute session in a tenth of a second (for tests)."""


class StepKind(StrEnum):
    READY = "ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Key(StrEnum):
    """The keys a guided session reacts to."""

    PAUSE = "p"
    SKIP = "s"
    QUIT = "q"


@dataclass(frozen=True)
class Step:
    """One timed step of a guided session. ``item`` is the index of its item in the session."""

    kind: StepKind
    item: int
    exercise: str
    name: str
    seconds: int
    set_number: int
    sets: int
    side: Side | None = None
    reps: int | None = None
    seconds_per_rep: int | None = None

    def label(self) -> str:
        """What the step asks, in words: ``Hold — left side, set 2 of 3``."""
        side = f"{self.side} side, " if self.side is not None else ""
        of_sets = f"set {self.set_number} of {self.sets}"
        if self.kind is StepKind.READY:
            return f"Get ready: {self.name}"
        if self.kind is StepKind.SWITCH:
            return f"Change sides: now the {self.side} side"
        if self.kind is StepKind.REST:
            return f"Rest before set {self.set_number + 1} of {self.sets}"
        if self.reps is not None:
            return f"{self.reps} reps: {side}{of_sets}"
        return f"Hold: {side}{of_sets}"

    def rep_at(self, elapsed: float) -> int | None:
        """The repetition under way after ``elapsed`` seconds of this step (from 1)."""
        if self.reps is None or self.seconds_per_rep is None:
            return None
        return min(self.reps, int(max(elapsed, 0) // self.seconds_per_rep) + 1)


def _work_seconds(item: Item) -> tuple[int, int | None]:
    """Seconds of one set on one side, and seconds per repetition (for counted doses)."""
    dose = item.dose
    if dose.minutes is not None:
        return dose.minutes * 60, None
    if dose.reps is None:
        assert dose.hold_seconds is not None
        return dose.hold_seconds, None
    per_rep = dose.hold_seconds if dose.hold_seconds is not None else SECONDS_PER_REP
    return dose.reps * per_rep, per_rep


def _item_steps(index: int, item: Item) -> list[Step]:
    dose = item.dose
    work, per_rep = _work_seconds(item)
    sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if dose.per_side else (None,)
    base = Step(
        kind=StepKind.READY,
        item=index,
        exercise=item.exercise,
        name=item.name,
        seconds=READY_SECONDS,
        set_number=1,
        sets=dose.sets,
        side=sides[0],
    )
    steps = [base]
    for set_number in range(1, dose.sets + 1):
        for n, side in enumerate(sides):
            if n:
                steps.append(
                    replace(
                        base,
                        kind=StepKind.SWITCH,
                        seconds=SWITCH_SECONDS,
                        set_number=set_number,
                        side=side,
                    )
                )
            steps.append(
                replace(
                    base,
                    kind=StepKind.WORK,
                    seconds=work,
                    set_number=set_number,
                    side=side,
                    reps=dose.reps,
                    seconds_per_rep=per_rep,
                )
            )
        if set_number < dose.sets and dose.rest_seconds:
            steps.append(
                replace(
                    base,
                    kind=StepKind.REST,
                    seconds=dose.rest_seconds,
                    set_number=set_number,
                    side=None,
                )
            )
    return steps


def session_script(items: Sequence[Item]) -> list[Step]:
    """The steps of a session, in order: for each item, get ready, then each set on each side
    (changing sides between), resting ``rest_seconds`` between sets."""
    return [step for index, item in enumerate(items) for step in _item_steps(index, item)]


def script_seconds(script: Sequence[Step]) -> int:
    """How long a script takes at normal speed, in seconds."""
    return sum(step.seconds for step in script)


class Clock(Protocol):
    """Real time (``time.monotonic`` and ``time.sleep``) or a test's fake."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class Keys(Protocol):
    """Key presses, read without waiting: the key pressed since the last call, or ``None``."""

    def poll(self) -> str | None: ...


@dataclass(frozen=True)
class Tick:
    """The state shown while a step runs. ``remaining`` is in session seconds."""

    index: int
    step: Step
    remaining: float
    paused: bool

    @property
    def rep(self) -> int | None:
        return self.step.rep_at(self.step.seconds - self.remaining)


@dataclass(frozen=True)
class ItemOutcome:
    """What was done of one item: whole sets completed (every side), and whether it was skipped
    before any set was done."""

    item: Item
    sets_done: int
    skipped: bool

    def as_done(self) -> ExerciseDone:
        """The item as logged in a :class:`~unknot.domain.records.SessionLog`."""
        dose = self.item.dose
        done = self.sets_done > 0
        return parse(
            ExerciseDone,
            {
                "exercise_id": self.item.exercise,
                "sets_done": self.sets_done,
                "reps_done": dose.reps if done else None,
                "hold_seconds_done": dose.hold_seconds if done else None,
                "minutes_done": dose.minutes * self.sets_done if done and dose.minutes else None,
                "skipped": self.skipped,
            },
        )


@dataclass(frozen=True)
class RunResult:
    outcomes: tuple[ItemOutcome, ...]
    ended_early: bool
    """True when the session was ended with ``q`` before the last step."""

    def exercises_done(self) -> tuple[ExerciseDone, ...]:
        return tuple(outcome.as_done() for outcome in self.outcomes)


def _ignore(_: object) -> None:
    return None


def run_guided(
    items: Sequence[Item],
    clock: Clock,
    keys: Keys,
    *,
    speed: float = 1.0,
    on_step: Callable[[Step], None] = _ignore,
    on_tick: Callable[[Tick], None] = _ignore,
) -> RunResult:
    """Run the session of ``items`` step by step.

    ``on_step`` is called as each step begins (ring the bell there), ``on_tick`` about every
    :data:`TICK_SECONDS` while it runs. A skipped item's remaining steps are left out; after
    ``q`` nothing more runs.
    """
    if not 0 < speed <= MAX_SPEED:
        raise InvalidInput("speed", f"must be more than 0 and at most {MAX_SPEED:g}, got {speed}")
    script = session_script(items)
    work_done: dict[tuple[int, int], int] = {}
    skipped: set[int] = set()
    ended_early = False
    # Pausing belongs to the session, not to one step: a skip while paused stays paused, so the
    # next press of p resumes instead of pausing a step nobody has started.
    paused = False
    for index, step in enumerate(script):
        if step.item in skipped:
            continue
        on_step(step)
        remaining = float(step.seconds)
        last = clock.now()
        finished = True
        while remaining > DONE_WITHIN:
            key = keys.poll()
            if key == Key.QUIT:
                ended_early, finished = True, False
                break
            if key == Key.SKIP:
                skipped.add(step.item)
                finished = False
                break
            if key == Key.PAUSE:
                paused = not paused
            moment = clock.now()
            if not paused:
                remaining -= (moment - last) * speed
            last = moment
            on_tick(Tick(index, step, max(remaining, 0.0), paused))
            if remaining > DONE_WITHIN:
                clock.sleep(TICK_SECONDS if paused else min(TICK_SECONDS, remaining / speed))
        if ended_early:
            break
        if finished and step.kind is StepKind.WORK:
            key_ = (step.item, step.set_number)
            work_done[key_] = work_done.get(key_, 0) + 1
    outcomes = []
    for index, item in enumerate(items):
        sides = item.dose.sides
        sets_done = sum(
            1 for n in range(1, item.dose.sets + 1) if work_done.get((index, n), 0) >= sides
        )
        outcomes.append(ItemOutcome(item, sets_done, skipped=sets_done == 0))
    return RunResult(tuple(outcomes), ended_early)
