"""`newsdesk backfill`: import archives and understand them on Dask, then cluster."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from newsdesk.cli.context import console, opened_store, require_file
from newsdesk.cli.ingest import print_import_report
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.bulk.importer import import_file
from newsdesk.store.models import MAX_INTEGER


def require_dask() -> None:
    """Refuse a backfill before any work when Dask's `distributed` cannot be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NewsdeskError("backfills need Dask: pip install 'newsdesk[scale]'") from None


def _progress_line(done: int) -> None:
    console.print(f"  embedded {done} articles", end="\r")


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
        from newsdesk.cli.roundup import run_clustering
        from newsdesk.scale.backfill import (
            check_cluster_request,
            dask_client,
            understand_on_dask,
        )

        if scheduler and workers:
            raise NewsdeskError("--workers sizes a local cluster; with --scheduler the "
                                "scheduler's workers are used")
        require_dask()
        check_cluster_request(scheduler, workers)
        for path in paths or []:
            require_file(path)
        with opened_store() as (settings, store):
            for path in paths or []:
                print_import_report(import_file(store, path))
            local_workers = workers or os.cpu_count() or 1
            threads = embed_threads or (
                None if scheduler else max(1, (os.cpu_count() or 1) // local_workers))
            with dask_client(scheduler, None if scheduler else local_workers) as client:
                done = understand_on_dask(
                    store, client, settings.embedder, partition=partition, threads=threads,
                    progress=_progress_line if console.is_terminal else None,
                )
            console.print(f"embedded {done.articles} articles in {done.partitions} "
                          f"partitions on {done.workers} Dask workers")
            if cluster:
                run_clustering(settings, store, quiet=False)
