"""Apple Health: the ``export.xml`` of "Export All Health Data", read as a stream.

A real export is hundreds of megabytes, so it is never loaded whole: ``defusedxml``'s
``iterparse`` reads it in chunks, each child of the root is handled as soon as it ends and is
then cleared and detached, so memory stays flat whatever the file size. Entity declarations and
external references are refused (defusedxml's defaults), so a "billion laughs" file cannot
expand.

The records read are the direct children ``<Record type="HKQuantityTypeIdentifierStepCount"
sourceName=".." unit="count" startDate="2024-03-01 08:10:00 +0100" ... value="123"/>``; records
of every other type are skipped after one attribute comparison. (Records nested in a
``<Correlation>`` are copies of top-level records, as the export's own DTD comment says, so only
top-level records count.)

**The day** of a record is the calendar date of its ``startDate`` in that timestamp's own offset:
the day the person lived, wherever they were; timestamps are never moved to UTC or to the
reader's zone.

**Several sources, one walk.** An iPhone in the pocket and a Watch on the wrist both record the
same steps, so adding their records counts every step twice. Apple's Health app does not add
sources either: it keeps one source per stretch of time by a priority order the person can edit
(https://support.apple.com/en-us/HT204351), by an algorithm Apple does not publish
(https://validic.atlassian.net/wiki/spaces/VCS/pages/3378905089/Apple+Health+Negative+Daily+Step+Values).
unknot therefore sums each source's records per day and takes, for the day, the **largest
single-source total** (ties go to the source name that sorts first). This never double counts;
it can undercount a day when the sources covered different hours (a Watch left charging), which
errs on the safe side for dosing walking. Duplicate-counting across devices is the best known
pitfall of health-data imports (https://sahha.ai/blog/deduplicating-health-data-across-wearables/).

**Two known faults of real exports are repaired, without moving any line:** exports from iOS 16
carry a malformed internal DTD (an ``ATTLIST`` missing its ``>``) and stray control characters
such as ``\\x0b`` in text fields, and both stop a strict XML parser
(https://github.com/jameno/Simple-Apple-Health-XML-to-CSV/pull/3,
https://github.com/markwk/qs_ledger/issues/23). unknot blanks the internal subset of the
``<!DOCTYPE HealthData [...]>`` declaration (its ELEMENT and ATTLIST lines only describe the
structure, which unknot does not validate; newlines are kept so line numbers stay true) and
turns control characters other than tab and newlines into spaces. A blanked subset declares no
entities, so any entity reference left in the body fails as undefined: still no expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from unknot.adapters.steps._cells import STEPS_ALLOWED
from unknot.adapters.steps.model import MAX_STEPS_PER_DAY, DaySteps, ImportResult, StepFormat
from unknot.errors import InvalidInput

ROOT_TAG = "HealthData"
"""The root element of an Apple Health export."""

STEP_TYPE = "HKQuantityTypeIdentifierStepCount"
"""The HealthKit type of step-count records."""

STEP_UNIT = "count"
"""The unit of step-count records."""

ZIP_MEMBER = "apple_health_export/export.xml"
"""Where the export sits inside the ``export.zip`` the Health app shares."""

HEAD_LIMIT = 1 << 20
"""How far into the file to look for the end of the DOCTYPE declaration (Apple's is ~12 KB)."""

_FIRST_READ = 1 << 16

_START_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2} [+-]\d{4}", re.ASCII)
_STEP_VALUE = re.compile(r"\d{1,7}(?:\.\d+)?", re.ASCII)
_DOCTYPE_OPEN = re.compile(rb"<!DOCTYPE\s+" + ROOT_TAG.encode() + rb"\s*\[")
_DOCTYPE_CLOSE = re.compile(rb"\]\s*>")
_NOT_NEWLINE = re.compile(rb"[^\r\n]")
_CONTROL_TO_SPACE = bytes.maketrans(bytes(c for c in range(32) if c not in (9, 10, 13)), b" " * 29)


