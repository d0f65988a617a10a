"""``unknot serve``: starts uvicorn on the address asked for, with the app of the settings."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from unknot.cli import serve_cmd


class FakeUvicorn:
    """Records what ``uvicorn.run`` was asked to serve instead of serving it."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def run(self, app: Any, **options: Any) -> None:
        self.calls.append((app, options))


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    serve_cmd.register(app)

    @app.command("other")
    def _other() -> None:
        """Keeps typer from folding a single command into the group."""

    return app


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeUvicorn:
    fake = FakeUvicorn()
    monkeypatch.setattr(uvicorn, "run", fake.run)
    monkeypatch.setenv("UNKNOT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    return fake


@pytest.mark.parametrize(
    ("args", "host", "port"),
    [
        ([], "127.0.0.1", 8000),
        (["--port", "8123"], "127.0.0.1", 8123),
        (["--host", "0.0.0.0", "--port", "80"], "0.0.0.0", 80),
    ],
)
def test_serve_starts_the_app_on_the_address_asked_for(
    cli: typer.Typer, fake: FakeUvicorn, args: list[str], host: str, port: int
) -> None:
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 0, result.output
    [(app, options)] = fake.calls
    assert isinstance(app, FastAPI)
    assert options["host"] == host
    assert options["port"] == port
    assert options["proxy_headers"] is True


@pytest.mark.parametrize("port", ["0", "65536", "web"])
def test_serve_refuses_a_port_that_cannot_be(
    cli: typer.Typer, fake: FakeUvicorn, port: str
) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", port])
    assert result.exit_code == 2
    assert fake.calls == []


def test_serve_with_broken_settings_exits_3_naming_the_variable(
    cli: typer.Typer, fake: FakeUvicorn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNKNOT_DATABASE_URL", "mysql://nobody@localhost/unknot")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 3
    assert "UNKNOT_DATABASE_URL" in result.output
    assert fake.calls == []


def test_the_app_runs_as_many_requests_at_once_as_the_settings_say(tmp_path: Path) -> None:
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from unknot.settings import load_settings
    from unknot.web.app import create_app

    app = create_app(load_settings(home=tmp_path, database_url=None, web_threads=3))

    @app.get("/threads")
    async def threads() -> int:
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    def a_while() -> str:
        time.sleep(0.05)
        return threading.current_thread().name

    @app.get("/database-threads")
    async def database_threads() -> int:
        database = app.state.web.database
        names = await asyncio.gather(*(database.call(a_while) for _ in range(9)))
        return len(set(names))

    with TestClient(app) as client:
        assert client.get("/threads").json() == 3
        assert client.get("/database-threads").json() == 3


SERVE_AND_REPORT = """
import gc, json, sys
import uvicorn
from fastapi.testclient import TestClient

def run(app, **options):
    frozen_before = gc.get_freeze_count()
    with TestClient(app) as client:
        env = app.state.web.templates.env
        compiled = len(env.cache)
        status = client.get("/healthz").status_code
    print(json.dumps({
        "frozen_before": frozen_before, "frozen": gc.get_freeze_count(), "compiled": compiled,
        "templates": len(env.list_templates(extensions=["html"])), "status": status,
    }))

uvicorn.run = run
if sys.argv[1] == "serve":
    from unknot.cli.app import main
    sys.argv = ["unknot", "serve"]
    main()
else:
    from unknot.web.app import create_app
    run(create_app())
"""


@pytest.mark.parametrize("how", ["serve", "create_app"])
def test_a_serving_process_reads_its_content_and_settles_before_the_first_request(
    how: str, tmp_path: Path
) -> None:
    # In a process of its own: settling freezes objects for the rest of the process's life.
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "UNKNOT_HOME": str(tmp_path / "home")}
    env.pop("UNKNOT_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_REPORT, how],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 200
    assert report["frozen_before"] == 0
    if how == "serve":  # every template compiled and everything kept frozen at start-up
        assert report["templates"] >= 20
        assert report["compiled"] == report["templates"]
        assert report["frozen"] > 10_000
    else:  # an app for tests: nothing done ahead, nothing frozen
        assert report["compiled"] == 0
        assert report["frozen"] == 0
