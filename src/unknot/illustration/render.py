"""Drawing a scene as SVG: an animated loop for screens and a numbered strip for print.

Both are self-contained (no scripts, no external references). The animation uses SMIL
``<animate>`` on path data and circle positions; it loops. Everything is drawn in user units
of 1/100 of body height, and the ``viewBox`` lets the picture scale to any width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from unknot.illustration.camera import Camera, camera_for
from unknot.illustration.geometry import Vec2, Vec3, convex_hull, mean
from unknot.illustration.scene import (
    Box,
    Frame,
    PropShape,
    Scene,
    interpolate,
    largest_change,
    with_breath,
)
from unknot.illustration.skeleton import HEAD_RADIUS
from unknot.illustration.spec import LINE_PROPS, Easing, PropKind

UNIT = 100.0
"""SVG user units per body height."""
ASPECT = 4 / 3
"""Width : height of every animated picture, so that pages can lay them out alike."""
PAD = 7.0
"""Space around the drawing, in user units."""
EASE_SPLINE = "0.45 0 0.55 1"
"""Ease-in-out timing for each move (cubic Bézier control points)."""
LINEAR_SPLINE = "0 0 1 1"
INBETWEEN_DEGREES = 35.0
"""A move that turns some joint by more than this gets in-between poses (one per 35°)."""
MAX_INBETWEENS = 4
BREATH_IN_SECONDS = 2.2
BREATH_OUT_SECONDS = 2.6
"""A calm breath for rest positions, a little slower than the resting rate of 12–20 a minute
so that it reads as calm."""


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
)
"""Calm blues for the figure; the far-side limbs are lighter but still at least 3:1 against
white, the near side and the body well above 7:1."""

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


def _num(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


class _Projector:
    def __init__(self, camera: Camera) -> None:
        self.camera = camera

    def xy(self, p: Vec3) -> Vec2:
        right, up = self.camera.project(p)
        return (right * UNIT, -up * UNIT)

    def path(self, points: Iterable[Vec3], close: bool = False) -> str:
        out = []
        for i, p in enumerate(points):
            x, y = self.xy(p)
            out.append(f"{'M' if i == 0 else 'L'}{_num(x)} {_num(y)}")
        return "".join(out) + ("Z" if close else "")

    def box_outline(self, box: Box) -> list[Vec2]:
        (x0, y0, z0), (x1, y1, z1) = box
        corners = [(x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
        return convex_hull([self.xy(c) for c in corners])


def _mean_depth(projector: _Projector, frames: Sequence[Frame], names: Sequence[str]) -> float:
    total = 0.0
    for frame in frames:
        total += sum(projector.camera.depth(frame.points[n]) for n in names) / len(names)
    return total / len(frames)


LEG = ("hip", "knee", "ankle", "heel", "foot_index")
ARM = ("shoulder", "elbow", "wrist", "index")
SPINE = ("mid_hip", "lower_back", "mid_back", "neck")


def _figure_parts(frames: Sequence[Frame], projector: _Projector, palette: Palette) -> list[Part]:
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
    torso_depth = _mean_depth(projector, frames, SPINE)

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

    body = palette.body
    torso = [
        Part("belly", "circle", belly, None, body, 0.0, torso_depth),
        Part("hips", "path", chain(["left_hip", "right_hip"]), body, None, HIPS_WIDTH, 0.0),
        Part("spine", "path", chain(SPINE), body, None, SPINE_WIDTH, 0.0),
        Part(
            "shoulders",
            "path",
            chain(["left_shoulder", "neck", "right_shoulder"]),
            body,
            None,
            SHOULDERS_WIDTH,
            0.0,
        ),
        Part("neck", "path", chain(["neck", "head"]), body, None, NECK_WIDTH, 0.0),
        Part("head", "circle", head, None, body, 0.0, 0.0),
        Part("nose", "circle", nose, None, body, 0.0, 0.0),
    ]
    return [
        *parts,
        *(Part(p.name, p.shape, p.geometry, p.stroke, p.fill, p.width, torso_depth) for p in torso),
    ]


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
class _Drawn:
    """A static prop element: its depth (for sorting) and its SVG."""

    depth: float
    svg: str


def _static_props(
    props: Sequence[PropShape], projector: _Projector, palette: Palette
) -> tuple[list[str], list[_Drawn]]:
    """SVG of the props behind the figure, and of the soft props to sort in with it."""
    behind: list[str] = []
    sorted_in: list[_Drawn] = []
    for prop in props:
        if prop.kind in LINE_PROPS:
            continue
        fill, stroke = _prop_style(prop.kind, palette)
        soft = prop.kind in (PropKind.PILLOW, PropKind.CUSHION)
        boxes = sorted(prop.boxes, key=lambda b: projector.camera.depth(mean(b)))
        for box in boxes:
            outline = projector.box_outline(box)
            d = "".join(
                f"{'M' if i == 0 else 'L'}{_num(x)} {_num(y)}" for i, (x, y) in enumerate(outline)
            )
            width = 3.0 if soft else 1.3
            svg = (
                f'<path class="prop {prop.kind}" d="{d}Z" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="{_num(width)}"/>'
            )
            if soft:
                sorted_in.append(_Drawn(projector.camera.depth(mean(box)), svg))
            else:
                behind.append(svg)
    return behind, sorted_in


def _line_props(
    props: Sequence[PropShape], projector: _Projector
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


def _extent(
    frames: Sequence[Frame], props: Sequence[PropShape], projector: _Projector
) -> tuple[float, float, float, float]:
    """Bounding box (x0, y0, x1, y1) of everything drawn, in user units."""
    xs: list[float] = []
    ys: list[float] = []
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


def _floor_svg(
    frames: Sequence[Frame],
    props: Sequence[PropShape],
    projector: _Projector,
    view_box: tuple[float, float, float, float],
    palette: Palette,
) -> str:
    if projector.camera.sees_floor_edge_on:
        x0, _, w, _ = view_box
        y = projector.xy((0.0, 0.0, 0.0))[1]
        return (
            f'<path id="floor" d="M{_num(x0)} {_num(y)}H{_num(x0 + w)}" '
            f'stroke="{palette.floor}" stroke-width="2"/>'
        )
    world = [p for frame in frames for p in frame.points.values()]
    world += [corner for prop in props for box in prop.boxes for corner in box]
    margin = 0.6
    x0, x1 = min(p[0] for p in world) - margin, max(p[0] for p in world) + margin
    z0, z1 = min(p[2] for p in world) - margin, max(p[2] for p in world) + margin
    corners = [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]
    return (
        f'<path id="floor" d="{projector.path(corners, close=True)}" fill="{palette.floor_fill}"/>'
    )


def _fit_aspect(
    extent: tuple[float, float, float, float], top_band: float, aspect: float | None
) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = extent
    x0, x1 = x0 - PAD, x1 + PAD
    y0, y1 = y0 - PAD - top_band, y1 + PAD
    w, h = x1 - x0, y1 - y0
    if aspect is not None:
        if w / h < aspect:
            extra = h * aspect - w
            x0 -= extra / 2
            w += extra
        else:
            extra = w / aspect - h
            y0 -= extra * 0.65
            h += extra
    return (x0, y0, w, h)


@dataclass(frozen=True)
class _Timeline:
    times: list[float]
    """Key times, 0 to 1."""
    frames: list[Frame]
    """The pose at each key time: keyframes and, inside long moves, in-betweens."""
    keys: list[int | None]
    """Which keyframe each entry is (None for an in-between)."""
    splines: list[str]
    """The timing curve of each interval."""
    seconds: float


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def _timeline(frames: Sequence[Frame], easing: Easing) -> _Timeline:
    """The loop: hold each keyframe, move to the next, and back to the first. A move that
    turns a joint far gets in-between poses blended from the joint angles, so that limbs do
    not shrink on the way (SMIL alone would slide the points in straight lines)."""
    entries: list[tuple[float, Frame, int | None, str]] = [(0.0, frames[0], 0, LINEAR_SPLINE)]
    t = 0.0
    if frames[0].hold > 0:
        t += frames[0].hold
        entries.append((t, frames[0], 0, LINEAR_SPLINE))
    order = [*range(1, len(frames)), 0]
    previous = frames[0]
    for i in order:
        target = frames[i]
        steps = min(MAX_INBETWEENS, int(largest_change(previous, target) // INBETWEEN_DEGREES))
        start, move = t, target.move
        if steps == 0:
            spline = EASE_SPLINE if easing is Easing.EASE else LINEAR_SPLINE
            entries.append((start + move, target, i, spline))
        else:
            for j in range(1, steps + 2):
                u = j / (steps + 1)
                s = _ease(u) if easing is Easing.EASE else u
                frame = target if j == steps + 1 else interpolate(previous, target, s)
                entries.append(
                    (start + move * u, frame, i if j == steps + 1 else None, LINEAR_SPLINE)
                )
        t = start + move
        if target.hold > 0 and i != 0:
            t += target.hold
            entries.append((t, target, i, LINEAR_SPLINE))
        previous = target
    total = t
    return _Timeline(
        times=[round(when / total, 4) for when, *_ in entries],
        frames=[frame for _, frame, _, _ in entries],
        keys=[key for _, _, key, _ in entries],
        splines=[spline for *_, spline in entries[1:]],
        seconds=total,
    )


def _animation_frames(scene: Scene) -> list[Frame]:
    if not scene.spec.rest:
        return list(scene.frames)
    still = scene.frames[0]
    out_breath = with_breath(still, 0.0)
    in_breath = with_breath(still, 1.0)
    return [
        _replace_timing(out_breath, hold=max(still.hold, 1.0), move=BREATH_OUT_SECONDS),
        _replace_timing(in_breath, hold=0.5, move=BREATH_IN_SECONDS),
    ]


def _replace_timing(frame: Frame, hold: float, move: float) -> Frame:
    return replace(frame, hold=hold, move=move)


def _geometry_attrs(shape: str, geometry: Geometry) -> dict[str, str]:
    if shape == "path":
        assert isinstance(geometry, str)
        return {"d": geometry}
    assert isinstance(geometry, tuple)
    cx, cy, r = geometry
    return {"cx": _num(cx), "cy": _num(cy), "r": _num(r)}


def _paint(part: Part) -> str:
    if part.shape == "circle":
        return f'fill="{part.fill}"'
    return f'stroke="{part.stroke}" stroke-width="{_num(part.width)}"'


def _animated_element(part: Part, timeline: _Timeline, timing: str) -> str:
    per_frame = [_geometry_attrs(part.shape, part.geometry(f)) for f in timeline.frames]
    first = per_frame[0]
    attrs = " ".join(f'{k}="{v}"' for k, v in first.items())
    animations = []
    for key in first:
        values = [attrs_of[key] for attrs_of in per_frame]
        if len(set(values)) == 1:
            continue
        animations.append(f'<animate attributeName="{key}" {timing} values="{";".join(values)}"/>')
    body = "".join(animations)
    return f'<{part.shape} class="{part.name}" {attrs} {_paint(part)}>{body}</{part.shape}>'


def _static_element(part: Part, frame: Frame) -> str:
    attrs = " ".join(
        f'{k}="{v}"' for k, v in _geometry_attrs(part.shape, part.geometry(frame)).items()
    )
    return f'<{part.shape} class="{part.name}" {attrs} {_paint(part)}/>'


def _header(scene: Scene, view_box: tuple[float, float, float, float], suffix: str) -> str:
    spec = scene.spec
    x0, y0, w, h = view_box
    ident = f"{spec.id}-{suffix}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_num(x0)} {_num(y0)} {_num(w)} '
        f'{_num(h)}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(spec.name)}</title>'
        f'<desc id="{ident}-desc">{escape(spec.description)}</desc>'
        f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(w)}" height="{_num(h)}" '
        f'fill="#ffffff"/>'
    )


def _layers(
    scene: Scene, frames: Sequence[Frame], projector: _Projector, palette: Palette
) -> tuple[list[str], list[tuple[float, Part | _Drawn]], list[Part]]:
    behind, soft = _static_props(scene.props, projector, palette)
    parts = _figure_parts(frames, projector, palette)
    middle: list[tuple[float, Part | _Drawn]] = [(p.depth, p) for p in parts]
    middle += [(d.depth, d) for d in soft]
    middle.sort(key=lambda item: item[0])
    front = [
        Part(str(prop.kind), "path", geometry, palette.towel, None, 2.4, 0.0)
        for prop, geometry in _line_props(scene.props, projector)
    ]
    return behind, middle, front


def render_animated(scene: Scene) -> str:
    """The looping animation of ``scene`` as a self-contained SVG document."""
    spec = scene.spec
    camera = camera_for(spec.view, spec.turn, spec.tilt)
    projector = _Projector(camera)
    frames = _animation_frames(scene)
    timeline = _timeline(frames, spec.easing)
    band = 14.0 if any(f.label for f in frames) else 0.0
    view_box = _fit_aspect(_extent(timeline.frames, scene.props, projector), band, ASPECT)
    key_times = ";".join(f"{t:g}" for t in timeline.times)
    timing = f'dur="{timeline.seconds:.2f}s" repeatCount="indefinite" keyTimes="{key_times}"'
    if any(spline != LINEAR_SPLINE for spline in timeline.splines):
        timing += f' calcMode="spline" keySplines="{";".join(timeline.splines)}"'
    behind, middle, front = _layers(scene, frames, projector, SCREEN)
    out = [_header(scene, view_box, "anim")]
    out.append('<g fill="none" stroke-linecap="round" stroke-linejoin="round">')
    out.append(_floor_svg(timeline.frames, scene.props, projector, view_box, SCREEN))
    out += behind
    for _, item in middle:
        out.append(
            item.svg if isinstance(item, _Drawn) else _animated_element(item, timeline, timing)
        )
    out += [_animated_element(part, timeline, timing) for part in front]
    out.append("</g>")
    out += _label_elements(frames, timeline, key_times, view_box)
    out.append("</svg>")
    return "".join(out)


def _label_elements(
    frames: Sequence[Frame],
    timeline: _Timeline,
    key_times: str,
    view_box: tuple[float, float, float, float],
) -> list[str]:
    """Each keyframe's label, shown while the animation holds that keyframe."""
    x0, y0, w, h = view_box
    size = max(9.0, h * 0.065)
    x, y = x0 + w / 2, y0 + PAD + size * 0.8
    keys = timeline.keys
    out: list[str] = []
    for text in sorted({f.label for f in frames if f.label}):
        visible = [
            "1"
            if key is not None
            and frames[key].label == text
            and k + 1 < len(keys)
            and keys[k + 1] == key
            else "0"
            for k, key in enumerate(keys)
        ]
        style = (
            f'x="{_num(x)}" y="{_num(y)}" text-anchor="middle" font-family="sans-serif" '
            f'font-size="{_num(size)}" fill="{SCREEN.text}"'
        )
        if all(frame.label == text for frame in frames):
            out.append(f"<text {style}>{escape(text)}</text>")
            continue
        anim = (
            f'<animate attributeName="opacity" dur="{timeline.seconds:.2f}s" '
            f'repeatCount="indefinite" calcMode="discrete" keyTimes="{key_times}" '
            f'values="{";".join(visible)}"/>'
        )
        out.append(f'<text {style} opacity="{visible[0]}">{anim}{escape(text)}</text>')
    return out


