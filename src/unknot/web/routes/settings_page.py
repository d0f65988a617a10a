"""``/settings``: reminder times and time zone, the plan as a calendar file with alarms,
exporting everything kept (JSON or CSV), and deleting the account (after a confirmation)."""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from unknot.domain.reminders import MAX_ALARM_MINUTES, MAX_WALK_TIMES, Reminders
from unknot.errors import InvalidInput
from unknot.services.calendar import plan_calendar
from unknot.services.export import delete_my_data
from unknot.services.reminders import (
    export_everything,
    export_everything_csv,
    save_reminders,
    saved_reminders,
)
from unknot.web.auth import clear_session_cookie, set_current_user
from unknot.web.context import web_context
from unknot.web.forms import FormReader, posted
from unknot.web.journey import Visit, plan_cache, reminders_uow, signed_in, to_sign_in, uow
from unknot.web.render import render
from unknot.web.signing import mac

router = APIRouter(include_in_schema=False)

ALARM_CHOICES: Final = (0, 5, 10, 15, 30, 60, MAX_ALARM_MINUTES)
"""Minutes before an event that its alarm may ring (0: as it starts)."""

WALK_FIELDS: Final = tuple(f"walk_{n}" for n in range(1, MAX_WALK_TIMES + 1))

CLEAR_SITE_DATA: Final = '"cache", "storage"'
"""Sent when an account is deleted: the browser drops the copy of /today kept for offline use
and any session log waiting to be sent (W3C Clear Site Data)."""

CONFIRM_FIELD: Final = "confirm"


def _form_values(reminders: Reminders) -> dict[str, str]:
    values = {
        "time_zone": reminders.time_zone,
        "session_time": reminders.session_time.strftime("%H:%M"),
        "alarm_minutes": str(reminders.alarm_minutes),
    }
    for name, time in zip(WALK_FIELDS, reminders.walk_times, strict=False):
        values[name] = time.strftime("%H:%M")
    return values


def settings_page(
    request: Request,
    visit: Visit,
    *,
    saved: bool = False,
    errors: dict[str, str] | None = None,
    sent: dict[str, str] | None = None,
) -> Response:
    errors = errors or {}
    with uow(request, read_only=True) as work:
        active = plan_cache(request).active(work, visit.person_id, visit.plan_key)
    return render(
        request,
        "settings.html",
        {
            "title": "Settings" if not errors else "Error: Settings",
            "values": sent if sent is not None else _form_values(visit.reminders),
            "errors": errors,
            "saved": saved,
            "alarm_choices": ALARM_CHOICES,
            "walk_fields": WALK_FIELDS,
            "has_plan": active is not None and active.plan.stopped is None,
            "plan_end": active.plan.end.isoformat() if active is not None else "",
            "time_zone": visit.reminders.time_zone,
        },
        status_code=422 if errors else 200,
    )


@router.get("/settings")
def settings(request: Request, saved: str = "") -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    return settings_page(request, visit, saved=bool(saved))


@router.post("/settings/reminders")
async def save_reminder_settings(request: Request) -> Response:
    return await posted(request, _save_reminder_settings)


def _save_reminder_settings(request: Request, form_data: FormData) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    form = FormReader(form_data)
    data: dict[str, Any] = {"time_zone": form.text("time_zone") or "UTC"}
    session = form.time("session_time", required=True)
    walks = [form.time(name) for name in WALK_FIELDS]
    alarm = form.whole("alarm_minutes", required=True)
    if not form.errors:
        data.update(
            session_time=session,
            walk_times=[time for time in walks if time is not None],
            alarm_minutes=alarm,
        )
        try:
            with reminders_uow(request) as work:
                save_reminders(work, visit.person_id, data, now=visit.now)
        except InvalidInput as error:
            field = "walk_1" if error.field.startswith("walk_times") else error.field
            form.errors[field] = error.message
        else:
            return RedirectResponse("/settings?saved=1#reminders", status_code=303)
    return settings_page(request, visit, errors=form.errors, sent=form.sent())


def calendar_owner(request: Request, person_id: int) -> str:
    """What makes a person's event ids theirs without saying who they are."""
    return mac(web_context(request).secret, "calendar", str(person_id).encode())


@router.get("/settings/calendar.ics")
def calendar(request: Request) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    with uow(request, read_only=True) as work:
        active = plan_cache(request).active(work, visit.person_id, visit.plan_key)
    body = plan_calendar(
        active.plan if active is not None else None,
        visit.reminders,
        today=visit.today,
        now=visit.now,
        owner=calendar_owner(request, visit.person_id),
        link=str(request.url_for("today")),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="unknot-plan.ics"'},
    )


def _export(request: Request, visit: Visit, kind: str) -> Response:
    with reminders_uow(request, read_only=True) as work:
        reminders = saved_reminders(work, visit.person_id)
    stamp = visit.today.isoformat()
    with uow(request, read_only=True) as work:
        if kind == "csv":
            return Response(
                export_everything_csv(work, visit.person_id, reminders),
                media_type="text/csv; charset=utf-8",
                headers={
                    "Content-Disposition": f'attachment; filename="unknot-export-{stamp}.csv"'
                },
            )
        document = export_everything(work, visit.person_id, reminders)
    return JSONResponse(
        document,
        headers={"Content-Disposition": f'attachment; filename="unknot-export-{stamp}.json"'},
    )


@router.get("/settings/export.json")
def export_json_file(request: Request) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    return _export(request, visit, "json")


@router.get("/settings/export.csv")
def export_csv_file(request: Request) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    return _export(request, visit, "csv")


@router.get("/settings/delete")
def delete_confirm(request: Request) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    return render(
        request,
        "delete_account.html",
        {"title": "Delete your account", "error": "", "visit": visit},
    )


def erase(request: Request, person_id: int) -> dict[str, int]:
    """Erase the person and everything kept about them (their sign-in sessions and settings
    go with them), and forget their plan in this process."""
    with uow(request) as work:
        deleted = delete_my_data(work, person_id)
    plan_cache(request).forget(person_id)
    return deleted


@router.post("/settings/delete")
async def delete_account(request: Request) -> Response:
    return await posted(request, _delete_account)


def _delete_account(request: Request, form_data: FormData) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    form = FormReader(form_data)
    if not form.ticked(CONFIRM_FIELD):
        return render(
            request,
            "delete_account.html",
            {
                "title": "Error: Delete your account",
                "error": "tick the box to confirm that you want everything deleted",
                "visit": visit,
            },
            status_code=422,
        )
    erase(request, visit.person_id)
    set_current_user(request, None)
    response = render(request, "account_deleted.html", {"title": "Your account is deleted"})
    clear_session_cookie(request, response)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
