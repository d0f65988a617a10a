"""The instrument registry: name -> answers model, scorer and help text (spec section 3)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from unknot.domain.instruments.asas_ibp import AsasIbpAnswers, score_asas_ibp
from unknot.domain.instruments.berlin_ibp import BerlinIbpAnswers, score_berlin_ibp
from unknot.domain.instruments.ng65 import Ng65Answers, score_ng65
from unknot.domain.instruments.nrs import NrsAnswers, score_nrs
from unknot.domain.instruments.odi import OdiAnswers, score_odi
from unknot.domain.instruments.psfs import PsfsAnswers, score_psfs
from unknot.domain.instruments.rmdq import RmdqAnswers, score_rmdq
from unknot.domain.instruments.startback import StartBackAnswers, score_startback
from unknot.domain.validation import Strict, parse
from unknot.errors import NotFound


class InstrumentName(StrEnum):
    """The names ``unknot score`` accepts (spec section 3)."""

    STARTBACK = "startback"
    RMDQ = "rmdq"
    ODI = "odi"
    NRS = "nrs"
    PSFS = "psfs"
    ASAS_IBP = "asas-ibp"
    BERLIN_IBP = "berlin-ibp"
    NG65 = "ng65"


@dataclass(frozen=True, slots=True)
class Instrument:
    """One questionnaire: how to read its answers and how to score them."""

    name: InstrumentName
    title: str
    """Its usual name, for people."""
    answers_model: type[Strict]
    """Validates the answers; ranges and required items are enforced here."""
    scorer: Callable[[Any], BaseModel]
    """Scores a validated ``answers_model`` instance."""
    help: str
    """One line on what it measures and what the answers look like."""
    sources: tuple[str, ...]
    """Ids in the bibliography (``unknot/content/references.yaml``)."""


INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        InstrumentName.STARTBACK: Instrument(
            name=InstrumentName.STARTBACK,
            title="Keele STarT Back Screening Tool",
            answers_model=StartBackAnswers,
            scorer=score_startback,
            help="Risk of a poor outcome: q1-q8 agree/disagree, q9 not_at_all..extremely.",
            sources=("keele-startback", "hill-2008-startback", "nice-ng59"),
        ),
        InstrumentName.RMDQ: Instrument(
            name=InstrumentName.RMDQ,
            title="Roland-Morris Disability Questionnaire",
            answers_model=RmdqAnswers,
            scorer=score_rmdq,
            help='Disability today: {"ticked": [item numbers 1-24]}.',
            sources=("roland-morris-1983",),
        ),
        InstrumentName.ODI: Instrument(
            name=InstrumentName.ODI,
            title="Oswestry Disability Index",
            answers_model=OdiAnswers,
            scorer=score_odi,
            help="Disability: ten sections scored 0-5, null when not answered (8 needed).",
            sources=("fairbank-2000-odi",),
        ),
        InstrumentName.NRS: Instrument(
            name=InstrumentName.NRS,
            title="Numeric Pain Rating Scale",
            answers_model=NrsAnswers,
            scorer=score_nrs,
            help='Pain intensity: {"score": 0-10}.',
            sources=("farrar-2001",),
        ),
        InstrumentName.PSFS: Instrument(
            name=InstrumentName.PSFS,
            title="Patient-Specific Functional Scale",
            answers_model=PsfsAnswers,
            scorer=score_psfs,
            help='Your own hard activities: {"activities": {"name": 0-10, ...}}, 1-5 of them.',
            sources=("stratford-1995-psfs",),
        ),
        InstrumentName.ASAS_IBP: Instrument(
            name=InstrumentName.ASAS_IBP,
            title="ASAS criteria for inflammatory back pain",
            answers_model=AsasIbpAnswers,
            scorer=score_asas_ibp,
            help="Inflammatory back pain in chronic back pain: 4 of 5 features.",
            sources=("sieper-2009-asas",),
        ),
        InstrumentName.BERLIN_IBP: Instrument(
            name=InstrumentName.BERLIN_IBP,
            title="Berlin criteria for inflammatory back pain",
            answers_model=BerlinIbpAnswers,
            scorer=score_berlin_ibp,
            help="Inflammatory back pain in chronic back pain under 50: 2 of 4 features.",
            sources=("rudwaleit-2006-berlin",),
        ),
        InstrumentName.NG65: Instrument(
            name=InstrumentName.NG65,
            title="NICE NG65 referral criteria for axial spondyloarthritis",
            answers_model=Ng65Answers,
            scorer=score_ng65,
            help="When to refer suspected axial spondyloarthritis: 9 criteria.",
            sources=("nice-ng65",),
        ),
    }
)
"""Every instrument ``unknot score`` knows, by name."""


def get_instrument(name: str) -> Instrument:
    """The instrument called ``name``; :class:`NotFound` naming the known ones otherwise."""
    try:
        return INSTRUMENTS[name]
    except KeyError:
        raise NotFound("instrument", name, list(INSTRUMENTS)) from None


def parse_answers(instrument: str, data: Any) -> Strict:
    """Validate ``data`` as ``instrument``'s answers (InvalidInput naming the field).

    Unknown fields are kept; list them with ``unknot.domain.validation.unknown_fields``.
    """
    return parse(get_instrument(instrument).answers_model, data)


def score(instrument: str, data: Any) -> BaseModel:
    """Validate and score ``data``: NotFound for an unknown instrument, InvalidInput naming the
    field for invalid answers, TooLittleData when there are too few to score (ODI)."""
    answers = parse_answers(instrument, data)
    return get_instrument(instrument).scorer(answers)
