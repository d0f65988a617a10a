"""Exercise illustrations drawn from data: a stick figure posed by joint angles.

Public surface:

- :func:`load_pose`, :func:`known_pose_ids`: the validated pose files.
- :func:`animated_svg`: a looping, self-contained SVG of an exercise.
- :func:`strip_svg`: its keyframes as numbered still frames for print.
- :func:`keypoints`, :func:`joint_angles`: the figure in camera pose-estimator terms.
"""

from __future__ import annotations

from functools import cache

from unknot.illustration.keypoints import KEYPOINTS, joint_angles, keypoints
from unknot.illustration.loader import known_pose_ids, load_pose, load_scene
from unknot.illustration.render import render_animated, render_strip
from unknot.illustration.spec import Pose, PoseSpec, PropKind, View

__all__ = [
    "KEYPOINTS",
    "Pose",
    "PoseSpec",
    "PropKind",
    "View",
    "animated_svg",
    "joint_angles",
    "keypoints",
    "known_pose_ids",
    "load_pose",
    "strip_svg",
]


@cache
def animated_svg(exercise_id: str) -> str:
    """The exercise's looping animation as a self-contained SVG document."""
    return render_animated(load_scene(exercise_id))


@cache
def strip_svg(exercise_id: str) -> str:
    """The exercise's keyframes side by side as numbered still frames, for print."""
    return render_strip(load_scene(exercise_id))
