"""The content linter: every check that content must pass before it ships.

- exercise and article files follow their schemas; ids are unique within each kind;
- every ``easier``/``harder`` link, inline ``exercise:``/``article:`` link, article
  ``exercises`` and ``related`` entry names something that exists;
- every exercise and article cites references, and every reference id is in the bibliography;
- every exercise has a pose file and its illustration renders (when a renderer is given: the
  illustration layer sits below content, so the command passes it in);
- articles are easy to read (Flesch reading ease: a problem under 50, a warning under 60);
- no content makes a claim from :data:`FORBIDDEN_CLAIMS` (painkillers called muscle relaxants,
  bed rest as treatment, "cure", drug doses).

Nothing here prints: :func:`lint` returns a :class:`LintReport`, and the command renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as safe_xml

from unknot.content import articles as articles_module
from unknot.content.exercises import (
    EXERCISES_DIR,
    Exercise,
    check_exercise_file,
    exercise_files,
    library_problems,
)
from unknot.content.references import load_references
from unknot.errors import ContentError

POSES_DIR = Path(__file__).parent / "poses"

READING_EASE_FAIL = 50.0
"""Flesch reading ease below which an article fails: 50 is "fairly difficult" (college level)
on Flesch's (1948) scale; patient information should be plain English."""

READING_EASE_WARN = 60.0
"""Flesch reading ease below which an article gets a warning: 60-70 is "plain English"."""

Renderer = Callable[[str], str]
"""Draws an exercise's illustration from its id and returns SVG text."""


@dataclass(frozen=True)
class Problem:
    """One finding: the file, the field in it, and what is wrong."""

    path: str
    field: str
    message: str


@dataclass
class LintReport:
    """What :func:`lint` found. ``reading_ease`` is keyed by article id."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    reading_ease: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when there is no problem (warnings do not fail the lint)."""
        return not self.problems


# --- claims that must never appear -----------------------------------------------------------


@dataclass(frozen=True)
class ForbiddenClaim:
    """A claim content must never make.

    ``negatable`` claims are skipped when the same sentence, before the match, holds a negation
    ("not", "never", "avoid", "myth", ...), so that correcting a myth is allowed.
    """

    id: str
    pattern: re.Pattern[str]
    why: str
    source: str
    negatable: bool = True


_PAINKILLER = (
    r"(?:ibuprofen|paracetamol|acetaminophen|naproxen|aspirin|diclofenac|codeine|co-codamol"
    r"|tylenol|advil|motrin|aleve|nurofen|panadol|nsaids?"
    r"|non-?steroidal\s+anti-?inflammator(?:y|ies)(?:\s+(?:drugs?|medicines?))?"
    r"|anti-?inflammator(?:y|ies)(?:\s+(?:drugs?|medicines?|tablets?|painkillers?))?"
    r"|pain\s?killers?|pain\s+relievers?|analgesics?)"
)
_PAINKILLERS = rf"{_PAINKILLER}(?:\s*(?:,|/|\(|\))?\s*(?:(?:and|or)\s+)?{_PAINKILLER})*\)?"
_RELAXANT = r"muscle[-\s]relax(?:ants?|ers?|ing\s+(?:drugs?|medicines?|tablets?|pills?))"
_IS = (
    r"(?:(?:is|are|was|were)(?:\s+(?:also|often|sometimes|considered|classed\s+as"
    r"|classified\s+as|used\s+as|known\s+as|called))*"
    r"|(?:acts?|works?|counts?|serves?|doubles?)\s+as)"
)
_MODIFIERS = (
    r"(?:(?:an?|the|good|great|effective|mild|gentle|natural|common|simple|popular"
    r"|over[-\s]the[-\s]counter|otc|non-?prescription|(?:type|kind|form|sort|class|group)\s+of)"
    r"\s+)*"
)
_LIST_ITEMS = r"(?:[\w-]+(?:\s+[\w-]+)?\s*(?:,|/|\s+or\s+|\s+and\s+)\s*){0,3}"
_BED_REST = r"bed[-\s]?rest"
_COUNT = r"(?:\d+|a\s+few|a\s+couple\s+of|several|one|two|three|four|five|six|seven|a)"
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"

_F = re.IGNORECASE

