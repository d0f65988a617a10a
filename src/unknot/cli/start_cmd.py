"""``unknot start``: the assessment (asked here, or read from a file), triage, then the plan,
all saved to the local profile."""

from __future__ import annotations

from typing import Any, Final

import typer
from rich.console import Console
from rich.text import Text

from unknot.cli._io import EXIT_NO_PLAN, JsonOption, print_json, read_json, stdout, warn
from unknot.cli.journey_cmd import TodayOption, cli_errors, make_clock, open_database, parse_date
from unknot.cli.plan_cmd import render_day
from unknot.cli.render import render_triage
from unknot.domain.plan import NoPlan, Plan
from unknot.domain.plan.model import long_date
from unknot.services.profile import local_profile, start
from unknot.services.unit_of_work import SqlUnitOfWork
from unknot.settings import Settings

ANSWERS_FILE_NAME: Final = "assessment-answers.json"
"""Where ``unknot start`` keeps the answers of the interactive assessment, in the home."""


def render_plan_start(console: Console, plan: Plan) -> None:
    console.print()
    console.print(Text(f"Your plan starts on {long_date(plan.generated_for)}.", style="bold"))
    console.print(Text(f"Phase: {plan.phase}. {plan.phase_why}"))
    for note in plan.notes:
        console.print(Text(f"• {note}", style="dim"))
    console.print()
    render_day(console, plan.days[0])
    console.print(
        "\nSaved. Next: [bold]unknot today[/] for today's plan, [bold]unknot plan[/] for the "
        "week, [bold]unknot session[/] for a guided session."
    )


def interactive_answers(settings: Settings) -> Any:
    """Ask the assessment here (``unknot assess``'s questions) and return the answers; they are
    also kept in the home, which only its owner can read."""
    from unknot.adapters.db import ensure_private_directory
    from unknot.cli.assess_cmd import assess_command

    ensure_private_directory(settings.home)
    path = settings.home / ANSWERS_FILE_NAME
    assess_command(output=path)
    return read_json(str(path))


def start_command(
    answers: str | None = typer.Option(
        None,
        "--answers",
        "-a",
        help="Start from answers in a file (unknot.assessment/v1), or - for stdin, instead of "
        "answering the questions here.",
    ),
    start_on: str | None = typer.Option(
        None, "--start", metavar="YYYY-MM-DD", help="The plan's first day (default: today)."
    ),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Start (or start again): the assessment, triage, then your plan, all saved.

    Without --answers it asks the assessment's questions here (as `unknot assess` does). At an
    emergency or urgent triage level there is no plan: it shows what to do instead and exits 4.
    """
    console = stdout()
    with cli_errors(as_json, {"start": "--start", "today": "--today"}):
        clock = make_clock(today)
        first_day = parse_date(start_on, "--start") if start_on else None
        with open_database() as (settings, engine):
            data = read_json(answers) if answers is not None else interactive_answers(settings)
            with SqlUnitOfWork(engine) as uow:
                person_id = local_profile(uow, clock.now)
                started = start(
                    uow, person_id, data, today=clock.today, now=clock.now, start_on=first_day
                )
    warn(started.warnings)
    if started.plan is None:
        if as_json:
            print_json(NoPlan(started.triage).as_json())
        else:
            if answers is not None:
                render_triage(console, started.triage)
            console.print()
            console.print(
                Text(
                    " No exercise plan: please get the help above first. ",
                    style="bold white on red",
                )
            )
            if started.stopped_plan_id is not None:
                console.print("Your previous plan is stopped from today.")
            console.print(
                "Your answers are saved. Run `unknot start` again once you have been seen."
            )
        raise typer.Exit(EXIT_NO_PLAN)
    if as_json:
        print_json(started.plan.as_json())
        return
    if answers is not None:
        render_triage(console, started.triage)
    render_plan_start(console, started.plan)


def register(app: typer.Typer) -> None:
    app.command("start")(start_command)
