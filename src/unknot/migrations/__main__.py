"""Developer commands for migrations; users never need them (unknot migrates at start-up).

python -m unknot.migrations new "add accounts"   # write the next numbered migration
python -m unknot.migrations upgrade              # migrate the settings' database
python -m unknot.migrations current              # the revision it is at
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from unknot.adapters.db import create_engine_for, make_engine
from unknot.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    target_metadata,
    upgrade,
)
from unknot.settings import load_settings


def next_revision_id() -> str:
    """``0002`` after ``0001``: revisions are numbered in order."""
    scripts = ScriptDirectory.from_config(alembic_config())
    numbers = [
        int(r.revision) for r in scripts.walk_revisions() if re.fullmatch(r"\d+", r.revision)
    ]
    return f"{max(numbers, default=0) + 1:04d}"


def new_migration(message: str) -> bool:
    """Compare the ORM with a scratch database at head and write what differs as a migration.

    False (and nothing written) when the ORM matches the newest migration.
    """
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'head.db'}")
        try:
            upgrade(engine)
            with engine.begin() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                if not compare_metadata(context, target_metadata()):
                    return False
                command.revision(
                    alembic_config(connection),
                    message=message,
                    autogenerate=True,
                    rev_id=next_revision_id(),
                )
        finally:
            engine.dispose()
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m unknot.migrations", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write the next migration from the ORM's changes")
    new.add_argument("message", help='what it does, e.g. "add accounts"')
    commands.add_parser("upgrade", help="migrate the database of the settings to the newest")
    commands.add_parser("current", help="show the revision of the settings' database")
    arguments = parser.parse_args(argv)

    if arguments.command == "new":
        if not new_migration(arguments.message):
            raise SystemExit("The ORM matches the newest migration: nothing to write.")
        return
    settings = load_settings()
    engine = create_engine_for(settings)
    try:
        if arguments.command == "upgrade":
            upgrade(engine)
        print(
            f"{settings.describe_database()}: {current_revision(engine)} (newest {head_revision()})"
        )
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
