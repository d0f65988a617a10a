"""Getting a server process ready before its first visitor.

The content (exercise library, articles, questionnaire, references, drawings) is read once per
process and kept. Left to the first requests, every thread of the pool that happens to need it
at once reads it, each on its own (the caches do not lock), and the first visitors wait for it.
A server therefore reads it all, and compiles every page template, as it starts.

Then it hands what it will keep for its whole life to :func:`gc.freeze`: CPython's cycle
collector never has to walk those objects again. Under load the collector's full passes over
the content and the compiled templates stalled every request in flight for tens of
milliseconds, the largest share of the worst latencies (``bench/web.py``). Objects are still
freed by reference counting as usual; only a reference cycle among the frozen objects would
be kept, and those live as long as the process anyway.

Tests build many apps in one process and do not settle them (see :func:`create_app`'s
``serving``): frozen objects of an app that is thrown away would stay.
"""

from __future__ import annotations

import gc

import jinja2

from unknot.content.articles import load_articles
from unknot.content.exercises import load_exercises
from unknot.content.library import load_library
from unknot.content.questionnaire import load_questionnaire
from unknot.content.references import load_references
from unknot.web.views import illustration_svg


def warm_up(env: jinja2.Environment) -> int:
    """Read every content file this process keeps and compile every template of ``env``;
    returns how many templates were compiled."""
    load_library()
    load_articles()
    load_questionnaire()
    load_references()
    for exercise in load_exercises():
        illustration_svg(exercise.id)
    names = env.list_templates(extensions=["html"])
    for name in names:
        env.get_template(name)
    return len(names)


def settle() -> None:
    """Collect what the start-up left behind, then freeze the rest out of the cycle
    collector's way (see the module docstring)."""
    gc.collect()
    gc.freeze()
