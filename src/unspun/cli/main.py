"""The ``unspun`` command: a thin layer over the library.

Exit codes: 0 ok; 1 failure (an input or the index could not be read); 2 usage error;
3 a copy was found and ``--fail-on-copy`` was given (scripts gate on it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unspun.embed import DENSE_KINDS
from unspun.errors import UnspunError

if TYPE_CHECKING:
    from rich.console import Console

    from unspun.records import Doc, InputFailure, Report

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_COPY_FOUND = 0, 1, 2, 3


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _fail(message: str) -> None:
    # click, not rich: an error line must not be re-wrapped or have its brackets eaten.
    click.echo(click.style("error:", fg="red", bold=True) + " " + message, err=True)


class _Main(click.Group):
    """Turns UnspunError into a readable message and exit code 1 instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnspunError as exc:
            _fail(str(exc))
            ctx.exit(EXIT_FAILURE)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unspun")
def cli() -> None:
    """Find where a page's text came from and what was done to it.

    \b
    Exit codes: 0 ok, 1 failure, 2 usage error, 3 copy found (with --fail-on-copy).
    """
    from unspun.engine.tuning import tune_collector

    tune_collector()


def _emit(reports: Iterable[Report], as_json: bool) -> bool:
    """Print reports; returns whether any of them found a copy."""
    from unspun.report import render, to_json

    out = _console()
    found = False
    for rep in reports:
        found |= any(m.verdict == "copy" for m in rep.matches)
        if as_json:
            click.echo(json.dumps(to_json(rep), ensure_ascii=False))
        else:
            out.print(render(rep, width=min(out.width, 140)))
            out.print()
    return found


DENSE_OPTION = click.option(
    "--dense/--no-dense", default=None,
    help="Sentence vectors (the semantic extra) for paraphrases and translations. "
         "Default: on when installed.")


@cli.command()
@click.argument("suspect")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report (schema 1).")
@click.option("--fail-on-copy", is_flag=True, help="Exit with 3 when SUSPECT is a copy.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write a self-contained side-by-side HTML report to FILE.")
@DENSE_OPTION
def compare(
    suspect: str, source: str, as_json: bool, fail_on_copy: bool, html_file: str | None,
    dense: bool | None,
) -> None:
    """Align SUSPECT with SOURCE and explain the rewrite (no index needed).

    Each is a file (.txt, .md, .html, .html.gz) or - for standard input.
    """
    from unspun.api import compare as compare_docs
    from unspun.api import default_aligner, load_doc

    report = compare_docs(load_doc(suspect), load_doc(source), aligner=default_aligner(dense=dense))
    if html_file:
        from unspun.report.html import to_html

        Path(html_file).write_text(to_html(report), encoding="utf-8")
    found = _emit([report], as_json)
    sys.exit(EXIT_COPY_FOUND if (found and fail_on_copy) else EXIT_OK)


@cli.group()
def index() -> None:
    """Build and inspect an index of sources."""


def _docs_with_errors(inputs: Iterable[str], failures: list[InputFailure]) -> Iterator[Doc]:
    from unspun.api import iter_docs
    from unspun.records import InputFailure

    for item in iter_docs(inputs):
        if isinstance(item, InputFailure):
            failures.append(item)
            _fail(f"{item.uri}: {item.reason}")
        else:
            yield item


@index.command("add")
@click.option("--index", "index_dir", required=True, type=click.Path(file_okay=False),
              help="Index directory (created if absent).")
@click.option("--batch-size", default=256, show_default=True,
              help="Documents per transaction: a crash loses at most one batch.")
@click.option("--dense", is_flag=True,
              help="Store passage vectors for the dense channel (the semantic extra): finds "
                   "fluent paraphrases, summaries and translations. Only for a new index; an "
                   "existing one keeps what it was built with.")
@click.option("--encoder", type=click.Choice(DENSE_KINDS), default=None,
              help="With --dense: 'full' (the default) runs the sentence encoder on every "
                   "sentence and stores its vectors; 'static' encodes passages with a table "
                   "distilled from it, indexing many times faster, and aligns candidates with "
                   "the full encoder at trace time (slower traces): for large collections.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that extract, segment, fingerprint (and encode) the documents; "
                   "this process writes them, batch by batch. Default: the machine's cores.")
