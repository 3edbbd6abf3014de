"""The generator's labels: what a copy is and what was done to make it.

Output records of :mod:`unspun.devdata`: :class:`SynthCopy` (one labelled copy), with the
word-level changes (:class:`SynthEdit`), the text injected into it (:class:`SynthInjection`)
or, for summaries and paraphrases, its sentence map (:class:`SentenceMap`); and the copy kinds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, NamedTuple

SYNTH_VERSION = 1
"""Bumped whenever the same seed would give different copies."""

CopyKind = Literal["verbatim", "near_verbatim", "spun", "excerpt", "spam", "summary", "paraphrase"]
EditReason = Literal[
    "synonym", "tortured_list", "name_mangled",  # spinning
    "sentence_dropped", "sentences_swapped", "word_deleted", "word_changed",  # light edits
    "intro_added", "outro_added",
]
InjectKind = Literal["keyword_stuffing", "filler", "link_spam"]
# New kinds go at the end: each copy's generator is seeded from its kind and position, so a
# call with the old kinds in the old order gives byte-identical copies.
KINDS: tuple[CopyKind, ...] = ("verbatim", "near_verbatim", "spun", "excerpt", "spam",
                               "summary", "paraphrase")
SENTENCE_MAPPED_KINDS: frozenset[CopyKind] = frozenset(("summary", "paraphrase"))
"""Kinds that record a sentence map (:class:`SentenceMap`) instead of word-level edits."""


@dataclass(frozen=True, slots=True)
class SynthEdit:
    """One change: ``copy[copy_start:copy_end] == copy_text`` and
    ``source[source_start:source_end] == source_text``. Insertions have an empty source span,
    deletions an empty copy span; a swapped sentence keeps its text and moves."""

    copy_start: int
    copy_end: int
    source_start: int
    source_end: int
    source_text: str
    copy_text: str
    reason: EditReason


@dataclass(frozen=True, slots=True)
class SentenceMap:
    """One sentence of a summary or paraphrase, ``copy[copy_start:copy_end]``, and the source
    sentences it was made from: indices into :func:`sentences` of the source, with their
    spans, and the transforms applied (``merged``, ``split``, ``synonym``, ...). Two copy
    sentences share an index where a source sentence was split; one carries two where two
    were merged."""

    copy_start: int
    copy_end: int
    source_sentences: tuple[int, ...]
    source_spans: tuple[tuple[int, int], ...]
    transforms: tuple[str, ...]


class SynthInjection(NamedTuple):
    """Text in the copy that is not from the source: ``copy[start:end]``."""

    start: int
    end: int
    kind: InjectKind


@dataclass(frozen=True, slots=True)
class SynthCopy:
    id: str
    source_id: str
    kind: CopyKind
    text: str
    params: tuple[tuple[str, float | int | str], ...] = ()
    edits: tuple[SynthEdit, ...] = ()
    injected: tuple[SynthInjection, ...] = ()
    synth_version: int = field(default=SYNTH_VERSION)
    sentence_map: tuple[SentenceMap, ...] = ()
    """Summary and paraphrase only: copy sentence -> source sentences (see SentenceMap)."""

    def param(self, name: str) -> float | int | str | None:
        return dict(self.params).get(name)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (for JSONL dev sets)."""
        out = asdict(self)
        out["params"] = dict(self.params)
        out["injected"] = [list(span) for span in self.injected]
        return out