class _RepairedStream:
    """Reads ``inner`` and repairs the two known faults of exports (see the module docstring):
    the internal DTD subset is blanked and control characters become spaces."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self._pending: bytes | None = None

    def read(self, size: int = -1) -> bytes:
        if self._pending is None:
            self._pending = _blank_doctype_subset(self._read_head())
        if self._pending:
            data = self._pending if size < 0 else self._pending[:size]
            self._pending = self._pending[len(data) :]
        else:
            data = self._inner.read(size)
        return data.translate(_CONTROL_TO_SPACE)

    def _read_head(self) -> bytes:
        head = self._inner.read(_FIRST_READ)
        opened = _DOCTYPE_OPEN.search(head)
        while opened and not _DOCTYPE_CLOSE.search(head, opened.end()) and len(head) < HEAD_LIMIT:
            more = self._inner.read(_FIRST_READ)
            if not more:
                break
            head += more
        return head


def _blank_doctype_subset(head: bytes) -> bytes:
    """``head`` with the internal subset of ``<!DOCTYPE HealthData [...]>`` turned to spaces,
    newlines kept; unchanged when there is no such declaration or its end is not in ``head``."""
    opened = _DOCTYPE_OPEN.search(head)
    if not opened:
        return head
    closed = _DOCTYPE_CLOSE.search(head, opened.end())
    if not closed:
        return head
    subset = _NOT_NEWLINE.sub(b" ", head[opened.end() : closed.start()])
    return head[: opened.end()] + subset + head[closed.start() :]


class _TopLevelBuilder:
    """A tree-builder target that checks the root and remembers the line on which each child
    of the root starts, so that errors can name the line."""

    def __init__(self, name: str, where: str) -> None:
        self._tree = TreeBuilder()
        self._name = name
        self._where = where
        self._depth = 0
        self.data = self._tree.data
        self.lines: dict[Element, int] = {}
        self.root: Element | None = None
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self._tree.start(tag, attrs)
        self._depth += 1
        if self._depth == 2:
            self.lines[element] = self.line()
        elif self._depth == 1:
            if tag != ROOT_TAG:
                raise InvalidInput(
                    f"{self._name}:{self.line()}",
                    f"line {self.line()}{self._where}: not an Apple Health export: the root "
                    f"element is <{tag}>, expected <{ROOT_TAG}>",
                )
            self.root = element
        return element

    def end(self, tag: str) -> Element:
        self._depth -= 1
        return self._tree.end(tag)

    def close(self) -> Element:
        return self._tree.close()

    def line(self) -> int:
        return int(self.expat.CurrentLineNumber) if self.expat is not None else 0


@dataclass
class _StepTotals:
    """Steps per (day, source), summed record by record."""

    name: str
    where: str
    totals: dict[tuple[date, str], int | float] = field(default_factory=dict)
    records_read: int = 0
    skipped: int = 0

    def add(self, record: Element, line: int) -> None:
        source = record.get("sourceName") or "(unnamed source)"
        start = record.get("startDate") or ""
        matched = _START_DATE.fullmatch(start)
        day = _iso_day(matched.group(1)) if matched else None
        if day is None:
            raise self.error(
                line,
                "startDate must be a date and time such as '2024-03-01 08:10:00 +0100', "
                f"got {start!r}",
            )
        unit = record.get("unit")
        if unit is not None and unit != STEP_UNIT:
            raise self.error(line, f"step records must have unit {STEP_UNIT!r}, got {unit!r}")
        value = _step_value(record.get("value"))
        if value is None:
            raise self.error(line, f"{STEPS_ALLOWED}, got value={record.get('value')!r}")
        key = (day, source)
        total = self.totals.get(key, 0) + value
        if total > MAX_STEPS_PER_DAY:
            raise self.error(
                line,
                f"the steps that {source!r} recorded on {day.isoformat()} add up to "
                f"{total:g} by this record, more than the {MAX_STEPS_PER_DAY} a day that unknot "
                "accepts",
            )
        self.totals[key] = total
        self.records_read += 1

    def error(self, line: int, message: str) -> InvalidInput:
        return InvalidInput(f"{self.name}:{line}", f"line {line}{self.where}: {message}")

    def result(self) -> ImportResult:
        best: dict[date, tuple[int, str]] = {}
        for (day, source), total in self.totals.items():
            steps = round(total)
            known = best.get(day)
            if known is None or steps > known[0] or (steps == known[0] and source < known[1]):
                best[day] = (steps, source)
        entries = tuple(DaySteps(day, steps, source) for day, (steps, source) in best.items())
        return ImportResult(
            format=StepFormat.APPLE_HEALTH,
            entries=entries,
            records_read=self.records_read,
            skipped=self.skipped,
            sources=sorted({source for _day, source in self.totals}),
        )


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _step_value(text: str | None) -> int | float | None:
    """A record's step count: a non-negative number up to :data:`MAX_STEPS_PER_DAY`. HealthKit
    stores counts as doubles, so a fraction is accepted and the day total is rounded."""
    if text is None or not _STEP_VALUE.fullmatch(text):
        return None
    value: int | float = float(text) if "." in text else int(text)
    return value if value <= MAX_STEPS_PER_DAY else None


def read_apple_health(stream: IO[bytes], name: str, member: str | None = None) -> ImportResult:
    """Read a whole Apple Health ``export.xml`` from ``stream``.

    ``name`` is the file's name (the field of errors); ``member`` is the path of the XML inside
    a zip, named in messages. Raises :class:`InvalidInput` naming the line of the first problem.
    """
    where = f" of {member}" if member else ""
    builder = _TopLevelBuilder(name, where)
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    steps = _StepTotals(name, where)
    lines = builder.lines
    try:
        for _event, element in iterparse(_RepairedStream(stream), events=("end",), parser=parser):
            line = lines.pop(element, None)
            if line is None:
                continue
            if element.tag == "Record":
                if element.get("type") == STEP_TYPE:
                    steps.add(element, line)
                else:
                    steps.skipped += 1
            element.clear()
            if builder.root is not None:
                builder.root.clear()
    except ParseError as exc:
        line = exc.position[0]
        raise steps.error(line, f"the file is not well-formed XML ({exc})") from None
    except DefusedXmlException:
        raise steps.error(
            builder.line(),
            "the file declares XML entities or external references, which unknot refuses to "
            "read (a real Apple Health export has none)",
        ) from None
    return steps.result()
