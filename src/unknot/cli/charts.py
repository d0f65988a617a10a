"""Charts of progress: in the terminal (columns of block characters) and as an SVG file.

The SVG writer is small on purpose: one chart per series stacked in one image, plain shapes and
text, a ``<title>`` and ``<desc>`` (the clinical meaning in words) for screen readers, and a
``<title>`` on every data point so that hovering shows its value. Nothing here reads a clock or
a database: a :class:`~unknot.services.progress.ProgressReport` comes in, text comes out.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from unknot.services.progress import ProgressReport, Series

BLOCKS: Final = " ▁▂▃▄▅▆▇█"
"""Eighths of a character cell, from empty to full."""

MISSING: Final = "·"
"""A day with nothing logged, on the chart's base line."""

TERMINAL_HEIGHT: Final = 5
"""Rows of a terminal chart."""

COLUMN_WIDTH: Final = 2
"""Characters per day in a terminal chart."""

SCALES: Final[Mapping[str, tuple[float, float]]] = {
    "pain": (0, 10),
    "sessions": (0, 1),
    "rmdq": (0, 24),
    "odi": (0, 100),
    "psfs": (0, 10),
}
"""Fixed scales (the instrument's whole range), so that a small change looks small. Steps scale
to the highest day."""


def scale_of(series: Series) -> tuple[float, float]:
    if series.key in SCALES:
        return SCALES[series.key]
    return 0.0, max([*series.values, 1.0])


def column_chart(
    values: Sequence[float | None],
    low: float,
    high: float,
    height: int = TERMINAL_HEIGHT,
    width: int = 1,
) -> list[str]:
    """Rows (top first) of a column chart, ``width`` characters per value; ``None`` is a dot
    on the base line. Values outside ``low``..``high`` are clipped."""
    span = (high - low) or 1.0
    eighths = height * 8
    rows = [[" "] * len(values) for _ in range(height)]
    for x, value in enumerate(values):
        if value is None:
            rows[-1][x] = MISSING
            continue
        filled = round((min(max(value, low), high) - low) / span * eighths)
        for row in range(height):
            level = filled - (height - 1 - row) * 8
            rows[row][x] = BLOCKS[max(0, min(8, level))]
    return ["".join(cell * width for cell in row) for row in rows]


def _number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def terminal_chart(series: Series, height: int = TERMINAL_HEIGHT) -> list[str]:
    """A titled chart of one series with its scale on the left and the dates underneath."""
    low, high = scale_of(series)
    values = [p.value for p in series.points]
    rows = column_chart(values, low, high, height, COLUMN_WIDTH)
    width = max(len(_number(high)), len(_number(low)))
    labels = (
        [_number(high).rjust(width)] + [" " * width] * (height - 2) + [_number(low).rjust(width)]
    )
    lines = [series.title]
    lines += [f"{label} ┤{row}" for label, row in zip(labels, rows, strict=True)]
    if series.points:
        first = series.points[0].date.isoformat()
        last = series.points[-1].date.isoformat()
        gap = max(1, len(values) * COLUMN_WIDTH - len(first) - len(last))
        lines.append(" " * (width + 2) + first + " " * gap + last)
    return lines


# --- SVG ----------------------------------------------------------------------------------

SVG_WIDTH: Final = 760
PANEL_HEIGHT: Final = 150
PLOT_TOP: Final = 34
PLOT_HEIGHT: Final = 90
LEFT: Final = 64
RIGHT: Final = 20
LINE_HEIGHT: Final = 20
WRAP: Final = 88
"""Characters per line of the notes under the charts (14 px text in 676 px)."""
INK: Final = "#1a1a1a"
ACCENT: Final = "#0b5cad"
"""Dark blue on white: a contrast ratio well above WCAG AA's 4.5:1."""


def _attrs(attrs: Mapping[str, object]) -> str:
    return "".join(
        f' {name}="{html.escape(str(value), quote=True)}"' for name, value in attrs.items()
    )


def element(tag: str, attrs: Mapping[str, object] | None = None, *children: str) -> str:
    """``<tag attrs>children</tag>``; children are already SVG (escape text with :func:`text`)."""
    inner = "".join(children)
    if not inner:
        return f"<{tag}{_attrs(attrs or {})}/>"
    return f"<{tag}{_attrs(attrs or {})}>{inner}</{tag}>"


def text(value: str) -> str:
    return html.escape(value, quote=False)


@dataclass(frozen=True)
class _Panel:
    series: Series
    kind: str  # "line", "bars" or "marks"


def _x(day: dt.date, first: dt.date, days: int) -> float:
    """Where ``day`` falls on an axis of ``days`` days from ``first``."""
    usable = SVG_WIDTH - LEFT - RIGHT
    return LEFT + usable * ((day - first).days + 0.5) / max(days, 1)


def _y(value: float, low: float, high: float, top: float) -> float:
    span = (high - low) or 1.0
    return top + PLOT_TOP + PLOT_HEIGHT * (1 - (min(max(value, low), high) - low) / span)


def _point_label(series: Series, date: str, value: float) -> str:
    if series.key == "sessions":
        return f"{date}: {'session done' if value else 'no session'}"
    return f"{date}: {_number(value)} {series.unit}".strip()


