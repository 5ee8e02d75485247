"""`newsdesk fetch` and `newsdesk import`: collect articles into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk.cli.context import console, err_console, opened_store
from newsdesk.config import Settings
from newsdesk.ingest.bulk_import import import_file
from newsdesk.ingest.collect import FetchReport, SourceOutcome, fetch_sources
from newsdesk.store import Store
from newsdesk.store.sources import find_source


def run_fetch(
    settings: Settings,
    store: Store,
    *,
    refs: list[str] | None = None,
    force: bool = False,
    quiet: bool = False,
    full_text: bool | None = None,
) -> FetchReport:
    """Fetch sources with a progress bar (or silently), then print a one-line summary."""
    source_ids = None
    if refs:
        with store.session() as session:
            source_ids = [find_source(session, ref).id for ref in refs]
    show_bar = not quiet and sys.stderr.isatty()
    progress = Progress(
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=err_console,
        disable=not show_bar,
    )
    with progress:
        task = progress.add_task("fetch", total=None, last="")

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advanced(outcome: SourceOutcome) -> None:
            progress.update(task, advance=1, last=outcome.url[:60])
            if not quiet and not show_bar:
                _print_outcome(outcome)

        report = fetch_sources(
            store,
            settings,
            source_ids=source_ids,
            force=force or bool(refs),
            full_text=full_text,
            on_outcome=advanced,
            on_start=started,
        )
    if not quiet:
        _print_summary(report)
    return report


def _print_outcome(outcome: SourceOutcome) -> None:
    if outcome.ok:
        state = "not modified" if outcome.not_modified else f"{outcome.new} new of {outcome.seen}"
        err_console.print(f"ok      {outcome.url}: {state}", markup=False)
        if outcome.limit_warning:
            err_console.print(f"        {outcome.limit_warning}", markup=False)
    else:
        err_console.print(f"failed  {outcome.url}: {outcome.error}", markup=False)


def _print_summary(report: FetchReport) -> None:
    total = len(report.outcomes)
    failed = report.failed
    line = f"fetched {total - len(failed)} of {total} sources, {report.new_articles} new articles"
    if report.extracted or report.extract_failed:
        line += f"; full text extracted for {report.extracted} ({report.extract_failed} failed)"
    console.print(line)
    if failed and total and len(failed) == total:
        console.print("no source could be fetched: is this machine offline?")


def register(app: typer.Typer) -> None:
    """Add `fetch` and `import` to the app."""

    @app.command()
    def fetch(
        sources: list[str] = typer.Argument(None, help="Source ids or URLs (default: all due)."),
        all_: bool = typer.Option(False, "--all", help="Fetch every source, due or not."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing (for cron)."),
        no_full_text: bool = typer.Option(
            False, "--no-full-text", help="Do not fetch article pages of summary-only feeds."
        ),
    ) -> None:
        """Fetch due sources and store their new articles."""
        with opened_store() as (settings, store):
            run_fetch(
                settings,
                store,
                refs=sources or None,
                force=all_,
                quiet=quiet,
                full_text=False if no_full_text else None,
            )

    @app.command("import")
    def import_(
        path: Path = typer.Argument(
            ..., help="A .jsonl story-set file or a .warc/.warc.gz archive."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing."),
    ) -> None:
        """Import articles in bulk (streaming, idempotent)."""
        with opened_store() as (_, store):
            report = import_file(store, path)
        if quiet:
            return
        console.print(f"{path}: {report.read} records read, {report.new} new articles")
        for reason in report.skipped[:10]:
            err_console.print(f"skipped: {reason}")
        if len(report.skipped) > 10:
            err_console.print(f"... and {len(report.skipped) - 10} more skipped")
