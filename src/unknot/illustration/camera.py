"""Orthographic cameras: where the picture's plane lies for each view."""

from __future__ import annotations

import math
from dataclasses import dataclass

from unknot.illustration.geometry import Vec3, dot
from unknot.illustration.spec import View

VIEW_PLACE: dict[View, tuple[float, float]] = {
    View.SIDE: (0.0, 0.0),
    View.FRONT: (90.0, 0.0),
    View.TOP: (0.0, 90.0),
}
"""(azimuth, elevation) of each view, in degrees. Azimuth 0 is at the figure's right (+z),
90 in front of it (+x); elevation 90 is straight above."""


@dataclass(frozen=True)
class Camera:
    azimuth: float
    elevation: float

    @property
    def toward(self) -> Vec3:
        """Unit vector from the scene toward the camera: larger ``dot`` = nearer."""
        a, e = math.radians(self.azimuth), math.radians(self.elevation)
        return (math.sin(a) * math.cos(e), math.sin(e), math.cos(a) * math.cos(e))

    @property
    def right(self) -> Vec3:
        a = math.radians(self.azimuth)
        return (math.cos(a), 0.0, -math.sin(a))

    @property
    def up(self) -> Vec3:
        d, r = self.toward, self.right
        return (d[1] * r[2] - d[2] * r[1], d[2] * r[0] - d[0] * r[2], d[0] * r[1] - d[1] * r[0])

    def project(self, p: Vec3) -> tuple[float, float]:
        """(right, up) in the picture's plane, in body heights."""
        return (dot(p, self.right), dot(p, self.up))

    def depth(self, p: Vec3) -> float:
        return dot(p, self.toward)

    @property
    def sees_floor_edge_on(self) -> bool:
        """True when the floor is seen as a line rather than as a surface."""
        return abs(self.elevation) < 1e-6


def camera_for(view: View, turn: float = 0.0, tilt: float = 0.0) -> Camera:
    azimuth, elevation = VIEW_PLACE[view]
    return Camera(azimuth + turn, max(-90.0, min(90.0, elevation + tilt)))
