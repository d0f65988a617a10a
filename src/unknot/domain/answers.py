"""Assessment answers, format ``unknot.assessment/v1`` (spec, interfaces.md section 1).

Every field is optional except ``age``. A missing boolean means "no"; a missing block means
"not asked" (it stays ``None`` so that the engine never mistakes "not asked" for "no").
Unknown fields are kept and reported as warnings; out-of-range values fail naming the field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import Field, model_validator

from unknot.domain.validation import Strict, parse, unknown_fields
from unknot.errors import InvalidInput

FORMAT: Literal["unknot.assessment/v1"] = "unknot.assessment/v1"

MIN_AGE = 16
"""unknot is for adults: NICE NG59 covers people aged 16 and over. Younger people with back
pain should be checked by a doctor (CKS lists onset under 20 among the warning features)."""

Score0to10 = Annotated[int, Field(ge=0, le=10)]


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Onset(StrEnum):
    SUDDEN = "sudden"
    GRADUAL = "gradual"


class Trigger(StrEnum):
    LIFTING = "lifting"
    TWISTING = "twisting"
    BENDING = "bending"
    EXERCISE = "exercise"
    GARDENING = "gardening"
    PROLONGED_SITTING = "prolonged_sitting"
    SLEEPING_POSITION = "sleeping_position"
    COUGHING_OR_SNEEZING = "coughing_or_sneezing"
    MINOR_FALL_OR_BUMP = "minor_fall_or_bump"
    ROAD_TRAFFIC_COLLISION = "road_traffic_collision"
    FALL_FROM_HEIGHT = "fall_from_height"
    NONE = "none"
    OTHER = "other"


class Trend(StrEnum):
    IMPROVING = "improving"
    SAME = "same"
    WORSE = "worse"


class Legs(StrEnum):
    NONE = "none"
    ONE_LEG = "one_leg"
    BOTH_LEGS = "both_legs"


class ButtockPain(StrEnum):
    NONE = "none"
    ONE_SIDE = "one_side"
    BOTH_SIDES = "both_sides"
    ALTERNATING = "alternating"


class Work(StrEnum):
    DESK = "desk"
    STANDING = "standing"
    MANUAL = "manual"
    MIXED = "mixed"
    NONE = "none"


class Reach(StrEnum):
    FLOOR = "floor"
    ANKLES = "ankles"
    SHINS = "shins"
    KNEES = "knees"
    THIGHS = "thighs"
    NOT_DONE = "not_done"


class HipFlexorTest(StrEnum):
    TIGHT = "tight"
    NORMAL = "normal"
    NOT_DONE = "not_done"


class Episode(Strict):
    onset: Onset | None = None
    trigger: Trigger | None = None
    duration_days: Annotated[int, Field(ge=0, le=36500)] | None = None
    trend: Trend | None = None
    first_episode: bool = False
    age_at_first_onset: Annotated[int, Field(ge=0, le=120)] | None = None
    stopping_daily_activities: bool = False
    previously_assessed_by_clinician: bool = False


class Pain(Strict):
    now: Score0to10 | None = None
    worst_24h: Score0to10 | None = None
    between_shoulder_blades: bool = False


class LegSymptoms(Strict):
    pain_or_numbness: Legs = Legs.NONE
    below_knee: bool = False
    weakness: Legs = Legs.NONE
    weakness_getting_worse: bool = False
    difficulty_walking: bool = False


class RedFlags(Strict):
    new_bladder_change: bool = False
    new_bowel_change: bool = False
    saddle_numbness: bool = False
    new_sexual_dysfunction: bool = False
    major_trauma: bool = False
    minor_trauma: bool = False
    chest_pain: bool = False
    sudden_severe_back_and_abdominal_pain: bool = False
    collapse_or_fainting: bool = False
    fever: bool = False
    temperature_c: Annotated[float, Field(ge=30.0, le=45.0)] | None = None
    feels_very_unwell: bool = False
    unexplained_weight_loss: bool = False
    lump_or_change_in_shape: bool = False
    night_pain_not_eased_by_rest: bool = False


class History(Strict):
    cancer: bool = False
    osteoporosis: bool = False
    long_term_steroids: bool = False
    immunosuppressed: bool = False
    injects_drugs: bool = False
    recent_bacterial_infection: bool = False
    psoriasis: bool = False
    inflammatory_bowel_disease: bool = False
    uveitis: bool = False
    relative_with_spondyloarthritis: bool = False
    smoker: bool = False


class Inflammatory(Strict):
    morning_stiffness_minutes: Annotated[int, Field(ge=0, le=1440)] | None = None
    improves_with_exercise: bool = False
    improves_with_rest: bool = False
    wakes_second_half_of_night: bool = False
    night_pain_improves_on_getting_up: bool = False
    buttock_pain: ButtockPain = ButtockPain.NONE
    improves_within_48h_of_nsaid: bool = False


AgreeDisagree = Literal["agree", "disagree"]
Bothersome = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]


class StartBackBlock(Strict):
    """The nine STarT Back items as answered; scoring lives in ``domain.instruments``.

    Inside an assessment an unanswered item is allowed (the screen is then not scored);
    ``unknot score startback`` requires all nine.
    """

    q1: AgreeDisagree | None = None
    q2: AgreeDisagree | None = None
    q3: AgreeDisagree | None = None
    q4: AgreeDisagree | None = None
    q5: AgreeDisagree | None = None
    q6: AgreeDisagree | None = None
    q7: AgreeDisagree | None = None
    q8: AgreeDisagree | None = None
    q9: Bothersome | None = None

    def complete(self) -> bool:
        return all(getattr(self, f"q{i}") is not None for i in range(1, 10))


class Lifestyle(Strict):
    sitting_hours_per_day: Annotated[float, Field(ge=0, le=24)] | None = None
    steps_per_day: Annotated[int, Field(ge=0, le=200_000)] | None = None
    work: Work | None = None
    exercise_sessions_per_week: Annotated[int, Field(ge=0, le=50)] | None = None


class SelfTests(Strict):
    forward_bend_reach: Reach = Reach.NOT_DONE
    hip_flexor_test: HipFlexorTest = HipFlexorTest.NOT_DONE
    plank_seconds: Annotated[int, Field(ge=0, le=3600)] | None = None


Equipment = Literal["mat", "chair", "towel", "pillow", "table", "step", "wall", "cushion"]


class Preferences(Strict):
    minutes_per_day: Annotated[int, Field(ge=5, le=180)] | None = None
    can_get_on_floor: bool = True
    equipment: list[Equipment] = Field(default_factory=list)


# The blocks' defaults, made once (the models are frozen, so they can be shared).
NOT_ASKED_RED_FLAGS: Final = RedFlags()
NOT_ASKED_HISTORY: Final = History()
NOT_ASKED_LEGS: Final = LegSymptoms()
NOT_ASKED_EPISODE: Final = Episode()


class Answers(Strict):
    """One person's assessment answers (``unknot.assessment/v1``)."""

    format: Literal["unknot.assessment/v1"] = FORMAT
    age: Annotated[int, Field(ge=MIN_AGE, le=120)]
    sex: Sex | None = None
    episode: Episode | None = None
    pain: Pain | None = None
    legs: LegSymptoms | None = None
    red_flags: RedFlags | None = None
    history: History | None = None
    inflammatory: Inflammatory | None = None
    startback: StartBackBlock | None = None
    lifestyle: Lifestyle | None = None
    self_tests: SelfTests | None = None
    preferences: Preferences | None = None

    @model_validator(mode="after")
    def _first_onset_not_after_now(self) -> Answers:
        first = self.episode.age_at_first_onset if self.episode else None
        if first is not None and first > self.age:
            raise InvalidInput(
                "episode.age_at_first_onset",
                f"must be no more than your age ({self.age}), got {first}",
            )
        return self

    # Blocks read as "not asked" come back as defaults, which answer "no" to every question.
    @property
    def red(self) -> RedFlags:
        return self.red_flags or NOT_ASKED_RED_FLAGS

    @property
    def hist(self) -> History:
        return self.history or NOT_ASKED_HISTORY

    @property
    def leg(self) -> LegSymptoms:
        return self.legs or NOT_ASKED_LEGS

    @property
    def ep(self) -> Episode:
        return self.episode or NOT_ASKED_EPISODE


def parse_answers(data: Any) -> tuple[Answers, list[str]]:
    """Validate answers; return them with warnings for fields unknot does not know.

    Raises :class:`unknot.errors.InvalidInput` naming the first field that breaks a rule.
    """
    if not isinstance(data, dict):
        raise InvalidInput("(top level)", "the answers must be a JSON object")
    answers = parse(Answers, data)
    warnings = [
        f"unknown field {path!r} was ignored (format {FORMAT})" for path in unknown_fields(answers)
    ]
    return answers, warnings
