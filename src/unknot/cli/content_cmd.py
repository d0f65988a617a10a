"""Content commands: ``unknot exercises``, ``exercise``, ``learn`` and ``lint-content``."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.markdown import Markdown
from rich.table import Table

from unknot.cli._io import JsonOption, fail_invalid, print_json, stderr, stdout
from unknot.content import articles as articles_module
from unknot.content.articles import Article
from unknot.content.exercises import (
    Category,
    Exercise,
    Phase,
    Position,
    filter_exercises,
    load_exercises,
)
from unknot.content.lint import LintReport, Problem, lint
from unknot.content.references import format_reference, load_references
from unknot.errors import InvalidInput, UnknotError
from unknot.illustration import animated_svg

EXIT_LINT_FAILED = 1
"""``unknot lint-content`` exits 1 when the content has problems."""

EXIT_NO_ILLUSTRATION = 1
"""``unknot exercise ID --svg FILE`` exits 1 when the exercise has no illustration yet."""

CONTENT_ROOT = Path(articles_module.__file__).parent

_EXERCISE_LINK = re.compile(r"\[([^\]]*)\]\(exercise:([^)\s]*)\)")
_ARTICLE_LINK = re.compile(r"\[([^\]]*)\]\(article:([^)\s]*)\)")


# --- shared helpers --------------------------------------------------------------------------


def illustration(exercise_id: str) -> str | None:
    """The exercise's animated SVG, or None while it has no pose file (the linter reports
    that as a problem)."""
    try:
        return animated_svg(exercise_id)
    except UnknotError:
        return None


def _citations(ids: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    refs = load_references()
    return [
        {"id": ident, "citation": format_reference(refs[ident]) if ident in refs else ident}
        for ident in ids
    ]


def _unknown(kind: str, ident: str, known: list[str], as_json: bool) -> NoReturn:
    """Exit 3 naming the field (``exercise`` or ``article``) and the closest known ids."""
    close = difflib.get_close_matches(ident, known, n=3, cutoff=0.5)
    listing = "unknot exercises" if kind == "exercise" else "unknot learn"
    hint = f" Did you mean: {', '.join(close)}?" if close else f" See `{listing}`."
    fail_invalid(InvalidInput(kind, f"no {kind} called {ident!r}.{hint}"), as_json)


def exercise_json(ex: Exercise) -> dict[str, Any]:
    """One exercise as the JSON other programs read (see ``unknot exercises --json``)."""
    data = ex.model_dump(mode="json")
    data["dose"] = ex.dosage.in_words()
    data["references"] = _citations(ex.references)
    data["illustration"] = illustration(ex.id)
    return data


def article_json(article: Article) -> dict[str, Any]:
    """One article as the JSON other programs read (see ``unknot learn --json``)."""
    data = article.model_dump(mode="json")
    data["references"] = _citations(article.references)
    data["reading_ease"] = round(articles_module.reading_ease(article), 1)
    return data


# --- unknot exercises / exercise -------------------------------------------------------------


def exercises_command(
    as_json: bool = JsonOption,
    category: Category | None = typer.Option(
        None, "--category", help="Only this category.", case_sensitive=False
    ),
    position: Position | None = typer.Option(
        None,
        "--position",
        help="Only exercises done in this position (those for any position are kept).",
        case_sensitive=False,
    ),
    phase: Phase | None = typer.Option(
        None, "--phase", help="Only exercises suited to this phase.", case_sensitive=False
    ),
) -> None:
    """List the exercise library: id, name, category, position, phases and default dose."""
    chosen = filter_exercises(load_exercises(), category=category, position=position, phase=phase)
    if as_json:
        print_json([exercise_json(ex) for ex in chosen])
        return
    table = Table(title=f"Exercises ({len(chosen)})")
    table.add_column("id", no_wrap=True)
    for column in ("name", "category", "position", "phases", "default dose"):
        table.add_column(column, overflow="fold")
    for ex in chosen:
        table.add_row(
            ex.id,
            ex.name,
            ex.category,
            ex.position,
            ", ".join(ex.phases),
            ex.dosage.in_words(),
        )
    stdout().print(table)


def exercise_command(
    exercise_id: str = typer.Argument(..., metavar="ID", help="The exercise id, e.g. bird-dog."),
    as_json: bool = JsonOption,
    svg: Path | None = typer.Option(
        None, "--svg", metavar="FILE", help="Write the animated illustration (SVG) to FILE."
    ),
) -> None:
    """Show one exercise: how to do it, the dose in words, mistakes, cautions and sources."""
    by_id = {ex.id: ex for ex in load_exercises()}
    ex = by_id.get(exercise_id)
    if ex is None:
        _unknown("exercise", exercise_id, list(by_id), as_json)
    if svg is not None:
        drawing = illustration(ex.id)
        if drawing is None:
            stderr().print(f"[red]There is no illustration for {ex.id} yet.[/]")
            raise typer.Exit(EXIT_NO_ILLUSTRATION)
        svg.write_text(drawing, encoding="utf-8")
    if as_json:
        print_json(exercise_json(ex))
        return
    _print_exercise(ex)
    if svg is not None:
        stdout().print(f"\nIllustration written to {svg}")


def _print_exercise(ex: Exercise) -> None:
    out = stdout()
    out.print(f"[bold]{ex.name}[/]  ({ex.id})")
    out.print(ex.summary)
    out.print(
        f"\n[bold]Type:[/] {ex.category}   [bold]Position:[/] {ex.position}   "
        f"[bold]Phases:[/] {', '.join(ex.phases)}"
    )
    if ex.equipment:
        out.print(f"[bold]You need:[/] {', '.join(ex.equipment)}")
    out.print(f"[bold]Dose:[/] {ex.dosage.in_words()}")
    out.print("\n[bold]How to do it[/]")
    for number, step in enumerate(ex.steps, start=1):
        out.print(f"  {number}. {step}")
    out.print("\n[bold]Common mistakes[/]")
    for mistake in ex.mistakes:
        out.print(f"  - {mistake}")
    out.print("\n[bold yellow]When not to do it, and when to stop[/]")
    for caution in ex.cautions:
        out.print(f"  ! {caution}")
    if ex.easier or ex.harder:
        out.print()
        if ex.easier:
            out.print(f"Easier: unknot exercise {ex.easier}")
        if ex.harder:
            out.print(f"Harder: unknot exercise {ex.harder}")
    _print_references(ex.references)


def _print_references(ids: list[str] | tuple[str, ...]) -> None:
    out = stdout()
    out.print("\n[bold]References[/]")
    for number, ref in enumerate(_citations(ids), start=1):
        out.print(f"  [{number}] {ref['citation']}", markup=False)


# --- unknot learn ----------------------------------------------------------------------------


def _matches(article: Article, words: list[str]) -> bool:
    text = " ".join([article.title, article.summary, " ".join(article.tags), article.body])
    text = text.lower()
    return all(word in text for word in words)


def readable_links(markdown: str) -> str:
    """Replace ``exercise:``/``article:`` links with hints to the commands that show them."""
    markdown = _EXERCISE_LINK.sub(r"\1 (see `unknot exercise \2`)", markdown)
    return _ARTICLE_LINK.sub(r"\1 (see `unknot learn \2`)", markdown)


def learn_command(
    article_id: str | None = typer.Argument(
        None, metavar="[ID]", help="An article id to read; leave out to list the articles."
    ),
    as_json: bool = JsonOption,
    tag: str | None = typer.Option(None, "--tag", help="Only articles with this tag."),
    search: str | None = typer.Option(
        None, "--search", metavar="WORDS", help="Only articles that contain all these words."
    ),
) -> None:
    """Read short articles about back pain, or list them (filter with --tag and --search)."""
    articles = articles_module.load_articles()
    if article_id is not None:
        by_id = {article.id: article for article in articles}
        article = by_id.get(article_id)
        if article is None:
            _unknown("article", article_id, list(by_id), as_json)
        if as_json:
            print_json(article_json(article))
        else:
            _print_article(article)
        return
    chosen = [a for a in articles if tag is None or tag.lower() in (t.lower() for t in a.tags)]
    if search:
        words = search.lower().split()
        chosen = [a for a in chosen if _matches(a, words)]
    if as_json:
        print_json([article_json(article) for article in chosen])
        return
    table = Table(title=f"Articles ({len(chosen)}): read one with `unknot learn ID`")
    table.add_column("id", no_wrap=True)
    for column in ("title", "summary"):
        table.add_column(column, overflow="fold")
    for article in chosen:
        table.add_row(article.id, article.title, article.summary)
    stdout().print(table)


def _print_article(article: Article) -> None:
    out = stdout()
    out.print(Markdown(f"# {article.title}\n\n*{article.summary}*"))
    out.print(Markdown(readable_links(article.body)))
    _print_references(article.references)
    out.print(f"\nReviewed {article.reviewed.isoformat()}.")


# --- unknot lint-content ---------------------------------------------------------------------


def _shown(path: str) -> str:
    try:
        return str(Path(path).relative_to(CONTENT_ROOT))
    except ValueError:
        return path


def _problem_table(title: str, problems: list[Problem], style: str) -> Table:
    table = Table(title=title, title_style=style)
    for column in ("file", "field", "message"):
        table.add_column(column, overflow="fold")
    for problem in problems:
        table.add_row(_shown(problem.path), problem.field, problem.message)
    return table


def print_lint_report(report: LintReport) -> None:
    out = stdout()
    ease = Table(title="Reading ease (Flesch): under 50 fails, under 60 warns")
    for column in ("article", "score"):
        ease.add_column(column)
    for ident, score in sorted(report.reading_ease.items()):
        colour = "red" if score < 50 else "yellow" if score < 60 else "green"
        ease.add_row(ident, f"[{colour}]{score:.1f}[/]")
    out.print(ease)
    if report.warnings:
        out.print(_problem_table(f"Warnings ({len(report.warnings)})", report.warnings, "yellow"))
    if report.problems:
        out.print(_problem_table(f"Problems ({len(report.problems)})", report.problems, "red"))
    else:
        out.print("[green]Content OK: no problems.[/]")


def lint_content_command(
    exercises_dir: Path | None = typer.Option(
        None, "--exercises-dir", help="Check this folder of exercises instead of the library's."
    ),
    articles_dir: Path | None = typer.Option(
        None, "--articles-dir", help="Check this folder of articles instead of the library's."
    ),
) -> None:
    """Check all content: schemas, links, references, illustrations, reading ease, and claims
    that must never appear. Exits 1 when there are problems."""
    report = lint(exercises_dir, articles_dir, render=animated_svg)
    print_lint_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_LINT_FAILED)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("exercises")(exercises_command)
    app.command("exercise")(exercise_command)
    app.command("learn")(learn_command)
    app.command("lint-content")(lint_content_command)
