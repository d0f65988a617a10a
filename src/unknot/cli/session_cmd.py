"""``unknot session``: today's session, guided in the terminal, then logged.

Each exercise's steps are shown, then a live countdown runs for every hold, set of repetitions,
side and rest, with a bell (``\\a``) at each change. Keys (read without waiting, no Enter
needed): ``p`` pause or resume, ``s`` skip the rest of this exercise, ``q`` end the session.
``--speed`` runs the clock faster for trying it out. Afterwards: pain after, how hard it felt,
any walk, and the log is saved (pain before is asked first).

The timer itself is :func:`unknot.services.guided.run_guided`, driven here by the real clock and
the keyboard; tests drive it with a fake clock and scripted keys.
"""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final, TypeVar

import typer
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from unknot.cli._io import EXIT_NO_PLAN, JsonOption, print_json, stdout
from unknot.cli.journey_cmd import (
    TodayOption,
    cli_errors,
    make_clock,
    open_database,
    render_stop,
    require_profile,
)
from unknot.cli.log_cmd import effort_of, pain_score, whole
from unknot.content.exercises import get_exercise
from unknot.domain.plan import Item
from unknot.domain.plan.model import long_date
from unknot.domain.records import MAX_EXERCISE_MINUTES, Effort, ExerciseDone
from unknot.errors import InvalidInput
from unknot.services.guided import (
    MAX_SPEED,
    RunResult,
    Step,
    StepKind,
    Tick,
    run_guided,
    script_seconds,
    session_script,
)
from unknot.services.plans import DayStatus, day_view
from unknot.services.sessions import log_session, walk_done
from unknot.services.unit_of_work import SqlUnitOfWork

FAST_SPEED: Final = 20.0
"""``--fast``: the clock runs 20 times faster (a 10-minute session in 30 seconds)."""

BELL: Final = "\a"

BAR_WIDTH: Final = 40
"""Characters of the bar that fills as a step runs."""

T = TypeVar("T")


class RealClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class NoKeys:
    """When standard input is not a terminal: no keys (the session runs to the end)."""

    def poll(self) -> str | None:
        return None


class TerminalKeys:
    """Single key presses from the terminal, read without waiting for Enter."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def poll(self) -> str | None:
        ready, _, _ = select.select([self._fd], [], [], 0)
        if not ready:
            return None
        data = os.read(self._fd, 1)
        return data.decode(errors="ignore").lower() or None


@contextmanager
def keyboard() -> Iterator[TerminalKeys | NoKeys]:
    """Key presses while the session runs; the terminal is put back as it was afterwards."""
    if not sys.stdin.isatty():
        yield NoKeys()
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield TerminalKeys(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _clock_text(seconds: float) -> str:
    whole_seconds = int(seconds + 0.999)
    return f"{whole_seconds // 60}:{whole_seconds % 60:02d}"


def step_view(tick: Tick, items: list[Item], total: int) -> Panel:
    """The live panel: exercise, what to do now, the countdown and a progress bar."""
    step = tick.step
    item = items[step.item]
    lines: list[RenderableType] = [
        Text(step.label(), style="bold cyan" if step.kind is StepKind.WORK else "bold")
    ]
    if tick.rep is not None and step.reps is not None:
        lines.append(Text(f"Rep {tick.rep} of {step.reps}"))
    countdown = "PAUSED" if tick.paused else _clock_text(tick.remaining)
    lines.append(Text(countdown, style="bold reverse" if tick.paused else "bold"))
    filled = round(BAR_WIDTH * (step.seconds - tick.remaining) / max(step.seconds, 1))
    lines.append(Text("█" * filled + "░" * (BAR_WIDTH - filled), style="cyan"))
    lines.append(Text("p pause · s skip this exercise · q end the session", style="dim"))
    return Panel(
        Group(*lines),
        title=f"{item.name} ({item.dose.in_words()}): exercise {step.item + 1} of {total}",
        title_align="left",
    )


def show_steps(console: Console, item: Item) -> None:
    """An exercise's steps, before its countdown begins."""
    exercise = get_exercise(item.exercise)
    console.print()
    console.rule(f"[bold]{item.name}[/] ({item.dose.in_words()})")
    for n, line in enumerate(exercise.steps, 1):
        console.print(f"  {n}. {line}")
    console.print(Text(f"  Careful: {exercise.cautions[0]}", style="dim"))


def run_in_terminal(console: Console, items: list[Item], speed: float) -> RunResult:
    """Run the guided session: live countdowns on a terminal, a line per step otherwise."""
    total = len(items)

    def begin(step: Step) -> None:
        if step.kind is StepKind.READY:
            show_steps(console, items[step.item])
        console.file.write(BELL)
        console.file.flush()

    with keyboard() as keys:
        if not console.is_terminal:

            def line(step: Step) -> None:
                begin(step)
                console.print(f"  {step.label()} ({step.seconds} s)")

            return run_guided(items, RealClock(), keys, speed=speed, on_step=line)
        with Live(console=console, auto_refresh=False, transient=True) as live:

            def tick(state: Tick) -> None:
                live.update(step_view(state, items, total), refresh=True)

            def begin_live(step: Step) -> None:
                live.console.print()  # keeps the steps above the live panel
                begin(step)

            return run_guided(
                items, RealClock(), keys, speed=speed, on_step=begin_live, on_tick=tick
            )


def ask(console: Console, prompt: str, parse: Callable[[str], T]) -> T:
    """Ask until the reply parses; the error says what is allowed."""
    while True:
        reply = console.input(f"[cyan]{prompt}[/] ")
        try:
            return parse(reply)
        except InvalidInput as error:
            console.print(f"[yellow]{error.message}[/]")


