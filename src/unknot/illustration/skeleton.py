"""The figure: named joints, fixed segment lengths, joint angles and forward kinematics.

A pose is a set of joint angles in anatomical terms (knee flexion, hip abduction, lumbar side
bend …). Forward kinematics turns the angles into joint positions, starting from the pelvis
(the root), so every segment keeps its length in every frame. Positions are 3-D in the figure's
frame (``x`` forward, ``y`` up, ``z`` right; unit = body height) and are drawn by projecting
them onto the plane of the view (side, front or top); a side-view pose that stays in the
sagittal plane is exactly a 2-D stick figure.

Segment lengths are fractions of body height from Winter's anthropometric table (Winter DA,
*Biomechanics and Motor Control of Human Movement*, 4th ed., Wiley 2009, chapter 4, after
Drillis & Contini 1966): thigh 0.245, leg 0.246, ankle height 0.039, foot 0.152, upper arm
0.186, forearm 0.146, hand 0.108, hip height 0.530, shoulder height 0.818, head 0.130.
Joint-angle limits are plausible ranges, set a little beyond the AAOS normal values (Greene &
Heckman, *The Clinical Measurement of Joint Motion*, AAOS 1994) so that end-of-range stretches
fit, but a knee cannot bend backwards or an elbow through itself.

Point names follow the camera pose estimators (COCO keypoints and MediaPipe Pose landmarks:
``nose``, ``left_eye``, ``left_ear``, ``left_shoulder``, ``left_elbow``, ``left_wrist``,
``left_index``, ``left_hip``, ``left_knee``, ``left_ankle``, ``left_heel``,
``left_foot_index`` and their ``right_`` twins), plus the spine points ``mid_hip``,
``lower_back`` (L5/S1), ``mid_back`` (T12/L1), ``neck`` (C7) and ``head`` (centre).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from unknot.illustration.geometry import (
    Mat3,
    Vec3,
    add,
    chain,
    mat_vec,
    rot_x,
    rot_y,
    rot_z,
)

# Segment lengths (fractions of body height; Winter 2009, chapter 4).
THIGH = 0.245
"""Hip joint to knee joint (Winter 2009: 0.245 H)."""
SHIN = 0.246
"""Knee joint to ankle joint (Winter 2009: 0.246 H)."""
ANKLE_HEIGHT = 0.039
"""Ankle joint above the sole when standing (Winter 2009: 0.039 H)."""
UPPER_ARM = 0.186
"""Shoulder joint to elbow (Winter 2009: 0.186 H)."""
FOREARM = 0.146
"""Elbow to wrist (Winter 2009: 0.146 H)."""
HAND = 0.08
"""Wrist to the index knuckle, shorter than the whole hand (0.108 H) so hands read as hands."""
PELVIS = 0.05
"""Hip-joint centre up to the lumbosacral junction (L5/S1)."""
LUMBAR = 0.10
"""L5/S1 to the thoracolumbar junction (T12/L1)."""
THORACIC = 0.15
"""T12/L1 to C7: with PELVIS and LUMBAR it spans hip height 0.530 H to about 0.83 H."""
NECK = 0.11
"""C7 to the centre of the head."""
HEAD_RADIUS = 0.062
"""Half the head's height (Winter 2009: chin 0.870 H to the crown 1.0 H)."""
HEAD_FORWARD = 0.012
"""The head's centre sits a little in front of the cervical spine."""
HIP_HALF_WIDTH = 0.055
"""Half the distance between the hip-joint centres."""
SHOULDER_HALF_WIDTH = 0.115
"""Half the distance between the shoulder joints (biacromial width 0.259 H, joint centres
somewhat narrower)."""
SHOULDER_DROP = 0.025
"""The shoulder joints sit a little below C7."""
HEEL = (-0.035, -0.03)
"""The heel relative to the ankle joint in the foot's frame (back, down)."""
FOOT_INDEX = (0.11, -0.03)
"""The ball of the big toe relative to the ankle joint (forward, down): foot 0.152 H overall."""


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


SIDE_SIGN: Mapping[Side, float] = MappingProxyType({Side.LEFT: -1.0, Side.RIGHT: 1.0})
"""``z`` points to the person's right."""

# Joint -> degree of freedom -> (lowest, highest) plausible angle in degrees.
_SPINE_LUMBAR = {"flexion": (-35.0, 60.0), "side_bend": (-35.0, 35.0), "rotation": (-15.0, 15.0)}
_SPINE_THORACIC = {"flexion": (-30.0, 50.0), "side_bend": (-30.0, 30.0), "rotation": (-45.0, 45.0)}
_NECK = {"flexion": (-70.0, 70.0), "side_bend": (-45.0, 45.0), "rotation": (-80.0, 80.0)}
_SHOULDER = {"flexion": (-60.0, 180.0), "abduction": (-30.0, 180.0), "rotation": (-90.0, 90.0)}
_HIP = {"flexion": (-30.0, 140.0), "abduction": (-35.0, 60.0), "rotation": (-60.0, 60.0)}

