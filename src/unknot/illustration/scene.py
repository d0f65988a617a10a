"""From a pose file to a scene: every keyframe's joints placed in the world, and the props.

The world has the floor at ``y = 0``. The first keyframe puts the hip centre above the origin;
each later keyframe keeps its ``anchor`` point where it was in the keyframe before. Vertically
a keyframe rests its lowest part on the floor (``ground: floor``) or keeps the anchor's height
(``ground: keep``). Props fitted to the body (``under``, ``between``, ``touch``) are placed
from the keyframe they name and then stay put.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from unknot.illustration.geometry import Vec3, add, mean
from unknot.illustration.skeleton import RADIUS, belly, forward_kinematics, neutral_angles
from unknot.illustration.spec import (
    LINE_PROPS,
    Facing,
    Ground,
    Keyframe,
    PoseSpec,
    Prop,
    PropKind,
)

FLOOR_TOLERANCE = 0.006
"""How far (in body heights, about 1 cm) the body's surface may dip into the floor or a prop."""
CONTACT_TOLERANCE = 0.02
"""How far (about 3.5 cm) a point listed in ``contacts`` may hover above its support."""

CHAIR_SEAT_HEIGHT = 0.26
"""A dining chair's seat, about 45 cm for a 1.75 m adult."""
TABLE_HEIGHT = 0.42
"""A table top, about 74 cm."""
STEP_HEIGHT = 0.1
"""A stair step, about 17 cm."""

Box = tuple[Vec3, Vec3]
"""An axis-aligned box: (lowest corner, highest corner)."""


@dataclass(frozen=True)
class Frame:
    """One keyframe, placed: world positions of every point and the belly."""

    points: Mapping[str, Vec3]
    angles: Mapping[str, Mapping[str, float]]
    shift: Vec3
    """Where placing moved the figure from its pose with the hip centre at the origin."""
    belly_centre: Vec3
    belly_radius: float
    breath: float
    hold: float
    move: float
    label: str | None


@dataclass(frozen=True)
class PropShape:
    """A placed prop: solid parts as boxes, or (towel, strap) the points its line joins."""

    kind: PropKind
    boxes: tuple[Box, ...]
    line: tuple[str, ...] = ()
    seat: Box | None = None
    """A chair's seat, which hands and feet must stay out of."""
    between: bool = False
    """A soft block between two body parts (a pillow between the knees): drawn in depth order
    with the limbs, where every other prop lies under or behind the body."""


@dataclass(frozen=True)
class Scene:
    spec: PoseSpec
    frames: tuple[Frame, ...]
    props: tuple[PropShape, ...]


def resolved_angles(spec: PoseSpec) -> list[dict[str, dict[str, float]]]:
    """Every keyframe's complete joint angles, each building on the one before."""
    current = neutral_angles()
    out: list[dict[str, dict[str, float]]] = []
    for keyframe in spec.keyframes:
        for joint, dofs in keyframe.pose.changes().items():
            current[joint].update(dofs)
        out.append({joint: dict(dofs) for joint, dofs in current.items()})
    return out


def _lowest(points: Mapping[str, Vec3]) -> float:
    return min(p[1] - RADIUS.get(name, 0.0) for name, p in points.items())


def _place(
    keyframe: Keyframe, raw: Mapping[str, Vec3], previous: Mapping[str, Vec3] | None
) -> Vec3:
    """The translation that puts this keyframe's points in the world."""
    anchor = raw[keyframe.anchor]
    if previous is None:
        dx, dz = 0.0, 0.0
    else:
        target = previous[keyframe.anchor]
        dx, dz = target[0] - anchor[0], target[2] - anchor[2]
    if keyframe.ground is Ground.KEEP and previous is not None:
        dy = previous[keyframe.anchor][1] - anchor[1]
    else:
        dy = -_lowest(raw)
    return (dx, dy, dz)


