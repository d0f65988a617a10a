"""Illustrations drawn from data: the figure model, the pose files and the two SVG renderers."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.errors import ContentError, NotFound
from unknot.illustration import (
    KEYPOINTS,
    Pose,
    animated_svg,
    joint_angles,
    keypoints,
    known_pose_ids,
    load_pose,
    strip_svg,
)
from unknot.illustration.arrows import TRIM, arrow_shape, scene_projector, track
from unknot.illustration.drawing import STEEP_VIEW
from unknot.illustration.keypoints import COCO_KEYPOINTS
from unknot.illustration.loader import load_scene
from unknot.illustration.render import (
    PRINT,
    SCREEN,
    arrow_visibility,
    render_animated,
    render_strip,
)
from unknot.illustration.scene import FLOOR_TOLERANCE, build_scene, largest_change
from unknot.illustration.skeleton import JOINTS, RADIUS, SEGMENTS, forward_kinematics
from unknot.illustration.spec import Easing, PoseSpec, View
from unknot.illustration.timeline import animation_frames, build_timeline

SVG = "{http://www.w3.org/2000/svg}"

# The fixed exercise library of the brief (issue 3): every id with its name.
LIBRARY: dict[str, str] = {
    "constructive-rest": "Constructive rest (on your back, knees bent)",
    "ninety-ninety-rest": "90/90 rest with calves on a chair",
    "side-lying-rest": "Side-lying rest, pillow between the knees",
    "prone-lying": "Lying on your front",
    "supported-forward-lean": "Supported forward lean (hands on a table)",
    "diaphragmatic-breathing": "Belly breathing",
    "progressive-relaxation": "Progressive muscle relaxation",
    "knee-rocking": "Knee rocking (knees sway side to side, lying)",
    "pelvic-tilt": "Pelvic tilts, lying",
    "seated-pelvic-tilt": "Seated pelvic tilts",
    "cat-cow": "Cat–cow",
    "chair-cat-cow": "Seated cat–cow",
    "prone-on-elbows": "Sphinx (lying on your elbows)",
    "standing-back-extension": "Standing back bend",
    "knee-to-chest": "Single knee-to-chest",
    "double-knee-to-chest": "Double knee-to-chest",
    "childs-pose": "Child's pose",
    "prone-press-up": "Cobra / prone press-up",
    "lying-twist": "Lying twist with the knee crossed over the body",
    "seated-forward-bend": "Seated forward bend (seated posterior stretch)",
    "figure-four-stretch": "Figure-4 piriformis stretch, lying",
    "glute-stretch": "Lying glute stretch (knee toward the opposite shoulder)",
    "hamstring-stretch-towel": "Lying hamstring stretch with a towel",
    "standing-hamstring-stretch": "Standing hamstring stretch (heel on a low step)",
    "hip-flexor-lunge": "Kneeling hip-flexor lunge",
    "standing-hip-flexor-stretch": "Standing hip-flexor stretch (split stance)",
    "standing-side-bend": "Standing side bend (quadratus lumborum)",
    "chair-forward-bend": "Chair forward bend",
    "chair-figure-four": "Chair figure-4 (sciatica-friendly piriformis stretch)",
    "chair-hamstring-stretch": "Chair hamstring stretch",
    "chair-twist": "Chair twist",
    "chair-side-bend": "Chair side bend",
    "chair-knee-hug": "Seated knee hug",
    "chair-hip-flexor-stretch": "Chair hip-flexor stretch (sitting sideways, one leg back)",
    "abdominal-brace": "Gentle abdominal brace",
    "heel-slides": "Heel slides with a brace",
    "dead-bug": "Dead bug",
    "curl-up": "Modified curl-up",
    "four-point-arm-reach": "Four-point arm reach",
    "bird-dog": "Bird dog",
    "glute-bridge": "Glute bridge",
    "single-leg-bridge": "Single-leg bridge",
    "side-plank-knees": "Side plank from the knees",
    "side-plank": "Side plank",
    "clamshell": "Clamshell",
    "front-plank-knees": "Front plank from the knees",
    "sit-to-stand": "Sit to stand",
    "hip-hinge": "Hip hinge (the bend-and-lift drill)",
    "walking": "Walking",
    "marching-on-the-spot": "Marching on the spot",
    "posture-reset": "Seated posture reset",
    "stand-up-break": "Stand-up break (stand, reach, walk a few steps)",
}

# Props the brief names for exercises that need equipment: the drawing must show them.
EQUIPMENT: dict[str, str] = {
    "ninety-ninety-rest": "chair",
    "side-lying-rest": "pillow",
    "prone-lying": "pillow",
    "supported-forward-lean": "table",
    "seated-pelvic-tilt": "chair",
    "chair-cat-cow": "chair",
    "hamstring-stretch-towel": "towel",
    "standing-hamstring-stretch": "step",
    "hip-flexor-lunge": "cushion",
    "chair-forward-bend": "chair",
    "chair-figure-four": "chair",
    "chair-hamstring-stretch": "chair",
    "chair-twist": "chair",
    "chair-side-bend": "chair",
    "chair-knee-hug": "chair",
    "chair-hip-flexor-stretch": "chair",
    "sit-to-stand": "chair",
    "posture-reset": "chair",
}

# Movements that the brief says are seen better from the front (sideways bends, twists).
FRONT_OR_TOP = {
    "standing-side-bend",
    "chair-side-bend",
    "chair-twist",
    "lying-twist",
    "side-plank",
    "side-plank-knees",
    "clamshell",
    "knee-rocking",
}

# The movements that were hardest to read from the picture alone, and the point whose path
# their arrow traces (issue 3, review of every drawing in Chromium).
ARROWS: dict[str, set[str]] = {
    "side-plank": {"mid_hip"},
    "side-plank-knees": {"mid_hip"},
    "lying-twist": {"right_knee"},
    "knee-rocking": {"left_knee", "right_knee"},
    "pelvic-tilt": {"mid_back"},
    "seated-pelvic-tilt": {"lower_back"},
    "clamshell": {"left_knee"},
    "glute-bridge": {"mid_hip"},
    "single-leg-bridge": {"mid_hip"},
    "heel-slides": {"right_heel"},
}

IDS = sorted(LIBRARY)
SVG_LIMIT_BYTES = 25_000


# --- the library -----------------------------------------------------------------------------


def test_every_exercise_in_the_library_has_a_pose_file_and_no_other_exists() -> None:
    assert known_pose_ids() == IDS


@pytest.mark.parametrize("ident", IDS)
def test_every_pose_file_loads_with_its_exercise_name(ident: str) -> None:
    spec = load_pose(ident)
    assert spec.id == ident
    assert spec.name == LIBRARY[ident]
    assert spec.description.strip()


@pytest.mark.parametrize(("ident", "kind"), sorted(EQUIPMENT.items()))
def test_exercises_with_equipment_draw_it(ident: str, kind: str) -> None:
    assert kind in {str(prop.kind) for prop in load_pose(ident).props}


@pytest.mark.parametrize("ident", sorted(FRONT_OR_TOP))
def test_sideways_and_twisting_movements_are_not_drawn_from_the_side(ident: str) -> None:
    spec = load_pose(ident)
    seen_from_front_or_above = spec.view in (View.FRONT, View.TOP) or abs(spec.tilt) >= 30
    assert seen_from_front_or_above or abs(spec.turn) >= 30


@pytest.mark.parametrize("ident", IDS)
def test_a_single_keyframe_is_only_used_for_a_rest_position(ident: str) -> None:
    spec = load_pose(ident)
    assert len(spec.keyframes) >= 2 or spec.rest


# --- geometry of every keyframe --------------------------------------------------------------


@pytest.mark.parametrize("ident", IDS)
def test_limb_lengths_are_the_model_lengths_in_every_keyframe(ident: str) -> None:
    for frame in load_scene(ident).frames:
        for a, b, length in SEGMENTS:
            assert math.dist(frame.points[a], frame.points[b]) == pytest.approx(length, abs=1e-9)


@pytest.mark.parametrize("ident", IDS)
def test_no_part_of_the_body_goes_below_the_floor(ident: str) -> None:
    for i, frame in enumerate(load_scene(ident).frames):
        lowest = min(p[1] - RADIUS.get(name, 0.0) for name, p in frame.points.items())
        assert lowest >= -FLOOR_TOLERANCE, f"keyframe {i}"


@pytest.mark.parametrize("ident", IDS)
def test_every_keyframe_rests_on_the_floor_or_keeps_its_seat(ident: str) -> None:
    spec = load_pose(ident)
    for keyframe, frame in zip(spec.keyframes, load_scene(ident).frames, strict=True):
        lowest = min(p[1] - RADIUS.get(name, 0.0) for name, p in frame.points.items())
        if keyframe.ground == "floor":
            assert lowest == pytest.approx(0.0, abs=1e-9)
        else:
            assert lowest < 0.03  # kept on a chair, yet a foot still near the floor


def _inside(point: tuple[float, float, float], box: Any) -> bool:
    lo, hi = box
    return all(lo[i] < point[i] < hi[i] for i in range(3))


HANDS_AND_FEET = [
    f"{side}_{part}"
    for side in ("left", "right")
    for part in ("wrist", "index", "ankle", "heel", "foot_index")
]


@pytest.mark.parametrize("ident", sorted(i for i, kind in EQUIPMENT.items() if kind == "chair"))
def test_no_hand_or_foot_sits_inside_the_chair_seat(ident: str) -> None:
    scene = load_scene(ident)
    seats = [prop.seat for prop in scene.props if prop.seat is not None]
    assert seats
    for frame in scene.frames:
        for name in HANDS_AND_FEET:
            assert not any(_inside(frame.points[name], seat) for seat in seats), name


@pytest.mark.parametrize("ident", sorted(i for i, kind in EQUIPMENT.items() if kind == "chair"))
def test_a_seated_figure_sits_on_the_seat_not_beside_it(ident: str) -> None:
    scene = load_scene(ident)
    seat = next(prop.seat for prop in scene.props if prop.seat is not None)
    if ident == "ninety-ninety-rest":
        calf = scene.frames[0].points["right_ankle"]
        assert seat[0][0] <= calf[0] <= seat[1][0]
        return
    hip = scene.frames[0].points["mid_hip"]
    assert seat[0][0] <= hip[0] <= seat[1][0]
    assert seat[0][2] <= hip[2] <= seat[1][2]
    assert hip[1] - RADIUS["mid_hip"] == pytest.approx(seat[1][1], abs=0.01)


@pytest.mark.parametrize("ident", IDS)
def test_every_pose_the_animation_passes_through_keeps_limb_lengths_and_stays_up(
    ident: str,
) -> None:
    scene = load_scene(ident)
    timeline = build_timeline(animation_frames(scene), scene.spec.easing)
    for frame in timeline.frames:
        for a, b, length in SEGMENTS:
            assert math.dist(frame.points[a], frame.points[b]) == pytest.approx(length, abs=1e-9)
        lowest = min(p[1] - RADIUS.get(name, 0.0) for name, p in frame.points.items())
        assert lowest >= -FLOOR_TOLERANCE


MAX_STEP_DEGREES = 60.0
"""In-betweens split a long swing into steps of 35° on average; with easing the middle step is
at most half as large again, so no two successive poses are further apart than this."""


@pytest.mark.parametrize("ident", IDS)
def test_long_swings_are_split_into_in_between_poses(ident: str) -> None:
    scene = load_scene(ident)
    frames = build_timeline(animation_frames(scene), scene.spec.easing).frames
    for before, after in zip(frames, frames[1:], strict=False):
        assert largest_change(before, after) <= MAX_STEP_DEGREES


def test_a_linear_walk_and_an_eased_rest_use_their_timing() -> None:
    walk = load_scene("walking")
    rest = load_scene("constructive-rest")
    assert walk.spec.easing is Easing.LINEAR
    assert set(build_timeline(animation_frames(walk), Easing.LINEAR).splines) == {"0 0 1 1"}
    assert "0.45 0 0.55 1" in build_timeline(animation_frames(rest), Easing.EASE).splines


# --- the model -------------------------------------------------------------------------------

ANGLE_JOINTS = ["lumbar", "thoracic", "neck", "left_shoulder", "right_hip", "right_knee"]


@st.composite
def poses(draw: st.DrawFn) -> dict[str, dict[str, float]]:
    angles: dict[str, dict[str, float]] = {}
    for joint, dofs in JOINTS.items():
        angles[joint] = {
            dof: draw(st.floats(low, high, allow_nan=False)) for dof, (low, high) in dofs.items()
        }
    return angles


@settings(max_examples=60, deadline=None)
@given(poses())
def test_forward_kinematics_keeps_every_segment_length_for_any_angles(
    angles: dict[str, dict[str, float]],
) -> None:
    points = forward_kinematics(angles)
    for a, b, length in SEGMENTS:
        assert math.dist(points[a], points[b]) == pytest.approx(length, abs=1e-9)


def _pose(data: dict[str, Any]) -> Pose:
    return Pose.model_validate(data)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-80, 80),
    st.floats(0, 140),
    st.floats(-30, 50),
    st.sampled_from(list(View)),
)
def test_keypoints_put_the_hip_centre_at_the_origin_and_make_the_torso_length_one(
    pitch: float, hip: float, lumbar: float, view: View
) -> None:
    pose = _pose(
        {"pelvis": {"pitch": pitch}, "left_hip": {"flexion": hip}, "lumbar": {"flexion": lumbar}}
    )
    if view is View.TOP:
        view = View.SIDE  # from above, an upright torso has no length
    points = keypoints(pose, view)
    hips = (
        (points["left_hip"][0] + points["right_hip"][0]) / 2,
        (points["left_hip"][1] + points["right_hip"][1]) / 2,
    )
    shoulders = (
        (points["left_shoulder"][0] + points["right_shoulder"][0]) / 2,
        (points["left_shoulder"][1] + points["right_shoulder"][1]) / 2,
    )
    assert hips == pytest.approx((0.0, 0.0), abs=1e-9)
    assert math.dist(hips, shoulders) == pytest.approx(1.0)


def test_keypoints_use_the_coco_and_mediapipe_names() -> None:
    points = keypoints(Pose())
    assert set(COCO_KEYPOINTS) <= set(points)
    assert set(points) == set(KEYPOINTS)
    assert {"left_heel", "right_foot_index", "left_index"} <= set(points)


def test_keypoints_of_a_standing_figure_seen_from_the_side_put_the_head_above_the_feet() -> None:
    points = keypoints(Pose(), View.SIDE)
    assert points["nose"][1] > points["left_shoulder"][1] > 0 > points["left_knee"][1]
    assert points["left_ankle"][1] > points["left_heel"][1]
    assert points["nose"][0] > 0  # the figure faces the right of the picture


def test_keypoints_seen_from_the_front_put_the_right_side_on_the_left_of_the_picture() -> None:
    points = keypoints(Pose(), View.FRONT)
    assert points["right_shoulder"][0] < 0 < points["left_shoulder"][0]


@pytest.mark.parametrize(
    ("flexion", "inner"), [(0, 180), (30, 150), (90, 90), (120, 60), (160, 20)]
)
def test_joint_angles_measure_the_knee_as_a_camera_would(flexion: float, inner: float) -> None:
    pose = _pose({"left_knee": flexion, "right_knee": flexion})
    angles = joint_angles(keypoints(pose, View.SIDE))
    assert angles["left_knee"] == pytest.approx(inner, abs=1e-6)
    assert angles["right_knee"] == pytest.approx(inner, abs=1e-6)


@pytest.mark.parametrize(("pitch", "lean"), [(0, 0), (30, 30), (90, 90), (-20, -20)])
def test_joint_angles_measure_the_trunk_lean_from_vertical(pitch: float, lean: float) -> None:
    angles = joint_angles(keypoints(_pose({"pelvis": {"pitch": pitch}}), View.SIDE))
    assert angles["trunk_lean"] == pytest.approx(lean, abs=1e-6)


def test_joint_angles_leave_out_angles_whose_points_are_missing() -> None:
    angles = joint_angles({"left_hip": (0.0, 0.0), "left_knee": (0.0, -1.0)})
    assert angles == {}


# --- the animated SVG ------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("ident", IDS)
def test_the_animated_svg_is_self_contained_accessible_and_small(ident: str) -> None:
    svg = animated_svg(ident)
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert len(root.get("viewBox", "").split()) == 4
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == LIBRARY[ident]
    assert desc is not None and desc.text == load_pose(ident).description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert len(svg.encode()) < SVG_LIMIT_BYTES
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags & {"animate", "animateTransform", "animateMotion"}
    assert "script" not in tags and "foreignObject" not in tags
    for el in root.iter():
        for name, value in el.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#"), (name, value)
            assert "javascript:" not in value
            assert not re.search(r"url\((?!#)", value)


@pytest.mark.parametrize("ident", IDS)
def test_every_animation_loops_over_matching_key_times_and_values(ident: str) -> None:
    root = _parse(animated_svg(ident))
    animations = [el for el in root.iter() if el.tag == f"{SVG}animate"]
    assert animations
    for anim in animations:
        times = [float(t) for t in anim.get("keyTimes", "").split(";")]
        values = anim.get("values", "").split(";")
        assert anim.get("repeatCount") == "indefinite"
        assert times[0] == 0.0 and times[-1] == 1.0
        assert all(a <= b for a, b in zip(times, times[1:], strict=False))
        assert len(values) == len(times)
        if anim.get("calcMode") == "spline":
            assert len(anim.get("keySplines", "").split(";")) == len(times) - 1
        if anim.get("attributeName") != "opacity":
            assert values[0] == values[-1]  # the loop ends where it began


@pytest.mark.parametrize("ident", IDS)
def test_the_animated_svg_draws_the_floor_a_head_and_four_limbs(ident: str) -> None:
    root = _parse(animated_svg(ident))
    assert root.find(".//*[@id='floor']") is not None
    classes = [el.get("class") for el in root.iter()]
    for part in ("head", "spine", "left-leg", "right-leg", "left-arm", "right-arm"):
        assert classes.count(part) == 1, part


@pytest.mark.parametrize("ident", ["constructive-rest", "side-lying-rest", "prone-lying"])
def test_a_rest_position_breathes(ident: str) -> None:
    root = _parse(animated_svg(ident))
    belly = next(el for el in root.iter() if el.get("class") == "belly")
    attributes = {anim.get("attributeName") for anim in belly}
    assert "r" in attributes


@pytest.mark.parametrize(("ident", "joint"), [("hamstring-stretch-towel", "towel")])
def test_a_towel_is_drawn_between_the_hands_and_the_foot_and_moves(ident: str, joint: str) -> None:
    root = _parse(animated_svg(ident))
    towel = next(el for el in root.iter() if el.get("class") == joint)
    assert towel.get("d", "").count("L") == 2  # hand, foot, other hand
    assert any(anim.get("attributeName") == "d" for anim in towel)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


@pytest.mark.parametrize(
    ("colour", "minimum"),
    [
        (SCREEN.near, 7.0),
        (SCREEN.body, 7.0),
        (SCREEN.far, 3.0),
        (SCREEN.towel, 3.0),
        (SCREEN.arrow, 4.5),
    ],
)
def test_figure_colours_contrast_with_white(colour: str, minimum: float) -> None:
    assert _contrast_on_white(colour) >= minimum


def test_near_limbs_are_darker_than_far_limbs() -> None:
    assert _luminance(SCREEN.near) < _luminance(SCREEN.far)
    assert _luminance(PRINT.near) < _luminance(PRINT.far)


# --- the print strip -------------------------------------------------------------------------


@pytest.mark.parametrize("ident", IDS)
def test_the_strip_has_one_numbered_still_frame_per_keyframe(ident: str) -> None:
    root = _parse(strip_svg(ident))
    frames = [el for el in root.iter() if el.get("class") == "frame"]
    count = len(load_pose(ident).keyframes)
    assert len(frames) == count
    numbers = [
        text.text
        for frame in frames
        for text in frame.iter(f"{SVG}text")
        if text.text and text.text.isdigit()
    ]
    assert numbers == [str(n) for n in range(1, count + 1)]
    assert not [el for el in root.iter() if el.tag.removeprefix(SVG).startswith("animate")]


@pytest.mark.parametrize("ident", IDS)
def test_the_strip_prints_in_black_and_grey_only(ident: str) -> None:
    colours = set(re.findall(r"#[0-9a-fA-F]{6}", strip_svg(ident)))
    assert colours
    for colour in colours:
        r, g, b = (colour[i : i + 2] for i in (1, 3, 5))
        assert r == g == b, colour


# --- loading, caching, errors ----------------------------------------------------------------


def test_loading_the_same_pose_twice_returns_the_cached_spec() -> None:
    assert load_pose("cat-cow") is load_pose("cat-cow")


@pytest.mark.parametrize("ident", ["no-such-exercise", "../cat-cow", "Cat-Cow", ""])
def test_an_unknown_id_is_not_found_and_lists_the_known_ones(ident: str) -> None:
    with pytest.raises(NotFound) as caught:
        load_pose(ident)
    assert caught.value.kind == "pose"
    assert "cat-cow" in str(caught.value) or "Known" in str(caught.value)


def test_an_unknown_id_is_not_found_by_the_renderers_either() -> None:
    with pytest.raises(NotFound):
        animated_svg("no-such-exercise")
    with pytest.raises(NotFound):
        strip_svg("no-such-exercise")


STANDING: dict[str, Any] = {"pose": {}, "contacts": ["left_heel"]}
BENT: dict[str, Any] = {"pose": {"left_knee": 30}}


def _valid() -> dict[str, Any]:
    return {
        "id": "sample",
        "name": "Sample",
        "description": "Bend one knee and straighten it.",
        "view": "side",
        "keyframes": [dict(STANDING), dict(BENT)],
    }


def _write(folder: Path, data: dict[str, Any], name: str = "sample") -> None:
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_a_valid_pose_file_in_another_folder_loads(tmp_path: Path) -> None:
    _write(tmp_path, _valid())
    spec = load_pose("sample", tmp_path)
    assert isinstance(spec, PoseSpec)
    assert known_pose_ids(tmp_path) == ["sample"]


def _broken(change: str) -> dict[str, Any]:
    data = _valid()
    frames = data["keyframes"]
    if change == "unknown joint":
        frames[1] = {"pose": {"left_elbo": 30}}
    elif change == "knee beyond its range":
        frames[1] = {"pose": {"left_knee": 170}}
    elif change == "hip beyond its range":
        frames[1] = {"pose": {"right_hip": {"flexion": 141}}}
    elif change == "unknown degree of freedom":
        frames[1] = {"pose": {"left_hip": {"twist": 10}}}
    elif change == "one keyframe for a movement":
        data["keyframes"] = [frames[0]]
    elif change == "two keyframes for a rest":
        data["rest"] = True
    elif change == "unknown prop":
        data["props"] = [{"kind": "trampoline", "x": 0.2}]
    elif change == "towel without hands":
        data["props"] = [{"kind": "towel", "foot": "right_foot_index"}]
    elif change == "unknown field":
        data["colour"] = "red"
    elif change == "unknown view":
        data["view"] = "isometric"
    elif change == "unknown contact point":
        frames[0] = {"pose": {}, "contacts": ["left_toe"]}
    elif change == "move too quick":
        frames[1] = {"pose": {"left_knee": 30}, "move": 0.05}
    elif change == "first keyframe keeps nothing":
        frames[0] = {"pose": {}, "ground": "keep"}
    elif change == "foot through the floor":
        frames[1] = {"pose": {"left_knee": 90}, "ground": "keep", "anchor": "left_heel"}
    elif change == "contact in the air":
        frames[1] = {"pose": {"right_hip": {"flexion": 60}}, "contacts": ["right_heel"]}
    elif change == "hand in the chair seat":
        seated = {"left_hip": 85, "right_hip": 85, "left_knee": 85, "right_knee": 85}
        data["keyframes"] = [
            {"pose": {k: {"flexion": v} for k, v in seated.items()}},
            {"pose": {"neck": {"flexion": 10}}, "ground": "keep"},
        ]
        data["props"] = [{"kind": "chair", "under": ["mid_hip"], "shift": [-0.05, 0.0]}]
    elif change == "arrow on a point that hardly moves":
        data["arrows"] = [{"follow": "head"}]
    elif change == "arrow from a keyframe that is not there":
        data["arrows"] = [{"follow": "left_ankle", "frame": 3}]
    elif change == "arrow on a rest":
        data["rest"] = True
        data["keyframes"] = [frames[0]]
        data["arrows"] = [{"follow": "left_ankle"}]
    elif change == "arrow moved too far":
        data["arrows"] = [{"follow": "left_ankle", "offset": [0.6, 0.0]}]
    elif change == "arrow enlarged too much":
        data["arrows"] = [{"follow": "left_ankle", "scale": 7}]
    elif change == "unknown part to highlight":
        data["highlight"] = ["tail"]
    elif change == "part highlighted twice":
        data["highlight"] = ["left_leg"]
        frames[1] = {"pose": {"left_knee": 30}, "highlight": ["left_leg"]}
    return data


BROKEN = [
    ("unknown joint", "keyframes[1].pose.left_elbo", "unknown joint"),
    ("knee beyond its range", "keyframes[1].pose.left_knee", "flexion 170 is outside"),
    ("hip beyond its range", "keyframes[1].pose.right_hip", "0 to 140"),
    ("unknown degree of freedom", "keyframes[1].pose.left_hip.twist", "unknown field"),
    ("one keyframe for a movement", "keyframes", "at least 2 keyframes"),
    ("two keyframes for a rest", "keyframes", "exactly one keyframe"),
    ("unknown prop", "props[0].kind", "chair"),
    ("towel without hands", "props[0]", "needs hands"),
    ("unknown field", "colour", "unknown field"),
    ("unknown view", "view", "side"),
    ("unknown contact point", "keyframes[0].contacts[0]", "unknown point 'left_toe'"),
    ("move too quick", "keyframes[1].move", "0.2"),
    ("first keyframe keeps nothing", "keyframes[0].ground", "nothing to keep"),
    ("foot through the floor", "keyframes[1]", "below the floor"),
    ("contact in the air", "keyframes[1].contacts", "right_heel does not touch"),
    ("hand in the chair seat", "keyframes[0]", "inside the chair's seat"),
    ("arrow on a point that hardly moves", "arrows[0]", "too little for an arrow"),
    ("arrow from a keyframe that is not there", "arrows[0].frame", "only 2 keyframes"),
    ("arrow on a rest", "arrows", "a rest position does not move"),
    ("arrow moved too far", "arrows[0].offset", "at most 0.5 body heights"),
    ("arrow enlarged too much", "arrows[0].scale", "less than or equal to 6"),
    ("unknown part to highlight", "highlight[0]", "left_leg"),
    ("part highlighted twice", "keyframes[1].highlight", "left_leg already glows"),
]


@pytest.mark.parametrize(("change", "field", "message"), BROKEN)
def test_a_malformed_pose_file_is_a_content_error_naming_the_file_and_field(
    tmp_path: Path, change: str, field: str, message: str
) -> None:
    _write(tmp_path, _broken(change))
    with pytest.raises(ContentError) as caught:
        load_pose("sample", tmp_path)
    text = str(caught.value)
    assert text.startswith("poses/sample.yaml: ")
    assert f" {field}" in text or f"{field}:" in text, text
    assert message in text, text


def test_a_pose_file_whose_id_differs_from_its_name_is_a_content_error(tmp_path: Path) -> None:
    _write(tmp_path, _valid(), name="other")
    with pytest.raises(ContentError, match=r"poses/other.yaml: id: 'sample' does not match"):
        load_pose("other", tmp_path)


def test_a_pose_file_that_is_not_yaml_is_a_content_error(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text("id: [unclosed", "utf-8")
    with pytest.raises(ContentError, match=r"poses/sample.yaml: not valid YAML"):
        load_pose("sample", tmp_path)


def test_a_later_keyframe_only_changes_the_angles_it_names(tmp_path: Path) -> None:
    data = _valid()
    data["keyframes"] = [
        {"pose": {"left_knee": 40, "right_elbow": 20}},
        {"pose": {"left_knee": 10}},
    ]
    _write(tmp_path, data)
    scene = build_scene(load_pose("sample", tmp_path))
    first, second = (frame.angles for frame in scene.frames)
    assert (first["left_knee"]["flexion"], second["left_knee"]["flexion"]) == (40, 10)
    assert first["right_elbow"]["flexion"] == second["right_elbow"]["flexion"] == 20


PROP_PLACEMENTS: dict[str, dict[str, Any]] = {
    "chair": {"kind": "chair", "x": -0.4},
    "table": {"kind": "table", "under": ["right_wrist"], "shift": [0.2, 0.0]},
    "step": {"kind": "step", "x": 0.4},
    "wall": {"kind": "wall", "touch": "right_index"},
    "mat": {"kind": "mat"},
    "pillow": {"kind": "pillow", "x": -0.5},
    "cushion": {"kind": "cushion", "between": ["left_knee", "right_knee"]},
    "towel": {"kind": "towel", "hands": ["left_wrist", "right_wrist"], "foot": "left_foot_index"},
    "strap": {"kind": "strap", "hands": ["right_wrist"], "foot": "right_foot_index"},
}


@pytest.mark.parametrize("kind", sorted(PROP_PLACEMENTS))
def test_every_kind_of_prop_is_drawn_in_both_pictures(tmp_path: Path, kind: str) -> None:
    data = _valid()
    data["keyframes"] = [
        {"pose": {"right_shoulder": {"flexion": 90}, "left_hip": {"abduction": 20}}},
        {"pose": {"left_knee": 30}},
    ]
    data["props"] = [PROP_PLACEMENTS[kind]]
    data["id"] = f"prop-{kind}"
    _write(tmp_path, data, name=f"prop-{kind}")
    spec = load_pose(f"prop-{kind}", tmp_path)
    scene = build_scene(spec)
    for svg in (render_animated(scene), render_strip(scene)):
        classes = {el.get("class") for el in _parse(svg).iter()}
        assert f"prop {kind}" in classes or kind in classes


def test_a_wall_touched_by_a_hand_stands_just_beyond_it(tmp_path: Path) -> None:
    data = _valid()
    data["keyframes"][0] = {"pose": {"right_shoulder": {"flexion": 90}}}
    data["props"] = [{"kind": "wall", "touch": "right_index"}]
    _write(tmp_path, data)
    scene = build_scene(load_pose("sample", tmp_path))
    (lo, _), *_ = scene.props[0].boxes
    hand = scene.frames[0].points["right_index"]
    assert lo[0] == pytest.approx(hand[0] + RADIUS["right_index"])


# --- arrows and highlights -------------------------------------------------------------------


def _classes(root: ET.Element) -> list[str]:
    return [el.get("class", "") for el in root.iter()]


@pytest.mark.parametrize(("ident", "points"), sorted(ARROWS.items()))
def test_the_movements_hardest_to_read_show_an_arrow_along_the_moving_point(
    ident: str, points: set[str]
) -> None:
    assert {arrow.follow for arrow in load_pose(ident).arrows} == points


@pytest.mark.parametrize("ident", IDS)
def test_every_arrow_a_pose_file_asks_for_is_drawn_once_in_each_picture(ident: str) -> None:
    spec = load_pose(ident)
    assert _classes(_parse(animated_svg(ident))).count("arrow") == len(spec.arrows)
    strip = _parse(strip_svg(ident))
    panels = [el for el in strip.iter() if el.get("class") == "frame"]
    for i, panel in enumerate(panels):
        expected = sum(1 for arrow in spec.arrows if arrow.frame == i + 1)
        assert _classes(panel).count("arrow") == expected, f"panel {i + 1}"


def _head_tip(ident: str, index: int) -> tuple[tuple[float, float], tuple[float, float]]:
    scene = load_scene(ident)
    shape = arrow_shape(scene, scene.spec.arrows[index], scene_projector(scene))
    return shape.shaft[0], shape.heads[0][0]


@pytest.mark.parametrize(
    ("ident", "index"),
    [(ident, i) for ident in sorted(ARROWS) for i in range(len(load_pose(ident).arrows))],
)
def test_an_arrow_runs_from_where_its_point_starts_to_where_it_ends(ident: str, index: int) -> None:
    scene = load_scene(ident)
    arrow = scene.spec.arrows[index]
    path = track(scene, arrow, scene_projector(scene))
    tail, tip = _head_tip(ident, index)
    gap = TRIM if arrow.offset == (0.0, 0.0) else 0.0
    assert math.dist(tail, path[0]) <= gap + 0.01
    assert math.dist(tip, path[-1]) <= gap + 0.01
    assert math.dist(tip, path[-1]) < math.dist(tip, path[0])


def test_an_arrow_traces_the_real_path_of_its_point_in_the_picture() -> None:
    scene = load_scene("side-plank")
    arrow = scene.spec.arrows[0]
    projector = scene_projector(scene)
    path = track(scene, arrow, projector)
    start = projector.xy(scene.frames[0].points["mid_hip"])
    end = projector.xy(scene.frames[1].points["mid_hip"])
    shift = (arrow.offset[0] * 100, -arrow.offset[1] * 100)
    assert path[0] == pytest.approx((start[0] + shift[0], start[1] + shift[1]))
    assert path[-1] == pytest.approx((end[0] + shift[0], end[1] + shift[1]))
    assert path[-1][1] < path[0][1]  # the hips go up (SVG's y grows downward)


def test_a_scaled_arrow_enlarges_the_path_from_its_start() -> None:
    scene = load_scene("pelvic-tilt")
    arrow = scene.spec.arrows[0]
    projector = scene_projector(scene)
    start = projector.xy(scene.frames[0].points[arrow.follow])
    end = projector.xy(scene.frames[1].points[arrow.follow])
    path = track(scene, arrow, projector)
    moved = (path[-1][0] - path[0][0], path[-1][1] - path[0][1])
    assert moved == pytest.approx(
        (arrow.scale * (end[0] - start[0]), arrow.scale * (end[1] - start[1]))
    )
    assert moved[1] > 0  # pressing the lower back down: the arrow points at the floor


@pytest.mark.parametrize(
    ("keys", "start", "end", "visible"),
    [
        ([0, 0, None, 1, 1, 0], 0, 1, "111001"),
        ([0, 0, 1, 1, None, 0], 1, 0, "001110"),
        ([0, 1, 2, 3, 0], 2, 3, "00100"),
        ([0, None, None, 1, 1, 2, 2, 0], 1, 2, "00011000"),
    ],
)
def test_an_arrow_shows_while_its_movement_is_coming_and_going_on(
    keys: list[int | None], start: int, end: int, visible: str
) -> None:
    assert "".join(arrow_visibility(keys, start, end)) == visible


def test_the_side_plank_arrow_hides_while_the_plank_is_held() -> None:
    root = _parse(animated_svg("side-plank"))
    group = next(el for el in root.iter() if el.get("class") == "arrow")
    animate = group.find(f"{SVG}animate")
    assert animate is not None and animate.get("attributeName") == "opacity"
    times = [float(t) for t in animate.get("keyTimes", "").split(";")]
    values = animate.get("values", "").split(";")
    scene = load_scene("side-plank")
    timeline = build_timeline(animation_frames(scene), scene.spec.easing)
    for when, value, key, after in zip(
        times, values, timeline.keys, timeline.keys[1:], strict=False
    ):
        if key == 1 and after == 1:  # holding the plank
            assert value == "0", when
        if key == 0 and after == 0:  # lying, about to lift
            assert value == "1", when


@pytest.mark.parametrize(
    ("ident", "part"), [("lying-twist", "right_leg"), ("clamshell", "left_leg")]
)
def test_a_highlighted_limb_glows_behind_the_figure_in_both_pictures(ident: str, part: str) -> None:
    for svg in (animated_svg(ident), strip_svg(ident)):
        classes = _classes(_parse(svg))
        assert f"halo {part}" in classes
        assert classes.index(f"halo {part}") < classes.index(f"{part.replace('_', '-')}")


def test_a_keyframe_highlight_glows_only_while_that_keyframe_is_held() -> None:
    strip = _parse(strip_svg("abdominal-brace"))
    panels = [el for el in strip.iter() if el.get("class") == "frame"]
    assert ["halo belly" in _classes(panel) for panel in panels] == [False, True]
    root = _parse(animated_svg("abdominal-brace"))
    halo = next(el for el in root.iter() if el.get("class") == "halo belly")
    opacity = next(a for a in halo if a.get("attributeName") == "opacity")
    assert set(opacity.get("values", "").split(";")) == {"0", "1"}
    assert halo.get("opacity") == "0"  # the loop starts relaxed


def test_a_figure_without_highlights_has_no_glow() -> None:
    assert not [c for c in _classes(_parse(animated_svg("cat-cow"))) if c.startswith("halo")]


# --- the drawings that had to read better ------------------------------------------------------


def _angle(a: Any, b: Any, c: Any) -> float:
    """The inner angle at ``b`` in degrees (180 = straight)."""
    u = [a[i] - b[i] for i in range(3)]
    v = [c[i] - b[i] for i in range(3)]
    cos = sum(x * y for x, y in zip(u, v, strict=True)) / (math.hypot(*u) * math.hypot(*v))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def _mid(a: Any, b: Any) -> tuple[float, float, float]:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def _surface(frame: Any, name: str) -> float:
    return float(frame.points[name][1] - RADIUS[name])


@pytest.mark.parametrize(
    ("ident", "support"), [("side-plank", "ankle"), ("side-plank-knees", "knee")]
)
def test_a_side_plank_holds_a_straight_line_propped_on_the_forearm(
    ident: str, support: str
) -> None:
    start, held = load_scene(ident).frames
    p = held.points
    shoulders = _mid(p["left_shoulder"], p["right_shoulder"])
    end = _mid(p[f"left_{support}"], p[f"right_{support}"])
    assert _angle(shoulders, p["mid_hip"], end) >= 170
    elbow, shoulder = p["right_elbow"], p["right_shoulder"]
    assert _surface(held, "right_elbow") <= 0.02
    assert math.hypot(elbow[0] - shoulder[0], elbow[2] - shoulder[2]) <= 0.03  # under it
    assert _surface(held, "right_wrist") <= 0.02  # the forearm lies on the floor
    assert p["mid_hip"][1] - start.points["mid_hip"][1] >= 0.07  # the hips lift


@pytest.mark.parametrize("ident", ["side-plank", "side-plank-knees"])
def test_the_supporting_forearm_is_seen_along_the_floor_not_end_on(ident: str) -> None:
    scene = load_scene(ident)
    projector = scene_projector(scene)
    for frame in scene.frames:
        elbow, wrist = (projector.xy(frame.points[n]) for n in ("right_elbow", "right_wrist"))
        assert math.dist(elbow, wrist) >= 0.4 * 14.6  # forearm 0.146 body heights
    assert projector.camera.sees_floor_edge_on  # the floor is a line the arm rests on


def test_the_lying_twist_drops_the_knee_across_the_body_while_the_shoulders_stay_down() -> None:
    start, held = load_scene("lying-twist").frames
    p = held.points
    assert p["right_knee"][2] < p["mid_hip"][2] < p["right_hip"][2]  # across the midline
    assert p["right_knee"][1] < start.points["right_knee"][1] - 0.08  # toward the floor
    assert abs(p["left_shoulder"][1] - p["right_shoulder"][1]) < 0.01  # shoulders level
    assert max(_surface(held, "left_shoulder"), _surface(held, "right_shoulder")) < 0.06


def test_the_lying_twist_is_seen_from_above_at_an_angle() -> None:
    camera = scene_projector(load_scene("lying-twist")).camera
    assert 20 <= camera.elevation <= 60


def test_knee_rocking_sways_both_knees_to_each_side_in_turn() -> None:
    sides = []
    for frame in load_scene("knee-rocking").frames:
        p = frame.points
        knees = [p["left_knee"][2] - p["mid_hip"][2], p["right_knee"][2] - p["mid_hip"][2]]
        sides.append(0 if max(map(abs, knees)) < 0.05 else (1 if min(knees) > 0 else -1))
    assert sides == [0, 1, 0, -1]


def test_a_pillow_under_the_head_lies_behind_the_figure_and_one_between_the_knees_among_it() -> (
    None
):
    classes = _classes(_parse(animated_svg("side-lying-rest")))
    pillows = [i for i, c in enumerate(classes) if c == "prop pillow"]
    limbs = [i for i, c in enumerate(classes) if c in ("left-leg", "right-leg")]
    assert len(pillows) == 2
    assert pillows[0] < min(limbs) < pillows[1]


def _inside_polygon(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize(
    "ident",
    [i for i in IDS if scene_projector(load_scene(i)).camera.elevation >= STEEP_VIEW],
)
def test_a_floor_seen_from_well_above_fills_the_picture(ident: str) -> None:
    root = _parse(animated_svg(ident))
    x0, y0, w, h = (float(v) for v in root.get("viewBox", "").split())
    floor = root.find(".//*[@id='floor']")
    assert floor is not None
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", floor.get("d", ""))]
    polygon = list(zip(numbers[::2], numbers[1::2], strict=True))
    for corner in ((x0, y0), (x0 + w, y0), (x0, y0 + h), (x0 + w, y0 + h)):
        assert _inside_polygon(corner, polygon), corner
