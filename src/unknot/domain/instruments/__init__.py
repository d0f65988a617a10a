"""Validated questionnaires and their scoring (clinical reference sections 2-4).

One module per instrument; each holds its answers model, its result, its scorer and every
cut-off as a named constant citing its source. :mod:`.registry` maps a name to all three, and
:mod:`.change` judges the change between two scores.
"""

from __future__ import annotations

from unknot.domain.instruments.asas_ibp import (
    AsasIbpAnswers,
    asas_not_applicable_reasons,
    score_asas_ibp,
)
from unknot.domain.instruments.berlin_ibp import (
    BerlinIbpAnswers,
    berlin_not_applicable_reasons,
    score_berlin_ibp,
)
from unknot.domain.instruments.change import CHANGE_RULES, ChangeResult, ChangeRule, change_score
from unknot.domain.instruments.ibp import IbpResult
from unknot.domain.instruments.ng65 import (
    Ng65Answers,
    Ng65Recommendation,
    Ng65Result,
    ng65_not_applicable_reasons,
    score_ng65,
)
from unknot.domain.instruments.nrs import NrsAnswers, NrsResult, score_nrs
from unknot.domain.instruments.odi import OdiAnswers, OdiBand, OdiResult, odi_band, score_odi
from unknot.domain.instruments.psfs import PsfsAnswers, PsfsResult, score_psfs
from unknot.domain.instruments.registry import (
    INSTRUMENTS,
    Instrument,
    InstrumentName,
    get_instrument,
    parse_answers,
    score,
)
from unknot.domain.instruments.rmdq import RmdqAnswers, RmdqResult, score_rmdq
from unknot.domain.instruments.startback import (
    StartBackAnswers,
    StartBackResult,
    StartBackRisk,
    score_startback,
    startback_risk,
)

__all__ = [
    "CHANGE_RULES",
    "INSTRUMENTS",
    "AsasIbpAnswers",
    "BerlinIbpAnswers",
    "ChangeResult",
    "ChangeRule",
    "IbpResult",
    "Instrument",
    "InstrumentName",
    "Ng65Answers",
    "Ng65Recommendation",
    "Ng65Result",
    "NrsAnswers",
    "NrsResult",
    "OdiAnswers",
    "OdiBand",
    "OdiResult",
    "PsfsAnswers",
    "PsfsResult",
    "RmdqAnswers",
    "RmdqResult",
    "StartBackAnswers",
    "StartBackResult",
    "StartBackRisk",
    "asas_not_applicable_reasons",
    "berlin_not_applicable_reasons",
    "change_score",
    "get_instrument",
    "ng65_not_applicable_reasons",
    "odi_band",
    "parse_answers",
    "score",
    "score_asas_ibp",
    "score_berlin_ibp",
    "score_ng65",
    "score_nrs",
    "score_odi",
    "score_psfs",
    "score_rmdq",
    "score_startback",
    "startback_risk",
]
