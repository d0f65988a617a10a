"""Small helpers shared by the page and API routes: labels, citations, illustrations."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from typing import Any, Final, cast

from unknot.content.exercises import Category, Exercise, get_exercise
from unknot.content.references import format_reference, load_references
from unknot.domain.triage import Level
from unknot.errors import ContentError, NotFound

LEVEL_LABELS: Final = {
    Level.EMERGENCY: "Emergency: get help now",
    Level.URGENT: "Urgent: see a doctor today",
    Level.SEE_CLINICIAN_SOON: "See a clinician soon",
    Level.SELF_MANAGE: "Self-manage, with a safety net",
}
"""The triage level as a person reads it (the terminal shows the same words)."""

CATEGORY_TITLES: Final = {
    Category.RELIEF: "Relief positions",
    Category.RELAXATION: "Relaxation and breathing",
    Category.MOBILITY: "Gentle mobility",
    Category.STRETCH: "Stretches",
    Category.STRENGTH: "Strengthening",
    Category.AEROBIC: "Walking",
    Category.POSTURE: "Posture breaks",
}
"""Headings of the exercise library, in the order shown."""


def level_label(level: Level) -> str:
    return LEVEL_LABELS[level]


def citations(ids: Iterable[str]) -> list[dict[str, str]]:
    """Each reference id with its one-line citation (the id alone if it is unknown)."""
    refs = load_references()
    return [
        {"id": ident, "citation": format_reference(refs[ident]) if ident in refs else ident}
        for ident in ids
    ]


def _illustrator() -> Callable[[str], str] | None:
    module = importlib.import_module("unknot.illustration")
    return cast("Callable[[str], str] | None", getattr(module, "animated_svg", None))


@functools.cache
def illustration_svg(exercise_id: str) -> str | None:
    """The exercise's animated SVG from the illustration layer, or None when there is none
    (the layer is not there yet, or has no pose for this exercise)."""
    draw = _illustrator()
    if draw is None:
        return None
    try:
        return draw(exercise_id)
    except (ContentError, NotFound, FileNotFoundError):
        return None


def illustrated(exercises: Iterable[Exercise]) -> set[str]:
    """The ids of those exercises that have a drawing."""
    return {ex.id for ex in exercises if illustration_svg(ex.id) is not None}


def exercises_by_id(ids: Iterable[str]) -> list[Exercise]:
    """The exercises named, in order; unknown ids are left out (the content linter flags them)."""
    found = []
    for ident in ids:
        try:
            found.append(get_exercise(ident))
        except NotFound:
            continue
    return found


def exercise_json(ex: Exercise) -> dict[str, Any]:
    """One exercise for the API: its fields, the dose in words, citations, the drawing's URL."""
    data = ex.model_dump(mode="json")
    data["dose"] = ex.dosage.in_words()
    data["references"] = citations(ex.references)
    has_drawing = illustration_svg(ex.id) is not None
    data["illustration_url"] = f"/exercises/{ex.id}/illustration.svg" if has_drawing else None
    return data
