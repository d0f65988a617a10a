"""Alembic's environment for unknot: compares migrations with every table module
(:func:`unknot.migrations.target_metadata`).

unknot runs migrations itself (:func:`unknot.migrations.upgrade`), handing over an open
connection in ``config.attributes["connection"]``; no ``alembic.ini`` is needed. Run alone
(``python -m unknot.migrations ...``), it uses the database of the settings.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from unknot.adapters.orm import UTCDateTime
from unknot.migrations import target_metadata


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write unknot's UTC datetime type as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from unknot.adapters.db import create_engine_for
    from unknot.settings import load_settings

    engine = create_engine_for(load_settings())
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "unknot's migrations run against a database; offline (--sql) mode is not set up"
    )
_run_online()
