"""A self-contained HTML report: verdict and evidence first, then copy and source side by side.

The pages unspun reads are hostile (spam, injected scripts), so every piece of page text is
sliced by its stored offsets and passed through ``html.escape(..., quote=True)`` on its own;
markup only ever comes from this module. The file has no JavaScript, loads nothing, and carries
a Content-Security-Policy that forbids both, so even a mistake here could not run a script.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from unspun.records import (
    EDIT_FLAGS,
    INJECTED_KINDS,
    AlignedPair,
    Edit,
    InjectedSpan,
    Match,
    Report,
    Span,
)
from unspun.report import strongest_evidence
from unspun.segment import paragraphs

_CSP = "default-src 'none'; style-src 'unsafe-inline'"

# Only these words ever become CSS class names; anything else a future stage invents maps to
# "other", so no class attribute can carry text we did not write.
_FLAGS = EDIT_FLAGS
_KINDS = INJECTED_KINDS

REPORT_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;
color:#222}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.6em}
.dim{color:#666}.verdict{font-weight:bold;padding:.1em .5em;border-radius:4px}
.v-copy{background:#c62828;color:#fff}.v-related{background:#f9a825}.v-unrelated{background:#ddd}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dl.facts dt{color:#555}
dl.facts dd{margin:0}
table.pairs{border-collapse:collapse;width:100%;table-layout:fixed}
table.pairs td,table.pairs th{border-top:1px solid #ddd;padding:.35em .5em;vertical-align:top;
white-space:pre-wrap;overflow-wrap:anywhere}
table.pairs th{text-align:left;background:#f4f4f4}
table.pairs .sim{width:3.5em;text-align:right;color:#666;white-space:nowrap}
tr.unaligned td.copy,tr.omitted td.src{background:#fff8e1}
.tag{font-size:.75em;color:#555;display:block;font-style:italic}
.sub{background:#ffe0b2;border-bottom:2px solid #ef6c00}
.sub.f-name_mangled{background:#ffcdd2;border-bottom-color:#c62828}
.sub.f-tortured{background:#e1bee7;border-bottom-color:#6a1b9a}
.sub.f-synonym{background:#fff9c4;border-bottom-color:#f9a825}
.ins{background:#c8e6c9;text-decoration:underline}
.del{background:#eeeeee;color:#888;text-decoration:line-through}
.inj{outline:2px dashed #ad1457;background:#fce4ec}
.legend span{margin-right:1em;padding:0 .3em}
ul.evidence li{margin:.2em 0}
details{margin-top:1.5em}details li{white-space:pre-wrap;margin:.3em 0}
"""
"""The report's stylesheet: ``to_html`` inlines it; a page that embeds ``report_body`` links it."""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _flag_class(flag: str) -> str:
    return "f-" + (flag if flag in _FLAGS else "other")


def _kind_class(kind: str) -> str:
    return "k-" + (kind if kind in _KINDS else "other")


@dataclass(frozen=True, slots=True)
class _Mark:
    """A highlight over ``[start, end)`` of one text; ``open_tag`` is markup we wrote, with
    any page text in it (titles) already escaped."""

    start: int
    end: int
    open_tag: str
    close_tag: str
    outer: int  # larger wraps smaller at equal spans (injected around an insert)


def _marked(text: str, start: int, end: int, marks: Iterable[_Mark]) -> str:
    """``text[start:end]`` escaped piece by piece, with ``marks`` (clipped to the range) as
    properly nested elements; a mark that crosses another's end is closed and reopened."""
    clipped = sorted(
        (
            _Mark(max(m.start, start), min(m.end, end), m.open_tag, m.close_tag, m.outer)
            for m in marks
            if m.start < end and m.end > start and m.start < m.end
        ),
        key=lambda m: (m.start, -m.end, -m.outer),
    )
    points = sorted({start, end, *(m.start for m in clipped), *(m.end for m in clipped)})
    out: list[str] = []
    stack: list[_Mark] = []
    todo = list(reversed(clipped))
    for a, b in zip(points, points[1:], strict=False):
        # close what ends at a; marks above it in the stack are closed and reopened
        if any(m.end <= a for m in stack):
            reopen = []
            while any(m.end <= a for m in stack):
                m = stack.pop()
                out.append(m.close_tag)
                if m.end > a:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.open_tag)
                stack.append(m)
        while todo and todo[-1].start == a:
            m = todo.pop()
            out.append(m.open_tag)
            stack.append(m)
        out.append(_e(text[a:b]))
    out.extend(m.close_tag for m in reversed(stack))
    return "".join(out)


def _edit_title(e: Edit, other: str) -> str:
    flags = ", ".join(e.flags) or e.op
    broke = f"; breaks the expression “{e.expression}”" if e.expression else ""
    return _e(f"{flags}: {other}{broke}")


