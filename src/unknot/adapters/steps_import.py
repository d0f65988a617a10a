"""Import daily step counts from phones and watches: plain CSV, Apple Health, Google Fit.

unknot uses daily steps to dose walking and to show progress. This module is the public surface
of step import; the formats live in :mod:`unknot.adapters.steps`.

- :func:`detect_format` tells the format of a file or folder (extension, then content).
- :func:`read_steps` reads a whole file into one step count per day. It is all-or-nothing:
  the file is parsed to the end, and either the result is returned or
  :class:`~unknot.errors.InvalidInput` is raised naming the file and line of the first
  problem (field ``name:line``), with what is allowed. Nothing is ever half-imported.
- :func:`merge_days` merges imported days into the kept ones without double counting.

No database and no clock here: callers store the result.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from collections.abc import Callable, Generator
from contextlib import ExitStack, closing
from datetime import date
from pathlib import Path
from typing import IO, TextIO

from unknot.adapters.steps._source import Progress, counting, text
from unknot.adapters.steps.apple_health import ZIP_MEMBER, read_apple_health
from unknot.adapters.steps.google_fit import (
    find_fit_files,
    is_fit_header,
    per_day_date,
    read_fit_days,
    read_fit_summary,
)
from unknot.adapters.steps.model import (
    MAX_STEPS_PER_DAY,
    DaySteps,
    ImportResult,
    MergeOutcome,
    StepFormat,
    merge_days,
)
from unknot.adapters.steps.plain_csv import is_plain_header, read_plain_csv
from unknot.errors import InvalidInput

__all__ = [
    "MAX_STEPS_PER_DAY",
    "DaySteps",
    "ImportResult",
    "MergeOutcome",
    "StepFormat",
    "detect_format",
    "merge_days",
    "read_steps",
]

SNIFF_BYTES = 1 << 16
"""How much of a file :func:`detect_format` looks at."""

_ZIP_MAGIC = b"PK\x03\x04"


def detect_format(path: Path) -> StepFormat:
    """The format of ``path``: by extension first (``.zip``/``.xml`` are Apple Health), then by
    content (an XML document is Apple Health; a CSV header ``date,steps`` is plain CSV; a CSV
    with a ``Step count`` column, or a folder of Takeout files, is Google Fit).

    Raises :class:`InvalidInput` (field: the file name) when the format cannot be told, saying
    what was found.
    """
    name = path.name or str(path)
    if path.is_dir():
        summary, per_day = find_fit_files(path)
        if summary is None and not per_day:
            raise InvalidInput(
                name,
                "a folder is read only as Google Fit data from Google Takeout, and this one has "
                "no 'Daily activity metrics.csv' and no per-day 'YYYY-MM-DD.csv' files",
            )
        return StepFormat.GOOGLE_FIT
    head = _head(path)
    suffix = path.suffix.lower()
    if suffix == ".zip" or head.startswith(_ZIP_MAGIC) or zipfile.is_zipfile(path):
        _zip_member_or_error(path)
        return StepFormat.APPLE_HEALTH
    if suffix == ".xml" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return StepFormat.APPLE_HEALTH
    header = _first_csv_row(head)
    if header is not None:
        if is_plain_header(header):
            return StepFormat.CSV
        if is_fit_header(header):
            return StepFormat.GOOGLE_FIT
    found = ", ".join(repr(cell.strip()) for cell in header) if header else "(no header line)"
    raise InvalidInput(
        name,
        "cannot tell the format: expected a CSV with the header 'date,steps', a Google Fit "
        "CSV with a 'Step count' column, or an Apple Health export.xml or export.zip; "
        f"found columns: {found}",
    )


def read_steps(
    path: Path,
    fmt: StepFormat | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read every day's steps from ``path`` (format ``fmt``, or detected when None).

    ``progress(bytes_read, total_bytes)`` is called as the file is read (for a zip, bytes of
    the uncompressed export). The whole file is parsed before anything is returned; the first
    problem raises :class:`InvalidInput` with field ``"<file name>:<line>"`` and a message such
    as ``line 14: steps must be a whole number from 0 to 200000, got '12,5'``.
    """
    fmt = StepFormat(fmt) if fmt is not None else detect_format(path)
    name = path.name or str(path)
    try:
        if fmt is StepFormat.GOOGLE_FIT and path.is_dir():
            return _read_fit_folder(path, progress)
        if fmt is StepFormat.APPLE_HEALTH and _looks_like_zip(path):
            return _read_apple_zip(path, progress)
        with path.open("rb") as raw:
            tracker = Progress(path.stat().st_size, progress)
            result = _read_file(raw, path, fmt, tracker)
            tracker.finish()
            return result
    except FileNotFoundError:
        raise InvalidInput(name, f"no file called {name!r}") from None
    except IsADirectoryError:
        raise InvalidInput(name, f"{name!r} is a folder; the {fmt} format is a file") from None
    except PermissionError:
        raise InvalidInput(name, f"no permission to read {name!r}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            name, f"the file is not UTF-8 text (undecodable byte at offset {exc.start})"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InvalidInput(name, f"the zip file is damaged or incomplete ({exc})") from None


def _read_file(raw: IO[bytes], path: Path, fmt: StepFormat, tracker: Progress) -> ImportResult:
    stream = counting(raw, tracker)
    if fmt is StepFormat.APPLE_HEALTH:
        return read_apple_health(stream, path.name)
    if fmt is StepFormat.CSV:
        return read_plain_csv(text(stream), path.name)
    day = per_day_date(path)
    if day is not None:
        return read_fit_days([(day, text(stream), path.name)])
    return read_fit_summary(text(stream), path.name)


def _read_apple_zip(path: Path, progress: Callable[[int, int], None] | None) -> ImportResult:
    """Stream the export out of the zip, never extracting it to disk."""
    with zipfile.ZipFile(path) as archive:
        info = _zip_member_or_error(path, archive)
        tracker = Progress(info.file_size, progress)
        with archive.open(info) as member:
            result = read_apple_health(counting(member, tracker), path.name, ZIP_MEMBER)
        tracker.finish()
        return result


def _read_fit_folder(folder: Path, progress: Callable[[int, int], None] | None) -> ImportResult:
    summary, per_day = find_fit_files(folder)
    if summary is None and not per_day:
        detect_format(folder)  # raises the explanation
    files = [summary] if summary is not None else [file for _day, file in per_day]
    tracker = Progress(sum(file.stat().st_size for file in files), progress)
    if summary is not None:
        with summary.open("rb") as raw:
            result = read_fit_summary(text(counting(raw, tracker)), summary.name)
    else:
        with closing(_per_day_streams(per_day, tracker)) as streams:
            result = read_fit_days(streams)
    tracker.finish()
    return result


def _per_day_streams(
    per_day: list[tuple[date, Path]], tracker: Progress
) -> Generator[tuple[date, TextIO, str], None, None]:
    """Each per-day file opened in turn, and closed once read: never thousands open at once."""
    for day, file in per_day:
        with file.open("rb") as raw:
            yield day, text(counting(raw, tracker)), file.name


def _zip_member_or_error(path: Path, archive: zipfile.ZipFile | None = None) -> zipfile.ZipInfo:
    try:
        with ExitStack() as stack:
            opened = archive or stack.enter_context(zipfile.ZipFile(path))
            try:
                return opened.getinfo(ZIP_MEMBER)
            except KeyError:
                names = opened.namelist()
    except zipfile.BadZipFile as exc:
        raise InvalidInput(path.name, f"the zip file is damaged or incomplete ({exc})") from None
    shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
    raise InvalidInput(
        path.name,
        f"this zip has no {ZIP_MEMBER}, so it is not an Apple Health export "
        f"(it holds: {shown or 'nothing'})",
    )


def _looks_like_zip(path: Path) -> bool:
    """A zip by name or by its first bytes (a damaged zip still counts, to be reported as one)."""
    if path.suffix.lower() == ".zip":
        return True
    return _head(path).startswith(_ZIP_MAGIC) or zipfile.is_zipfile(path)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as raw:
            return raw.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise InvalidInput(path.name or str(path), f"no file called {path.name!r}") from None
    except PermissionError:
        raise InvalidInput(path.name, f"no permission to read {path.name!r}") from None


def _first_csv_row(head: bytes) -> list[str] | None:
    """The first non-blank CSV row of ``head`` (decoded leniently), or None."""
    sample = head.decode("utf-8-sig", errors="replace")
    lines = sample.splitlines()
    if len(head) == SNIFF_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut short
    for row in csv.reader(lines):
        if any(cell.strip() for cell in row):
            return row
    return None
