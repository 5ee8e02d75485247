"""`newsdesk backfill`: import archives and understand them on Dask, then cluster."""

from __future__ import annotations

from pathlib import Path

import typer

from newsdesk.cli.context import console, opened_store, require_file
from newsdesk.limits import MAX_INTEGER


def _progress_line(done: int) -> None:
    console().print(f"  embedded {done} articles", end="\r")


def register(app: typer.Typer) -> None:
    """Add the `backfill` command to the app."""

    @app.command()
    def backfill(
        paths: list[Path] = typer.Argument(
            None, help="Archives to import first: .jsonl story sets, .warc/.warc.gz."
        ),
        scheduler: str | None = typer.Option(
            None, help="Address of an existing Dask scheduler (tcp://HOST:8786); "
                       "default: a local cluster of worker processes.",
        ),
        workers: int | None = typer.Option(
            None, min=1, help="Worker processes of the local cluster (default: one per core)."
        ),
        partition: int = typer.Option(1000, min=1, max=MAX_INTEGER,
                                      help="Articles per Dask task."),
        embed_threads: int | None = typer.Option(
            None, "--embed-threads", min=1, max=1024,
            help="Cores each task's embedder uses (default: local cores over local workers; "
                 "on a scheduler, each machine's cores over its worker's threads).",
        ),
        cluster: bool = typer.Option(
            True, "--cluster/--no-cluster", help="Cluster the articles into stories after."
        ),
    ) -> None:
        """Backfill in bulk: import, embed on Dask workers, then cluster into stories."""
        from newsdesk.app.backfill import BackfillOptions, backfill, check_backfill
        from newsdesk.cli.printer import Printer

        options = BackfillOptions(scheduler=scheduler, workers=workers, partition=partition,
                                  embed_threads=embed_threads, cluster=cluster)
        check_backfill(options)
        for path in paths or []:
            require_file(path)
        with opened_store() as (settings, store):
            backfill(settings, store, paths or [], options, Printer(),
                     progress=_progress_line if console().is_terminal else None)