def _copy_marks(edits: Sequence[Edit], injected: Sequence[InjectedSpan]) -> list[_Mark]:
    marks = [
        _Mark(i.span.start, i.span.end,
              f'<mark class="inj {_kind_class(i.kind)}" title="injected: {_e(i.kind)}">',
              "</mark>", 2)
        for i in injected
    ]
    for e in edits:
        if e.op == "substitute":
            classes = " ".join(_flag_class(f) for f in e.flags)
            tag = (f'<span class="sub {classes}" '
                   f'title="{_edit_title(e, "source had “" + e.source_text + "”")}">')
        elif e.op == "insert":
            tag = '<span class="ins" title="inserted in the copy">'
        else:
            continue
        marks.append(_Mark(e.copy_start, e.copy_end, tag, "</span>", 1))
    return marks


def _source_marks(edits: Sequence[Edit]) -> list[_Mark]:
    marks = []
    for e in edits:
        if e.op == "substitute":
            classes = " ".join(_flag_class(f) for f in e.flags)
            tag = (f'<span class="sub {classes}" '
                   f'title="{_edit_title(e, "copy has “" + e.copy_text + "”")}">')
        elif e.op == "delete":
            tag = '<span class="del" title="deleted from the copy">'
        else:
            continue
        marks.append(_Mark(e.source_start, e.source_end, tag, "</span>", 1))
    return marks


def _outside(text: str, covered: Iterable[Span]) -> list[Span]:
    """Per paragraph, the stripped pieces of ``text`` no span in ``covered`` touches."""
    cov = sorted((s.start, s.end) for s in covered)
    pieces = []
    for para in paragraphs(text):
        pos = para.start
        for a, b in cov:
            if b <= pos or a >= para.end:
                continue
            if a > pos:
                pieces.append(Span(pos, a))
            pos = max(pos, b)
        if pos < para.end:
            pieces.append(Span(pos, para.end))
    out = []
    for p in pieces:
        piece = text[p.start : p.end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(p.start + lead, p.start + lead + len(piece.strip())))
    return out


def _pairs_table(report: Report, m: Match) -> str:
    q = report.query
    pairs = sorted(m.alignment.pairs, key=lambda p: p.copy_span.start)
    rows: list[tuple[tuple[int, int, int], str]] = []
    copy_marks = _copy_marks([e for p in pairs for e in p.edits], report.injected)
    for p in pairs:
        src_marks = _source_marks(p.edits)
        rows.append(((p.copy_span.start, 1, 0), _pair_row(q.text, m.source_text, p,
                                                         copy_marks, src_marks)))
    for s in _outside(q.text, [p.copy_span for p in pairs]):
        cell = _marked(q.text, s.start, s.end, copy_marks)
        rows.append(((s.start, 1, 0),
                     '<tr class="unaligned"><td class="sim">–</td><td class="copy">'
                     f'<span class="tag">not in the source</span>{cell}</td><td></td></tr>'))
    for s in _outside(m.source_text, [p.source_span for p in pairs]):
        before = [p for p in pairs if p.source_span.end <= s.start]
        at = max(before, key=lambda p: p.source_span.end).copy_span.end if before else -1
        rows.append(((at, 0, s.start),
                     '<tr class="omitted"><td class="sim">–</td><td></td><td class="src">'
                     '<span class="tag">omitted from the copy</span>'
                     f'{_e(m.source_text[s.start : s.end])}</td></tr>'))
    rows.sort(key=lambda r: r[0])
    return ('<table class="pairs"><thead><tr><th class="sim">sim</th><th>copy</th>'
            '<th>source</th></tr></thead><tbody>\n'
            + "\n".join(r for _, r in rows) + "\n</tbody></table>")


def _pair_row(copy_text: str, source_text: str, p: AlignedPair,
              copy_marks: list[_Mark], src_marks: list[_Mark]) -> str:
    c = _marked(copy_text, p.copy_span.start, p.copy_span.end, copy_marks)
    s = _marked(source_text, p.source_span.start, p.source_span.end, src_marks)
    quoted = ' <span class="dim" title="the shared words are mostly quoted speech: weak ' \
             'evidence of copying">quoted</span>' if p.quoted else ""
    return (f'<tr class="pair"><td class="sim">{p.similarity:.2f}{quoted}</td>'
            f'<td class="copy">{c}</td><td class="src">{s}</td></tr>')


