"""The API's docs page (``/api/v1/docs``), read from its own OpenAPI document: no Swagger UI,
no script, nothing fetched from elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    fields: tuple[Field, ...]
    body_types: tuple[str, ...]
    body_rule: str
    responses: tuple[tuple[str, str, str], ...]  # (status, description, schema name)


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if schema.get("format") == "binary":
        return "file"
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    return str(schema.get("type", "any"))


def operations(spec: dict[str, Any]) -> list[Operation]:
    schemas = spec.get("components", {}).get("schemas", {})
    out = []
    for path, ops in spec.get("paths", {}).items():
        for method in _METHODS:
            op = ops.get(method)
            if op is None:
                continue
            fields = [Field(p["name"], p["in"], _type(p.get("schema", {})),
                            bool(p.get("required")), p.get("description")
                            or p.get("schema", {}).get("description", ""))
                      for p in op.get("parameters", [])]
            content = op.get("requestBody", {}).get("content", {})
            rule = ""
            if content:
                ref = next(iter(content.values()))["schema"]
                body = schemas.get(_type(ref), ref)
                fields += [Field(name, "form", _type(s), False, s.get("description", ""))
                           for name, s in body.get("properties", {}).items()]
                rule = str(body.get("description", ""))
            responses = []
            for code, resp in sorted(op.get("responses", {}).items()):
                media: dict[str, Any] = next(iter(resp.get("content", {}).values()), {})
                schema = media.get("schema", {})
                responses.append((code, resp.get("description", ""),
                                  _type(schema) if schema else ""))
            out.append(Operation(method.upper(), path, op.get("summary", ""),
                                 op.get("description", ""), tuple(fields), tuple(content),
                                 rule, tuple(responses)))
    return out
