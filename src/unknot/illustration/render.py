"""Drawing a scene as SVG: an animated loop for screens and a numbered strip for print.

Both are self-contained (no scripts, no external references). The animation uses SMIL
``<animate>`` on path data and circle positions; it loops. Everything is drawn in user units
of 1/100 of body height, and the ``viewBox`` lets the picture scale to any width.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from unknot.illustration.arrows import ArrowShape, arrow_points, arrow_shape, arrow_svg
from unknot.illustration.camera import camera_for
from unknot.illustration.drawing import (
    PRINT,
    SCREEN,
    Drawn,
    Part,
    Projector,
    extent,
    floor_svg,
    geometry_attrs,
    halo_of,
    layers,
    num,
    paint,
    static_element,
)
from unknot.illustration.scene import Frame, Scene
from unknot.illustration.spec import highlight_keyframes
from unknot.illustration.timeline import LINEAR_SPLINE, Timeline, animation_frames, build_timeline

__all__ = ["PRINT", "SCREEN", "render_animated", "render_strip"]

ASPECT = 4 / 3
"""Width : height of every animated picture, so that pages can lay them out alike."""
PAD = 7.0
"""Space around the drawing, in user units."""


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


def _animated_element(
    part: Part, timeline: Timeline, timing: str, shown: list[str] | None = None
) -> str:
    """The part, its geometry animated over the timeline; ``shown`` (one "1" or "0" per key
    time) makes it appear only in some intervals."""
    per_frame = [geometry_attrs(part.shape, part.geometry(f)) for f in timeline.frames]
    first = per_frame[0]
    attrs = " ".join(f'{k}="{v}"' for k, v in first.items())
    animations = []
    if shown is not None:
        attrs += f' opacity="{shown[0]}"'
        animations.append(_discrete_opacity(timeline, shown))
    for key in first:
        values = [attrs_of[key] for attrs_of in per_frame]
        if len(set(values)) == 1:
            continue
        animations.append(f'<animate attributeName="{key}" {timing} values="{";".join(values)}"/>')
    body = "".join(animations)
    return f'<{part.shape} class="{part.name}" {attrs} {paint(part)}>{body}</{part.shape}>'


def _header(
    scene: Scene, view_box: tuple[float, float, float, float], suffix: str, background: str
) -> str:
    spec = scene.spec
    x0, y0, w, h = view_box
    ident = f"{spec.id}-{suffix}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x0)} {num(y0)} {num(w)} '
        f'{num(h)}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(spec.name)}</title>'
        f'<desc id="{ident}-desc">{escape(spec.description)}</desc>'
        f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(w)}" height="{num(h)}" '
        f'fill="{background}"/>'
    )


def render_animated(scene: Scene) -> str:
    """The looping animation of ``scene`` as a self-contained SVG document."""
    spec = scene.spec
    camera = camera_for(spec.view, spec.turn, spec.tilt)
    projector = Projector(camera)
    frames = animation_frames(scene)
    timeline = build_timeline(frames, spec.easing)
    band = 14.0 if any(f.label for f in frames) else 0.0
    arrows = [arrow_shape(scene, arrow, projector) for arrow in spec.arrows]
    reach = [p for shape in arrows for p in arrow_points(shape)]
    view_box = _fit_aspect(extent(timeline.frames, scene.props, projector, reach), band, ASPECT)
    key_times = ";".join(f"{t:g}" for t in timeline.times)
    timing = f'dur="{timeline.seconds:.2f}s" repeatCount="indefinite" keyTimes="{key_times}"'
    if any(spline != LINEAR_SPLINE for spline in timeline.splines):
        timing += f' calcMode="spline" keySplines="{";".join(timeline.splines)}"'
    behind, middle, front = layers(scene, frames, projector, SCREEN)
    out = [_header(scene, view_box, "anim", SCREEN.background)]
    out.append('<g fill="none" stroke-linecap="round" stroke-linejoin="round">')
    out.append(floor_svg(timeline.frames, scene.props, projector, view_box, SCREEN))
    out += behind
    glows = highlight_keyframes(spec)
    for _, item in middle:
        if isinstance(item, Drawn):
            out.append(item.svg)
            continue
        part = halo_of(item)
        held = glows.get(part) if part is not None else None
        shown = (
            None
            if held is None
            else ["1" if key is not None and key in held else "0" for key in _held_keys(timeline)]
        )
        out.append(_animated_element(item, timeline, timing, shown))
    out += [_animated_element(part, timeline, timing) for part in front]
    for arrow, shape in zip(spec.arrows, arrows, strict=True):
        visible = arrow_visibility(timeline.keys, arrow.frame - 1, arrow.frame % len(frames))
        anim = _discrete_opacity(timeline, visible)
        out.append(arrow_svg(shape, SCREEN.arrow, SCREEN.background, anim, visible[0]))
    out.append("</g>")
    out += _label_elements(frames, timeline, key_times, view_box)
    out.append("</svg>")
    return "".join(out)


def _discrete_opacity(timeline: Timeline, values: Sequence[str]) -> str:
    """An ``<animate>`` that switches the opacity at the timeline's key times."""
    key_times = ";".join(f"{t:g}" for t in timeline.times)
    return (
        f'<animate attributeName="opacity" dur="{timeline.seconds:.2f}s" '
        f'repeatCount="indefinite" calcMode="discrete" keyTimes="{key_times}" '
        f'values="{";".join(values)}"/>'
    )


