"""The exercise library: one YAML file per exercise in ``exercises/`` beside this module.

Each file is validated when it is loaded (schema, dosing rules of the clinical reference §6, and
the acute-phase rule); the library as a whole is then checked for links (``easier``/``harder``
name existing exercises and agree with each other, no loops) and for references that exist in
``references.yaml``. Any problem is a :class:`~unknot.errors.ContentError` naming the file and
the field.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from unknot.content.references import ID_PATTERN, load_references
from unknot.domain.plan.library import Category as Category
from unknot.domain.plan.library import Position as Position
from unknot.domain.validation import field_path
from unknot.errors import ContentError, NotFound

EXERCISES_DIR = Path(__file__).parent / "exercises"


class Phase(StrEnum):
    """Stage of an episode. ``acute`` is the first 24-48 hours of a spasm."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"
    PREVENTION = "prevention"


class Equipment(StrEnum):
    """The fixed set of household equipment an exercise may need."""

    MAT = "mat"
    CHAIR = "chair"
    TOWEL = "towel"
    PILLOW = "pillow"
    TABLE = "table"
    STEP = "step"
    WALL = "wall"
    CUSHION = "cushion"


STRETCH_HOLD_SECONDS = (15, 30)
"""Static stretch hold, inclusive. ACSM (Garber 2011) gives 10-30 s for most adults; Bandy 1997
found 30 s as good as 60 s. The library uses 15-30 s (clinical reference §6)."""

STRETCH_REPETITIONS = (2, 4)
"""Repetitions of a static stretch, inclusive: ACSM's 2-4, to build about 60 s per stretch."""

STRETCH_TOTAL_SECONDS = (40, 120)
"""Accumulated time per stretch (and per side), inclusive. ACSM aims at about 60 s; the range
leaves room for 2 x 20 s (a gentle start) up to 4 x 30 s."""

STRENGTH_SETS = (2, 3)
"""Sets for strengthening, inclusive (clinical reference §6)."""

MAX_STRENGTH_HOLD_SECONDS = 10
"""Longest hold in an endurance (strength) exercise: McGill-style holds of about 7-10 s.
Practitioner-sourced (McGill, Back Mechanic); not confirmed in primary literature."""

ACUTE_EXCLUDED = frozenset({Category.STRENGTH, Category.STRETCH})
"""No strengthening and no strong stretching in the acute phase (clinical reference §6; NHS:
keep moving gently)."""

TIMED_CATEGORIES = frozenset({Category.AEROBIC, Category.RELIEF, Category.RELAXATION})
"""Walking, rest positions and breathing are dosed in minutes (clinical reference §6)."""


