"""The exercise library as the plan engine sees it: a small, plain view of each exercise.

The domain never reads YAML: :mod:`unknot.content.library` builds these views from the content
files, and tests build them directly. A :class:`Library` checks that ids are unique and that
``easier``/``harder`` links name exercises it holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar, get_args

from unknot.domain.answers import Equipment
from unknot.domain.plan.phase import Phase
from unknot.errors import ContentError, NotFound

EQUIPMENT: frozenset[str] = frozenset(get_args(Equipment))
"""Household equipment a person may have (the assessment's ``preferences.equipment`` values)."""

OPTIONAL_EQUIPMENT: frozenset[str] = frozenset({"mat"})
"""Equipment a plan never requires: floor work without a mat is fine on a carpet or a folded
blanket. [DESIGN]"""


class Category(StrEnum):
    """What an exercise is for (values as in the exercise library)."""

    STRETCH = "stretch"
    MOBILITY = "mobility"
    STRENGTH = "strength"
    AEROBIC = "aerobic"
    RELAXATION = "relaxation"
    POSTURE = "posture"
    RELIEF = "relief"


class Position(StrEnum):
    """Where the body is; ``any`` suits every setting."""

    FLOOR = "floor"
    CHAIR = "chair"
    STANDING = "standing"
    ANY = "any"


TIMED_CATEGORIES = frozenset({Category.AEROBIC, Category.RELIEF, Category.RELAXATION})
"""Walking, rest positions and breathing are dosed in minutes (clinical reference §6)."""


@dataclass(frozen=True)
class Dose:
    """A dose: counted (``reps``, each maybe with a short ``hold_seconds``), a static hold
    (``hold_seconds`` and no ``reps``: each set is one hold) or timed (``minutes``)."""

    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0
    minutes: int | None = None

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError("a dose has at least one set")
        if self.minutes is None and self.reps is None and self.hold_seconds is None:
            raise ValueError("a dose gives reps, hold_seconds or minutes")
        if self.minutes is not None and (self.reps is not None or self.hold_seconds is not None):
            raise ValueError("a timed dose (minutes) has no reps and no hold_seconds")

    @property
    def timed(self) -> bool:
        return self.minutes is not None

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    def in_words(self) -> str:
        """The dose as a person reads it, e.g. ``3 × 20 s each side``."""
        side = " each side" if self.per_side else ""
        if self.minutes is not None:
            base = f"{self.minutes} min" if self.sets == 1 else f"{self.sets} × {self.minutes} min"
            return base + side
        if self.reps is None:
            return f"{self.sets} × {self.hold_seconds} s{side}"
        reps = "1 rep" if self.reps == 1 else f"{self.reps} reps"
        text = (reps if self.sets == 1 else f"{self.sets} × {reps}") + side
        if self.hold_seconds is not None:
            text += f", hold {self.hold_seconds} s"
        return text


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise as the plan engine needs it."""

    id: str
    name: str
    category: Category
    position: Position
    phases: frozenset[Phase]
    targets: tuple[str, ...]
    dose: Dose
    equipment: frozenset[str] = frozenset()
    easier: str | None = None
    harder: str | None = None
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = self.equipment - EQUIPMENT
        if unknown:
            raise ValueError(f"{self.id}: unknown equipment {sorted(unknown)}")

    def needs(self) -> frozenset[str]:
        """Equipment this exercise cannot do without (a mat is never required)."""
        return self.equipment - OPTIONAL_EQUIPMENT

    def targets_any(self, targets: Iterable[str]) -> bool:
        return not set(self.targets).isdisjoint(targets)


T = TypeVar("T")


class Library:
    """Exercises by id, iterated in id order. Links must name exercises of the library."""

    def __init__(self, exercises: Iterable[ExerciseSpec]) -> None:
        by_id: dict[str, ExerciseSpec] = {}
        for spec in exercises:
            if spec.id in by_id:
                raise ContentError(f"library: duplicate exercise id {spec.id!r}")
            by_id[spec.id] = spec
        for spec in by_id.values():
            for link in (spec.easier, spec.harder):
                if link is not None and link not in by_id:
                    raise ContentError(f"library: {spec.id} links to a missing exercise {link!r}")
        self._by_id = dict(sorted(by_id.items()))
        self._digest: str | None = None
        self.derived: dict[object, Any] = {}
        """Results worked out from the library and kept with it, by key (the library never
        changes): the generator keeps each need's eligible candidates here, and its bounded kinds
        (:meth:`keep`)."""

    @property
    def digest(self) -> str:
        """A fingerprint of everything the plan engine reads from the library: two libraries
        with the same digest make the same plans (used to trust a stored plan state)."""
        if self._digest is None:
            canonical = json.dumps(
                [_spec_fields(spec) for spec in self._by_id.values()],
                sort_keys=True,
                separators=(",", ":"),
            )
            self._digest = hashlib.sha256(canonical.encode()).hexdigest()
        return self._digest

    def keep(self, kind: str, key: object, make: Callable[[], T], bound: int) -> T:
        """What ``make`` gives for ``key``, worked out once and kept with the library among the
        results of its ``kind`` (``derived[kind]``); past ``bound`` of them the kept ones are
        dropped and worked out again as asked."""
        kept: dict[object, T] = self.derived.setdefault(kind, {})
        found = kept.get(key)
        if found is None:
            found = make()
            if len(kept) >= bound:
                kept.clear()
            kept[key] = found
        return found

    def __iter__(self) -> Iterator[ExerciseSpec]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> ExerciseSpec:
        """The exercise called ``exercise_id``; :class:`NotFound` otherwise."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise NotFound("exercise", exercise_id, list(self._by_id)) from None

    def ids(self) -> list[str]:
        return list(self._by_id)


def _spec_fields(spec: ExerciseSpec) -> dict[str, Any]:
    """``spec`` as plain JSON values, sets sorted (their order changes between processes)."""
    fields = dataclasses.asdict(spec)
    return {
        name: sorted(str(v) for v in value) if isinstance(value, frozenset) else value
        for name, value in fields.items()
    }
