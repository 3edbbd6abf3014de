"""The data of ``benchmarks.wild``: the rebuilt wild-dev pages as documents, the index of the
pages that are not copies, and the Clough-Stevenson answers as extra training pairs."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import SharedDataMissing, shared_dir
from unspun.api import compare, default_aligner, iter_docs, load_doc
from unspun.index import Index
from unspun.records import Doc, InputFailure

ROLES = ("original", "copy", "related", "distractor")


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    family: int | None
    role: str
    rewrite: str | None
    confidence: str
    doc: Doc


def page_id(url: str) -> str:
    return "w:" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def load_pages(path: Path) -> list[Page]:
    """The pages of a rebuilt wild-dev file, extracted as ``unspun trace`` would read them
    (a JSONL input with ``id``, ``url`` and ``text``)."""
    if not path.is_file():
        raise SharedDataMissing(f"{path}: no rebuilt wild-dev pages there (DEVELOPERS.md says "
                                "how to rebuild them from ../shared/corpora/wild-dev)")
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        jl = Path(tmp) / "pages.jsonl"
        with jl.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"id": page_id(r["url"]), "url": r["url"],
                                     "text": r["text"]}) + "\n")
        docs = {d.id: d for d in iter_docs([str(jl)]) if not isinstance(d, InputFailure)}
    return [Page(page_id(r["url"]), r["url"], r["family"], r["role"], r["rewrite"],
                 r["confidence"], docs[page_id(r["url"])])
            for r in rows if page_id(r["url"]) in docs and r["role"] in ROLES]


def build_index(pages: list[Page], *, dense: bool, encoder: str = "full") -> Index:
    """A new index (in a temporary folder) of every page that is not a copy; ``encoder``: the
    dense channel's (``unspun.embed.static.DENSE_KINDS``)."""
    embedder = None
    if dense:
        from unspun.embed.static import index_encoder

        embedder = index_encoder(encoder)
    index = Index(Path(tempfile.mkdtemp(prefix="unspun-wild-")) / "index", create=True,
                  embedder=embedder)
    index.add(p.doc for p in pages if p.role != "copy")
    return index


def clough_rows() -> list:
    """Each Clough-Stevenson answer against its Wikipedia source: ``cut``, ``light`` and
    ``heavy`` answers are copies, ``non`` answers were written independently on the same
    topic. One row per answer that aligns at all, grouped by task."""
    from benchmarks.wild_eval import Row

    try:
        root = shared_dir() / "corpora" / "clough-stevenson"
        info = (root / "file_information.csv").read_text(encoding="utf-8").splitlines()[1:]
    except (SharedDataMissing, OSError):
        return []
    aligner = default_aligner(dense=False)
    sources = {t: load_doc(root / f"orig_task{t}.txt") for t in "abcde"}
    rows = []
    for line in info:
        name, task, category = line.strip().split(",")
        rep = compare(load_doc(root / name), sources[task], aligner=aligner)
        if not rep.matches:
            continue
        m = rep.matches[0]
        rows.append(Row(f"cs:{name}", -ord(task), "clough", f"cs:orig_{task}",
                        int(category != "non"), dict(m.evidence)))
    return rows
