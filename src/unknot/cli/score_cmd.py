"""``unknot score`` and ``unknot change``: score a questionnaire, and judge the change between
two scores (spec section 3). The scoring itself lives in :mod:`unknot.domain.instruments`; this
module reads the input, reports errors and words the result for a person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import typer

from unknot.cli._io import (
    EXIT_USAGE,
    JsonOption,
    fail_invalid,
    print_json,
    read_json,
    stderr,
    warn,
)
from unknot.domain.instruments import (
    CHANGE_RULES,
    INSTRUMENTS,
    AsasIbpAnswers,
    BerlinIbpAnswers,
    ChangeResult,
    IbpResult,
    InstrumentName,
    Ng65Answers,
    Ng65Recommendation,
    Ng65Result,
    NrsResult,
    OdiResult,
    PsfsAnswers,
    PsfsResult,
    RmdqResult,
    StartBackResult,
    StartBackRisk,
    asas_not_applicable_reasons,
    berlin_not_applicable_reasons,
    change_score,
    ng65_not_applicable_reasons,
)
from unknot.domain.instruments.asas_ibp import ASAS_FEATURES, ASAS_POSITIVE_NEEDED
from unknot.domain.instruments.berlin_ibp import BERLIN_FEATURES, BERLIN_POSITIVE_NEEDED
from unknot.domain.instruments.ng65 import NG65_CRITERIA, NG65_HLA_B27_CRITERIA
from unknot.domain.instruments.odi import ODI_SECTIONS, OdiBand
from unknot.domain.instruments.rmdq import RMDQ_ITEMS
from unknot.domain.instruments.startback import PSYCHOSOCIAL_MAX, TOTAL_MAX
from unknot.domain.validation import parse, unknown_fields
from unknot.errors import InvalidInput, NotFound

CHANGE_OPTION_NAMES = {"baseline": "--baseline", "follow_up": "--follow-up"}
"""Domain field -> the command-line option a person typed."""


def _one_decimal(value: float) -> str:
    """A person-facing number: one decimal at most (spec section 3), no trailing ".0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _points(value: float) -> str:
    text = _one_decimal(value)
    return f"{text} point" if text == "1" else f"{text} points"


def _usage_error(message: str) -> NoReturn:
    stderr().print(f"Error: {message}", markup=False)
    raise typer.Exit(EXIT_USAGE)


# --- readable results ----------------------------------------------------------------------

_STARTBACK_MEANING = {
    StartBackRisk.LOW: "Low risk of long-term problems: reassurance, advice to keep active and "
    "self-management usually suit (NICE NG59).",
    StartBackRisk.MEDIUM: "Medium risk: more support, such as an exercise programme with a "
    "physiotherapist, may help (NICE NG59).",
    StartBackRisk.HIGH: "High risk, with many answers about worry or low mood: more intensive "
    "support from a clinician, such as exercise with a psychological approach, is worth "
    "discussing (NICE NG59).",
}


def _describe_startback(_: Any, result: StartBackResult) -> list[str]:
    return [
        f"STarT Back: total {result.total} of {TOTAL_MAX}, psychosocial {result.psychosocial} "
        f"of {PSYCHOSOCIAL_MAX} → {result.risk} risk.",
        _STARTBACK_MEANING[result.risk],
        "Source: Keele STarT Back Screening Tool scoring (Keele University); NICE NG59 1.1.3.",
    ]


def _describe_rmdq(_: Any, result: RmdqResult) -> list[str]:
    return [
        f"Roland-Morris: {result.score} of {RMDQ_ITEMS} statements ticked "
        "(higher means more disability).",
        "Scored again later, a fall of 5 points or 30% is a change most people notice.",
        "Source: Roland & Morris 1983; Ostelo 2008.",
    ]


_ODI_BAND_LABELS = {
    OdiBand.MINIMAL: "minimal disability (0-20)",
    OdiBand.MODERATE: "moderate disability (21-40)",
    OdiBand.SEVERE: "severe disability (41-60)",
    OdiBand.CRIPPLED: 'the developers\' "crippled" band (61-80)',
    OdiBand.BED_BOUND: "the bed-bound band (81-100; may also mean symptoms are overstated)",
}


