"""``/today``: today's session, guided in the browser, then logged.

The page lists the day's items (drawing, steps, dose, why) and the log questions, so it works
without JavaScript. ``static/js/player.js`` then takes over the timing: a large countdown for
each hold, set of repetitions, side and rest, a sound and a spoken-word announcement at each
change, pause and skip, the screen kept awake, and afterwards the sets done filled in for the
log. Posting the log stores it with :func:`unknot.services.planned_session.planned_log`
and :func:`unknot.web.journey.store_session_log`.
"""

from __future__ import annotations

import functools
from typing import Any, Final

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from unknot.domain.plan import DayKind, Item
from unknot.domain.plan.model import long_date
from unknot.domain.records import MAX_EXERCISE_MINUTES, Effort
from unknot.domain.triage.advice import SAFETY_NET
from unknot.errors import InvalidInput
from unknot.services.plan_cache import PlanCache, PlanDay
from unknot.services.planned_session import planned_log
from unknot.services.plans import DayStatus
from unknot.web.context import web_context
from unknot.web.forms import PAIN_SCALE, FormReader, posted
from unknot.web.journey import (
    Visit,
    active_plan_of,
    kept_plan_of,
    signed_in,
    signed_in_off_loop,
    store_session_log,
    to_sign_in,
)
from unknot.web.player import clock_speed, item_views, player_json, session_minutes
from unknot.web.render import render

router = APIRouter(include_in_schema=False)

EFFORTS: Final = (
    (Effort.TOO_EASY, "Too easy"),
    (Effort.ABOUT_RIGHT, "About right"),
    (Effort.TOO_HARD, "Too hard"),
)
"""How a session felt, as the log asks it (the weekly review reads it)."""

SETS_PREFIX: Final = "sets-"
"""Form fields ``sets-0``, ``sets-1``, ...: the sets done of each item of the day."""


def _form_field(service_field: str) -> str:
    """The form field that shows a service's error about ``service_field``."""
    if service_field.startswith("sets_done."):
        return SETS_PREFIX + service_field.removeprefix("sets_done.")
    if service_field.startswith("exercises"):
        return "walk_minutes"
    return service_field


def _kept_day(request: Request, visit: Visit) -> PlanDay | None:
    """Today's day of a plan this process keeps, or ``None`` (no plan, or not kept)."""
    kept = kept_plan_of(request, visit)
    return None if kept is None else PlanCache.day_of(kept, visit.today)


def _plan_day(request: Request, visit: Visit) -> PlanDay | None:
    """Today's day of the person's active plan (read and restored when not kept), or
    ``None`` without a plan."""
    active = active_plan_of(request, visit)
    return None if active is None else PlanCache.day_of(active, visit.today)


@functools.lru_cache(maxsize=4)
def _fields_fragments(env: jinja2.Environment) -> dict[str, Markup]:
    """The log's questions as HTML, drawn once: they are the same for everyone until a form
    comes back with errors (then the page draws them with what was sent)."""
    context = {"errors": {}, "sent": {}, "pain_scale": PAIN_SCALE, "efforts": EFFORTS}
    return {
        name: Markup(env.get_template(f"_today_{name}.html").render(context))
        for name in ("pain_before", "log")
    }


@functools.lru_cache(maxsize=512)
def _items_fragment(env: jinja2.Environment, items: tuple[Item, ...]) -> Markup:
    """The list of items as HTML, drawn once per list: a plan day's items do not change."""
    template = env.get_template("_session_items.html")
    return Markup(template.render(items=item_views(items), errors={}, sent={}))


