"""``unknot log ...`` (the diary: pain, spasms, steps, sitting, sleep, walks, new symptoms and
questionnaire scores) and ``unknot import steps FILE``.

Values are read as typed and checked here, so that a wrong one exits 3 naming the option and
what is allowed (``--pain: must be a whole number from 0 to 10, got 11``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
from rich.text import Text

from unknot.adapters.steps_import import StepFormat, read_steps
from unknot.cli._io import EXIT_NO_PLAN, JsonOption, print_json, read_json, stdout, warn
from unknot.cli.journey_cmd import (
    Clock,
    TodayOption,
    cli_errors,
    make_clock,
    open_database,
    parse_date,
    render_stop,
    require_profile,
)
from unknot.cli.render import render_triage
from unknot.content.questionnaire import Questionnaire, load_questionnaire, set_path, walk
from unknot.domain.plan import FlareResponse, NewSymptoms
from unknot.domain.records import (
    HOURS_PER_DAY,
    MAX_EXERCISE_MINUTES,
    MAX_SPASM_MINUTES,
    MAX_STEPS_PER_DAY,
    PAIN_MAX,
    PAIN_MIN,
    TRIGGER_MAX_LENGTH,
    Effort,
)
from unknot.domain.triage import Level
from unknot.domain.triage.advice import SAFETY_NET
from unknot.domain.validation import parse
from unknot.errors import InvalidInput
from unknot.services.diary import (
    Logged,
    current_answers,
    log_pain,
    log_sitting,
    log_sleep,
    log_spasm,
    log_steps,
    report_symptoms,
    triage_with_symptoms,
)
from unknot.services.plans import NoPlanYet
from unknot.services.profile import local_profile
from unknot.services.scores import record_score
from unknot.services.sessions import log_session, walk_done
from unknot.services.steps import store_imported_steps
from unknot.services.unit_of_work import SqlUnitOfWork

log_app = typer.Typer(
    help="Keep your diary: pain, spasms, steps, sitting, sleep, walks, new symptoms, scores.",
    no_args_is_help=True,
)
import_app = typer.Typer(help="Import data from other apps.", no_args_is_help=True)

DateOption = typer.Option(
    None, "--date", metavar="YYYY-MM-DD", help="The day it is for (default: today)."
)

SYMPTOM_BLOCKS = ("red_flags", "legs")
"""The assessment blocks a diary's new symptoms use (:class:`NewSymptoms`)."""


def whole(option: str, text: str, low: int, high: int, unit: str = "") -> int:
    """A whole number typed for ``option``, from ``low`` to ``high``; else :class:`InvalidInput`
    naming the option and the range."""
    allowed = f"a whole number from {low} to {high}{unit}"
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(option, f"must be {allowed}, got {text!r}") from None
    if not low <= value <= high:
        raise InvalidInput(option, f"must be {allowed}, got {value}")
    return value


def number(option: str, text: str, low: float, high: float, unit: str = "") -> float:
    """A number typed for ``option``, from ``low`` to ``high``; else :class:`InvalidInput`."""
    allowed = f"a number from {low:g} to {high:g}{unit}"
    try:
        value = float(text.strip())
    except ValueError:
        raise InvalidInput(option, f"must be {allowed}, got {text!r}") from None
    if not low <= value <= high:
        raise InvalidInput(option, f"must be {allowed}, got {value:g}")
    return value


def pain_score(option: str, text: str) -> int:
    return whole(option, text, PAIN_MIN, PAIN_MAX, " (0 = none, 10 = worst possible)")


def effort_of(text: str, option: str = "--effort") -> Effort:
    choices = {str(e): e for e in Effort}
    aliases = {"1": Effort.TOO_EASY, "2": Effort.ABOUT_RIGHT, "3": Effort.TOO_HARD}
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    found = choices.get(key) or aliases.get(key)
    if found is None:
        raise InvalidInput(
            option, f"must be too_easy, about_right or too_hard (or 1, 2, 3), got {text!r}"
        )
    return found


def _day(date: str | None, clock: Clock) -> dt.date:
    return parse_date(date, "--date") if date else clock.today


def render_flare(console: Console, flare: FlareResponse) -> None:
    day = flare.plan.day(flare.date)
    strategies = "\n".join(f"• {r.strategy}: {r.why}" for r in day.relief)
    console.print(
        Panel(
            Text(f"{flare.why}\n\n{strategies}"),
            title="Flare-up: the relief set for today and tomorrow",
            title_align="left",
            border_style="yellow",
        )
    )


def _saved(console: Console, what: str, logged: Logged | None = None) -> None:
    console.print(f"Saved: {what}.")
    if logged is not None and logged.flare is not None:
        render_flare(console, logged.flare)


