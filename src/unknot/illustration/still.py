"""A still picture of an exercise, for people who ask their device for reduced motion.

The animated drawing (:func:`unknot.illustration.animated_svg`) moves with SMIL, which browsers
play whatever ``prefers-reduced-motion`` says. :func:`freeze` turns an animation into one
frame: every animated attribute takes its value at one key time and the ``<animate>``
elements go. The key time chosen is the start of the longest hold (the position the exercise
is about, such as the knee drawn to the chest); a drawing that never holds still is frozen
half-way through.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from typing import Final

SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
ANIMATE: Final = f"{{{SVG_NAMESPACE}}}animate"

_HELD_WITHIN: Final = 1e-9


def _key_times(animations: list[ET.Element]) -> list[float]:
    for animation in animations:
        times = animation.get("keyTimes")
        if times:
            return [float(t) for t in times.split(";")]
    return []


def key_frame(animations: list[ET.Element]) -> int:
    """The index of the key time to freeze at: where the longest hold begins."""
    times = _key_times(animations)
    if len(times) < 2:
        return 0
    series = [
        (a.get("values") or "").split(";") for a in animations if a.get("keyTimes") is not None
    ]
    best, best_length = None, 0.0
    for index in range(len(times) - 1):
        held = all(
            len(values) == len(times) and values[index] == values[index + 1] for values in series
        )
        length = times[index + 1] - times[index]
        if held and length > best_length + _HELD_WITHIN:
            best, best_length = index, length
    return best if best is not None else (len(times) - 1) // 2


def freeze(svg: str) -> str:
    """``svg`` with every SMIL animation stopped at :func:`key_frame`."""
    ET.register_namespace("", SVG_NAMESPACE)
    root = ET.fromstring(svg)
    parents = [
        (parent, child) for parent in root.iter() for child in parent if child.tag == ANIMATE
    ]
    frame = key_frame([child for _, child in parents])
    for parent, animation in parents:
        name = animation.get("attributeName")
        values = (animation.get("values") or "").split(";")
        if name and frame < len(values):
            parent.set(name, values[frame])
        parent.remove(animation)
    return ET.tostring(root, encoding="unicode")


@functools.cache
def still_svg(exercise_id: str) -> str:
    """The exercise's drawing as one still frame (see :func:`freeze`)."""
    from unknot.illustration import animated_svg

    return freeze(animated_svg(exercise_id))
