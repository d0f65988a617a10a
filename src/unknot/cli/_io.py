"""What every command shares: reading JSON input, printing results and errors, exit codes.

Exit codes (spec, interfaces.md): 0 success, 2 bad usage, 3 invalid input, 4 no plan
(emergency or urgent triage).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from unknot.errors import InvalidInput

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_NO_PLAN = 4

JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON on standard output.")


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def read_json(source: str, field: str = "--answers") -> Any:
    """Read JSON from a path, or from standard input when ``source`` is ``-``."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(field, f"no file at {source!r}") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise InvalidInput(field, f"cannot read {source!r}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            field, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def fail_invalid(error: InvalidInput, as_json: bool) -> NoReturn:
    """Report invalid input and exit 3: the message on standard error, and under ``--json``
    only the error object on standard output."""
    stderr().print(f"[bold red]Invalid input[/] — {error.field}: {error.message}", markup=True)
    if as_json:
        print_json({"error": {"field": error.field, "message": error.message}})
    raise typer.Exit(EXIT_INVALID)


def warn(messages: list[str]) -> None:
    for message in messages:
        stderr().print(f"[yellow]warning:[/] {message}")
