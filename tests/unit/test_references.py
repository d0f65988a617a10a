"""The bibliography: loading, unique ids and one-line citations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from unknot.content.references import (
    Reference,
    format_reference,
    get_reference,
    load_references,
    parse_references,
)
from unknot.errors import ContentError, NotFound


def entry(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "smith-2020",
        "kind": "trial",
        "title": "A trial of walking",
        "authors": "Smith A, Jones B",
        "year": 2020,
        "url": "https://doi.org/10.0000/example",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_shipped_bibliography_loads_with_the_clinical_sources() -> None:
    refs = load_references()
    for ident in ("nice-ng59", "acp-2017", "owen-2020", "mcgill-big3", "walkback-2024"):
        assert refs[ident].id == ident


def test_every_shipped_reference_has_a_web_address() -> None:
    for ref in load_references().values():
        assert ref.url.startswith(("https://", "http://")), ref.id


def test_duplicate_ids_are_a_content_error() -> None:
    with pytest.raises(ContentError, match="duplicate id 'smith-2020'"):
        parse_references([entry(), entry(title="Another")])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": "soon"}, "year"),
        ({"url": "doi:10.1/x"}, "url"),
        ({"id": "Smith 2020"}, "id"),
        ({"title": None}, "title"),
        ({"pages": "1-2"}, "pages"),
    ],
)
def test_a_malformed_entry_names_the_entry_and_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ContentError) as info:
        parse_references([entry(**changes)], "refs.yaml")
    assert str(info.value).startswith("refs.yaml: ")
    assert f": {field}: " in str(info.value)


def test_a_file_that_is_not_a_list_is_a_content_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(yaml.safe_dump({"id": "x"}), encoding="utf-8")
    with pytest.raises(ContentError, match="must be a list"):
        load_references(path)


def test_a_file_is_read_from_a_given_path(tmp_path: Path) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(yaml.safe_dump([entry(), entry(id="lee-2021")]), encoding="utf-8")
    assert sorted(load_references(path)) == ["lee-2021", "smith-2020"]


@pytest.mark.parametrize(
    ("changes", "citation"),
    [
        ({}, "Smith A, Jones B (2020). A trial of walking. https://doi.org/10.0000/example"),
        (
            {"journal": "Spine 1(2):3-4", "title": "A trial of walking."},
            "Smith A, Jones B (2020). A trial of walking. Spine 1(2):3-4. "
            "https://doi.org/10.0000/example",
        ),
        (
            {"note": "why we cite it"},
            "Smith A, Jones B (2020). A trial of walking. https://doi.org/10.0000/example",
        ),
    ],
)
def test_a_citation_is_one_line(changes: dict[str, Any], citation: str) -> None:
    text = format_reference(Reference.model_validate(entry(**changes)))
    assert text == citation
    assert "\n" not in text


def test_an_unknown_reference_is_not_found() -> None:
    with pytest.raises(NotFound, match="owen-2021"):
        get_reference("owen-2021")
    assert get_reference("owen-2020").year == 2020
