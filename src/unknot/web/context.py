"""What every request can reach: the settings, the secret, the templates and the clock.

Built once by :func:`unknot.web.app.create_app` and kept on ``app.state.web``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from starlette.requests import Request
from starlette.templating import Jinja2Templates

from unknot.settings import Settings


@dataclass(frozen=True)
class WebContext:
    settings: Settings
    secret: bytes
    templates: Jinja2Templates
    clock: Callable[[], dt.datetime]
    """Now, as an aware datetime; tests pass a fixed or fast clock."""
    database: Any = None
    """The storage (:class:`unknot.web.storage.Storage`) once accounts are wired, else None."""
    test_mode: bool = False
    """Set by tests only: lets ``/today?speed=N`` run the session player's clock N times
    faster, so that a browser test can run a whole session in seconds."""


def web_context(request: Request) -> WebContext:
    """The :class:`WebContext` of the app serving ``request``."""
    return cast(WebContext, request.app.state.web)