def with_breath(frame: Frame, breath: float) -> Frame:
    """The same frame with the belly ``breath`` full."""
    centre, radius = belly(frame.angles, frame.points, breath)
    return replace(frame, breath=breath, belly_centre=centre, belly_radius=radius)


def interpolate(a: Frame, b: Frame, s: float) -> Frame:
    """The pose a fraction ``s`` of the way from ``a`` to ``b``, blending joint angles (so
    limbs keep their length while they swing) and placement; lifted if it would dip into
    the floor. Timing and label are ``b``'s."""
    angles = {
        joint: {dof: a.angles[joint][dof] * (1 - s) + b.angles[joint][dof] * s for dof in dofs}
        for joint, dofs in a.angles.items()
    }
    raw = forward_kinematics(angles)
    shift = tuple(a.shift[i] * (1 - s) + b.shift[i] * s for i in range(3))
    lift = max(0.0, -_lowest({n: add(p, (shift[0], shift[1], shift[2])) for n, p in raw.items()}))
    placed: Vec3 = (shift[0], shift[1] + lift, shift[2])
    points = {name: add(p, placed) for name, p in raw.items()}
    breath = a.breath * (1 - s) + b.breath * s
    centre, radius = belly(angles, points, breath)
    return Frame(
        points=points,
        angles=angles,
        shift=placed,
        belly_centre=centre,
        belly_radius=radius,
        breath=breath,
        hold=b.hold,
        move=b.move,
        label=b.label,
    )


def largest_change(a: Frame, b: Frame) -> float:
    """The largest change of any joint angle between two frames, in degrees."""
    return max(
        abs(a.angles[joint][dof] - b.angles[joint][dof])
        for joint, dofs in a.angles.items()
        for dof in dofs
    )


def build_frames(spec: PoseSpec) -> tuple[Frame, ...]:
    frames: list[Frame] = []
    previous: Mapping[str, Vec3] | None = None
    breath = 0.0
    for keyframe, angles in zip(spec.keyframes, resolved_angles(spec), strict=True):
        raw = forward_kinematics(angles)
        shift = _place(keyframe, raw, previous)
        points = {name: add(p, shift) for name, p in raw.items()}
        if keyframe.breath is not None:
            breath = keyframe.breath
        centre, radius = belly(angles, points, breath)
        frames.append(
            Frame(
                points=points,
                angles=angles,
                shift=shift,
                belly_centre=centre,
                belly_radius=radius,
                breath=breath,
                hold=keyframe.hold,
                move=keyframe.move,
                label=keyframe.label,
            )
        )
        previous = points
    return tuple(frames)


def _box(cx: float, cz: float, y0: float, y1: float, dx: float, dz: float) -> Box:
    return ((cx - dx / 2, y0, cz - dz / 2), (cx + dx / 2, y1, cz + dz / 2))


def _along(facing: Facing, forward: float, right: float) -> tuple[float, float]:
    """(x, z) of an offset given along the prop's own forward and right."""
    return {
        Facing.FORWARD: (forward, right),
        Facing.BACK: (-forward, -right),
        Facing.RIGHT: (-right, forward),
        Facing.LEFT: (right, -forward),
    }[facing]


def _footprint(facing: Facing, depth: float, width: float) -> tuple[float, float]:
    """(extent along x, extent along z) of a prop ``depth`` deep and ``width`` wide."""
    return (depth, width) if facing in (Facing.FORWARD, Facing.BACK) else (width, depth)


def _fit(prop: Prop, frames: tuple[Frame, ...]) -> tuple[float, float, float | None]:
    """Centre (x, z) and top height the body asks of a fitted prop (top None: not fitted)."""
    pts = frames[prop.frame - 1].points
    names = prop.under or prop.between or ([prop.touch] if prop.touch else [])
    if not names:
        return (prop.x or 0.0, prop.z or 0.0, None)
    centre = mean(pts[n] for n in names)
    fx, fz = centre[0] + prop.shift[0], centre[2] + prop.shift[1]
    if prop.under:
        top = min(pts[n][1] - RADIUS.get(n, 0.0) for n in prop.under)
        return (fx, fz, top)
    return (fx, fz, centre[1])


