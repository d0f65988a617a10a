"""The ``unknot`` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from unknot import DISCLAIMER, __version__
from unknot.cli import (
    assess_cmd,
    content_cmd,
    journey_cmd,
    score_cmd,
    serve_cmd,
    triage_cmd,
    users_cmd,
)

app = typer.Typer(
    name="unknot",
    help=f"Help for a tight, spasming lower back. {DISCLAIMER}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unknot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Help for a tight, spasming lower back."""


for module in (
    triage_cmd,
    score_cmd,
    assess_cmd,
    content_cmd,
    journey_cmd,
    serve_cmd,
    users_cmd,
):
    module.register(app)


def main() -> None:
    app()
