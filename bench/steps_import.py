"""Benchmark: reading a large Apple Health export with ``read_steps``.

Run from the repository root:

    .venv/bin/python bench/steps_import.py

It writes synthetic Apple Health ``export.xml`` files into a temporary directory: one of about
200 MB (two step sources, heart-rate records with metadata, energy records, a few correlations,
Apple's DTD), one a quarter of that size, and one of the full size packed into the quarter's
days. Each is read three times, every run in a fresh child process, and the script reports the
median time, records per second and the child's peak resident memory (``ru_maxrss``). Memory
must stay flat: it follows the number of days in the result (one total per source per day),
never the size of the file, so the third export needs no more than the quarter one. The
results replace the text between ``<!-- bench:steps_import -->`` and
``<!-- /bench:steps_import -->`` in ``docs/performance.md`` (the rest of the file is left alone).

Options: ``--scale 0.1`` for a quick try, ``--runs N``, ``--no-write`` to only print.
Takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from perfdoc import write_section

ROOT = Path(__file__).resolve().parent.parent

FULL_BYTES = 200 * 1024 * 1024
"""Size of the full synthetic export."""

SOURCES = (("Synthetic iPhone", "17.3", 40), ("Synthetic Watch", "10.3", 48))
"""(sourceName, sourceVersion, step records per day) of the two step sources."""


def variants(full: int) -> list[tuple[str, int, int]]:
    """(label, size, density) of the exports measured. The third has the full size but the
    quarter's days (four times the records per day): it shows that memory follows the number of
    days in the result, not the size of the file."""
    return [
        ("full", full, 1),
        ("quarter", full // 4, 1),
        ("full size, quarter's days", full, 4),
    ]


HEART_RATE_PER_DAY = 14
ENERGY_PER_DAY = 10

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierBiologicalSex CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
"""


@dataclass(frozen=True)
class Export:
    """A generated export and what it holds."""

    path: Path
    size: int
    step_records: int
    other_records: int
    days: int


def _stamp(day: date, minute: int, offset: str) -> str:
    return f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}:00 {offset}"


def _day_lines(day: date, rng: random.Random, density: int) -> tuple[list[str], int, int]:
    """The records of one synthetic day, ``density`` times the usual number:
    (lines, step records, other top-level records)."""
    offset = "+0200" if 4 <= day.month <= 9 else "+0100"
    lines: list[str] = []
    steps = 0
    for source, version, count in SOURCES:
        for i in range(count * density):
            minute = 6 * 60 + i * 20 // density
            start, end = _stamp(day, minute, offset), _stamp(day, minute + 9, offset)
            lines.append(
                f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" '
                f'sourceVersion="{version}" unit="count" creationDate="{end}" '
                f'startDate="{start}" endDate="{end}" value="{rng.randint(5, 400)}"/>\n'
            )
            steps += 1
    others = 0
    for i in range(HEART_RATE_PER_DAY * density):
        stamp = _stamp(day, 30 + i * 95 % (23 * 60), offset)
        lines.append(
            ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Synthetic Watch" '
            f'sourceVersion="10.3" unit="count/min" creationDate="{stamp}" startDate="{stamp}" '
            f'endDate="{stamp}" value="{rng.randint(52, 120)}">\n'
            '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
            " </Record>\n"
        )
        others += 1
    for i in range(ENERGY_PER_DAY * density):
        minute = 7 * 60 + i * 80 % (16 * 60)
        start, end = _stamp(day, minute, offset), _stamp(day, minute + 5, offset)
        lines.append(
            ' <Record type="HKQuantityTypeIdentifierActiveEnergyBurned" '
            'sourceName="Synthetic Watch" sourceVersion="10.3" unit="kcal" '
            f'creationDate="{end}" startDate="{start}" endDate="{end}" '
            f'value="{rng.uniform(0.1, 9):.3f}"/>\n'
        )
        others += 1
    if day.day == 1:
        stamp = _stamp(day, 8 * 60, offset)
        lines.append(
            ' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" '
            f'sourceName="Synthetic Cuff" startDate="{stamp}" endDate="{stamp}">\n'
            '  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" '
            f'sourceName="Synthetic Cuff" unit="mmHg" startDate="{stamp}" endDate="{stamp}" '
            'value="121"/>\n'
            " </Correlation>\n"
        )
        others += 1
    return lines, steps, others


