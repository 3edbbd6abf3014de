"""The JSON Schemas of the REST API, for its OpenAPI document (``/api/v1/openapi.json``).

The report is schema 1 of docs/report-schema.md, written out here so that clients (and the
schemathesis tests) can check responses against it. The routes read their forms themselves
(the ingest size limit, one error format), so their request bodies are described here too.
"""

from __future__ import annotations

import copy
from typing import Any

_STR = {"type": "string"}
_NUM = {"type": "number"}
_INT = {"type": "integer"}
_SPAN = {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2,
         "description": "[start, end) character offsets"}


def _obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": sorted(props), **extra}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_REF = "#/components/schemas/"

SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": _obj({"code": {**_STR, "description": "stable, for programs"},
                   "message": {**_STR, "description": "for a person"}},
                  description="Every error the API returns."),
    "Edit": _obj({"op": {"enum": ["substitute", "insert", "delete"]}, "copy": _SPAN,
                  "source": _SPAN, "copy_text": _STR, "source_text": _STR,
                  "flags": {"type": "array", "items": _STR}}),
    "Pair": _obj({
        "copy": _SPAN, "source": _SPAN, "copy_text": _STR, "source_text": _STR,
        "similarity": _NUM, "lexical_similarity": _nullable(_NUM),
        "quoted": _nullable({"type": "boolean"}), "rewrite": _nullable(_STR),
        "copy_sentences": {"type": "array", "items": _INT},
        "source_sentences": {"type": "array", "items": _INT},
        "edits": {"type": "array", "items": {"$ref": _REF + "Edit"}}}),
    "Match": _obj({
        "source": _obj({"id": _STR, "uri": _STR, "title": _STR}),
        "score": _NUM, "verdict": {"enum": ["copy", "related"]}, "probability": _NUM,
        "extent": {"enum": ["whole", "partial", None]},
        "evidence": {"type": "object", "additionalProperties": _NUM},
        "channels": {"type": "array", "items": _STR},
        "coverage": _obj({"source": _NUM, "copy": _NUM}),
        "rewrite": _nullable(_obj({
            "type": _STR, "confidence": _NUM,
            "features": {"type": "object", "additionalProperties": _NUM},
            "languages": _nullable(_obj({"copy": _STR, "source": _STR}))})),
        "order": _NUM, "mean_similarity": _NUM, "mean_lexical": _nullable(_NUM),
        "pairs": {"type": "array", "items": {"$ref": _REF + "Pair"}}}),
    "Report": _obj({
        "schema_version": {"const": 1},
        "query": _obj({"id": _STR, "uri": _STR, "title": _STR, "text": _STR,
                       "boilerplate": {"type": "array", "items": _STR}}),
        "matches": {"type": "array", "items": {"$ref": _REF + "Match"}},
        "injected": {"type": "array", "items": _obj({"span": _SPAN, "text": _STR,
                                                     "kind": _STR})},
        "warnings": {"type": "array", "items": _STR},
    }, description="A report, schema version 1 (docs/report-schema.md).",
        additionalProperties=True),
    "SourceSummary": _obj({"id": _STR, "uri": _STR, "title": _STR,
                           "tokens": {**_INT, "minimum": 0}}),
    "SourceList": _obj({"total": _INT, "offset": _INT, "limit": _INT, "q": _STR,
                        "sources": {"type": "array", "items": {"$ref": _REF + "SourceSummary"}}}),
    "Check": _obj({"id": _STR, "created": {**_STR, "format": "date-time"}, "kind": _STR,
                   "query_id": _STR, "query_title": _STR, "query_uri": _STR,
                   "verdict": _nullable(_STR), "source_id": _nullable(_STR),
                   "probability": _nullable(_NUM)},
                  description="A trace kept in the history; verdict and probability are "
                              "for the source the list belongs to."),
    "Source": _obj({"id": _STR, "uri": _STR, "title": _STR, "text": _STR,
                    "date": _nullable(_STR), "site": _nullable(_STR), "url": _nullable(_STR),
                    "checks": {"type": "array", "items": {"$ref": _REF + "Check"}}}),
    "AddResult": _obj({"added": _INT, "updated": _INT, "unchanged": _INT, "sources": _INT,
                       "failed": {"type": "array", "items": _obj({"uri": _STR,
                                                                  "reason": _STR})}}),
    "Health": _obj({"status": {"const": "ok"}, "version": _STR, "sources": _INT,
                    "encoder": _nullable(_STR), "dense_missing": _nullable(_STR),
                    "history": {"type": "boolean"}, "families": {"type": "boolean"},
                    "queue": _obj({"workers": _INT, "running": _INT, "waiting": _INT,
                                   "capacity": _INT})}),
}

