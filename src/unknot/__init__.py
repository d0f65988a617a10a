"""unknot: helps people get a tight, spasming lower back moving again.

unknot does not replace a clinician. It asks, scores validated questionnaires,
triages, explains and plans, always with a safety net.

Layers (each imports only the ones above it):

    unknot.domain        pure rules: answers, triage, scoring, planning (stdlib + pydantic)
    unknot.content       exercises, articles and poses as validated data files
    unknot.illustration  drawings made from pose data
    unknot.cli           the terminal edge (Typer + Rich)
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "unknot gives general information and self-care support. It does not diagnose, "
    "and it does not replace a doctor or physiotherapist."
)
