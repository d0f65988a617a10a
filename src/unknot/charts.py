"""Progress charts as SVG, shared by the terminal (``unknot progress --svg``) and the web app
(``/progress``).

The writer is small on purpose: plain shapes and text, a ``<title>`` and ``<desc>`` (the
clinical meaning in words) for screen readers, and a ``<title>`` on every data point so that
hovering shows its value. Nothing here reads a clock or a database: a
:class:`~unknot.services.progress.ProgressReport` (or one of its series) comes in, text comes
out. Colours and sizes are presentation attributes, never ``style``, so that an inline chart
passes a Content-Security-Policy without ``unsafe-inline``.

    svg_progress(report)              a standalone SVG file: every chart stacked, with notes
    chart_svg(series, kind, ...)      one chart as an inline ``<svg>`` element for a page
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from unknot.services.progress import ProgressReport, Series

SCALES: Final[Mapping[str, tuple[float, float]]] = {
    "pain": (0, 10),
    "sessions": (0, 1),
    "rmdq": (0, 24),
    "odi": (0, 100),
    "psfs": (0, 10),
}
"""Fixed scales (the instrument's whole range), so that a small change looks small. Steps scale
to the highest day."""

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


class Kind(StrEnum):
    """How a series is drawn."""

    LINE = "line"
    """Points joined by a line: pain, questionnaire scores."""
    BARS = "bars"
    """A bar a day: steps."""
    MARKS = "marks"
    """A filled square for a day done, an empty one for a day missed: sessions."""


def scale_of(series: Series) -> tuple[float, float]:
    if series.key in SCALES:
        return SCALES[series.key]
    return 0.0, max([*series.values, 1.0])


def number(value: float) -> str:
    """At most one decimal, thousands separated: ``12,500``, ``4.5``, ``3``."""
    return f"{value:,.1f}".removesuffix(".0")


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
class Panel:
    series: Series
    kind: Kind


def _x(day: dt.date, first: dt.date, days: int, width: int) -> float:
    """Where ``day`` falls on an axis of ``days`` days from ``first``."""
    usable = width - LEFT - RIGHT
    return LEFT + usable * ((day - first).days + 0.5) / max(days, 1)


def _y(value: float, low: float, high: float, top: float) -> float:
    span = (high - low) or 1.0
    return top + PLOT_TOP + PLOT_HEIGHT * (1 - (min(max(value, low), high) - low) / span)


def point_label(series: Series, date: str, value: float) -> str:
    """A data point in words: ``2025-03-04: 4 /10``, ``2025-03-04: session done``."""
    if series.key == "sessions":
        return f"{date}: {'session done' if value else 'no session'}"
    return f"{date}: {number(value)} {series.unit}".strip()


def panel_svg(panel: Panel, top: float, width: int = SVG_WIDTH) -> str:
    """One chart (title, base line, scale, points and first and last dates) as a ``<g>``,
    ``top`` units down and ``width`` units wide."""
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
                "x2": width - RIGHT,
                "y2": top + PLOT_TOP + PLOT_HEIGHT,
                "stroke": INK,
            },
        ),
    ]
    if panel.kind is not Kind.MARKS:
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
                    text(number(value)),
                )
            )
    first = series.points[0].date if series.points else dt.date.min
    count = (series.points[-1].date - first).days + 1 if series.points else 1
    bar = max(2.0, (width - LEFT - RIGHT) / count * 0.6)
    line_points = []
    for point in series.points:
        if point.value is None:
            continue
        x = _x(point.date, first, count, width)
        y = _y(point.value, low, high, top)
        label = element(
            "title", None, text(point_label(series, point.date.isoformat(), point.value))
        )
        if panel.kind is Kind.BARS:
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
        elif panel.kind is Kind.MARKS:
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
            ("end", width - RIGHT, series.points[-1].date),
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
    panels = [Panel(report.pain, Kind.LINE), Panel(report.steps, Kind.BARS)]
    panels.append(Panel(report.sessions, Kind.MARKS))
    panels += [Panel(series, Kind.LINE) for series in report.scores]
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
    body += [panel_svg(panel, n * PANEL_HEIGHT) for n, panel in enumerate(panels)]
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


INLINE_WIDTH: Final = 360
"""Width of a chart on a page: about as wide as it is drawn on a phone (360 px), so that its
13-unit text stays 13 px there."""


def chart_svg(
    series: Series,
    kind: Kind,
    *,
    ident: str,
    description: str,
    width: int = INLINE_WIDTH,
) -> str:
    """One chart as an inline ``<svg>`` element (it scales to its container's width), named
    by its series' title and described by ``description``; ``ident`` makes its ids unique
    on the page."""
    height = PANEL_HEIGHT
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "class": "chart",
            "role": "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": "system-ui, sans-serif",
            "fill": INK,
        },
        element("title", {"id": f"{ident}-title"}, text(series.title)),
        element("desc", {"id": f"{ident}-desc"}, text(description)),
        element("rect", {"width": "100%", "height": "100%", "fill": "white"}),
        panel_svg(Panel(series, kind), 0, width),
    )
