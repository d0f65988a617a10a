"""What the session pages show: each item of a plan day with its exercise's steps and drawing,
and the timed script the player (``static/js/player.js``) runs.

The script is :func:`unknot.services.guided.session_script`, the same steps the terminal's
guided session runs (get ready, each set and side, a pause to change sides, rests), so both
time a session alike. It travels to the browser as JSON in a ``data-`` attribute: the
Content-Security-Policy allows no inline script.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from markupsafe import Markup, escape

from unknot.content.exercises import Exercise, get_exercise
from unknot.domain.plan import Item
from unknot.errors import NotFound
from unknot.services.guided import MAX_SPEED, session_script
from unknot.web.views import illustration_svg

NORMAL_SPEED: Final = 1.0


@dataclass(frozen=True)
class ItemView:
    """One item of a session as a page shows it."""

    index: int
    item: Item
    exercise: Exercise | None
    """The exercise's content (steps, cautions); ``None`` if the library no longer has it."""
    illustrated: bool

    @property
    def picture(self) -> str:
        return f"/exercises/{self.item.exercise}/illustration.svg"

    @property
    def still(self) -> str:
        return f"/exercises/{self.item.exercise}/still.svg"

    @property
    def strip(self) -> str:
        return f"/exercises/{self.item.exercise}/strip.svg"


def _exercise(ident: str) -> Exercise | None:
    try:
        return get_exercise(ident)
    except NotFound:
        return None


def item_views(items: Sequence[Item]) -> list[ItemView]:
    return [
        ItemView(n, item, _exercise(item.exercise), illustration_svg(item.exercise) is not None)
        for n, item in enumerate(items)
    ]


def player_steps(items: Sequence[Item]) -> list[dict[str, Any]]:
    """The guided session's steps, in order, as the player reads them."""
    return [
        {
            "kind": str(step.kind),
            "item": step.item,
            "name": step.name,
            "label": step.label(),
            "seconds": step.seconds,
            "set": step.set_number,
            "sets": step.sets,
            "side": None if step.side is None else str(step.side),
            "reps": step.reps,
            "perRep": step.seconds_per_rep,
        }
        for step in session_script(items)
    ]


@functools.lru_cache(maxsize=1024)
def _script(items: tuple[Item, ...]) -> tuple[Markup, int]:
    steps = player_steps(items)
    text = json.dumps(steps, separators=(",", ":"))
    return escape(text), sum(int(step["seconds"]) for step in steps)


def player_json(items: Sequence[Item]) -> Markup:
    """The steps as compact JSON, escaped for an HTML attribute once (kept per list of items:
    a plan day's items do not change), so that a page does not escape the same ten
    kilobytes again each time."""
    return _script(tuple(items))[0]


def session_minutes(items: Sequence[Item]) -> int:
    """How long the guided session takes, in whole minutes rounded up."""
    return math.ceil(_script(tuple(items))[1] / 60)


def clock_speed(requested: float | None, *, allowed: bool) -> float:
    """How fast the player's clock runs: normal, unless the app runs in test mode and a test
    asked for more (at most :data:`unknot.services.guided.MAX_SPEED`)."""
    if not allowed or requested is None or not 0 < requested <= MAX_SPEED:
        return NORMAL_SPEED
    return requested
