"""The shared SVG charts: one chart for a page (named, described, drawn to scale, no style
attributes), and the terminal's file still made by the same code."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from unknot.charts import (
    INLINE_WIDTH,
    PLOT_HEIGHT,
    PLOT_TOP,
    Kind,
    chart_svg,
    number,
    point_label,
    scale_of,
)
from unknot.services.progress import Point, Series

SVG = "{http://www.w3.org/2000/svg}"
DAY = dt.date(2025, 3, 3)


def series(key: str, values: list[float | None], unit: str = "/10") -> Series:
    points = tuple(Point(DAY + dt.timedelta(days=n), v) for n, v in enumerate(values))
    return Series(key, f"{key} title", unit, points)


def test_a_chart_is_named_by_its_title_and_described_by_its_meaning() -> None:
    svg = chart_svg(series("pain", [4, None, 2]), Kind.LINE, ident="c1", description="Better.")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "pain title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Better."  # type: ignore[union-attr]
    assert root.get("viewBox") == f"0 0 {INLINE_WIDTH} 150"
    assert root.get("width") is None, "it scales to its container"


@pytest.mark.parametrize("kind", list(Kind))
def test_a_chart_has_no_style_attribute_or_script(kind: Kind) -> None:
    svg = chart_svg(
        series("steps", [1000, 0, None, 5000], "steps"), kind, ident="s", description=""
    )
    assert re.search(r"\sstyle=", svg) is None
    assert "<script" not in svg and "<style" not in svg


@pytest.mark.parametrize(
    ("value", "y"),
    [(10, PLOT_TOP), (0, PLOT_TOP + PLOT_HEIGHT), (5, PLOT_TOP + PLOT_HEIGHT / 2), (14, PLOT_TOP)],
)
def test_pain_is_drawn_on_its_whole_0_to_10_scale(value: float, y: float) -> None:
    svg = chart_svg(series("pain", [value]), Kind.LINE, ident="p", description="")
    circle = ET.fromstring(svg).find(f".//{SVG}circle")
    assert circle is not None
    assert float(circle.get("cy", "nan")) == pytest.approx(y, abs=0.05)


def test_every_point_says_its_value_and_missing_days_are_not_drawn() -> None:
    svg = chart_svg(series("pain", [4, None, 2.5]), Kind.LINE, ident="p", description="")
    titles = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert titles[1:] == ["2025-03-03: 4 /10", "2025-03-05: 2.5 /10"]


@pytest.mark.parametrize(
    ("key", "values", "scale"),
    [("pain", [3], (0, 10)), ("odi", [40], (0, 100)), ("steps", [1200, 800], (0.0, 1200))],
)
def test_scales_are_the_instruments_range_or_the_highest_day(
    key: str, values: list[float], scale: tuple[float, float]
) -> None:
    assert scale_of(series(key, list(values))) == scale


def test_numbers_and_points_read_as_words() -> None:
    assert number(12500) == "12,500"
    assert number(4.0) == "4"
    assert point_label(series("sessions", []), "2025-03-03", 1) == "2025-03-03: session done"
    assert point_label(series("sessions", []), "2025-03-03", 0) == "2025-03-03: no session"
