"""Loaders for the real shared data the benchmarks run on (see ../shared/corpora/CATALOG.md),
and for the demo corpus that ships with unspun.

Nothing here is copied into the repository: the loaders read ``$UNSPUN_SHARED`` (default: the
``shared`` folder beside the repository root; ``benchmarks.common.shared_dir``) and fail with
a clear message (``SharedDataMissing``) when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from pathlib import Path

import unspun
from benchmarks.common import SharedDataMissing, need, shared_dir, shared_file
from unspun.lexicon import load_tortured_phrases

__all__ = [
    "DEMO_CORPUS", "MIN_ENGLISH_SHARE", "MIN_WORDS", "SharedDataMissing", "TORTURED_DEV",
    "is_english", "load_sources", "seed_files", "shared_dir", "tortured_phrases",
    "wcxb_texts", "zyte_articles",
]

MIN_WORDS = 150
"""Shorter texts are dropped: too little to copy, excerpt or spin meaningfully."""
_COMMON_EN = frozenset((
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "on", "with", "as", "was",
    "by", "at", "be", "this", "are", "from", "or", "have", "an", "not",
))
MIN_ENGLISH_SHARE = 0.05
"""English prose has 25-40% of its words among the 24 most common English words; the Korean,
Portuguese and other pages in these sets have under 4%, the sparsest English lists about 8%."""
TORTURED_DEV = ("corpora", "tortured-phrases", "tortured_dev.csv")
"""The dev split of the tortured-phrases list, under the shared folder."""
DEMO_CORPUS = Path(unspun.__file__).resolve().parent / "demo" / "corpus"
"""The demo corpus shipped in the package (written for unspun): ``sources``, ``copies``,
``translated`` (with ``manifest.json``) and ``unrelated``."""


def _fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest()


def tortured_phrases(required: bool = True) -> list[tuple[str, str]]:
    """The tortured-phrase pairs of the shared dev list (``TORTURED_DEV``); with
    ``required=False``, an empty list where the file is absent."""
    path = shared_dir().joinpath(*TORTURED_DEV)
    if not required and not path.exists():
        return []
    return load_tortured_phrases(need(path))


def seed_files() -> list[Path]:
    """The seed texts of the shared folder (``seeds/*.txt``), in name order."""
    return sorted((shared_dir() / "seeds").glob("*.txt"))


def zyte_articles() -> list[tuple[str, str]]:
    """(``zyte:<sha>``, articleBody) for the 181 Zyte pages, in id order."""
    path = shared_file("corpora", "scrapinghub-aeb", "ground-truth.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(f"zyte:{key}", data[key].get("articleBody") or "") for key in sorted(data)]


def wcxb_texts(page_types: Collection[str] = ("article", "forum")) -> list[tuple[str, str]]:
    """(``wcxb:<NNNN>``, main_content) for WCXB dev pages of the given types, in id order.

    ``metadata.json`` maps file id -> {split, page_type ("article" or "forum"), domain, spa}.
    """
    root = shared_dir() / "corpora" / "wcxb-dev"
    meta = json.loads(need(root / "metadata.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(meta):
        if meta[key].get("page_type") not in page_types:
            continue
        record = json.loads(need(root / "ground-truth" / f"{key}.json").read_text("utf-8"))
        out.append((f"wcxb:{key}", record.get("ground_truth", {}).get("main_content") or ""))
    return out


def is_english(text: str) -> bool:
    words = re.findall(r"\w+", text.lower())
    return bool(words) and sum(w in _COMMON_EN for w in words) / len(words) >= MIN_ENGLISH_SHARE


def load_sources(
    limit: int | None = None,
    *,
    min_words: int = MIN_WORDS,
    page_types: Collection[str] = ("article", "forum"),
    english_only: bool = True,
) -> list[tuple[str, str]]:
    """Real article texts as (id, text): Zyte bodies, then WCXB main texts, each in id order.

    Texts under ``min_words`` words, exact repeats (same words, case and spacing aside) and,
    with ``english_only`` (the spinner's thesaurus is English), non-English texts are dropped;
    the list is the same on every run. On the shared data as it stands this gives 949 texts
    (965 with ``english_only=False``; 164 Zyte + 801 WCXB before the language filter, 863 of
    the WCXB ones articles): fewer than the 1,200 that 1,000 indexed + 200 held out need.
    """
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for source_id, text in [*zyte_articles(), *wcxb_texts(page_types)]:
        if len(text.split()) < min_words or (english_only and not is_english(text)):
            continue
        key = _fingerprint(text)
        if key in seen:
            continue
        seen.add(key)
        out.append((source_id, text))
        if limit is not None and len(out) >= limit:
            break
    return out


if __name__ == "__main__":
    print(f"{len(load_sources(english_only=False))} sources before the language filter")
    sources = load_sources()
    zyte = sum(1 for sid, _ in sources if sid.startswith("zyte:"))
    words = sorted(len(t.split()) for _, t in sources)
    print(f"{len(sources)} sources ({zyte} zyte, {len(sources) - zyte} wcxb); "
          f"median {words[len(words) // 2]} words, min {words[0]}, max {words[-1]}")
