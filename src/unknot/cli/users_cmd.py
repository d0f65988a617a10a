"""``unknot users``: accounts of the web app, for whoever runs a self-hosted install."""

from __future__ import annotations

import datetime as dt

import typer

from unknot.cli._io import fail_invalid, stdout
from unknot.errors import InvalidInput

users_app = typer.Typer(
    name="users",
    help="Manage web app accounts on this install.",
    no_args_is_help=True,
    add_completion=False,
)


@users_app.command("reset-password")
def reset_password_command(
    email: str = typer.Argument(..., help="The email address of the account."),
) -> None:
    """Set a new password for an account and sign it out everywhere."""
    from unknot.migrations import ensure_schema
    from unknot.settings import load_settings
    from unknot.web.accounts import AccountService

    password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        engine = ensure_schema(load_settings())
    except InvalidInput as error:
        fail_invalid(error, as_json=False)
    try:
        person = AccountService(engine).reset_password(email, password, dt.datetime.now(dt.UTC))
    except InvalidInput as error:
        fail_invalid(error, as_json=False)
    finally:
        engine.dispose()
    stdout().print(
        f"The password of {person.email} was changed; every session was signed out.",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
