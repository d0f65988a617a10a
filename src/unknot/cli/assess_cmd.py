"""``unknot assess``: the interactive assessment in the terminal.

Red-flag questions come first; an emergency answer stops at once with what to do. At the end
the answers are saved as ``unknot.assessment/v1`` JSON to a file the person chooses, and the
triage result is shown with its reasons and safety net.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from unknot import DISCLAIMER
from unknot.cli._io import stdout
from unknot.cli.render import render_triage
from unknot.content.questionnaire import (
    Kind,
    Question,
    after_red_flags,
    early_stop,
    load_questionnaire,
    set_path,
    walk,
)
from unknot.domain.answers import FORMAT, parse_answers
from unknot.domain.triage import TriageResult, triage
from unknot.errors import InvalidInput

DEFAULT_OUTPUT = "unknot-answers.json"


def save_answers(data: dict[str, Any], path: Path) -> None:
    """Write the answers atomically: a crash leaves the old file or the new one, never half."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".unknot-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def free_path(path: Path) -> Path:
    """``path`` if nothing is there yet, else the first free ``name-2.json``, ``name-3.json``..."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _ask(console: Console, question: Question, number: int) -> Any:
    console.print()
    console.print(Text(f"{number}. {question.text}", style="bold"))
    if question.help:
        console.print(Text(question.help, style="dim"))
    if question.kind in (Kind.CHOICE, Kind.MULTI):
        for i, choice in enumerate(question.choices, 1):
            console.print(f"   [bold]{i}[/]  {choice.label}")
    hint = {
        Kind.YES_NO: "y/n",
        Kind.CHOICE: "number",
        Kind.MULTI: "numbers, separated by spaces",
        Kind.INTEGER: question.unit or "number",
        Kind.NUMBER: question.unit or "number",
    }[question.kind]
    if question.optional:
        hint += ", or Enter to skip"
    while True:
        reply = console.input(f"[cyan]> ({hint}) [/]")
        try:
            return question.parse(reply)
        except InvalidInput as error:
            console.print(f"[yellow]{error.message}[/]")


def _finish(
    console: Console, data: dict[str, Any], result: TriageResult, output: Path | None
) -> None:
    console.print()
    render_triage(console, result)
    if output is None:
        default = free_path(Path(DEFAULT_OUTPUT))
        if not result.plan_allowed:
            output = default  # no questions now: the person needs help, not a prompt
        else:
            reply = console.input(
                f"\nSave your answers to which file? [dim](Enter for {default})[/] "
            ).strip()
            output = Path(reply) if reply else default
    save_answers(data, output)
    console.print(f"\nYour answers were saved to [bold]{output}[/].")
    if result.plan_allowed:
        console.print(
            f"See them again with [bold]unknot triage --answers {output}[/]; "
            "learn more with [bold]unknot learn[/]."
        )


def assess_command(
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Where to save your answers (JSON). Without it, unknot asks at the end.",
        dir_okay=False,
    ),
) -> None:
    """Answer the assessment in the terminal: safety questions first, then your back.

    Covers your back, your day and your plan preferences, then shows your triage result and
    saves your answers.
    """
    console = stdout()
    console.print(
        Panel(
            Text.assemble(
                ("Welcome to unknot.\n\n", "bold"),
                "A few questions about your back, starting with safety checks. It takes about "
                "5 minutes. Answer as best you can; you can type the number of an option.\n\n",
                (DISCLAIMER, "italic"),
            ),
            title="Assessment",
            title_align="left",
        )
    )
    questionnaire = load_questionnaire()
    data: dict[str, Any] = {"format": FORMAT}
    current_section = None
    number = 0
    try:
        for section, question in walk(questionnaire, data):
            if section is not current_section:
                if current_section is not None and current_section.red_flags:
                    if not section.red_flags:
                        stop = after_red_flags(data)
                        if stop is not None:
                            _finish(console, data, stop, output)
                            return
                current_section = section
                console.print()
                console.rule(f"[bold]{section.title}")
                if section.intro:
                    console.print(Text(section.intro.strip(), style="dim"))
            number += 1
            set_path(data, question.field, _ask(console, question, number))
            stop = early_stop(data, section)
            if stop is not None:
                console.print()
                console.print(
                    Text(" Please stop here and get help now. ", style="bold white on red")
                )
                _finish(console, data, stop, output)
                return
    except (EOFError, KeyboardInterrupt):
        console.print("\n[yellow]Assessment stopped before the end; nothing was saved.[/]")
        raise typer.Exit(1) from None
    answers, _ = parse_answers(data)
    _finish(console, data, triage(answers), output)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_command)
