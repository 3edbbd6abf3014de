"""A light English suffix stripper, shared by alignment, edit scripts and spam detection."""

from __future__ import annotations

import re
from functools import lru_cache

_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")
_APOSTROPHE_S = re.compile(r"['’]s$")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "recruits"/"recruited", cheap and predictable.

    Memoised: a trace stems every word of every candidate, and a language's words repeat
    (stemming them again was 7% of the profile of the slowest traces at a million sources)."""
    w = _APOSTROPHE_S.sub("", word)
    if len(w) <= 4 or w.isdigit():
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w
