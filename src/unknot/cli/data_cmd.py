"""``unknot export`` (everything kept about you, as JSON or CSV) and ``unknot delete-my-data``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import typer
from sqlalchemy import Engine

from unknot.cli._io import stderr, stdout
from unknot.cli.journey_cmd import (
    TodayOption,
    cli_errors,
    make_clock,
    open_database,
    require_profile,
)
from unknot.cli.start_cmd import ANSWERS_FILE_NAME
from unknot.errors import InvalidInput
from unknot.services.export import delete_my_data, export_csv, export_json
from unknot.services.unit_of_work import SqlUnitOfWork

EXPORT_FORMATS: Final = ("json", "csv")

EXIT_NOT_CONFIRMED: Final = 1
"""``unknot delete-my-data`` answered "no": nothing was deleted."""


def export_command(
    fmt: str = typer.Option("json", "--format", "-f", help="json (unknot.export/v1) or csv."),
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False, help="Write to this file (default: the screen)."
    ),
    today: str | None = TodayOption,
) -> None:
    """Export everything unknot keeps about you, as JSON (unknot.export/v1) or CSV."""
    with cli_errors():
        if fmt not in EXPORT_FORMATS:
            raise InvalidInput("--format", f"must be json or csv, got {fmt!r}")
        make_clock(today)
        with open_database() as (_, engine), SqlUnitOfWork(engine, read_only=True) as uow:
            person_id = require_profile(uow)
            if fmt == "json":
                text = json.dumps(export_json(uow, person_id), indent=2, ensure_ascii=False)
                text += "\n"
            else:
                text = export_csv(uow, person_id)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    stderr().print(f"Exported to {output}. It holds health data: keep it private.")


def compact_sqlite(engine: Engine) -> None:
    """Rewrite the SQLite file so that deleted rows do not linger in free pages or the WAL."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def delete_my_data_command(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask to confirm (for scripts)."),
    today: str | None = TodayOption,
) -> None:
    """Delete everything unknot keeps about you: assessments, plans, diary, scores, reviews.

    Asks to confirm first, unless --yes is given.
    """
    console = stdout()
    with cli_errors():
        make_clock(today)
        with open_database() as (settings, engine):
            with SqlUnitOfWork(engine, read_only=True) as uow:
                person_id = require_profile(uow)
            if not yes and not typer.confirm(
                "Delete everything unknot keeps about you? This cannot be undone", default=False
            ):
                console.print("Nothing was deleted.")
                raise typer.Exit(EXIT_NOT_CONFIRMED)
            with SqlUnitOfWork(engine) as uow:
                deleted = delete_my_data(uow, person_id)
            if engine.dialect.name == "sqlite":
                compact_sqlite(engine)
            (settings.home / ANSWERS_FILE_NAME).unlink(missing_ok=True)
    console.print(f"Deleted {sum(deleted.values())} records: unknot keeps nothing about you now.")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("delete-my-data")(delete_my_data_command)