class _Content(BaseModel):
    """Base for content files: frozen, and unknown fields fail loudly so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Dosage(_Content):
    """The default dose; the plan engine scales it.

    A counted exercise has ``reps`` (each may have a short ``hold_seconds``); a static hold has
    ``hold_seconds`` and no ``reps`` (each set is one hold); a timed activity has ``minutes``.
    """

    sets: int = Field(ge=1, le=6)
    reps: int | None = Field(default=None, ge=1, le=30)
    hold_seconds: int | None = Field(default=None, ge=1, le=120)
    per_side: bool = False
    rest_seconds: int = Field(default=0, ge=0, le=180)
    minutes: int | None = Field(default=None, ge=1, le=60)

    @model_validator(mode="after")
    def _one_kind_of_dose(self) -> Dosage:
        if self.minutes is not None and (self.reps is not None or self.hold_seconds is not None):
            raise ValueError("a timed dose (minutes) has no reps and no hold_seconds")
        if self.minutes is None and self.reps is None and self.hold_seconds is None:
            raise ValueError("give reps, hold_seconds or minutes")
        return self

    def in_words(self) -> str:
        """The dose as a person reads it, e.g. ``3 × 30 s each side, rest 20 s``."""
        side = " each side" if self.per_side else ""
        if self.minutes is not None:
            text = f"{self.minutes} min" if self.sets == 1 else f"{self.sets} × {self.minutes} min"
            text += side
        elif self.reps is None:
            text = f"{self.sets} × {self.hold_seconds} s{side}"
        else:
            reps = "1 rep" if self.reps == 1 else f"{self.reps} reps"
            text = (reps if self.sets == 1 else f"{self.sets} × {reps}") + side
            if self.hold_seconds is not None:
                text += f", hold {self.hold_seconds} s"
        if self.rest_seconds and (self.sets > 1 or (self.reps or 0) > 1):
            text += f", rest {self.rest_seconds} s"
        return text


class Exercise(_Content):
    """One exercise of the library, as written in ``exercises/<id>.yaml``."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3, max_length=80)
    summary: str = Field(min_length=10, max_length=240)
    category: Category
    position: Position
    phases: tuple[Phase, ...] = Field(min_length=1)
    targets: tuple[str, ...] = Field(min_length=1)
    equipment: tuple[Equipment, ...] = ()
    dosage: Dosage
    steps: tuple[str, ...] = Field(min_length=3)
    mistakes: tuple[str, ...] = Field(min_length=1)
    cautions: tuple[str, ...] = Field(min_length=1)
    easier: str | None = Field(default=None, pattern=ID_PATTERN)
    harder: str | None = Field(default=None, pattern=ID_PATTERN)
    references: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _follows_the_rules(self) -> Exercise:
        for name in ("phases", "equipment", "references"):
            values: tuple[object, ...] = getattr(self, name)
            if len(set(values)) != len(values):
                raise ValueError(f"{name}: an entry is repeated")
        for name in ("steps", "mistakes", "cautions", "targets"):
            if any(not text for text in getattr(self, name)):
                raise ValueError(f"{name}: an entry is empty")
        if self.id in (self.easier, self.harder):
            raise ValueError("easier/harder: an exercise cannot link to itself")
        if Phase.ACUTE in self.phases and self.category in ACUTE_EXCLUDED:
            raise ValueError(
                f"phases: a {self.category} exercise cannot be in the acute phase "
                "(no strengthening or strong stretching in the first 24-48 hours)"
            )
        _check_dose(self.category, self.dosage)
        return self

    def describe_dose(self) -> str:
        return self.dosage.in_words()


def _check_dose(category: Category, dose: Dosage) -> None:
    """The dosing rules of the clinical reference §6 for each category."""
    if category in TIMED_CATEGORIES and dose.minutes is None:
        raise ValueError(f"dosage: a {category} exercise is dosed in minutes")
    if category is Category.STRETCH:
        low, high = STRETCH_HOLD_SECONDS
        if dose.reps is not None or dose.hold_seconds is None:
            raise ValueError("dosage: a stretch is a static hold (hold_seconds, reps null)")
        if not low <= dose.hold_seconds <= high:
            raise ValueError(f"dosage.hold_seconds: a stretch is held {low}-{high} s")
        least, most = STRETCH_REPETITIONS
        if not least <= dose.sets <= most:
            raise ValueError(f"dosage.sets: a stretch is repeated {least}-{most} times")
        shortest, longest = STRETCH_TOTAL_SECONDS
        if not shortest <= dose.sets * dose.hold_seconds <= longest:
            raise ValueError(
                f"dosage: a stretch adds up to {shortest}-{longest} s (about 60 s per stretch)"
            )
    if category is Category.STRENGTH:
        least, most = STRENGTH_SETS
        if not least <= dose.sets <= most:
            raise ValueError(f"dosage.sets: strengthening is {least}-{most} sets")
        if dose.reps is None:
            raise ValueError("dosage.reps: strengthening is counted in reps")
        if dose.hold_seconds is not None and dose.hold_seconds > MAX_STRENGTH_HOLD_SECONDS:
            raise ValueError(
                f"dosage.hold_seconds: endurance holds are at most {MAX_STRENGTH_HOLD_SECONDS} s"
            )


@dataclass(frozen=True)
class LibraryProblem:
    """A problem between exercises (a link or a reference), found after each file is valid."""

    exercise_id: str
    field: str
    message: str


