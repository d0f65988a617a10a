"""The server's secret key: signs CSRF tokens and questionnaire drafts.

Taken from the settings when they name one (``secret_key``); otherwise generated once with
:mod:`secrets` and kept in ``<UNKNOT_HOME>/secret.key`` (mode 0600), so that every process
serving the same home shares it and tokens survive a restart.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Final

from unknot.settings import Settings

SECRET_FILE_NAME: Final = "secret.key"
"""The file under ``UNKNOT_HOME`` holding the generated key (hex)."""

SECRET_BYTES: Final = 32
"""256 bits of randomness, the size of the HMAC-SHA256 output."""

MIN_SECRET_CHARS: Final = 32
"""A configured key shorter than this is refused: it could be guessed."""


def _configured(settings: Settings) -> str | None:
    value = getattr(settings, "secret_key", None)
    if value is None:
        return None
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    return text.strip() or None


def load_or_create_secret(settings: Settings) -> bytes:
    """The configured secret, else the one kept under ``home`` (created on first use)."""
    configured = _configured(settings)
    if configured is not None:
        if len(configured) < MIN_SECRET_CHARS:
            raise ValueError(f"the secret key must be at least {MIN_SECRET_CHARS} characters")
        return configured.encode("utf-8")
    return _secret_file(settings.home / SECRET_FILE_NAME)


def _secret_file(path: Path) -> bytes:
    """The key in ``path``, made first if there is none. Several processes starting at once
    on a new home (the workers of one server) all end with the same key: the new key is
    written in full to a file of its own, then linked into place, which only one of them can
    do; the others read the file that won. None ever reads it half written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        made = _make_key_file(path, secrets.token_hex(SECRET_BYTES))
        if made is not None:
            return made
    text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_SECRET_CHARS:
        raise ValueError(f"{path.name} is too short; delete it to make a new one")
    return text.encode("ascii")


def _make_key_file(path: Path, value: str) -> bytes | None:
    """Keep ``value`` in ``path`` and return it, or ``None`` when another process made the
    file first (then read theirs)."""
    fd, draft = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        _write_key(fd, value)
        os.link(draft, path)
    except FileExistsError:
        return None
    except OSError:  # a file system without hard links: create it in place instead
        return _create_in_place(path, value)
    finally:
        os.unlink(draft)
    return value.encode("ascii")


def _create_in_place(path: Path, value: str) -> bytes | None:
    """:func:`_make_key_file` where hard links cannot be made: the file is created exclusively,
    then written (a process starting at that very moment could read it empty, and stops with
    an error)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    _write_key(fd, value)
    return value.encode("ascii")


def _write_key(fd: int, value: str) -> None:
    """Write the key to the open file ``fd`` and put it on disk; closes ``fd``."""
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
        handle.flush()
        os.fsync(handle.fileno())
