"""Articles as HTML, the library search, signed drafts and the server secret."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.content.articles import load_articles
from unknot.errors import InvalidInput
from unknot.settings import load_settings
from unknot.web.keys import SECRET_FILE_NAME, load_or_create_secret
from unknot.web.markdown import render_markdown
from unknot.web.search import search_articles, terms
from unknot.web.signing import sign, unsign

# --- Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[Cat-cow](exercise:cat-cow)", '<a href="/exercises/cat-cow">Cat-cow</a>'),
        ("[Heat](article:heat-or-ice)", '<a href="/learn/heat-or-ice">Heat</a>'),
        (
            "[NHS](https://www.nhs.uk/)",
            '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>',
        ),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
    ],
)
def test_markdown_becomes_safe_html_with_site_links(markdown: str, expected: str) -> None:
    assert expected in render_markdown(markdown)


@pytest.mark.parametrize(("offset", "tag"), [(0, "h2"), (1, "h3"), (5, "h6")])
def test_headings_can_be_pushed_down(offset: int, tag: str) -> None:
    html = render_markdown("## Step 1", heading_offset=offset)
    assert html == f"<{tag}>Step 1</{tag}>\n"


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Heat, or ICE?", ["heat", "or", "ice"]),
        ("walk walk", ["walk"]),
        ("don't", ["don't"]),
        ("   ", []),
    ],
)
def test_a_query_is_split_into_distinct_lower_case_words(query: str, expected: list[str]) -> None:
    assert terms(query) == expected


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("heat", "heat-or-ice"),
        ("spasm first aid", "spasm-first-aid"),
        ("walking", "walking"),
        ("ibuprofen", "medicines"),
        ("SLEEP Positions", "sleep-positions"),
    ],
)
def test_the_best_match_comes_first(query: str, first: str) -> None:
    assert search_articles(load_articles(), query)[0].id == first


def test_every_word_must_match() -> None:
    articles = load_articles()
    both = {a.id for a in search_articles(articles, "heat xylophone")}
    assert both == set()


def test_words_match_at_the_start_of_a_word_only() -> None:
    articles = load_articles()
    assert search_articles(articles, "stretch")
    assert not search_articles(articles, "tretch")


def test_an_empty_query_lists_every_article_by_title() -> None:
    articles = load_articles()
    found = search_articles(articles, "")
    assert [a.title.lower() for a in found] == sorted(a.title.lower() for a in articles)


# --- signed values ----------------------------------------------------------------------------

SECRET = b"k" * 32
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_a_signed_value_comes_back_unchanged(value: object) -> None:
    assert unsign(SECRET, "test", sign(SECRET, "test", value)) == value


@given(json_values, st.integers(min_value=0, max_value=200))
def test_any_changed_character_is_refused(value: object, position: int) -> None:
    token = sign(SECRET, "test", value)
    index = position % len(token)
    changed = token[:index] + ("A" if token[index] != "A" else "B") + token[index + 1 :]
    with pytest.raises(InvalidInput):
        unsign(SECRET, "test", changed)


def test_a_value_signed_for_one_purpose_is_refused_for_another() -> None:
    with pytest.raises(InvalidInput, match="changed"):
        unsign(SECRET, "assessment", sign(SECRET, "spasm-check", {"age": 40}))


def test_a_value_signed_with_another_secret_is_refused() -> None:
    with pytest.raises(InvalidInput):
        unsign(SECRET, "test", sign(b"x" * 32, "test", {"age": 40}))


# --- the secret key ---------------------------------------------------------------------------


def test_a_secret_is_made_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home", database_url=None)
    first = load_or_create_secret(settings)
    path = tmp_path / "home" / SECRET_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) == 64
    assert load_or_create_secret(settings) == first


def test_a_secret_file_too_short_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / SECRET_FILE_NAME).write_text("short\n", encoding="ascii")
    with pytest.raises(ValueError, match="too short"):
        load_or_create_secret(load_settings(home=home, database_url=None))


MAKE_SECRET = """
import sys, time
from pathlib import Path
from unknot.settings import load_settings
from unknot.web.keys import load_or_create_secret
start = float(sys.argv[2])
while time.time() < start:
    pass
for home in sorted(Path(sys.argv[1]).iterdir()):
    print(load_or_create_secret(load_settings(home=home, database_url=None)).decode())
"""


def test_processes_starting_at_once_on_a_new_home_all_get_the_same_secret(
    tmp_path: Path,
) -> None:
    """The workers of one server start together: none may read the key half written."""
    homes = 40
    for n in range(homes):
        (tmp_path / f"home-{n:02}").mkdir()
    start = time.time() + 2
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", MAKE_SECRET, str(tmp_path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    answers = [worker.communicate(timeout=60) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * 4, [err for _, err in answers]
    keys = [out.split() for out, _ in answers]
    assert all(len(found) == homes for found in keys)
    assert keys[0] == keys[1] == keys[2] == keys[3]
    for n in range(homes):
        made = (tmp_path / f"home-{n:02}" / SECRET_FILE_NAME).read_text(encoding="ascii").split()
        assert made == [keys[0][n]]
        assert os.listdir(tmp_path / f"home-{n:02}") == [SECRET_FILE_NAME]


def test_without_hard_links_the_secret_is_still_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    settings = load_settings(home=tmp_path / "home", database_url=None)
    first = load_or_create_secret(settings)
    assert len(first) == 64
    assert load_or_create_secret(settings) == first
    assert sorted(os.listdir(tmp_path / "home")) == [SECRET_FILE_NAME]
    assert stat.S_IMODE(os.stat(tmp_path / "home" / SECRET_FILE_NAME).st_mode) == 0o600
