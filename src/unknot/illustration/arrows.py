"""Arrows that show which way the body moves.

An arrow traces the path one point of the body takes from a keyframe to the next, blended
from the joint angles exactly as the animation blends them (so a knee swinging across the body
draws an arc, not a chord), projected by the view's camera. Its ends are cut back a little so
that it does not touch the body, and a head at the end (or at both ends) gives the direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from unknot.illustration.camera import camera_for
from unknot.illustration.drawing import UNIT, Projector, num
from unknot.illustration.geometry import Vec2
from unknot.illustration.scene import Scene, interpolate
from unknot.illustration.spec import Arrow

SAMPLES = 24
"""Poses sampled along the move to trace the arrow's path."""
TRIM = 3.0
"""User units (1/100 body height) cut from each end of a path that runs along the body (an
arrow without an offset), so that the arrow clears the point it follows."""
MIN_LENGTH = 2.5
"""The shortest shaft (user units, after trimming and the heads) that still reads as an
arrow."""
HEAD_LENGTH = 6.0
HEAD_WIDTH = 8.0
SHAFT_WIDTH = 3.0
CASING = 1.5
"""Width (user units) of the background-coloured edge around an arrow."""


@dataclass(frozen=True)
class ArrowShape:
    """An arrow in the picture's user units: the shaft's points and the heads' triangles."""

    shaft: tuple[Vec2, ...]
    heads: tuple[tuple[Vec2, Vec2, Vec2], ...]


def track(scene: Scene, arrow: Arrow, projector: Projector) -> list[Vec2]:
    """The path of the followed point from keyframe ``arrow.frame`` to the next, in the
    picture, enlarged from its start by the arrow's scale and moved by its offset."""
    frames = scene.frames
    start, end = frames[arrow.frame - 1], frames[arrow.frame % len(frames)]
    seen = [
        projector.xy(interpolate(start, end, i / SAMPLES).points[arrow.follow])
        for i in range(SAMPLES + 1)
    ]
    x0, y0 = seen[0]
    dx, dy = arrow.offset[0] * UNIT, -arrow.offset[1] * UNIT
    k = arrow.scale
    return [(x0 + (x - x0) * k + dx, y0 + (y - y0) * k + dy) for x, y in seen]


def length(points: Sequence[Vec2]) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:], strict=False))


def _cut_start(points: Sequence[Vec2], amount: float) -> list[Vec2]:
    """The path without its first ``amount`` of length."""
    left = amount
    for i, (a, b) in enumerate(zip(points, points[1:], strict=False)):
        step = math.dist(a, b)
        if step >= left and step > 0:
            u = left / step
            return [(a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u), *points[i + 1 :]]
        left -= step
    return [points[-1]]


def trim(points: Sequence[Vec2], start: float, end: float) -> list[Vec2]:
    """The path with ``start`` cut from its beginning and ``end`` from its end."""
    cut = _cut_start(points, start)
    return list(reversed(_cut_start(list(reversed(cut)), end)))


def _head(points: Sequence[Vec2]) -> tuple[Vec2, Vec2, Vec2]:
    """A triangle whose tip is the path's last point and whose base sits ``HEAD_LENGTH`` back
    along it, pointing the way the path arrives."""
    tip = points[-1]
    base = _cut_start(list(reversed(points)), HEAD_LENGTH)[0]
    ux, uy = tip[0] - base[0], tip[1] - base[1]
    size = math.hypot(ux, uy) or 1.0
    ux, uy = ux / size, uy / size
    half = HEAD_WIDTH / 2
    return (
        tip,
        (base[0] - uy * half, base[1] + ux * half),
        (base[0] + uy * half, base[1] - ux * half),
    )


def _thin(points: Sequence[Vec2], spacing: float = 1.5) -> list[Vec2]:
    """Drop points closer than ``spacing`` to the one kept before (keeping the last)."""
    kept = [points[0]]
    for p in points[1:-1]:
        if math.dist(p, kept[-1]) >= spacing:
            kept.append(p)
    kept.append(points[-1])
    return kept


def _gap(arrow: Arrow) -> float:
    """What to cut from each end: nothing when the offset already moves the arrow clear."""
    return TRIM if arrow.offset == (0.0, 0.0) else 0.0


def shaft_length(scene: Scene, arrow: Arrow, projector: Projector) -> float:
    """How long the arrow's shaft is once trimmed for the heads and the gap to the body."""
    heads = 2 if arrow.both else 1
    return length(track(scene, arrow, projector)) - 2 * _gap(arrow) - heads * HEAD_LENGTH


def arrow_shape(scene: Scene, arrow: Arrow, projector: Projector) -> ArrowShape:
    """The arrow as drawn: the traced path, whose head's tip lands where the point ends and
    whose tail starts where it starts (each ``TRIM`` short when the arrow runs along the
    body); the shaft stops at the head's base."""
    gap = _gap(arrow)
    path = trim(track(scene, arrow, projector), gap, gap)
    heads = [_head(path)]
    if arrow.both:
        heads.append(_head(list(reversed(path))))
    start_cut = HEAD_LENGTH if arrow.both else 0.0
    shaft = _thin(trim(path, start_cut, HEAD_LENGTH))
    return ArrowShape(tuple(shaft), tuple(heads))


def arrow_svg(
    shape: ArrowShape, colour: str, casing: str, animation: str = "", opacity: str = "1"
) -> str:
    """The arrow as an SVG group: a round-capped shaft and filled heads, on a ``casing`` (the
    background colour) that parts it from the limbs it crosses; ``animation`` (an
    ``<animate>`` of the opacity) shows it only while its movement is coming or going on."""
    d = "".join(
        f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(shape.shaft)
    )
    heads = "".join(
        f"M{num(a[0])} {num(a[1])}L{num(b[0])} {num(b[1])}L{num(c[0])} {num(c[1])}Z"
        for a, b, c in shape.heads
    )
    shown = "" if opacity == "1" else f' opacity="{opacity}"'
    return (
        f'<g class="arrow"{shown} stroke-linecap="round" stroke-linejoin="round">{animation}'
        f'<path d="{d}" stroke="{casing}" stroke-width="{num(SHAFT_WIDTH + 2 * CASING)}"/>'
        f'<path d="{heads}" fill="{casing}" stroke="{casing}" '
        f'stroke-width="{num(1 + 2 * CASING)}"/>'
        f'<path d="{d}" stroke="{colour}" stroke-width="{num(SHAFT_WIDTH)}"/>'
        f'<path d="{heads}" fill="{colour}" stroke="{colour}" stroke-width="1"/></g>'
    )


def arrow_points(shape: ArrowShape) -> list[Vec2]:
    """Every point the arrow reaches, for fitting the picture around it."""
    return [*shape.shaft, *(p for head in shape.heads for p in head)]


def scene_projector(scene: Scene) -> Projector:
    """The projector of the scene's view."""
    spec = scene.spec
    return Projector(camera_for(spec.view, spec.turn, spec.tilt))


def arrow_problems(scene: Scene) -> list[str]:
    """Arrows too short to read: the point they follow hardly moves in this view."""
    projector = scene_projector(scene)
    problems: list[str] = []
    for i, arrow in enumerate(scene.spec.arrows):
        shaft = shaft_length(scene, arrow, projector)
        if shaft < MIN_LENGTH:
            moved = length(track(scene, arrow, projector)) / UNIT
            problems.append(
                f"arrows[{i}]: {arrow.follow} moves only {moved:.2f} body heights in the "
                f"picture, too little for an arrow; follow a point that moves further"
            )
    return problems
