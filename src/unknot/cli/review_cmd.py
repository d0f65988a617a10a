"""``unknot review``: the weekly review with its explanations, saved with next week's plan."""

from __future__ import annotations

import datetime as dt
from typing import Final

import typer
from rich.console import Console
from rich.table import Table
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
from unknot.cli.plan_cmd import render_week
from unknot.domain.plan.model import long_date
from unknot.domain.plan.review import RULE
from unknot.services.plans import require_active_plan
from unknot.services.review import ReviewReport, run_reviews
from unknot.services.unit_of_work import SqlUnitOfWork

REVIEWS_FORMAT: Final = "unknot.reviews/v1"
"""``unknot review --json``: the reviews made (each ``unknot.review/v1``) and the next date."""


def render_review(console: Console, report: ReviewReport, today: dt.date) -> None:
    if not report.reviews:
        console.print(
            f"No weekly review is due yet: the next one is on {long_date(report.next_due)}, "
            "the morning after the week ends (log that morning's pain first)."
        )
        return
    for done in report.reviews:
        review = done.review
        week = review.plan.week(review.week_number)
        console.rule(
            f"[bold]Week {review.week_number} review: {long_date(week.start)} to "
            f"{long_date(week.end)}"
        )
        console.print(Text(RULE, style="dim"))
        if review.sessions:
            table = Table(title="Sessions by the pain rule", title_justify="left")
            for column in ("Date", "Pain before", "After", "Next morning", "Effort", "Verdict"):
                table.add_column(column)
            for s in review.sessions:
                verdict = str(s.verdict).replace("_", " ")
                table.add_row(
                    s.date.isoformat(),
                    str(s.pain_before),
                    str(s.pain_after),
                    "-" if s.next_morning is None else str(s.next_morning),
                    str(s.effort).replace("_", " "),
                    verdict if s.counts else f"{verdict} (relief day: not counted)",
                )
            console.print(table)
        else:
            console.print("No sessions were logged this week.")
        if review.changes:
            console.print(Text("What changes, and why", style="bold"))
            for change in review.changes:
                console.print(Text.assemble((f"• {change.kind}: ", "bold"), change.why))
        if review.kept:
            console.print(Text("What stays the same", style="bold"))
            for change in review.kept:
                console.print(Text(f"• {change.why}", style="dim"))
        console.print()
        render_week(console, review.next_week, review.plan)
    console.print(f"\nSaved. The next review is due on {long_date(report.next_due)}.")


def review_command(today: str | None = TodayOption, as_json: bool = JsonOption) -> None:
    """The weekly review: what changes in your plan, and why.

    Each session is judged by the pain rule; the review and next week's plan are saved. A plan
    stopped by a warning sign is not reviewed: it shows what to do instead and exits 4.
    """
    with cli_errors(as_json):
        clock = make_clock(today)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = require_profile(uow)
            plan = require_active_plan(uow, person_id).plan
            if plan.stopped is None:
                report = run_reviews(uow, person_id, today=clock.today, now=clock.now)
    if plan.stopped is not None:
        if as_json:
            print_json({"format": REVIEWS_FORMAT, "stopped": plan.stopped.as_json()})
        else:
            render_stop(stdout(), plan.stopped, plan.safety_net)
        raise typer.Exit(EXIT_NO_PLAN)
    if as_json:
        print_json(
            {
                "format": REVIEWS_FORMAT,
                "reviews": [done.review.as_json() for done in report.reviews],
                "next_due": report.next_due.isoformat(),
            }
        )
        return
    render_review(stdout(), report, clock.today)


def register(app: typer.Typer) -> None:
    app.command("review")(review_command)
