"""Bulk backfills on Dask: the understand stage of many articles, spread over workers.

A backfill imports archive files (JSONL story sets, WARC) into the store, has Dask workers
compute what is costly per article (the language when missing, the multilingual vector),
and then clusters everything in publication order on the client, as `newsdesk cluster`
does: online clustering depends on order, so it stays one stream; embedding does not, and
is where the time goes.

Workers never touch the store. The client reads articles that lack a vector of the current
model in id order, sends partitions of (id, title, text, language) to the workers, and
writes each partition's languages and vectors back in one transaction as it completes, with
a bounded number of partitions in flight (so memory stays flat however large the backfill).
A backfill that stops half-way keeps every partition it wrote, and the next run carries on
with the articles still missing a vector; running it twice stores nothing twice.

The Dask cluster is either a `LocalCluster` of worker processes on this machine or an
existing scheduler (`--scheduler tcp://HOST:8786`) whose workers have newsdesk installed.
Each worker loads the embedder once and runs it with the cores it is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import and_, select

from newsdesk.errors import NewsdeskError
from newsdesk.store import Article, Store
from newsdesk.store.models import ArticleVector
from newsdesk.text.embed import Embedder, model_text
from newsdesk.text.language import normalise_language
from newsdesk.text.understand import (
    article_language,
    embedder_named,
    source_languages,
    store_vector,
)

if TYPE_CHECKING:
    from distributed import Client

PARTITION = 1000
"""Articles per task: large enough that a task's overhead (tens of milliseconds) is lost
in its embedding time (seconds), small enough to spread a backfill over many workers."""

MAX_LOCAL_WORKERS = 256
"""More worker processes than this on one machine is a typo, not a plan (each loads a model)."""
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")

Progress = Callable[[int], None]
Row = tuple[int, str | None, str, str | None, int]  # id, title, text, language, source id
Priors = dict[int, dict[str, int]]


@dataclass
class UnderstandReport:
    """What the distributed understand stage did."""

    articles: int = 0
    partitions: int = 0
    workers: int = 0


def check_cluster_request(scheduler: str | None, workers: int | None) -> None:
    """Refuse, before any work, a scheduler address Dask cannot use or a local cluster of
    an absurd size; each with a one-line NewsdeskError."""
    if scheduler is not None:
        scheme, separator, rest = scheduler.partition("://")
        if not separator or scheme.lower() not in SCHEDULER_SCHEMES or not rest.strip("/"):
            raise NewsdeskError(f"--scheduler {scheduler!r} is not a Dask scheduler address "
                                "(e.g. tcp://HOST:8786)")
    if workers is not None and not 1 <= workers <= MAX_LOCAL_WORKERS:
        raise NewsdeskError(f"a local cluster takes 1 to {MAX_LOCAL_WORKERS} workers, "
                            f"not {workers}")


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Dask client: on an existing scheduler, or on a LocalCluster of `workers` processes
    (default: one per core) with one thread each. Closed (and the cluster shut) on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise NewsdeskError("backfills need Dask: pip install 'newsdesk[scale]'") from None
    check_cluster_request(scheduler, workers)
    if scheduler:
        try:
            client = Client(scheduler, timeout="5s")
        except (OSError, ValueError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise NewsdeskError(f"cannot reach the Dask scheduler at {scheduler}: "
                                f"{reason}") from None
        try:
            yield client
        finally:
            client.close()
        return
    count = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def understand_on_dask(
    store: Store,
    client: Client,
    embedder_name: str,
    *,
    partition: int = PARTITION,
    threads: int | None = None,
    progress: Progress | None = None,
) -> UnderstandReport:
    """Give every article that lacks a vector of `embedder_name` its language and vector,
    computed on the Dask workers of `client` and written to the store partition by
    partition. `threads` are the cores each task's embedder uses (default: the worker
    machine's cores over its worker's threads; set it when a host runs several worker
    processes)."""
    from distributed import as_completed

    if partition < 1:
        raise NewsdeskError("a partition needs at least one article")
    task = (embedder_name, threads)
    local = embedder_named(embedder_name)  # cheap: USE loads its model on first use
    expected = (local.name, local.version)
    report = UnderstandReport(workers=len(client.scheduler_info().get("workers", {})))
    if not report.workers:
        raise NewsdeskError("the Dask cluster has no workers")
    in_flight = 2 * report.workers
    with store.session() as session:
        priors = source_languages(session)  # as the run found them, as in understand_articles
    rows = _missing_rows(store, *expected, partition)
    pending = as_completed()
    for _ in range(in_flight):
        if not _submit(client, pending, next(rows, None), task, priors):
            break
    for future in pending:
        try:
            identity, ids, languages, vectors = future.result()
        except Exception as exc:  # a task's error, or a worker that died with it
            raise NewsdeskError(
                f"a Dask task failed ({type(exc).__name__}: {exc}); the {report.articles} "
                "articles written so far are kept: run the backfill again to go on") from exc
        if identity != expected:
            raise NewsdeskError(
                f"a Dask worker embeds with {identity[0]} {identity[1]}, this machine with "
                f"{expected[0]} {expected[1]}; install the same newsdesk on every worker")
        _write(store, _Vectors(*expected, vectors.shape[1]), ids, languages, vectors)
        report.articles += len(ids)
        report.partitions += 1
        if progress:
            progress(report.articles)
        _submit(client, pending, next(rows, None), task, priors)
    return report


def understand_partition(
    embedder_name: str, threads: int | None, rows: Sequence[Row], priors: Priors
) -> tuple[tuple[str, str], list[int], list[str | None], np.ndarray]:
    """On a worker: the languages and vectors of one partition of articles, with the
    (name, version) of the model that made the vectors. `priors` are the languages of
    the partition's sources' earlier articles (see `source_languages`)."""
    embedder = _worker_embedder(embedder_name, threads)
    languages = [article_language(title, text, language, priors.get(source))
                 for _, title, text, language, source in rows]
    vectors = embedder.embed([model_text(title, text) for _, title, text, _, _ in rows])
    return (embedder.name, embedder.version), [row[0] for row in rows], languages, vectors


@dataclass(frozen=True)
class _Vectors:
    """The identity of the vectors being written (as `store_vector` expects an embedder)."""

    name: str
    version: str
    dim: int


def _submit(client: Client, pending: Any, rows: list[Row] | None,
            task: tuple[str, int | None], priors: Priors) -> bool:
    if not rows:
        return False
    sources = {row[4] for row in rows}
    ours = {source: counts for source, counts in priors.items() if source in sources}
    pending.add(client.submit(understand_partition, *task, rows, ours, pure=False))
    return True


def _missing_rows(store: Store, model: str, version: str, size: int) -> Iterator[list[Row]]:
    """Partitions of articles without a vector of (model, version), in id order. Paged by
    id, so partitions in flight (not yet written) are not read again."""
    current = and_(ArticleVector.article_id == Article.id, ArticleVector.model == model,
                   ArticleVector.version == version)
    after = 0
    while True:
        with store.session() as session:
            query = (select(Article.id, Article.title, Article.text, Article.language,
                            Article.source_id)
                     .outerjoin(ArticleVector, current)
                     .where(ArticleVector.article_id.is_(None), Article.id > after)
                     .order_by(Article.id).limit(size))
            rows = [(i, title, text or "", language, source)
                    for i, title, text, language, source in session.execute(query)]
        if not rows:
            return
        after = rows[-1][0]
        yield rows


def _write(store: Store, vectors_of: _Vectors, ids: list[int], languages: list[str | None],
           vectors: np.ndarray) -> None:
    """One partition's languages and vectors, in one transaction."""
    with store.session() as session:
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        for article_id, language, vector in zip(ids, languages, vectors, strict=True):
            article = articles.get(article_id)
            if article is None:  # deleted since it was read
                continue
            article.language = normalise_language(article.language) or language
            store_vector(session, article_id, vectors_of, vector)


@cache
def _worker_embedder(name: str, threads: int | None = None) -> Embedder:
    """The embedder of this worker process, loaded once. USE runs with `threads` cores, by
    default the machine's cores over the worker's task slots (USE's own default of 4
    threads is many times slower on fewer cores)."""
    from newsdesk.text.embed import UseMultilingualEmbedder

    if name == "use-multilingual-v3":
        return UseMultilingualEmbedder(threads=threads or _cores_per_slot())
    return embedder_named(name)


def _cores_per_slot() -> int:
    """This machine's cores over the task slots (threads) of the worker running here."""
    from distributed import get_worker

    try:
        slots = get_worker().state.nthreads
    except (ValueError, AttributeError):
        slots = 1
    return max(1, (os.cpu_count() or 1) // max(1, slots))
