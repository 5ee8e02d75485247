"""Bulk backfills on a real Dask cluster (worker processes on this machine): the same
languages and vectors as the in-process stage, idempotent, resumable, and then clustered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from newsdesk.ingest.bulk.importer import import_file
from newsdesk.store import Article, Store
from newsdesk.store.models import ArticleVector
from newsdesk.text.embed import HashingEmbedder, UseMultilingualEmbedder
from newsdesk.text.understand import understand_articles
from tests.conftest import REPO_ROOT

distributed = pytest.importorskip("distributed", reason="backfills need Dask (newsdesk[scale])")

from newsdesk.scale.backfill import dask_client, understand_on_dask  # noqa: E402

FIXTURES = [REPO_ROOT / "tests" / "stories" / "fixtures" / "multilingual.jsonl",
            REPO_ROOT / "tests" / "ingest" / "fixtures" / "stories_small.jsonl"]
TOTAL = 15  # articles in the two files (five of stories_small's are also in multilingual)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A LocalCluster of two worker processes, one thread each, for the whole module."""
    with dask_client(workers=2) as opened:
        yield opened


def _imported(store: Store) -> int:
    return sum(import_file(store, path).new for path in FIXTURES)


def _understood(store: Store) -> dict[str, tuple[str | None, str, bytes]]:
    """Each article's language and vector (model and bytes), by its uid."""
    with store.session() as session:
        rows = session.execute(
            select(Article.uid, Article.language, ArticleVector.model, ArticleVector.vector)
            .join(ArticleVector, ArticleVector.article_id == Article.id))
        return {uid: (language, model, vector) for uid, language, model, vector in rows}


def _vector_rows(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ArticleVector))


def test_a_backfill_on_dask_stores_what_the_in_process_stage_stores(
    store: Store, client: distributed.Client, tmp_path: Path
) -> None:
    total = _imported(store)
    assert total == TOTAL
    report = understand_on_dask(store, client, "hashing", partition=3)
    assert (report.articles, report.partitions, report.workers) == (TOTAL, 5, 2)

    baseline = Store.open(f"sqlite:///{tmp_path / 'in-process.db'}")
    try:
        _imported(baseline)
        understand_articles(baseline, HashingEmbedder())
        expected = _understood(baseline)
    finally:
        baseline.close()
    found = _understood(store)
    assert len(found) == total and found.keys() == expected.keys()
    assert found == expected
    assert {language for language, _, _ in found.values()} >= {"en", "zh", "de"}


def test_running_it_again_embeds_nothing_and_stores_nothing_twice(
    store: Store, client: distributed.Client
) -> None:
    _imported(store)
    assert understand_on_dask(store, client, "hashing", partition=4).articles == TOTAL
    assert _imported(store) == 0
    again = understand_on_dask(store, client, "hashing", partition=4)
    assert (again.articles, again.partitions) == (0, 0)
    assert _vector_rows(store) == TOTAL


class _Stop(Exception):
    """The backfill's process stopped (interrupted, killed) after some partitions."""


def test_a_backfill_stopped_half_way_keeps_its_partitions_and_the_next_run_finishes(
    store: Store, client: distributed.Client
) -> None:
    _imported(store)

    def stop_after_two(done: int) -> None:
        if done >= 6:
            raise _Stop

    with pytest.raises(_Stop):
        understand_on_dask(store, client, "hashing", partition=3, progress=stop_after_two)
    kept = _vector_rows(store)
    assert 6 <= kept < TOTAL
    rest = understand_on_dask(store, client, "hashing", partition=3)
    assert rest.articles == TOTAL - kept
    assert _vector_rows(store) == TOTAL


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_use_vectors_from_the_workers_match_this_process(
    store: Store, client: distributed.Client
) -> None:
    _imported(store)
    understand_on_dask(store, client, "use-multilingual-v3", partition=7, threads=1)
    found = _understood(store)
    with store.session() as session:
        articles = list(session.scalars(select(Article).order_by(Article.id)))
        texts = {a.uid: (a.title, a.text or "") for a in articles}
    from newsdesk.text.embed import model_text

    here = UseMultilingualEmbedder(threads=os.cpu_count())
    urls = sorted(texts)
    local = here.embed([model_text(*texts[url]) for url in urls])
    remote = np.stack([np.frombuffer(found[url][2], dtype=np.float32) for url in urls])
    assert {found[url][1] for url in urls} == {"use-multilingual-v3"}
    cosines = np.sum(local * remote, axis=1)
    assert cosines.min() > 0.9999, cosines.min()


def _newsdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_EMBEDDER": "hashing"}
    env.pop("NEWSDESK_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], env=env, text=True,
                          capture_output=True, timeout=300, cwd=REPO_ROOT)


def _stories(home: Path) -> list[tuple[str, int, str]]:
    """Every stored story: id, size and top terms."""
    listed = json.loads(_newsdesk(home, "stories", "--json", "-n", "100").stdout)
    return sorted((story["id"], story["size"], json.dumps(story["top_terms"]))
                  for story in listed)


def test_the_backfill_command_clusters_like_import_and_cluster(tmp_path: Path) -> None:
    on_dask, in_process = tmp_path / "dask", tmp_path / "local"
    files = [str(path) for path in FIXTURES]
    done = _newsdesk(on_dask, "backfill", *files, "--workers", "2", "--partition", "4")
    assert done.returncode == 0, done.stderr
    assert f"embedded {TOTAL} articles in 4 partitions on 2 Dask workers" in done.stdout
    assert f"clustered {TOTAL} articles" in done.stdout
    for path in files:
        assert _newsdesk(in_process, "import", path).returncode == 0
    assert _newsdesk(in_process, "cluster").returncode == 0
    assert _stories(on_dask) == _stories(in_process)
    assert len(_stories(on_dask)) >= 5


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    refused = _newsdesk(tmp_path, "backfill", "--scheduler", "tcp://127.0.0.1:9")
    assert refused.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in refused.stderr
    assert "Traceback" not in refused.stderr
