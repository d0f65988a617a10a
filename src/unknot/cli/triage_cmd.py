"""``unknot triage``: triage a file of assessment answers."""

from __future__ import annotations

import typer

from unknot.cli._io import JsonOption, fail_invalid, print_json, read_json, stdout, warn
from unknot.cli.render import render_triage
from unknot.domain.answers import parse_answers
from unknot.domain.triage import triage
from unknot.errors import InvalidInput


def triage_command(
    answers: str = typer.Option(
        ...,
        "--answers",
        "-a",
        help="Assessment answers (format unknot.assessment/v1) as a JSON file, or - for stdin.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Triage assessment answers: red flags first, then the level, what to do, and why."""
    try:
        parsed, warnings = parse_answers(read_json(answers))
    except InvalidInput as error:
        fail_invalid(error, as_json)
    warn(warnings)
    result = triage(parsed)
    if as_json:
        print_json(result.as_json())
    else:
        render_triage(stdout(), result)


def register(app: typer.Typer) -> None:
    app.command("triage")(triage_command)
