"""Searching the article library: every word of the query must appear (as the start of a word)
in the title, tags, summary or body; matches in the title count most.

Pure: articles and a query in, a ranked list out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

from unknot.content.articles import Article, plain_text

WEIGHTS: Final = {"title": 5, "tags": 3, "summary": 2, "body": 1}
"""How much a word found in each part of an article counts toward its rank."""

MAX_TERMS: Final = 12
"""Longer queries are cut: no one types more, and each term costs a pass over the text."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def terms(query: str) -> list[str]:
    """The distinct lower-case words of ``query``, in order."""
    found = [word.lower() for word in _WORD.findall(query)]
    return list(dict.fromkeys(found))[:MAX_TERMS]


@functools.lru_cache(maxsize=256)
def _searchable(title: str, tags: tuple[str, ...], summary: str, body: str) -> dict[str, str]:
    return {
        "title": title.lower(),
        "tags": " ".join(tag.replace("-", " ") for tag in tags).lower(),
        "summary": summary.lower(),
        "body": plain_text(body).lower(),
    }


def _fields(article: Article) -> dict[str, str]:
    return _searchable(article.title, tuple(article.tags), article.summary, article.body)


def _score(article: Article, words: list[str]) -> int:
    fields = _fields(article)
    total = 0
    for word in words:
        pattern = re.compile(rf"(?<![^\W_]){re.escape(word)}")
        found = [WEIGHTS[name] for name, text in fields.items() if pattern.search(text)]
        if not found:
            return 0
        total += sum(found)
    return total


def search_articles(articles: Iterable[Article], query: str) -> list[Article]:
    """The articles matching every word of ``query``, best first (ties by title).

    An empty query matches everything, in title order.
    """
    words = terms(query)
    pool = list(articles)
    if not words:
        return sorted(pool, key=lambda article: article.title.lower())
    scored = [(_score(article, words), article) for article in pool]
    ranked = [(score, article) for score, article in scored if score > 0]
    ranked.sort(key=lambda pair: (-pair[0], pair[1].title.lower()))
    return [article for _, article in ranked]