JOINTS: Mapping[str, Mapping[str, tuple[float, float]]] = MappingProxyType(
    {
        "pelvis": {"pitch": (-180.0, 180.0), "roll": (-180.0, 180.0), "yaw": (-180.0, 180.0)},
        "lumbar": _SPINE_LUMBAR,
        "thoracic": _SPINE_THORACIC,
        "neck": _NECK,
        "left_shoulder": _SHOULDER,
        "right_shoulder": _SHOULDER,
        "left_elbow": {"flexion": (0.0, 150.0)},
        "right_elbow": {"flexion": (0.0, 150.0)},
        "left_wrist": {"flexion": (-90.0, 90.0)},
        "right_wrist": {"flexion": (-90.0, 90.0)},
        "left_hip": _HIP,
        "right_hip": _HIP,
        "left_knee": {"flexion": (0.0, 160.0)},
        "right_knee": {"flexion": (0.0, 160.0)},
        "left_ankle": {"dorsiflexion": (-80.0, 30.0)},
        "right_ankle": {"dorsiflexion": (-80.0, 30.0)},
    }
)
"""Every joint a pose may set, its degrees of freedom and their plausible ranges (degrees).

- ``pelvis`` places the whole body: ``pitch`` tips it forward (+) or back (−) about the
  left–right axis (lying on the back is −90, on the front +90); ``roll`` then turns it about
  the world's forward axis toward the right (+); ``yaw`` turns it about the vertical toward
  the right (+).
- Spine joints (``lumbar``, ``thoracic``, ``neck``): ``flexion`` bends forward (+) or back
  (−), ``side_bend`` bends to the right (+), ``rotation`` turns to the right (+).
- Shoulders and hips: ``flexion`` swings the limb forward, ``abduction`` out to the side,
  ``rotation`` turns it inward (internal +, external −).
- Elbows and knees: ``flexion`` (0 = straight). Wrists: ``flexion`` bends the hand the way
  the elbow bends (−: the other way). Ankles: ``dorsiflexion`` lifts the toes (−: points them;
  down to −80 so that the top of the foot can lie flat when kneeling, which takes the midfoot
  as well as the ankle).
"""

SEGMENTS: tuple[tuple[str, str, float], ...] = (
    ("mid_hip", "lower_back", PELVIS),
    ("lower_back", "mid_back", LUMBAR),
    ("mid_back", "neck", THORACIC),
    ("neck", "head", math.hypot(NECK, HEAD_FORWARD)),
    ("left_hip", "right_hip", 2 * HIP_HALF_WIDTH),
    ("left_shoulder", "right_shoulder", 2 * SHOULDER_HALF_WIDTH),
    *(
        (f"{side}_{a}", f"{side}_{b}", length)
        for side in ("left", "right")
        for a, b, length in (
            ("hip", "knee", THIGH),
            ("knee", "ankle", SHIN),
            ("ankle", "heel", math.hypot(*HEEL)),
            ("ankle", "foot_index", math.hypot(*FOOT_INDEX)),
            ("shoulder", "elbow", UPPER_ARM),
            ("elbow", "wrist", FOREARM),
            ("wrist", "index", HAND),
        )
    ),
)
"""Rigid segments of the model: (from point, to point, length). Forward kinematics keeps
every one of these lengths in every pose."""

RADIUS: Mapping[str, float] = MappingProxyType(
    {
        "head": HEAD_RADIUS,
        "neck": 0.045,
        "mid_back": 0.05,
        "lower_back": 0.05,
        "mid_hip": 0.05,
        "left_hip": 0.055,
        "right_hip": 0.055,
        **{f"{s}_shoulder": 0.045 for s in ("left", "right")},
        **{f"{s}_elbow": 0.025 for s in ("left", "right")},
        **{f"{s}_wrist": 0.02 for s in ("left", "right")},
        **{f"{s}_index": 0.015 for s in ("left", "right")},
        **{f"{s}_knee": 0.03 for s in ("left", "right")},
        **{f"{s}_ankle": 0.025 for s in ("left", "right")},
        **{f"{s}_heel": 0.012 for s in ("left", "right")},
        **{f"{s}_foot_index": 0.012 for s in ("left", "right")},
    }
)
"""How far the body's surface reaches beyond each point (half its thickness there), used to
rest the body on the floor and to check that nothing sinks into it. Under the hips it is the
buttock's depth below the hip joints when sitting or lying."""

Angles = Mapping[str, Mapping[str, float]]
"""A complete pose: joint -> degree of freedom -> degrees."""


def neutral_angles() -> dict[str, dict[str, float]]:
    """The anatomical position: standing, arms by the sides, every angle 0."""
    return {joint: dict.fromkeys(dofs, 0.0) for joint, dofs in JOINTS.items()}


def _spine(angles: Mapping[str, float]) -> Mat3:
    return chain(rot_z(-angles["flexion"]), rot_x(angles["side_bend"]), rot_y(-angles["rotation"]))


def _limb(sign: float, flexion: float, abduction: float, rotation: float) -> Mat3:
    return chain(rot_z(flexion), rot_x(-sign * abduction), rot_y(sign * rotation))


