"""The REST API under ``/api/v1``: trace, compare, sources, health (docs/web.md).

Reports are the schema-1 JSON of docs/report-schema.md; errors are ``{"code", "message"}``
with an HTTP status. Routes read their forms themselves (``inputs.payloads``) so that the
ingest limit and the error format are the app's, and the work goes to the bounded queue.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from unspun import __version__
from unspun.web.inputs import BadRequest, payloads
from unspun.web.schema import ERRORS, json_response, request_body
from unspun.web.service import Service, form_flag, form_top

router = APIRouter(prefix="/api/v1", tags=["api"])


def _responses(ok: str, description: str, *codes: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {200: json_response(ok, description)}
    for code in (400, 401, 403, 408, 413, 422, *codes):
        out[code] = {"description": ERRORS[code]}
    return out


def service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


@router.post("/trace", summary="Trace a page against the index",
             description="Give the page as `text`, `html` or an uploaded `file` (exactly one). "
                         "Returns its report (schema 1): the sources it was copied from, "
                         "best first, with the aligned pairs and the edits. Example: "
                         "`curl -X POST localhost:8000/api/v1/trace -F file=@page.html`.",
             openapi_extra=request_body("Trace"),
             responses=_responses("Report", "the report (schema 1)", 415, 503, 504))
async def trace(request: Request) -> JSONResponse:
    svc = service(request)
    form = await svc.read_form(request)
    (payload,) = await payloads(form, limit=svc.settings.max_bytes)
    job = svc.submit_trace(payload, top=form_top(form), dense=form_flag(form, "dense"))
    outcome = await svc.wait(job)
    return JSONResponse(outcome.json, headers={"Content-Location": f"/checks/{job.id}.json"})


@router.post("/compare", summary="Compare a suspected copy with a source (no index)",
             description="Give each side as `suspect_text`, `suspect_html` or `suspect_file` "
                         "and `source_text`, `source_html` or `source_file`. Returns the "
                         "report (schema 1) with one match, or none when nothing aligns.",
             openapi_extra=request_body("Compare"),
             responses=_responses("Report", "the report (schema 1)", 415, 503, 504))
async def compare(request: Request) -> JSONResponse:
    svc = service(request)
    form = await svc.read_form(request)
    (suspect,) = await payloads(form, prefix="suspect_", limit=svc.settings.max_bytes)
    (source,) = await payloads(form, prefix="source_", limit=svc.settings.max_bytes)
    job = svc.submit_compare(suspect, source, dense=form_flag(form, "dense"))
    outcome = await svc.wait(job)
    return JSONResponse(outcome.json, headers={"Content-Location": f"/checks/{job.id}.json"})


@router.get("/sources", summary="List and search the index's sources",
            description="Sources whose id, uri or title contains `q` (ignoring case), in id "
                        "order, `limit` from `offset`.",
            responses=_responses("SourceList", "one page of sources"))
def list_sources(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="text to look for")] = "",
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 25,
) -> JSONResponse:
    page = service(request).tracer.sources(q, offset, limit)
    return JSONResponse({
        "total": page.total, "offset": page.offset, "limit": limit, "q": q,
        "sources": [{"id": s.id, "uri": s.uri, "title": s.title, "tokens": s.tokens}
                    for s in page.sources]})


@router.get("/sources/{source_id:path}", summary="One source: its text and the checks "
            "that matched it", responses=_responses("Source", "the source", 404))
def get_source(request: Request, source_id: str) -> JSONResponse:
    svc = service(request)
    src = svc.tracer.source(source_id)
    if src is None:
        raise BadRequest("not_found", f"no source with the id {source_id!r} in the index", 404)
    checks = svc.history.for_source(src.ref.id) if svc.history else []
    return JSONResponse({
        "id": src.ref.id, "uri": src.ref.uri, "title": src.ref.title,
        "text": src.segmented.text, "date": src.meta.date, "site": src.meta.site,
        "url": src.meta.url, "checks": [c.to_json() for c in checks]})


@router.post("/sources", summary="Add sources to the index",
             description="The inputs `unspun index add` takes: uploaded files (`file`, any "
                         "number: .txt, .md, .html, .jsonl, .csv, optionally gzipped) or one "
                         "pasted document (`text` or `html`, with optional `id`, `url`, "
                         "`title`). A source already present with the same text is left "
                         "alone, one whose text changed is replaced.",
             openapi_extra=request_body("Add"),
             responses=_responses("AddResult", "what was added", 415, 503, 504))
async def add_sources(request: Request) -> JSONResponse:
    svc = service(request)
    form = await svc.read_form(request)
    given = await payloads(form, limit=svc.settings.max_bytes, many=True, described=True)
    outcome = await svc.wait(svc.submit_add(given))
    if outcome.result.added + outcome.result.updated + outcome.result.unchanged == 0:
        reasons = "; ".join(f"{f.uri}: {f.reason}" for f in outcome.failures)
        raise BadRequest("bad_input", f"no document could be read ({reasons})", 422)
    r = outcome.result
    return JSONResponse({"added": r.added, "updated": r.updated, "unchanged": r.unchanged,
                         "sources": outcome.total,
                         "failed": [{"uri": f.uri, "reason": f.reason}
                                    for f in outcome.failures]})


@router.get("/health", summary="Is the server up, and how busy",
            responses={200: json_response("Health", "the server's state"),
                       401: {"description": ERRORS[401]}})
def health(request: Request) -> JSONResponse:
    svc = service(request)
    q = svc.queue.stats()
    return JSONResponse({
        "status": "ok", "version": __version__, "sources": svc.tracer.count(),
        "encoder": svc.tracer.encoder, "dense_missing": svc.tracer.dense_missing,
        "history": svc.history is not None, "families": svc.families is not None,
        "queue": {"workers": q.workers, "running": q.running, "waiting": q.waiting,
                  "capacity": q.capacity}})
