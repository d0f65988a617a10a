"""Illustrations in a real browser: headless Chromium renders the SVGs to PNG screenshots,
which must show a drawing (not a blank or broken page). The PNGs are kept under
``test-artifacts/illustrations/`` (git-ignored) for people to look at."""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import missing_infrastructure
from unknot.illustration import animated_svg, strip_svg
from unknot.illustration.drawing import SCREEN

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "illustrations"
WIDTH, HEIGHT = 480, 360
DARK = 110
"""A pixel darker than this (0–255 luminance) is ink: the figure's near side and body are
dark blues, the page is white."""


def _unfilter(raw: bytes, width: int, height: int, channels: int) -> list[bytes]:
    """PNG scanlines with their filters undone (PNG specification, section 9)."""
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def _pixels(png: bytes) -> tuple[list[bytes], int, int, int]:
    """The scanlines of an 8-bit RGB or RGBA PNG, its width, height and channels."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return _unfilter(zlib.decompress(idat), width, height, channels), width, height, channels


def dark_fraction(png: bytes) -> float:
    """The share of pixels darker than :data:`DARK` in an 8-bit RGB or RGBA PNG."""
    rows, width, height, channels = _pixels(png)
    dark = 0
    for row in rows:
        for x in range(0, len(row), channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if 0.299 * r + 0.587 * g + 0.114 * b < DARK:
                dark += 1
    return dark / (width * height)


def colour_count(png: bytes, colour: str, tolerance: int = 24) -> int:
    """How many pixels are within ``tolerance`` (per channel) of ``colour`` ("#rrggbb")."""
    target = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    rows, _, _, channels = _pixels(png)
    return sum(
        1
        for row in rows
        for x in range(0, len(row), channels)
        if all(abs(row[x + c] - target[c]) <= tolerance for c in range(3))
    )


BLANK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">'
    '<rect width="4" height="3" fill="#fff"/></svg>'
)
MOVING = "glute-bridge"
MOMENTS = (300, 2600)
"""Lying flat at 0.3 s; hips up, holding, at 2.6 s."""
CASES = [
    ("knee-to-chest", "animated"),
    ("chair-twist", "animated"),
    ("hamstring-stretch-towel", "strip"),
    ("side-plank", "animated"),
    ("side-plank-knees", "strip"),
    ("lying-twist", "animated"),
    ("knee-rocking", "strip"),
]
ARROWED = "side-plank"
ARROW_MOMENTS = (300, 3000)
"""Lying propped on the forearm, about to lift, at 0.3 s (the arrow shows); holding the plank
at 3 s (it does not)."""


def _paused_at(svg: str, ms: int) -> str:
    """``svg`` with its animation paused at ``ms`` once loaded: virtual time alone does not say
    exactly when Chromium takes the screenshot, and a moment just before a movement was missed
    now and then. (The test's copy only: the product's drawings carry no scripts.)"""
    pause = (
        "<script>addEventListener('load', () => { const svg = document.documentElement; "
        f"svg.pauseAnimations(); svg.setCurrentTime({ms / 1000}); }});</script>"
    )
    head, _, tail = svg.rpartition("</svg>")
    return f"{head}{pause}</svg>{tail}"


def screenshots(svgs: dict[str, str], moments: dict[str, int]) -> dict[str, bytes]:
    """Render every SVG with its own headless Chromium, all at once, and read the PNGs.
    ``moments`` shows the animation paused at that many milliseconds (after as much virtual
    time, so that the paused frame is drawn)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profiles:
        running = []
        for name, svg in svgs.items():
            source, target = ARTIFACTS / f"{name}.svg", ARTIFACTS / f"{name}.png"
            if name in moments:
                svg = _paused_at(svg, moments[name])
            source.write_text(svg, encoding="utf-8")
            target.unlink(missing_ok=True)
            command = [
                str(CHROMIUM),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={Path(profiles) / name}",
                f"--screenshot={target}",
                f"--window-size={WIDTH},{HEIGHT}",
                *([f"--virtual-time-budget={moments[name]}"] if name in moments else []),
                source.as_uri(),
            ]
            running.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        for process in running:
            try:
                process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {
        name: (ARTIFACTS / f"{name}.png").read_bytes()
        for name in svgs
        if (ARTIFACTS / f"{name}.png").is_file()
    }


@pytest.fixture(scope="module")
def pngs() -> dict[str, bytes]:
    if not CHROMIUM.exists():
        missing_infrastructure("Chromium is not installed (apt-get install chromium)")
    svgs = {
        f"{ident}-{kind}": animated_svg(ident) if kind == "animated" else strip_svg(ident)
        for ident, kind in CASES
    }
    svgs["blank"] = BLANK_SVG
    moments: dict[str, int] = {}
    for ms in MOMENTS:
        svgs[f"{MOVING}-at-{ms}ms"] = animated_svg(MOVING)
        moments[f"{MOVING}-at-{ms}ms"] = ms
    for ms in ARROW_MOMENTS:
        svgs[f"{ARROWED}-at-{ms}ms"] = animated_svg(ARROWED)
        moments[f"{ARROWED}-at-{ms}ms"] = ms
    return screenshots(svgs, moments)


@pytest.mark.parametrize(("ident", "kind"), CASES)
def test_chromium_draws_the_illustration_with_ink_on_a_white_page(
    pngs: dict[str, bytes], ident: str, kind: str
) -> None:
    name = f"{ident}-{kind}"
    assert name in pngs, "Chromium wrote no screenshot"
    ink = dark_fraction(pngs[name])
    assert 0.005 < ink < 0.5, f"{ident}: {ink:.3%} of the screenshot is dark"


def test_the_ink_measure_sees_a_blank_page_as_blank(pngs: dict[str, bytes]) -> None:
    assert dark_fraction(pngs["blank"]) == 0.0


def test_the_animation_moves_in_chromium(pngs: dict[str, bytes]) -> None:
    early, late = (pngs.get(f"{MOVING}-at-{ms}ms") for ms in MOMENTS)
    assert early is not None and late is not None, "Chromium wrote no screenshot"
    assert dark_fraction(early) > 0.005 and dark_fraction(late) > 0.005
    assert early != late, "the picture did not change: the SMIL animation did not run"


def test_the_arrow_shows_before_the_lift_and_hides_while_the_plank_is_held(
    pngs: dict[str, bytes],
) -> None:
    before, holding = (pngs.get(f"{ARROWED}-at-{ms}ms") for ms in ARROW_MOMENTS)
    assert before is not None and holding is not None, "Chromium wrote no screenshot"
    assert colour_count(before, SCREEN.arrow) > 40
    assert colour_count(holding, SCREEN.arrow) == 0
