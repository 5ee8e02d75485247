"""`newsdesk fetch` and `newsdesk import`: collect articles into the store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import TextColumn

from newsdesk.cli.context import console, err_console, opened_store, require_file
from newsdesk.cli.progress import progress_bar, shows_progress
from newsdesk.config import Settings
from newsdesk.ingest.bulk.importer import BulkReport, import_file
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
    show_bar = shows_progress(quiet)
    progress = progress_bar(quiet, TextColumn("{task.fields[last]}"))
    with progress:
        task = progress.add_task("fetching", total=None, last="")
        pages = None

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advanced(outcome: SourceOutcome) -> None:
            progress.update(task, advance=1, last=outcome.url[:60])
            if not quiet and not show_bar:
                _print_outcome(outcome)

        def page_done(done: int, total: int) -> None:
            # The feeds are done: their bar stops, and the pages get a bar of their own.
            nonlocal pages
            if pages is None and not total:
                return
            if pages is None:
                progress.update(task, last="")
                progress.stop_task(task)
                pages = progress.add_task("full text", total=total, last="article pages")
            progress.update(pages, completed=done, total=total)

        report = fetch_sources(
            store,
            settings,
            source_ids=source_ids,
            force=force or bool(refs),
            full_text=full_text,
            on_outcome=advanced,
            on_start=started,
            on_full_text=page_done,
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
        require_file(path)
        with opened_store() as (_, store):
            report = import_file(store, path)
        if not quiet:
            print_import_report(report)


def print_import_report(report: BulkReport) -> None:
    """What a bulk import stored, rejected and skipped (the first ten reasons)."""
    line = f"{report.path}: {report.read} records read, {report.new} new articles"
    if report.rejected:
        line += f"; {report.rejected} rejected (no title or text, nothing stored from them)"
    console.print(line)
    for reason in report.skipped[:10]:
        err_console.print(f"skipped: {reason}")
    if len(report.skipped) > 10:
        err_console.print(f"... and {len(report.skipped) - 10} more skipped")