def _describe_odi(_: Any, result: OdiResult) -> list[str]:
    return [
        f"Oswestry Disability Index: {result.percent:.1f}% from {result.sections_answered} of "
        f"{ODI_SECTIONS} sections → {_ODI_BAND_LABELS[result.band]}.",
        "Higher means more disability; scored again later, a fall of 10 points or 30% is a "
        "change most people notice.",
        "Source: Fairbank & Pynsent 2000 (bands); Ostelo 2008.",
    ]


def _describe_nrs(_: Any, result: NrsResult) -> list[str]:
    return [
        f"Pain: {result.score} of 10 (0 = no pain, 10 = worst pain imaginable).",
        "High pain on its own is not a sign of a serious problem; a fall of 2 points or 30% "
        "is a change most people notice.",
        "Source: Farrar 2001; Ostelo 2008.",
    ]


def _describe_psfs(answers: PsfsAnswers, result: PsfsResult) -> list[str]:
    count = len(answers.activities)
    lines = [
        f"Patient-Specific Functional Scale: average {_one_decimal(result.score)} of 10 over "
        f"{count} {'activity' if count == 1 else 'activities'} "
        "(0 = unable, 10 = as able as before the problem)."
    ]
    lines += [f"  {name}: {_one_decimal(rating)}" for name, rating in answers.activities.items()]
    lines += [
        "Scored again later, a rise of 2 points in the average is more than measurement error.",
        "Source: Stratford 1995.",
    ]
    return lines


def _ibp_lines(
    title: str, result: IbpResult, features: int, needed: int, reasons: list[str], source: str
) -> list[str]:
    counted = f"{title}: {result.positive} of {features} features"
    if not result.applicable:
        lines = [f"{counted}, but the criteria do not apply: {'; and '.join(reasons)}."]
    elif result.fulfilled:
        lines = [
            f"{counted} → criteria met.",
            "This pattern can point to inflammatory back pain, such as axial spondyloarthritis. "
            "It is not a diagnosis: talk to your doctor about it.",
        ]
    else:
        lines = [
            f"{counted} → criteria not met ({needed} are needed).",
            "If new symptoms develop, ask your doctor for a reassessment.",
        ]
    return [*lines, f"Source: {source}."]


def _describe_asas(answers: AsasIbpAnswers, result: IbpResult) -> list[str]:
    return _ibp_lines(
        "ASAS inflammatory back pain criteria",
        result,
        ASAS_FEATURES,
        ASAS_POSITIVE_NEEDED,
        asas_not_applicable_reasons(answers),
        "Sieper 2009 (ASAS experts' criteria)",
    )


def _describe_berlin(answers: BerlinIbpAnswers, result: IbpResult) -> list[str]:
    return _ibp_lines(
        "Berlin inflammatory back pain criteria",
        result,
        BERLIN_FEATURES,
        BERLIN_POSITIVE_NEEDED,
        berlin_not_applicable_reasons(answers),
        "Rudwaleit 2006 (Berlin criteria)",
    )


def _describe_ng65(answers: Ng65Answers, result: Ng65Result) -> list[str]:
    counted = f"NICE NG65: {result.criteria_met} of {NG65_CRITERIA} criteria"
    if not result.applicable:
        reasons = "; and ".join(ng65_not_applicable_reasons(answers))
        lines = [
            f"{counted}, but the criteria do not apply: {reasons}.",
            "So these criteria do not indicate a referral. If you are worried, or new symptoms "
            "develop, ask your doctor for a reassessment.",
        ]
    elif result.recommendation == Ng65Recommendation.REFER:
        lines = [
            f"{counted} → NICE recommends referral to a rheumatologist for a spondyloarthritis "
            "assessment.",
            "This is not a diagnosis: a rheumatologist decides.",
        ]
    elif result.recommendation == Ng65Recommendation.TEST_HLA_B27:
        lines = [
            f"{counted} → NICE recommends an HLA-B27 blood test, and referral to a "
            "rheumatologist if it is positive.",
            "This is not a diagnosis.",
        ]
    else:
        lines = [
            f"{counted} → a referral is not indicated by these criteria "
            f"({NG65_HLA_B27_CRITERIA} or more are needed).",
            "If new symptoms develop, ask your doctor for a reassessment.",
        ]
    return [*lines, "Source: NICE NG65 (2017), recommendations 1.1.2-1.1.4."]


