"""Education articles: Markdown files with YAML front matter, validated when loaded.

Each article lives in ``articles/ID.md`` next to this module. The front matter holds the
fields of :class:`Article` except ``body``; the rest of the file is the body. Articles link
exercises inline as ``[text](exercise:ID)`` and other articles as ``[text](article:ID)``.

Nothing is read at import time: :func:`load_articles` reads the files on first use and caches
the result for the package's own directory.
"""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path
from typing import Any

import frontmatter
import pyphen  # type: ignore[import-untyped]
import textstat
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from unknot.domain.validation import field_path
from unknot.errors import ContentError, NotFound

ARTICLES_DIR_NAME = "articles"
"""The folder, next to this module, that holds the article files."""

KEBAB_CASE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Ids of articles, exercises and tags: lower-case words joined by hyphens."""

EXERCISE_LINK = re.compile(r"\[[^\]]*\]\(exercise:([^)\s]*)\)")
"""An inline exercise link, ``[text](exercise:ID)``; group 1 is the id."""

ARTICLE_LINK = re.compile(r"\[[^\]]*\]\(article:([^)\s]*)\)")
"""An inline article link, ``[text](article:ID)``; group 1 is the id."""

FLESCH_BASE = 206.835
"""Flesch (1948) reading ease: the constant term (textstat's English configuration)."""

FLESCH_SENTENCE_LENGTH = 1.015
"""Flesch (1948) reading ease: the weight of the average words per sentence."""

FLESCH_SYLLABLES_PER_WORD = 84.6
"""Flesch (1948) reading ease: the weight of the average syllables per word."""

SYLLABLE_LANGUAGE = "en_US"
"""The pyphen hyphenation dictionary used to count syllables."""


def _kebab(value: str, what: str) -> str:
    if not KEBAB_CASE.match(value):
        raise ValueError(f"{what} {value!r} must be kebab-case (lower-case words joined by '-')")
    return value


class Article(BaseModel):
    """One education article. ``body`` is the Markdown after the front matter."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    tags: list[str] = Field(min_length=1)
    references: list[str] = Field(min_length=1)
    reviewed: datetime.date
    exercises: list[str]
    related: list[str]
    body: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_is_kebab_case(cls, value: str) -> str:
        return _kebab(value, "id")

    @field_validator("tags", "exercises", "related")
    @classmethod
    def _ids_are_kebab_case(cls, values: list[str]) -> list[str]:
        for value in values:
            _kebab(value, "id")
        if len(set(values)) != len(values):
            raise ValueError("ids must not repeat")
        return values

    @field_validator("references")
    @classmethod
    def _references_do_not_repeat(cls, values: list[str]) -> list[str]:
        if any(not value for value in values):
            raise ValueError("a reference id must not be empty")
        if len(set(values)) != len(values):
            raise ValueError("reference ids must not repeat")
        return values


def default_directory() -> Path:
    """The package's own article folder."""
    return Path(__file__).parent / ARTICLES_DIR_NAME


def _read_article(path: Path) -> Article:
    """Parse and validate one file; every problem becomes a :class:`ContentError`."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path.name}: cannot read the file ({exc})") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: front matter is not valid YAML ({exc})") from None
    metadata: dict[str, Any] = dict(post.metadata)
    if not metadata:
        raise ContentError(f"{path.name}: no front matter (the file must start with '---')")
    if "body" in metadata:
        raise ContentError(f"{path.name}: body: not allowed in the front matter")
    try:
        article = Article.model_validate({**metadata, "body": post.content})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = field_path(tuple(first["loc"])) or "(front matter)"
        message = "this field is required" if first["type"] == "missing" else first["msg"]
        raise ContentError(f"{path.name}: {field}: {message}") from None
    if article.id != path.stem:
        raise ContentError(
            f"{path.name}: id: {article.id!r} must equal the file name {path.stem!r}"
        )
    return article


def _read_directory(directory: Path) -> tuple[Article, ...]:
    if not directory.is_dir():
        raise ContentError(f"{directory.name}: the article folder does not exist")
    articles = [_read_article(path) for path in sorted(directory.glob("*.md"))]
    return tuple(sorted(articles, key=lambda article: article.id))


@functools.cache
def _default_articles() -> tuple[Article, ...]:
    return _read_directory(default_directory())


def load_articles(directory: Path | None = None) -> list[Article]:
    """Every article, sorted by id. ``directory`` defaults to the package's own (cached).

    Raises :class:`ContentError` naming the file and the field on the first problem.
    """
    if directory is None:
        return list(_default_articles())
    return list(_read_directory(directory))


def get_article(article_id: str) -> Article:
    """The article called ``article_id``; :class:`NotFound` lists the known ids otherwise."""
    articles = load_articles()
    for article in articles:
        if article.id == article_id:
            return article
    raise NotFound("article", article_id, [article.id for article in articles])


_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$")
_AUTOLINK = re.compile(r"<(?:https?|mailto|exercise|article):[^>]*>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1")
_CODE = re.compile(r"`+([^`]*)`+")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\"”’)]*$")


def _plain_line(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REFERENCE_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub("", line)
    line = _HTML_TAG.sub("", line)
    line = _CODE.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    if "|" in line:
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line.strip()


def plain_text(markdown: str) -> str:
    """The text a reader reads: Markdown syntax, link targets and heading hashes removed.

    Headings, list items, table rows and paragraphs each end a sentence (a full stop is added
    where the line has no closing punctuation), as a reader takes them one at a time. Code
    fences are dropped with their content; the content of inline code is kept.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False

    def close_paragraph() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            in_fence = not in_fence
            close_paragraph()
            continue
        if in_fence or _LINK_DEFINITION.match(raw) or ("-" in raw and _TABLE_DIVIDER.match(raw)):
            continue
        if not raw.strip() or _RULE.match(raw) or _SETEXT_UNDERLINE.match(raw):
            close_paragraph()
            continue
        heading = _HEADING.match(raw)
        line = _QUOTE.sub("", raw)
        starts_block = heading is not None or bool(_LIST_MARKER.match(line)) or "|" in line
        if heading is not None:
            line = heading.group(1)
        else:
            line = _LIST_MARKER.sub("", line)
        text = _plain_line(line)
        if not text:
            continue
        if starts_block:
            close_paragraph()
            current.append(text)
            close_paragraph()
        else:
            current.append(text)
    close_paragraph()
    return "\n".join(p if _ENDS_SENTENCE.search(p) else f"{p}." for p in paragraphs)


@functools.cache
def _hyphenator() -> Any:
    return pyphen.Pyphen(lang=SYLLABLE_LANGUAGE)


_WORD = re.compile(r"[^\W_]+")


def syllable_count(text: str) -> int:
    """Syllables in ``text``: for each word, pyphen's hyphenation points plus one.

    This is textstat's own fallback (and its only method up to version 0.7.3); newer textstat
    looks words up in the CMU dictionary first, which it downloads at run time.
    """
    hyphenator = _hyphenator()
    return sum(len(hyphenator.positions(word.lower())) + 1 for word in _WORD.findall(text))


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease of plain ``text``: higher is easier; 60-70 is plain English.

    Sentences and words are counted by textstat (``sentence_count``, ``lexicon_count``) and
    syllables by :func:`syllable_count`, so that the score needs no download and is the same on
    every machine. Empty text scores 0.
    """
    words = int(textstat.lexicon_count(text))
    sentences = int(textstat.sentence_count(text))
    if words == 0 or sentences == 0:
        return 0.0
    return (
        FLESCH_BASE
        - FLESCH_SENTENCE_LENGTH * (words / sentences)
        - FLESCH_SYLLABLES_PER_WORD * (syllable_count(text) / words)
    )


def reading_ease(article: Article) -> float:
    """Flesch reading ease of the article's body as a reader sees it (:func:`plain_text`)."""
    return flesch_reading_ease(plain_text(article.body))


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def exercise_links(article: Article) -> list[str]:
    """Exercise ids linked inline as ``[text](exercise:ID)``, then those in ``exercises``.

    In order of first appearance, without repeats.
    """
    return _unique(EXERCISE_LINK.findall(article.body) + list(article.exercises))


def article_links(article: Article) -> list[str]:
    """Article ids linked inline as ``[text](article:ID)``, then those in ``related``.

    In order of first appearance, without repeats.
    """
    return _unique(ARTICLE_LINK.findall(article.body) + list(article.related))