def _pain(reply: str) -> int:
    return pain_score("pain", reply)


def _effort(reply: str) -> Effort:
    return effort_of(reply, "effort")


def _walked(reply: str) -> int:
    return whole("walked", reply.strip() or "0", 0, MAX_EXERCISE_MINUTES, " minutes")


def summary(console: Console, result: RunResult) -> None:
    console.print()
    console.print(Text("What you did", style="bold"))
    for outcome in result.outcomes:
        sets = outcome.item.dose.sets
        if outcome.skipped:
            state = "skipped"
        elif outcome.sets_done == sets:
            state = f"all {sets} sets"
        else:
            state = f"{outcome.sets_done} of {sets} sets"
        console.print(f"  • {outcome.item.name}: {state}")


def session_command(
    speed: float = typer.Option(
        1.0, "--speed", help=f"Run the clock this many times faster (up to {MAX_SPEED:g})."
    ),
    fast: bool = typer.Option(
        False, "--fast", help=f"Try it out quickly: the clock runs {FAST_SPEED:g} times faster."
    ),
    no_timer: bool = typer.Option(
        False, "--no-timer", help="Only log a session done without the timer (all of it)."
    ),
    pain_before: str | None = typer.Option(
        None, "--pain-before", help="Pain before the session, 0-10 (asked if not given)."
    ),
    pain_after: str | None = typer.Option(
        None, "--pain-after", help="Pain after the session, 0-10 (asked if not given)."
    ),
    effort: str | None = typer.Option(
        None, "--effort", help="too_easy, about_right or too_hard (asked if not given)."
    ),
    walked: str | None = typer.Option(
        None, "--walked", metavar="MINUTES", help="Minutes walked today, to log with it."
    ),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Today's session, guided with timers, then logged.

    Each exercise's steps, a live countdown for holds, reps, sides and rests with a bell at each
    change; keys: p pause, s skip this exercise, q end. Then pain after, effort and walks.
    """
    console = stdout()
    options = {"pain_before": "--pain-before", "pain_after": "--pain-after", "effort": "--effort"}
    with cli_errors(as_json, options):
        clock = make_clock(today)
        factor = FAST_SPEED if fast else speed
        if not 0 < factor <= MAX_SPEED:
            raise InvalidInput("--speed", f"must be more than 0 and at most {MAX_SPEED:g}")
        before = pain_score("--pain-before", pain_before) if pain_before is not None else None
        after = pain_score("--pain-after", pain_after) if pain_after is not None else None
        felt = effort_of(effort) if effort is not None else None
        walk = None
        if walked is not None:
            walk = whole("--walked", walked, 0, MAX_EXERCISE_MINUTES, " minutes")
        with open_database() as (_, engine):
            with SqlUnitOfWork(engine, read_only=True) as uow:
                person_id = require_profile(uow)
                view = day_view(uow, person_id, clock.today)
            if view.stopped and view.plan.stopped is not None:
                render_stop(console, view.plan.stopped, view.plan.safety_net)
                raise typer.Exit(EXIT_NO_PLAN)
            if view.status is not DayStatus.IN_PLAN or view.day is None:
                console.print(
                    f"No session is planned on {long_date(clock.today)}: see `unknot today`."
                )
                return
            items = view.day.items()
            if not items:
                console.print(
                    "No exercise session today: walking and relief only (`unknot today`)."
                )
                return
            minutes = round(script_seconds(session_script(items)) / 60)
            console.print(
                Text(f"Today's session: {len(items)} exercises, about {minutes} min.", style="bold")
            )
            try:
                if before is None:
                    before = ask(console, "Pain now, before you start (0-10)?", _pain)
                if no_timer:
                    done: tuple[ExerciseDone, ...] = tuple(
                        ExerciseDone(exercise_id=i.exercise, sets_done=i.dose.sets) for i in items
                    )
                    ended_early = False
                else:
                    result = run_in_terminal(console, items, factor)
                    summary(console, result)
                    done, ended_early = result.exercises_done(), result.ended_early
                if after is None:
                    after = ask(console, "Pain now, after the session (0-10)?", _pain)
                if felt is None:
                    felt = ask(
                        console, "How did it feel? 1 too easy, 2 about right, 3 too hard:", _effort
                    )
                if walk is None:
                    walk = ask(console, "Minutes walked today (Enter for none)?", _walked)
            except (EOFError, KeyboardInterrupt):
                console.print("\n[yellow]Session stopped; nothing was saved.[/]")
                raise typer.Exit(1) from None
            exercises = (*done, walk_done(walk)) if walk else done
            with SqlUnitOfWork(engine) as uow:
                logged = log_session(
                    uow,
                    person_id,
                    {
                        "date": clock.today,
                        "started_at": clock.now,
                        "exercises": exercises,
                        "pain_before": before,
                        "pain_after": after,
                        "effort": felt,
                        "notes": "ended early" if ended_early else "",
                    },
                    today=clock.today,
                )
    if as_json:
        print_json(
            {
                "saved": "session",
                "id": logged.log_id,
                "plan_day": logged.plan_day,
                "exercises": [e.model_dump(mode="json") for e in exercises],
            }
        )
        return
    console.print("Saved.")
    if after is not None and after > 5:
        console.print(
            "Pain above 5/10 after exercise is more than the pain rule allows: the weekly "
            "review will ease the load. If it is worse tomorrow morning, do less until it "
            "settles, and log that morning's pain."
        )


def register(app: typer.Typer) -> None:
    app.command("session")(session_command)