FORBIDDEN_CLAIMS: tuple[ForbiddenClaim, ...] = (
    ForbiddenClaim(
        id="painkiller-is-muscle-relaxant",
        pattern=re.compile(rf"\b{_PAINKILLERS}\s+{_IS}\s+{_MODIFIERS}{_RELAXANT}", _F),
        why="Ibuprofen is an NSAID and paracetamol/acetaminophen an analgesic; neither is a "
        "muscle relaxant (a separate, mostly prescription group).",
        source="fda-ibuprofen-label; see-2008-muscle-relaxants (clinical reference §5.1)",
    ),
    ForbiddenClaim(
        id="muscle-relaxants-such-as-painkillers",
        pattern=re.compile(
            rf"{_RELAXANT}\s*,?\s*\(?\s*(?:such\s+as|like|including|e\.g\.,?|for\s+example,?"
            rf"|for\s+instance,?|namely|:)\s*{_LIST_ITEMS}{_PAINKILLER}\b",
            _F,
        ),
        why="Lists painkillers as examples of muscle relaxants, the error of some web articles "
        "('over-the-counter muscle relaxers such as ibuprofen or acetaminophen').",
        source="fda-ibuprofen-label; see-2008-muscle-relaxants (clinical reference §5.1)",
    ),
    ForbiddenClaim(
        id="painkiller-relaxes-muscles",
        pattern=re.compile(
            rf"\b{_PAINKILLERS}\s+(?:will\s+|can\s+|may\s+|helps?\s+(?:to\s+)?)?"
            r"relax(?:es)?\s+(?:your\s+|the\s+)?(?:back\s+)?muscles",
            _F,
        ),
        why="Painkillers do not relax muscles; saying so repeats the muscle-relaxant error.",
        source="fda-ibuprofen-label; see-2008-muscle-relaxants (clinical reference §5.1)",
    ),
    ForbiddenClaim(
        id="bed-rest-helps",
        pattern=re.compile(
            rf"\b{_BED_REST}\s+(?:(?:is|was|remains)\s+(?:(?:the|a|an|still|often|usually|very)"
            r"\s+)*(?:best|recommended|advised|advisable|helpful|beneficial|good|needed"
            r"|necessary|important|essential|key|effective|treatment|remedy|answer|solution)"
            r"|(?:will\s+|can\s+|may\s+|should\s+|does\s+)?(?:helps?|heals?|works?|speeds?"
            r"|relieves?|eases?|fix(?:es)?))\b",
            _F,
        ),
        why="Advice to stay active is better than bed rest for acute low back pain; long bed "
        "rest slows recovery.",
        source="cochrane-bed-rest; nhs-back-pain; nice-ng59",
    ),
    ForbiddenClaim(
        id="bed-rest-recommended",
        pattern=re.compile(
            r"\b(?:recommend(?:s|ed)?|advise[sd]?|prescribe[sd]?|suggest(?:s|ed)?|try|need|needs)"
            rf"\s+(?:(?:some|a\s+few\s+days\s+of|a\s+day\s+of|a\s+week\s+of|strict|complete"
            rf"|total|plenty\s+of|lots\s+of)\s+)*{_BED_REST}\b",
            _F,
        ),
        why="Bed rest is not a treatment for back pain; the advice is to stay active.",
        source="cochrane-bed-rest; nhs-back-pain; nice-ng59",
    ),
    ForbiddenClaim(
        id="rest-in-bed-for-days",
        pattern=re.compile(
            r"\b(?:rest(?:ing)?|stay(?:ing)?|lie|lying|remain(?:ing)?|keep)\s+(?:\w+\s+)?"
            rf"in\s+bed\s+(?:for\s+)?{_COUNT}\s+(?:(?:or|to|-)\s*\w+\s+)?(?:days?|weeks?)\b",
            _F,
        ),
        why="Prescribing days in bed contradicts the evidence: stay active.",
        source="cochrane-bed-rest; nhs-back-pain; nice-ng59",
    ),
    ForbiddenClaim(
        id="cure",
        pattern=re.compile(r"\bcur(?:e|es|ed|ing)\b", _F),
        why="unknot never promises a cure: back pain is managed and usually settles, and "
        "unknot does not replace a clinician.",
        source="unknot safety rules (no diagnosis or cure claims)",
        negatable=False,
    ),
    ForbiddenClaim(
        id="drug-dose",
        pattern=re.compile(
            rf"\b{_NUMBER}\s*(?:mg|milligrams?|mcg|micrograms?|tablets?|pills?|capsules?)\b", _F
        ),
        why="unknot gives no drug doses; doses come from a pharmacist, a prescriber or the "
        "medicine's leaflet.",
        source="unknot safety rules (no drug doses)",
        negatable=False,
    ),
)

