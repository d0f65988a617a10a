"""Charts of progress in the terminal (columns of block characters). The SVG file
(``--svg``) is written by :mod:`unknot.charts`, which the web app's ``/progress`` shares.

Nothing here reads a clock or a database: a :class:`~unknot.services.progress.Series` comes in,
text comes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from unknot.charts import number as _number
from unknot.charts import scale_of, svg_progress
from unknot.services.progress import Series

__all__ = ["column_chart", "scale_of", "svg_progress", "terminal_chart"]

BLOCKS: Final = " ▁▂▃▄▅▆▇█"
"""Eighths of a character cell, from empty to full."""

MISSING: Final = "·"
"""A day with nothing logged, on the chart's base line."""

TERMINAL_HEIGHT: Final = 5
"""Rows of a terminal chart."""

COLUMN_WIDTH: Final = 2
"""Characters per day in a terminal chart."""


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
