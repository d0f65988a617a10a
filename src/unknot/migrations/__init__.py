"""The database schema's history (Alembic), shipped inside the package and run by unknot itself.

At start-up, :func:`ensure_schema` builds the engine for the settings and brings the schema to
the newest version; users never need an ``alembic.ini``. To add a migration, see ``README``
in this directory.

Several processes may start at once against one database: the upgrade takes a lock first
(PostgreSQL: an advisory lock; SQLite: ``BEGIN IMMEDIATE``), so only one of them migrates and
the others find the schema current.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, text

from unknot.adapters.db import BEGIN_OPTION, create_engine_for
from unknot.settings import Settings

MIGRATIONS_DIR: Final = Path(__file__).parent
"""This directory: ``env.py``, ``script.py.mako`` and ``versions/``."""

POSTGRES_MIGRATION_LOCK: Final = 0x756E6B6E6F74
"""Key of the PostgreSQL advisory lock held while migrating (``unknot`` in ASCII)."""


def target_metadata() -> MetaData:
    """Every table unknot has: ``Base.metadata`` once every table module is imported.

    Tables live in :mod:`unknot.adapters.orm` and in any ``unknot.adapters.*_orm`` module
    (the web app's accounts, for one), all on the same ``Base``. Migrations are compared with
    this, so a table module that is never imported cannot look like a table to drop.
    """
    import unknot.adapters as adapters
    from unknot.adapters.orm import Base

    for module in pkgutil.iter_modules(adapters.__path__):
        if module.name.endswith("_orm"):
            importlib.import_module(f"{adapters.__name__}.{module.name}")
    return Base.metadata


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for unknot's migrations, optionally bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR / 'versions'}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _locked(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK}
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest), in one transaction."""
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as connection:
        with connection.begin():
            _locked(connection)
            command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (default: empty). Destroys data: tests only."""
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as connection:
        with connection.begin():
            _locked(connection)
            command.downgrade(alembic_config(connection), revision)


def ensure_schema(settings: Settings) -> Engine:
    """Start-up in one call: the engine for ``settings``, its schema migrated to the newest.

    Creates ``UNKNOT_HOME`` (mode 0700) when the database is the local SQLite file.
    """
    engine = create_engine_for(settings)
    upgrade(engine)
    return engine
