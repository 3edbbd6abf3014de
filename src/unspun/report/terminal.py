"""The terminal rendering of a report, with rich.

Input: a :class:`Report`. Output: a rich renderable (:func:`render`); the CLI decides where it
is printed. :func:`strongest_evidence` picks the edits shown first (here and in the HTML report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspun.records import Edit, Match, Report

if TYPE_CHECKING:
    from rich.console import RenderableType


def strongest_evidence(m: Match, limit: int = 6) -> list[Edit]:
    """Mangled names and tortured phrases first: the edits that convince a reader most."""
    from unspun.explain import rank_evidence

    edits = rank_evidence(e for p in m.alignment.pairs for e in p.edits)
    strong = [e for e in edits if {"name_mangled", "tortured"} & set(e.flags)]
    return strong[:limit]


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_VERDICT_STYLE = {"copy": "bold red", "related": "yellow", "unrelated": "dim"}


def render(report: Report, *, max_pairs: int = 8, width: int = 100) -> RenderableType:
    """A terminal view: verdict and source first, then the strongest aligned pairs."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    q = report.query
    parts: list[RenderableType] = []
    head = Text()
    head.append("query  ", style="bold")
    head.append(q.title or q.id)
    head.append(f"  ({q.uri})", style="dim")
    parts.append(head)
    if not report.matches:
        parts.append(Text("  no source found in the index", style="green"))
    for rank, m in enumerate(report.matches, 1):
        al = m.alignment
        line = Text(f"  {rank}. ")
        line.append(m.verdict.upper(), style=_VERDICT_STYLE[m.verdict])
        if m.rewrite is not None:
            extent = f"{m.extent}, " if m.extent == "partial" else ""
            line.append(f" ({extent}{m.rewrite.type.replace('_', '-')}, "
                        f"confidence {m.rewrite.confidence:.2f})")
        line.append(f" of {m.source.title or m.source.id}", style="bold")
        line.append(f"  [{m.source.id}]", style="dim")
        parts.append(line)
        parts.append(
            Text(
                f"     P(copy) {m.probability:.2f} · score {m.score:.2f} · "
                f"{len(al.pairs)} aligned pairs · copy covered "
                f"{al.coverage_copy:.0%} · source covered {al.coverage_source:.0%} · order "
                f"{al.order:.0%} · found by {', '.join(m.channels)}",
                style="dim",
            )
        )
        evidence = strongest_evidence(m)
        if evidence:
            ev = Text("     evidence: ", style="bold")
            for k, e in enumerate(evidence):
                if k:
                    ev.append(" · ")
                ev.append(e.source_text, style="green")
                ev.append(" → ")
                ev.append(e.copy_text, style="red")
                ev.append(f" ({', '.join(f for f in e.flags if f != 'other')})", style="dim")
            parts.append(ev)
        if rank == 1 and al.pairs:
            table = Table(show_header=True, header_style="bold", width=width, box=None,
                          padding=(0, 1))
            table.add_column("sim", justify="right", width=5)
            table.add_column("copy", ratio=1)
            table.add_column("source", ratio=1)
            shown = sorted(al.pairs, key=lambda p: p.copy_span.start)[:max_pairs]
            for p in shown:
                table.add_row(
                    f"{p.similarity:.2f}",
                    Text(q.text[p.copy_span.start : p.copy_span.end]),
                    Text(m.source_text[p.source_span.start : p.source_span.end]),
                )
            parts.append(table)
            if len(al.pairs) > max_pairs:
                parts.append(Text(f"     … {len(al.pairs) - max_pairs} more pairs (--json for all)",
                                  style="dim"))
    if report.injected:
        parts.append(Text(f"  injected ({len(report.injected)} spans):", style="bold magenta"))
        for inj in report.injected[:8]:
            line = Text(f"     {inj.kind:<17}", style="magenta")
            line.append(_clip(inj.text, 90))
            parts.append(line)
    for w in report.warnings:
        parts.append(Text(f"  warning: {w}", style="yellow"))
    if q.boilerplate:
        parts.append(Text(f"  set aside as boilerplate: {len(q.boilerplate)} blocks", style="dim"))
    return Group(*parts)
