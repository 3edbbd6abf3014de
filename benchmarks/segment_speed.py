"""Where segmenting a text for the index goes: ``segment.outline`` by stage, on the shared texts.

Run ``python -m benchmarks.segment_speed`` (under a minute). On the real article texts of the
shared corpora (``load_sources``) it reports the CPU time per article of ``outline`` and of
its stages (paragraphs, sentences, the word tokens, anchors with names), each the best of
``--repeats`` passes, with the process's collector tuned as in the pool's workers.

It also compares, in interleaved rounds with the median of the rounds' ratios, two ways of
making the records that segmenting returns from its rows (the records of every text: about
70 paragraphs, 120 sentences and 150 anchors an article): the named tuples that
``unspun.records`` defines, made by ``tuple.__new__``, and the frozen slotted dataclasses
they were before, made as cheaply as such a class allows (each object allocated, each slot
set by its descriptor from a C-level map).

And it times the preparing of the index's batches (``outline`` and ``fingerprint`` of parts
of 64 texts, as a pool worker gets them) with the cyclic collector on (at the thresholds of
``unspun.engine.tuning``) and paused as ``prepare_batch`` pauses it, interleaved, with the
median of the rounds' ratios; and the word channel's signatures from the text, with the
tokens found by the regex as strings (``norms``) and as byte spans by numpy
(``token_words``, what ``outline`` uses), interleaved likewise; and ``tokenize`` (what each
trace's query and candidates get) with its offsets from the regex and from numpy.

Writes ``benchmarks/results/segment_speed.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from itertools import repeat, starmap
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS_DIR, best_time, write_results
from benchmarks.corpora import load_sources
from unspun import segment as seg
from unspun.config import FingerprintSettings
from unspun.engine.tuning import collector_paused, tune_collector
from unspun.fingerprint import MinHasher, fingerprint
from unspun.records import Anchor, Sentence, Span, Token
from unspun.segment.tokens import regex_token_norms


@dataclass(frozen=True, slots=True)
class _SpanDC:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _SentenceDC:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _AnchorDC:
    start: int
    end: int
    kind: str
    key: str


def _dataclass_records(cls: type, rows: list[tuple[Any, ...]]) -> list[Any]:
    """The dataclass records of ``rows`` at the cheapest cost such a class allows."""
    objs: list[Any] = list(map(object.__new__, repeat(cls, len(rows))))
    if rows:
        setters = [getattr(cls, f.name).__set__ for f in fields(cls)]
        for setter, column in zip(setters, zip(*rows, strict=True), strict=True):
            deque(map(setter, objs, column), 0)
    return objs


def _each(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return list(map(fn, items))


def _cpu_best(fn: Callable[[], object], repeats: int) -> float:
    return best_time(fn, repeats, time.process_time)


def _collector(texts: list[str], repeats: int) -> dict[str, Any]:
    """Outline and fingerprint parts of 64 texts with the collector on and paused."""
    settings = FingerprintSettings()
    parts = [texts[i : i + 64] for i in range(0, len(texts), 64)]

    def prepare() -> None:
        for part in parts:
            fingerprint([seg.outline(t) for t in part], settings)

    def paused() -> None:
        for part in parts:
            with collector_paused():
                fingerprint([seg.outline(t) for t in part], settings)

    on, off, ratio = _paired(prepare, paused, repeats)
    n = len(texts)
    return {"on_us": round(1e6 * on / n, 1), "paused_us": round(1e6 * off / n, 1),
            "paused_over_on_median": ratio}


def _words(texts: list[str], repeats: int) -> dict[str, Any]:
    """The word channel's signatures from the text: tokens found by the regex as strings
    (``norms``, as before the numpy path of ``segment/tokens.py``) against byte spans found by numpy
    (``token_words``, as ``outline`` finds them now); the same signatures."""
    hasher = MinHasher.from_settings(FingerprintSettings())
    k = FingerprintSettings().word_shingle
    parts = [texts[i : i + 64] for i in range(0, len(texts), 64)]

    def strings() -> list[Any]:
        return [hasher.signatures_from_tokens([seg.norms(t) for t in p], k) for p in parts]

    def spans() -> list[Any]:
        return [hasher.signatures_from_token_bytes([seg.token_words(t) for t in p], k)
                for p in parts]

    assert all((a == b).all() for a, b in zip(strings(), spans(), strict=True))
    a, b, ratio = _paired(strings, spans, repeats)
    n = len(texts)
    return {"regex_strings_us": round(1e6 * a / n, 1), "numpy_spans_us": round(1e6 * b / n, 1),
            "spans_over_strings_median": ratio}


def _tokenize(texts: list[str], repeats: int) -> dict[str, Any]:
    """``segment.tokenize`` with its offsets found by the regex (``regex_token_norms``, as
    before) and by numpy (``token_norms``, as now); the same tokens."""
    def by_regex() -> list[Any]:
        return [list(map(tuple.__new__, repeat(Token), zip(*regex_token_norms(t), strict=True)))
                for t in texts]

    assert by_regex() == list(map(seg.tokenize, texts))
    a, b, ratio = _paired(by_regex, partial(_each, seg.tokenize, texts), repeats)
    n = len(texts)
    return {"regex_us": round(1e6 * a / n, 1), "numpy_us": round(1e6 * b / n, 1),
            "numpy_over_regex_median": ratio}


def _paired(a: Callable[[], object], b: Callable[[], object], rounds: int
            ) -> tuple[float, float, float]:
    """``a`` and ``b`` timed in interleaved rounds (CPU seconds): the best of each, and the
    median over rounds of b's time over a's (on a shared machine the best rounds of two
    contenders can come from different minutes; a round's two timings come from one)."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(_cpu_best(a, 1))
        tb.append(_cpu_best(b, 1))
    return min(ta), min(tb), round(statistics.median(
        y / x for x, y in zip(ta, tb, strict=True)), 3)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "segment_speed.json")
    args = ap.parse_args(argv)
    tune_collector()
    texts = [t for _, t in load_sources()]
    n = len(texts)
    paras = [seg.paragraphs(t) for t in texts]
    sents = [seg.sentences(t, p) for t, p in zip(texts, paras, strict=True)]

    def us(fn: Callable[[], object]) -> float:
        return round(1e6 * _cpu_best(fn, args.repeats) / n, 1)

    with_paras = list(zip(texts, paras, strict=True))
    with_sents = list(zip(texts, sents, strict=True))
    # Each result is dropped as soon as it is made, as the index's preparing drops a part's
    # outlines (kept, they would make the collector's work grow with the pass).
    stages = {
        "outline": us(lambda: deque(map(seg.outline, texts), 0)),
        "paragraphs": us(lambda: deque(map(seg.paragraphs, texts), 0)),
        "sentences": us(lambda: deque(starmap(seg.sentences, with_paras), 0)),
        "norms (regex, a string per token)": us(lambda: deque(map(seg.norms, texts), 0)),
        "token_words (numpy, byte spans)": us(lambda: deque(map(seg.token_words, texts), 0)),
        "anchors": us(lambda: deque(starmap(seg.anchors, with_sents), 0)),
        "names (part of anchors)": us(lambda: deque(starmap(seg._names, with_sents), 0)),
    }
    outlines = [seg.outline(t) for t in texts]
    records: dict[str, Any] = {}
    kinds: tuple[tuple[str, type, type, str], ...] = (
        ("span", Span, _SpanDC, "paragraphs"), ("sentence", Sentence, _SentenceDC, "sentences"),
        ("anchor", Anchor, _AnchorDC, "anchors"))
    for name, named, plain, attr in kinds:
        rows = [[tuple(r) for r in getattr(o, attr)] for o in outlines]
        made: list[list[Any]] = [seg._records(named, r) for r in rows]
        assert all(list(map(tuple, m)) == r for m, r in zip(made, rows, strict=True))
        tup, dc, ratio = _paired(partial(_each, partial(seg._records, named), rows),
                                 partial(_each, partial(_dataclass_records, plain), rows),
                                 args.repeats)
        records[name] = {"per_article": round(sum(map(len, rows)) / n, 1),
                         "named_tuple_us": round(1e6 * tup / n, 1),
                         "dataclass_us": round(1e6 * dc / n, 1),
                         "dataclass_over_named_tuple_median": ratio}
    collector = _collector(texts, args.repeats)
    words = _words(texts, args.repeats)
    tokens = _tokenize(texts, args.repeats)
    print(f"{n} real articles; CPU per article, best of {args.repeats} passes")
    for k, v in stages.items():
        print(f"  {k:36s} {v:8.1f} us")
    print(f"records from rows (per article; best of {args.repeats} interleaved rounds):")
    for k, v in records.items():
        print(f"  {k:9s} x{v['per_article']:6.1f}  named tuple {v['named_tuple_us']:6.1f} us"
              f"  slotted dataclass {v['dataclass_us']:6.1f} us"
              f"  (per round: median {v['dataclass_over_named_tuple_median']}x)")
    print("preparing parts of 64 texts (outline + fingerprint), per article, best of "
          f"{args.repeats} interleaved rounds:")
    print(f"  collector on {collector['on_us']:.1f} us, paused {collector['paused_us']:.1f} us"
          f" (paused/on per round: median {collector['paused_over_on_median']})")
    print("word-shingle signatures of parts of 64 texts from the text, per article, best of "
          f"{args.repeats} interleaved rounds:")
    print(f"  regex tokens as strings {words['regex_strings_us']:.1f} us, numpy byte spans "
          f"{words['numpy_spans_us']:.1f} us (spans/strings per round: median "
          f"{words['spans_over_strings_median']})")
    print(f"tokenize (offsets and norms, as each trace's query and candidates are tokenized), "
          f"per article, best of {args.repeats} interleaved rounds:")
    print(f"  regex {tokens['regex_us']:.1f} us, numpy {tokens['numpy_us']:.1f} us "
          f"(numpy/regex per round: median {tokens['numpy_over_regex_median']})")
    result = {"articles": n, "repeats": args.repeats, "stages_us_per_article": stages,
              "records": records, "preparing_collector": collector, "word_signatures": words,
              "tokenize": tokens}
    write_results(args.out, result)
    return result


if __name__ == "__main__":
    main()
