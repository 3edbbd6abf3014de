"""The families pages: an ``unspun cluster --out`` folder, browsed (``--families DIR``).

The folder is read as written (families.jsonl, summary.json, reports/; docs/cluster.md) and
read again when families.jsonl changes, so a new ``unspun cluster`` run shows up without a
restart. A member's report is the HTML file the cluster run wrote, served only when its path
(from families.jsonl) stays inside the folder's ``reports/``, under the report's own
script-free Content-Security-Policy plus ``sandbox``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from unspun.web.inputs import BadRequest
from unspun.web.views import render

REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class MemberView:
    id: str
    uri: str
    title: str
    role: str
    rewrite: str | None
    coverage: float
    source_coverage: float
    parent: str | None
    injected: int
    evidence: tuple[str, ...]
    parent_evidence: tuple[str, ...]
    report: str | None


@dataclass(frozen=True, slots=True)
class FamilyView:
    id: str
    original_present: bool
    root: str
    evidence: tuple[str, ...]
    members: tuple[MemberView, ...]

    def children(self, parent: str | None) -> list[tuple[int, MemberView]]:
        """(position, member) of the members whose parent is ``parent``: the tree's level."""
        return [(n, m) for n, m in enumerate(self.members) if m.parent == parent]


def _family(row: dict[str, Any]) -> FamilyView:
    members = tuple(
        MemberView(str(m["id"]), str(m.get("uri", "")), str(m.get("title") or ""),
                   str(m.get("role", "")), m.get("rewrite"), float(m.get("coverage") or 0),
                   float(m.get("source_coverage") or 0), m.get("parent"),
                   int(m.get("injected") or 0), tuple(m.get("evidence") or ()),
                   tuple(m.get("parent_evidence") or ()), m.get("report"))
        for m in row["members"])
    return FamilyView(str(row["family"]), bool(row.get("original_present")),
                      str(row.get("root", "")), tuple(row.get("evidence") or ()), members)


class FamilyStore:
    """The families of one cluster output folder, largest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "families.jsonl"
        if not self.file.is_file():
            from unspun.errors import UnspunError

            raise UnspunError(f"{folder}: no families.jsonl here (write one with "
                              f"'unspun cluster INPUT... --out {folder}')")
        self._lock = threading.Lock()
        self._stamp: tuple[float, int] | None = None
        self._families: list[FamilyView] = []
        self._summary: dict[str, Any] = {}

    def families(self) -> list[FamilyView]:
        stat = self.file.stat()
        with self._lock:
            if self._stamp != (stat.st_mtime, stat.st_size):
                rows = [json.loads(line) for line in
                        self.file.read_text(encoding="utf-8").splitlines() if line.strip()]
                fams = [_family(r) for r in rows]
                fams.sort(key=lambda f: (-len(f.members), f.id))
                summary = self.folder / "summary.json"
                self._summary = (json.loads(summary.read_text(encoding="utf-8"))
                                 if summary.is_file() else {})
                self._families, self._stamp = fams, (stat.st_mtime, stat.st_size)
            return self._families

    def summary(self) -> dict[str, Any]:
        self.families()
        return self._summary

    def get(self, family_id: str) -> FamilyView | None:
        return next((f for f in self.families() if f.id == family_id), None)

    def report_file(self, member: MemberView) -> Path | None:
        """The member's report file, when it exists inside ``reports/``."""
        if not member.report:
            return None
        base = (self.folder / "reports").resolve()
        path = (self.folder / member.report).resolve()
        return path if path.is_relative_to(base) and path.is_file() else None


def _store(request: Request) -> FamilyStore:
    store: FamilyStore | None = request.app.state.service.families
    if store is None:
        raise BadRequest("not_found", "no families here: start the server with "
                         "--families DIR (an 'unspun cluster --out' folder)", 404)
    return store


@router.get("/families", response_class=HTMLResponse)
def families_page(request: Request, page: int = 1) -> Response:
    store = _store(request)
    size = request.app.state.service.settings.page_size
    fams = store.families()
    page = max(1, min(page, (len(fams) + size - 1) // size or 1))
    return render(request, "families.html", {
        "families": fams[(page - 1) * size : page * size], "total": len(fams),
        "page": page, "pages": (len(fams) + size - 1) // size or 1,
        "summary": store.summary(), "folder": str(store.folder)})


@router.get("/families/{family_id}", response_class=HTMLResponse)
def family_page(request: Request, family_id: str) -> Response:
    fam = _store(request).get(family_id)
    if fam is None:
        raise BadRequest("not_found", f"no family {family_id!r}", 404)
    return render(request, "family.html", {"family": fam})


@router.get("/families/{family_id}/reports/{member}")
def member_report(request: Request, family_id: str, member: int) -> Response:
    store = _store(request)
    fam = store.get(family_id)
    if fam is None or not 0 <= member < len(fam.members):
        raise BadRequest("not_found", "no such family member", 404)
    path = store.report_file(fam.members[member])
    if path is None:
        raise BadRequest("not_found", "this member has no report (the root has none, and "
                         "'unspun cluster --no-reports' writes none)", 404)
    return Response(path.read_bytes(), media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": REPORT_CSP})
