"""Quoted speech: the spans of a text that report what someone said, word for word.

Independent reports of one event quote the same statements, so words shared inside
quotations are weak evidence that one report was copied from the other (the verdict
discounts them: ``unspun.classify.evidence``). A quotation is text between paired quote
marks within one paragraph: straight or curly double quotes, guillemets (either
direction), German low-high quotes, and curly single quotes that are not apostrophes.
"""

from __future__ import annotations

import re

from unspun.records import Span

MAX_QUOTE_CHARS = 1200
"""Longer "quotations" are unmatched quote marks spanning prose, not speech."""

_N = MAX_QUOTE_CHARS
_QUOTED = re.compile(
    rf'"[^"\n]{{2,{_N}}}?"'
    rf"|“[^“”\n]{{2,{_N}}}?[”“]"
    rf"|«[^«»\n]{{2,{_N}}}?»"
    rf"|»[^«»\n]{{2,{_N}}}?«"
    rf"|„[^„“”\n]{{2,{_N}}}?[“”]"
    # a curly single quote opens only before a letter and after no letter, and closes only
    # after a letter and before no letter: "it’s" and "the Smiths’ house" stay apostrophes
    rf"|(?<![^\W_])‘(?=[^\W\d_])[^‘\n]{{2,{_N}}}?(?<=[^\W_]|[.,!?])’(?![^\W_])"
)


def quotations(text: str) -> list[Span]:
    """Spans of the quotations in ``text``, quote marks included, in text order."""
    return [Span(m.start(), m.end()) for m in _QUOTED.finditer(text)]
