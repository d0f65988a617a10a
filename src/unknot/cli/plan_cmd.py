"""``unknot plan`` (the stored plan's week, or a plan made from a file for scripts) and
``unknot today`` (today's sessions, walks, posture breaks and relief)."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from unknot import DISCLAIMER
from unknot.cli._io import EXIT_NO_PLAN, JsonOption, print_json, read_json, stdout, warn
from unknot.cli.journey_cmd import (
    TodayOption,
    cli_errors,
    make_clock,
    open_database,
    parse_date,
    render_stop,
    require_profile,
)
from unknot.cli.render import render_triage
from unknot.domain.plan import Day, DayKind, NoPlan, Plan, Week
from unknot.domain.plan.model import long_date, short_date
from unknot.services.plans import DayStatus, DayView, day_view, preview_plan, require_active_plan
from unknot.services.unit_of_work import SqlUnitOfWork

KIND_LABEL = {DayKind.PLAN: "", DayKind.RELIEF: " — relief day", DayKind.STOPPED: " — stopped"}


def render_day(console: Console, day: Day, *, whys: bool = True) -> None:
    """One day: its sessions (each item with dose, time and why), walks, posture breaks and
    relief strategies."""
    console.print(
        Text(
            f"{long_date(day.date)}: day {day.number}, {day.phase} phase{KIND_LABEL[day.kind]}",
            style="bold",
        )
    )
    console.print(Text(day.why, style="dim"))
    for session in day.sessions:
        table = Table(title=f"{session.name} (about {session.minutes} min)", title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("Exercise")
        table.add_column("Dose")
        table.add_column("Min", justify="right")
        for n, item in enumerate(session.items, 1):
            table.add_row(str(n), item.name, item.dose.in_words(), str(item.estimated_minutes))
        console.print(table)
        if whys:
            for n, item in enumerate(session.items, 1):
                console.print(
                    Text.assemble((f"{n}. {item.name} ", "bold"), (f"[{item.exercise}]", "dim"))
                )
                console.print(Padding(Text(f"Why: {item.why}"), (0, 0, 0, 3)))
                console.print(Padding(Text(f"Dose: {item.dose_why}", style="dim"), (0, 0, 0, 3)))
    if day.walking:
        walks = " + ".join(f"{bout.minutes} min" for bout in day.walking)
        console.print(Text.assemble(("Walking: ", "bold"), walks))
        if whys:
            console.print(Text(day.walking[0].why, style="dim"))
    if day.posture_break_every_minutes is not None:
        console.print(
            Text.assemble(
                ("Posture breaks: ", "bold"),
                f"get up and move every {day.posture_break_every_minutes} minutes of sitting.",
            )
        )
    for relief in day.relief:
        console.print(Text.assemble((f"{relief.strategy}: ", "bold"), relief.why))
    if day.left_out:
        console.print(Text(f"Did not fit today: {', '.join(day.left_out)}.", style="dim"))


def render_week(console: Console, week: Week, plan: Plan) -> None:
    """A week at a glance (one row a day), then each exercise's why once."""
    label = " (a projection until the review before it)" if week.provisional else ""
    console.print(
        Text(
            f"Week {week.number}: {long_date(week.start)} to {long_date(week.end)}{label}",
            style="bold",
        )
    )
    for goal in week.goals:
        console.print(Text(f"• {goal}", style="dim"))
    table = Table(show_lines=True)
    table.add_column("Day")
    table.add_column("Phase")
    table.add_column("Exercises")
    table.add_column("Walks")
    table.add_column("Min", justify="right")
    for day in week.days:
        names = "\n".join(f"{item.name} ({item.dose.in_words()})" for item in day.items())
        if day.kind is DayKind.STOPPED:
            names = "stopped: see what to do instead"
        walks = " + ".join(str(bout.minutes) for bout in day.walking) or "-"
        kind = "" if day.kind is DayKind.PLAN else f"\n{day.kind}"
        strength = "\nstrength day" if day.strength_day else ""
        table.add_row(
            short_date(day.date),
            f"{day.phase}{kind}{strength}",
            names or "-",
            walks,
            str(day.total_minutes),
        )
    console.print(table)
    seen: dict[str, str] = {}
    for day in week.days:
        for item in day.items():
            seen.setdefault(item.name, f"{item.why} {item.dose_why}")
    if seen:
        console.print(Text("Why each exercise", style="bold"))
        for name, why in seen.items():
            console.print(Text.assemble((f"{name}: ", "bold"), why))


def render_plan(console: Console, plan: Plan, week: Week) -> None:
    console.print(Text(f"Phase: {plan.phase}. {plan.phase_why}", style="bold"))
    for note in plan.notes:
        console.print(Text(f"• {note}", style="dim"))
    console.print()
    render_week(console, week, plan)
    console.print()
    console.print(Text(DISCLAIMER, style="italic dim"))


