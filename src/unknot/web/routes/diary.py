"""``/diary``: a quick daily log (pain, a spasm, steps, sitting, sleep) and new symptoms, with
the last week's entries.

Each form posts to ``/diary/{kind}`` and the service keeps the entry first, then checks it:
pain or a spasm logged for today may reveal a flare-up (today and tomorrow turn into relief
days); new symptoms re-run triage at once, and a warning sign stops the plan and shows what to
do instead (:mod:`unknot.services.diary`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from unknot.content.questionnaire import Kind, Question, load_questionnaire
from unknot.domain.plan.model import short_date
from unknot.domain.records import DiaryDay
from unknot.domain.triage import TriageResult
from unknot.domain.triage.advice import SAFETY_NET
from unknot.errors import InvalidInput, NotFound
from unknot.services import diary as diary_service
from unknot.services.plans import DayStatus, NoPlanYet
from unknot.web.forms import PAIN_SCALE, FormReader, posted
from unknot.web.journey import Visit, plan_cache, signed_in, to_sign_in, uow
from unknot.web.render import render
from unknot.web.routes.spasm import stopped
from unknot.web.views import level_label

router = APIRouter(include_in_schema=False)

RECENT_DAYS: Final = 7
"""The diary page shows this many days of entries, and lets a person log any of them."""

SYMPTOM_BLOCKS: Final = ("red_flags", "legs")
"""The assessment blocks that new symptoms are reported in (:class:`NewSymptoms`)."""


class DiaryKind(StrEnum):
    """What the diary page logs, one form each."""

    PAIN = "pain"
    SPASM = "spasm"
    STEPS = "steps"
    SITTING = "sitting"
    SLEEP = "sleep"
    SYMPTOMS = "symptoms"


TITLES: Final = {
    DiaryKind.PAIN: "Pain and stiffness",
    DiaryKind.SPASM: "A spasm",
    DiaryKind.STEPS: "Steps",
    DiaryKind.SITTING: "Sitting",
    DiaryKind.SLEEP: "Sleep",
    DiaryKind.SYMPTOMS: "New symptoms",
}

SAVED: Final = {
    DiaryKind.PAIN: "your pain",
    DiaryKind.SPASM: "the spasm",
    DiaryKind.STEPS: "your steps",
    DiaryKind.SITTING: "your sitting time",
    DiaryKind.SLEEP: "your sleep",
}


def symptom_questions() -> list[Question]:
    """The red-flag questions a person can report anew: the ``red_flags`` and ``legs`` fields
    of the questionnaire's red-flag sections."""
    return [
        question
        for section in load_questionnaire().sections
        if section.red_flags
        for question in section.questions
        if question.field.split(".")[0] in SYMPTOM_BLOCKS
    ]


def symptom_id(question: Question) -> str:
    """The id of a symptom's field on the page (``s-red_flags-fever``)."""
    return "s-" + question.field.replace(".", "-")


def _days(today: dt.date) -> list[tuple[str, str]]:
    labels = {0: "Today", 1: "Yesterday"}
    return [
        (
            (today - dt.timedelta(days=n)).isoformat(),
            labels.get(n, short_date(today - dt.timedelta(days=n))),
        )
        for n in range(RECENT_DAYS)
    ]


def _recent(day: DiaryDay) -> dict[str, str]:
    def joined(values: list[str]) -> str:
        return ", ".join(values) or "-"

    return {
        "date": short_date(day.date),
        "pain": joined([str(entry.pain) for entry in day.pain]),
        "spasms": joined([f"{e.severity}/10, {e.minutes} min" for e in day.spasms]),
        "steps": "-" if day.steps_count is None else f"{day.steps_count:,}",
        "sitting": joined([f"{e.hours:g} h" for e in day.sitting]),
        "sleep": joined([f"{e.hours:g} h" for e in day.sleep]),
        "sessions": str(len(day.sessions)) if day.sessions else "-",
    }


def diary_page(
    request: Request,
    visit: Visit,
    *,
    saved: str = "",
    flare: str = "",
    errors: dict[str, str] | None = None,
    sent: dict[str, str] | None = None,
    failed: str = "",
    symptoms_checked: bool = False,
    symptoms_result: TriageResult | None = None,
) -> Response:
    today = visit.today
    with uow(request, read_only=True) as work:
        days = work.diary.range(visit.person_id, today - dt.timedelta(days=RECENT_DAYS - 1), today)
        relief_why = ""
        if flare:
            try:
                view = plan_cache(request).plan_day(work, visit.person_id, today, visit.plan_key)
                if view.status is DayStatus.IN_PLAN and view.day is not None:
                    relief_why = view.day.why
            except NoPlanYet:
                pass
    errors = errors or {}
    title = "Diary" if not errors else f"Error: {TITLES[DiaryKind(failed)]}"
    return render(
        request,
        "diary.html",
        {
            "title": title,
            "kinds": DiaryKind,
            "titles": TITLES,
            "saved": SAVED.get(DiaryKind(saved), "") if saved in set(DiaryKind) else "",
            "flare": relief_why,
            "errors": errors,
            "sent": sent or {},
            "failed": failed,
            "days": _days(today),
            "recent": [_recent(day) for day in reversed(days)],
            "pain_scale": PAIN_SCALE,
            "now_time": visit.now.strftime("%H:%M"),
            "symptoms": symptom_questions(),
            "question_kinds": Kind,
            "symptoms_checked": symptoms_checked,
            "symptoms_result": symptoms_result,
            "level_label": level_label(symptoms_result.level) if symptoms_result else "",
            "safety_net": SAFETY_NET,
        },
        status_code=422 if errors else 200,
    )


@router.get("/diary")
def diary(request: Request, saved: str = "", flare: str = "") -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    return diary_page(request, visit, saved=saved, flare=flare)


