"""The exercise library as the plan engine sees it: :class:`~unknot.domain.plan.Library` built
from the validated YAML files of :mod:`unknot.content.exercises`."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from unknot.content.exercises import Exercise, load_exercises
from unknot.domain.plan.library import Category, Dose, ExerciseSpec, Library, Position
from unknot.domain.plan.phase import Phase


def to_spec(exercise: Exercise) -> ExerciseSpec:
    """The plan engine's view of one exercise of the library."""
    d = exercise.dosage
    return ExerciseSpec(
        id=exercise.id,
        name=exercise.name,
        category=Category(exercise.category.value),
        position=Position(exercise.position.value),
        phases=frozenset(Phase(p.value) for p in exercise.phases),
        targets=exercise.targets,
        dose=Dose(
            sets=d.sets,
            reps=d.reps,
            hold_seconds=d.hold_seconds,
            per_side=d.per_side,
            rest_seconds=d.rest_seconds,
            minutes=d.minutes,
        ),
        equipment=frozenset(e.value for e in exercise.equipment),
        easier=exercise.easier,
        harder=exercise.harder,
        references=exercise.references,
    )


def build_library(exercises: Iterable[Exercise]) -> Library:
    """A plan-engine library from content exercises (e.g. a test's own directory)."""
    return Library(to_spec(ex) for ex in exercises)


@functools.cache
def load_library() -> Library:
    """The package's exercise library for the plan engine, read once and cached."""
    return build_library(load_exercises())