def _panel(panel: _Panel, top: float) -> str:
    series = panel.series
    low, high = scale_of(series)
    parts = [
        element(
            "text",
            {"x": LEFT, "y": top + 22, "font-size": 16, "font-weight": "bold"},
            text(series.title),
        ),
        element(
            "line",
            {
                "x1": LEFT,
                "y1": top + PLOT_TOP + PLOT_HEIGHT,
                "x2": SVG_WIDTH - RIGHT,
                "y2": top + PLOT_TOP + PLOT_HEIGHT,
                "stroke": INK,
            },
        ),
    ]
    if panel.kind != "marks":
        for value in (low, high):
            parts.append(
                element(
                    "text",
                    {
                        "x": LEFT - 8,
                        "y": _y(value, low, high, top) + 5,
                        "font-size": 13,
                        "text-anchor": "end",
                    },
                    text(_number(value)),
                )
            )
    first = series.points[0].date if series.points else dt.date.min
    count = (series.points[-1].date - first).days + 1 if series.points else 1
    bar = max(2.0, (SVG_WIDTH - LEFT - RIGHT) / count * 0.6)
    line_points = []
    for point in series.points:
        if point.value is None:
            continue
        x = _x(point.date, first, count)
        y = _y(point.value, low, high, top)
        label = element(
            "title", None, text(_point_label(series, point.date.isoformat(), point.value))
        )
        if panel.kind == "bars":
            base = top + PLOT_TOP + PLOT_HEIGHT
            parts.append(
                element(
                    "rect",
                    {
                        "x": round(x - bar / 2, 1),
                        "y": round(y, 1),
                        "width": round(bar, 1),
                        "height": round(base - y, 1),
                        "fill": ACCENT,
                    },
                    label,
                )
            )
        elif panel.kind == "marks":
            size = min(bar, 14.0)
            parts.append(
                element(
                    "rect",
                    {
                        "x": round(x - size / 2, 1),
                        "y": top + PLOT_TOP + PLOT_HEIGHT / 2 - size / 2,
                        "width": round(size, 1),
                        "height": round(size, 1),
                        "fill": ACCENT if point.value else "white",
                        "stroke": ACCENT,
                    },
                    label,
                )
            )
        else:
            line_points.append(f"{x:.1f},{y:.1f}")
            parts.append(
                element(
                    "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": 4, "fill": ACCENT}, label
                )
            )
    if len(line_points) > 1:
        parts.insert(
            2,
            element(
                "polyline",
                {
                    "points": " ".join(line_points),
                    "fill": "none",
                    "stroke": ACCENT,
                    "stroke-width": 2,
                },
            ),
        )
    if series.points:
        for anchor, x, date in (
            ("start", LEFT, series.points[0].date),
            ("end", SVG_WIDTH - RIGHT, series.points[-1].date),
        ):
            parts.append(
                element(
                    "text",
                    {
                        "x": x,
                        "y": top + PLOT_TOP + PLOT_HEIGHT + 18,
                        "font-size": 13,
                        "text-anchor": anchor,
                    },
                    text(date.isoformat()),
                )
            )
    return element("g", {"aria-label": series.title}, *parts)


def svg_progress(report: ProgressReport, title: str = "Your progress with unknot") -> str:
    """The progress report as a standalone, accessible SVG document."""
    panels = [_Panel(report.pain, "line"), _Panel(report.steps, "bars")]
    panels.append(_Panel(report.sessions, "marks"))
    panels += [_Panel(series, "line") for series in report.scores]
    meaning_lines: list[str] = []
    for meaning in report.meanings:
        meaning_lines += textwrap.wrap(meaning.text, WRAP) or [""]
    notes_top = PANEL_HEIGHT * len(panels) + 20
    height = notes_top + LINE_HEIGHT * (len(meaning_lines) + 2)
    description = " ".join(m.text for m in report.meanings) or "No changes to report yet."
    summary = (
        f"Pain, steps, sessions and questionnaire scores from {report.start.isoformat()} to "
        f"{report.end.isoformat()}. {description}"
    )
    body = [
        element("title", {"id": "unknot-title"}, text(title)),
        element("desc", {"id": "unknot-desc"}, text(summary)),
        element("rect", {"width": "100%", "height": "100%", "fill": "white"}),
    ]
    body += [_panel(panel, n * PANEL_HEIGHT) for n, panel in enumerate(panels)]
    body.append(
        element(
            "text",
            {"x": LEFT, "y": notes_top, "font-size": 16, "font-weight": "bold"},
            text("What this means"),
        )
    )
    for n, line in enumerate(meaning_lines, 1):
        body.append(
            element(
                "text", {"x": LEFT, "y": notes_top + n * LINE_HEIGHT, "font-size": 14}, text(line)
            )
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "width": SVG_WIDTH,
                "height": height,
                "viewBox": f"0 0 {SVG_WIDTH} {height}",
                "role": "img",
                "aria-labelledby": "unknot-title unknot-desc",
                "font-family": "system-ui, sans-serif",
                "fill": INK,
            },
            *body,
        )
        + "\n"
    )