_NEGATION = re.compile(
    r"\b(?:not|no|never|avoid|avoids|avoiding|nor|neither|cannot|myth|false|untrue|wrong"
    r"|wrongly|mistakenly|incorrectly|unlike|instead\s+of|rather\s+than)\b|n['’]t\b",
    _F,
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _negated(text: str, start: int) -> bool:
    """True when the sentence holding ``start`` has a negation before it."""
    sentence_start = 0
    for end in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = end.end()
    return bool(_NEGATION.search(text, sentence_start, start))


def find_forbidden_claims(text: str) -> list[tuple[ForbiddenClaim, str]]:
    """Every forbidden claim in ``text``, with the words that matched."""
    found: list[tuple[ForbiddenClaim, str]] = []
    for claim in FORBIDDEN_CLAIMS:
        for match in claim.pattern.finditer(text):
            if claim.negatable and _negated(text, match.start()):
                continue
            found.append((claim, " ".join(match.group(0).split())))
    return found


def _claim_problems(path: str, fields: Iterable[tuple[str, str]]) -> list[Problem]:
    problems = []
    for name, text in fields:
        for claim, words in find_forbidden_claims(text):
            problems.append(
                Problem(path, name, f"forbidden claim {claim.id} ({words!r}): {claim.why}")
            )
    return problems


def _exercise_texts(ex: Exercise) -> list[tuple[str, str]]:
    texts = [("name", ex.name), ("summary", ex.summary)]
    for name in ("targets", "steps", "mistakes", "cautions"):
        values: tuple[str, ...] = getattr(ex, name)
        texts.extend((f"{name}[{i}]", value) for i, value in enumerate(values))
    return texts


# --- the linter ------------------------------------------------------------------------------


def lint(
    exercises_dir: Path | None = None,
    articles_dir: Path | None = None,
    *,
    poses_dir: Path | None = None,
    render: Renderer | None = None,
) -> LintReport:
    """Check all content and report every problem (not only the first).

    ``render`` draws an exercise's illustration; when given, each exercise must have a pose file
    in ``poses_dir`` and its illustration must render as SVG.
    """
    report = LintReport()
    reference_ids = set(load_references())
    exercises = _lint_exercises(exercises_dir or EXERCISES_DIR, reference_ids, report)
    if render is not None:
        _lint_illustrations(exercises, poses_dir or POSES_DIR, render, report)
    _lint_articles(
        articles_dir or articles_module.default_directory(),
        {ex.id for ex in exercises.values()},
        reference_ids,
        report,
    )
    return report


def _lint_exercises(
    directory: Path, reference_ids: set[str], report: LintReport
) -> dict[str, Exercise]:
    """Every valid exercise by the path of its file; problems go into ``report``."""
    by_path: dict[str, Exercise] = {}
    files = exercise_files(directory)
    if not files:
        report.problems.append(Problem(str(directory), "(folder)", "no exercise files"))
    for path in files:
        exercise, problems = check_exercise_file(path)
        report.problems.extend(Problem(str(path), where, msg) for where, msg in problems)
        if exercise is not None:
            by_path[str(path)] = exercise
            report.problems.extend(_claim_problems(str(path), _exercise_texts(exercise)))
    path_of = {ex.id: path for path, ex in by_path.items()}
    for found in library_problems(list(by_path.values()), reference_ids):
        report.problems.append(Problem(path_of[found.exercise_id], found.field, found.message))
    return by_path


def _lint_illustrations(
    exercises: dict[str, Exercise], poses_dir: Path, render: Renderer, report: LintReport
) -> None:
    ids = {ex.id for ex in exercises.values()}
    for pose in sorted(poses_dir.glob("*.yaml")):
        if pose.stem not in ids:
            report.problems.append(
                Problem(str(pose), "(pose)", f"no exercise called {pose.stem!r} for this pose")
            )
    for path, ex in exercises.items():
        pose = poses_dir / f"{ex.id}.yaml"
        if not pose.is_file():
            report.problems.append(Problem(path, "id", f"no pose file {pose.name} in poses/"))
            continue
        try:
            svg = render(ex.id)
            root = safe_xml.fromstring(svg)
        except Exception as exc:  # a renderer may fail in any way; report it, never crash
            report.problems.append(Problem(str(pose), "(pose)", f"illustration fails: {exc}"))
            continue
        if not str(root.tag).endswith("svg"):
            report.problems.append(Problem(str(pose), "(pose)", "illustration is not an SVG"))


def _lint_articles(
    directory: Path, exercise_ids: set[str], reference_ids: set[str], report: LintReport
) -> None:
    try:
        articles = articles_module.load_articles(directory)
    except ContentError as exc:
        file_name, _, rest = str(exc).partition(": ")
        where, _, message = rest.partition(": ")
        report.problems.append(
            Problem(str(directory / file_name), where or "(file)", message or str(exc))
        )
        return
    article_ids = [article.id for article in articles]
    for article in articles:
        path = str(directory / f"{article.id}.md")
        if article_ids.count(article.id) > 1:
            report.problems.append(Problem(path, "id", f"duplicate id {article.id!r}"))
        for ref in article.references:
            if ref not in reference_ids:
                report.problems.append(Problem(path, "references", f"no reference called {ref!r}"))
        for target in articles_module.exercise_links(article):
            if target not in exercise_ids:
                report.problems.append(Problem(path, "exercises", f"no exercise called {target!r}"))
        for target in articles_module.article_links(article):
            if target not in article_ids:
                report.problems.append(Problem(path, "related", f"no article called {target!r}"))
        ease = articles_module.reading_ease(article)
        report.reading_ease[article.id] = ease
        if ease < READING_EASE_FAIL:
            report.problems.append(
                Problem(path, "body", f"reading ease {ease:.1f} is under {READING_EASE_FAIL:.0f}")
            )
        elif ease < READING_EASE_WARN:
            report.warnings.append(
                Problem(path, "body", f"reading ease {ease:.1f} is under {READING_EASE_WARN:.0f}")
            )
        texts = [("title", article.title), ("summary", article.summary), ("body", article.body)]
        report.problems.extend(_claim_problems(path, texts))
