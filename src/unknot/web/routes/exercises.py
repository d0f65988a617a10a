"""The exercise library: ``/exercises``, ``/exercises/{id}`` and each drawing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from unknot.content.exercises import Exercise, get_exercise, load_exercises
from unknot.web.render import render
from unknot.web.security import ILLUSTRATION_POLICY
from unknot.web.views import CATEGORY_TITLES, citations, illustration_svg

router = APIRouter(include_in_schema=False)

ILLUSTRATION_MAX_AGE = 86_400
"""Drawings change only with a new release: browsers may keep them for a day."""


@router.get("/exercises")
def exercises(request: Request) -> Response:
    library = load_exercises()
    groups = []
    for category in CATEGORY_TITLES:
        items = sorted((ex for ex in library if ex.category == category), key=lambda e: e.name)
        if items:
            groups.append((category, items))
    return render(
        request,
        "exercises.html",
        {"title": "Exercises", "groups": groups, "category_titles": CATEGORY_TITLES},
    )


def _linked(ident: str | None) -> Exercise | None:
    return get_exercise(ident) if ident else None


@router.get("/exercises/{exercise_id}")
def exercise(request: Request, exercise_id: str) -> Response:
    chosen = get_exercise(exercise_id)
    return render(
        request,
        "exercise.html",
        {
            "title": chosen.name,
            "exercise": chosen,
            "illustrated": illustration_svg(chosen.id) is not None,
            "easier": _linked(chosen.easier),
            "harder": _linked(chosen.harder),
            "references": citations(chosen.references),
        },
    )


@router.get("/exercises/{exercise_id}/illustration.svg")
def illustration(exercise_id: str) -> Response:
    chosen = get_exercise(exercise_id)
    svg = illustration_svg(chosen.id)
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
