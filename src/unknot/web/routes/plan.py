"""``/plan``: the person's plan a week at a time, each item with its dose and why; and
``/plan/print``: a handout of one day's exercises (drawings as numbered strips, steps, dose and
cautions) with a print stylesheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from unknot.domain.plan import DayKind, Item, Plan, Week
from unknot.domain.plan.model import long_date, short_date
from unknot.services.plan_cache import PlanCache
from unknot.services.planned_session import planned_items
from unknot.services.plans import ActivePlan
from unknot.web.journey import Visit, plan_cache, signed_in, to_sign_in, uow
from unknot.web.player import item_views
from unknot.web.render import render
from unknot.web.views import citations

router = APIRouter(include_in_schema=False)


def _active(request: Request, visit: Visit) -> ActivePlan | None:
    cache: PlanCache = plan_cache(request)
    if visit.plan_key is None:
        return None
    with uow(request, read_only=True) as work:
        return cache.active(work, visit.person_id, visit.plan_key)


def _week(plan: Plan, number: int | None, today: dt.date) -> Week:
    if number is not None:
        for week in plan.weeks:
            if week.number == number:
                return week
    found = plan.week_of(today)
    if found is not None:
        return found
    return plan.weeks[0] if today < plan.generated_for else plan.weeks[-1]


def _whys(week: Week) -> list[Item]:
    """Each exercise of the week once, in the order it first comes."""
    seen: dict[str, Item] = {}
    for day in week.days:
        for item in day.items():
            seen.setdefault(item.exercise, item)
    return list(seen.values())


@router.get("/plan")
def plan_page(request: Request, week: int | None = None) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    active = _active(request, visit)
    context: dict[str, Any] = {"title": "Your plan", "plan": None}
    if active is not None:
        plan = active.plan
        shown = _week(plan, week, visit.today)
        numbers = [w.number for w in plan.weeks]
        context.update(
            plan=plan,
            week=shown,
            today=visit.today,
            previous=shown.number - 1 if shown.number - 1 in numbers else None,
            following=shown.number + 1 if shown.number + 1 in numbers else None,
            whys=_whys(shown),
            kinds=DayKind,
            long_date=long_date,
            short_date=short_date,
            references=citations(plan.references),
            title=f"Your plan, week {shown.number}",
        )
    return render(request, "plan.html", context)


@router.get("/plan/print")
def plan_print(request: Request, date: dt.date | None = None) -> Response:
    """A handout of one day (today unless ``date`` is given)."""
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    day = date or visit.today
    active = _active(request, visit)
    items = planned_items(active, day)
    plan_day = None
    if active is not None and active.plan.generated_for <= day <= active.plan.end:
        plan_day = active.plan.day(day)
    return render(
        request,
        "plan_print.html",
        {
            "title": f"Your exercises for {long_date(day)}",
            "date_label": long_date(day),
            "day": plan_day,
            "items": item_views(items),
            "safety_net": active.plan.safety_net if active is not None else (),
        },
    )
