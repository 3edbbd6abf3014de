"""The pages a person uses: check a page, compare two texts, a check's result, the sources,
the login form and the API's docs page. Server-rendered, no script: a running check's page
refreshes itself with ``<meta http-equiv="refresh">`` until its report is in."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from unspun.errors import UnspunError
from unspun.report.html import REPORT_CSS
from unspun.segment import paragraphs
from unspun.web.inputs import BadRequest, payloads
from unspun.web.security import CSRF_COOKIE, SESSION_COOKIE, Keys
from unspun.web.service import Service, form_flag, form_top
from unspun.web.views import render
from unspun.web.work import Job, JobTimeout

router = APIRouter(include_in_schema=False)


def _service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


async def _posted_form(request: Request) -> Any:
    """The form of a page's POST, after its CSRF token is checked."""
    form = await _service(request).read_form(request)
    keys: Keys = request.app.state.keys
    given = form.get("csrf")
    if not keys.csrf_ok(request.cookies.get(CSRF_COOKIE), given if isinstance(given, str)
                        else None):
        raise BadRequest("csrf", "this form has expired (or came from another site): "
                         "reload the page and send it again", 403)
    return form


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/static/report.css")
def report_css() -> Response:
    """The report's own stylesheet (``unspun.report.html.REPORT_CSS``), for embedded reports."""
    return Response(REPORT_CSS, media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/")
def check_page(request: Request) -> Response:
    svc = _service(request)
    recent = svc.history.recent(10) if svc.history else []
    return render(request, "check.html", {"recent": recent, "error": None})


@router.post("/check")
async def check_submit(request: Request) -> Response:
    svc = _service(request)
    try:
        form = await _posted_form(request)
        (payload,) = await payloads(form, limit=svc.settings.max_bytes)
        job = svc.submit_trace(payload, top=form_top(form), dense=form_flag(form, "dense"))
    except BadRequest as exc:
        return render(request, "check.html", {"recent": [], "error": exc.message},
                      status=exc.status)
    return _see(f"/checks/{job.id}")


@router.get("/compare")
def compare_page(request: Request) -> Response:
    return render(request, "compare.html", {"error": None})


@router.post("/compare")
async def compare_submit(request: Request) -> Response:
    svc = _service(request)
    try:
        form = await _posted_form(request)
        (suspect,) = await payloads(form, prefix="suspect_", limit=svc.settings.max_bytes)
        (source,) = await payloads(form, prefix="source_", limit=svc.settings.max_bytes)
        job = svc.submit_compare(suspect, source, dense=form_flag(form, "dense"))
    except BadRequest as exc:
        return render(request, "compare.html", {"error": exc.message}, status=exc.status)
    return _see(f"/checks/{job.id}")


def _check_job(svc: Service, check_id: str) -> Job | None:
    """The job of a trace or compare (adding sources has no page)."""
    job = svc.queue.get(check_id)
    return job if job is not None and job.kind in ("trace", "compare") else None


@router.get("/checks/{check_id}.json")
def check_json(request: Request, check_id: str) -> Response:
    svc = _service(request)
    job = _check_job(svc, check_id)
    if job is not None and job.state == "done":
        return JSONResponse(job.future.result().json)
    stored = svc.stored(check_id)
    if stored is None:
        raise BadRequest("not_found", f"no finished check {check_id!r}", 404)
    return JSONResponse(stored.report)


@router.get("/checks/{check_id}")
def check_result(request: Request, check_id: str) -> Response:
    svc = _service(request)
    job = _check_job(svc, check_id)
    if job is not None and job.state in ("waiting", "running"):
        stats = svc.queue.stats()
        return render(request, "working.html", {"job": job, "stats": stats},
                      headers={"Refresh": "1"})
    if job is not None and job.state == "failed":
        exc = job.future.exception() if not job.future.cancelled() else None
        message = str(exc) if exc is not None else "the check was cancelled"
        status = (504 if isinstance(exc, JobTimeout) else 422 if isinstance(exc, UnspunError)
                  else 500)
        return render(request, "failed.html", {"job": job, "message": message}, status=status)
    if job is not None:
        outcome = job.future.result()
        return render(request, "result.html", {"check_id": check_id, "kind": job.kind,
                                               "body": outcome.body,
                                               "title": outcome.report.query.title})
    stored = svc.stored(check_id)
    if stored is None:
        raise BadRequest("not_found", f"no check {check_id!r} (finished checks are kept in "
                         "the history; this server keeps none)" if svc.history is None
                         else f"no check {check_id!r}", 404)
    return render(request, "result.html", {"check_id": check_id, "kind": stored.check.kind,
                                           "body": stored.body,
                                           "title": stored.check.query_title})


@router.get("/sources")
def sources_page(request: Request, q: str = "", page: int = 1) -> Response:
    svc = _service(request)
    size = svc.settings.page_size
    page = max(1, min(page, 10**6))
    listing = svc.tracer.sources(q[:500], (page - 1) * size, size)
    pages = max(1, (listing.total + size - 1) // size)
    return render(request, "sources.html", {"listing": listing, "q": q, "page": page,
                                            "pages": pages, "qs": quote(q, safe="")})


@router.get("/sources/{source_id:path}")
def source_page(request: Request, source_id: str) -> Response:
    svc = _service(request)
    src = svc.tracer.source(source_id)
    if src is None:
        raise BadRequest("not_found", f"no source with the id {source_id!r} in the index", 404)
    text = src.segmented.text
    paras = [text[p.start : p.end] for p in paragraphs(text)]
    checks = svc.history.for_source(src.ref.id) if svc.history else []
    return render(request, "source.html", {"src": src, "paragraphs": paras, "checks": checks})


def _local_path(target: str) -> str:
    """``target`` when it is a path on this server, else ``/`` (no open redirect)."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if ok and "\n" not in target and "\r" not in target else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _local_path(next), "error": None})


@router.post("/login")
async def login_submit(request: Request) -> Response:
    keys: Keys = request.app.state.keys
    try:
        form = await _posted_form(request)
    except BadRequest as exc:
        return render(request, "login.html", {"next": "/", "error": exc.message},
                      status=exc.status)
    target = _local_path(str(form.get("next") or "/"))
    token = form.get("token")
    if not isinstance(token, str) or not keys.token_ok(token):
        return render(request, "login.html", {"next": target, "error": "wrong token"},
                      status=401)
    response = _see(target)
    response.set_cookie(SESSION_COOKIE, keys.session, httponly=True, samesite="strict",
                        path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _posted_form(request)
    response = _see("/login")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/api/v1/docs")
def api_docs(request: Request) -> Response:
    from unspun.web.apidocs import operations

    spec = request.app.openapi()
    return render(request, "api_docs.html", {"ops": operations(spec),
                                             "title": spec["info"]["title"]})