def generate(path: Path, target_bytes: int, density: int = 1, seed: int = 4) -> Export:
    """Write a synthetic export of at least ``target_bytes`` to ``path``, with ``density``
    times the usual records per day (so fewer days for the same size)."""
    rng = random.Random(seed)
    day = date(2000, 1, 1)
    written = steps = others = days = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + DTD
            + '<HealthData locale="en_GB">\n'
            + ' <ExportDate value="2024-03-05 10:00:00 +0100"/>\n'
            + ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>\n'
        )
        written += out.write(head)
        while written < target_bytes:
            lines, day_steps, day_others = _day_lines(day, rng, density)
            written += out.write("".join(lines))
            steps += day_steps
            others += day_others
            days += 1
            day += timedelta(days=1)
        written += out.write("</HealthData>\n")
    return Export(path, path.stat().st_size, steps, others, days)


def child(path: Path) -> None:
    """Run in a fresh process: read ``path`` once and print timings and peak memory as JSON."""
    from unknot.adapters.steps_import import StepFormat, read_steps

    scale = 1 if sys.platform.startswith("linux") else 1024  # ru_maxrss: KiB on Linux
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    started = time.perf_counter()
    result = read_steps(path, StepFormat.APPLE_HEALTH)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    print(
        json.dumps(
            {
                "seconds": seconds,
                "records_read": result.records_read,
                "skipped": result.skipped,
                "days": len(result.days),
                "baseline_kib": baseline_kib,
                "peak_kib": peak_kib,
            }
        )
    )


def measure(export: Export, runs: int) -> dict[str, float]:
    """Read ``export`` ``runs`` times, each in a new process; the median time, the highest peak."""
    samples = []
    for _ in range(runs):
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(export.path)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        samples.append(json.loads(done.stdout))
    seconds = statistics.median(s["seconds"] for s in samples)
    first = samples[0]
    if first["records_read"] != export.step_records or first["days"] != export.days:
        raise SystemExit(f"read_steps disagrees with the generator: {first} vs {export}")
    records = first["records_read"] + first["skipped"]
    return {
        "seconds": seconds,
        "records_per_second": records / seconds,
        "step_records_per_second": first["records_read"] / seconds,
        "mb_per_second": export.size / 1e6 / seconds,
        "peak_mib": max(s["peak_kib"] for s in samples) / 1024,
        "baseline_mib": max(s["baseline_kib"] for s in samples) / 1024,
    }


def table(rows: list[tuple[str, Export, dict[str, float]]], runs: int) -> str:
    lines = [
        f"`read_steps` on a synthetic Apple Health `export.xml`, median of {runs} runs, each in a",
        "fresh process; peak RSS is the child's `ru_maxrss` (baseline: the same process after",
        "imports, before reading). Regenerate with `.venv/bin/python bench/steps_import.py`.",
        "",
        "Memory does not grow with the file: the parser keeps only the current chunk, and the",
        "one thing that grows is the result, a total per source per day. The third row has the",
        "full size packed into the quarter's days and needs no more memory than the quarter.",
        "",
        "| export | size (MB) | step records | other records | days | median time (s) "
        "| records/s (all) | step records/s | MB/s | peak RSS (MiB) | baseline RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, export, m in rows:
        lines.append(
            f"| {label} | {export.size / 1e6:.1f} | {export.step_records:,} | "
            f"{export.other_records:,} | {export.days:,} | {m['seconds']:.2f} | "
            f"{m['records_per_second']:,.0f} | {m['step_records_per_second']:,.0f} | "
            f"{m['mb_per_second']:.1f} | {m['peak_mib']:.1f} | {m['baseline_mib']:.1f} |"
        )
    cpu = platform.processor() or platform.machine()
    lines += [
        "",
        f"Python {platform.python_version()} on {platform.system()} {cpu}, "
        f"{os.cpu_count()} CPUs; measured {date.today().isoformat()}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (1 = 200 MB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    full = int(FULL_BYTES * args.scale)
    rows = []
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
        for label, size, density in variants(full):
            started = time.perf_counter()
            export = generate(Path(tmp) / "export.xml", size, density)
            made = time.perf_counter() - started
            print(f"{label}: generated {export.size / 1e6:.1f} MB in {made:.1f} s", flush=True)
            result = measure(export, args.runs)
            print(f"{label}: {json.dumps(result)}", flush=True)
            rows.append((label, export, result))
            export.path.unlink()
    body = table(rows, args.runs)
    print(body)
    if not args.no_write:
        page = write_section("steps_import", "## Step import", body)
        print(f"wrote the step import section of {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