def _between(prop: Prop, frames: tuple[Frame, ...]) -> Box:
    """A soft block filling the gap between two points, as thick as ``depth``."""
    first, second = prop.between
    a, b = frames[prop.frame - 1].points[first], frames[prop.frame - 1].points[second]
    axis = max(range(3), key=lambda i: abs(b[i] - a[i]))
    low_name, high_name = (first, second) if a[axis] <= b[axis] else (second, first)
    half = (prop.depth or 0.1) / 2
    lo: list[float] = []
    hi: list[float] = []
    for i in range(3):
        if i == axis:
            lo.append(min(a[i], b[i]) + RADIUS.get(low_name, 0.0))
            hi.append(max(a[i], b[i]) - RADIUS.get(high_name, 0.0))
        else:
            mid = (a[i] + b[i]) / 2
            lo.append(mid - half)
            hi.append(mid + half)
    return ((lo[0], lo[1], lo[2]), (hi[0], hi[1], hi[2]))


def build_prop(prop: Prop, frames: tuple[Frame, ...]) -> PropShape:
    if prop.kind in LINE_PROPS:
        assert prop.foot is not None
        return PropShape(prop.kind, (), line=(*prop.hands, prop.foot))
    cx, cz, top = _fit(prop, frames)
    facing = prop.facing
    kind = prop.kind
    if kind is PropKind.CHAIR:
        seat_top = top if top is not None else (prop.height or CHAIR_SEAT_HEIGHT)
        depth, width = prop.depth or 0.24, prop.width or 0.26
        ex, ez = _footprint(facing, depth, width)
        seat = _box(cx, cz, seat_top - 0.025, seat_top, ex, ez)
        legs = []
        for f in (-1.0, 1.0):
            for r in (-1.0, 1.0):
                ox, oz = _along(facing, f * (depth / 2 - 0.012), r * (width / 2 - 0.012))
                legs.append(_box(cx + ox, cz + oz, 0.0, seat_top - 0.025, 0.018, 0.018))
        bx, bz = _along(facing, -(depth / 2 - 0.012), 0.0)
        back_x, back_z = _footprint(facing, 0.022, width)
        back = _box(cx + bx, cz + bz, seat_top, seat_top + 0.27, back_x, back_z)
        return PropShape(kind, (*legs, seat, back), seat=seat)
    if kind is PropKind.TABLE:
        table_top = top if top is not None else (prop.height or TABLE_HEIGHT)
        depth, width = prop.depth or 0.4, prop.width or 0.6
        ex, ez = _footprint(facing, depth, width)
        slab = _box(cx, cz, table_top - 0.03, table_top, ex, ez)
        legs = []
        for f in (-1.0, 1.0):
            for r in (-1.0, 1.0):
                ox, oz = _along(facing, f * (depth / 2 - 0.03), r * (width / 2 - 0.03))
                legs.append(_box(cx + ox, cz + oz, 0.0, table_top - 0.03, 0.025, 0.025))
        return PropShape(kind, (*legs, slab))
    if kind is PropKind.STEP:
        step_top = top if top is not None else (prop.height or STEP_HEIGHT)
        ex, ez = _footprint(facing, prop.depth or 0.17, prop.width or 0.4)
        return PropShape(kind, (_box(cx, cz, 0.0, step_top, ex, ez),))
    if kind is PropKind.WALL:
        thick = prop.depth or 0.03
        ux, uz = _along(facing, 1.0, 0.0)
        if prop.touch is not None:
            p = frames[prop.frame - 1].points[prop.touch]
            gap = RADIUS.get(prop.touch, 0.0) + thick / 2
            wx, wz = p[0] + ux * gap, p[2] + uz * gap
        else:
            wx, wz = cx + ux * thick / 2, cz + uz * thick / 2
        ex, ez = _footprint(facing, thick, prop.width or 0.8)
        return PropShape(kind, (_box(wx, wz, 0.0, prop.height or 1.15, ex, ez),))
    if kind is PropKind.MAT:
        ex, ez = _footprint(facing, prop.depth or 1.1, prop.width or 0.36)
        return PropShape(kind, (_box(cx, cz, 0.0, prop.height or 0.008, ex, ez),))
    # Pillow and cushion: soft blocks under or between body parts.
    default_h = 0.06 if kind is PropKind.PILLOW else 0.05
    ex, ez = _footprint(
        facing,
        prop.depth or (0.2 if kind is PropKind.PILLOW else 0.14),
        prop.width or (0.3 if kind is PropKind.PILLOW else 0.16),
    )
    if prop.between:
        return PropShape(kind, (_between(prop, frames),), between=True)
    height = top if top is not None else (prop.height or default_h)
    return PropShape(kind, (_box(cx, cz, 0.0, height, ex, ez),))


