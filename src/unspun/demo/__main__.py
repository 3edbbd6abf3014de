"""Run the demo: index the demo sources, trace the copies, print the reports."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from unspun.api import load_doc
from unspun.demo import prepare
from unspun.embed import default_embedder
from unspun.index import Index
from unspun.report import render
from unspun.retrieve import Retriever


def main(workdir: Path = Path(".unspun-demo")) -> int:
    console = Console(highlight=False)
    if workdir.exists():
        shutil.rmtree(workdir)
    plan = prepare(workdir)
    console.rule("[bold]unspun demo")
    console.print(f"indexing {len(plan.sources)} original articles into {workdir / 'index'}")
    embedder = default_embedder()
    console.print("dense channel: " + (f"on ({embedder.name})" if embedder else
                                       "off (pip install 'unspun[semantic]' to turn it on)"))
    with Index(workdir / "index", create=True, embedder=embedder) as idx:
        idx.add(load_doc(p) for p in plan.sources)
        retriever = Retriever.for_index(idx)
        summary = Table(title="what unspun found", show_lines=False)
        for col in ("page", "expected", "verdict", "rewrite", "source", "score"):
            summary.add_column(col)
        for q in plan.queries:
            report = retriever.trace(load_doc(q.path), top=3)
            console.rule(q.path.name, style="dim")
            console.print(render(report, max_pairs=3, width=min(console.width, 140)))
            best = report.matches[0] if report.matches else None
            summary.add_row(
                q.path.stem,
                q.expected,
                best.verdict if best else "-",
                (("partial " if best.extent == "partial" else "")
                 + best.rewrite.type.replace("_", "-")) if best and best.rewrite else "-",
                Path(best.source.uri).stem if best else "-",
                f"{best.score:.2f}" if best else "-",
            )
    console.rule()
    console.print(summary)
    console.print(f"browse it: unspun serve --index {workdir / 'index'}  (needs the web extra; "
                  "then open http://127.0.0.1:8000/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