_TEXT = {"type": "string", "pattern": r"\S", "description": "pasted plain text"}
_HTML = {"type": "string", "pattern": r"\S", "description": "pasted HTML"}
_FILE = {"type": "string", "format": "binary",
         "description": ".txt, .md, .html, .htm (optionally .gz)"}
_DENSE = {"type": "boolean", "description": "align with sentence vectors (default: the "
          "index's choice; true needs the semantic extra)"}


def _one_of(prefix: str, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"required": [prefix + k]} for k in kinds]


def _rule(*prefixes: str, files: bool) -> dict[str, Any]:
    """"Exactly one input" per prefix: as ``oneOf`` for url-encoded forms; for multipart ones
    in words only, since a ``oneOf`` over binary fields is read wrongly by schema validators
    (schemathesis took an upload for a missing field)."""
    kinds = ("text", "html", "file") if files else ("text", "html")
    words = "; ".join("exactly one of " + ", ".join(f"`{p}{k}`" for k in kinds)
                      for p in prefixes)
    if files:
        return {"description": words}
    groups = [{"oneOf": _one_of(p, kinds)} for p in prefixes]
    return {"description": words, **(groups[0] if len(groups) == 1 else {"allOf": groups})}


def _forms(files: bool) -> dict[str, dict[str, Any]]:
    """The three forms, with their file fields (multipart) or without (url-encoded)."""
    many = {"type": "array", "items": {**_FILE, "description": ".txt, .md, .html, .htm, "
                                       ".jsonl, .csv (optionally .gz)"}}
    doc = {"text": _TEXT, "html": _HTML, **({"file": _FILE} if files else {})}
    return {
        "Trace": {"type": "object", "properties": {
            **doc, "top": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5,
                           "description": "matches to report"},
            "dense": _DENSE}, **_rule("", files=files)},
        "Compare": {"type": "object", "properties": {
            **{f"{side}_{k}": v for side in ("suspect", "source") for k, v in doc.items()},
            "dense": _DENSE}, **_rule("suspect_", "source_", files=files)},
        "Add": {"type": "object", "properties": {
            "text": _TEXT, "html": _HTML, **({"file": many} if files else {}),
            "id": {"type": "string", "description": "id of the pasted document"},
            "url": {"type": "string", "description": "url of the pasted document"},
            "title": {"type": "string", "description": "title of the pasted document"}},
            **_rule("", files=files)},
    }


FORMS: dict[str, dict[str, Any]] = {
    **{f"{name}Form": schema for name, schema in _forms(True).items()},
    **{f"{name}Fields": schema for name, schema in _forms(False).items()},
}


def request_body(form: str) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads the form ``form`` (``Trace``, ``Compare``,
    ``Add``) itself: multipart with files, or url-encoded without."""
    return {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"$ref": f"{_REF}{form}Form"}},
        "application/x-www-form-urlencoded": {"schema": {"$ref": f"{_REF}{form}Fields"}}}}}


def json_response(schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": _REF + schema}}}}


ERRORS = {
    400: "the body cannot be parsed (a broken form), or the host is not this server's",
    401: "a token is required",
    403: "a write from another site",
    404: "no such source",
    408: "the body took too long to arrive",
    413: "an upload or pasted text over the ingest limit",
    415: "a body that is neither multipart/form-data nor application/x-www-form-urlencoded",
    422: "the fields do not name exactly one input, or the input is not a document unspun "
         "can read (binary, empty, no text), or a parameter is out of range",
    503: "the work queue is full: try again (Retry-After says when)",
    504: "the work took longer than the request timeout",
}


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    """The generated OpenAPI document with these schemas, and one error format for every
    4xx and 5xx response (FastAPI's own validation-error schema replaced)."""
    spec = copy.deepcopy(spec)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(copy.deepcopy(SCHEMAS))
    schemas.update(copy.deepcopy(FORMS))
    for ops in spec.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            for code, text in responses.items():
                if code[0] in "45":
                    text.update(json_response("Error", text.get("description") or "error"))
    return spec
