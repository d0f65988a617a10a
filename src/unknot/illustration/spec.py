"""The schema of a pose file (``content/poses/<exercise-id>.yaml``), validated when loaded.

A pose file names the view, the props and the keyframes of one exercise. Each keyframe gives
only the joint angles that change from the keyframe before it (the first one changes the
anatomical position, where every angle is 0). See ``docs/illustrations.md``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from unknot.illustration.skeleton import JOINTS, forward_kinematics, neutral_angles

MIN_MOVE_SECONDS = 0.2
"""The quickest transition the animation shows; anything faster reads as a jump."""
MAX_ANIMATION_SECONDS = 8.0
"""The longest hold or move in the loop; real holds (30 s) are stated in the label instead."""
MAX_ARROW_OFFSET = 0.5
"""How far (body heights) an arrow may be moved from the path it traces: further, and it no
longer reads as that point's path."""
MAX_ARROW_SCALE = 6.0
"""The most an arrow may enlarge the path it traces; beyond it, it stops being that path."""
MAX_ARROWS = 3
"""More arrows than this clutter a small picture."""


class View(StrEnum):
    """Where the camera stands. Side: at the figure's right, so it faces the right of the
    picture. Front: in front of the figure. Top: above it, looking down."""

    SIDE = "side"
    FRONT = "front"
    TOP = "top"


class PropKind(StrEnum):
    CHAIR = "chair"
    TOWEL = "towel"
    STRAP = "strap"
    PILLOW = "pillow"
    CUSHION = "cushion"
    TABLE = "table"
    STEP = "step"
    WALL = "wall"
    MAT = "mat"


LINE_PROPS = frozenset({PropKind.TOWEL, PropKind.STRAP})
"""Props drawn as a line from the hands to a foot; they move with the figure."""


class Facing(StrEnum):
    """The way a prop faces: the way a person sitting on the chair or using the step faces.
    Forward is the figure's forward in the anatomical position (+x)."""

    FORWARD = "forward"
    BACK = "back"
    LEFT = "left"
    RIGHT = "right"


class Ground(StrEnum):
    """How a keyframe is placed vertically: ``floor`` rests the lowest part of the body on
    the floor; ``keep`` keeps the anchor at the height it had in the keyframe before (a
    person sitting on a chair stays on the seat)."""

    FLOOR = "floor"
    KEEP = "keep"


class Easing(StrEnum):
    EASE = "ease"
    LINEAR = "linear"


@cache
def point_names() -> frozenset[str]:
    """Every named point of the model (keypoints and spine points)."""
    return frozenset(forward_kinematics(neutral_angles()))


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RootAngles(_Closed):
    pitch: float | None = None
    roll: float | None = None
    yaw: float | None = None


class SpineAngles(_Closed):
    flexion: float | None = None
    side_bend: float | None = None
    rotation: float | None = None


class LimbAngles(_Closed):
    flexion: float | None = None
    abduction: float | None = None
    rotation: float | None = None


class HingeAngles(_Closed):
    """One degree of freedom; a bare number means ``flexion``."""

    flexion: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _number_means_flexion(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"flexion": data}
        return data


class AnkleAngles(_Closed):
    """A bare number means ``dorsiflexion``."""

    dorsiflexion: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _number_means_dorsiflexion(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"dorsiflexion": data}
        return data


JointAngles = RootAngles | SpineAngles | LimbAngles | HingeAngles | AnkleAngles


class Pose(_Closed):
    """Joint angles in degrees; a joint or angle left out keeps its previous value."""

    pelvis: RootAngles | None = None
    lumbar: SpineAngles | None = None
    thoracic: SpineAngles | None = None
    neck: SpineAngles | None = None
    left_shoulder: LimbAngles | None = None
    right_shoulder: LimbAngles | None = None
    left_elbow: HingeAngles | None = None
    right_elbow: HingeAngles | None = None
    left_wrist: HingeAngles | None = None
    right_wrist: HingeAngles | None = None
    left_hip: LimbAngles | None = None
    right_hip: LimbAngles | None = None
    left_knee: HingeAngles | None = None
    right_knee: HingeAngles | None = None
    left_ankle: AnkleAngles | None = None
    right_ankle: AnkleAngles | None = None

    @field_validator("*", mode="after")
    @classmethod
    def _plausible(cls, value: JointAngles | None, info: ValidationInfo) -> JointAngles | None:
        if value is None or info.field_name is None:
            return value
        for dof, (low, high) in JOINTS[info.field_name].items():
            angle = getattr(value, dof)
            if angle is not None and not low <= angle <= high:
                raise ValueError(
                    f"{dof} {angle:g} is outside the plausible range {low:g} to {high:g} degrees"
                )
        return value

    def changes(self) -> dict[str, dict[str, float]]:
        """The angles this pose sets: joint -> degree of freedom -> degrees."""
        out: dict[str, dict[str, float]] = {}
        for joint in JOINTS:
            value = getattr(self, joint)
            if value is None:
                continue
            set_here = {dof: getattr(value, dof) for dof in JOINTS[joint]}
            out[joint] = {dof: angle for dof, angle in set_here.items() if angle is not None}
        return out


