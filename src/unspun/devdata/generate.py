"""Generation: (id, text) sources -> labelled :class:`SynthCopy` records, seeded per copy.

Input: source texts, the kinds wanted, a seed and a thesaurus. Output: one
:class:`SynthCopy` per source and kind (:func:`generate_dataset`, :func:`generate_copies`),
each made by its kind's module (:mod:`~unspun.devdata.light`, :mod:`~unspun.devdata.spin`,
:mod:`~unspun.devdata.inject`, :mod:`~unspun.devdata.rewrite`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Literal, cast

from unspun.devdata.inject import spam_ops
from unspun.devdata.labels import (
    KINDS,
    SENTENCE_MAPPED_KINDS,
    SYNTH_VERSION,
    CopyKind,
    SentenceMap,
    SynthCopy,
    SynthEdit,
    SynthInjection,
)
from unspun.devdata.light import excerpt_copy, near_verbatim_ops, verbatim_copy
from unspun.devdata.rewrite import paraphrase, summarise
from unspun.devdata.spin import Choices, spin_ops
from unspun.devdata.splice import Op, assemble
from unspun.lexicon import Thesaurus, TorturedPhrases


def generate_copies(
    source_id: str,
    text: str,
    kinds: Sequence[str],
    rng_seed: int,
    thesaurus: Thesaurus,
    spin_rate: float = 0.3,
    *,
    tortured: TorturedPhrases | Sequence[tuple[str, str]] = (),
    pick: Literal["random", "first"] = "random",
    tortured_rate: float = 1.0,
) -> list[SynthCopy]:
    """One labelled copy of ``text`` per entry of ``kinds`` (repeats allowed).

    The same arguments give the same copies on every run: each copy has its own generator
    seeded from (rng_seed, source_id, kind, position). ``spin_rate`` is the share of eligible
    words (those the thesaurus can replace) a spun copy replaces; ``pick`` is how the spinner
    chooses among synonyms; ``tortured`` are (tortured, expected) pairs applied in reverse,
    multi-word ones with probability ``tortured_rate``.
    """
    return generate_dataset([(source_id, text)], kinds, rng_seed, thesaurus, spin_rate,
                            tortured=tortured, pick=pick, tortured_rate=tortured_rate)


def generate_dataset(
    sources: Iterable[tuple[str, str]],
    kinds: Sequence[str],
    rng_seed: int,
    thesaurus: Thesaurus,
    spin_rate: float = 0.3,
    *,
    tortured: TorturedPhrases | Sequence[tuple[str, str]] = (),
    pick: Literal["random", "first"] = "random",
    tortured_rate: float = 1.0,
) -> list[SynthCopy]:
    """Copies of every (id, text) source, in source order then ``kinds`` order; the same as
    calling :func:`generate_copies` on each, sharing the lookups."""
    choices, index = Choices(thesaurus), _index(tortured)
    out: list[SynthCopy] = []
    for source_id, text in sources:
        out.extend(_generate(source_id, text, kinds, rng_seed, choices, spin_rate, index, pick,
                             tortured_rate))
    return out


def _index(tortured: TorturedPhrases | Sequence[tuple[str, str]]) -> TorturedPhrases | None:
    if isinstance(tortured, TorturedPhrases):
        return tortured
    return TorturedPhrases(tortured) if tortured else None


def _generate(
    source_id: str, text: str, kinds: Sequence[str], rng_seed: int, ch: Choices,
    spin_rate: float, index: TorturedPhrases | None, pick: str, tortured_rate: float,
) -> list[SynthCopy]:
    if not 0.0 <= spin_rate <= 1.0:
        raise ValueError(f"spin_rate must be in [0, 1], got {spin_rate}")
    if pick not in ("random", "first"):
        raise ValueError(f"pick must be 'random' or 'first', got {pick!r}")
    copies = []
    for i, kind in enumerate(kinds):
        # A str seed is hashed with SHA-512 by random.Random: stable across runs and hosts.
        rng = random.Random(f"{SYNTH_VERSION}:{rng_seed}:{source_id}:{kind}:{i}")
        ops: list[Op] = []
        smap: list[SentenceMap] = []
        out = text
        if kind == "verbatim":
            out, params = verbatim_copy(text, rng)
        elif kind == "excerpt":
            out, params = excerpt_copy(text, rng)
        elif kind == "near_verbatim":
            ops, params = near_verbatim_ops(text, rng, ch)
        elif kind == "spun":
            ops, params = spin_ops(text, rng, ch, spin_rate, index, pick, tortured_rate)
        elif kind == "spam":
            ops, params = spam_ops(text, rng, ch, spin_rate, index, pick)
        elif kind in SENTENCE_MAPPED_KINDS:
            make = summarise if kind == "summary" else paraphrase
            out, params, smap = make(text, rng, ch)
        else:
            raise ValueError(f"unknown copy kind {kind!r}; expected one of {', '.join(KINDS)}")
        edits: list[SynthEdit] = []
        injected: list[SynthInjection] = []
        if ops:
            out, edits, injected = assemble(text, ops)
        params["seed"] = rng_seed
        copies.append(SynthCopy(
            id=f"{source_id}/{kind}/{i}", source_id=source_id, kind=cast(CopyKind, kind),
            text=out, params=tuple(sorted(params.items())), edits=tuple(edits),
            injected=tuple(injected), sentence_map=tuple(smap),
        ))
    return copies
