"""The anchor-term stream: what fingerprints and the anchor index read of a text's anchors."""

from __future__ import annotations

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
    for a in anchor_list:
        if a.kind == "name":
            terms.extend(
                "w:" + w for w in a.key.split() if w not in NAME_CONNECTORS and len(w) > 1
            )
        elif a.kind == "quote":
            continue
        else:
            terms.append(_TERM_PREFIX[a.kind] + a.key)
    return terms