def _check_point(name: str) -> str:
    if name not in point_names():
        known = ", ".join(sorted(point_names()))
        raise ValueError(f"unknown point {name!r}; known points: {known}")
    return name


Point = Annotated[str, AfterValidator(_check_point)]
"""The name of a point of the model (see :func:`point_names`)."""
Seconds = Annotated[float, Field(ge=0.0, le=MAX_ANIMATION_SECONDS)]
Length = Annotated[float, Field(gt=0.0, le=3.0)]


class BodyPart(StrEnum):
    """A part of the figure that ``highlight`` can pick out with a soft halo."""

    LEFT_LEG = "left_leg"
    RIGHT_LEG = "right_leg"
    LEFT_ARM = "left_arm"
    RIGHT_ARM = "right_arm"
    TRUNK = "trunk"
    """The whole spine, hip centre to the base of the neck."""
    LOWER_BACK = "lower_back"
    """Hip centre to the thoracolumbar junction: the part a pelvic tilt moves."""
    HIPS = "hips"
    BELLY = "belly"


class Keyframe(_Closed):
    pose: Pose = Field(default_factory=Pose)
    hold: Seconds = 0.0
    """Seconds the animation rests on this keyframe (a shortened stand-in for the real hold,
    which the label can state, e.g. "hold 30 s")."""
    move: Annotated[float, Field(ge=MIN_MOVE_SECONDS, le=MAX_ANIMATION_SECONDS)] = 1.0
    """Seconds to move into this keyframe from the one before (the first keyframe's move is
    the way back from the last one, closing the loop)."""
    label: Annotated[str, Field(min_length=1, max_length=28)] | None = None
    breath: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """How full the belly is (0 breathed out, 1 breathed in); kept from the keyframe before."""
    anchor: Point = "mid_hip"
    """The point that stays where it was in the keyframe before (the first keyframe puts the
    hip centre above the origin)."""
    ground: Ground = Ground.FLOOR
    contacts: list[Point] = []
    """Points that must touch the floor or the top of a prop in this keyframe."""
    highlight: list[BodyPart] = []
    """Parts that work while the figure holds this keyframe (the belly in a brace): they
    glow only then, where the file's ``highlight`` glows throughout."""


class Arrow(_Closed):
    """An arrow showing which way the body moves: it traces the path that point ``follow``
    takes from keyframe ``frame`` to the next one (from the last keyframe, back to the first),
    as the animation moves it, seen from the view's camera."""

    follow: Point
    frame: Annotated[int, Field(ge=1)] = 1
    offset: tuple[float, float] = (0.0, 0.0)
    """Moves the arrow (right, up) in the picture, in body heights, so that it clears the
    body instead of running along a limb."""
    both: bool = False
    """A head at each end: the movement goes there and back (knees rocking side to side)."""
    scale: Annotated[float, Field(ge=1.0, le=MAX_ARROW_SCALE)] = 1.0
    """Draws the path this many times longer from where it starts: a cue for a movement too
    small to see at the picture's size (the lower back pressing down in a pelvic tilt)."""

    @field_validator("offset")
    @classmethod
    def _offset_stays_near(cls, value: tuple[float, float]) -> tuple[float, float]:
        if any(abs(v) > MAX_ARROW_OFFSET for v in value):
            raise ValueError(f"an offset moves the arrow at most {MAX_ARROW_OFFSET:g} body heights")
        return value


