"""Triage: which rules fire, the level (the highest wins), what to do, and the safety net."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unknot import DISCLAIMER
from unknot.domain.answers import Answers
from unknot.domain.contributors import Contributor, contributors
from unknot.domain.screens import Screens, compute_screens
from unknot.domain.triage.advice import ACTIONS, HEADLINES, RULE_ACTIONS, SAFETY_NET
from unknot.domain.triage.levels import Level, highest
from unknot.domain.triage.rules import RULES, SM_NONE, Rule

FORMAT = "unknot.triage/v1"


@dataclass(frozen=True)
class Finding:
    """One rule that fired, with the plain-language reason from these answers."""

    rule: Rule
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "level": str(self.rule.level),
            "title": self.rule.title,
            "reason": self.reason,
            "source": self.rule.source,
        }


@dataclass(frozen=True)
class TriageResult:
    level: Level
    findings: tuple[Finding, ...]
    screens: Screens
    contributors: tuple[Contributor, ...]
    headline: str
    actions: tuple[str, ...]
    safety_net: tuple[str, ...] = field(default=tuple(SAFETY_NET))

    @property
    def rules(self) -> list[str]:
        return [f.rule.id for f in self.findings] or [SM_NONE]

    @property
    def plan_allowed(self) -> bool:
        return self.level.plan_allowed

    def as_json(self) -> dict[str, Any]:
        """The ``unknot.triage/v1`` object (spec section 2), plus ``reasons`` and ``disclaimer``."""
        return {
            "format": FORMAT,
            "level": str(self.level),
            "rules": self.rules,
            "headline": self.headline,
            "actions": list(self.actions),
            "safety_net": list(self.safety_net),
            "screens": self.screens.as_json(),
            "contributors": [c.as_json() for c in self.contributors],
            "reasons": [f.as_json() for f in self.findings],
            "plan_allowed": self.plan_allowed,
            "disclaimer": DISCLAIMER,
        }


def findings(answers: Answers, screens: Screens | None = None) -> list[Finding]:
    """Every rule that fires for ``answers``, highest level first, in the reference's order."""
    screens = screens if screens is not None else compute_screens(answers)
    fired = []
    for rule in RULES:
        reason = rule.check(answers, screens)
        if reason is not None:
            fired.append(Finding(rule, reason))
    fired.sort(key=lambda f: -f.rule.level.rank)
    return fired


def triage(answers: Answers) -> TriageResult:
    """Triage one person's answers. Pure and deterministic."""
    screens = compute_screens(answers)
    fired = findings(answers, screens)
    level = highest([f.rule.level for f in fired])
    actions = list(ACTIONS[level])
    for finding in fired:
        extra = RULE_ACTIONS.get(finding.rule.id)
        if finding.rule.level == level and extra and extra not in actions:
            actions.append(extra)
    return TriageResult(
        level=level,
        findings=tuple(fired),
        screens=screens,
        contributors=tuple(contributors(answers, screens)),
        headline=HEADLINES[level],
        actions=tuple(actions),
    )
