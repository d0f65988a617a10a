"""The plan engine: phases, the plan generator, weekly review, flare-ups and new red flags.

Pure functions; dates are passed in. The exercise library comes in as a :class:`Library`
(``unknot.content.library.load_library()`` builds it from the content files).

    generate_plan(answers, triage_result, library, start, *, today=None) -> Plan   (or NoPlan)
    review_week(plan, week_number, logs, diary, *, today) -> Review
    check_flare(diary, plan, today) -> FlareResponse | None
    check_new_symptoms(answers, symptoms, today, *, assessed_on=None) -> TriageResult | None
    stop_plan(plan, triage_result, today) -> Plan
    restore_plan(data, answers, library, *, triage_result=None) -> Plan
    plan_state(data, library) -> dict; restore_from_state(state, answers, library) -> Plan
    review_from_state(state, answers, library, week_number, logs, diary, *, today) -> Review
"""

from unknot.domain.plan.dosing import WalkingDose
from unknot.domain.plan.flare import FlareResponse, check_flare
from unknot.domain.plan.generator import generate_plan
from unknot.domain.plan.library import Category, Dose, ExerciseSpec, Library, Position
from unknot.domain.plan.model import (
    FORMAT,
    Day,
    DayKind,
    Item,
    NoPlan,
    Plan,
    PlanContext,
    Progression,
    Relief,
    Session,
    Stop,
    WalkingBout,
    Week,
)
from unknot.domain.plan.phase import Phase, PhaseChoice, phase_on
from unknot.domain.plan.redflags import (
    NewSymptoms,
    check_new_symptoms,
    merge_symptoms,
    parse_symptoms,
    stop_plan,
)
from unknot.domain.plan.restore import (
    STATE_FORMAT,
    StaleState,
    plan_state,
    restore_from_state,
    restore_plan,
)
from unknot.domain.plan.review import (
    Change,
    ChangeKind,
    Review,
    SessionResponse,
    Verdict,
    review_from_state,
    review_week,
)

__all__ = [
    "FORMAT",
    "Category",
    "Change",
    "ChangeKind",
    "Day",
    "DayKind",
    "Dose",
    "ExerciseSpec",
    "FlareResponse",
    "Item",
    "Library",
    "NewSymptoms",
    "NoPlan",
    "Phase",
    "PhaseChoice",
    "Plan",
    "PlanContext",
    "Position",
    "Progression",
    "Relief",
    "Review",
    "Session",
    "SessionResponse",
    "Stop",
    "Verdict",
    "WalkingBout",
    "WalkingDose",
    "Week",
    "check_flare",
    "check_new_symptoms",
    "generate_plan",
    "merge_symptoms",
    "parse_symptoms",
    "phase_on",
    "restore_plan",
    "restore_from_state",
    "plan_state",
    "StaleState",
    "STATE_FORMAT",
    "review_from_state",
    "review_week",
    "stop_plan",
]