def _saved(kind: DiaryKind, flare: bool = False) -> Response:
    query = f"?saved={kind}" + ("&flare=1" if flare else "")
    return RedirectResponse(f"/diary{query}#{kind}", status_code=303)


Handler = Callable[[Request, Visit, FormReader, dt.date], Response | None]


def _pain(request: Request, visit: Visit, form: FormReader, date: dt.date) -> Response | None:
    pain = form.whole("pain", required=True, message="choose a number from 0 to 10")
    stiffness = form.whole("stiffness")
    if form.errors:
        return None
    with uow(request) as work:
        logged = diary_service.log_pain(
            work,
            visit.person_id,
            pain=pain,  # type: ignore[arg-type]
            stiffness=stiffness,
            date=date,
            today=visit.today,
            now=visit.now,
        )
    return _saved(DiaryKind.PAIN, logged.flare is not None)


def _spasm(request: Request, visit: Visit, form: FormReader, date: dt.date) -> Response | None:
    severity = form.whole("severity", required=True, message="choose a number from 0 to 10")
    minutes = form.whole("minutes", required=True, message="give the minutes it lasted")
    began = form.time("started", required=True)
    if form.errors or severity is None or minutes is None or began is None:
        return None
    started_at = dt.datetime.combine(date, began, tzinfo=visit.reminders.zone)
    with uow(request) as work:
        logged = diary_service.log_spasm(
            work,
            visit.person_id,
            severity=severity,
            minutes=minutes,
            started_at=started_at,
            trigger=form.text("trigger"),
            date=date,
            today=visit.today,
            now=visit.now,
        )
    return _saved(DiaryKind.SPASM, logged.flare is not None)


def _steps(request: Request, visit: Visit, form: FormReader, date: dt.date) -> Response | None:
    steps = form.whole("steps", required=True, message="give the number of steps")
    if form.errors or steps is None:
        return None
    with uow(request) as work:
        diary_service.log_steps(work, visit.person_id, steps=steps, date=date, today=visit.today)
    return _saved(DiaryKind.STEPS)


def _sitting(request: Request, visit: Visit, form: FormReader, date: dt.date) -> Response | None:
    hours = form.decimal("sitting_hours", required=True, message="give the hours you sat")
    if form.errors or hours is None:
        return None
    with uow(request) as work:
        diary_service.log_sitting(work, visit.person_id, hours=hours, date=date, today=visit.today)
    return _saved(DiaryKind.SITTING)


def _sleep(request: Request, visit: Visit, form: FormReader, date: dt.date) -> Response | None:
    hours = form.decimal("sleep_hours", required=True, message="give the hours you slept")
    quality = form.whole("quality")
    if form.errors or hours is None:
        return None
    with uow(request) as work:
        diary_service.log_sleep(
            work,
            visit.person_id,
            hours=hours,
            quality=quality,
            woken_by_pain=form.ticked("woken_by_pain"),
            date=date,
            today=visit.today,
        )
    return _saved(DiaryKind.SLEEP)


def symptoms_data(form: FormReader) -> dict[str, Any]:
    """The symptoms form as the assessment's ``red_flags`` and ``legs`` blocks."""
    data: dict[str, Any] = {}
    for question in symptom_questions():
        block, name = question.field.split(".", 1)
        raw = form.text(question.field)
        if question.kind is Kind.YES_NO:
            value: Any = form.ticked(question.field)
        elif not raw:
            continue
        else:
            try:
                value = question.parse(raw)
            except InvalidInput as error:
                form.errors[symptom_id(question)] = error.message
                continue
        data.setdefault(block, {})[name] = value
    return data


FIELD_NAMES: Final = {
    (DiaryKind.SITTING, "hours"): "sitting_hours",
    (DiaryKind.SLEEP, "hours"): "sleep_hours",
    (DiaryKind.SPASM, "started_at"): "started",
}
"""A service's field, where the form calls it something else (one page has several forms)."""

MESSAGES: Final[dict[DiaryKind, Handler]] = {
    DiaryKind.PAIN: _pain,
    DiaryKind.SPASM: _spasm,
    DiaryKind.STEPS: _steps,
    DiaryKind.SITTING: _sitting,
    DiaryKind.SLEEP: _sleep,
}


@router.post("/diary/{kind}")
async def log_entry(request: Request, kind: str) -> Response:
    return await posted(request, _log_entry, kind)


def _log_entry(request: Request, form_data: FormData, kind: str) -> Response:
    visit = signed_in(request)
    if visit is None:
        return to_sign_in()
    try:
        chosen = DiaryKind(kind)
    except ValueError:
        raise NotFound("diary entry kind", kind, [str(k) for k in DiaryKind]) from None
    form = FormReader(form_data)
    date = form.date("date", visit.today)
    try:
        if chosen is DiaryKind.SYMPTOMS:
            data = symptoms_data(form)
            if not form.errors:
                with uow(request) as work:
                    report = diary_service.report_symptoms(
                        work, visit.person_id, data, today=visit.today, now=visit.now
                    )
                result = report.triage
                if result is not None and not result.plan_allowed:
                    return stopped(request, result)
                return diary_page(request, visit, symptoms_checked=True, symptoms_result=result)
        else:
            answer = MESSAGES[chosen](request, visit, form, date)
            if answer is not None:
                return answer
    except NoPlanYet:
        form.errors["symptoms"] = (
            "take the assessment first, so that new symptoms can be added to your answers"
        )
    except InvalidInput as error:
        form.errors[FIELD_NAMES.get((chosen, error.field), error.field)] = error.message
    if "date" in form.errors:
        form.errors[f"{chosen}-date"] = form.errors.pop("date")
    return diary_page(request, visit, errors=form.errors, sent=form.sent(), failed=chosen)
