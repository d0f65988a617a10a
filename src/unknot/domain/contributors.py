"""The contributing-cause profile: what likely drives this person's tightness, and which
answers led there. These are contributors to work on, not diagnoses.

Most tightness comes from muscle imbalance (tight hamstrings or hip flexors), long sitting,
a weak or deconditioned trunk, overuse, or a sudden lift or twist; some from nerve-root
irritation, age-related change or an inflammatory pattern (clinical reference sections 1.5
and 4; ACP/APS 2007 recommendation 1 sorts back pain into nonspecific, radicular and specific
causes and asks about psychosocial factors).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from unknot.domain.answers import (
    Answers,
    HipFlexorTest,
    Legs,
    Onset,
    Reach,
    Trigger,
    Work,
)
from unknot.domain.screens import Screens

LONG_SITTING_HOURS = 6.0
"""[DESIGN] Sitting 6 hours a day or more counts as prolonged sitting: a common threshold in
sedentary-behaviour research; NHS advice is to break up long periods of sitting."""

LOW_STEPS_PER_DAY = 5000
"""[DESIGN] Fewer than about 5,000 steps a day is a common marker of low daily activity."""

SHORT_PLANK_SECONDS = 30
"""[DESIGN] A front plank held for under 30 seconds suggests low trunk endurance; a screening
cue only (trunk endurance norms vary widely by age and sex)."""

STIFFNESS_AGE = 50
"""Age-related change (disc and facet joint wear) becomes common from middle age; CKS uses 50
as the age above which new back pain deserves a closer look (see S-AGE-NEW-ONSET)."""

DISTRESS_SUBSCALE = 3
"""STarT Back psychosocial subscale of 3 or more (of 5): worry, low mood or fear are adding to
the pain (Keele SBST; the high-risk cut-off is 4)."""


class ContributorId(StrEnum):
    TIGHT_HAMSTRINGS = "tight_hamstrings"
    TIGHT_HIP_FLEXORS = "tight_hip_flexors"
    PROLONGED_SITTING = "prolonged_sitting"
    WEAK_CORE = "weak_core"
    LOW_ACTIVITY = "low_activity"
    OVERUSE = "overuse"
    SUDDEN_MOVEMENT = "sudden_movement"
    NERVE_ROOT = "disc_or_nerve_root_irritation"
    AGE_RELATED = "age_related_stiffness"
    INFLAMMATORY = "inflammatory_pattern"
    STRESS = "stress_and_worry"
    SLEEP_POSITION = "sleeping_position"


TITLES: dict[ContributorId, str] = {
    ContributorId.TIGHT_HAMSTRINGS: "Tight hamstrings",
    ContributorId.TIGHT_HIP_FLEXORS: "Tight hip flexors",
    ContributorId.PROLONGED_SITTING: "Long periods of sitting",
    ContributorId.WEAK_CORE: "A trunk that tires quickly (weak core)",
    ContributorId.LOW_ACTIVITY: "Low daily activity",
    ContributorId.OVERUSE: "Overuse or unaccustomed work",
    ContributorId.SUDDEN_MOVEMENT: "A sudden lift, bend or twist",
    ContributorId.NERVE_ROOT: "Irritation of a disc or nerve root (leg pain)",
    ContributorId.AGE_RELATED: "Age-related stiffness",
    ContributorId.INFLAMMATORY: "An inflammatory pattern",
    ContributorId.STRESS: "Stress, worry and low mood",
    ContributorId.SLEEP_POSITION: "Sleeping position",
}


@dataclass(frozen=True)
class Contributor:
    id: ContributorId
    likelihood: str  # "likely" or "possible"
    why: str
    answers: tuple[str, ...]

    @property
    def title(self) -> str:
        return TITLES[self.id]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "title": self.title,
            "likelihood": self.likelihood,
            "why": self.why,
            "answers": list(self.answers),
        }


def _hours(value: float) -> str:
    return f"{value:g}"


def contributors(a: Answers, screens: Screens) -> list[Contributor]:
    """The likely contributors for these answers, most specific first."""
    found: list[Contributor] = []
    add = found.append
    ep, legs = a.ep, a.leg
    tests, life = a.self_tests, a.lifestyle

    if tests is not None and tests.forward_bend_reach in (Reach.KNEES, Reach.THIGHS):
        add(
            Contributor(
                ContributorId.TIGHT_HAMSTRINGS,
                "likely",
                f"Bending forward with straight legs, you reached only your "
                f"{tests.forward_bend_reach.value}.",
                ("self_tests.forward_bend_reach",),
            )
        )
    elif tests is not None and tests.forward_bend_reach == Reach.SHINS:
        add(
            Contributor(
                ContributorId.TIGHT_HAMSTRINGS,
                "possible",
                "Bending forward with straight legs, you reached your shins.",
                ("self_tests.forward_bend_reach",),
            )
        )

    sitting = life.sitting_hours_per_day if life else None
    if tests is not None and tests.hip_flexor_test == HipFlexorTest.TIGHT:
        add(
            Contributor(
                ContributorId.TIGHT_HIP_FLEXORS,
                "likely",
                "In the hip-flexor test, your thigh stayed up off the bed or table.",
                ("self_tests.hip_flexor_test",),
            )
        )
    elif sitting is not None and sitting >= LONG_SITTING_HOURS:
        add(
            Contributor(
                ContributorId.TIGHT_HIP_FLEXORS,
                "possible",
                f"Sitting about {_hours(sitting)} hours a day keeps the hip flexors short.",
                ("lifestyle.sitting_hours_per_day",),
            )
        )

    sitting_reasons: list[str] = []
    sitting_fields: list[str] = []
    if sitting is not None and sitting >= LONG_SITTING_HOURS:
        sitting_reasons.append(f"You sit about {_hours(sitting)} hours a day")
        sitting_fields.append("lifestyle.sitting_hours_per_day")
    if life is not None and life.work == Work.DESK:
        sitting_reasons.append("you work at a desk")
        sitting_fields.append("lifestyle.work")
    if ep.trigger == Trigger.PROLONGED_SITTING:
        sitting_reasons.append("the pain began after a long spell of sitting")
        sitting_fields.append("episode.trigger")
    if sitting_reasons:
        text = "; ".join(sitting_reasons)
        add(
            Contributor(
                ContributorId.PROLONGED_SITTING,
                "likely" if set(sitting_fields) != {"lifestyle.work"} else "possible",
                text[0].upper() + text[1:] + ".",
                tuple(sitting_fields),
            )
        )

    if tests is not None and tests.plank_seconds is not None:
        if tests.plank_seconds < SHORT_PLANK_SECONDS:
            add(
                Contributor(
                    ContributorId.WEAK_CORE,
                    "likely",
                    f"You held a plank for {tests.plank_seconds} seconds; under "
                    f"{SHORT_PLANK_SECONDS} suggests your trunk muscles tire quickly.",
                    ("self_tests.plank_seconds",),
                )
            )
    elif life is not None and life.exercise_sessions_per_week == 0:
        add(
            Contributor(
                ContributorId.WEAK_CORE,
                "possible",
                "You do not exercise at the moment, so your trunk muscles may tire quickly.",
                ("lifestyle.exercise_sessions_per_week",),
            )
        )

    if life is not None:
        low = []
        fields = []
        if life.steps_per_day is not None and life.steps_per_day < LOW_STEPS_PER_DAY:
            low.append(f"you walk about {life.steps_per_day:,} steps a day")
            fields.append("lifestyle.steps_per_day")
        if life.exercise_sessions_per_week == 0:
            low.append("you have no exercise sessions in a usual week")
            fields.append("lifestyle.exercise_sessions_per_week")
        if low:
            text = " and ".join(low)
            add(
                Contributor(
                    ContributorId.LOW_ACTIVITY,
                    "likely" if len(low) > 1 else "possible",
                    text[0].upper() + text[1:] + ".",
                    tuple(fields),
                )
            )

    overuse = []
    overuse_fields = []
    if ep.trigger in (Trigger.GARDENING, Trigger.EXERCISE):
        assert ep.trigger is not None
        overuse.append(f"the pain began with {ep.trigger.value}")
        overuse_fields.append("episode.trigger")
    if life is not None and life.work == Work.MANUAL:
        overuse.append("your work is physical")
        overuse_fields.append("lifestyle.work")
    if overuse:
        text = " and ".join(overuse)
        add(
            Contributor(
                ContributorId.OVERUSE,
                "likely" if "episode.trigger" in overuse_fields else "possible",
                text[0].upper()
                + text[1:]
                + ": muscles strained by more work than they are used to often tighten.",
                tuple(overuse_fields),
            )
        )

    sudden_triggers = (
        Trigger.LIFTING,
        Trigger.TWISTING,
        Trigger.BENDING,
        Trigger.COUGHING_OR_SNEEZING,
        Trigger.GARDENING,
        Trigger.EXERCISE,
    )
    if ep.onset == Onset.SUDDEN and ep.trigger in sudden_triggers:
        assert ep.trigger is not None
        what = ep.trigger.value.replace("_", " ")
        add(
            Contributor(
                ContributorId.SUDDEN_MOVEMENT,
                "likely",
                f"The pain came on suddenly while {what}: a common start to a muscle spasm.",
                ("episode.onset", "episode.trigger"),
            )
        )

    if legs.below_knee or legs.pain_or_numbness != Legs.NONE:
        where = "below the knee" if legs.below_knee else "into a leg"
        add(
            Contributor(
                ContributorId.NERVE_ROOT,
                "likely" if legs.below_knee else "possible",
                f"Pain or numbness spreads {where}, which points to an irritated nerve root "
                "(sciatica), often from a disc.",
                tuple(
                    f
                    for f, on in (
                        ("legs.below_knee", legs.below_knee),
                        ("legs.pain_or_numbness", legs.pain_or_numbness != Legs.NONE),
                    )
                    if on
                ),
            )
        )
    elif a.startback is not None and a.startback.q1 == "agree":
        add(
            Contributor(
                ContributorId.NERVE_ROOT,
                "possible",
                "You said your back pain has spread down your leg in the last 2 weeks.",
                ("startback.q1",),
            )
        )

    if a.age >= STIFFNESS_AGE and ep.onset != Onset.SUDDEN:
        add(
            Contributor(
                ContributorId.AGE_RELATED,
                "possible",
                f"At {a.age}, changes in the discs and joints of the spine are common and "
                "can add stiffness; they are normal with age and respond to movement.",
                ("age", "episode.onset"),
            )
        )

    infl = screens.inflammatory
    if infl is not None and infl.pattern():
        add(
            Contributor(
                ContributorId.INFLAMMATORY,
                "possible",
                f"Your answers meet {infl.asas_positive} of 5 ASAS and {infl.berlin_positive} "
                f"of 4 Berlin features of inflammatory back pain: long morning stiffness, "
                "waking in the night, or pain that eases with movement rather than rest.",
                ("inflammatory",),
            )
        )

    sb = screens.startback
    if sb is not None and sb.psychosocial >= DISTRESS_SUBSCALE:
        add(
            Contributor(
                ContributorId.STRESS,
                "likely" if sb.psychosocial >= 4 else "possible",
                f"You answered {sb.psychosocial} of 5 STarT Back questions about worry, fear "
                "and mood in a way that suggests they are adding to the pain.",
                ("startback",),
            )
        )

    if ep.trigger == Trigger.SLEEPING_POSITION:
        add(
            Contributor(
                ContributorId.SLEEP_POSITION,
                "possible",
                "The pain began after sleeping in an awkward position.",
                ("episode.trigger",),
            )
        )
    return found
