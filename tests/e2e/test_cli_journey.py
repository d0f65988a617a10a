"""The terminal journey as a new user tries it, across simulated days (``--today``), in a
temporary ``UNKNOT_HOME``: start → sessions → diary → review, a flare-up, a new red flag, the
plan JSON for scripts, bad input, export and deleting everything."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from typer.testing import CliRunner, Result

from tests.e2e.test_cli_assess import GARDENING_SPASM, script
from tests.unit.test_services_profile import ANSWERS, EMERGENCY
from unknot.cli.app import app
from unknot.cli.charts import BLOCKS, MISSING, column_chart
from unknot.domain.records import EXPORT_SECTIONS

D0 = dt.date(2025, 3, 3)
"""Day 0 of the journey, a Monday."""

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def flat(text: str) -> str:
    """``text`` with the terminal's line wrapping undone."""
    return " ".join(text.split())


def day(n: int) -> str:
    return (D0 + dt.timedelta(days=n)).isoformat()


class Person:
    """Runs unknot in one home, as one person would."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()
        self.env = {"UNKNOT_HOME": str(home), "UNKNOT_DATABASE_URL": None, "UNKNOT_TODAY": None}

    def run(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(app, list(args), env=self.env, input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, (args, result.output)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def file(self, name: str, data: Any) -> str:
        path = self.home.parent / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    def start(self, data: dict[str, Any] = ANSWERS, on: int = 0) -> Result:
        return self.ok("start", "--answers", self.file("answers.json", data), "--today", day(on))

    def session(self, on: int, before: int, after: int, effort: str, walked: int = 0) -> Result:
        return self.ok(
            "session", "--today", day(on), "--speed", "10000",
            "--pain-before", str(before), "--pain-after", str(after),
            "--effort", effort, "--walked", str(walked),
        )  # fmt: skip


@pytest.fixture
def person(tmp_path: Path) -> Person:
    return Person(tmp_path / "home")


def doses(plan: dict[str, Any], week: int) -> dict[str, tuple[int, int, int]]:
    return {
        item["exercise"]: (item["sets"], item["reps"] or 0, item["hold_seconds"] or 0)
        for d in plan["weeks"][week - 1]["days"]
        for s in d["sessions"]
        for item in s["items"]
    }


def test_a_new_user_starts_then_sessions_diary_and_a_review_change_the_plan_with_reasons(
    person: Person,
) -> None:
    started = person.start()
    assert "Your plan starts on Monday 3 March" in started.stdout
    assert "Saved." in started.stdout
    today = flat(person.ok("today", "--today", day(1)).stdout)
    assert "Tuesday 4 March: day 2" in today and "Why:" in today
    for n in range(7):
        person.ok("log", "pain", "--pain", "2", "--today", day(n))
        walked = person.json("today", "--today", day(n))["day"]["walking"]["minutes"]
        person.session(n, 2, 3, "too_easy", walked)
    person.ok("log", "pain", "--pain", "2", "--today", day(7))
    person.ok("log", "sleep", "--hours", "7.5", "--quality", "8", "--today", day(7))
    person.ok("log", "sitting", "--hours", "6", "--today", day(6), "--date", day(6))

    early = flat(person.ok("review", "--today", day(6)).stdout)
    assert "No weekly review is due yet" in early and "Monday 10 March" in early

    review = flat(person.ok("review", "--today", day(7)).stdout)
    assert "Week 1 review" in review and "What changes, and why" in review
    assert "too easy" in review and "steps up" in review

    plan = person.json("plan", "--today", day(7))
    assert plan["weeks"][1]["provisional"] is False
    before, after = doses(plan, 1), doses(plan, 2)
    stepped = [ex for ex in after if ex in before and after[ex] > before[ex]]
    assert stepped, (before, after)
    assert plan["weeks"][1]["progression"]["walking"]["why"].startswith("You walked")
    assert any(
        "Your weekly review set this dose" in item["dose_why"]
        for d in plan["weeks"][1]["days"]
        for s in d["sessions"]
        for item in s["items"]
        if item["exercise"] in stepped
    )
    again = person.json("review", "--today", day(8))
    assert again["reviews"] == [] and again["next_due"] == day(14)


def test_a_session_is_logged_with_what_was_done(person: Person) -> None:
    person.start()
    output = person.session(2, 3, 4, "about_right", 15).stdout
    assert "What you did" in output and "Saved." in output
    assert "\a" in output  # the bell at each change
    exported = json.loads(person.ok("export").stdout)
    (log,) = exported["session_logs"]
    assert (log["pain_before"], log["pain_after"], log["effort"]) == (3, 4, "about_right")
    assert log["plan_day"] == 3
    walking = [e for e in log["exercises"] if e["exercise_id"] == "walking"]
    assert walking == [
        {
            "exercise_id": "walking",
            "sets_done": 1,
            "reps_done": None,
            "hold_seconds_done": None,
            "minutes_done": 15,
            "skipped": False,
        }
    ]
    assert all(not e["skipped"] for e in log["exercises"])


def test_the_session_questions_are_asked_when_not_given(person: Person) -> None:
    person.start()
    result = person.ok("session", "--today", day(2), "--speed", "10000", input="3\n11\n4\n2\n\n")
    assert "Pain now, before you start" in result.stdout
    assert "a whole number from 0 to 10" in result.stdout  # 11 is asked again
    log = json.loads(person.ok("export").stdout)["session_logs"][0]
    assert (log["pain_before"], log["pain_after"], log["effort"]) == (3, 4, "about_right")


def test_a_flare_up_steps_back_to_the_relief_set_then_returns(person: Person) -> None:
    person.start()
    for n in range(3):
        person.ok("log", "pain", "--pain", "3", "--today", day(n))
    flare = flat(person.ok("log", "pain", "--pain", "7", "--today", day(3)).stdout)
    assert "Flare-up" in flare and "Heat" in flare
    kinds = [person.json("today", "--today", day(n))["day"]["kind"] for n in range(2, 6)]
    assert kinds == ["plan", "relief", "relief", "plan"]
    assert "relief day" in person.ok("today", "--today", day(4)).stdout
    spasm = person.json(
        "log", "spasm", "--severity", "8", "--minutes", "20", "--trigger", "lifting a box",
        "--at", "07:30", "--today", day(10),
    )  # fmt: skip
    assert spasm["flare"]["relief_dates"] == [day(10), day(11)]
    assert spasm["flare"]["returns_on"] == day(12)


def test_a_new_red_flag_in_the_diary_stops_the_plan_at_once(person: Person) -> None:
    person.start()
    symptoms = person.file("symptoms.json", {"red_flags": {"saddle_numbness": True}})
    result = person.run("log", "symptoms", "--answers", symptoms, "--today", day(4))
    assert result.exit_code == 4, result.output
    assert "EMERGENCY" in result.stdout
    assert "Your plan stopped on Friday 7 March" in flat(result.stdout)
    today = person.run("today", "--today", day(5))
    assert today.exit_code == 4 and "What to do instead" in today.stdout
    assert person.run("session", "--today", day(5), "--pain-before", "3").exit_code == 4
    assert person.run("review", "--today", day(8)).exit_code == 4
    plan = json.loads(person.run("plan", "--json", "--today", day(5)).stdout)
    assert plan["stopped"]["rules"] == ["E-CES-SADDLE"]
    assert [d["kind"] for d in plan["days"][3:6]] == ["plan", "stopped", "stopped"]


def test_the_symptom_questions_stop_at_an_emergency_answer(person: Person) -> None:
    person.start()
    replies = ["n", "n", "y"]  # bladder, bowel, then numbness in the saddle area
    result = person.run("log", "symptoms", "--today", day(2), input="\n".join(replies) + "\n")
    assert result.exit_code == 4, result.output
    assert "EMERGENCY" in result.stdout
    assert "4. " not in result.stdout  # nothing more was asked


def test_new_symptoms_that_allow_a_plan_keep_it(person: Person) -> None:
    person.start()
    legs = person.file("legs.json", {"legs": {"pain_or_numbness": "one_leg"}})
    report = person.json("log", "symptoms", "--answers", legs, "--today", day(2))
    assert report["reported"] is True and report["plan_stopped"] is False
    assert person.run("today", "--today", day(3)).exit_code == 0


def test_start_asks_the_assessment_questions_when_no_file_is_given(person: Person) -> None:
    lines, expected = script(GARDENING_SPASM)
    result = person.ok("start", "--today", day(0), input="\n".join(lines) + "\n")
    assert "SELF-MANAGE" in result.stdout and "Your plan starts on" in result.stdout
    kept = json.loads((person.home / "assessment-answers.json").read_text())
    assert kept == expected
    exported = json.loads(person.ok("export").stdout)
    assert exported["assessments"][0]["answers"]["episode"]["trigger"] == "gardening"


def test_start_at_an_emergency_makes_no_plan_and_exits_4(person: Person) -> None:
    result = person.run(
        "start", "--answers", person.file("e.json", EMERGENCY), "--today", day(0), "--json"
    )
    assert result.exit_code == 4
    triage = json.loads(result.stdout)
    assert triage["format"] == "unknot.triage/v1" and triage["level"] == "emergency"
    assert person.run("plan").exit_code == 1  # no plan was made


ITEM_FIELDS = {"exercise", "sets", "reps", "hold_seconds", "per_side", "rest_seconds", "why"}


def test_plan_from_answers_for_scripts_meets_the_spec_without_any_profile(
    person: Person, tmp_path: Path
) -> None:
    answers = person.file(
        "a.json", json.loads((FIXTURES / "answers/spec_example.json").read_text())
    )
    plan = person.json("plan", "--answers", answers, "--start", "2025-03-03")
    assert not person.home.exists()  # nothing stored, no home made
    assert plan["format"] == "unknot.plan/v1"
    assert plan["generated_for"] == "2025-03-03" and plan["triage_level"] == "self-manage"
    assert [w["number"] for w in plan["weeks"]] == [1, 2, 3, 4]
    assert len(plan["days"]) == 28
    assert [d["date"] for d in plan["days"]] == [day(n) for n in range(28)]
    for d in plan["days"]:
        assert {
            "date",
            "phase",
            "sessions",
            "walking",
            "posture_break_every_minutes",
            "relief",
        } <= (set(d))
        assert d["total_minutes"] <= plan["minutes_per_day"]
        for bout in d["walking"]["bouts"]:
            assert bout["minutes"] > 0 and bout["why"]
        for session in d["sessions"]:
            for item in session["items"]:
                assert ITEM_FIELDS <= set(item) and item["why"]
        for relief in d["relief"]:
            assert relief["why"] and relief["source"]
    assert plan["days"][0]["posture_break_every_minutes"] == 30
    stdin = person.runner.invoke(
        app,
        ["plan", "--answers", "-", "--start", "2025-03-03", "--json"],
        input=(FIXTURES / "answers/spec_example.json").read_text(),
        env=person.env,
    )
    assert json.loads(stdin.stdout) == plan


def test_plan_from_answers_at_emergency_exits_4_with_the_triage_result(person: Person) -> None:
    result = person.run(
        "plan", "--answers", person.file("e.json", EMERGENCY), "--start", day(0), "--json"
    )
    assert result.exit_code == 4
    triage = json.loads(result.stdout)
    assert triage["level"] == "emergency" and triage["rules"] == ["E-CES-BLADDER"]
    assert triage["actions"] and triage["plan_allowed"] is False


@pytest.mark.parametrize(
    ("args", "option", "allowed"),
    [
        (["log", "pain", "--pain", "11"], "--pain", "from 0 to 10"),
        (["log", "pain", "--pain", "two"], "--pain", "from 0 to 10"),
        (["log", "pain", "--pain", "3", "--stiffness", "-1"], "--stiffness", "from 0 to 10"),
        (["log", "pain", "--pain", "3", "--date", "2025-03-10"], "--date", "after today"),
        (["log", "pain", "--pain", "3", "--date", "3/3/25"], "--date", "YYYY-MM-DD"),
        (["log", "spasm", "--severity", "5", "--minutes", "0"], "--minutes", "from 1 to 1440"),
        (["log", "spasm", "--severity", "5", "--minutes", "5", "--at", "7pm"], "--at", "HH:MM"),
        (["log", "steps", "--steps", "200001"], "--steps", "from 0 to 200000"),
        (["log", "sitting", "--hours", "25"], "--hours", "from 0 to 24"),
        (["log", "sleep", "--hours", "8", "--quality", "11"], "--quality", "from 0 to 10"),
        (
            ["log", "walk", "--minutes", "10", "--pain-before", "2", "--pain-after", "12"],
            "--pain-after",
            "from 0 to 10",
        ),
        (
            ["log", "walk", "--minutes", "10", "--pain-before", "2", "--pain-after", "2",
             "--effort", "meh"],
            "--effort",
            "too_easy, about_right or too_hard",
        ),
        (["today", "--today", "2025-02-30"], "--today", "YYYY-MM-DD"),
        (["progress", "--days", "0"], "--days", "from 1 to 366"),
        (["session", "--speed", "0"], "--speed", "more than 0"),
        (["session", "--pain-before", "12"], "--pain-before", "from 0 to 10"),
    ],
)  # fmt: skip
def test_bad_input_exits_3_naming_the_option_and_what_is_allowed(
    person: Person, args: list[str], option: str, allowed: str
) -> None:
    person.start()
    if "--today" not in args:
        args = [*args, "--today", day(6)]
    result = person.run(*args)
    assert result.exit_code == 3, result.output
    assert option in result.stderr and allowed in flat(result.stderr)
    if args[0] != "session":
        error = json.loads(person.run(*args, "--json").stdout)["error"]
        assert error["field"] == option and allowed in error["message"]


def test_plan_with_a_bad_start_date_exits_3(person: Person) -> None:
    answers = person.file("a.json", ANSWERS)
    result = person.run("plan", "--answers", answers, "--start", "tomorrow", "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"]["field"] == "--start"


def test_commands_that_need_a_plan_say_to_start_first(person: Person) -> None:
    for command in (["plan"], ["today"], ["review"], ["session"], ["progress"], ["export"]):
        result = person.run(*command)
        assert result.exit_code == 1, command
        assert "unknot start" in result.stderr


def test_steps_import_reports_days_and_a_bad_file_imports_nothing(
    person: Person, tmp_path: Path
) -> None:
    person.start()
    first = person.json("import", "steps", str(FIXTURES / "steps/plain.csv"), "--today", day(0))
    assert (first["added"], first["updated"], first["unchanged"]) == (4, 0, 0)
    again = flat(person.ok("import", "steps", str(FIXTURES / "steps/plain.csv")).stdout)
    assert "0 days added, 0 updated, 4 unchanged" in again
    bad = tmp_path / "bad.csv"
    bad.write_text("date,steps\n2024-05-01,100\n2024-05-02,lots\n", encoding="utf-8")
    result = person.run("import", "steps", str(bad), "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"]["field"] == "bad.csv:3"
    steps = json.loads(person.ok("export").stdout)["steps"]
    assert sorted(s["date"] for s in steps) == [
        "2024-02-29",
        "2024-03-01",
        "2024-03-02",
        "2024-03-03",
    ]
    assert person.run("import", "steps", str(bad), "--format", "fitbit").exit_code == 3


def test_scores_and_progress_show_the_change_and_write_an_accessible_svg(
    person: Person, tmp_path: Path
) -> None:
    person.start()
    first = person.file("r1.json", {"ticked": list(range(1, 15))})
    later = person.file("r2.json", {"ticked": list(range(1, 9))})
    person.ok("log", "score", "rmdq", "--answers", first, "--today", day(0))
    person.ok("log", "score", "rmdq", "--answers", later, "--today", day(14))
    for n in range(14):
        person.ok("log", "pain", "--pain", str(max(1, 5 - n // 3)), "--today", day(n))
    svg = tmp_path / "progress.svg"
    shown = flat(person.ok("progress", "--today", day(14), "--svg", str(svg)).stdout)
    assert "Your disability score (Roland-Morris) improved by 6 points" in shown
    assert "a change most people notice" in shown
    assert "Roland-Morris Disability Questionnaire" in shown
    root = ElementTree.fromstring(svg.read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "improved by 6 points" in (desc.text or "")
    points = [t.text for t in root.iter(f"{ns}title")][1:]
    assert f"{day(0)}: 14 points" in points and f"{day(14)}: 8 points" in points
    report = person.json("progress", "--today", day(14))
    assert report["format"] == "unknot.progress/v1"
    assert [p["value"] for p in report["scores"][0]["points"]] == [14.0, 8.0]


def test_export_holds_everything_and_delete_my_data_removes_it(
    person: Person, tmp_path: Path
) -> None:
    person.start()
    person.ok("log", "pain", "--pain", "3", "--stiffness", "4", "--today", day(1))
    person.ok("log", "spasm", "--severity", "4", "--minutes", "10", "--today", day(1))
    person.ok("log", "steps", "--steps", "5000", "--today", day(1))
    person.ok("log", "sitting", "--hours", "7", "--today", day(1))
    person.ok("log", "sleep", "--hours", "6", "--woken-by-pain", "--today", day(1))
    person.ok("log", "walk", "--minutes", "12", "--pain-before", "3", "--pain-after", "2",
              "--today", day(1))  # fmt: skip
    person.ok("log", "score", "rmdq", "--answers", person.file("r.json", {"ticked": [1]}))
    person.ok("review", "--today", day(8))
    out = tmp_path / "export.json"
    person.ok("export", "--format", "json", "--output", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert all(document[name] for name in EXPORT_SECTIONS), {
        name: len(document[name]) for name in EXPORT_SECTIONS
    }
    csv_text = person.ok("export", "--format", "csv").stdout
    assert csv_text.startswith("section,record_id,date,field,value\n")
    assert {line.split(",")[0] for line in csv_text.splitlines()[1:]} >= set(EXPORT_SECTIONS)
    assert person.run("export", "--format", "xml").exit_code == 3

    kept = person.run("delete-my-data", input="n\n")
    assert kept.exit_code == 1 and "Nothing was deleted" in kept.stdout
    assert json.loads(person.ok("export").stdout)["pain_entries"]
    gone = person.ok("delete-my-data", input="y\n")
    assert "unknot keeps nothing about you now" in flat(gone.stdout)
    assert person.run("export").exit_code == 1
    assert not (person.home / "assessment-answers.json").exists()
    with sqlite3.connect(person.home / "unknot.db") as db:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert {t: n for t, n in counts.items() if n and t != "alembic_version"} == {}


def test_delete_my_data_with_yes_does_not_ask(person: Person) -> None:
    person.start()
    result = person.ok("delete-my-data", "--yes")
    assert "Delete everything" not in result.stdout
    assert person.run("today").exit_code == 1


def test_the_clock_can_be_set_by_the_environment(person: Person) -> None:
    person.start()
    person.env["UNKNOT_TODAY"] = day(9)
    assert "Wednesday 12 March: day 10" in person.ok("today").stdout
    assert "Thursday 13 March" in person.ok("today", "--today", day(10)).stdout


@pytest.mark.parametrize(
    ("values", "width", "rows"),
    [
        ([0, 10], 1, [" █", " █"]),
        ([5, None], 1, ["  ", f"█{MISSING}"]),
        ([2.5, 7.5], 1, [f" {BLOCKS[4]}", f"{BLOCKS[4]}█"]),
        ([-3, 12], 1, [" █", " █"]),
        ([10, 1.25], 2, ["██  ", f"██{BLOCKS[2] * 2}"]),
    ],
)
def test_a_terminal_column_chart_fills_eighths_of_a_cell(
    values: list[float | None], width: int, rows: list[str]
) -> None:
    assert column_chart(values, 0, 10, height=2, width=width) == rows


def test_symptoms_before_starting_still_say_when_to_get_help(person: Person) -> None:
    symptoms = person.file("s.json", {"red_flags": {"new_bladder_change": True}})
    result = person.run("log", "symptoms", "--answers", symptoms)
    assert result.exit_code == 1
    assert "When to get help now" in result.stdout
    assert "999, 112, 911" in flat(result.stdout)
    assert "unknot start" in result.stderr
