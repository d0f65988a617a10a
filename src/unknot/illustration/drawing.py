"""The pieces of a picture: the figure's limbs, the props and the floor, projected by the
view's camera into SVG user units (1/100 of body height), with the colours of each palette."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from unknot.illustration.camera import Camera
from unknot.illustration.geometry import Vec2, Vec3, convex_hull, mean
from unknot.illustration.scene import Box, Frame, PropShape, Scene
from unknot.illustration.skeleton import HEAD_RADIUS
from unknot.illustration.spec import LINE_PROPS, BodyPart, PropKind, highlight_keyframes

UNIT = 100.0
"""SVG user units per body height."""


@dataclass(frozen=True)
class Palette:
    near: str
    far: str
    body: str
    floor: str
    floor_fill: str
    wood: tuple[str, str]
    soft: tuple[str, str]
    mat: tuple[str, str]
    step: tuple[str, str]
    wall: tuple[str, str]
    towel: str
    text: str
    background: str
    arrow: str
    """Arrows showing the direction of the movement."""
    halo: str
    """The soft glow behind a highlighted part."""


SCREEN = Palette(
    near="#1c4268",
    far="#5f8fbf",
    body="#2a5783",
    floor="#6e7b88",
    floor_fill="#eef1f4",
    wood=("#ecdfcc", "#8a6c4a"),
    soft=("#e7e2f2", "#7d6fa3"),
    mat=("#d5e8da", "#6f9c7c"),
    step=("#e4e4e4", "#6f6f6f"),
    wall=("#e9edf2", "#7f8b98"),
    towel="#c06a1f",
    text="#2b2b2b",
    background="#ffffff",
    arrow="#a23b72",
    halo="#ecc3d8",
)
"""Calm blues for the figure; the far-side limbs are lighter but still at least 3:1 against
white, the near side and the body well above 7:1. Arrows are plum (above 4.5:1), a colour the
figure and the props do not use, and a highlighted part glows in a pale tint of it."""

PRINT = Palette(
    near="#000000",
    far="#8a8a8a",
    body="#1a1a1a",
    floor="#000000",
    floor_fill="#f4f4f4",
    wood=("#f0f0f0", "#444444"),
    soft=("#ffffff", "#444444"),
    mat=("#e6e6e6", "#666666"),
    step=("#e6e6e6", "#444444"),
    wall=("#f0f0f0", "#555555"),
    towel="#000000",
    text="#000000",
    background="#ffffff",
    arrow="#000000",
    halo="#d4d4d4",
)
"""Black and greys only, for handouts printed without colour."""

LEG_WIDTH = 6.4
ARM_WIDTH = 4.8
SPINE_WIDTH = 10.5
HIPS_WIDTH = 9.0
SHOULDERS_WIDTH = 8.0
NECK_WIDTH = 5.0
NOSE_RADIUS = 2.3
NOSE_OUT = 1.12
"""The nose is drawn a little proud of the head so that the way the face points reads."""
FLOOR_MARGIN = 0.6
"""How far (body heights) the floor reaches beyond everything on it, seen from a low camera:
its far edge makes a horizon behind the figure."""
STEEP_VIEW = 25.0
"""From a camera at least this many degrees above the floor there is no horizon to show ..."""
STEEP_FLOOR_MARGIN = 3.0
"""... so the floor reaches far enough to fill the picture behind the figure."""
HALO = 5.0
"""How far (user units) a highlighted part's glow reaches beyond its outline."""

Geometry = str | tuple[float, float, float]
"""A path's ``d`` or a circle's (cx, cy, r)."""


@dataclass(frozen=True)
class Part:
    """One drawn element of the picture, whose geometry depends on the frame."""

    name: str
    shape: str  # "path" or "circle"
    geometry: Callable[[Frame], Geometry]
    stroke: str | None
    fill: str | None
    width: float
    depth: float