def _facts(m: Match) -> str:
    al = m.alignment
    items = [
        ("source", f"{_e(m.source.title)} <span class=\"dim\">"
                   f"[{_e(m.source.id)}] {_e(m.source.uri)}</span>"),
        ("P(copy)", f"{m.probability:.2f}" + (f" · {m.extent} copy" if m.extent else "")),
        ("score", f"{m.score:.2f}"),
        ("coverage", f"copy {al.coverage_copy:.0%} · source {al.coverage_source:.0%} · "
                     f"order {al.order:.0%} · {len(al.pairs)} aligned pairs"),
        ("found by", _e(", ".join(m.channels))),
    ]
    if m.rewrite is not None:
        items.insert(1, ("rewrite", f"{_e(m.rewrite.type.replace('_', '-'))} "
                                    f"(confidence {m.rewrite.confidence:.2f})"))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def _evidence(m: Match) -> str:
    items = []
    for e in strongest_evidence(m):
        flags = ", ".join(f for f in e.flags if f != "other")
        classes = " ".join(_flag_class(f) for f in e.flags)
        broke = (f", breaks “{_e(e.expression)}”, found without the phrase list"
                 if e.expression else "")
        items.append(f'<li><span class="del">{_e(e.source_text)}</span> → '
                     f'<span class="sub {classes}">{_e(e.copy_text)}</span> '
                     f'<span class="dim">({_e(flags)}{broke})</span></li>')
    if not items:
        return ""
    return "<h2>Strongest evidence</h2><ul class=\"evidence\">" + "".join(items) + "</ul>"


def _injected_list(report: Report) -> str:
    if not report.injected:
        return ""
    items = "".join(f'<li><b>{_e(i.kind)}</b> <span class="dim">[{i.span.start}–{i.span.end}]'
                    f'</span> {_e(i.text)}</li>' for i in report.injected)
    return (f"<h2>Injected content ({len(report.injected)} spans)</h2>"
            f'<ul class="evidence">{items}</ul>')


def _legend() -> str:
    return ('<p class="legend dim">'
            '<span class="sub f-name_mangled">name mangled</span>'
            '<span class="sub f-tortured">tortured phrase</span>'
            '<span class="sub f-synonym">synonym</span>'
            '<span class="sub f-other">other substitution</span>'
            '<span class="ins">inserted</span><span class="del">deleted</span>'
            '<span class="inj">injected</span> (hover a highlight for details)</p>')


def to_html(report: Report) -> str:
    """The report as one self-contained HTML page (no scripts, no external resources)."""
    q = report.query
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>unspun: {_e(q.title or q.id)}</title>",
        f"<style>{REPORT_CSS}</style></head><body>",
        report_body(report),
        "</body></html>\n",
    ])


def report_body(report: Report) -> str:
    """The report's markup for the inside of a page's ``<body>``, styled by ``REPORT_CSS``
    (the web app embeds it in its own pages). Every piece of page text in it is escaped."""
    q = report.query
    parts = [
        f"<h1>unspun report: {_e(q.title or q.id)}</h1>",
        f'<p class="dim">query {_e(q.uri)} · id {_e(q.id)}</p>',
    ]
    best = report.matches[0] if report.matches else None
    if best is None:
        parts.append('<p><span class="verdict v-unrelated">NO SOURCE FOUND</span></p>')
    else:
        rw = f" ({_e(best.rewrite.type.replace('_', '-'))})" if best.rewrite else ""
        parts.append(f'<p><span class="verdict v-{_e(best.verdict)}">'
                     f"{_e(best.verdict.upper())}</span>{rw} of "
                     f"<b>{_e(best.source.title or best.source.id)}</b></p>")
        parts.append(_facts(best))
        parts.append(_evidence(best))
    for w in report.warnings:
        parts.append(f'<p class="dim">warning: {_e(w)}</p>')
    parts.append(_injected_list(report))
    if best is not None:
        parts.append("<h2>Copy and source side by side</h2>")
        parts.append(_legend())
        parts.append(_pairs_table(report, best))
    else:
        marks = _copy_marks([], report.injected)
        paras = "".join(f"<p>{_marked(q.text, p.start, p.end, marks)}</p>"
                        for p in paragraphs(q.text))
        parts.append(f"<h2>Query text</h2>{_legend()}{paras}")
    if len(report.matches) > 1:
        items = "".join(
            f'<li><span class="verdict v-{_e(m.verdict)}">{_e(m.verdict)}</span> '
            f"{_e(m.source.title or m.source.id)} <span class=\"dim\">[{_e(m.source.id)}] "
            f"score {m.score:.2f} · copy {m.alignment.coverage_copy:.0%} · source "
            f"{m.alignment.coverage_source:.0%}</span></li>"
            for m in report.matches[1:]
        )
        parts.append(f"<h2>Other matches</h2><ul>{items}</ul>")
    if q.boilerplate:
        items = "".join(f"<li>{_e(b)}</li>" for b in q.boilerplate)
        parts.append(f"<details><summary>Boilerplate set aside ({len(q.boilerplate)} blocks)"
                     f"</summary><ol>{items}</ol></details>")
    return "\n".join(p for p in parts if p)

