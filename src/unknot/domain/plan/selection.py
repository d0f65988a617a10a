"""Which exercises a day gets, and why: the needs of each phase and of each contributor, as data.

A :class:`Need` names categories, exercises to try first (in order), targets to fall back on,
how many exercises it wants, its priority and its reason. The generator tries the needs in
priority order, takes the first eligible exercises of each (right phase, position, equipment,
not paused), and fits them into the person's minutes.

Priorities: 1 is the core of the phase (positions of relief in the first 48 hours; one
strengthening exercise on a strength day after that, since exercise therapy, and resistance and
motor-control training in particular, has the best evidence: Owen 2020, Hayden 2021);
2 is each contributor's match; 3 fills remaining time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from unknot.domain.contributors import ContributorId
from unknot.domain.plan.library import Category, ExerciseSpec
from unknot.domain.plan.phase import Phase

PRIORITY_CORE = 1
PRIORITY_CONTRIBUTOR = 2
PRIORITY_FILL = 3

ACUTE_EXCLUDED = frozenset({Category.STRENGTH, Category.STRETCH})
"""No strengthening and no strong stretching in the first 48 hours (clinical reference §5-6)."""

SESSION_CATEGORIES = frozenset(Category) - {Category.AEROBIC}
"""Walking is planned as walks, not as a session item."""

NERVE_TENSION_TARGETS = frozenset({"hamstrings"})
"""[DESIGN] With an irritated nerve root (leg pain), stretches of these targets are left out:
a strong hamstring stretch also pulls on the sciatic nerve (NHS sciatica: stop anything that
makes the leg pain worse)."""

CATEGORY_ORDER: tuple[Category, ...] = (
    Category.RELIEF,
    Category.MOBILITY,
    Category.STRETCH,
    Category.STRENGTH,
    Category.POSTURE,
    Category.RELAXATION,
    Category.AEROBIC,
)
"""Order of items within a session: ease in, loosen, stretch, strengthen, then relax."""


MOVEMENT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"pelvic-tilt", "seated-pelvic-tilt"}),
    frozenset({"cat-cow", "chair-cat-cow"}),
    frozenset({"knee-to-chest", "double-knee-to-chest", "chair-knee-hug"}),
    frozenset({"seated-forward-bend", "chair-forward-bend"}),
    frozenset({"figure-four-stretch", "chair-figure-four"}),
    frozenset({"hamstring-stretch-towel", "standing-hamstring-stretch", "chair-hamstring-stretch"}),
    frozenset({"lying-twist", "chair-twist"}),
    frozenset({"standing-side-bend", "chair-side-bend"}),
    frozenset({"hip-flexor-lunge", "standing-hip-flexor-stretch", "chair-hip-flexor-stretch"}),
    frozenset({"walking", "marching-on-the-spot"}),
)
"""[DESIGN] Exercises that are versions of one movement (floor, chair, standing): a day holds
at most one of each family, so that time goes to different movements."""


def movement_family(exercise_id: str) -> str:
    """The family an exercise belongs to (its own id when it has no other versions)."""
    for family in MOVEMENT_FAMILIES:
        if exercise_id in family:
            return min(family)
    return exercise_id


@dataclass(frozen=True)
class Need:
    """What a day needs: ``count`` exercises of ``categories``, trying ``prefer`` first and then
    any exercise with one of ``targets``."""

    categories: frozenset[Category]
    prefer: tuple[str, ...]
    why: str
    count: int = 1
    targets: frozenset[str] = frozenset()
    priority: int = PRIORITY_FILL

    def covers(self, spec: ExerciseSpec) -> bool:
        """Whether ``spec`` meets this need (one of its categories, and preferred or on
        target)."""
        return spec.category in self.categories and (
            spec.id in self.prefer or spec.targets_any(self.targets)
        )

    def candidates(self, library: Iterable[ExerciseSpec]) -> tuple[ExerciseSpec, ...]:
        """Exercises for this need, most preferred first (eligibility is checked elsewhere;
        the generator keeps the eligible ones with the library)."""
        specs = list(library)
        by_id = {ex.id: ex for ex in specs}
        first = [by_id[ex_id] for ex_id in self.prefer if ex_id in by_id]
        rest = [
            ex
            for ex in specs
            if self.targets and ex.id not in self.prefer and ex.targets_any(self.targets)
        ]
        return tuple(ex for ex in first + rest if ex.category in self.categories)


def _need(
    categories: set[Category],
    prefer: tuple[str, ...],
    why: str,
    *,
    count: int = 1,
    targets: set[str] | None = None,
    priority: int = PRIORITY_FILL,
) -> Need:
    return Need(frozenset(categories), prefer, why, count, frozenset(targets or ()), priority)


S, M, ST, P, RL, RX = (
    Category.STRETCH,
    Category.MOBILITY,
    Category.STRENGTH,
    Category.POSTURE,
    Category.RELIEF,
    Category.RELAXATION,
)

RELIEF_NEEDS: tuple[Need, ...] = (
    _need(
        {RL},
        (
            "constructive-rest",
            "ninety-ninety-rest",
            "side-lying-rest",
            "supported-forward-lean",
            "prone-lying",
        ),
        "A position of relief lets the muscles settle: rest for a few minutes in the position "
        "that eases the pain most, then get moving again (NHS: keep moving, avoid bed rest).",
        priority=PRIORITY_CORE,
    ),
    _need(
        {M},
        ("knee-rocking", "pelvic-tilt", "chair-cat-cow", "seated-pelvic-tilt"),
        "Gentle, rhythmic movement within what is comfortable keeps a back in spasm from "
        "stiffening up; staying active helps more than bed rest (Cochrane).",
        priority=PRIORITY_CORE,
    ),
    _need(
        {RX},
        ("diaphragmatic-breathing",),
        "Slow breathing from the tummy helps tense muscles let go.",
        priority=PRIORITY_CORE,
    ),
)
"""The relief set: the first 48 hours of a spasm, and the days after a flare-up (§5-6)."""

_STRENGTH_CORE_WHY = (
    "Strengthening and motor-control exercises have the best evidence for function in back "
    "pain (Owen 2020 network meta-analysis); they are done 2-4 days a week with rest days "
    "between."
)

_MOVE_OFTEN = _need(
    {P},
    ("hip-hinge", "standing-back-extension", "posture-reset"),
    "A standing movement for everyday life: there is no one right way to bend or stand, so "
    "moving often and in different ways is the aim.",
)
"""A fill item that needs no floor and no equipment, so every setup has one."""

PHASE_NEEDS: dict[Phase, tuple[Need, ...]] = {
    Phase.ACUTE: RELIEF_NEEDS,
    Phase.SUBACUTE: (
        _need(
            {ST},
            ("glute-bridge", "abdominal-brace", "sit-to-stand", "clamshell"),
            "Light strengthening starts now the first 48 hours are over. " + _STRENGTH_CORE_WHY,
            priority=PRIORITY_CORE,
        ),
        _need(
            {M},
            ("cat-cow", "chair-cat-cow", "pelvic-tilt", "seated-pelvic-tilt", "knee-rocking"),
            "Gentle mobility every day eases stiffness and helps you trust your back again.",
        ),
        _need(
            {S},
            ("knee-to-chest", "chair-knee-hug", "standing-side-bend", "chair-side-bend"),
            "A gentle stretch for the lower back, to a mild pull only.",
            targets={"lower back", "gluteus maximus"},
        ),
        _need(
            {ST},
            ("abdominal-brace", "sit-to-stand", "clamshell", "glute-bridge"),
            _STRENGTH_CORE_WHY,
        ),
        _MOVE_OFTEN,
    ),
    Phase.CHRONIC: (
        _need(
            {ST},
            ("bird-dog", "side-plank-knees", "curl-up", "glute-bridge", "sit-to-stand"),
            "Building strength and endurance step by step. " + _STRENGTH_CORE_WHY,
            priority=PRIORITY_CORE,
        ),
        _need(
            {M},
            ("cat-cow", "chair-cat-cow", "pelvic-tilt", "seated-pelvic-tilt"),
            "Daily mobility keeps your back moving freely.",
        ),
        _need(
            {ST},
            ("side-plank-knees", "curl-up", "glute-bridge", "sit-to-stand", "abdominal-brace"),
            _STRENGTH_CORE_WHY,
            count=2,
        ),
        _need(
            {S},
            ("knee-to-chest", "chair-knee-hug", "lying-twist", "chair-twist"),
            "A gentle stretch for the lower back, to a mild pull only.",
            targets={"lower back"},
        ),
        _MOVE_OFTEN,
    ),
    Phase.PREVENTION: (
        _need(
            {ST},
            ("bird-dog", "side-plank-knees", "glute-bridge", "curl-up", "sit-to-stand"),
            "Keeping your back and hips strong helps you stay active. " + _STRENGTH_CORE_WHY,
            priority=PRIORITY_CORE,
        ),
        _need(
            {ST},
            ("side-plank-knees", "curl-up", "single-leg-bridge", "glute-bridge", "sit-to-stand"),
            _STRENGTH_CORE_WHY,
            count=2,
        ),
        _need(
            {M},
            ("cat-cow", "chair-cat-cow", "pelvic-tilt", "seated-pelvic-tilt"),
            "Daily mobility keeps your back moving freely.",
        ),
        _MOVE_OFTEN,
    ),
}
"""The needs of each phase (clinical reference §5-6)."""

CONTRIBUTOR_NEEDS: dict[ContributorId, tuple[Need, ...]] = {
    ContributorId.TIGHT_HAMSTRINGS: (
        _need(
            {S},
            (
                "hamstring-stretch-towel",
                "chair-hamstring-stretch",
                "standing-hamstring-stretch",
                "seated-forward-bend",
            ),
            "this stretch lengthens the muscles at the back of your thighs, gently.",
            targets={"hamstrings"},
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.TIGHT_HIP_FLEXORS: (
        _need(
            {S},
            ("standing-hip-flexor-stretch", "chair-hip-flexor-stretch", "hip-flexor-lunge"),
            "this stretch lengthens the muscles at the front of your hip.",
            targets={"hip flexors"},
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.PROLONGED_SITTING: (
        _need(
            {S},
            ("standing-hip-flexor-stretch", "chair-hip-flexor-stretch", "hip-flexor-lunge"),
            "this stretch opens out the front of the hips that long sitting keeps bent.",
            targets={"hip flexors"},
            priority=PRIORITY_CONTRIBUTOR,
        ),
        _need(
            {P},
            ("standing-back-extension", "posture-reset"),
            "this quick movement undoes a long spell of sitting: the best posture is the next one.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.WEAK_CORE: (
        _need(
            {ST, M},
            (
                "abdominal-brace",
                "four-point-arm-reach",
                "bird-dog",
                "dead-bug",
                "heel-slides",
                "seated-pelvic-tilt",
                "pelvic-tilt",
            ),
            "this motor-control exercise trains the deep trunk muscles that support your back "
            "(motor-control training ranked among the best for function, Owen 2020).",
            count=2,
            targets={"deep abdominal muscles"},
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.LOW_ACTIVITY: (
        _need(
            {ST},
            ("sit-to-stand", "glute-bridge"),
            "this builds the leg strength that everyday activity needs; walking builds up too.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.OVERUSE: (
        _need(
            {ST},
            ("glute-bridge", "sit-to-stand", "bird-dog"),
            "muscles that have done more than they are used to recover best with strength "
            "work that builds up gradually.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.SUDDEN_MOVEMENT: (
        _need(
            {M},
            ("knee-rocking", "pelvic-tilt", "cat-cow", "chair-cat-cow", "seated-pelvic-tilt"),
            "gentle, rhythmic movement helps a back that seized up suddenly to loosen again.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.NERVE_ROOT: (
        _need(
            {M},
            ("pelvic-tilt", "knee-rocking", "seated-pelvic-tilt"),
            "this is gentle movement that does not pull on the nerve. Stop any exercise that "
            "makes pain spread further down your leg.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.AGE_RELATED: (
        _need(
            {M, S},
            ("cat-cow", "chair-cat-cow", "lying-twist", "chair-twist"),
            "regular movement keeps stiff joints moving.",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.INFLAMMATORY: (
        _need(
            {M, S},
            (
                "cat-cow",
                "chair-cat-cow",
                "standing-side-bend",
                "chair-side-bend",
                "lying-twist",
                "chair-twist",
            ),
            "mobility every day suits back pain that eases with movement rather than rest; "
            "keep the GP appointment your triage suggests.",
            count=2,
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.STRESS: (
        _need(
            {RX},
            ("diaphragmatic-breathing", "progressive-relaxation"),
            "slow breathing or relaxation helps tense muscles let go (breathing exercises: Shi "
            "2023; progressive relaxation: ACP 2017).",
            priority=PRIORITY_CONTRIBUTOR,
        ),
    ),
    ContributorId.SLEEP_POSITION: (),
}
"""Contributor → the exercises that work on it (each ``why`` follows "<contributor>: <answers>,
so ..."). Sleeping position is met by a relief strategy, not an exercise."""
