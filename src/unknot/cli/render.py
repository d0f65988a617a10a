"""Rich views shared by the commands that show a triage result."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from unknot import DISCLAIMER
from unknot.domain.triage import Level, TriageResult

LEVEL_STYLE: dict[Level, tuple[str, str]] = {
    Level.EMERGENCY: ("bold white on red", "EMERGENCY — get help now"),
    Level.URGENT: ("bold black on yellow", "URGENT — see a doctor today"),
    Level.SEE_CLINICIAN_SOON: ("bold black on cyan", "SEE A CLINICIAN SOON"),
    Level.SELF_MANAGE: ("bold black on green", "SELF-MANAGE — with a safety net"),
}


def _bullets(items: list[str] | tuple[str, ...], style: str = "") -> Text:
    text = Text()
    for i, item in enumerate(items):
        if i:
            text.append("\n")
        text.append("• ", style="bold")
        text.append(item, style=style)
    return text


def render_triage(console: Console, result: TriageResult) -> None:
    style, label = LEVEL_STYLE[result.level]
    console.print(Text(f" {label} ", style=style))
    console.print()
    console.print(Text(result.headline, style="bold"))
    console.print()
    console.print(Panel(_bullets(result.actions), title="What to do", title_align="left"))
    if result.findings:
        reasons = [f"{f.reason} [{f.rule.id}]" for f in result.findings]
        console.print(Panel(_bullets(reasons), title="Why", title_align="left"))
    sb = result.screens.startback
    if sb is not None:
        console.print(
            f"STarT Back: {sb.total} of 9 (worry and mood {sb.psychosocial} of 5) → "
            f"[bold]{sb.risk}[/] risk of the pain persisting."
        )
    if result.contributors:
        lines = [f"{c.title} ({c.likelihood}): {c.why}" for c in result.contributors]
        console.print(
            Panel(
                _bullets(lines),
                title="What is likely adding to your back tightness",
                title_align="left",
            )
        )
    console.print(
        Panel(
            Group(_bullets(result.safety_net), Text(""), Text(DISCLAIMER, style="italic")),
            title="Safety net: get help if this changes",
            title_align="left",
            border_style="red",
        )
    )
