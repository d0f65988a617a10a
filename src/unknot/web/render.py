"""Rendering pages: the Jinja2 environment, static file URLs, and :func:`render`."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, Final

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from unknot import DISCLAIMER, __version__
from unknot.web.auth import current_user
from unknot.web.context import web_context
from unknot.web.security import CSRF_FIELD, csrf_token_for, set_csrf_cookie

WEB_DIR: Final = Path(__file__).parent
TEMPLATES_DIR: Final = WEB_DIR / "templates"
STATIC_DIR: Final = WEB_DIR / "static"

SHORT_DISCLAIMER: Final = "unknot does not replace a clinician."
"""Shown in every page's footer, before the full :data:`unknot.DISCLAIMER`."""

EMERGENCY_NUMBERS: Final = ("999", "112", "911")
"""The emergency numbers unknot names everywhere: UK, Europe (and most GSM phones), North
America (clinical reference section 1.1: "Call 999/112/911 or go to A&E/ED now")."""


@functools.cache
def _file_version(name: str) -> str:
    path = STATIC_DIR / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """``/static/NAME?v=HASH``: the hash changes whenever the file does, so it can be cached."""
    return f"/static/{name}?v={_file_version(name)}"


HEADER_PATHS_KEPT: Final = 256
"""Site headers kept per process: one for each page path seen, signed in or not."""


class Layout:
    """The parts of every page's layout that are the same on every page (the links in the
    head, the emergency bar, the footer) or on every page at one path (the site header, its
    current link marked), drawn once per process instead of on every page: they were about
    half of the time of drawing a page. Templates use them as ``layout.head``,
    ``layout.top``, ``layout.header(signed_in, path)`` and ``layout.footer``."""

    def __init__(self, env: jinja2.Environment) -> None:
        self._env = env
        self.header = functools.lru_cache(maxsize=HEADER_PATHS_KEPT)(self._header)

    def _draw(self, template: str, **context: Any) -> Markup:
        return Markup(self._env.get_template(template).render(context))

    @functools.cached_property
    def head(self) -> Markup:
        return self._draw("_layout_head.html")

    @functools.cached_property
    def top(self) -> Markup:
        return self._draw("_layout_top.html")

    @functools.cached_property
    def footer(self) -> Markup:
        return self._draw("_layout_footer.html")

    def _header(self, signed_in: bool, path: str) -> Markup:
        return self._draw("_layout_header.html", user=signed_in, path=path)


def build_templates() -> Jinja2Templates:
    """The template environment: autoescaped HTML, undefined names are errors. Templates are
    compiled once per process and not checked for changes on disk at each use (restart the
    server after editing one)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        static_url=static_url,
        disclaimer=DISCLAIMER,
        short_disclaimer=SHORT_DISCLAIMER,
        emergency_numbers=EMERGENCY_NUMBERS,
        version=__version__,
        csrf_field=CSRF_FIELD,
    )
    env.globals["layout"] = Layout(env)
    return Jinja2Templates(env=env)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Response:
    """A full page from ``template`` with the shared context (CSRF token, the person signed in)."""
    web = web_context(request)
    values: dict[str, Any] = {
        "csrf_token": csrf_token_for(request, web.secret),
        "user": current_user(request),
        "path": request.scope["path"],  # not request.url, which builds a whole URL
        "title": "",
    }
    values.update(context or {})
    response = web.templates.TemplateResponse(request, template, values, status_code=status_code)
    set_csrf_cookie(request, response)
    return response