def num(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


class Projector:
    def __init__(self, camera: Camera) -> None:
        self.camera = camera

    def xy(self, p: Vec3) -> Vec2:
        right, up = self.camera.project(p)
        return (right * UNIT, -up * UNIT)

    def path(self, points: Iterable[Vec3], close: bool = False) -> str:
        out = []
        for i, p in enumerate(points):
            x, y = self.xy(p)
            out.append(f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}")
        return "".join(out) + ("Z" if close else "")

    def box_outline(self, box: Box) -> list[Vec2]:
        (x0, y0, z0), (x1, y1, z1) = box
        corners = [(x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
        return convex_hull([self.xy(c) for c in corners])


def _mean_depth(projector: Projector, frames: Sequence[Frame], names: Sequence[str]) -> float:
    total = 0.0
    for frame in frames:
        total += sum(projector.camera.depth(frame.points[n]) for n in names) / len(names)
    return total / len(frames)


LEG = ("hip", "knee", "ankle", "heel", "foot_index")
ARM = ("shoulder", "elbow", "wrist", "index")
SPINE = ("mid_hip", "lower_back", "mid_back", "neck")


def _figure_parts(frames: Sequence[Frame], projector: Projector, palette: Palette) -> list[Part]:
    side_depth = {
        side: _mean_depth(projector, frames, [f"{side}_{p}" for p in (*LEG, *ARM)])
        for side in ("left", "right")
    }
    near = "right" if side_depth["right"] >= side_depth["left"] else "left"

    def chain(names: Sequence[str]) -> Callable[[Frame], Geometry]:
        return lambda frame: projector.path(frame.points[n] for n in names)

    parts: list[Part] = []
    for side in ("left", "right"):
        colour = palette.near if side == near else palette.far
        for limb, joints, width in (("leg", LEG, LEG_WIDTH), ("arm", ARM, ARM_WIDTH)):
            names = [f"{side}_{j}" for j in joints]
            parts.append(
                Part(
                    f"{side}-{limb}",
                    "path",
                    chain(names),
                    colour,
                    None,
                    width,
                    _mean_depth(projector, frames, names),
                )
            )

    def belly(frame: Frame) -> Geometry:
        x, y = projector.xy(frame.belly_centre)
        return (x, y, frame.belly_radius * UNIT)

    def head(frame: Frame) -> Geometry:
        x, y = projector.xy(frame.points["head"])
        return (x, y, HEAD_RADIUS * UNIT)

    def nose(frame: Frame) -> Geometry:
        hx, hy = projector.xy(frame.points["head"])
        x, y = projector.xy(frame.points["nose"])
        return (hx + (x - hx) * NOSE_OUT, hy + (y - hy) * NOSE_OUT, NOSE_RADIUS)

    body, depth = palette.body, _mean_depth(projector, frames, SPINE)
    shoulders = chain(["left_shoulder", "neck", "right_shoulder"])
    torso = [
        Part("belly", "circle", belly, None, body, 0.0, depth),
        Part("hips", "path", chain(["left_hip", "right_hip"]), body, None, HIPS_WIDTH, depth),
        Part("spine", "path", chain(SPINE), body, None, SPINE_WIDTH, depth),
        Part("shoulders", "path", shoulders, body, None, SHOULDERS_WIDTH, depth),
        Part("neck", "path", chain(["neck", "head"]), body, None, NECK_WIDTH, depth),
        Part("head", "circle", head, None, body, 0.0, depth),
        Part("nose", "circle", nose, None, body, 0.0, depth),
    ]
    return [*parts, *torso]


HALO_CLASS = "halo"
"""The class of a highlight's glow; the part's name follows it (``halo right_leg``)."""


def halo_of(part: Part) -> BodyPart | None:
    """The highlighted body part a drawn part is the glow of, if it is one."""
    kind, _, name = part.name.partition(" ")
    return BodyPart(name) if kind == HALO_CLASS else None


HALO_CHAINS: dict[BodyPart, tuple[tuple[str, ...], float]] = {
    BodyPart.LEFT_LEG: (tuple(f"left_{j}" for j in LEG), LEG_WIDTH),
    BodyPart.RIGHT_LEG: (tuple(f"right_{j}" for j in LEG), LEG_WIDTH),
    BodyPart.LEFT_ARM: (tuple(f"left_{j}" for j in ARM), ARM_WIDTH),
    BodyPart.RIGHT_ARM: (tuple(f"right_{j}" for j in ARM), ARM_WIDTH),
    BodyPart.TRUNK: (SPINE, SPINE_WIDTH),
    BodyPart.LOWER_BACK: (("mid_hip", "lower_back", "mid_back"), SPINE_WIDTH),
    BodyPart.HIPS: (("left_hip", "right_hip"), HIPS_WIDTH),
}
"""The points each highlightable part runs through, and the width of its drawn line."""


def halo_parts(parts: Sequence[BodyPart], projector: Projector, palette: Palette) -> list[Part]:
    """A soft glow behind each highlighted part, drawn under the whole figure."""
    out: list[Part] = []
    for part in parts:
        name = f"{HALO_CLASS} {part}"
        if part is BodyPart.BELLY:

            def belly(frame: Frame) -> Geometry:
                x, y = projector.xy(frame.belly_centre)
                return (x, y, frame.belly_radius * UNIT + HALO)

            out.append(Part(name, "circle", belly, None, palette.halo, 0.0, 0.0))
            continue
        names, width = HALO_CHAINS[part]

        def line(frame: Frame, names: tuple[str, ...] = names) -> Geometry:
            return projector.path(frame.points[n] for n in names)

        out.append(Part(name, "path", line, palette.halo, None, width + 2 * HALO, 0.0))
    return out


def _prop_style(kind: PropKind, palette: Palette) -> tuple[str, str]:
    if kind in (PropKind.CHAIR, PropKind.TABLE):
        return palette.wood
    if kind in (PropKind.PILLOW, PropKind.CUSHION):
        return palette.soft
    if kind is PropKind.MAT:
        return palette.mat
    if kind is PropKind.STEP:
        return palette.step
    return palette.wall


@dataclass(frozen=True)
class Drawn:
    """A static prop element: its depth (for sorting) and its SVG."""

    depth: float
    svg: str


def _static_props(
    props: Sequence[PropShape], projector: Projector, palette: Palette
) -> tuple[list[str], list[Drawn]]:
    """SVG of the props behind the figure, and of the soft props between body parts, to sort
    in with the limbs. A pillow under the head or the hips lies beneath the body, so it is
    drawn behind it."""
    behind: list[str] = []
    sorted_in: list[Drawn] = []
    for prop in props:
        if prop.kind in LINE_PROPS:
            continue
        fill, stroke = _prop_style(prop.kind, palette)
        soft = prop.kind in (PropKind.PILLOW, PropKind.CUSHION)
        boxes = sorted(prop.boxes, key=lambda b: projector.camera.depth(mean(b)))
        for box in boxes:
            outline = projector.box_outline(box)
            d = "".join(
                f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(outline)
            )
            width = 3.0 if soft else 1.3
            svg = (
                f'<path class="prop {prop.kind}" d="{d}Z" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="{num(width)}"/>'
            )
            if prop.between:
                sorted_in.append(Drawn(projector.camera.depth(mean(box)), svg))
            else:
                behind.append(svg)
    return behind, sorted_in


def _line_props(
    props: Sequence[PropShape], projector: Projector
) -> list[tuple[PropShape, Callable[[Frame], Geometry]]]:
    out: list[tuple[PropShape, Callable[[Frame], Geometry]]] = []
    for prop in props:
        if prop.kind not in LINE_PROPS:
            continue
        *hands, foot = prop.line

        def geometry(
            frame: Frame, hands: Sequence[str] = tuple(hands), foot: str = foot
        ) -> Geometry:
            loop_points = [frame.points[hands[0]], frame.points[foot]]
            if len(hands) > 1:
                loop_points.append(frame.points[hands[1]])
            return projector.path(loop_points)

        out.append((prop, geometry))
    return out


def extent(
    frames: Sequence[Frame],
    props: Sequence[PropShape],
    projector: Projector,
    extra: Sequence[Vec2] = (),
) -> tuple[float, float, float, float]:
    """Bounding box (x0, y0, x1, y1) of everything drawn, in user units; ``extra`` adds
    points already in user units (the arrows)."""
    xs: list[float] = [x for x, _ in extra]
    ys: list[float] = [y for _, y in extra]
    for frame in frames:
        for name, p in frame.points.items():
            r = HEAD_RADIUS * UNIT if name == "head" else 4.0
            x, y = projector.xy(p)
            xs += [x - r, x + r]
            ys += [y - r, y + r]
        bx, by = projector.xy(frame.belly_centre)
        br = frame.belly_radius * UNIT
        xs += [bx - br, bx + br]
        ys += [by - br, by + br]
    for prop in props:
        for box in prop.boxes:
            for x, y in projector.box_outline(box):
                xs.append(x)
                ys.append(y)
    floor_y = projector.xy((0.0, 0.0, 0.0))[1]
    if projector.camera.sees_floor_edge_on:
        ys.append(floor_y + 2.0)
    return (min(xs), min(ys), max(xs), max(ys))


def floor_svg(
    frames: Sequence[Frame],
    props: Sequence[PropShape],
    projector: Projector,
    view_box: tuple[float, float, float, float],
    palette: Palette,
) -> str:
    if projector.camera.sees_floor_edge_on:
        x0, _, w, _ = view_box
        y = projector.xy((0.0, 0.0, 0.0))[1]
        return (
            f'<path id="floor" d="M{num(x0)} {num(y)}H{num(x0 + w)}" '
            f'stroke="{palette.floor}" stroke-width="2"/>'
        )
    world = [p for frame in frames for p in frame.points.values()]
    world += [corner for prop in props for box in prop.boxes for corner in box]
    margin = FLOOR_MARGIN if projector.camera.elevation < STEEP_VIEW else STEEP_FLOOR_MARGIN
    x0, x1 = min(p[0] for p in world) - margin, max(p[0] for p in world) + margin
    z0, z1 = min(p[2] for p in world) - margin, max(p[2] for p in world) + margin
    corners = [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]
    return (
        f'<path id="floor" d="{projector.path(corners, close=True)}" fill="{palette.floor_fill}"/>'
    )


def geometry_attrs(shape: str, geometry: Geometry) -> dict[str, str]:
    if shape == "path":
        assert isinstance(geometry, str)
        return {"d": geometry}
    assert isinstance(geometry, tuple)
    cx, cy, r = geometry
    return {"cx": num(cx), "cy": num(cy), "r": num(r)}


def paint(part: Part) -> str:
    if part.shape == "circle":
        return f'fill="{part.fill}"'
    return f'stroke="{part.stroke}" stroke-width="{num(part.width)}"'


def static_element(part: Part, frame: Frame) -> str:
    attrs = " ".join(
        f'{k}="{v}"' for k, v in geometry_attrs(part.shape, part.geometry(frame)).items()
    )
    return f'<{part.shape} class="{part.name}" {attrs} {paint(part)}/>'


def layers(
    scene: Scene, frames: Sequence[Frame], projector: Projector, palette: Palette
) -> tuple[list[str], list[tuple[float, Part | Drawn]], list[Part]]:
    """The picture's layers, back to front: static props behind the figure; the figure's
    parts and the soft props sorted by depth, after the halos of highlighted parts; the
    towels and straps in front."""
    behind, soft = _static_props(scene.props, projector, palette)
    parts = _figure_parts(frames, projector, palette)
    middle: list[tuple[float, Part | Drawn]] = [(p.depth, p) for p in parts]
    middle += [(d.depth, d) for d in soft]
    middle.sort(key=lambda item: item[0])
    halos = halo_parts(list(highlight_keyframes(scene.spec)), projector, palette)
    middle = [(-math.inf, halo) for halo in halos] + middle
    front = [
        Part(str(prop.kind), "path", geometry, palette.towel, None, 2.4, 0.0)
        for prop, geometry in _line_props(scene.props, projector)
    ]
    return behind, middle, front
