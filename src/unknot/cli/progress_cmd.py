"""``unknot progress``: pain, disability scores, steps and sessions as charts in the terminal
(and an SVG file with ``--svg``), with what the changes mean."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.text import Text

from unknot.cli._io import JsonOption, print_json, stderr, stdout
from unknot.cli.charts import svg_progress, terminal_chart
from unknot.cli.journey_cmd import (
    TodayOption,
    cli_errors,
    make_clock,
    open_database,
    require_profile,
)
from unknot.cli.log_cmd import whole
from unknot.services.progress import DEFAULT_DAYS, ProgressReport, progress_report
from unknot.services.unit_of_work import SqlUnitOfWork

MAX_DAYS = 366
"""The longest look back: a year."""


def render_progress(report: ProgressReport) -> None:
    console = stdout()
    console.print(
        Text(
            f"Your progress from {report.start.isoformat()} to {report.end.isoformat()}",
            style="bold",
        )
    )
    for series in (report.pain, report.steps, report.sessions, *report.scores):
        console.print()
        for line in terminal_chart(series):
            console.print(Text(line))
    if not report.scores:
        console.print(
            "\nNo questionnaire scores yet. Keep one with, for example, "
            "[bold]unknot log score rmdq --answers rmdq.json[/] to see your disability score "
            "change."
        )
    console.print()
    console.print(Text("What this means", style="bold"))
    if not report.meanings:
        console.print("Log pain and sessions for a week or two to see how things change.")
    for meaning in report.meanings:
        console.print(Text(f"• {meaning.text}"))


def progress_command(
    days: str = typer.Option(
        str(DEFAULT_DAYS), "--days", help=f"How many days to look back (1-{MAX_DAYS})."
    ),
    svg: Path | None = typer.Option(
        None, "--svg", dir_okay=False, help="Also write the charts to this SVG file."
    ),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Charts of your pain, disability scores, steps and sessions, and what they mean.

    For example: "your disability score improved by 6 points, a change most people notice".
    """
    with cli_errors(as_json):
        clock = make_clock(today)
        span = whole("--days", days, 1, MAX_DAYS, " days")
        with open_database() as (_, engine), SqlUnitOfWork(engine, read_only=True) as uow:
            person_id = require_profile(uow)
            report = progress_report(uow, person_id, today=clock.today, days=span)
    if svg is not None:
        svg.write_text(svg_progress(report), encoding="utf-8")
        stderr().print(f"Wrote the charts to {svg}.")
    if as_json:
        print_json(report.as_json())
    else:
        render_progress(report)


def register(app: typer.Typer) -> None:
    app.command("progress")(progress_command)