def root_rotation(pitch: float, roll: float, yaw: float) -> Mat3:
    """The pelvis's orientation in the world (see :data:`JOINTS` for the conventions)."""
    return chain(rot_y(-yaw), rot_x(roll), rot_z(-pitch))


def forward_kinematics(angles: Angles) -> dict[str, Vec3]:
    """Positions of every named point, with the hip-joint centre (``mid_hip``) at the origin."""
    pelvis = angles["pelvis"]
    r_pelvis = root_rotation(pelvis["pitch"], pelvis["roll"], pelvis["yaw"])
    origin: Vec3 = (0.0, 0.0, 0.0)
    pts: dict[str, Vec3] = {"mid_hip": origin}

    def at(base: Vec3, frame: Mat3, local: Vec3) -> Vec3:
        return add(base, mat_vec(frame, local))

    pts["lower_back"] = at(origin, r_pelvis, (0.0, PELVIS, 0.0))
    r_lumbar = chain(r_pelvis, _spine(angles["lumbar"]))
    pts["mid_back"] = at(pts["lower_back"], r_lumbar, (0.0, LUMBAR, 0.0))
    r_thorax = chain(r_lumbar, _spine(angles["thoracic"]))
    pts["neck"] = at(pts["mid_back"], r_thorax, (0.0, THORACIC, 0.0))
    r_neck = chain(r_thorax, _spine(angles["neck"]))
    head = at(pts["neck"], r_neck, (HEAD_FORWARD, NECK, 0.0))
    pts["head"] = head
    pts["nose"] = at(head, r_neck, (HEAD_RADIUS, -0.012, 0.0))
    for side in Side:
        sign = SIDE_SIGN[side]
        pts[f"{side}_eye"] = at(head, r_neck, (0.045, 0.012, 0.025 * sign))
        pts[f"{side}_ear"] = at(head, r_neck, (-0.005, 0.0, HEAD_RADIUS * sign))

        shoulder = at(pts["neck"], r_thorax, (0.0, -SHOULDER_DROP, SHOULDER_HALF_WIDTH * sign))
        sh = angles[f"{side}_shoulder"]
        r_arm = chain(r_thorax, _limb(sign, sh["flexion"], sh["abduction"], sh["rotation"]))
        elbow = at(shoulder, r_arm, (0.0, -UPPER_ARM, 0.0))
        r_forearm = chain(r_arm, rot_z(angles[f"{side}_elbow"]["flexion"]))
        wrist = at(elbow, r_forearm, (0.0, -FOREARM, 0.0))
        r_hand = chain(r_forearm, rot_z(angles[f"{side}_wrist"]["flexion"]))
        pts[f"{side}_shoulder"] = shoulder
        pts[f"{side}_elbow"] = elbow
        pts[f"{side}_wrist"] = wrist
        pts[f"{side}_index"] = at(wrist, r_hand, (0.0, -HAND, 0.0))

        hip = at(origin, r_pelvis, (0.0, 0.0, HIP_HALF_WIDTH * sign))
        hp = angles[f"{side}_hip"]
        r_thigh = chain(r_pelvis, _limb(sign, hp["flexion"], hp["abduction"], hp["rotation"]))
        knee = at(hip, r_thigh, (0.0, -THIGH, 0.0))
        r_shin = chain(r_thigh, rot_z(-angles[f"{side}_knee"]["flexion"]))
        ankle = at(knee, r_shin, (0.0, -SHIN, 0.0))
        r_foot = chain(r_shin, rot_z(angles[f"{side}_ankle"]["dorsiflexion"]))
        pts[f"{side}_hip"] = hip
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = ankle
        pts[f"{side}_heel"] = at(ankle, r_foot, (HEEL[0], HEEL[1], 0.0))
        pts[f"{side}_foot_index"] = at(ankle, r_foot, (FOOT_INDEX[0], FOOT_INDEX[1], 0.0))
    return pts


def belly(angles: Angles, points: Mapping[str, Vec3], breath: float) -> tuple[Vec3, float]:
    """Centre and radius of the belly's curve, which rises as ``breath`` goes from 0 to 1.

    It bulges from the front of the lumbar segment, or from the back when the front faces
    the floor (lying face down, the back is what rises).
    """
    pelvis = angles["pelvis"]
    r_lumbar = chain(
        root_rotation(pelvis["pitch"], pelvis["roll"], pelvis["yaw"]), _spine(angles["lumbar"])
    )
    forward = mat_vec(r_lumbar, (1.0, 0.0, 0.0))
    direction = -1.0 if forward[1] < -0.5 else 1.0
    mid = tuple((a + b) / 2 for a, b in zip(points["lower_back"], points["mid_back"], strict=True))
    radius = 0.05 + 0.012 * breath
    offset = 0.012 + 0.034 * breath
    centre = add((mid[0], mid[1], mid[2]), mat_vec(r_lumbar, (direction * offset, 0.0, 0.0)))
    return centre, radius
