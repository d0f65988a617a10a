"""Still drawings for reduced motion: every animation stopped at the start of its longest hold
(or half-way when it never holds), with no <animate> left."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from unknot.content.exercises import load_exercises
from unknot.illustration.still import freeze, key_frame, still_svg

NS = 'xmlns="http://www.w3.org/2000/svg"'


def animated(values: str, times: str = "0;0.2;0.5;1") -> str:
    return (
        f'<svg {NS} viewBox="0 0 10 10"><title>t</title>'
        f'<path d="M0 0"><animate attributeName="d" dur="4s" repeatCount="indefinite" '
        f'keyTimes="{times}" values="{values}"/></path>'
        f'<text opacity="0"><animate attributeName="opacity" dur="4s" keyTimes="{times}" '
        f'values="0;1;1;0"/>hold</text></svg>'
    )


@pytest.mark.parametrize(
    ("values", "times", "frame"),
    [
        ("M0 0;M1 1;M1 1;M0 0", "0;0.2;0.5;1", 1),  # the hold from 0.2 to 0.5
        ("M0 0;M0 0;M1 1;M1 1", "0;0.1;0.3;1", 2),  # the longer hold wins (0.7 over 0.1)
        ("M0 0;M1 1;M2 2;M3 3", "0;0.2;0.5;1", 1),  # no hold: half-way
    ],
)
def test_the_key_frame_is_where_the_longest_hold_begins(
    values: str, times: str, frame: int
) -> None:
    root = ET.fromstring(animated(values, times))
    animations = list(root.iter("{http://www.w3.org/2000/svg}animate"))
    assert key_frame(animations[:1]) == frame


def test_freezing_sets_each_attribute_to_its_key_frame_value_and_drops_the_animation() -> None:
    still = freeze(animated("M0 0;M1 1;M1 1;M0 0"))
    root = ET.fromstring(still)
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None and path.get("d") == "M1 1"
    assert "<animate" not in still
    assert still.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_a_drawing_without_animation_stays_as_it_was() -> None:
    plain = f'<svg {NS} viewBox="0 0 1 1"><path d="M0 0"/></svg>'
    assert ET.fromstring(freeze(plain)).find("{http://www.w3.org/2000/svg}path") is not None


@pytest.mark.parametrize("exercise_id", [ex.id for ex in load_exercises()])
def test_every_exercise_has_a_still_drawing_with_no_animation(exercise_id: str) -> None:
    still = still_svg(exercise_id)
    assert "<animate" not in still
    root = ET.fromstring(still)
    assert root.get("role") == "img"
