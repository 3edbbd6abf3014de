"""Extraction benchmark: unspun's HTML extraction against trafilatura alone, in the same run.

Run ``python -m benchmarks.extraction`` (``--quick`` for the first 60 Zyte and 100 WCXB pages,
``--limit N`` for the first N pages of each set). For every page of

- the Zyte/ScrapingHub article-extraction benchmark (``corpora/scrapinghub-aeb``, 181 news and
  blog pages; https://github.com/scrapinghub/article-extraction-benchmark, MIT license), scored
  against ``articleBody``, and
- the Web Content Extraction Benchmark, dev split, article and forum pages
  (``corpora/wcxb-dev``, 823 pages; Murrough Foley, CC-BY-4.0), scored against
  ``ground_truth.main_content`` and the ``ground_truth.with`` / ``ground_truth.without``
  snippet lists,

it runs these systems, each timed from the gzipped file on disk to the text (wall-clock and
the process's CPU time; the CPU time is what other jobs on a shared machine disturb least):

- ``trafilatura``: ``trafilatura.extract(html)``, default settings (comments included);
- ``trafilatura-nocomments``: ``trafilatura.extract(html, include_comments=False)``, the
  configuration behind the published Zyte result (0.958 F1), as a reference;
- ``trafilatura-precision``: ``trafilatura.extract(html, favor_precision=True)``;
- ``unspun``: ``unspun.ingest.iter_inputs`` then ``unspun.extract.extract`` with the default
  ``Settings()``, exactly what the CLI does with a file argument.

Metric (the field's, as in the Zyte benchmark's ``evaluate.py``):

- Tokens are ``\\w+`` runs of the lower-cased text (the Zyte script keeps case; lower-casing
  only merges shingles that differ in case, a negligible effect on these pages).
- A text's shingles are the multiset of its word 4-grams; a text of 1-3 tokens has a single
  shorter shingle (all of its tokens), a text without tokens has none.
- Per page, true positives are the shingles in both multisets (with multiplicity), precision
  = tp / shingles of the output, recall = tp / shingles of the ground truth.
- ``P`` and ``R`` are the means over pages; ``F1`` is their harmonic mean (the Zyte script's
  definition, comparable with the published numbers); ``pageF1`` is the mean of the per-page
  F1, which is stricter.
- An empty output (nothing extracted, or an extraction error) has no precision: it is left out
  of the precision mean, scores recall 0 and pageF1 0, and is counted under ``empty``.
- Pages whose ground truth has no tokens (3 WCXB pages without ``main_content``) are left out
  of P, R and F1 but still count for the snippet rates.
- Snippets: output and snippet are lower-cased and their whitespace runs collapsed to one
  space; a snippet is found when it occurs in the output at word boundaries (so a ``without``
  snippet "Home" is not found inside "homeowner"). ``with`` is the share of a page's ``with``
  snippets found in the output, ``without`` the share of its ``without`` snippets not found;
  both averaged over the pages that have such snippets (an empty output finds nothing).

Speed: pages per second, and each system's speed as a share of trafilatura's (defaults) in the
same run (``x traf``: its time over the system's, for each corpus and over both together);
systems run in turn on each page, so a change in load slows all of them alike. One-time costs
of a process are paid before the clock starts: trafilatura's imports, and the start of
dateparser, which htmldate (unspun's date search) calls on date-like text its own rules cannot
read, and which compiles the patterns of its 200 locales on first use (about 2 s, once per
process; with ``--cold`` it is left to the first page that needs it, as runs before December
2026 did).

Results go to ``benchmarks/results/extraction.json`` (``--out`` to change) with the per-page
precision and recall of every system, so regressions can be traced to pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from benchmarks.common import RESULTS_DIR, shared_dir, write_results
from unspun.config import Settings
from unspun.errors import UnspunError
from unspun.extract import extract
from unspun.ingest import iter_inputs
from unspun.records import InputFailure

SCHEMA_VERSION = 2
SHINGLE = 4
CorpusName = Literal["zyte", "wcxb"]
CORPORA: tuple[CorpusName, ...] = ("zyte", "wcxb")
QUICK_PAGES: dict[CorpusName, int] = {"zyte": 60, "wcxb": 100}
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[Path], str]
"""Path of a gzipped HTML page -> extracted text ("" when nothing was extracted)."""


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    corpus: CorpusName
    id: str
    path: Path
    truth: str
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


def load_pages(root: Path, corpus: CorpusName, limit: int | None = None) -> list[Page]:
    """The first ``limit`` pages of a corpus under ``root`` (the shared folder), in id order."""
    if corpus == "zyte":
        return _zyte_pages(root / "corpora" / "scrapinghub-aeb", limit)
    return _wcxb_pages(root / "corpora" / "wcxb-dev", limit)


def _zyte_pages(folder: Path, limit: int | None) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    return [Page("zyte", key, folder / "html" / f"{key}.html.gz",
                 truth[key].get("articleBody") or "") for key in keys]


def _wcxb_pages(folder: Path, limit: int | None) -> list[Page]:
    pages = []
    for path in sorted((folder / "ground-truth").glob("*.json"))[:limit]:
        truth = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        pages.append(Page(
            "wcxb", path.stem, folder / "html" / f"{path.stem}.html.gz",
            truth.get("main_content") or "",
            tuple(truth.get("with") or ()), tuple(truth.get("without") or ()),
        ))
    return pages


# --- metric --------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text of 1 to n-1 tokens is one shorter shingle."""
    words = tokens(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def precision_recall(output: str, truth: str) -> tuple[float | None, float | None]:
    """Shingle precision and recall of ``output``; None where the denominator is empty."""
    pred, true = shingles(output), shingles(truth)
    tp = sum((pred & true).values())
    n_pred, n_true = pred.total(), true.total()
    return (tp / n_pred if n_pred else None), (tp / n_true if n_true else None)


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def contains(haystack: str, snippet: str) -> bool:
    """``snippet`` occurs in the normalised ``haystack`` (already normalised) at word bounds."""
    needle = _normalise(snippet)
    if not needle:
        return False
    pattern = (r"(?<!\w)" if needle[0].isalnum() or needle[0] == "_" else "") + re.escape(needle) \
        + (r"(?!\w)" if needle[-1].isalnum() or needle[-1] == "_" else "")
    return re.search(pattern, haystack) is not None


def snippet_rates(output: str, page: Page) -> tuple[float | None, float | None]:
    """(share of ``with`` snippets found, share of ``without`` snippets not found)."""
    text = _normalise(output)
    hit = avoided = None
    if page.with_snippets:
        hit = sum(contains(text, s) for s in page.with_snippets) / len(page.with_snippets)
    if page.without_snippets:
        avoided = sum(not contains(text, s) for s in page.without_snippets) \
            / len(page.without_snippets)
    return hit, avoided


# --- systems -------------------------------------------------------------------------------


def _html(path: Path) -> str:
    # Both benchmarks store UTF-8 pages; the Zyte script reads them the same way.
    return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def trafilatura_default(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(_html(path)) or ""


def trafilatura_nocomments(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(_html(path), include_comments=False) or ""


def trafilatura_precision(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(_html(path), favor_precision=True) or ""


def unspun_cli(path: Path) -> str:
    """What ``unspun`` does with a file argument: ingest, then extract with default settings."""
    settings = Settings()
    texts = []
    for item in iter_inputs([str(path)], settings.ingest):
        if isinstance(item, InputFailure):
            raise UnspunError(f"{item.uri}: {item.reason}")
        texts.append(extract(item, settings.extract).text)
    return "\n\n".join(texts)


SYSTEMS: dict[str, Extractor] = {
    "trafilatura": trafilatura_default,
    "trafilatura-nocomments": trafilatura_nocomments,
    "trafilatura-precision": trafilatura_precision,
    "unspun": unspun_cli,
}


# --- running -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageScore:
    page: str
    precision: float | None
    recall: float | None
    with_hit: float | None
    without_avoided: float | None
    seconds: float
    cpu_seconds: float
    empty: bool
    error: str | None = None

    @property
    def f1(self) -> float | None:
        """Per-page F1; 0 for an empty output, None where the truth has no tokens."""
        if self.recall is None:
            return None
        p, r = self.precision or 0.0, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(page: Page, extractor: Extractor) -> PageScore:
    start, cpu_start = time.perf_counter(), time.process_time()
    error = None
    try:
        output = extractor(page.path)
    except Exception as exc:  # one bad page must not end the run; it scores as empty
        output, error = "", f"{type(exc).__name__}: {exc}"
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    precision, recall = precision_recall(output, page.truth)
    hit, avoided = snippet_rates(output, page)
    return PageScore(page.id, precision, recall, hit, avoided, seconds, cpu_seconds,
                     empty=not tokens(output), error=error)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarise(scores: Sequence[PageScore]) -> dict[str, float | int | None]:
    precision = _mean(s.precision for s in scores)
    recall = _mean(s.recall for s in scores)
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall else None)
    seconds = sum(s.seconds for s in scores)
    cpu_seconds = sum(s.cpu_seconds for s in scores)
    return {
        "pages": len(scores),
        "scored": sum(s.recall is not None for s in scores),
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "page_f1": _mean(s.f1 for s in scores),
        "empty": sum(s.empty for s in scores),
        "errors": sum(s.error is not None for s in scores),
        "with_hit": _mean(s.with_hit for s in scores),
        "without_avoided": _mean(s.without_avoided for s in scores),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages_per_s": len(scores) / seconds if seconds else None,
    }


BASELINE = "trafilatura"
"""The system the others' speed is measured against: trafilatura alone, with its defaults."""


def add_speed_ratios(results: Mapping[str, MutableMapping[str, float | int | None]]) -> None:
    """Add each system's speed as a share of BASELINE's, wall-clock (``speed``) and CPU time
    (``cpu_speed``): the baseline's seconds over the system's, on the same pages."""
    if BASELINE not in results:
        return
    base = results[BASELINE]
    for summary in results.values():
        for key, seconds in (("speed", "seconds"), ("cpu_speed", "cpu_seconds")):
            ours, theirs = summary[seconds], base[seconds]
            summary[key] = theirs / ours if ours and theirs is not None else None


def pooled(results: Mapping[str, Mapping[str, Mapping[str, float | int | None]]],
           ) -> dict[str, dict[str, float | int | None]]:
    """Per system, pages and seconds summed over the corpora, with their speed ratios."""
    totals: dict[str, dict[str, float | int | None]] = {}
    for systems in results.values():
        for name, m in systems.items():
            total = totals.setdefault(name, {"pages": 0, "seconds": 0.0, "cpu_seconds": 0.0})
            for key in total:
                total[key] = (total[key] or 0) + (m[key] or 0)
    for total in totals.values():
        total["pages_per_s"] = (total["pages"] or 0) / total["seconds"] \
            if total["seconds"] else None
    add_speed_ratios(totals)
    return totals


def evaluate(
    pages: Sequence[Page],
    systems: Mapping[str, Extractor] = SYSTEMS,
    progress: Callable[[int, int], None] | None = None,
    warm_date_parser: bool = True,
) -> dict[str, list[PageScore]]:
    """Per-system page scores. Systems run in turn on each page, so a change in machine load
    during the run slows all of them alike. ``warm_date_parser``: start dateparser before the
    first page (module docstring), not on the first page that needs it."""
    import trafilatura

    trafilatura.extract("<html><body><p>warm-up</p></body></html>")  # imports, not timed
    if warm_date_parser:
        from htmldate.extractors import external_date_parser

        external_date_parser("Top 10 practices for 2025", "%Y-%m-%d")  # its start, not timed
    scores: dict[str, list[PageScore]] = {name: [] for name in systems}
    for done, page in enumerate(pages, start=1):
        for name, extractor in systems.items():
            scores[name].append(score_page(page, extractor))
        if progress:
            progress(done, len(pages))
    return scores


# --- report --------------------------------------------------------------------------------

_COLUMNS = (("F1", "f1"), ("P", "precision"), ("R", "recall"), ("pageF1", "page_f1"),
            ("with", "with_hit"), ("without", "without_avoided"))


def table(results: Mapping[str, Mapping[str, Mapping[str, float | int | None]]]) -> str:
    def fmt(value: float | int | None, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    head = f"{'corpus':<6} {'system':<23} {'pages':>5} " \
        + " ".join(f"{label:>7}" for label, _ in _COLUMNS) \
        + f" {'empty':>5} {'pages/s':>7} {'x traf':>6} {'x cpu':>6}"
    lines = [head, "-" * len(head)]
    for corpus, systems in results.items():
        for name, m in systems.items():
            lines.append(
                f"{corpus:<6} {name:<23} {m['pages']:>5} "
                + " ".join(f"{fmt(m[key]):>7}" for _, key in _COLUMNS)
                + f" {m['empty']:>5} {fmt(m['pages_per_s'], 1):>7}"
                + f" {fmt(m.get('speed'), 2):>6} {fmt(m.get('cpu_speed'), 2):>6}"
            )
    return "\n".join(lines)


def speed_table(totals: Mapping[str, Mapping[str, float | int | None]]) -> str:
    """Pages per second and the speed ratios over all corpora together."""
    lines = [f"{'all corpora':<30} {'pages':>5} {'pages/s':>7} {'x traf':>6} {'x cpu':>6}"]
    for name, m in totals.items():
        speed, cpu = m["speed"], m["cpu_speed"]
        lines.append(f"{name:<30} {m['pages']:>5} {m['pages_per_s'] or 0:>7.1f} "
                     f"{'-' if speed is None else f'{speed:.2f}':>6} "
                     f"{'-' if cpu is None else f'{cpu:.2f}':>6}")
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {"python": platform.python_version(), "trafilatura": version("trafilatura"),
            "unspun": version("unspun")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help=f"first {QUICK_PAGES['zyte']} Zyte and {QUICK_PAGES['wcxb']} "
                        "WCXB pages")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--corpus", choices=CORPORA, action="append",
                        help="only this set (repeatable; default: both)")
    parser.add_argument("--cold", action="store_true",
                        help="count dateparser's one-time start (about 2 s) against the first "
                        "page that needs it")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "extraction.json")
    args = parser.parse_args(argv)

    root = shared_dir()
    started = time.perf_counter()
    results: dict[str, dict[str, dict[str, float | int | None]]] = {}
    per_page: dict[str, dict[str, dict[str, list[float | None]]]] = {}
    for corpus in args.corpus or CORPORA:
        limit = args.limit if args.limit is not None else \
            (QUICK_PAGES[corpus] if args.quick else None)
        pages = load_pages(root, corpus, limit)

        def progress(done: int, total: int, corpus: str = corpus) -> None:
            if done % 50 == 0 or done == total:
                print(f"  {corpus}: {done}/{total} pages", file=sys.stderr, flush=True)

        scores = evaluate(pages, SYSTEMS, progress, warm_date_parser=not args.cold)
        results[corpus] = {name: summarise(s) for name, s in scores.items()}
        add_speed_ratios(results[corpus])
        per_page[corpus] = {
            page.id: {name: [_round(s[i].precision), _round(s[i].recall)]
                      for name, s in scores.items()}
            for i, page in enumerate(pages)
        }
        for name, s in scores.items():
            for score in s:
                if score.error:
                    print(f"  {corpus} {name} {score.page}: {score.error}", file=sys.stderr)
    elapsed = time.perf_counter() - started

    totals = pooled(results)
    print(table(results))
    print()
    print(speed_table(totals))
    print(f"\n{elapsed:.0f} s in all. Published Zyte F1: trafilatura 0.958, best 0.970. "
          "Data: Zyte AEB (MIT), WCXB dev (CC-BY-4.0).")
    report = {
        "schema_version": SCHEMA_VERSION,
        "metric": "word 4-gram shingle P/R averaged per page, F1 of the means (Zyte evaluate.py)",
        "pages_format": "corpus -> page id -> system -> [precision, recall] (null: undefined)",
        "versions": _versions(),
        "args": {"quick": args.quick, "limit": args.limit, "cold": args.cold},
        "seconds": round(elapsed, 1),
        "results": {corpus: {name: {key: _round(value) if isinstance(value, float) else value
                                    for key, value in summary.items()}
                             for name, summary in systems.items()}
                    for corpus, systems in results.items()},
        "speed": {name: {key: _round(value) if isinstance(value, float) else value
                         for key, value in total.items()}
                  for name, total in totals.items()},
        "pages": per_page,
    }
    write_results(args.out, report, indent=1)
    print(f"wrote {args.out}")
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


if __name__ == "__main__":
    sys.exit(main())
