"""Docs that are tested: every command has help and is documented; the clinical rules page is
generated from the rule registry and up to date."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from unknot.cli.app import app
from unknot.domain.triage.reference import rules_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"
runner = CliRunner()


def command_names() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def documented() -> set[str]:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    return set(re.findall(r"^#{2,3} unknot ([a-z-]+)", text, flags=re.M))


def test_every_command_is_documented_in_cli_md() -> None:
    missing = set(command_names()) - documented()
    assert not missing, f"commands missing from docs/cli.md: {sorted(missing)}"


def test_cli_md_documents_no_command_that_does_not_exist() -> None:
    extra = documented() - set(command_names())
    assert not extra, f"docs/cli.md documents unknown commands: {sorted(extra)}"


def test_every_command_has_help() -> None:
    group = typer.main.get_group(app)
    for name in command_names():
        command = group.commands[name]
        assert (command.help or "").strip(), f"{name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output


def test_clinical_rules_doc_is_generated_from_the_rules() -> None:
    committed = (DOCS / "clinical-rules.md").read_text(encoding="utf-8")
    assert committed.strip() == rules_markdown().strip(), (
        "docs/clinical-rules.md is stale: run "
        "`python -m unknot.domain.triage.reference > docs/clinical-rules.md`"
    )
