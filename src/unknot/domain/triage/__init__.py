"""Triage of assessment answers (clinical reference section 1)."""

from unknot.domain.triage.engine import FORMAT, Finding, TriageResult, findings, triage
from unknot.domain.triage.levels import Level, highest
from unknot.domain.triage.rules import RULES, SM_NONE, Rule

__all__ = [
    "FORMAT",
    "RULES",
    "SM_NONE",
    "Finding",
    "Level",
    "Rule",
    "TriageResult",
    "findings",
    "highest",
    "triage",
]
