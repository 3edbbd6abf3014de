"""``create_app(settings)``: the FastAPI application, pages and API, behind the guard."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from unspun import __version__
from unspun.embed import MissingExtraError
from unspun.errors import InputError, UnspunError
from unspun.web import families, pages, rest
from unspun.web.inputs import BadRequest
from unspun.web.schema import finish
from unspun.web.security import Guard, Keys
from unspun.web.service import Service
from unspun.web.settings import WebSettings
from unspun.web.views import render
from unspun.web.work import JobTimeout, QueueFull

log = logging.getLogger("unspun.web")

_STATUS = ((BadRequest, 0), (QueueFull, 503), (JobTimeout, 504), (MissingExtraError, 400),
           (InputError, 422), (UnspunError, 422))
_CODES = {503: "busy", 504: "timeout", 400: "missing_extra", 422: "bad_input"}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") and request.url.path != "/api/v1/docs"


def error_response(request: Request, status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """The JSON error of the API, or an error page for a person."""
    if status == 503:
        headers = {**(headers or {}), "Retry-After": "5"}
    if _is_api(request):
        return JSONResponse({"code": code, "message": message}, status_code=status,
                            headers=headers)
    return render(request, "error.html", {"status": status, "message": message},
                  status=status, headers=headers)


async def _unspun_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, BadRequest):
        return error_response(request, exc.status, exc.code, exc.message)
    status = next(s for cls, s in _STATUS if isinstance(exc, cls))
    return error_response(request, status, _CODES[status], str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request",
             413: "too_large"}
    headers = dict(exc.headers or {})
    if exc.status_code == 405 and _is_api(request):
        # Every method of the path (the router names only its first route's), read from the
        # OpenAPI document: the API's one list of what it serves.
        path = request.url.path
        allowed = {m.upper() for p, ops in request.app.openapi()["paths"].items()
                   if re.fullmatch(re.sub(r"\\\{\w+\\\}", ".+", re.escape(p)), path)
                   for m in ops}
        headers["Allow"] = ", ".join(sorted(allowed))
    return error_response(request, exc.status_code, codes.get(exc.status_code, "http_error"),
                          str(exc.detail), headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                         for e in exc.errors())
    return error_response(request, 422, "invalid_request", problems or "invalid request")


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal", f"unexpected error: {type(exc).__name__}")


def create_app(settings: WebSettings, *, warm: bool = True) -> FastAPI:
    """The app for ``settings``; ``warm``: load the thesaurus and encoder in the background
    right away, so the first check does not wait for them."""
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.open()
        yield
        service.close()

    app = FastAPI(title="unspun", version=__version__, openapi_url="/api/v1/openapi.json",
                  docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Find where a page's text came from: the REST API of "
                              "`unspun serve` (docs/web.md). Reports are schema 1 "
                              "(docs/report-schema.md); errors are `{code, message}`.")
    app.state.service = service
    app.state.keys = Keys(settings.token)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.include_router(families.router)
    app.mount("/static", StaticFiles(packages=[("unspun.web", "static")]), name="static")
    app.add_exception_handler(UnspunError, _unspun_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)
    spec: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not spec:
            from fastapi.openapi.utils import get_openapi

            spec.update(finish(get_openapi(title=app.title, version=app.version,
                                           description=app.description, routes=app.routes)))
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(Guard, settings=settings, keys=app.state.keys)
    if warm:
        threading.Thread(target=service.tracer.warm_up, name="unspun-warm-up",
                         daemon=True).start()
    return app