STRIP_GAP = 8.0
STRIP_TITLE = 16.0
STRIP_CAPTION = 14.0
CHAR_WIDTH = 0.56
"""Average width of a sans-serif character, as a fraction of the font size."""


def render_strip(scene: Scene) -> str:
    """The keyframes side by side as numbered still frames, in black and grey, for print."""
    spec = scene.spec
    projector = _Projector(camera_for(spec.view, spec.turn, spec.tilt))
    frames = list(scene.frames)
    x0, y0, x1, y1 = _extent(frames, scene.props, projector)
    x0, y0, x1, y1 = x0 - PAD, y0 - PAD - 12.0, x1 + PAD, y1 + PAD
    panel_w, panel_h = x1 - x0, y1 - y0 + STRIP_CAPTION
    count = len(frames)
    title_width = len(spec.name) * CHAR_WIDTH * 11 + 2 * STRIP_GAP
    width = max(count * panel_w + (count + 1) * STRIP_GAP, title_width)
    height = STRIP_TITLE + panel_h + 2 * STRIP_GAP
    view_box = (0.0, 0.0, width, height)
    behind, middle, front = _layers(scene, frames, projector, PRINT)
    font = 'font-family="sans-serif"'
    out = [_header(scene, view_box, "strip")]
    out.append(
        f'<text x="{_num(STRIP_GAP)}" y="{_num(STRIP_GAP + 9)}" {font} font-size="11" '
        f'font-weight="bold" fill="#000000">{escape(spec.name)}</text>'
    )
    for i, frame in enumerate(frames):
        left = STRIP_GAP + i * (panel_w + STRIP_GAP)
        top = STRIP_GAP + STRIP_TITLE
        out.append(
            f'<g class="frame" id="{spec.id}-frame-{i + 1}" '
            f'transform="translate({_num(left - x0)} {_num(top - y0)})">'
        )
        out.append(
            f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(panel_w)}" '
            f'height="{_num(panel_h)}" rx="3" fill="#ffffff" stroke="#9a9a9a" stroke-width="0.8"/>'
        )
        clip = f"{spec.id}-clip-{i + 1}"
        out.append(
            f'<clipPath id="{clip}"><rect x="{_num(x0)}" y="{_num(y0)}" '
            f'width="{_num(panel_w)}" height="{_num(panel_h)}" rx="3"/></clipPath>'
        )
        out.append(
            f'<g fill="none" stroke-linecap="round" stroke-linejoin="round" '
            f'clip-path="url(#{clip})">'
        )
        out.append(_floor_svg(frames, scene.props, projector, (x0, y0, panel_w, panel_h), PRINT))
        out += behind
        for _, item in middle:
            out.append(item.svg if isinstance(item, _Drawn) else _static_element(item, frame))
        out += [_static_element(part, frame) for part in front]
        out.append("</g>")
        cx, cy = x0 + 9.0, y0 + 9.0
        out.append(
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="7" fill="#000000"/>'
            f'<text x="{_num(cx)}" y="{_num(cy + 3.4)}" text-anchor="middle" {font} '
            f'font-size="10" font-weight="bold" fill="#ffffff">{i + 1}</text>'
        )
        if frame.label:
            size = min(9.0, (panel_w - 4) / (len(frame.label) * CHAR_WIDTH))
            out.append(
                f'<text x="{_num(x0 + panel_w / 2)}" y="{_num(y0 + panel_h - 4)}" '
                f'text-anchor="middle" {font} font-size="{_num(size)}" fill="#000000">'
                f"{escape(frame.label)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
