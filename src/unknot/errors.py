"""The one exception tree of unknot.

UnknotError
├── InvalidInput        input that breaks a rule; names the field and what is allowed
│   └── TooLittleData   valid items, but not enough of them to score
├── ContentError        a content file (exercise, article, pose) is malformed
└── NotFound            an id that names nothing
"""

from __future__ import annotations


class UnknotError(Exception):
    """Base class of every error unknot raises on purpose."""


class InvalidInput(UnknotError):
    """Input that breaks a rule. ``field`` is a dotted path such as ``pain.now``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class TooLittleData(InvalidInput):
    """The answers are valid but too few to give a score."""


class ContentError(UnknotError):
    """A content file is malformed; the message names the file and the field."""


class NotFound(UnknotError):
    """An id that names no exercise, article, instrument or record."""

    def __init__(self, kind: str, ident: str, known: list[str] | None = None) -> None:
        hint = ""
        if known:
            hint = f" Known: {', '.join(sorted(known)[:12])}" + (" ..." if len(known) > 12 else "")
        super().__init__(f"no {kind} called {ident!r}.{hint}")
        self.kind = kind
        self.ident = ident
