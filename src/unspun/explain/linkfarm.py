"""Link farms: a block of bare links and short anchor texts planted in a page (by a copier, or
by whoever broke into the site): "- slot deposit", "- https://example.com.au/gallery/", ...

One of the ``link_spam`` findings of ``unspun.explain.spam``. The sentence detectors judge a
link by the sentence around it; a farm has no sentence, only its shape:

- a *block* is a run of consecutive short lines (list items or bare lines of at most
  ``MAX_ANCHOR_WORDS`` words, or a bare link), with no sentence end;
- a *foreign link* is a bare link line whose name the rest of the article never uses;
- an *anchor* is a short line none of whose topic words the rest of the article uses, and
  not a date ("Monday, March 3, 2025" stands above many headlines);
- a block is a farm when it holds foreign links to at least ``MIN_FARM_LINKS`` sites and an
  anchor below its first line (a reference list is links alone, under a heading, or links
  under titles on the article's topic; a gift guide links one shop), and then its foreign
  links and anchors are reported; a foreign link the sentence detectors already reported
  takes the anchors next to it with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unspun.explain.units import TOKEN, Article, Stems, overlaps, topic_words

__all__ = ["find_link_farms"]

MAX_ANCHOR_WORDS = 5
"""An anchor text is a few words ("situs slot 5000"); a longer line is a heading or a
sentence of the article."""
MIN_FARM_LINKS = 2

_BULLET = re.compile(r"^[-–—•*·>»]+\s*")
_BARE_LINK = re.compile(
    r"^(?:https?://\S+|www\.[\w-]+(?:\.[\w-]+)+\S*|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?)$",
    re.I,
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\b", re.I)


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    body: str
    """The line without its bullet."""
    link: bool


def _blocks(text: str) -> list[list[_Item]]:
    """Runs of consecutive short lines (blank lines between them allowed)."""
    blocks: list[list[_Item]] = [[]]
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        body = _BULLET.sub("", raw.strip())
        start = m.start() + len(raw) - len(raw.lstrip())
        link = bool(_BARE_LINK.match(body))
        words = TOKEN.findall(body)
        short = link or (0 < len(words) <= MAX_ANCHOR_WORDS
                         and not re.search(r"[.!?…:;,]$", body))
        if short:
            blocks[-1].append(_Item(start, start + len(raw.strip()), body, link))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _name(link: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", link, flags=re.I).split("/", 1)[0]
    return host.split(".", 1)[0].lower()


def find_link_farms(
    text: str, flagged: Sequence[tuple[int, int]], stemmer: Stems,
    suspects: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Spans of the link farms of ``text``: each of their lines (bullet included).
    ``flagged``: link spam already found (a farm may grow from one such link); ``suspects``:
    spans left out when asking what the rest of the article is about."""
    blocks = [b for b in _blocks(text) if any(it.link for it in b)]
    if not blocks:
        return []
    article = Article.of(text, [*suspects, *((it.start, it.end) for b in blocks for it in b)],
                         stemmer)

    def foreign(it: _Item) -> bool:
        if it.link:
            return not article.knows(_name(it.body))
        words = TOKEN.findall(it.body)
        # An item with no topic word ("Menu", "Next") is navigation, not an anchor.
        return (not _DATE.search(it.body) and bool(topic_words(words, stemmer))
                and article.overlap(words, False) == 0.0)

    found: list[tuple[int, int]] = []
    for block in blocks:
        marks = [foreign(it) for it in block]
        # Links to as many sites: a list of one shop's links ("amzn.to/...") is a gift guide.
        links = len({_name(it.body) for m, it in zip(marks, block, strict=True) if m and it.link})
        # An anchor first in the block may be its heading ("Sources"); a farm has one below.
        if links >= MIN_FARM_LINKS and any(m and not it.link
                                           for m, it in zip(marks[1:], block[1:], strict=True)):
            found += [(it.start, it.end) for m, it in zip(marks, block, strict=True) if m]
            continue
        # Grow from a link already reported over the foreign items next to it.
        keep = [it.link and m and overlaps(it.start, it.end, flagged)
                for m, it in zip(marks, block, strict=True)]
        for order in (range(len(block)), range(len(block) - 1, -1, -1)):
            for k in order:
                near = (k > 0 and keep[k - 1]) or (k + 1 < len(block) and keep[k + 1])
                if not keep[k] and marks[k] and near:
                    keep[k] = True
        if any(keep):
            found += [(it.start, it.end) for k, it in enumerate(block) if keep[k]]
    return found

