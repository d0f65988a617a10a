"""The web app's link to the database: set up at start-up, checked by ``/healthz``.

Kept apart so that the pages that need no database (everything public) work without one.
"""

from __future__ import annotations

from unknot.settings import Settings


def prepare_database(settings: Settings) -> None:
    """Bring the schema up to date before serving. A no-op until the storage layer exists."""
    try:
        from unknot.adapters.db import create_engine_for
        from unknot.migrations import upgrade
    except ImportError:
        return
    engine = create_engine_for(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
