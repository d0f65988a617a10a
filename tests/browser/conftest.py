"""Browser tests: the app served by uvicorn on a free localhost port (a fresh UNKNOT_HOME),
driven in Debian's Chromium by Playwright. Without Chromium or Playwright the tests are
skipped locally and fail under CI=true (``tests.conftest.missing_infrastructure``).

Every page a test opens is watched for console errors: a Content-Security-Policy violation
(an inline script or style) shows up there and fails the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.conftest import missing_infrastructure
from unknot.settings import load_settings
from unknot.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_NPM_VERSION = "4.10.3"
"""axe-core fetched from the npm registry (with npm) when no Python package ships it."""

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    home: Path


@contextmanager
def serving(app: Any, home: Path) -> Iterator[LiveServer]:
    """``app`` served by uvicorn on a free local port in a thread, until the block ends."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("unknot-home")
    with serving(create_app(load_settings(home=home, database_url=None)), home) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        missing_infrastructure(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_infrastructure("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Watched:
    """A page and every console error or uncaught exception it had."""

    page: Any
    errors: list[str] = field(default_factory=list)


def open_page(browser: Any, viewport: dict[str, int], **options: Any) -> Watched:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    watched = Watched(page)

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        # A page sent with an error status on purpose (404, 422) is logged as a failed load
        # of the document itself; a failed script, style or image is still an error.
        document = message.location.get("url") == page.url
        if document and message.text.startswith("Failed to load resource"):
            return
        watched.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    return watched


@pytest.fixture
def phone(browser: Any) -> Iterator[Watched]:
    watched = open_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield watched
    watched.page.context.close()
    assert watched.errors == [], "console errors (a CSP violation shows up here)"


@pytest.fixture
def desktop(browser: Any) -> Iterator[Watched]:
    watched = open_page(browser, DESKTOP)
    yield watched
    watched.page.context.close()
    assert watched.errors == []


def _axe_from_python_package() -> str | None:
    try:
        import axe_playwright_python  # type: ignore[import-not-found]
    except ImportError:
        return None
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return script.read_text(encoding="utf-8") if script.exists() else None


def _axe_from_npm() -> str | None:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "unknot-tests"
    script = cache / f"axe-core-{AXE_NPM_VERSION}" / "package" / "axe.min.js"
    if script.exists():
        return script.read_text(encoding="utf-8")
    npm = shutil.which("npm")
    if npm is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", f"axe-core@{AXE_NPM_VERSION}", "--pack-destination", str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    tarball = cache / f"axe-core-{AXE_NPM_VERSION}.tgz"
    if done.returncode != 0 or not tarball.exists():
        return None
    with tarfile.open(tarball) as archive:
        member = archive.getmember("package/axe.min.js")
        archive.extractall(script.parents[1], members=[member], filter="data")
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_source() -> str:
    source = _axe_from_python_package() or _axe_from_npm()
    if source is None:
        missing_infrastructure(
            "axe-core is not available (pip install axe-playwright-python, or npm for "
            f"axe-core@{AXE_NPM_VERSION})"
        )
    return source


def screenshot(page: Any, name: str, width_name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
