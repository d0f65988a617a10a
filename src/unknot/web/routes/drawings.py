"""More of each exercise's drawing: a still frame for people who ask for reduced motion
(``/exercises/{id}/still.svg``) and the numbered strip of key frames for print
(``/exercises/{id}/strip.svg``). The animation itself is served by
:mod:`unknot.web.routes.exercises`."""

from __future__ import annotations

import functools
from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from unknot.content.exercises import get_exercise
from unknot.errors import ContentError, NotFound
from unknot.web.routes.exercises import ILLUSTRATION_MAX_AGE
from unknot.web.security import ILLUSTRATION_POLICY

router = APIRouter(include_in_schema=False)


@functools.cache
def _drawing(kind: str, exercise_id: str) -> str | None:
    from unknot.illustration import strip_svg
    from unknot.illustration.still import still_svg

    draw: Callable[[str], str] = still_svg if kind == "still" else strip_svg
    try:
        return draw(exercise_id)
    except (ContentError, NotFound, FileNotFoundError):
        return None


def _svg(kind: str, exercise_id: str) -> Response:
    chosen = get_exercise(exercise_id)
    svg = _drawing(kind, chosen.id)
    if svg is None:
        raise HTTPException(404)
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            "Content-Security-Policy": ILLUSTRATION_POLICY,
            "Cache-Control": f"public, max-age={ILLUSTRATION_MAX_AGE}",
        },
    )


@router.get("/exercises/{exercise_id}/still.svg")
def still(exercise_id: str) -> Response:
    """The drawing stopped at its key position (no animation)."""
    return _svg("still", exercise_id)


@router.get("/exercises/{exercise_id}/strip.svg")
def strip(exercise_id: str) -> Response:
    """The drawing's key positions side by side, numbered, in black and grey for print."""
    return _svg("strip", exercise_id)
