"""The terminal journey with ``UNKNOT_DATABASE_URL`` set: the same commands on SQLite and on
PostgreSQL (when reachable)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, func, select

from tests.e2e.test_cli_journey import Person, day
from unknot.adapters.orm import PainEntryRow, PersonRow, PlanRow


def test_the_journey_runs_on_the_database_named_by_the_url(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    person = Person(tmp_path / "home")
    person.env["UNKNOT_DATABASE_URL"] = database_url
    person.start()
    person.ok("log", "pain", "--pain", "2", "--today", day(0))
    person.ok("log", "pain", "--pain", "8", "--today", day(1))  # a flare-up: a second plan
    today = person.json("today", "--today", day(1))
    assert today["day"]["kind"] == "relief"
    person.ok("session", "--today", day(2), "--speed", "10000", "--pain-before", "3",
              "--pain-after", "3", "--effort", "about_right", "--walked", "10")  # fmt: skip
    assert json.loads(person.ok("review", "--today", day(7), "--json").stdout)["reviews"]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(PainEntryRow)) == 2
        assert connection.scalar(select(func.count()).select_from(PlanRow)) == 3
    assert not (person.home / "unknot.db").exists()  # the URL's database, not a local file
    person.ok("delete-my-data", "--yes")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(PersonRow)) == 0
        assert connection.scalar(select(func.count()).select_from(PlanRow)) == 0
