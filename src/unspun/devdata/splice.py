"""Building a copy from pieces: ops on the source -> the copy text and its labels.

Input: the source text and non-overlapping ops (each replaces a source span by pieces, in copy
order). Output: the copy text, its :class:`SynthEdit` records and its :class:`SynthInjection`
spans, with offsets into both texts.
"""

from __future__ import annotations

from typing import NamedTuple

from unspun.devdata.labels import EditReason, InjectKind, SynthEdit, SynthInjection


class Piece(NamedTuple):
    """A piece of the copy: source text kept or changed (``reason``), or injected text."""

    src_start: int
    src_end: int
    text: str
    reason: EditReason | None = None  # None: the source text unchanged
    injected: InjectKind | None = None


# An op replaces source[start:end] by its pieces (in copy order). Ops are non-overlapping.
Op = tuple[int, int, list[Piece]]

# A kind's plan: the ops to apply and the copy's params.
Plan = tuple[list[Op], dict[str, float | int | str]]


def assemble(source: str, ops: list[Op]) -> tuple[str, list[SynthEdit], list[SynthInjection]]:
    """The copy text made by applying ``ops`` to ``source``, with its edits and injections."""
    parts: list[str] = []
    edits: list[SynthEdit] = []
    injected: list[SynthInjection] = []
    pos = cpos = 0
    # Sorting by (start, end) puts an insertion at p before a replacement starting at p.
    for start, end, pieces in sorted(ops, key=lambda op: (op[0], op[1])):
        if start < pos:
            raise AssertionError(f"overlapping synth ops at {start}")
        parts.append(source[pos:start])
        cpos += start - pos
        for p in pieces:
            if p.injected is not None:
                injected.append(SynthInjection(cpos, cpos + len(p.text), p.injected))
            elif p.reason is not None:
                edits.append(SynthEdit(cpos, cpos + len(p.text), p.src_start, p.src_end,
                                       source[p.src_start : p.src_end], p.text, p.reason))
            parts.append(p.text)
            cpos += len(p.text)
        pos = end
    parts.append(source[pos:])
    return "".join(parts), edits, injected
