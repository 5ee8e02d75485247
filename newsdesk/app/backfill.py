"""Backfills: import archives, understand their articles on Dask workers, then cluster."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.app.listener import Listener
from newsdesk.app.stories import cluster as cluster_stories
from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.bulk.importer import BulkReport, import_file
from newsdesk.store import Store

__all__ = ["BackfillOptions", "Backfilled", "backfill", "check_backfill", "require_dask"]


@dataclass(frozen=True)
class BackfillOptions:
    """Where the work runs: an existing scheduler's workers, or `workers` local processes
    (default: one per core); articles per task; cores each task's embedder uses (default:
    local cores over local workers; on a scheduler, each machine's over its threads); and
    whether to cluster after."""

    scheduler: str | None = None
    workers: int | None = None
    partition: int = 1000
    embed_threads: int | None = None
    cluster: bool = True


@dataclass
class Backfilled:
    """What a backfill did: each archive's import, then the Dask work."""

    imports: list[BulkReport] = field(default_factory=list)
    articles: int = 0
    partitions: int = 0
    workers: int = 0


def require_dask() -> None:
    """Refuse a backfill before any work when Dask's `distributed` cannot be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NewsdeskError("backfills need Dask: pip install 'newsdesk[scale]'") from None


def check_backfill(options: BackfillOptions) -> None:
    """Refuse options that cannot work together, or a backfill without Dask."""
    from newsdesk.scale.backfill import check_cluster_request

    if options.scheduler and options.workers:
        raise NewsdeskError("--workers sizes a local cluster; with --scheduler the "
                            "scheduler's workers are used")
    require_dask()
    check_cluster_request(options.scheduler, options.workers)


def backfill(settings: Settings, store: Store, paths: Sequence[Path],
             options: BackfillOptions, listener: Listener, *,
             progress: Callable[[int], None] | None = None) -> Backfilled:
    """Import each archive, understand the articles on Dask (`progress(done)` hears how
    many are done as partitions finish), then cluster."""
    from newsdesk.scale.backfill import dask_client, understand_on_dask

    done = Backfilled()
    for path in paths:
        done.imports.append(import_file(store, path))
        listener.imported(done.imports[-1])
    scheduler = options.scheduler
    local_workers = options.workers or os.cpu_count() or 1
    threads = options.embed_threads or (
        None if scheduler else max(1, (os.cpu_count() or 1) // local_workers))
    with dask_client(scheduler, None if scheduler else local_workers) as client:
        report = understand_on_dask(store, client, settings.embedder,
                                    partition=options.partition, threads=threads,
                                    progress=progress)
    done.articles, done.partitions, done.workers = (report.articles, report.partitions,
                                                    report.workers)
    listener.embedded(done)
    if options.cluster:
        cluster_stories(settings, store, listener)
    return done