def _week_for(plan: Plan, number: int | None, today: dt.date) -> Week:
    if number is not None:
        return plan.week(number)
    return plan.week_of(today) or (plan.weeks[0] if today < plan.generated_for else plan.weeks[-1])


def plan_command(
    answers: str | None = typer.Option(
        None,
        "--answers",
        "-a",
        help="Make a plan from answers in a file (unknot.assessment/v1), or - for stdin, "
        "without any stored profile; nothing is saved.",
    ),
    start: str | None = typer.Option(
        None,
        "--start",
        metavar="YYYY-MM-DD",
        help="With --answers: the plan's first day (default: today).",
    ),
    week: int | None = typer.Option(None, "--week", "-w", help="Show this week of the plan."),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Your plan: the week at a glance and why each exercise is in it.

    With --answers it makes a plan from a file without any stored profile, for scripts:
    `unknot plan --answers FILE --start YYYY-MM-DD --json` (exit 4 at emergency or urgent).
    """
    console = stdout()
    if answers is not None:
        with cli_errors(as_json, {"start": "--start", "today": "--today"}):
            first = parse_date(start, "--start") if start else None
            assessed = parse_date(today, "--today") if today else None
            data = read_json(answers)
            try:
                preview = preview_plan(
                    data, first or assessed or make_clock(None).today, today=assessed
                )
            except NoPlan as no_plan:
                if as_json:
                    print_json(no_plan.as_json())
                else:
                    render_triage(console, no_plan.triage)
                raise typer.Exit(EXIT_NO_PLAN) from None
        warn(preview.warnings)
        if as_json:
            print_json(preview.plan.as_json())
        else:
            render_plan(
                console, preview.plan, _week_for(preview.plan, week, preview.plan.generated_for)
            )
        return
    with cli_errors(as_json, {"week": "--week"}):
        clock = make_clock(today)
        with open_database() as (_, engine), SqlUnitOfWork(engine, read_only=True) as uow:
            person_id = require_profile(uow)
            plan = require_active_plan(uow, person_id).plan
        shown = _week_for(plan, week, clock.today)
    if as_json:
        print_json(plan.as_json())
    else:
        render_plan(console, plan, shown)
        if plan.stopped is not None:
            render_stop(console, plan.stopped, plan.safety_net)
    if plan.stopped is not None:
        raise typer.Exit(EXIT_NO_PLAN)


def render_today(console: Console, view: DayView) -> None:
    plan = view.plan
    if view.status is DayStatus.BEFORE_START:
        console.print(
            f"Your plan starts on {long_date(plan.generated_for)}. Until then, keep moving"
        )
        console.print("gently and walk a little each day.")
        return
    if view.status is DayStatus.AFTER_END or view.day is None:
        console.print(
            f"Your plan's weeks ended on {long_date(plan.end)}. Run [bold]unknot review[/] to "
            "review the last week and get the next one."
        )
        return
    render_day(console, view.day)
    logged = view.logged
    done = []
    if logged.sessions:
        done.append(f"{len(logged.sessions)} session(s)")
    if logged.pain:
        done.append(f"pain {logged.pain[-1].pain}/10")
    if logged.steps_count is not None:
        done.append(f"{logged.steps_count:,} steps")
    console.print()
    if done:
        console.print(Text("Logged today: " + ", ".join(done) + ".", style="green"))
    if view.day.sessions and not logged.sessions:
        console.print("Do today's session with [bold]unknot session[/] (it times each hold).")
    if not logged.pain:
        console.print("Log your pain with [bold]unknot log pain --pain N[/] (0-10).")


def today_command(today: str | None = TodayOption, as_json: bool = JsonOption) -> None:
    """Today's plan: sessions, walks, posture breaks and relief, and what you logged today."""
    with cli_errors(as_json):
        clock = make_clock(today)
        with open_database() as (_, engine), SqlUnitOfWork(engine, read_only=True) as uow:
            person_id = require_profile(uow)
            view = day_view(uow, person_id, clock.today)
    stopped = view.stopped
    if as_json:
        print_json(
            {
                "format": "unknot.today/v1",
                "date": clock.today.isoformat(),
                "status": str(view.status),
                "day": None if view.day is None else view.day.as_json(),
                "stopped": None
                if not stopped or view.plan.stopped is None
                else view.plan.stopped.as_json(),
                "logged": view.logged.model_dump(mode="json"),
            }
        )
    else:
        console = stdout()
        if stopped and view.plan.stopped is not None:
            render_stop(console, view.plan.stopped, view.plan.safety_net)
        else:
            render_today(console, view)
    if stopped:
        raise typer.Exit(EXIT_NO_PLAN)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
    app.command("today")(today_command)
