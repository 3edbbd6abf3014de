"""The probable original of a family, from evidence (documented in docs/cluster.md).

Each member gets a score; the highest-scoring member is the family's root. Text is compared
as sets of word 3-shingles, with what the spam detector marks as injected left out (a
spam-stuffed copy holds the original, but its extra text is injected, not original). The
score adds:

- ``contain`` (weight 1): the mean share of the other members' text contained in this one:
  the member the others align *into*. Copies hold a part of the original, so the original
  holds most of each of them; every substitution a copy makes breaks shingles, so a spun copy
  holds little of its siblings while the original holds their unchanged parts.
- ``close`` (weight 0.5): the mean Jaccard similarity to the others. Copies change the
  original independently, so the original is the member that differs least from all of them
  (fewest substitutions; the centre of a star).
- ``spam`` (-1): the member carries injected spam; publishers do not stuff their own articles.
- ``dated`` (+0.5): it has the earliest publication date among members with a date, and
  another member has a later one.
- ``wire`` (+0.25): it carries a wire-service marker ("(Reuters) -", "Reporting by").

Ties go to the smaller document id, so the choice is deterministic. The root is **the
original** only when nothing says it is a copy itself (:func:`original_absent`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

W_CONTAIN, W_CLOSE, W_SPAM, W_DATED, W_WIRE = 1.0, 0.5, -1.0, 0.5, 0.25

WIRE = re.compile(
    r"\((?:Reuters|AP|AFP|UPI|Bloomberg|dpa|PTI|IANS|ANI|Xinhua)\)\s*[-–—]"
    r"|\bReporting by [A-Z]|\bEditing by [A-Z]|\bWriting by [A-Z]"
    r"|©\s*\d{4}\s+(?:The\s+)?(?:Associated Press|Reuters|AFP)"
)


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the score reads about one member."""

    id: str
    date: str | None
    spam_spans: int
    wire: bool


@dataclass(frozen=True, slots=True)
class Scored:
    id: str
    score: float
    evidence: tuple[str, ...]


def score_members(
    facts: Sequence[MemberFacts],
    clean_cov: Mapping[tuple[str, str], float],
    similarity: Mapping[tuple[str, str], float],
) -> list[Scored]:
    """Scores, best first. ``clean_cov[(a, b)]``: share of a's (non-injected) text contained
    in b; ``similarity[(a, b)]``: their similarity (symmetric)."""
    ids = [f.id for f in facts]
    dates = sorted(f.date for f in facts if f.date)
    first_date = dates[0] if dates and dates[-1] != dates[0] else None
    out = []
    for f in facts:
        others = [o for o in ids if o != f.id]
        n = max(len(others), 1)
        contain = sum(clean_cov.get((o, f.id), 0.0) for o in others) / n
        inside = sum(clean_cov.get((f.id, o), 0.0) for o in others) / n
        close = sum(similarity.get((f.id, o), 0.0) for o in others) / n
        score = W_CONTAIN * contain + W_CLOSE * close
        ev = [f"holds {contain:.0%} of the others' text", f"{inside:.0%} of it is in the others",
              f"similarity to the others {close:.2f}"]
        if f.spam_spans:
            score += W_SPAM
            ev.append(f"{f.spam_spans} injected spam span(s)")
        if first_date is not None and f.date == first_date:
            score += W_DATED
            ev.append(f"earliest publication date ({f.date})")
        if f.wire:
            score += W_WIRE
            ev.append("wire-service marker")
        out.append(Scored(f.id, round(score, 4), tuple(ev)))
    out.sort(key=lambda s: (-s.score, s.id))
    return out


SIBLING_SHARE = 0.5
"""In a family of three or more, a member's text that the root lacks points to an absent
original only when at least this share of it (word 3-shingles) is held by another member
too: two copies that agree on text the root does not have took it from elsewhere, while text
only one member has is that member's own (a page that copies part of an article and adds its
own paragraphs)."""


def sibling_shared(root: str, others: Sequence[str],
                   shingles: Mapping[str, set[tuple[str, ...]]]) -> dict[str, float]:
    """For each member, the share of its shingles missing from the root that another member
    (not the root) also holds (0 when the root holds all of them)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for o in others:
        counts.update(shingles[o])
    out = {}
    for o in others:
        missing = shingles[o] - shingles[root]
        out[o] = (sum(counts[x] >= 2 for x in missing) / len(missing)) if missing else 0.0
    return out


def original_absent(
    root: MemberFacts, contained: Mapping[str, float], contain_min: float,
    shared: Mapping[str, float] | None = None,
) -> tuple[str, ...]:
    """Why the root cannot be the original (empty when it can).

    ``contained[o]``: share of member o's non-injected text that aligns into the root. The
    rule: an original (1) carries no injected spam, and (2) holds at least ``contain_min`` of
    every other member's own text: a copy takes its text from the original, so text of a
    member that the root lacks came from somewhere else, the absent original. ``shared``
    (families of three or more, ``sibling_shared``): a member falls short of (2) only when at
    least ``SIBLING_SHARE`` of the text the root lacks is also another member's. When either
    fails, all members are copies of a page not in the crawl (siblings).
    """
    why = []
    if root.spam_spans:
        why.append(f"the best candidate carries {root.spam_spans} injected spam span(s), so it "
                   "is itself a copy")
    short = sorted((cov, o) for o, cov in contained.items() if cov < contain_min
                   and (shared is None or shared.get(o, 0.0) >= SIBLING_SHARE))
    if short:
        cov, o = short[0]
        also = ("" if shared is None else
                f", and {shared[o]:.0%} of what it lacks is in other members too")
        why.append(f"only {cov:.0%} of {o}'s text is in the best candidate{also}: that text "
                   "came from a page not in the crawl")
    return tuple(why)


def has_wire_marker(text: str) -> bool:
    return WIRE.search(text) is not None
