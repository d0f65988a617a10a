"""``/progress``: charts of pain, disability scores, steps and sessions, each with what the change
means in words (:mod:`unknot.services.progress`), drawn as inline SVG on the server
(:mod:`unknot.charts`, shared with ``unknot progress --svg``) with a table of the numbers."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from unknot.charts import Kind, chart_svg, number, point_label
from unknot.domain.plan.model import long_date
from unknot.services.progress import DEFAULT_DAYS, ProgressReport, Series, progress_report
from unknot.web.journey import signed_in, to_sign_in, uow
from unknot.web.render import render

router = APIRouter(include_in_schema=False)

MAX_DAYS: Final = 366
"""The longest look back: a year (as ``unknot progress --days``)."""

CHOICES: Final = (14, DEFAULT_DAYS, 90)
"""Spans offered on the page, in days."""


@dataclass(frozen=True)
class Chart:
    """One chart of the page: its heading, what it means, the SVG and the numbers."""

    key: str
    heading: str
    meaning: str
    svg: str
    rows: list[tuple[str, str]]

    @property
    def empty(self) -> bool:
        return not self.rows


def _rows(series: Series) -> list[tuple[str, str]]:
    return [
        (long_date(p.date), point_label(series, "", p.value).removeprefix(": "))
        for p in series.points
        if p.value is not None
    ]


def _steps_meaning(series: Series) -> str:
    values = series.values
    if not values:
        return "No steps logged yet. Add them in the diary, or import them from your phone."
    average = statistics.fmean(values)
    days = "1 day" if len(values) == 1 else f"{len(values)} days"
    steps = number(round(average))
    return f"On the {days} with steps logged, you walked {steps} steps a day on average."


def charts(report: ProgressReport) -> list[Chart]:
    """The charts in the order shown, each with the meaning that goes with it."""
    meanings = {meaning.subject: meaning.text for meaning in report.meanings}
    parts: list[tuple[str, str, Series, Kind, str]] = [
        (
            "pain",
            "Pain",
            report.pain,
            Kind.LINE,
            meanings.get("pain", "Log your pain most days to see how it changes."),
        )
    ]
    for series in report.scores:
        parts.append(
            (
                series.key,
                series.title,
                series,
                Kind.LINE,
                meanings.get(series.key, "Take it again in a few weeks to see the change."),
            )
        )
    parts.append(("steps", "Steps", report.steps, Kind.BARS, _steps_meaning(report.steps)))
    parts.append(
        (
            "sessions",
            "Sessions done",
            report.sessions,
            Kind.MARKS,
            meanings.get("adherence", "No sessions were planned in this time yet."),
        )
    )
    return [
        Chart(
            key,
            heading,
            meaning,
            chart_svg(series, kind, ident=f"chart-{key}", description=meaning),
            _rows(series),
        )
        for key, heading, series, kind, meaning in parts
    ]


@router.get("/progress")
def progress(request: Request, days: int = DEFAULT_DAYS) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    span = min(max(days, 1), MAX_DAYS)
    with uow(request, read_only=True) as work:
        report = progress_report(work, visit.person_id, today=visit.today, days=span)
    return render(
        request,
        "progress.html",
        {
            "title": "Your progress",
            "report": report,
            "charts": charts(report),
            "start": long_date(report.start),
            "end": long_date(report.end),
            "span": span,
            "choices": CHOICES,
            "has_scores": bool(report.scores),
        },
    )
