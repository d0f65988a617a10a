"""unknot's app icon, drawn here: a teal tile with a gently curved column of vertebrae, a
back that has come loose again.

``python -m unknot.web.icons`` writes ``static/icons/icon.svg`` and renders the PNGs that
install prompts need (192, 512, and a 512 "maskable" one with a full-bleed background) by
screenshotting the SVG in Debian's Chromium through Playwright. The PNGs are committed, so
serving the site needs neither Playwright nor Chromium.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Final

ICONS_DIR: Final = Path(__file__).parent / "static" / "icons"
CHROMIUM: Final = "/usr/bin/chromium"
"""Debian's Chromium (package ``chromium``)."""

BRAND: Final = "#0b5f6b"
BONE: Final = "#ffffff"
CORD: Final = "#9fd3da"
SIZE: Final = 512
VERTEBRAE: Final = 5

PNGS: Final = {"icon-192.png": (192, False), "icon-512.png": (512, False)}
MASKABLE: Final = {"icon-maskable-512.png": (512, True)}


def icon_svg(*, maskable: bool = False) -> str:
    """The icon as SVG text. ``maskable`` fills the square and keeps the drawing inside the
    central 80% safe zone that launchers may crop to a circle."""
    scale = 0.72 if maskable else 1.0
    corner = 0 if maskable else 112
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}">',
        f'<rect width="{SIZE}" height="{SIZE}" rx="{corner}" fill="{BRAND}"/>',
        f'<g transform="translate(256 256) scale({scale}) translate(-256 -256)">',
    ]

    def curve(t: float) -> tuple[float, float]:
        return 256 + 34 * math.sin((t - 0.5) * math.pi * 1.5), 104 + t * 304

    samples = [curve(-0.12 + i * 1.24 / 48) for i in range(49)]
    path = " ".join(
        ("M" if i == 0 else "L") + f" {x:.1f} {y:.1f}" for i, (x, y) in enumerate(samples)
    )
    parts.append(
        f'<path d="{path}" fill="none" stroke="{CORD}" stroke-width="14" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )
    for i in range(VERTEBRAE):
        t = i / (VERTEBRAE - 1)
        x, y = curve(t)
        slope = 34 * math.cos((t - 0.5) * math.pi * 1.5) * math.pi * 1.5 / 304
        tilt = -math.degrees(math.atan(slope)) * 0.4
        width = 152 - 24 * abs(t - 0.5)
        parts.append(
            f'<rect x="{x - width / 2:.1f}" y="{y - 24:.1f}" width="{width:.1f}" height="48" '
            f'rx="24" fill="{BONE}" transform="rotate({tilt:.1f} {x:.1f} {y:.1f})"/>'
        )
    parts.append("</g></svg>")
    return "".join(parts) + "\n"


def render_pngs(directory: Path = ICONS_DIR, browser_path: str = CHROMIUM) -> list[Path]:
    """Screenshot the SVG at each size with Chromium; return the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_path, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            for name, (size, maskable) in {**PNGS, **MASKABLE}.items():
                page = browser.new_page(viewport={"width": size, "height": size})
                svg = icon_svg(maskable=maskable).replace(
                    f'width="{SIZE}" height="{SIZE}"', f'width="{size}" height="{size}"'
                )
                page.set_content(
                    "<!doctype html><html><body style='margin:0'>" + svg + "</body></html>"
                )
                target = directory / name
                page.screenshot(path=str(target), omit_background=True)
                page.close()
                written.append(target)
        finally:
            browser.close()
    return written


def main() -> None:
    ICONS_DIR.mkdir(parents=True, exist_ok=True)
    (ICONS_DIR / "icon.svg").write_text(icon_svg(), encoding="utf-8")
    for path in render_pngs():
        sys.stdout.write(f"wrote {path.name}\n")


if __name__ == "__main__":
    main()
