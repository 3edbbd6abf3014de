"""The anchor-term stream: what fingerprints and the anchor index read of a text's anchors."""

from __future__ import annotations

from functools import lru_cache

from unspun.records import Anchor

NAME_CONNECTORS = frozenset({"of", "and", "for", "de", "del", "la", "van", "von", "der", "the"})
"""Lower-case words allowed inside a name ("Ministry of Industry and Information Technology");
they are no terms of their own."""

_TERM_PREFIX = {"number": "#:", "money": "$:", "percent": "%:", "date": "d:", "acronym": "a:"}


def anchor_terms(anchor_list: tuple[Anchor, ...] | list[Anchor]) -> list[str]:
    """The anchor stream used for fingerprints and the anchor index, in text order.

    Names contribute one term per word, so a spinner that mangles "Nick Marro" into
    "Scratch Marro" still leaves "marro"; other kinds contribute their normalised key.
    Quotes are left out of the stream (a paraphrase re-quotes partially) but kept as anchors.
    """
    terms: list[str] = []
    for _, _, kind, key in anchor_list:
        if kind == "name":
            terms += _name_terms(key)
        elif kind != "quote":
            terms.append(_TERM_PREFIX[kind] + key)
    return terms


@lru_cache(maxsize=1 << 16)
def _name_terms(key: str) -> tuple[str, ...]:
    """The terms of one name's key (a text names the same people and bodies again and again;
    kept per process, it never changes a result)."""
    return tuple("w:" + w for w in key.split() if w not in NAME_CONNECTORS and len(w) > 1)
