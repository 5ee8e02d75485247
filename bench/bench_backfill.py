"""Backfill throughput: the understand stage in process against the same stage on Dask.

    /work/main/.venv/bin/python bench/bench_backfill.py [FILE.jsonl] [--workers 2]

Imports FILE (default: ../shared/data/stories/allsides-dev.jsonl) into two fresh SQLite
stores, then gives every article its language and USE vector: in one store with the
in-process stage (`understand_articles`, USE on all cores), in the other on a Dask
LocalCluster of `--workers` processes with one thread each (`newsdesk backfill`'s stage).
Prints articles/s of both and their ratio, and checks the two stores hold the same
languages and (to a cosine of 0.9999) the same vectors. The cluster's start-up (worker
processes, the model loaded in each) is timed apart from the embedding.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.ingest.bulk.importer import import_file  # noqa: E402
from newsdesk.scale.backfill import dask_client, understand_on_dask  # noqa: E402
from newsdesk.store import Article, Store  # noqa: E402
from newsdesk.store.models import ArticleVector  # noqa: E402
from newsdesk.text.embed import UseMultilingualEmbedder  # noqa: E402
from newsdesk.text.understand import understand_articles  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "data" / "stories" / "allsides-dev.jsonl"


def main() -> None:
    """Time both ways over the same articles and compare what they stored."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--partition", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        local = Store.open(f"sqlite:///{folder}/local.db")
        dask = Store.open(f"sqlite:///{folder}/dask.db")
        articles = import_file(local, args.path).new
        import_file(dask, args.path)

        embedder = UseMultilingualEmbedder()
        embedder.embed(["warm up"])  # load the model before timing
        started = time.perf_counter()
        understand_articles(local, embedder)
        local_seconds = time.perf_counter() - started

        threads = max(1, (os.cpu_count() or 1) // args.workers)
        started = time.perf_counter()
        with dask_client(workers=args.workers) as client:
            client.run(_warm, threads)
            startup = time.perf_counter() - started
            started = time.perf_counter()
            report = understand_on_dask(dask, client, embedder.name,
                                        partition=args.partition, threads=threads)
            dask_seconds = time.perf_counter() - started
        same_languages, min_cosine = _compare(local, dask)
        local.close()
        dask.close()
    print(f"{args.path.name}: {articles} articles, {os.cpu_count()} cores\n")
    print("| understand stage | seconds | articles/s |\n|---|---|---|")
    print(f"| in process (USE, {os.cpu_count()} threads) | {local_seconds:.1f} "
          f"| {articles / local_seconds:.0f} |")
    print(f"| Dask LocalCluster ({report.workers} workers x 1 thread, USE {threads} thread(s) "
          f"each, {report.partitions} partitions of {args.partition}) | {dask_seconds:.1f} "
          f"| {articles / dask_seconds:.0f} |")
    print(f"\nDask / in process: {local_seconds / dask_seconds:.2f}x; cluster start-up "
          f"(processes and model load) {startup:.1f} s, not counted above")
    print(f"same languages: {same_languages}; smallest cosine between the two stores' "
          f"vectors: {min_cosine:.6f}")


def _warm(threads: int) -> None:
    """On each worker: load the embedder before timing."""
    from newsdesk.scale.backfill import _worker_embedder

    _worker_embedder("use-multilingual-v3", threads).embed(["warm up"])


def _compare(first: Store, second: Store) -> tuple[bool, float]:
    """Whether both stores gave every article the same language, and the smallest cosine
    between the two vectors of an article."""
    def read(store: Store) -> dict[str, tuple[str | None, np.ndarray]]:
        with store.session() as session:
            rows = session.execute(select(Article.uid, Article.language, ArticleVector.vector)
                                   .join(ArticleVector, ArticleVector.article_id == Article.id))
            return {uid: (language, np.frombuffer(blob, dtype=np.float32))
                    for uid, language, blob in rows}

    a, b = read(first), read(second)
    if a.keys() != b.keys():
        return False, 0.0
    same = all(a[uid][0] == b[uid][0] for uid in a)
    cosines = [float(a[uid][1] @ b[uid][1]) for uid in a]
    return same, min(cosines, default=0.0)


if __name__ == "__main__":
    main()
