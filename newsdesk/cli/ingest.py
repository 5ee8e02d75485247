"""`newsdesk fetch` and `newsdesk import`: collect articles into the store."""

from __future__ import annotations

from pathlib import Path

import typer

from newsdesk.cli.context import opened_store, require_file


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
        from newsdesk.app.collect import fetch as fetch_job
        from newsdesk.cli.printer import listener

        with opened_store() as (settings, store):
            fetch_job(settings, store, listener(quiet),
                      refs=sources or None, force=all_,
                      full_text=False if no_full_text else None)

    @app.command("import")
    def import_(
        path: Path = typer.Argument(
            ..., help="A .jsonl story-set file or a .warc/.warc.gz archive."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing."),
    ) -> None:
        """Import articles in bulk (streaming, idempotent)."""
        from newsdesk.app.collect import import_archive
        from newsdesk.cli.printer import print_import_report

        require_file(path)
        with opened_store() as (_, store):
            report = import_archive(store, path)
        if not quiet:
            print_import_report(report)
