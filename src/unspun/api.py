"""The verbs of the Python API: load a document, compare two, trace against an index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from unspun.align import Aligner
from unspun.align import default_aligner as _default_aligner
from unspun.classify import VerdictModel, text_evidence
from unspun.config import Settings
from unspun.errors import InputError
from unspun.explain import Aligned, match_report, scored_matches
from unspun.extract import extract
from unspun.ingest import content_id, iter_inputs
from unspun.records import Doc, InputFailure, Report, SourceRef
from unspun.segment import segment

if TYPE_CHECKING:
    from unspun.index import Index


def text_doc(text: str, *, id: str | None = None, uri: str = "<text>", title: str = "") -> Doc:
    """A Doc from plain text already in memory (no extraction)."""
    doc_id = id or content_id(text)
    return Doc(id=doc_id, uri=uri, text=text, title=title)


def iter_docs(
    inputs: Iterable[str], settings: Settings | None = None
) -> Iterator[Doc | InputFailure]:
    """Ingest and extract: every input becomes a Doc or an InputFailure with its reason."""
    settings = settings or Settings()
    for item in iter_inputs(inputs, settings.ingest):
        if isinstance(item, InputFailure):
            yield item
            continue
        try:
            yield extract(item, settings.extract)
        except InputError as exc:
            yield InputFailure(exc.uri, exc.reason)


def load_docs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Doc]:
    """Docs from inputs, raising InputError (naming the input) at the first bad one."""
    for item in iter_docs(inputs, settings):
        if isinstance(item, InputFailure):
            raise InputError(item.uri, item.reason)
        yield item


def load_doc(path: str | Path, settings: Settings | None = None) -> Doc:
    """Exactly one document from a path; raises InputError naming the file otherwise."""
    items = list(iter_docs([str(path)], settings))
    if not items:
        raise InputError(str(path), "no document in this input")
    first = items[0]
    if isinstance(first, InputFailure):
        raise InputError(first.uri, first.reason)
    if len(items) > 1:
        raise InputError(str(path), f"holds {len(items)} documents; compare takes one each")
    return first


def compare(
    suspect: Doc | str,
    source: Doc | str,
    *,
    aligner: Aligner | None = None,
    settings: Settings | None = None,
    model: VerdictModel | None = None,
) -> Report:
    """Align a suspected copy with a given source, no index needed.

    Strings are taken as plain text. The report has one match (or none when nothing aligns).
    Without ``aligner``, words alone are aligned (``default_aligner()`` adds sentence vectors).
    """
    settings = settings or Settings()
    q = suspect if isinstance(suspect, Doc) else text_doc(suspect, uri="<suspect>")
    s = source if isinstance(source, Doc) else text_doc(source, uri="<source>")
    aligner = aligner or _default_aligner(dense=False, settings=settings.align)
    q_seg, s_seg = segment(q.text), segment(s.text)
    given = Aligned(SourceRef(s.id, s.uri, s.title), s.text, aligner.align(q_seg, s_seg),
                    text_evidence(s_seg), ("given",))
    (m,) = scored_matches(q.text, text_evidence(q_seg), [given], model=model,
                          languages=aligner.languages)
    return match_report(q, [m] if m.verdict != "unrelated" else [], aligner)


def trace(index: Index, doc: Doc | str, *, top: int = 5) -> Report:
    """Find the sources of one document in an index (strings are taken as plain text).

    An index with passage vectors brings its own sentence encoder: the dense channel and the
    aligner use it. To trace many documents, build one ``Retriever`` and keep it."""
    from unspun.retrieve import Retriever

    query = doc if isinstance(doc, Doc) else text_doc(doc)
    return Retriever.for_index(index).trace(query, top=top)


def default_aligner(*, dense: bool | None = None, settings: Settings | None = None) -> Aligner:
    """An aligner with the installed thesaurus and, for ``dense`` True (or None when the
    ``semantic`` extra is installed), the sentence encoder. ``dense=True`` without the extra
    raises an error naming it. (``unspun.align.default_aligner`` with the whole settings.)"""
    return _default_aligner(dense=dense, settings=(settings or Settings()).align)
