"""Seeded, labelled copies of real article texts: development data and benchmark fixtures.

Input: (id, text) sources, the copy kinds wanted, a seed and a thesaurus. Output:
:class:`SynthCopy` records. Each says what kind of copy it is and carries the generator's own
record of what it changed (:class:`SynthEdit`, with offsets into both texts) and of what it
injected (:class:`SynthInjection`). The spinner (:mod:`~unspun.devdata.spin`) works the way
cheap article spinners do: blind, sense-free substitution from a thesaurus, longest phrase
first, names included, with the Problematic Paper Screener's tortured phrases applied in
reverse. Summaries and paraphrases (rule-based, :mod:`~unspun.devdata.rewrite`) record a
sentence map (:class:`SentenceMap`) instead of word-level edits. See ``docs/dev-data.md`` for
what such data can and cannot show.

Modules, in import order: :mod:`~unspun.devdata.labels` (the records and kinds),
:mod:`~unspun.devdata.text` (sentences, words, inflection), :mod:`~unspun.devdata.splice`
(ops -> copy and labels), :mod:`~unspun.devdata.spin`, :mod:`~unspun.devdata.inject` (spam),
:mod:`~unspun.devdata.light` (verbatim, near-verbatim, excerpt), :mod:`~unspun.devdata.rewrite`
and :mod:`~unspun.devdata.generate` (:func:`generate_dataset`, :func:`generate_copies`).
"""

from __future__ import annotations

from unspun.devdata.generate import generate_copies, generate_dataset
from unspun.devdata.labels import (
    KINDS,
    SENTENCE_MAPPED_KINDS,
    SYNTH_VERSION,
    CopyKind,
    EditReason,
    InjectKind,
    SentenceMap,
    SynthCopy,
    SynthEdit,
    SynthInjection,
)
from unspun.devdata.text import paragraphs, sentences

__all__ = [
    "KINDS",
    "SENTENCE_MAPPED_KINDS",
    "SYNTH_VERSION",
    "CopyKind",
    "EditReason",
    "InjectKind",
    "SentenceMap",
    "SynthCopy",
    "SynthEdit",
    "SynthInjection",
    "generate_copies",
    "generate_dataset",
    "paragraphs",
    "sentences",
]
