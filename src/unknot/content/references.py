"""The one bibliography: ``references.yaml`` beside this module.

Exercises, articles and rules cite entries by ``id``; the content linter checks that every id
they name exists here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from unknot.domain.validation import field_path
from unknot.errors import ContentError, NotFound

REFERENCES_FILE = Path(__file__).parent / "references.yaml"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Stable ids: lower-case words joined by hyphens, e.g. ``nice-ng59``."""


class Reference(BaseModel):
    """One source: a guideline, review, trial, label or practitioner text."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN)
    kind: str = Field(min_length=2)
    title: str = Field(min_length=3)
    authors: str = Field(min_length=2)
    year: int = Field(ge=1900, le=2100)
    url: str = Field(pattern=r"^https?://\S+$")
    journal: str | None = None
    note: str | None = None


def parse_references(data: Any, source: str = "references.yaml") -> dict[str, Reference]:
    """Validate the parsed YAML of a bibliography: a list of entries with unique ids."""
    if not isinstance(data, list):
        raise ContentError(f"{source}: the file must be a list of references")
    found: dict[str, Reference] = {}
    for index, entry in enumerate(data):
        label = entry.get("id", f"entry {index}") if isinstance(entry, dict) else f"entry {index}"
        try:
            ref = Reference.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = field_path(tuple(first["loc"])) or "(entry)"
            raise ContentError(f"{source}: {label}: {where}: {first['msg']}") from None
        if ref.id in found:
            raise ContentError(f"{source}: {ref.id}: id: duplicate id {ref.id!r}")
        found[ref.id] = ref
    return found


def load_references(path: Path | None = None) -> dict[str, Reference]:
    """Every reference by id. ContentError on a malformed entry or a duplicate id."""
    if path is None:
        return dict(_default_references())
    return _read(path)


@functools.cache
def _default_references() -> Mapping[str, Reference]:
    return _read(REFERENCES_FILE)


def _read(path: Path) -> dict[str, Reference]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(f"{path.name}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_references(data, path.name)


def get_reference(ref_id: str) -> Reference:
    """The reference called ``ref_id``; NotFound naming the known ids otherwise."""
    refs = load_references()
    try:
        return refs[ref_id]
    except KeyError:
        raise NotFound("reference", ref_id, list(refs)) from None


def format_reference(ref: Reference) -> str:
    """A one-line citation: ``Authors (year). Title. Journal. URL``. The curator's ``note`` is
    left out: it explains why a source is cited, it is not part of the citation."""
    title = ref.title.rstrip(".")
    parts = [f"{ref.authors} ({ref.year}). {title}."]
    if ref.journal:
        parts.append(f"{ref.journal.rstrip('.')}.")
    parts.append(ref.url)
    return " ".join(parts)
