"""The content linter: forbidden claims (true positives and the correct negations), links,
references, poses and illustrations, reading ease, and the shipped content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from unknot.content.exercises import EXERCISES_DIR
from unknot.content.lint import (
    FORBIDDEN_CLAIMS,
    READING_EASE_FAIL,
    READING_EASE_WARN,
    LintReport,
    Problem,
    find_forbidden_claims,
    lint,
)
from unknot.content.references import load_references


def claim_ids(text: str) -> list[str]:
    return [claim.id for claim, _ in find_forbidden_claims(text)]


# --- forbidden claims ------------------------------------------------------------------------

TRUE_POSITIVES = [
    ("Ibuprofen is a muscle relaxant.", "painkiller-is-muscle-relaxant"),
    ("NSAIDs are muscle relaxants.", "painkiller-is-muscle-relaxant"),
    ("Paracetamol is a mild muscle relaxant.", "painkiller-is-muscle-relaxant"),
    ("Ibuprofen and acetaminophen are muscle relaxers.", "painkiller-is-muscle-relaxant"),
    ("Ibuprofen (Advil) is an over-the-counter muscle relaxer.", "painkiller-is-muscle-relaxant"),
    ("Ibuprofen acts as a muscle relaxant too.", "painkiller-is-muscle-relaxant"),
    ("Naproxen is also a type of muscle relaxant.", "painkiller-is-muscle-relaxant"),
    ("Anti-inflammatories are considered muscle relaxants.", "painkiller-is-muscle-relaxant"),
    (
        "Try over-the-counter muscle relaxers such as ibuprofen or acetaminophen.",
        "muscle-relaxants-such-as-painkillers",
    ),
    (
        "Over-the-counter muscle relaxers such as ibuprofen or paracetamol can help.",
        "muscle-relaxants-such-as-painkillers",
    ),
    ("Muscle relaxants like naproxen ease spasm.", "muscle-relaxants-such-as-painkillers"),
    (
        "Muscle relaxants, for example cyclobenzaprine or ibuprofen, help.",
        "muscle-relaxants-such-as-painkillers",
    ),
    ("Painkillers relax your back muscles.", "painkiller-relaxes-muscles"),
    ("Ibuprofen helps relax the muscles.", "painkiller-relaxes-muscles"),
    ("Bed rest helps.", "bed-rest-helps"),
    ("Bed rest is recommended for a back spasm.", "bed-rest-helps"),
    ("Bed rest is the best treatment.", "bed-rest-helps"),
    ("Bedrest will help your back settle.", "bed-rest-helps"),
    ("Doctors recommend bed rest.", "bed-rest-recommended"),
    ("You need a few days of bed rest.", "bed-rest-recommended"),
    ("Rest in bed for 3 days.", "rest-in-bed-for-days"),
    ("Stay in bed for a few days.", "rest-in-bed-for-days"),
    ("Lie flat in bed for two to three days.", "rest-in-bed-for-days"),
    ("This stretch will cure your back.", "cure"),
    ("It cured my back pain.", "cure"),
    ("Walking cures back pain.", "cure"),
    ("There is no cure.", "cure"),
    ("Take 400 mg of ibuprofen.", "drug-dose"),
    ("Take 400mg three times a day.", "drug-dose"),
    ("Diazepam 2 milligrams may be given.", "drug-dose"),
    ("Take two tablets every four hours.", "drug-dose"),
    ("Take 1 capsule at night.", "drug-dose"),
]


@pytest.mark.parametrize(("text", "claim"), TRUE_POSITIVES)
def test_a_forbidden_claim_is_found(text: str, claim: str) -> None:
    assert claim in claim_ids(text)


CORRECT_STATEMENTS = [
    "Ibuprofen and acetaminophen are not muscle relaxants.",
    "Ibuprofen and paracetamol are not muscle relaxers.",
    "Ibuprofen is an NSAID, not a muscle relaxant.",
    "Ibuprofen and paracetamol are painkillers, not muscle relaxants.",
    "NSAIDs aren't muscle relaxants.",
    "Some websites wrongly say ibuprofen is a muscle relaxant.",
    "It is a myth that ibuprofen is a muscle relaxant.",
    "Muscle relaxants, such as cyclobenzaprine, are a separate group from ibuprofen.",
    "A GP may prescribe a muscle relaxant if the pain is severe.",
    "Ibuprofen can ease pain so that you can keep moving.",
    "Avoid bed rest.",
    "Bed rest is not recommended.",
    "Bed rest does not help.",
    "Bed rest doesn't help most people.",
    "It is a myth that bed rest helps.",
    "Doctors no longer recommend bed rest.",
    "NICE does not recommend bed rest.",
    "Don't stay in bed for 3 days.",
    "Staying in bed for more than a couple of days makes it harder to get going.",
    "Stay active rather than resting in bed.",
    "Lie on a pillow for a few minutes.",
    "Hold for 20 seconds and repeat 3 times.",
    "Walk for 10 minutes, two times a day.",
    "Secure the mat so it cannot slip.",
    "Take your medicine as the leaflet says.",
]


@pytest.mark.parametrize("text", CORRECT_STATEMENTS)
def test_a_correct_statement_is_not_flagged(text: str) -> None:
    assert claim_ids(text) == []


NEGATABLE = {claim.id for claim in FORBIDDEN_CLAIMS if claim.negatable}


@pytest.mark.parametrize(("text", "claim"), TRUE_POSITIVES)
def test_calling_a_claim_a_myth_excuses_it_unless_it_is_a_cure_or_a_dose(
    text: str, claim: str
) -> None:
    corrected = "It is a myth that " + text[0].lower() + text[1:]
    assert (claim in claim_ids(corrected)) == (claim not in NEGATABLE)


def test_a_negation_in_an_earlier_sentence_does_not_excuse_a_claim() -> None:
    text = "Do not worry. Ibuprofen is a muscle relaxant."
    assert claim_ids(text) == ["painkiller-is-muscle-relaxant"]


def test_a_claim_split_over_two_lines_is_still_found() -> None:
    assert claim_ids("Over-the-counter muscle relaxers\nsuch as ibuprofen help.") == [
        "muscle-relaxants-such-as-painkillers"
    ]


def test_cure_and_doses_are_never_excused_by_a_negation() -> None:
    assert claim_ids("This is not a cure.") == ["cure"]
    assert claim_ids("Never take more than 8 tablets.") == ["drug-dose"]


def test_every_forbidden_claim_says_why_and_cites_a_source() -> None:
    ids = [claim.id for claim in FORBIDDEN_CLAIMS]
    assert len(ids) == len(set(ids))
    known = set(load_references())
    for claim in FORBIDDEN_CLAIMS:
        assert claim.why and claim.source
        cited = [part.split(" ")[0] for part in claim.source.split("; ")]
        assert any(ident in known for ident in cited) or claim.source.startswith("unknot")


def test_every_true_positive_kind_has_a_test_case() -> None:
    tested = {claim for _, claim in TRUE_POSITIVES}
    assert tested == {claim.id for claim in FORBIDDEN_CLAIMS}


# --- the linter on small content trees -------------------------------------------------------


def exercise(ident: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "name": "Test walk",
        "summary": "A walk used only by the tests of the linter.",
        "category": "aerobic",
        "position": "standing",
        "phases": ["chronic"],
        "targets": ["whole body"],
        "equipment": [],
        "dosage": {"sets": 1, "minutes": 10},
        "steps": ["Stand up.", "Walk.", "Come back."],
        "mistakes": ["Rushing."],
        "cautions": ["Stop if pain spreads down your leg."],
        "easier": None,
        "harder": None,
        "references": ["walkback-2024"],
    }
    data.update(changes)
    return data


EASY_BODY = (
    "Walking is good for your back. Start with a short walk. Go a bit further each week. "
    "Stop if the pain gets much worse. Most backs get better in a few weeks.\n\n"
    "Try [the test walk](exercise:test-walk) today. See [the other page](article:second)."
)
HARD_BODY = (
    "Epidemiological investigations demonstrate considerable heterogeneity regarding "
    "musculoskeletal rehabilitation interventions, notwithstanding methodological "
    "limitations characterising observational pharmacoepidemiological evaluations "
    "conducted internationally across multidisciplinary institutional collaborations."
)
MIDDLE_BODY = (
    "Regular walking supports recovery for many people with back problems. Choose a "
    "comfortable route and increase the distance gradually each week. Keeping going matters "
    "more than speed."
)


def article(ident: str, body: str = EASY_BODY, **front: Any) -> str:
    meta: dict[str, Any] = {
        "id": ident,
        "title": f"Article {ident}",
        "summary": "A page used only by the tests of the linter.",
        "tags": ["walking"],
        "references": ["walkback-2024"],
        "reviewed": "2026-01-01",
        "exercises": [],
        "related": [],
    }
    meta.update(front)
    return f"---\n{yaml.safe_dump(meta)}---\n{body}\n"


def tree(
    tmp_path: Path,
    exercises: list[dict[str, Any]] | None = None,
    articles: dict[str, str] | None = None,
) -> tuple[Path, Path]:
    ex_dir = tmp_path / "exercises"
    art_dir = tmp_path / "articles"
    ex_dir.mkdir()
    art_dir.mkdir()
    for data in [exercise("test-walk")] if exercises is None else exercises:
        (ex_dir / f"{data['id']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    if articles is None:
        articles = {"first": article("first"), "second": article("second")}
    for ident, text in articles.items():
        (art_dir / f"{ident}.md").write_text(text, encoding="utf-8")
    return ex_dir, art_dir


def fields(report: LintReport) -> list[tuple[str, str]]:
    return sorted((Path(p.path).name, p.field) for p in report.problems)


def test_clean_content_passes(tmp_path: Path) -> None:
    report = lint(*tree(tmp_path))
    assert report.problems == []
    assert report.ok
    assert set(report.reading_ease) == {"first", "second"}
    assert all(ease >= READING_EASE_WARN for ease in report.reading_ease.values())


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    exercises = [
        exercise("test-walk"),
        exercise("bad-one", category="yoga", cautions=[]),
        exercise("bad-two", harder="nowhere", references=["made-up-2099"]),
    ]
    report = lint(*tree(tmp_path, exercises=exercises))
    assert fields(report) == [
        ("bad-one.yaml", "category"),
        ("bad-one.yaml", "cautions"),
        ("bad-two.yaml", "harder"),
        ("bad-two.yaml", "references"),
    ]
    assert not report.ok


def test_a_forbidden_claim_in_an_exercise_names_the_field(tmp_path: Path) -> None:
    exercises = [exercise("test-walk", steps=["Stand up.", "Bed rest helps.", "Come back."])]
    report = lint(*tree(tmp_path, exercises=exercises))
    assert fields(report) == [("test-walk.yaml", "steps[1]")]
    assert "bed-rest-helps" in report.problems[0].message


def test_broken_article_links_and_references_are_problems(tmp_path: Path) -> None:
    articles = {
        "first": article(
            "first",
            EASY_BODY + "\n\nAlso [this](exercise:ghost-move).",
            references=["walkback-2024", "made-up-2099"],
            exercises=["other-ghost"],
            related=["missing-page"],
        ),
        "second": article("second"),
    }
    report = lint(*tree(tmp_path, articles=articles))
    assert fields(report) == [
        ("first.md", "exercises"),
        ("first.md", "exercises"),
        ("first.md", "references"),
        ("first.md", "related"),
    ]
    messages = " ".join(p.message for p in report.problems)
    for name in ("ghost-move", "other-ghost", "made-up-2099", "missing-page"):
        assert name in messages


def test_a_forbidden_claim_in_an_article_fails_but_its_negation_passes(tmp_path: Path) -> None:
    wrong = EASY_BODY + "\n\nOver-the-counter muscle relaxers such as ibuprofen help."
    right = EASY_BODY + "\n\nIbuprofen and acetaminophen are not muscle relaxants."
    report = lint(
        *tree(
            tmp_path,
            articles={"first": article("first", wrong), "second": article("second", right)},
        )
    )
    assert fields(report) == [("first.md", "body")]


def test_a_hard_to_read_article_fails_and_a_fairly_hard_one_warns(tmp_path: Path) -> None:
    articles = {
        "first": article("first", HARD_BODY),
        "second": article("second", MIDDLE_BODY),
    }
    report = lint(*tree(tmp_path, articles=articles))
    assert report.reading_ease["first"] < READING_EASE_FAIL
    assert READING_EASE_FAIL <= report.reading_ease["second"] < READING_EASE_WARN
    assert fields(report) == [("first.md", "body")]
    assert [(Path(w.path).name, w.field) for w in report.warnings] == [("second.md", "body")]
    assert report.reading_ease["first"] < report.reading_ease["second"]


def test_a_malformed_article_is_a_problem_naming_its_file(tmp_path: Path) -> None:
    articles = {"first": article("first", tags=[]), "second": article("second")}
    report = lint(*tree(tmp_path, articles=articles))
    assert [(Path(p.path).name, p.field) for p in report.problems] == [("first.md", "tags")]


def test_an_empty_exercise_folder_is_a_problem(tmp_path: Path) -> None:
    articles = {"first": article("first", "Walk every day. Go a bit further each week.")}
    report = lint(*tree(tmp_path, exercises=[], articles=articles))
    assert [p.field for p in report.problems] == ["(folder)"]


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


def test_illustrations_are_checked_when_a_renderer_is_given(tmp_path: Path) -> None:
    exercises = [
        exercise("test-walk"),
        exercise("no-pose"),
        exercise("bad-draw"),
        exercise("not-svg"),
    ]
    ex_dir, art_dir = tree(tmp_path, exercises=exercises)
    poses = tmp_path / "poses"
    poses.mkdir()
    for ident in ("test-walk", "bad-draw", "not-svg", "orphan"):
        (poses / f"{ident}.yaml").write_text("id: x\n", encoding="utf-8")

    def render(ident: str) -> str:
        if ident == "bad-draw":
            raise ValueError("joint 'knee' is missing")
        return "<html></html>" if ident == "not-svg" else SVG

    report = lint(ex_dir, art_dir, poses_dir=poses, render=render)
    found = {(Path(p.path).name, p.message.split(":")[0]) for p in report.problems}
    assert found == {
        ("no-pose.yaml", "no pose file no-pose.yaml in poses/"),
        ("bad-draw.yaml", "illustration fails"),
        ("not-svg.yaml", "illustration is not an SVG"),
        ("orphan.yaml", "no exercise called 'orphan' for this pose"),
    }
    assert "joint 'knee' is missing" in " ".join(p.message for p in report.problems)


def test_without_a_renderer_poses_are_not_checked(tmp_path: Path) -> None:
    report = lint(*tree(tmp_path), poses_dir=tmp_path / "nowhere")
    assert report.ok


def test_a_report_is_ok_with_only_warnings() -> None:
    report = LintReport(warnings=[Problem("a.md", "body", "reading ease 55.0 is under 60")])
    assert report.ok
    assert not LintReport(problems=[Problem("a.md", "body", "x")]).ok


# --- the shipped content ---------------------------------------------------------------------


def test_the_shipped_exercises_have_no_problems() -> None:
    report = lint()
    exercise_problems = [p for p in report.problems if Path(p.path).parent == EXERCISES_DIR]
    assert exercise_problems == []
