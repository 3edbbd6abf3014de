"""Rendering pages: the Jinja2 templates (autoescaped) and what every page gets.

Every value a template prints is escaped by Jinja2; the one exception is a report's body,
which ``unspun.report.html.report_body`` builds with every piece of page text escaped
(templates mark it ``|safe`` in one place, ``result.html``). Each page carries the CSRF token
its forms post back, derived from the visitor's CSRF cookie (set here when absent).
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from unspun import __version__
from unspun.web.security import CSRF_COOKIE, Keys

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("unspun.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    lstrip_blocks=True,
)
ENV.filters["q"] = lambda s: quote(str(s), safe="")
ENV.filters["pct"] = lambda x: f"{float(x):.0%}"
ENV.filters["num"] = lambda x: f"{float(x):.2f}"
ENV.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t))


def csrf_cookie(request: Request) -> tuple[str, bool]:
    """The visitor's CSRF cookie value, and whether it is new (to be set on the response)."""
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) == 32 and value.isalnum():
        return value, False
    return secrets.token_hex(16), True


def set_csrf_cookie(response: Any, value: str) -> None:
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/")


def render(request: Request, name: str, context: dict[str, Any],
           status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The template ``name`` as a page, with the layout's context added."""
    app = request.app
    keys: Keys = app.state.keys
    cookie, new = csrf_cookie(request)
    service = app.state.service
    page = ENV.get_template(name).render({
        "request": request, "path": request.url.path, "version": __version__,
        "csrf": keys.csrf_token(cookie), "families_on": service.families is not None,
        "token_on": keys.token is not None, "history_on": service.history is not None,
        **context})
    response = HTMLResponse(page, status_code=status, headers=headers)
    response.headers["Cache-Control"] = "no-store"
    if new:
        set_csrf_cookie(response, cookie)
    return response