_DESCRIBE: dict[str, Callable[[Any, Any], list[str]]] = {
    InstrumentName.STARTBACK: _describe_startback,
    InstrumentName.RMDQ: _describe_rmdq,
    InstrumentName.ODI: _describe_odi,
    InstrumentName.NRS: _describe_nrs,
    InstrumentName.PSFS: _describe_psfs,
    InstrumentName.ASAS_IBP: _describe_asas,
    InstrumentName.BERLIN_IBP: _describe_berlin,
    InstrumentName.NG65: _describe_ng65,
}

_CHANGE_NOUNS = {
    "rmdq": "disability score (Roland-Morris)",
    "odi": "disability score (Oswestry)",
    "nrs": "pain score",
    "psfs": "activity score (PSFS)",
}


def describe_change(instrument: str, result: ChangeResult) -> list[str]:
    """The change in words, rounded to one decimal."""
    rule = CHANGE_RULES[instrument]
    noun = f"Your {_CHANGE_NOUNS[instrument]}"
    threshold = f"threshold {_points(result.points_threshold)}"
    if result.percent_threshold > 0:
        threshold += f" or {_one_decimal(result.percent_threshold)}%"
    percent = f"{_one_decimal(abs(result.percent))}%"
    if result.percent == 0 and result.improvement != 0:
        percent = "no percentage from a starting score of 0"
    size = f"{_points(abs(result.improvement))} ({percent})"
    if instrument == InstrumentName.PSFS:
        enough, not_enough = "beyond", "within"
        notice = "the scale's measurement error"
    else:
        enough, not_enough = "a change", "smaller than the change"
        notice = "most people notice"
    if result.improvement > 0 and (result.meets_points or result.meets_percent):
        line = f"{noun} improved by {size}: {enough} {notice} ({threshold})."
    elif result.improvement > 0:
        line = f"{noun} improved by {size}: {not_enough} {notice} ({threshold})."
    elif result.improvement < 0:
        line = (
            f"{noun} got worse by {size}. If you are getting worse, or are worried, talk to "
            "your doctor or physiotherapist."
        )
    else:
        line = f"{noun} did not change."
    return [line, f"Source: {rule.source}."]


# --- commands ------------------------------------------------------------------------------


def score_command(
    instrument: str = typer.Argument(
        ..., help=f"The questionnaire: one of {', '.join(INSTRUMENTS)}.", show_default=False
    ),
    answers: str = typer.Option(
        ..., "--answers", "-a", help="The answers as a JSON file, or - for standard input."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Score a questionnaire (STarT Back, RMDQ, ODI, NRS, PSFS, ASAS, Berlin, NICE NG65)."""
    chosen = INSTRUMENTS.get(instrument)
    if chosen is None:
        _usage_error(f"unknown instrument {instrument!r}; choose one of: {', '.join(INSTRUMENTS)}")
    try:
        parsed = parse(chosen.answers_model, read_json(answers))
        warn([f"unknown field {name!r} was ignored" for name in unknown_fields(parsed)])
        result = chosen.scorer(parsed)
    except InvalidInput as error:
        fail_invalid(error, as_json)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        for line in _DESCRIBE[chosen.name](parsed, result):
            typer.echo(line)


def change_command(
    instrument: str = typer.Argument(
        ..., help=f"The questionnaire: one of {', '.join(CHANGE_RULES)}.", show_default=False
    ),
    baseline: float = typer.Option(..., "--baseline", help="The first score."),
    follow_up: float = typer.Option(..., "--follow-up", help="The later score."),
    as_json: bool = JsonOption,
) -> None:
    """Judge the change between two scores against the instrument's threshold."""
    try:
        result = change_score(instrument, baseline, follow_up)
    except NotFound:
        _usage_error(
            f"unknown instrument {instrument!r} for change; choose one of: "
            f"{', '.join(CHANGE_RULES)}"
        )
    except InvalidInput as error:
        option = CHANGE_OPTION_NAMES.get(error.field, error.field)
        fail_invalid(InvalidInput(option, error.message), as_json)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        for line in describe_change(instrument, result):
            typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add ``score`` and ``change`` to ``app``."""
    app.command("score")(score_command)
    app.command("change")(change_command)
