"""The benchmarks' page of results, ``docs/performance.md``: each benchmark owns the text between
its two markers (``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``) and rewrites only that, so
the prose around the sections and the other benchmarks' results are left alone."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"


def write_section(name: str, title: str, body: str) -> Path:
    """Put ``body`` between benchmark ``name``'s markers, adding the section (headed ``title``)
    or the file when missing; returns the file written."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{body}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        _old, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip("\n") + f"\n\n{title}\n\n{block}\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return DOC
