"""Step import: plain CSV, Apple Health and Google Fit, all-or-nothing, and merging days.

Expected numbers are worked out by hand from the synthetic fixtures in
``tests/fixtures/steps/`` (or from the inline file next to the test).
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from defusedxml.ElementTree import ParseError, iterparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unknot.adapters.steps_import import (
    MAX_STEPS_PER_DAY,
    DaySteps,
    StepFormat,
    detect_format,
    merge_days,
    read_steps,
)
from unknot.errors import InvalidInput

FIXTURES = Path(__file__).parent.parent / "fixtures" / "steps"
D = date.fromisoformat


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def apple(records: str, head: str = "") -> str:
    """A minimal export: line 1 the XML declaration, then ``head`` lines, then
    ``<HealthData>`` and ``records``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
        f'<HealthData locale="en_GB">\n{records}</HealthData>\n'
    )


def step(
    value: str = "100",
    start: str = "2024-03-01 08:10:00 +0100",
    source: str = "Synthetic iPhone",
    unit: str = "count",
) -> str:
    return (
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" unit="{unit}" '
        f'startDate="{start}" endDate="{start}" value="{value}"/>\n'
    )


def zipped(folder: Path, xml: bytes, member: str = "apple_health_export/export.xml") -> Path:
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, xml)
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    return path