def _held_keys(timeline: Timeline) -> list[int | None]:
    """For each key time, the keyframe held in the interval it begins (None while moving)."""
    keys = timeline.keys
    return [
        key if key is not None and k + 1 < len(keys) and keys[k + 1] == key else None
        for k, key in enumerate(keys)
    ]


def arrow_visibility(keys: Sequence[int | None], start: int, end: int) -> list[str]:
    """For each key time, "1" when the interval it begins shows the arrow from keyframe
    ``start`` to ``end``: while the figure holds ``start`` and while it moves on to ``end``."""
    visible: list[str] = []
    shown = False
    for key in keys:
        if key == start:
            shown = True
        elif key == end:
            shown = False
        visible.append("1" if shown else "0")
    return visible


def _label_elements(
    frames: Sequence[Frame],
    timeline: Timeline,
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
            f'x="{num(x)}" y="{num(y)}" text-anchor="middle" font-family="sans-serif" '
            f'font-size="{num(size)}" fill="{SCREEN.text}"'
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
    projector = Projector(camera_for(spec.view, spec.turn, spec.tilt))
    frames = list(scene.frames)
    arrows: list[tuple[int, ArrowShape]] = [
        (arrow.frame - 1, arrow_shape(scene, arrow, projector)) for arrow in spec.arrows
    ]
    reach = [p for _, shape in arrows for p in arrow_points(shape)]
    x0, y0, x1, y1 = extent(frames, scene.props, projector, reach)
    x0, y0, x1, y1 = x0 - PAD, y0 - PAD - 12.0, x1 + PAD, y1 + PAD
    panel_w, panel_h = x1 - x0, y1 - y0 + STRIP_CAPTION
    count = len(frames)
    title_width = len(spec.name) * CHAR_WIDTH * 11 + 2 * STRIP_GAP
    width = max(count * panel_w + (count + 1) * STRIP_GAP, title_width)
    height = STRIP_TITLE + panel_h + 2 * STRIP_GAP
    view_box = (0.0, 0.0, width, height)
    behind, middle, front = layers(scene, frames, projector, PRINT)
    glows = highlight_keyframes(spec)
    font = 'font-family="sans-serif"'
    out = [_header(scene, view_box, "strip", PRINT.background)]
    out.append(
        f'<text x="{num(STRIP_GAP)}" y="{num(STRIP_GAP + 9)}" {font} font-size="11" '
        f'font-weight="bold" fill="#000000">{escape(spec.name)}</text>'
    )
    for i, frame in enumerate(frames):
        left = STRIP_GAP + i * (panel_w + STRIP_GAP)
        top = STRIP_GAP + STRIP_TITLE
        out.append(
            f'<g class="frame" id="{spec.id}-frame-{i + 1}" '
            f'transform="translate({num(left - x0)} {num(top - y0)})">'
        )
        out.append(
            f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(panel_w)}" '
            f'height="{num(panel_h)}" rx="3" fill="#ffffff" stroke="#9a9a9a" stroke-width="0.8"/>'
        )
        clip = f"{spec.id}-clip-{i + 1}"
        out.append(
            f'<clipPath id="{clip}"><rect x="{num(x0)}" y="{num(y0)}" '
            f'width="{num(panel_w)}" height="{num(panel_h)}" rx="3"/></clipPath>'
        )
        out.append(
            f'<g fill="none" stroke-linecap="round" stroke-linejoin="round" '
            f'clip-path="url(#{clip})">'
        )
        out.append(floor_svg(frames, scene.props, projector, (x0, y0, panel_w, panel_h), PRINT))
        out += behind
        for _, item in middle:
            if isinstance(item, Drawn):
                out.append(item.svg)
                continue
            part = halo_of(item)
            held = glows.get(part) if part is not None else None
            if held is None or i in held:
                out.append(static_element(item, frame))
        out += [static_element(part, frame) for part in front]
        out += [arrow_svg(shape, PRINT.arrow, PRINT.background) for at, shape in arrows if at == i]
        out.append("</g>")
        cx, cy = x0 + 9.0, y0 + 9.0
        out.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="7" fill="#000000"/>'
            f'<text x="{num(cx)}" y="{num(cy + 3.4)}" text-anchor="middle" {font} '
            f'font-size="10" font-weight="bold" fill="#ffffff">{i + 1}</text>'
        )
        if frame.label:
            size = min(9.0, (panel_w - 4) / (len(frame.label) * CHAR_WIDTH))
            out.append(
                f'<text x="{num(x0 + panel_w / 2)}" y="{num(y0 + panel_h - 4)}" '
                f'text-anchor="middle" {font} font-size="{num(size)}" fill="#000000">'
                f"{escape(frame.label)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
