"""What the questionnaire pages share: the signed draft and reading a posted form."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from unknot.content.questionnaire import Questionnaire
from unknot.web.context import WebContext
from unknot.web.render import render
from unknot.web.signing import sign, unsign
from unknot.web.wizard import Draft, InScope, Page, Replies, sections_in_scope

DRAFT_FIELD = "draft"
"""The hidden field that carries the answers so far."""


def seal(web: WebContext, purpose: str, draft: Draft) -> str:
    return sign(web.secret, purpose, draft.as_json())


def unseal(web: WebContext, purpose: str, form: FormData) -> Draft:
    """The draft the form carried (InvalidInput if it is missing or was changed)."""
    token = form.get(DRAFT_FIELD)
    if not isinstance(token, str) or not token:
        return Draft()
    return Draft.from_json(unsign(web.secret, purpose, token, DRAFT_FIELD))


def form_lists(form: FormData) -> dict[str, list[str]]:
    """Every text field of the form with all its values (files are ignored)."""
    return {
        key: [value for value in form.getlist(key) if isinstance(value, str)] for key in form.keys()
    }


def progress(questionnaire: Questionnaire, in_scope: InScope, page: Page) -> str:
    sections = sections_in_scope(questionnaire, in_scope)
    ids = [section.id for section in sections]
    number = ids.index(page.section.id) + 1 if page.section.id in ids else 1
    return f"Part {number} of {len(ids)}"


def questions_page(
    request: Request,
    *,
    page: Page,
    draft_token: str,
    action: str,
    heading: str,
    replies: Replies | None = None,
    **extra: Any,
) -> Response:
    """The form for ``page``; with ``replies`` that had errors, shown next to their fields."""
    errors = replies.errors if replies is not None else {}
    context: dict[str, Any] = {
        "title": heading,
        "heading": heading,
        "page": page,
        "draft": draft_token,
        "action": action,
        "errors": errors,
        "sent": replies.sent if replies is not None else {},
        "intro": "",
        "note": "",
        "progress": "",
        "submit_label": "Continue",
        "restart": action,
    }
    context.update(extra)
    if errors:
        count = len(errors)
        context["title"] = f"Error: {heading}" if count == 1 else f"{count} errors: {heading}"
    return render(request, "questions_page.html", context, status_code=422 if errors else 200)
