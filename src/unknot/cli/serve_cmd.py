"""``unknot serve``: the web app on this machine, with uvicorn.

The database schema is brought up to date first (when the storage layer is installed), then
uvicorn serves :func:`unknot.web.app.create_app`. Behind a reverse proxy, uvicorn trusts the
``X-Forwarded-*`` headers of the addresses in ``FORWARDED_ALLOW_IPS`` (default: 127.0.0.1),
so that cookies are marked Secure when the proxy speaks HTTPS.
"""

from __future__ import annotations

from typing import Final

import typer

from unknot.cli._io import EXIT_INVALID, stderr
from unknot.errors import InvalidInput

DEFAULT_HOST: Final = "127.0.0.1"
"""Only this machine can connect unless told otherwise: health data stays local."""

DEFAULT_PORT: Final = 8000


def serve_command(
    host: str = typer.Option(
        DEFAULT_HOST, "--host", help="Address to listen on (0.0.0.0 for every interface)."
    ),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the web app (default http://127.0.0.1:8000); Ctrl+C stops it."""
    import uvicorn

    from unknot.settings import load_settings
    from unknot.web.app import create_app
    from unknot.web.storage import prepare_database

    try:
        settings = load_settings()
        prepare_database(settings)
        app = create_app(settings, serving=True)
    except (InvalidInput, ValueError) as error:
        stderr().print(f"[bold red]Cannot start[/] — {error}", markup=True)
        raise typer.Exit(EXIT_INVALID) from None
    stderr().print(f"unknot is at [bold]http://{host}:{port}/[/] (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, proxy_headers=True, server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
