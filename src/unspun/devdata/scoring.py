"""Scoring found spans against expected ones, for benchmarks and tests.

Input: predicted and gold ``(start, end, kind)`` spans of one text (e.g. ``find_injected``'s
findings and a synthetic copy's injected spans). Output: one-to-one matches between them, from
which precision and recall follow.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["match_spans"]


def match_spans(
    predicted: Sequence[tuple[int, int, str]],
    gold: Sequence[tuple[int, int, str]],
    min_overlap: float = 0.5,
    *,
    same_kind: bool = True,
) -> list[tuple[int, int]]:
    """One-to-one matches ``(predicted index, gold index)`` between two lists of
    ``(start, end, kind)`` spans, for evaluation.

    Two spans match when their intersection over union is at least ``min_overlap`` (and,
    with ``same_kind``, their kinds agree); pairs are taken best overlap first, so precision
    is ``len(matches) / len(predicted)`` and recall ``len(matches) / len(gold)``.
    """
    scored = []
    for i, (ps, pe, pk) in enumerate(predicted):
        for j, (gs, ge, gk) in enumerate(gold):
            inter = min(pe, ge) - max(ps, gs)
            if inter <= 0 or (same_kind and pk != gk):
                continue
            iou = inter / (max(pe, ge) - min(ps, gs))
            if iou >= min_overlap:
                scored.append((iou, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _iou, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return sorted(out)
