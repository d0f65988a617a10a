"""The terminal journey: one local profile per ``UNKNOT_HOME``.

What the journey commands share: the ``--today`` clock, the database, the local profile, turning
service errors into exit codes, and how a stopped plan is shown. The commands live next to it
(:mod:`.start_cmd`, :mod:`.plan_cmd`, :mod:`.session_cmd`, :mod:`.log_cmd`, :mod:`.review_cmd`,
:mod:`.progress_cmd`, :mod:`.data_cmd`); :func:`register` adds them all.

Every command is a thin edge over :mod:`unknot.services`: the service commits, then the command
says it is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text
from sqlalchemy import Engine

from unknot.cli._io import fail_invalid, print_json, stderr
from unknot.cli.render import LEVEL_STYLE
from unknot.domain.plan.model import Stop, long_date
from unknot.errors import InvalidInput, NotFound
from unknot.migrations import ensure_schema
from unknot.services.plans import NoPlanYet
from unknot.services.profile import find_local_profile
from unknot.services.unit_of_work import UnitOfWork
from unknot.settings import Settings, load_settings

TODAY_ENV: Final = "UNKNOT_TODAY"
"""Set this to a date (``YYYY-MM-DD``) to try unknot across days; ``--today`` wins over it."""

EXIT_NOTHING_YET: Final = 1
"""A command that needs a plan (or a profile) run before ``unknot start``."""

TodayOption = typer.Option(
    None,
    "--today",
    envvar=TODAY_ENV,
    metavar="YYYY-MM-DD",
    show_envvar=True,
    help="Pretend today is this date: a clock setting for trying unknot across days.",
)


@dataclass(frozen=True)
class Clock:
    """The date and time a command works with (``now`` carries the local time zone)."""

    today: dt.date
    now: dt.datetime


def parse_date(text: str, option: str) -> dt.date:
    """A ``YYYY-MM-DD`` date typed for ``option``; :class:`InvalidInput` naming it."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(option, f"must be a date written YYYY-MM-DD, got {text!r}") from None


def make_clock(today: str | None) -> Clock:
    """The real date and time, or ``today`` (``--today``) at the current time of day."""
    if not today:
        now = dt.datetime.now().astimezone()
        return Clock(now.date(), now)
    day = parse_date(today, "--today")
    return Clock(day, dt.datetime.combine(day, dt.datetime.now().time()).astimezone())


@contextmanager
def cli_errors(as_json: bool = False, options: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn the services' errors into the CLI's exit codes: invalid input exits 3 naming the
    option (``options`` maps a service's field to the option a person typed), a command that
    needs a plan before ``unknot start`` exits 1, an unknown id exits 3."""
    try:
        yield
    except InvalidInput as error:
        option = (options or {}).get(error.field, error.field)
        fail_invalid(InvalidInput(option, error.message), as_json)
    except NoPlanYet as error:
        what = "plan" if error.kind == "plan" else "assessment"
        message = f"No {what} yet: start with `unknot start` (or `unknot start --answers FILE`)."
        stderr().print(message)
        if as_json:
            print_json({"error": {"field": error.kind, "message": message}})
        raise typer.Exit(EXIT_NOTHING_YET) from None
    except NotFound as error:
        fail_invalid(InvalidInput(error.kind, str(error)), as_json)


@contextmanager
def open_database() -> Iterator[tuple[Settings, Engine]]:
    """The settings and the migrated database, for one command."""
    settings = load_settings()
    engine = ensure_schema(settings)
    try:
        yield settings, engine
    finally:
        engine.dispose()


def require_profile(uow: UnitOfWork) -> int:
    """The local profile's id; :class:`NoPlanYet` before ``unknot start``."""
    person_id = find_local_profile(uow)
    if person_id is None:
        raise NoPlanYet(0)
    return person_id


def render_stop(console: Console, stop: Stop, safety_net: tuple[str, ...] | list[str]) -> None:
    """Why the plan stopped and what to do instead, on a stopped plan or day."""
    style, label = LEVEL_STYLE[stop.level]
    console.print(Text(f" {label} ", style=style))
    console.print(Text(f"Your plan stopped on {long_date(stop.date)}.", style="bold"))
    console.print(Text(stop.headline, style="bold"))
    lines = Text("\n").join(Text(f"• {action}") for action in stop.actions)
    console.print(Panel(lines, title="What to do instead", title_align="left", border_style="red"))
    net = Text("\n").join(Text(f"• {item}") for item in safety_net)
    console.print(Panel(net, title="Safety net", title_align="left", border_style="red"))


def register(app: typer.Typer) -> None:
    """Add every journey command to ``app``."""
    from unknot.cli import (
        data_cmd,
        log_cmd,
        plan_cmd,
        progress_cmd,
        review_cmd,
        session_cmd,
        start_cmd,
    )

    start_cmd.register(app)
    plan_cmd.register(app)
    session_cmd.register(app)
    log_cmd.register(app)
    review_cmd.register(app)
    progress_cmd.register(app)
    data_cmd.register(app)