def build_scene(spec: PoseSpec) -> Scene:
    frames = build_frames(spec)
    props = tuple(build_prop(prop, frames) for prop in spec.props)
    return Scene(spec=spec, frames=frames, props=props)


HANDS_AND_FEET = tuple(
    f"{side}_{part}"
    for side in ("left", "right")
    for part in ("wrist", "index", "ankle", "heel", "foot_index")
)


def _inside(p: Vec3, box: Box) -> bool:
    lo, hi = box
    return all(lo[i] < p[i] < hi[i] for i in range(3))


def _supports(scene: Scene) -> list[Box]:
    return [box for prop in scene.props for box in prop.boxes]


def _on_a_support(p: Vec3, r: float, supports: list[Box]) -> bool:
    """Whether a point's surface touches the floor or the top (or face) of a prop."""
    if abs(p[1] - r) <= CONTACT_TOLERANCE:
        return True
    for (x0, y0, z0), (x1, y1, z1) in supports:
        near_x = x0 - r - CONTACT_TOLERANCE <= p[0] <= x1 + r + CONTACT_TOLERANCE
        near_z = z0 - r - CONTACT_TOLERANCE <= p[2] <= z1 + r + CONTACT_TOLERANCE
        near_y = y0 - r - CONTACT_TOLERANCE <= p[1] <= y1 + r + CONTACT_TOLERANCE
        on_top = near_x and near_z and abs(p[1] - r - y1) <= CONTACT_TOLERANCE
        on_face = near_y and near_z and (abs(p[0] - x0) <= r + CONTACT_TOLERANCE)
        if on_top or on_face:
            return True
    return False


def geometry_problems(scene: Scene) -> list[str]:
    """What is physically wrong with a scene: a body part through the floor, a hand or foot
    inside a chair's seat, a listed contact that does not touch anything."""
    problems: list[str] = []
    supports = _supports(scene)
    seats = [prop.seat for prop in scene.props if prop.seat is not None]
    for i, (frame, keyframe) in enumerate(zip(scene.frames, scene.spec.keyframes, strict=True)):
        for name, p in frame.points.items():
            depth = RADIUS.get(name, 0.0) - p[1]
            if depth > FLOOR_TOLERANCE:
                problems.append(f"keyframes[{i}]: {name} is {depth:.3f} below the floor")
        for name in HANDS_AND_FEET:
            if any(_inside(frame.points[name], seat) for seat in seats):
                problems.append(f"keyframes[{i}]: {name} is inside the chair's seat")
        for name in keyframe.contacts:
            if not _on_a_support(frame.points[name], RADIUS.get(name, 0.0), supports):
                problems.append(
                    f"keyframes[{i}].contacts: {name} does not touch the floor or a prop "
                    f"(it is {frame.points[name][1] - RADIUS.get(name, 0.0):.3f} above the floor)"
                )
    return problems
