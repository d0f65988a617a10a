"""Filling in unknot's questionnaire pages in a real browser, as a person would."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import default_reply, questions_on
from unknot.content.questionnaire import Kind


def answer_page(page: Any, replies: dict[str, Any]) -> None:
    """Answer every question on the page (``replies`` first, else the self-manage person's)
    by ticking and typing, then press the submit button."""
    for question in questions_on(page.content()):
        reply = replies.get(question.field, default_reply(question))
        name = question.field
        if question.kind in (Kind.YES_NO, Kind.CHOICE, Kind.MULTI):
            for value in reply if isinstance(reply, list) else [reply]:
                page.check(f'input[name="{name}"][value="{value}"]')
        else:
            page.fill(f'input[name="{name}"]', str(reply))
    page.click("form.questions button[type=submit]")
    page.wait_for_load_state()


def answer_until_done(page: Any, replies: dict[str, Any], limit: int = 30) -> int:
    """Answer pages until none is left; how many were sent."""
    sent = 0
    while questions_on(page.content()):
        answer_page(page, replies)
        sent += 1
        assert sent <= limit
    return sent