def _json_logged(kind: str, logged: Logged) -> dict[str, Any]:
    return {
        "saved": kind,
        "id": logged.entry_id,
        "flare": None if logged.flare is None else logged.flare.as_json(),
    }


@log_app.command("pain")
def pain_command(
    pain: str = typer.Option(..., "--pain", "-p", help="Pain now, 0 (none) to 10 (worst)."),
    stiffness: str | None = typer.Option(None, "--stiffness", help="Stiffness now, 0 to 10."),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log your pain (and stiffness) now. A sudden rise switches to the relief set."""
    with cli_errors(as_json, {"pain": "--pain", "stiffness": "--stiffness", "date": "--date"}):
        clock = make_clock(today)
        value = pain_score("--pain", pain)
        stiff = pain_score("--stiffness", stiffness) if stiffness is not None else None
        day = _day(date, clock)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            logged = log_pain(
                uow,
                person_id,
                pain=value,
                stiffness=stiff,
                date=day,
                today=clock.today,
                now=clock.now,
            )
    if as_json:
        print_json(_json_logged("pain", logged))
    else:
        _saved(stdout(), f"pain {value}/10 on {day.isoformat()}", logged)


@log_app.command("spasm")
def spasm_command(
    severity: str = typer.Option(..., "--severity", "-s", help="How bad, 0 to 10."),
    minutes: str = typer.Option(..., "--minutes", "-m", help="How long it lasted, in minutes."),
    trigger: str = typer.Option("", "--trigger", "-t", help="What set it off, if you know."),
    at: str | None = typer.Option(
        None, "--at", metavar="HH:MM", help="When it began (default: now)."
    ),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log a spasm: how bad, how long, when and what set it off. A bad one (7/10 or more)
    switches to the relief set for today and tomorrow."""
    options = {
        "severity": "--severity",
        "minutes": "--minutes",
        "trigger": "--trigger",
        "started_at": "--at",
        "date": "--date",
    }
    with cli_errors(as_json, options):
        clock = make_clock(today)
        how_bad = whole("--severity", severity, PAIN_MIN, PAIN_MAX, " (0 = none, 10 = worst)")
        how_long = whole("--minutes", minutes, 1, MAX_SPASM_MINUTES, " minutes")
        if len(trigger) > TRIGGER_MAX_LENGTH:
            raise InvalidInput("--trigger", f"must be at most {TRIGGER_MAX_LENGTH} characters")
        day = _day(date, clock)
        began = clock.now if date is None else dt.datetime.combine(day, clock.now.timetz())
        if at is not None:
            try:
                moment = dt.time.fromisoformat(at.strip())
            except ValueError:
                raise InvalidInput("--at", f"must be a time written HH:MM, got {at!r}") from None
            began = dt.datetime.combine(day, moment).astimezone()
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            logged = log_spasm(
                uow,
                person_id,
                severity=how_bad,
                minutes=how_long,
                started_at=began,
                trigger=trigger,
                date=day,
                today=clock.today,
                now=clock.now,
            )
    if as_json:
        print_json(_json_logged("spasm", logged))
    else:
        _saved(stdout(), f"a spasm of {how_bad}/10 for {how_long} minutes", logged)


@log_app.command("steps")
def steps_command(
    steps: str = typer.Option(..., "--steps", help="Steps that day."),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log a day's steps (a second entry for the same day replaces the first)."""
    with cli_errors(as_json, {"date": "--date"}):
        clock = make_clock(today)
        count = whole("--steps", steps, 0, MAX_STEPS_PER_DAY)
        day = _day(date, clock)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            outcome = log_steps(uow, person_id, steps=count, date=day, today=clock.today)
    if as_json:
        print_json({"saved": "steps", **outcome._asdict()})
    else:
        replaced = " (replacing the earlier count)" if outcome.updated else ""
        stdout().print(f"Saved: {count:,} steps on {day.isoformat()}{replaced}.")


@log_app.command("sitting")
def sitting_command(
    hours: str = typer.Option(..., "--hours", help="Hours spent sitting that day, 0 to 24."),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log the hours you sat on a day."""
    with cli_errors(as_json, {"hours": "--hours", "date": "--date"}):
        clock = make_clock(today)
        value = number("--hours", hours, 0, HOURS_PER_DAY, " hours")
        day = _day(date, clock)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            logged = log_sitting(uow, person_id, hours=value, date=day, today=clock.today)
    if as_json:
        print_json(_json_logged("sitting", logged))
    else:
        _saved(stdout(), f"{value:g} hours sitting on {day.isoformat()}")


@log_app.command("sleep")
def sleep_command(
    hours: str = typer.Option(..., "--hours", help="Hours slept, 0 to 24."),
    quality: str | None = typer.Option(
        None, "--quality", help="How well you slept, 0 (very poorly) to 10 (very well)."
    ),
    woken_by_pain: bool = typer.Option(
        False, "--woken-by-pain", help="The pain woke you in the night."
    ),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log last night's sleep (the night that ended on the date)."""
    with cli_errors(as_json, {"hours": "--hours", "quality": "--quality", "date": "--date"}):
        clock = make_clock(today)
        value = number("--hours", hours, 0, HOURS_PER_DAY, " hours")
        how_well = whole("--quality", quality, PAIN_MIN, PAIN_MAX) if quality else None
        day = _day(date, clock)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            logged = log_sleep(
                uow,
                person_id,
                hours=value,
                quality=how_well,
                woken_by_pain=woken_by_pain,
                date=day,
                today=clock.today,
            )
    if as_json:
        print_json(_json_logged("sleep", logged))
    else:
        _saved(stdout(), f"{value:g} hours of sleep on the night to {day.isoformat()}")


@log_app.command("walk")
def walk_command(
    minutes: str = typer.Option(..., "--minutes", "-m", help="Minutes walked."),
    pain_before: str = typer.Option(..., "--pain-before", help="Pain before the walk, 0-10."),
    pain_after: str = typer.Option(..., "--pain-after", help="Pain after the walk, 0-10."),
    effort: str = typer.Option(
        "about_right", "--effort", help="too_easy, about_right or too_hard."
    ),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Log a walk (the weekly review builds walks up from what you log)."""
    with cli_errors(as_json, {"date": "--date"}):
        clock = make_clock(today)
        walked = whole("--minutes", minutes, 1, MAX_EXERCISE_MINUTES, " minutes")
        before = pain_score("--pain-before", pain_before)
        after = pain_score("--pain-after", pain_after)
        felt = effort_of(effort)
        day = _day(date, clock)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            logged = log_session(
                uow,
                person_id,
                {
                    "date": day,
                    "exercises": (walk_done(walked),),
                    "pain_before": before,
                    "pain_after": after,
                    "effort": felt,
                },
                today=clock.today,
            )
    if as_json:
        print_json({"saved": "walk", "id": logged.log_id, "plan_day": logged.plan_day})
    else:
        stdout().print(f"Saved: a {walked}-minute walk on {day.isoformat()}.")


def symptom_questions() -> Questionnaire:
    """The assessment's red-flag questions that a diary can report anew (``red_flags`` and
    ``legs``)."""
    questionnaire = load_questionnaire()
    sections = []
    for section in questionnaire.sections:
        if not section.red_flags:
            continue
        questions = [q for q in section.questions if q.field.split(".")[0] in SYMPTOM_BLOCKS]
        if questions:
            sections.append(section.model_copy(update={"questions": questions}))
    return Questionnaire(sections=sections)


def ask_symptoms(console: Console, check: Any) -> dict[str, Any]:
    """Ask the red-flag questions in the terminal; stop at once on an emergency answer.
    ``check(data)`` gives the triage level with the answers so far."""
    from unknot.cli.assess_cmd import _ask as ask_question

    data: dict[str, Any] = {}
    console.print(
        "Answer about anything [bold]new[/] since your assessment. Type y or n, or the number "
        "of an option."
    )
    for number_, (_, question) in enumerate(walk(symptom_questions(), data), 1):
        set_path(data, question.field, ask_question(console, question, number_))
        if check(data) is Level.EMERGENCY:
            break
    return data


@contextmanager
def safety_net_first(console: Console) -> Iterator[None]:
    """Without an assessment to add symptoms to, still say when to get help."""
    try:
        yield
    except NoPlanYet:
        console.print(Text("When to get help now", style="bold red"))
        for line in SAFETY_NET:
            console.print(Text(f"• {line}"))
        raise


@log_app.command("symptoms")
def symptoms_command(
    answers: str | None = typer.Option(
        None,
        "--answers",
        "-a",
        help='New symptoms as JSON (the assessment\'s "red_flags" and "legs" blocks), or - for '
        "stdin; without it the questions are asked here.",
    ),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Report new symptoms: triage runs again at once, and a warning sign stops the plan and
    says what to do instead (exit 4)."""
    console = stdout()
    with cli_errors(as_json, {"today": "--today"}), safety_net_first(console):
        clock = make_clock(today)
        with open_database() as (_, engine):
            if answers is not None:
                data = read_json(answers)
            else:  # asked outside any transaction: a person may take their time
                with SqlUnitOfWork(engine, read_only=True) as uow:
                    current = current_answers(uow, require_profile(uow), clock.today)

                def level(partial: dict[str, Any]) -> Level | None:
                    symptoms = parse(NewSymptoms, partial)
                    result = triage_with_symptoms(current, symptoms, clock.today)
                    return None if result is None else result.level

                try:
                    data = ask_symptoms(console, level)
                except (EOFError, KeyboardInterrupt):
                    console.print("\n[yellow]Stopped before the end; nothing was saved.[/]")
                    raise typer.Exit(1) from None
            with SqlUnitOfWork(engine) as uow:
                person_id = local_profile(uow, clock.now)
                report = report_symptoms(uow, person_id, data, today=clock.today, now=clock.now)
    warn(report.warnings)
    result = report.triage
    if as_json:
        print_json(
            {
                "format": "unknot.symptoms/v1",
                "reported": result is not None,
                "triage": None if result is None else result.as_json(),
                "plan_stopped": report.stopped_plan is not None,
                "stopped": None
                if report.stopped_plan is None or report.stopped_plan.stopped is None
                else report.stopped_plan.stopped.as_json(),
            }
        )
    elif result is None:
        console.print("No new symptoms reported; nothing changes. Saved nothing.")
    else:
        render_triage(console, result)
        if report.stopped_plan is not None and report.stopped_plan.stopped is not None:
            render_stop(console, report.stopped_plan.stopped, report.stopped_plan.safety_net)
        console.print("Saved.")
    if result is not None and not result.plan_allowed:
        raise typer.Exit(EXIT_NO_PLAN)


@log_app.command("score")
def score_command(
    instrument: str = typer.Argument(..., help="rmdq, odi, psfs, nrs, startback, ..."),
    answers: str = typer.Option(
        ..., "--answers", "-a", help="The questionnaire's answers as JSON, or - for stdin."
    ),
    date: str | None = DateOption,
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Keep a questionnaire score (e.g. Roland-Morris) so that progress can show the change."""
    with cli_errors(as_json, {"taken_on": "--date", "instrument": "INSTRUMENT"}):
        clock = make_clock(today)
        day = _day(date, clock)
        data = read_json(answers)
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            kept = record_score(uow, person_id, instrument, data, taken_on=day, today=clock.today)
    if as_json:
        print_json({"saved": "score", "id": kept.score_id, **kept.record.model_dump(mode="json")})
    else:
        headline = "" if kept.record.score is None else f" {kept.record.score:g}"
        stdout().print(
            f"Saved: {instrument}{headline} on {day.isoformat()}. "
            "See the change over time with [bold]unknot progress[/]."
        )


@import_app.command("steps")
def import_steps_command(
    file: Path = typer.Argument(
        ..., help="A CSV (date,steps), an Apple Health export.xml or .zip, or Google Fit data."
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="csv, apple-health or google-fit (default: detected)."
    ),
    today: str | None = TodayOption,
    as_json: bool = JsonOption,
) -> None:
    """Import daily steps from a file. Days already kept are replaced, never added to; a bad
    file imports nothing and names the line."""
    console = stdout()
    with cli_errors(as_json, {"today": "--today"}):
        clock = make_clock(today)
        step_format: StepFormat | None = None
        if fmt is not None:
            try:
                step_format = StepFormat(fmt)
            except ValueError:
                allowed = ", ".join(str(f) for f in StepFormat)
                raise InvalidInput("--format", f"must be one of {allowed}, got {fmt!r}") from None
        with Progress(
            TextColumn("Reading {task.description}"),
            BarColumn(),
            DownloadColumn(),
            console=console,
            transient=True,
            disable=as_json,
        ) as progress:
            task = progress.add_task(file.name, total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = read_steps(file, step_format, progress=advance)  # before any transaction
        with open_database() as (_, engine), SqlUnitOfWork(engine) as uow:
            person_id = local_profile(uow, clock.now)
            imported = store_imported_steps(uow, person_id, result)
    if as_json:
        print_json(
            {
                "format": str(imported.format),
                "sources": list(imported.sources),
                "added": imported.added,
                "updated": imported.updated,
                "unchanged": imported.unchanged,
                "first_day": None if imported.first_day is None else imported.first_day.isoformat(),
                "last_day": None if imported.last_day is None else imported.last_day.isoformat(),
            }
        )
        return
    span = ""
    if imported.first_day is not None and imported.last_day is not None:
        span = f" from {imported.first_day.isoformat()} to {imported.last_day.isoformat()}"
    console.print(
        f"Imported {imported.format} steps{span}: {imported.added} days added, "
        f"{imported.updated} updated, {imported.unchanged} unchanged "
        f"(sources: {', '.join(imported.sources) or 'none'})."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
    app.add_typer(import_app, name="import")
