"""Articles' Markdown as HTML, with markdown-it-py (CommonMark plus tables; raw HTML off).

``[text](exercise:ID)`` links become ``/exercises/ID`` and ``[text](article:ID)`` links
``/learn/ID``; links to other sites get ``rel="noopener noreferrer"``. Headings can be pushed
down a level or more, for an article shown inside another page.
"""

from __future__ import annotations

import functools
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

LINK_PREFIXES: Final = {"exercise:": "/exercises/", "article:": "/learn/"}
"""Content link schemes and the site paths they become."""

MAX_HEADING: Final = 6


def _rewrite(state: StateCore) -> None:
    offset = int(state.env.get("heading_offset", 0))
    for token in state.tokens:
        if offset and token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + offset, MAX_HEADING)
            token.tag = f"h{level}"
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            for scheme, prefix in LINK_PREFIXES.items():
                if href.startswith(scheme):
                    child.attrSet("href", prefix + href[len(scheme) :])
            if href.startswith(("http://", "https://")):
                child.attrSet("rel", "noopener noreferrer")


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.core.ruler.push("unknot_links", _rewrite)
    return parser


def render_markdown(text: str, *, heading_offset: int = 0) -> str:
    """``text`` as safe HTML (raw HTML in the source is escaped, not passed through)."""
    html: str = _parser().render(text, {"heading_offset": heading_offset})
    return html
