"""Chrome and injected text on real pages: are the labelled strings that are not the article
set aside?

Run ``python -m benchmarks.wild_chrome PAGES_JSONL`` on the rebuilt wild-dev pages (each line a
row of ``../shared/corpora/wild-dev/recipe.jsonl`` plus its ``text``; DEVELOPERS.md says how to
rebuild them; never commit them). About two minutes.

Each page is extracted as ``unspun trace`` reads it (``benchmarks.wild_data.load_pages``) and
traced, with the shipped verdict model, against one index of every page that is not a copy
(as ``benchmarks.wild`` builds it); a page of the index is traced without itself. Then:

- **labelled strings**: a row's ``injected`` list holds the strings inside its text that are
  not the article (related-headline links, bylines, widget and sign-up lines, adverts, link
  farms), exactly as they appear there. A string is *set aside* when at least ``--cover``
  (0.8) of its non-space characters are out of the article text the aligner reads: removed
  as boilerplate (``Doc.boilerplate``) or inside a reported injected span. Where a string
  occurs more than once, the occurrence set aside least decides. Each caught string is
  credited to the rule that covers most of it (a chrome kind of
  ``unspun.extract.chrome`` or an injected kind);
- **unlabelled pages**: pages with no ``injected`` string; any injected span on one is counted
  as a false finding (by role, and apart for pages whose ``boilerplate`` label says they carry
  chrome the labeller did not list);
- **coverage**: the copy coverage of the best ``copy`` match of labelled copies (chrome left
  in the text is text no source holds);
- everything for the whole set and for its two parts: ``held-out`` (stories with an odd
  family id, and distractors whose page id ends in an odd hex digit), kept aside while the
  rules were developed, and ``dev`` (the rest).

It prints and writes (``--out``, default ``benchmarks/results/wild-chrome.json``) ids, counts
and rates only, never page texts. The generated injection benchmark is
``python -m benchmarks.injected``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from benchmarks.common import RESULTS_DIR, write_results
from benchmarks.wild_data import Page, build_index, load_pages, page_id
from unspun.extract import normalise_plain
from unspun.extract.chrome import chrome_spans
from unspun.records import Report
from unspun.retrieve import Retriever

COVER = 0.8
PARTS = ("dev", "held-out")


@dataclass
class Outcome:
    """One page's result: its labelled strings (caught by which rule, or missed) and its
    injected findings."""

    id: str
    role: str
    part: str
    boilerplate: bool
    labels: int
    caught: list[str] = field(default_factory=list)
    """The rule credited for each caught string (``chrome:<kind>`` or ``injected:<kind>``)."""
    missed: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    stray: int = 0
    """Injected spans that cover no labelled string."""
    coverage: float | None = None


def part_of(row: dict) -> str:
    if row["family"] is None:
        return "held-out" if int(page_id(row["url"])[-1], 16) % 2 else "dev"
    return "held-out" if row["family"] % 2 else "dev"


def _owners(full: str, doc_text: str, report: Report) -> list[str | None]:
    """For each character of ``full`` (the normalised page text): the rule that set it aside,
    or None where it reaches the article text. ``doc.text`` is ``full`` with chrome removed,
    so the kept characters are found by matching the two texts; the rest is chrome."""
    owner: list[str | None] = ["chrome"] * len(full)
    to_full = [-1] * len(doc_text)
    blocks = SequenceMatcher(None, full, doc_text, autojunk=False).get_matching_blocks()
    for a, b, n in blocks:
        for k in range(n):
            owner[a + k] = None
            to_full[b + k] = a + k
    for span, kind in chrome_spans(full):
        for k in range(span.start, span.end):
            if owner[k] == "chrome":
                owner[k] = f"chrome:{kind}"
    for x in report.injected:
        for k in range(x.span.start, x.span.end):
            if to_full[k] >= 0:
                owner[to_full[k]] = f"injected:{x.kind}"
    return owner


def _occurrences(full: str, s: str) -> list[tuple[int, int]]:
    s = s.strip()
    out, at = [], full.find(s)
    while at >= 0:
        out.append((at, at + len(s)))
        at = full.find(s, at + 1)
    return out


def judge(page: Page, row: dict, report: Report, cover: float) -> Outcome:
    full = normalise_plain(row["text"])
    owner = _owners(full, page.doc.text, report)
    out = Outcome(page.id, page.role, part_of(row), bool(row.get("boilerplate")),
                  len(row.get("injected") or []))
    label_spans = []
    for s in row.get("injected") or []:
        worst: tuple[float, str | None] = (2.0, None)
        spans = _occurrences(full, s)
        for a, b in spans:
            chars = [owner[k] for k in range(a, b) if not full[k].isspace()]
            aside = [o for o in chars if o is not None]
            share = len(aside) / max(len(chars), 1)
            if share < worst[0]:
                worst = (share, Counter(aside).most_common(1)[0][0] if aside else None)
        label_spans += spans
        if spans and worst[0] >= cover and worst[1] is not None:
            out.caught.append(worst[1])
        else:
            out.missed += 1
    out.injected.update(x.kind for x in report.injected)
    # A finding is stray when it covers no labelled string (offsets of the extracted text).
    labels_in_doc = [s.strip() for s in row.get("injected") or []]
    out.stray = sum(not any(lab and (lab in x.text or x.text.strip() in lab)
                            for lab in labels_in_doc) for x in report.injected)
    best = next((m for m in report.matches if m.verdict == "copy"), None)
    if best is not None:
        out.coverage = best.alignment.coverage_copy
    return out


def summarise(outcomes: list[Outcome]) -> dict:
    labelled = [o for o in outcomes if o.labels]
    unlabelled = [o for o in outcomes if not o.labels]
    n_labels = sum(o.labels for o in labelled)
    caught = sum(len(o.caught) for o in labelled)
    flagged = [o for o in unlabelled if o.injected]
    by_role: dict[str, str] = {}
    for role in sorted({o.role for o in unlabelled}):
        group = [o for o in unlabelled if o.role == role]
        by_role[role] = f"{sum(bool(o.injected) for o in group)}/{len(group)}"
    covs = [o.coverage for o in labelled if o.role == "copy" and o.coverage is not None]
    return {
        "labelled_pages": len(labelled),
        "labelled_strings": n_labels,
        "set_aside": caught,
        "set_aside_share": round(caught / n_labels, 3) if n_labels else None,
        "set_aside_by_rule": dict(Counter(r for o in labelled for r in o.caught).most_common()),
        "stray_findings_on_labelled_pages": sum(o.stray for o in labelled),
        "unlabelled_pages": len(unlabelled),
        "unlabelled_with_injected": len(flagged),
        "unlabelled_with_injected_share": round(len(flagged) / len(unlabelled), 3)
        if unlabelled else None,
        "unlabelled_with_injected_by_role": by_role,
        "unlabelled_with_injected_chrome_labelled": sum(o.boilerplate for o in flagged),
        "unlabelled_findings_by_kind": dict(sum((o.injected for o in flagged), Counter())),
        "labelled_copies_mean_coverage": round(sum(covs) / len(covs), 3) if covs else None,
    }


def run(path: Path, cover: float) -> dict:
    t0 = time.perf_counter()
    rows = {page_id(r["url"]): r for r in
            (json.loads(line) for line in path.open(encoding="utf-8") if line.strip())}
    pages = load_pages(path)
    index = build_index(pages, dense=False)
    retriever = Retriever.for_index(index)
    outcomes = []
    for p in pages:
        exclude = set() if p.role == "copy" else {p.id}
        report = retriever.trace(p.doc, top=5, exclude=exclude)
        outcomes.append(judge(p, rows[p.id], report, cover))
    result = {"pages": len(pages), "cover": cover, "model": "shipped (in-sample verdicts)",
              "all": summarise(outcomes)}
    for part in PARTS:
        result[part] = summarise([o for o in outcomes if o.part == part])
    result["labelled_pages"] = [
        {"id": o.id, "role": o.role, "part": o.part, "labels": o.labels, "caught": o.caught,
         "findings": dict(o.injected), "stray": o.stray} for o in outcomes if o.labels]
    result["unlabelled_pages_with_injected"] = [
        {"id": o.id, "role": o.role, "part": o.part, "boilerplate": o.boilerplate,
         "findings": dict(o.injected)} for o in outcomes if not o.labels and o.injected]
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def _print(res: dict) -> None:
    print(f"\n== chrome and injected text on {res['pages']} real pages (a string is set aside "
          f"at {res['cover']:.0%} of its characters) ==")
    print(f"{'':34}{'all':>14}{'dev':>14}{'held-out':>14}")
    rows = (("labelled strings set aside", "set_aside", "labelled_strings"),
            ("unlabelled pages with injected", "unlabelled_with_injected", "unlabelled_pages"))
    for label, num, den in rows:
        cells = [f"{res[p][num]}/{res[p][den]}" for p in ("all", *PARTS)]
        print(f"{label:34}" + "".join(f"{c:>14}" for c in cells))
    for p in ("all", *PARTS):
        print(f"{p}: by rule {res[p]['set_aside_by_rule']}; stray findings on labelled pages "
              f"{res[p]['stray_findings_on_labelled_pages']}; unlabelled with injected by role "
              f"{res[p]['unlabelled_with_injected_by_role']}, kinds "
              f"{res[p]['unlabelled_findings_by_kind']}; labelled copies' coverage "
              f"{res[p]['labelled_copies_mean_coverage']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path, help="the rebuilt wild-dev pages (JSONL)")
    ap.add_argument("--cover", type=float, default=COVER,
                    help="share of a string's characters that must be set aside")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "wild-chrome.json")
    args = ap.parse_args(argv)
    res = run(args.pages, args.cover)
    _print(res)
    write_results(args.out, res)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