def library_problems(
    exercises: Sequence[Exercise], reference_ids: Collection[str]
) -> list[LibraryProblem]:
    """Every problem across the library: duplicate ids, links to missing exercises, easier and
    harder links that disagree, loops in a chain, and references missing from the bibliography."""
    problems: list[LibraryProblem] = []
    by_id: dict[str, Exercise] = {}
    for ex in exercises:
        if ex.id in by_id:
            problems.append(LibraryProblem(ex.id, "id", f"duplicate id {ex.id!r}"))
        by_id[ex.id] = ex
    for ex in exercises:
        for ref in ex.references:
            if ref not in reference_ids:
                problems.append(LibraryProblem(ex.id, "references", f"no reference called {ref!r}"))
        for name, back in (("harder", "easier"), ("easier", "harder")):
            target_id: str | None = getattr(ex, name)
            if target_id is None:
                continue
            target = by_id.get(target_id)
            if target is None:
                problems.append(LibraryProblem(ex.id, name, f"no exercise called {target_id!r}"))
            elif getattr(target, back) is None:
                problems.append(
                    LibraryProblem(
                        ex.id,
                        name,
                        f"{target_id!r} is {name} than {ex.id!r}, so {target_id}.{back} "
                        "should name an exercise",
                    )
                )
    problems.extend(_loops(by_id))
    return problems


def _loops(by_id: dict[str, Exercise]) -> Iterable[LibraryProblem]:
    for direction in ("harder", "easier"):
        for start in sorted(by_id):
            seen = {start}
            current: str | None = getattr(by_id[start], direction)
            while current is not None and current in by_id:
                if current == start:
                    yield LibraryProblem(start, direction, f"the {direction} chain loops back")
                    break
                if current in seen:
                    break
                seen.add(current)
                current = getattr(by_id[current], direction)


def exercise_errors(data: Any) -> tuple[Exercise | None, list[tuple[str, str]]]:
    """Validate one exercise's parsed YAML: the exercise, or every problem as (field, message)."""
    if not isinstance(data, dict):
        return None, [("(file)", "the file must be a mapping of fields")]
    try:
        return Exercise.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            where = field_path(tuple(error["loc"])) or "(file)"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append((where, message))
        return None, problems


def parse_exercise(data: Any, source: str) -> Exercise:
    """Validate one exercise's parsed YAML; ContentError naming ``source`` and the field."""
    exercise, problems = exercise_errors(data)
    if exercise is None:
        where, message = problems[0]
        raise ContentError(f"{source}: {where}: {message}")
    return exercise


def check_exercise_file(path: Path) -> tuple[Exercise | None, list[tuple[str, str]]]:
    """One exercise file checked on its own: the exercise (None if it is not valid) and every
    problem as (field, message). The file must be named ``<id>.yaml``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, [("(file)", f"cannot read: {exc}")]
    except yaml.YAMLError as exc:
        return None, [("(file)", f"not valid YAML: {exc}")]
    exercise, problems = exercise_errors(data)
    if exercise is not None and path.stem != exercise.id:
        return None, [("id", f"the file must be named {exercise.id}.yaml")]
    return exercise, problems


def read_exercise_file(path: Path) -> Exercise:
    """One exercise file, checked on its own; ContentError naming the file and the field."""
    exercise, problems = check_exercise_file(path)
    if exercise is None:
        where, message = problems[0]
        raise ContentError(f"{path.name}: {where}: {message}")
    return exercise


def exercise_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def load_exercises(directory: Path | None = None) -> list[Exercise]:
    """Every exercise, sorted by id, checked one by one and as a library.

    ``directory`` defaults to the package's own library, which is read once and cached.
    """
    if directory is None:
        return list(_default_library())
    return _load(directory)


@functools.cache
def _default_library() -> tuple[Exercise, ...]:
    return tuple(_load(EXERCISES_DIR))


def _load(directory: Path) -> list[Exercise]:
    exercises = [read_exercise_file(path) for path in exercise_files(directory)]
    exercises.sort(key=lambda ex: ex.id)
    problems = library_problems(exercises, set(load_references()))
    if problems:
        first = problems[0]
        raise ContentError(f"{first.exercise_id}.yaml: {first.field}: {first.message}")
    return exercises


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise called ``exercise_id``; NotFound naming the known ids otherwise."""
    exercises = load_exercises()
    for ex in exercises:
        if ex.id == exercise_id:
            return ex
    raise NotFound("exercise", exercise_id, [ex.id for ex in exercises])


def filter_exercises(
    exercises: Iterable[Exercise],
    *,
    category: Category | None = None,
    position: Position | None = None,
    phase: Phase | None = None,
) -> list[Exercise]:
    """The exercises that match every filter given. ``position=any`` exercises suit every
    position, so they are kept for any position filter."""
    return [
        ex
        for ex in exercises
        if (category is None or ex.category == category)
        and (position is None or ex.position in (position, Position.ANY))
        and (phase is None or phase in ex.phases)
    ]
