"""How often words are written as names: which side of a swapped name holds the real one.

A mangled name swaps a name for common words ("Nick" -> "Scratch"); read the other way
round, the copy would have "mangled" the common word into a name. Both look name-like in
place (capitalised mid-sentence), so the tie is broken by how ordinary English writes the
two words: "nick" is capitalised mid-sentence in 100% of its uses in the reference articles,
"scratch" in 13%. ``NameWords`` holds that share for the words seen at least ``MIN_SEEN``
times in the Zyte and WCXB article texts (``scripts/build_spin_lexicon.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

from unspun.records import NameSide

NAMES_FILE = "name_words.json"
MIN_SEEN = 3
UNSEEN = 0.5
"""A capitalised word the references hardly use is as likely a rare name ("Marro") as a rare
word ("Mama"): no evidence either way."""


class NameWords:
    def __init__(self, capitalised_share: Mapping[str, float]) -> None:
        self.share = dict(capitalised_share)

    def name_score(self, surface: str) -> float:
        """How much ``surface`` reads as a name: 1 for an acronym, else the share of its uses
        capitalised mid-sentence (UNSEEN for a capitalised word the references lack)."""
        letters = [c for c in surface if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return 1.0
        share = self.share.get(surface.lower().replace("’", "'"))
        if share is None:
            return UNSEEN if surface[:1].isupper() else 0.0
        return share

    def real_name_side(self, source: Sequence[str], copy: Sequence[str]) -> NameSide:
        """``source`` or ``copy``: the side of a swapped name whose words read more as a name
        (the source on a tie: a copy is made from its source)."""
        def score(words: Sequence[str]) -> float:
            return max((self.name_score(w) for w in words if w[:1].isupper()), default=0.0)

        return "copy" if score(copy) > score(source) else "source"


@lru_cache(maxsize=1)
def default_name_words() -> NameWords:
    data = json.loads(resources.files("unspun.lexicon").joinpath(NAMES_FILE)
                      .read_text(encoding="utf-8"))
    return NameWords(data["capitalised_share"])
