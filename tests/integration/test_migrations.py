"""Migrations on SQLite and PostgreSQL: empty to head, head to base, and the ORM agrees with
the migrated schema (Alembic's autogenerate comparison finds nothing to do)."""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from unknot.adapters.db import make_engine
from unknot.migrations import (
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    downgrade,
    ensure_schema,
    head_revision,
    target_metadata,
    upgrade,
)
from unknot.settings import load_settings

ALL_TABLES = {
    "people",
    "assessments",
    "plans",
    "session_logs",
    "pain_entries",
    "spasm_episodes",
    "steps",
    "sitting_entries",
    "sleep_entries",
    "questionnaire_scores",
    "reviews",
}
"""The storage tables, named here rather than read from the code under test (other table modules,
such as the web app's accounts, add theirs)."""


def every_table() -> set[str]:
    """What a database at head holds: every table of every table module, and Alembic's own."""
    return set(target_metadata().tables) | {"alembic_version"}


@pytest.fixture
def empty_engine(empty_database_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_database_url)
    yield engine
    engine.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, target_metadata()))


def test_upgrade_from_empty_creates_every_table_and_records_the_head(empty_engine: Engine) -> None:
    assert tables(empty_engine) == set()
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert tables(empty_engine) == every_table()
    assert ALL_TABLES < every_table()
    assert current_revision(empty_engine) == head_revision()


def test_the_orm_matches_the_migrated_schema_exactly(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert differences(empty_engine) == []


def test_the_comparison_notices_a_schema_that_drifted(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_pain_entries_person_id_day"))
        connection.execute(text("ALTER TABLE sleep_entries ADD COLUMN mood INTEGER"))
    found = repr(differences(empty_engine))
    assert "ix_pain_entries_person_id_day" in found
    assert "mood" in found


def test_downgrade_to_base_removes_every_table(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    downgrade(empty_engine)
    assert tables(empty_engine) == {"alembic_version"}
    assert current_revision(empty_engine) is None


def test_upgrade_after_downgrade_gives_the_same_schema_again(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    downgrade(empty_engine)
    upgrade(empty_engine)
    assert differences(empty_engine) == []


def test_upgrading_a_current_database_changes_nothing(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO people (created_at, is_local_profile) VALUES (:at, :local)"),
            {"at": "2024-05-06 07:00:00", "local": True},
        )
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM people")).scalar() == 1
    assert current_revision(engine) == head_revision()


def test_processes_starting_at_once_migrate_once_and_all_succeed(empty_database_url: str) -> None:
    errors: list[Exception] = []
    engines = [make_engine(empty_database_url) for _ in range(3)]

    def start(engine: Engine) -> None:
        try:
            upgrade(engine)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert current_revision(engines[0]) == head_revision()
        assert differences(engines[0]) == []
    finally:
        for engine in engines:
            engine.dispose()


def test_ensure_schema_makes_a_private_home_and_a_current_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    home = tmp_path / "new-home"
    engine = ensure_schema(load_settings(home=home))
    try:
        assert current_revision(engine) == head_revision()
        assert ALL_TABLES < tables(engine) == every_table()
    finally:
        engine.dispose()
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700


def test_the_migrations_form_one_line_with_numbered_files() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    revisions = list(scripts.walk_revisions())
    assert len(scripts.get_heads()) == 1
    assert revisions[-1].down_revision is None
    for revision in revisions:
        path = Path(str(revision.path))
        assert re.fullmatch(r"\d{4}_[a-z0-9_]+\.py", path.name), path.name
        assert path.name.startswith(revision.revision)
        assert path.parent == MIGRATIONS_DIR / "versions"