class Prop(_Closed):
    """A prop. Place it with ``x``/``z`` (its centre on the floor), or fit it to the body:
    ``under`` puts its top just below those points, ``between`` fills the gap between two
    points (a pillow between the knees), ``touch`` puts a wall's face at a point; all of
    these in keyframe ``frame``. Towels and straps join ``hands`` to ``foot``."""

    kind: PropKind
    x: float | None = None
    z: float | None = None
    under: list[Point] = []
    between: list[Point] = []
    touch: Point | None = None
    frame: Annotated[int, Field(ge=1)] = 1
    shift: tuple[float, float] = (0.0, 0.0)
    """Moves the fitted prop by (forward, right)."""
    facing: Facing = Facing.FORWARD
    height: Length | None = None
    depth: Length | None = None
    width: Length | None = None
    hands: list[Point] = []
    foot: Point | None = None

    @model_validator(mode="after")
    def _placement_fits_the_kind(self) -> Prop:
        placed = [bool(self.under), bool(self.between), self.touch is not None]
        if sum(placed) > 1:
            raise ValueError("use only one of under, between and touch")
        if self.kind in LINE_PROPS:
            if not 1 <= len(self.hands) <= 2 or self.foot is None:
                raise ValueError(f"a {self.kind} needs hands (one or two points) and a foot")
            if any(placed) or self.x is not None:
                raise ValueError(f"a {self.kind} follows the hands and the foot; do not place it")
            return self
        if self.hands or self.foot:
            raise ValueError(f"hands and foot are only for a towel or a strap, not a {self.kind}")
        if self.between and len(self.between) != 2:
            raise ValueError("between needs exactly two points")
        if self.touch is not None and self.kind is not PropKind.WALL:
            raise ValueError("touch is only for a wall")
        if self.kind is PropKind.WALL and self.touch is None and self.x is None:
            raise ValueError("a wall needs x or touch")
        return self


class PoseSpec(_Closed):
    """One exercise's illustration: what the pose file holds."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    name: Annotated[str, Field(min_length=1, max_length=80)]
    description: Annotated[str, Field(min_length=1, max_length=200)]
    """One line describing the movement; it becomes the SVG's ``<desc>``."""
    view: View
    turn: Annotated[float, Field(ge=-180.0, le=180.0)] = 0.0
    """Degrees the camera moves round the figure from the view's place (toward the figure's
    front when positive)."""
    tilt: Annotated[float, Field(ge=-90.0, le=90.0)] = 0.0
    """Degrees the camera rises above the view's place, looking down."""
    rest: bool = False
    """A static rest position: one keyframe, animated with gentle breathing."""
    easing: Easing = Easing.EASE
    props: list[Prop] = []
    arrows: Annotated[list[Arrow], Field(max_length=MAX_ARROWS)] = []
    """Arrows showing the direction of the movement (see :class:`Arrow`)."""
    highlight: list[BodyPart] = []
    """The parts that do the work, drawn with a soft halo throughout so that the eye finds
    them (a keyframe's own ``highlight`` glows only while it is held)."""
    keyframes: Annotated[list[Keyframe], Field(min_length=1, max_length=8)]

    @model_validator(mode="after")
    def _keyframes_fit_the_kind(self) -> PoseSpec:
        if self.rest and len(self.keyframes) != 1:
            raise ValueError("keyframes: a rest position (rest: true) has exactly one keyframe")
        if not self.rest and len(self.keyframes) < 2:
            raise ValueError(
                "keyframes: a movement needs at least 2 keyframes "
                "(a single keyframe is only for a static rest position, with rest: true)"
            )
        if self.keyframes[0].ground is Ground.KEEP:
            raise ValueError("keyframes[0].ground: the first keyframe has nothing to keep")
        for i, prop in enumerate(self.props):
            if prop.frame > len(self.keyframes):
                count = len(self.keyframes)
                raise ValueError(f"props[{i}].frame: there are only {count} keyframes")
        if self.rest and self.arrows:
            raise ValueError("arrows: a rest position does not move; it has no arrows")
        for i, keyframe in enumerate(self.keyframes):
            twice = set(keyframe.highlight) & set(self.highlight)
            if twice:
                names = ", ".join(sorted(twice))
                raise ValueError(
                    f"keyframes[{i}].highlight: {names} already glows throughout (highlight)"
                )
        for i, arrow in enumerate(self.arrows):
            if arrow.frame > len(self.keyframes):
                count = len(self.keyframes)
                raise ValueError(f"arrows[{i}].frame: there are only {count} keyframes")
        return self


def highlight_keyframes(spec: PoseSpec) -> dict[BodyPart, frozenset[int] | None]:
    """Each highlighted part and the keyframes (0-based) in which it glows; None: always."""
    out: dict[BodyPart, frozenset[int] | None] = dict.fromkeys(spec.highlight)
    for i, keyframe in enumerate(spec.keyframes):
        for part in keyframe.highlight:
            held = out.get(part, frozenset()) or frozenset()
            out[part] = held | {i}
    return out
