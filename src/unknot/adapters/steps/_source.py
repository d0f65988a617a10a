"""Byte streams that report how far they have been read, for progress on long files."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(bytes_read, total_bytes)`` while a file is read."""

READ_CHUNK = 1 << 16
"""Bytes asked of the underlying file at a time."""


class Progress:
    """Counts bytes read across one or more files and tells ``callback`` as it goes."""

    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.done = 0
        self._callback = callback

    def advance(self, count: int) -> None:
        self.done += count
        if self._callback is not None:
            self._callback(self.done, max(self.total, self.done))

    def finish(self) -> None:
        """Report the end: bytes read equal the total."""
        if self._callback is not None:
            self._callback(self.done, self.done)


class _CountingRaw(io.RawIOBase):
    """A raw stream over ``inner`` that adds every byte read to ``progress``."""

    def __init__(self, inner: IO[bytes], progress: Progress) -> None:
        self._inner = inner
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        if count:
            self._progress.advance(count)
        return count


def counting(inner: IO[bytes], progress: Progress) -> io.BufferedReader:
    """A buffered binary stream reading ``inner`` and reporting to ``progress``."""
    return io.BufferedReader(_CountingRaw(inner, progress), buffer_size=READ_CHUNK)


def text(binary: io.BufferedReader) -> io.TextIOWrapper:
    """UTF-8 text (a leading byte-order mark removed) with newlines left for :mod:`csv`."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