def raises_invalid(call: Callable[[], object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value


# --- plain CSV ---------------------------------------------------------------------------------


def test_plain_csv_reads_days_in_any_order_and_ignores_blank_lines() -> None:
    result = read_steps(FIXTURES / "plain.csv")
    assert result.format is StepFormat.CSV
    assert result.days == {
        D("2024-02-29"): 12000,
        D("2024-03-01"): 5432,
        D("2024-03-02"): 0,
        D("2024-03-03"): 7020,
    }
    assert list(result.days) == sorted(result.days)
    assert (result.first_day, result.last_day) == (D("2024-02-29"), D("2024-03-03"))
    assert (result.records_read, result.skipped, result.sources) == (4, 0, ["plain.csv"])
    assert result.entries[0] == DaySteps(D("2024-02-29"), 12000, "plain.csv")


def test_plain_csv_accepts_a_byte_order_mark_crlf_and_columns_in_either_order_and_case() -> None:
    result = read_steps(FIXTURES / "plain_bom_crlf.csv")
    assert result.days == {D("2024-03-01"): 6100, D("2024-03-02"): 6200}


@pytest.mark.parametrize(
    "header",
    ["date,steps", "steps,date", "DATE,STEPS", "Date,Steps", " date , steps ", "\ufeffdate,steps"],
)
def test_plain_csv_header_is_the_two_columns_in_any_order_and_case(
    tmp_path: Path, header: str
) -> None:
    date_first = header.strip().lstrip("\ufeff").strip().lower().startswith("date")
    row = "2024-03-01,4321" if date_first else "4321,2024-03-01"
    path = write(tmp_path, "s.csv", f"{header}\n{row}\n")
    assert read_steps(path).days == {D("2024-03-01"): 4321}


@pytest.mark.parametrize(
    "header",
    ["day,steps", "date,step", "date,steps,notes", "date", "date;steps", "Date,Step count"],
)
def test_plain_csv_header_other_than_date_and_steps_is_an_error_on_line_1(
    tmp_path: Path, header: str
) -> None:
    path = write(tmp_path, "s.csv", f"{header}\n2024-03-01,5\n")
    error = raises_invalid(lambda: read_steps(path, StepFormat.CSV))
    assert error.field == "s.csv:1"
    assert "exactly the two columns date and steps" in error.message


@pytest.mark.parametrize(
    ("steps", "accepted"),
    [
        ("0", 0),
        ("1", 1),
        (" 812 ", 812),
        ("199999", 199_999),
        ("200000", 200_000),
        ("0000120", 120),
    ],
)
def test_plain_csv_steps_from_0_to_200000_are_accepted(
    tmp_path: Path, steps: str, accepted: int
) -> None:
    path = write(tmp_path, "s.csv", f"date,steps\n2024-03-01,{steps}\n")
    assert read_steps(path).days == {D("2024-03-01"): accepted}


@pytest.mark.parametrize(
    "steps",
    [
        "-5",
        "-0",
        "+5",
        "12.5",
        '"12,5"',
        '"12,500"',
        "1e3",
        "200001",
        "99999999999",
        "abc",
        "",
        "\u0661\u0662",  # Arabic-Indic digits
        "1_000",
    ],
)
def test_plain_csv_steps_that_are_not_a_whole_number_up_to_200000_are_an_error_naming_the_line(
    tmp_path: Path, steps: str
) -> None:
    path = write(tmp_path, "s.csv", f"date,steps\n2024-03-01,100\n2024-03-02,{steps}\n")
    error = raises_invalid(lambda: read_steps(path))
    shown = steps.strip('"')
    assert error.field == "s.csv:3"
    assert error.message == (
        f"line 3: steps must be a whole number from 0 to 200000, got {shown!r}"
    )


def test_plain_csv_a_decimal_comma_without_quotes_is_an_error_explaining_the_extra_value(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "s.csv", "date,steps\n2024-03-01,12,5\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "s.csv:2"
    assert error.message.startswith("line 2: expected 2 values (date and steps), got 3")


@pytest.mark.parametrize(
    "day", ["2024/03/01", "01-03-2024", "2024-3-1", "2024-02-30", "2023-02-29", "yesterday", ""]
)
def test_plain_csv_date_must_be_a_real_iso_date(tmp_path: Path, day: str) -> None:
    path = write(tmp_path, "s.csv", f"date,steps\n{day},100\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "s.csv:2"
    assert error.message == (
        f"line 2: the date must be a real calendar date written YYYY-MM-DD, got {day!r}"
    )


def test_plain_csv_a_day_repeated_with_the_same_steps_counts_once(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "date,steps\n2024-03-01,500\n2024-03-02,9\n2024-03-01,500\n")
    result = read_steps(path)
    assert result.days == {D("2024-03-01"): 500, D("2024-03-02"): 9}


def test_plain_csv_a_day_repeated_with_different_steps_is_an_error_naming_both_lines(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "s.csv", "date,steps\n2024-03-01,500\n\n2024-03-02,9\n2024-03-01,501\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "s.csv:5"
    assert "2024-03-01 appears twice with different steps: 500 on line 2 and 501 on line 5" in (
        error.message
    )


def test_plain_csv_empty_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "\n\n")
    error = raises_invalid(lambda: read_steps(path, StepFormat.CSV))
    assert error.field == "s.csv"
    assert "empty" in error.message


def test_plain_csv_with_only_a_header_has_no_days(tmp_path: Path) -> None:
    result = read_steps(write(tmp_path, "s.csv", "date,steps\n"))
    assert (result.days, result.first_day, result.last_day, result.sources) == ({}, None, None, [])


def test_plain_csv_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", b"date,steps\n2024-03-01,100\n\xff\xfe,1\n")
    error = raises_invalid(lambda: read_steps(path, StepFormat.CSV))
    assert error.field == "s.csv"
    assert "not UTF-8" in error.message


def test_a_bad_line_at_the_end_of_a_long_file_returns_nothing_but_the_error(
    tmp_path: Path,
) -> None:
    good = "".join(f"{date(2020, 1, 1) + timedelta(days=i)},{i}\n" for i in range(1500))
    path = write(tmp_path, "s.csv", f"date,steps\n{good}2024-03-01,-1\n")
    results = []
    with pytest.raises(InvalidInput) as caught:
        results.append(read_steps(path))
    assert results == []
    assert caught.value.field == "s.csv:1502"


def test_a_missing_file_is_an_invalid_input_naming_it(tmp_path: Path) -> None:
    error = raises_invalid(lambda: read_steps(tmp_path / "nope.csv", StepFormat.CSV))
    assert error.field == "nope.csv"


# --- Apple Health ------------------------------------------------------------------------------


def test_apple_health_takes_the_largest_source_per_day_not_the_sum() -> None:
    result = read_steps(FIXTURES / "apple_export.xml")
    # 1 March: iPhone 1000 + 2000 + 500 (23:30 at -0500 is still 1 March) = 3500,
    # Watch 1100 + 2100 = 3200: the day is 3500, not 6700.
    # 2 March: iPhone 400 (00:15 at +0900 is 2 March, although 1 March in UTC); the
    # 99999 inside the blood-pressure correlation is not a top-level record.
    # 3 March: 300 from each source; the tie goes to the name that sorts first.
    assert result.days == {D("2024-03-01"): 3500, D("2024-03-02"): 400, D("2024-03-03"): 300}
    assert result.entries == (
        DaySteps(D("2024-03-01"), 3500, "Synthetic iPhone"),
        DaySteps(D("2024-03-02"), 400, "Synthetic iPhone"),
        DaySteps(D("2024-03-03"), 300, "Synthetic Watch"),
    )
    assert result.format is StepFormat.APPLE_HEALTH
    assert (result.records_read, result.skipped) == (8, 2)
    assert result.sources == ["Synthetic Watch", "Synthetic iPhone"]


@pytest.mark.parametrize(
    ("start", "day"),
    [
        ("2024-03-01 23:59:59 -1200", "2024-03-01"),
        ("2024-03-02 00:00:00 +1400", "2024-03-02"),
        ("2024-03-01 23:30:00 -0500", "2024-03-01"),
        ("2024-03-02 00:15:00 +0900", "2024-03-02"),
        ("2024-12-31 23:00:00 +0000", "2024-12-31"),
    ],
)
def test_apple_health_day_is_the_local_date_of_start_in_its_own_offset(
    tmp_path: Path, start: str, day: str
) -> None:
    path = write(tmp_path, "export.xml", apple(step("250", start)))
    assert read_steps(path).days == {D(day): 250}


def test_apple_health_fractional_counts_are_summed_then_rounded(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple(step("10.4") + step("10.4") + step("0.4")))
    assert read_steps(path).days == {D("2024-03-01"): 21}


def test_apple_health_with_apples_dtd_parses() -> None:
    assert read_steps(FIXTURES / "apple_export.xml").records_read == 8


def test_apple_health_ios16_fixture_really_breaks_a_strict_parser() -> None:
    with (
        (FIXTURES / "apple_export_ios16_faults.xml").open("rb") as raw,
        pytest.raises(ParseError),
    ):
        for _ in iterparse(raw):
            pass


def test_apple_health_ios16_faults_are_repaired_a_broken_dtd_and_a_vertical_tab() -> None:
    result = read_steps(FIXTURES / "apple_export_ios16_faults.xml")
    assert result.days == {D("2024-03-01"): 4321}
    assert result.sources == ["Synthetic Phone"]


def test_apple_health_line_numbers_stay_true_after_the_dtd_is_blanked(tmp_path: Path) -> None:
    head = (
        "<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n"
        "<!ATTLIST HealthData\n  x CDATA #IMPLIED\n>\n]>\n"
    )
    # line 1 declaration, 2-7 doctype, 8 <HealthData>, 9 good record, 10 bad record
    path = write(tmp_path, "export.xml", apple(step("5") + step("-5"), head))
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.xml:10"
    assert error.message.startswith("line 10: steps must be a whole number from 0 to 200000")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<{root}><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&lol9;" value="1"/></{root}>
"""


@pytest.mark.parametrize("root", ["lolz", "HealthData"])
def test_apple_health_billion_laughs_is_rejected_without_expanding(
    tmp_path: Path, root: str
) -> None:
    path = write(tmp_path, "export.xml", BILLION_LAUGHS.format(root=root))
    started = time.perf_counter()
    error = raises_invalid(lambda: read_steps(path))
    assert time.perf_counter() - started < 2
    assert error.field.startswith("export.xml:")
    assert "entit" in error.message  # "declares XML entities" or "undefined entity"


def test_apple_health_external_entity_is_rejected(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
        "<r>&xxe;</r>\n"
    )
    error = raises_invalid(lambda: read_steps(write(tmp_path, "export.xml", xml)))
    assert "entities or external references" in error.message


def test_apple_health_zip_is_streamed_and_gives_the_same_days_as_the_xml(tmp_path: Path) -> None:
    xml = (FIXTURES / "apple_export.xml").read_bytes()
    path = zipped(tmp_path, xml)
    assert detect_format(path) is StepFormat.APPLE_HEALTH
    from_zip = read_steps(path)
    assert from_zip.days == read_steps(FIXTURES / "apple_export.xml").days
    assert from_zip.records_read == 8


def test_apple_health_zip_error_names_the_zip_and_the_line_inside_the_export(
    tmp_path: Path,
) -> None:
    path = zipped(tmp_path, apple(step("oops")).encode())
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.zip:3"
    assert error.message.startswith("line 3 of apple_health_export/export.xml: steps must be")


def test_a_zip_without_the_apple_export_is_an_error_listing_what_it_holds(tmp_path: Path) -> None:
    path = zipped(tmp_path, b"<HealthData/>", member="other/export.xml")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.zip"
    assert "no apple_health_export/export.xml" in error.message
    assert "other/export.xml" in error.message


def test_a_damaged_zip_is_an_error(tmp_path: Path) -> None:
    good = zipped(tmp_path, apple(step()).encode()).read_bytes()
    path = write(tmp_path, "cut.zip", good[: len(good) // 2])
    error = raises_invalid(lambda: read_steps(path, StepFormat.APPLE_HEALTH))
    assert error.field == "cut.zip"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (step("-3"), "steps must be a whole number from 0 to 200000, got value='-3'"),
        (step("abc"), "steps must be a whole number from 0 to 200000, got value='abc'"),
        (step("200001"), "steps must be a whole number from 0 to 200000, got value='200001'"),
        (step("1e3"), "got value='1e3'"),
        (step("5", start="2024-03-01T08:10:00Z"), "startDate must be a date and time such as"),
        (step("5", start="2024-02-30 08:10:00 +0100"), "got '2024-02-30 08:10:00 +0100'"),
        (step("5", unit="km"), "step records must have unit 'count', got 'km'"),
    ],
)
def test_apple_health_bad_step_records_are_errors_naming_the_line(
    tmp_path: Path, record: str, message: str
) -> None:
    path = write(tmp_path, "export.xml", apple(step("7") + record + step("8")))
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.xml:4"
    assert error.message.startswith("line 4: ")
    assert message in error.message


def test_apple_health_a_source_day_above_200000_is_an_error_at_the_record_that_crosses_it(
    tmp_path: Path,
) -> None:
    records = step("150000") + step("50000") + step("1", source="Other") + step("1")
    path = write(tmp_path, "export.xml", apple(records))
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.xml:6"
    assert "add up to 200001" in error.message


def test_apple_health_a_source_day_of_exactly_200000_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple(step("150000") + step("50000")))
    assert read_steps(path).days == {D("2024-03-01"): 200_000}


def test_apple_health_other_root_is_not_an_apple_export(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", "<?xml version='1.0'?>\n<gpx></gpx>\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.xml:2"
    assert "root element is <gpx>" in error.message


def test_apple_health_malformed_xml_is_an_error_naming_the_line(tmp_path: Path) -> None:
    xml = apple(step("1") + ' <Record type="x"\n' + step("2"))
    error = raises_invalid(lambda: read_steps(write(tmp_path, "export.xml", xml)))
    assert error.field == "export.xml:5"
    assert "not well-formed XML" in error.message


def test_apple_health_a_bad_record_at_the_end_returns_nothing(tmp_path: Path) -> None:
    records = "".join(step(str(i % 50)) for i in range(2000)) + step("x")
    path = write(tmp_path, "export.xml", apple(records))
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "export.xml:2003"


def test_progress_reports_growing_bytes_and_ends_at_the_total(tmp_path: Path) -> None:
    records = "".join(
        step(str(i % 500), f"2024-03-{1 + i % 28:02d} 08:10:00 +0100") for i in range(3000)
    )
    path = write(tmp_path, "export.xml", apple(records))
    calls: list[tuple[int, int]] = []
    read_steps(path, progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert len(calls) > 2
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (size, size)
    assert all(total == size for _, total in calls)


# --- Google Fit --------------------------------------------------------------------------------

SUMMARY = FIXTURES / "google_fit" / "Daily activity metrics" / "Daily activity metrics.csv"


def test_google_fit_daily_summary_reads_step_count_and_skips_empty_cells() -> None:
    result = read_steps(SUMMARY)
    assert result.format is StepFormat.GOOGLE_FIT
    assert result.days == {D("2024-03-01"): 8123, D("2024-03-03"): 9001}
    assert (result.records_read, result.skipped, result.sources) == (2, 1, ["Google Fit"])


def test_google_fit_older_daily_summaries_file_is_read() -> None:
    result = read_steps(FIXTURES / "google_fit_older")
    assert result.days == {D("2017-07-22"): 6404, D("2017-07-23"): 3312}


def test_google_fit_per_day_files_are_summed_with_the_date_from_the_file_name() -> None:
    result = read_steps(FIXTURES / "google_fit_per_day" / "Daily activity metrics")
    # 1 March: 1050 + 1600 + 350; 2 March: 2000; 3 March has no step cells, so no day.
    assert result.days == {D("2024-03-01"): 3000, D("2024-03-02"): 2000}
    assert (result.records_read, result.skipped) == (4, 4)


def test_google_fit_one_per_day_file_can_be_read_alone() -> None:
    path = FIXTURES / "google_fit_per_day" / "Daily activity metrics" / "2024-03-01.csv"
    assert detect_format(path) is StepFormat.GOOGLE_FIT
    assert read_steps(path).days == {D("2024-03-01"): 3000}


def test_google_fit_takeout_folder_prefers_the_daily_summary_over_per_day_files() -> None:
    assert read_steps(FIXTURES / "google_fit").days == {
        D("2024-03-01"): 8123,
        D("2024-03-03"): 9001,
    }


def test_google_fit_folder_found_from_the_takeout_root(tmp_path: Path) -> None:
    write(tmp_path, "Fit/Daily activity metrics/2024-05-05.csv", "Start time,Step count\n0,12\n")
    assert read_steps(tmp_path, StepFormat.GOOGLE_FIT).days == {D("2024-05-05"): 12}


@pytest.mark.parametrize("column", ["Step count", "step count", "STEP COUNT", " Step Count "])
def test_google_fit_step_column_matches_regardless_of_case_and_spaces(
    tmp_path: Path, column: str
) -> None:
    path = write(tmp_path, "Daily activity metrics.csv", f"Date,{column}\n2024-03-01,77\n")
    assert read_steps(path).days == {D("2024-03-01"): 77}


def test_google_fit_without_a_step_column_is_an_error_listing_the_columns_found(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "2024-03-01.csv", "Start time,End time,Schritte\n0,1,5\n")
    error = raises_invalid(lambda: read_steps(path, StepFormat.GOOGLE_FIT))
    assert error.field == "2024-03-01.csv:1"
    assert error.message == (
        "line 1: no step column: expected 'Step count'; found columns: "
        "'Start time', 'End time', 'Schritte'"
    )


def test_google_fit_summary_without_a_date_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Daily activity metrics.csv", "Day,Step count\n2024-03-01,5\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "Daily activity metrics.csv:1"
    assert "needs a 'Date' column" in error.message


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("Date,Step count\n2024-03-01,5\n2024-03-02,-1\n", 3, "got '-1'"),
        ("Date,Step count\n2024-03-01,5.5\n", 2, "got '5.5'"),
        ("Date,Step count\n03/01/2024,5\n", 2, "YYYY-MM-DD, got '03/01/2024'"),
        ("Date,Step count\n2024-03-01,5,9\n", 2, "expected 2 values as in the header, got 3"),
        ("Date,Step count\n2024-03-01,5\n2024-03-01,6\n", 3, "appears twice"),
    ],
)
def test_google_fit_summary_bad_rows_are_errors_naming_the_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    path = write(tmp_path, "Daily activity metrics.csv", content)
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == f"Daily activity metrics.csv:{line}"
    assert message in error.message


def test_google_fit_per_day_total_above_200000_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "2024-03-01.csv", "Start time,Step count\na,150000\nb,50001\n")
    error = raises_invalid(lambda: read_steps(path))
    assert error.field == "2024-03-01.csv:3"
    assert "add up to 200001" in error.message


def test_google_fit_folder_is_all_or_nothing_when_one_day_file_is_bad(tmp_path: Path) -> None:
    write(tmp_path, "2024-03-01.csv", "Start time,Step count\na,10\n")
    write(tmp_path, "2024-03-02.csv", "Start time,Step count\na,x\n")
    error = raises_invalid(lambda: read_steps(tmp_path))
    assert error.field == "2024-03-02.csv:2"


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("plain.csv", StepFormat.CSV),
        ("plain_bom_crlf.csv", StepFormat.CSV),
        ("apple_export.xml", StepFormat.APPLE_HEALTH),
        ("google_fit", StepFormat.GOOGLE_FIT),
        ("google_fit/Daily activity metrics/Daily activity metrics.csv", StepFormat.GOOGLE_FIT),
        ("google_fit_older/Daily Aggregations/Daily Summaries.csv", StepFormat.GOOGLE_FIT),
    ],
)
def test_detect_format_of_each_fixture(relative: str, expected: StepFormat) -> None:
    assert detect_format(FIXTURES / relative) is expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("steps.txt", "date,steps\n2024-03-01,1\n", StepFormat.CSV),
        ("export", apple(step()), StepFormat.APPLE_HEALTH),
        ("data.dat", "\ufeffDate,Step count\n2024-03-01,1\n", StepFormat.GOOGLE_FIT),
    ],
)
def test_detect_format_sniffs_content_when_the_extension_says_nothing(
    tmp_path: Path, name: str, content: str, expected: StepFormat
) -> None:
    assert detect_format(write(tmp_path, name, content)) is expected


def test_detect_format_of_an_unknown_csv_lists_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "when,how many\n2024-03-01,1\n")
    error = raises_invalid(lambda: detect_format(path))
    assert error.field == "x.csv"
    assert "found columns: 'when', 'how many'" in error.message


def test_detect_format_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    error = raises_invalid(lambda: detect_format(tmp_path))
    assert "Google Fit" in error.message


def test_an_explicit_format_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "Daily activity metrics.csv", "date,steps\n2024-03-01,1\n")
    assert detect_format(path) is StepFormat.CSV
    error = raises_invalid(lambda: read_steps(path, StepFormat.GOOGLE_FIT))
    assert "no step column" in error.message
    assert read_steps(path, StepFormat("csv")).days == {D("2024-03-01"): 1}


# --- merging -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "incoming", "merged", "added", "updated", "unchanged"),
    [
        ({}, {}, {}, [], [], []),
        ({}, {"2024-03-01": 5}, {"2024-03-01": 5}, ["2024-03-01"], [], []),
        ({"2024-03-01": 5}, {"2024-03-01": 5}, {"2024-03-01": 5}, [], [], ["2024-03-01"]),
        ({"2024-03-01": 5}, {"2024-03-01": 9}, {"2024-03-01": 9}, [], ["2024-03-01"], []),
        ({"2024-03-01": 9}, {"2024-03-01": 5}, {"2024-03-01": 5}, [], ["2024-03-01"], []),
        ({"2024-03-01": 5}, {}, {"2024-03-01": 5}, [], [], []),
        (
            {"2024-03-01": 5, "2024-03-02": 6},
            {"2024-03-03": 7, "2024-03-02": 60, "2024-03-01": 5},
            {"2024-03-01": 5, "2024-03-02": 60, "2024-03-03": 7},
            ["2024-03-03"],
            ["2024-03-02"],
            ["2024-03-01"],
        ),
    ],
)
def test_merge_replaces_a_known_day_adds_a_new_one_and_never_sums(
    existing: dict[str, int],
    incoming: dict[str, int],
    merged: dict[str, int],
    added: list[str],
    updated: list[str],
    unchanged: list[str],
) -> None:
    outcome = merge_days(
        {D(k): v for k, v in existing.items()}, {D(k): v for k, v in incoming.items()}
    )
    assert outcome.merged == {D(k): v for k, v in merged.items()}
    assert list(outcome.merged) == sorted(outcome.merged)
    assert outcome.added == [D(d) for d in added]
    assert outcome.updated == [D(d) for d in updated]
    assert outcome.unchanged == [D(d) for d in unchanged]
    assert outcome.changed is bool(added or updated)


def test_reimporting_the_same_file_changes_nothing() -> None:
    first = read_steps(FIXTURES / "apple_export.xml")
    kept = merge_days({}, first.days).merged
    again = merge_days(kept, read_steps(FIXTURES / "apple_export.xml").days)
    assert again.merged == kept
    assert not again.changed
    assert again.unchanged == sorted(kept)


@pytest.mark.parametrize(
    ("incoming", "field"),
    [
        ({D("2024-03-01"): -1}, "incoming[2024-03-01]"),
        ({D("2024-03-01"): MAX_STEPS_PER_DAY + 1}, "incoming[2024-03-01]"),
        ({D("2024-03-01"): 1.5}, "incoming[2024-03-01]"),
        ({D("2024-03-01"): True}, "incoming[2024-03-01]"),
        ({"2024-03-01": 5}, "incoming"),
    ],
)
def test_merge_rejects_values_that_are_not_a_days_steps(
    incoming: dict[object, object], field: str
) -> None:
    error = raises_invalid(lambda: merge_days({}, incoming))  # type: ignore[arg-type]
    assert error.field == field


# --- properties --------------------------------------------------------------------------------

day_maps = st.dictionaries(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=MAX_STEPS_PER_DAY),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days=day_maps, steps_first=st.booleans(), bom=st.booleans(), data=st.data())
def test_any_day_map_written_as_csv_reads_back_equal(
    days: dict[date, int], steps_first: bool, bom: bool, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(sorted(days)))
    header = "steps,date" if steps_first else "date,steps"
    rows = [f"{days[d]},{d}" if steps_first else f"{d},{days[d]}" for d in order]
    text = ("\ufeff" if bom else "") + header + "\n" + "\n".join(rows) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "days.csv", text)
        assert read_steps(path).days == days


@settings(max_examples=100, deadline=None)
@given(days=day_maps)
def test_merging_a_map_into_itself_changes_nothing(days: dict[date, int]) -> None:
    outcome = merge_days(days, days)
    assert outcome.merged == days
    assert (outcome.added, outcome.updated) == ([], [])
    assert outcome.unchanged == sorted(days)


@settings(max_examples=100, deadline=None)
@given(existing=day_maps, incoming=day_maps)
def test_merging_the_same_import_twice_is_idempotent(
    existing: dict[date, int], incoming: dict[date, int]
) -> None:
    once = merge_days(existing, incoming)
    twice = merge_days(once.merged, incoming)
    assert twice.merged == once.merged
    assert not twice.changed
    assert {d: once.merged[d] for d in incoming} == incoming


records = st.lists(
    st.tuples(
        st.sampled_from(["Synthetic A", "Synthetic B", "Synthetic C"]),
        st.integers(min_value=1, max_value=5),  # day of March
        st.sampled_from(["-1100", "-0500", "+0000", "+0530", "+1300"]),
        st.integers(min_value=0, max_value=5000),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=records)
def test_apple_health_day_is_the_largest_per_source_sum_for_any_records(
    records: list[tuple[str, int, str, int]],
) -> None:
    per_source: dict[tuple[date, str], int] = {}
    for source, day, _offset, value in records:
        key = (date(2024, 3, day), source)
        per_source[key] = per_source.get(key, 0) + value
    expected: dict[date, int] = {}
    for (day, _source), total in per_source.items():
        expected[day] = max(expected.get(day, 0), total)
    xml = apple(
        "".join(
            step(str(value), f"2024-03-{day:02d} 12:00:00 {offset}", source)
            for source, day, offset, value in records
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        result = read_steps(write(Path(folder), "export.xml", xml))
    assert result.days == expected
    assert result.records_read == len(records)


def test_apple_export_bytes_and_zip_bytes_are_not_confused_with_csv() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("apple_health_export/export.xml", apple(step()))
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "download.bin", buffer.getvalue())
        assert detect_format(path) is StepFormat.APPLE_HEALTH
        assert read_steps(path).days == {D("2024-03-01"): 100}
