"""A light English suffix stripper, shared by alignment, edit scripts and spam detection."""

from __future__ import annotations

import re

_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")
_APOSTROPHE_S = re.compile(r"['’]s$")


def stem(word: str) -> str:
    """A light suffix stripper: enough to match "recruits"/"recruited", cheap and predictable."""
    w = _APOSTROPHE_S.sub("", word)
    if len(w) <= 4 or w.isdigit():
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w