def today_page(
    request: Request,
    visit: Visit,
    view: PlanDay | None,
    *,
    speed: float | None = None,
    saved: str = "",
    errors: dict[str, str] | None = None,
    sent: dict[str, str] | None = None,
) -> Response:
    """The page for ``view`` (from :func:`_plan_day`); draws, reads nothing."""
    day = view.day if view is not None else None
    stopped = view is not None and view.stopped
    items = day.items() if day is not None and not stopped else []
    errors = errors or {}
    env = web_context(request).templates.env
    drawn_once = not errors and not sent
    context: dict[str, Any] = {
        "title": "Today" if not errors else "Error: Today",
        "date_label": long_date(visit.today),
        "today": visit.today.isoformat(),
        "view": view,
        "status": view.status if view is not None else None,
        "statuses": DayStatus,
        "day": day,
        "relief_day": day is not None and day.kind is DayKind.RELIEF,
        "stopped": view.plan.stopped if view is not None and stopped else None,
        "safety_net": view.plan.safety_net if view is not None else SAFETY_NET,
        # Drawn once, the list needs only to know there are items; otherwise their views.
        "items": item_views(items) if not drawn_once else items,
        "items_html": _items_fragment(env, tuple(items)) if drawn_once else None,
        "fields_html": _fields_fragments(env) if drawn_once else None,
        "steps_json": player_json(items),
        "session_minutes": session_minutes(items),
        "speed": clock_speed(speed, allowed=web_context(request).test_mode),
        "pain_scale": PAIN_SCALE,
        "efforts": EFFORTS,
        "max_walk": MAX_EXERCISE_MINUTES,
        "errors": errors,
        "sent": sent or {},
        "saved": saved,
        "sessions_logged": visit.sessions_today,
    }
    return render(request, "today.html", context, status_code=422 if errors else 200)


@router.get("/today")
async def today(request: Request) -> Response:
    """Async: the reads run in the database threads, and the page is drawn on the event loop
    (see :mod:`unknot.web.storage`). Its two query parameters are read here, not declared to
    FastAPI, which would check them on every view: ``saved`` (the date of a log just saved,
    for its notice) and ``speed`` (the player's clock in test mode; a value that is not a
    number is ignored, as it is outside test mode)."""
    visit = await signed_in_off_loop(request)
    if visit is None:
        return to_sign_in()
    view = _kept_day(request, visit)
    if view is None and visit.plan_key is not None:
        view = await web_context(request).database.call(_plan_day, request, visit)
    query = FormReader(request.query_params)
    speed = query.decimal("speed")  # a value that is not a number is None: normal speed
    return today_page(request, visit, view, speed=speed, saved=query.text("saved")[:10])


@router.post("/today")
async def log_today(request: Request) -> Response:
    return await posted(request, _log_today)


def _log_today(request: Request, form_data: FormData) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    form = FormReader(form_data)
    date = form.date("date", visit.today)
    pain_before = form.whole(
        "pain_before", required=True, message="choose your pain before the session, 0 to 10"
    )
    pain_after = form.whole(
        "pain_after", required=True, message="choose your pain after the session, 0 to 10"
    )
    effort = form.choice(
        "effort", {str(e): e for e, _ in EFFORTS}, message="choose how hard the session felt"
    )
    walk = form.whole("walk_minutes")
    sets: dict[int, int] = {}
    for key in form.form.keys():
        if key.startswith(SETS_PREFIX) and key.removeprefix(SETS_PREFIX).isdigit():
            value = form.whole(key)
            if value is not None:
                sets[int(key.removeprefix(SETS_PREFIX))] = value
    if not form.errors:
        try:
            log = planned_log(
                active_plan_of(request, visit),
                date=date,
                sets_done=sets,
                pain_before=pain_before,
                pain_after=pain_after,
                effort=effort,
                walk_minutes=walk,
                today=visit.today,
            )
            store_session_log(request, visit, log)
        except InvalidInput as error:
            form.errors[_form_field(error.field)] = error.message
        else:
            return RedirectResponse(f"/today?saved={date.isoformat()}", status_code=303)
    view = _plan_day(request, visit)
    return today_page(request, visit, view, errors=form.errors, sent=form.sent())
