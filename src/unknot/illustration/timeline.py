"""The animation's timeline: hold each keyframe, move to the next, loop back to the first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from unknot.illustration.scene import Frame, Scene, interpolate, largest_change, with_breath
from unknot.illustration.spec import Easing

EASE_SPLINE = "0.45 0 0.55 1"
"""Ease-in-out timing for each move (cubic Bézier control points)."""
LINEAR_SPLINE = "0 0 1 1"
INBETWEEN_DEGREES = 35.0
"""A move that turns some joint by more than this gets in-between poses (one per 35°)."""
MAX_INBETWEENS = 4
BREATH_IN_SECONDS = 2.2
BREATH_OUT_SECONDS = 2.6
"""The slow breath a rest position shows (with its pauses, about six seconds a breath)."""


@dataclass(frozen=True)
class Timeline:
    """The poses the animation passes through and when."""

    times: list[float]
    """Key times, 0 to 1."""
    frames: list[Frame]
    """The pose at each key time: keyframes and, inside long moves, in-betweens."""
    keys: list[int | None]
    """Which keyframe each entry is (None for an in-between)."""
    splines: list[str]
    """The timing curve of each interval."""
    seconds: float


def ease(t: float) -> float:
    """Smoothstep: slow at both ends of a move."""
    return t * t * (3 - 2 * t)


def build_timeline(frames: Sequence[Frame], easing: Easing) -> Timeline:
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
                s = ease(u) if easing is Easing.EASE else u
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
    return Timeline(
        times=[round(when / total, 4) for when, *_ in entries],
        frames=[frame for _, frame, _, _ in entries],
        keys=[key for _, _, key, _ in entries],
        splines=[spline for *_, spline in entries[1:]],
        seconds=total,
    )


def animation_frames(scene: Scene) -> list[Frame]:
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
