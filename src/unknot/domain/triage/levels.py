"""Triage levels, lowest to highest (clinical reference section 1.1)."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    SELF_MANAGE = "self-manage"
    SEE_CLINICIAN_SOON = "see-clinician-soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def plan_allowed(self) -> bool:
        """No exercise plan is made for emergency or urgent triage (spec section 4)."""
        return self.rank < Level.URGENT.rank


_RANK = {
    Level.SELF_MANAGE: 0,
    Level.SEE_CLINICIAN_SOON: 1,
    Level.URGENT: 2,
    Level.EMERGENCY: 3,
}


def highest(levels: list[Level]) -> Level:
    """The highest of ``levels``; self-manage when there are none (section 1.1: highest wins)."""
    return max(levels, key=lambda level: level.rank, default=Level.SELF_MANAGE)