@click.argument("inputs", nargs=-1, required=True)
def index_add(index_dir: str, batch_size: int, dense: bool, encoder: str | None,
              workers: int | None, inputs: tuple[str, ...]) -> None:
    """Add source documents (files, directories, globs, JSONL, CSV, -) to an index."""
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from unspun.embed.static import index_encoder
    from unspun.index import Index
    from unspun.ingest import iter_inputs

    if encoder is not None and not dense:
        raise click.UsageError("--encoder chooses the dense channel's encoder: give --dense too")
    embedder = index_encoder(encoder or "full") if dense else None
    failures: list[InputFailure] = []

    def failed(item: InputFailure) -> None:
        failures.append(item)
        _fail(f"{item.uri}: {item.reason}")

    with Index(index_dir, create=True, embedder=embedder) as idx, Progress(
        SpinnerColumn(), TextColumn("indexing"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), console=_console(stderr=True), transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("index", total=None, rate="")

        def tick(n: int) -> None:
            progress.advance(task, n)
            t = progress.tasks[task]
            if t.elapsed:
                progress.update(task, rate=f"{t.completed / t.elapsed:.0f} docs/s")

        # Extraction happens in the workers too: the raw inputs go to Index.add.
        result = idx.add(iter_inputs(inputs), batch_size=batch_size, on_batch=tick,
                         workers=workers or os.cpu_count() or 1, on_failure=failed)
        total = idx.count
    click.echo(
        f"added {result.added}, updated {result.updated}, unchanged {result.unchanged}, "
        f"failed {len(failures)}; {total} sources in {index_dir}"
    )
    sys.exit(EXIT_FAILURE if failures else EXIT_OK)


@index.command("stats")
@click.option("--index", "index_dir", required=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def index_stats(index_dir: str, as_json: bool) -> None:
    """Print counts and sizes of an index."""
    from dataclasses import asdict

    from unspun.index import Index

    with Index(index_dir) as idx:
        stats = idx.stats()
    if as_json:
        click.echo(json.dumps(asdict(stats), indent=2))
        return
    click.echo(f"index      {stats.path} (format {stats.format_version})")
    click.echo(f"sources    {stats.sources}")
    for table, n in stats.rows.items():
        click.echo(f"  {table:<10} {n:>10} rows")
    click.echo(f"size       {sum(stats.bytes.values()) / 1e6:.1f} MB on disk")
    for name, size in stats.bytes.items():
        click.echo(f"  {name:<22} {size / 1e6:>8.1f} MB")
    click.echo(f"encoder    {stats.encoder or 'none (lexical channels only)'}")
    fs = stats.settings
    click.echo(
        f"minhash    {fs.num_perm} permutations, word {fs.word_shingle}-shingles, "
        f"anchor {fs.anchor_shingle}-shingles, seed {fs.seed}"
    )


@cli.command()
@click.option("--index", "index_dir", required=True, type=click.Path(file_okay=False))
@click.option("--top", default=5, show_default=True, help="Matches to report per page.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON report (schema 1) per line, one line per input document.")
@click.option("--fail-on-copy", is_flag=True, help="Exit with 3 when any page is a copy.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False),
              help="Also write one self-contained HTML report per page into DIR.")
@click.option("--engine", type=click.Choice(["local", "pool", "dask"]), default=None,
              help="Where pages are traced: this process, a pool of --workers processes, or "
                   "Dask (the engine of 'unspun cluster'). Default: local, or pool when "
                   "--workers is above 1.")
@click.option("--scheduler",
              help="Address of a Dask scheduler (--engine dask; default: a LocalCluster of "
                   "--workers processes). Its workers must read the index at the same path.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes tracing pages in parallel (each loads the index's encoder and "
                   "the thesaurus once); reports keep the input order. Default: 1, or 2 "
                   "for --engine pool and dask.")
@click.argument("inputs", nargs=-1, required=True)
def trace(index_dir: str, top: int, as_json: bool, fail_on_copy: bool, html_dir: str | None,
          engine: str | None, scheduler: str | None, workers: int | None,
          inputs: tuple[str, ...]) -> None:
    """Find the sources of pages (files, directories, globs, JSONL, CSV, -) in an index."""
    from unspun.engine import Engine, make_engine
    from unspun.index import Index
    from unspun.retrieve import Retriever
    from unspun.retrieve.batch import trace_many

    engine = engine or ("pool" if (workers or 1) > 1 else "local")
    if engine == "local" and (workers or 1) > 1:
        raise click.UsageError("--workers above 1 needs --engine pool or dask")
    failures: list[InputFailure] = []
    runner: Engine | None = None
    with Index(index_dir) as idx:  # opened here too, so a bad index fails before any worker
        try:
            runner = (make_engine(engine, scheduler, workers)
                      if engine != "local" or scheduler else None)
            docs = _docs_with_errors(inputs, failures)
            reports: Iterable[Report]
            if runner is not None:
                # Tasks open the index by its path (absolute: a Dask worker has its own cwd).
                reports = trace_many(Path(index_dir).resolve(), docs, runner, top=top)
            else:
                retriever = Retriever.for_index(idx)
                reports = (retriever.trace(d, top=top) for d in docs)
            if html_dir:
                reports = _write_html(reports, Path(html_dir))
            found = _emit(reports, as_json)
        finally:
            if runner is not None:
                runner.close()
    if failures:
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_COPY_FOUND if (found and fail_on_copy) else EXIT_OK)


def _write_html(reports: Iterable[Report], out: Path) -> Iterator[Report]:
    """Write each report as ``NNNN-<name>.html`` in ``out`` as it passes by."""
    import re

    from unspun.report.html import to_html

    out.mkdir(parents=True, exist_ok=True)
    for n, rep in enumerate(reports, 1):
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(rep.query.uri).name or rep.query.id)[:60]
        (out / f"{n:04d}-{name}.html").write_text(to_html(rep), encoding="utf-8")
        yield rep


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for families.jsonl, summary.json, families.html and reports/.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Run the stages in this process or on Dask.")
@click.option("--scheduler", help="Address of a Dask scheduler (default: a LocalCluster).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Workers of the LocalCluster (--engine dask; default 2).")
@click.option("--no-reports", is_flag=True, help="Skip the side-by-side report per member.")
def cluster(inputs: tuple[str, ...], out_dir: str, engine: str, scheduler: str | None,
            workers: int | None, no_reports: bool) -> None:
    """Group pages (files, directories, globs, JSONL, CSV, WARC/WET) into families of copies,
    each with its probable original."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
    from rich.table import Table

    from unspun.families import ClusterSettings, make_engine, summary, write_outputs
    from unspun.families import cluster as run_cluster

    runner = make_engine(engine, scheduler, workers)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      MofNCompleteColumn(), console=_console(stderr=True), transient=True,
                      disable=not sys.stderr.isatty()) as progress:
            tasks: dict[str, Any] = {}

            def tell(stage: str, done: int, total: int | None) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            result = run_cluster(inputs, out_dir, engine=runner,
                                 settings=ClusterSettings(reports=not no_reports), progress=tell)
    finally:
        runner.close()
    write_outputs(result, out_dir)
    for f in result.failures:
        _fail(f"{f.uri}: {f.reason}")
    s = summary(result)
    table = Table(title=f"{s['families']} families in {s['documents']} documents")
    for col in ("family", "pages", "original", "rewrites"):
        table.add_column(col)
    for fam in result.families[:20]:
        root = next(m for m in fam.members if m.id == fam.root)
        kinds = sorted({m.rewrite or "-" for m in fam.members if m.id != fam.root})
        table.add_row(fam.id, str(len(fam.members)),
                      Path(root.uri).name if fam.original_present else "(absent: siblings)",
                      ", ".join(kinds))
    out = _console()
    out.print(table)
    if len(result.families) > 20:
        out.print(f"... and {len(result.families) - 20} more in {out_dir}/families.jsonl")
    click.echo(f"wrote {out_dir}/families.jsonl, summary.json, families.html")
    sys.exit(EXIT_FAILURE if result.failures else EXIT_OK)


@cli.command()
@click.option("--index", "index_dir", required=True, type=click.Path(file_okay=False),
              help="Index directory to serve (made by 'unspun index add').")
@click.option("--families", "families_dir", type=click.Path(file_okay=False),
              help="An 'unspun cluster --out' folder to browse.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; any but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="UNSPUN_TOKEN", show_envvar=True,
              help="Require 'Authorization: Bearer TOKEN' (pages ask for it once).")
@click.option("--no-history", is_flag=True,
              help="Keep no history of checks (web-history.sqlite in the index directory).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Threads that trace, compare and add sources.")
@click.option("--queue", type=click.IntRange(min=0), default=16, show_default=True,
              help="Jobs that may wait for a worker; more get 503.")
@click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
              help="Seconds a request waits for its job before a 504.")
def serve(index_dir: str, families_dir: str | None, host: str, port: int, token: str | None,
          no_history: bool, workers: int, queue: int, timeout: float) -> None:
    """Serve the web app and REST API on HOST:PORT (needs the web extra)."""
    from unspun.web import require_web_extra

    require_web_extra()
    from unspun.web.settings import WebSettings, is_loopback

    if not is_loopback(host) and not token:
        raise click.UsageError(f"--host {host} would open the app beyond this machine: give "
                               "--token (or UNSPUN_TOKEN) as well")
    settings = WebSettings(index=Path(index_dir), families=Path(families_dir) if families_dir
                           else None, host=host, port=port, token=token or None,
                           history=not no_history, workers=workers, queue=queue,
                           timeout=timeout)
    from unspun.web.server import serve as run_server

    click.echo(f"unspun: serving {index_dir} on http://{host}:{port}/ (Ctrl-C stops)")
    run_server(settings)


def main() -> None:
    try:
        cli.main(prog_name="unspun", standalone_mode=True)
    except KeyboardInterrupt:
        _fail("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
