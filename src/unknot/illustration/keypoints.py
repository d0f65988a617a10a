"""Keypoints in the camera pose estimators' vocabulary, for comparing a pose with a video.

``keypoints(pose)`` gives the figure's points as a camera would see them in 2-D, named as COCO
and MediaPipe Pose name them, and normalised the usual way for comparing poses across people
and distances: the hip centre at the origin and the torso (hip centre to shoulder centre) of
length 1; ``x`` grows to the right of the picture and ``y`` upward. ``joint_angles(points)``
measures the angles that matter for exercises from any such set of 2-D points, so the same
function serves the model's keypoints and a camera's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from unknot.errors import TooLittleData
from unknot.illustration.camera import camera_for
from unknot.illustration.geometry import Vec2
from unknot.illustration.scene import resolved_angles
from unknot.illustration.skeleton import forward_kinematics, neutral_angles
from unknot.illustration.spec import Pose, PoseSpec, View

COCO_KEYPOINTS: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
"""The 17 COCO keypoints (Lin et al., Microsoft COCO, 2014), in COCO's order."""

MEDIAPIPE_EXTRA: tuple[str, ...] = (
    "left_index",
    "right_index",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
"""MediaPipe Pose landmarks (BlazePose, 33 points) beyond COCO that the model also has."""

KEYPOINTS: tuple[str, ...] = COCO_KEYPOINTS + MEDIAPIPE_EXTRA

TRIPLETS: Mapping[str, tuple[str, str, str]] = {
    f"{side}_{joint}": (f"{side}_{a}", f"{side}_{b}", f"{side}_{c}")
    for side in ("left", "right")
    for joint, (a, b, c) in {
        "elbow": ("shoulder", "elbow", "wrist"),
        "shoulder": ("hip", "shoulder", "elbow"),
        "hip": ("shoulder", "hip", "knee"),
        "knee": ("hip", "knee", "ankle"),
    }.items()
}
"""Angle at the middle point of each triplet (180 = in a straight line)."""


def _resolve(pose: Pose) -> dict[str, dict[str, float]]:
    angles = neutral_angles()
    for joint, dofs in pose.changes().items():
        angles[joint].update(dofs)
    return angles


def _centre(points: Mapping[str, Vec2], a: str, b: str) -> Vec2:
    return ((points[a][0] + points[b][0]) / 2, (points[a][1] + points[b][1]) / 2)


def normalise(points: Mapping[str, Vec2]) -> dict[str, Vec2]:
    """Hip centre to the origin, torso length (hip centre to shoulder centre) to 1."""
    hips = _centre(points, "left_hip", "right_hip")
    shoulders = _centre(points, "left_shoulder", "right_shoulder")
    torso = math.dist(hips, shoulders)
    if torso < 1e-9:
        raise TooLittleData("keypoints", "the torso has no length in this view")
    return {
        name: ((p[0] - hips[0]) / torso, (p[1] - hips[1]) / torso) for name, p in points.items()
    }


def keypoints(pose: Pose | PoseSpec, view: View | None = None) -> dict[str, Vec2]:
    """The pose's keypoints as seen from ``view``, normalised (see the module's docstring).

    ``pose`` is a :class:`Pose` (changes from the anatomical position) or a whole
    :class:`PoseSpec`, whose first keyframe and view are used.
    """
    if isinstance(pose, PoseSpec):
        angles = resolved_angles(pose)[0]
        camera = camera_for(view or pose.view, pose.turn if view is None else 0.0)
    else:
        angles = _resolve(pose)
        camera = camera_for(view or View.SIDE)
    points3 = forward_kinematics(angles)
    projected = {name: camera.project(points3[name]) for name in KEYPOINTS}
    return normalise(projected)


def joint_angles(points: Mapping[str, Vec2]) -> dict[str, float]:
    """Angles (degrees) measured from 2-D keypoints: at each elbow, shoulder, hip and knee
    (180 = straight), and ``trunk_lean``, the torso's tilt from vertical (0 upright, 90 lying;
    positive when the shoulders are to the right of the hips in the picture).

    Angles whose points are missing or coincide are left out.
    """
    out: dict[str, float] = {}
    for name, (a, b, c) in TRIPLETS.items():
        if not all(k in points for k in (a, b, c)):
            continue
        v1 = (points[a][0] - points[b][0], points[a][1] - points[b][1])
        v2 = (points[c][0] - points[b][0], points[c][1] - points[b][1])
        n1, n2 = math.hypot(*v1), math.hypot(*v2)
        if n1 < 1e-9 or n2 < 1e-9:
            continue
        cos = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2)))
        out[name] = math.degrees(math.acos(cos))
    needed = ("left_hip", "right_hip", "left_shoulder", "right_shoulder")
    if all(k in points for k in needed):
        hips = _centre(points, "left_hip", "right_hip")
        shoulders = _centre(points, "left_shoulder", "right_shoulder")
        dx, dy = shoulders[0] - hips[0], shoulders[1] - hips[1]
        if math.hypot(dx, dy) > 1e-9:
            out["trunk_lean"] = math.degrees(math.atan2(dx, dy))
    return out
