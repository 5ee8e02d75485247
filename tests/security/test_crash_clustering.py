"""Killing `newsdesk cluster` (SIGKILL) at random moments loses nothing and changes nothing.

After many kills and a clean run, every article is stored once and filed in a story,
the stories agree with their articles, and the assignment is exactly that of one
uninterrupted run over the same input in a fresh database.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsdesk.ingest.bulk.importer import import_file
from newsdesk.store import Article, Store
from newsdesk.store.models import ArticleVector, Story
from newsdesk.stories import process
from newsdesk.text.understand import embedder_named
from tests.conftest import REPO_ROOT
from tests.security.crash_corpus import write_corpus

EVENTS = 60
BATCH = 6
KILLS = 8
MAX_RUNS = 24
POLL = 0.02

Assignment = dict[str, tuple[frozenset[str], str | None, str | None]]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A few hundred articles: events told by several outlets, exact copies, split events."""
    return write_corpus(tmp_path / "corpus.jsonl", EVENTS, seed=20260517)


def _progress(store: Store) -> tuple[int, int]:
    """(articles with a vector, articles filed in a story) as committed so far."""
    with store.session() as session:
        vectors = session.scalar(select(func.count()).select_from(ArticleVector))
        clustered = session.scalar(
            select(func.count()).select_from(Article).where(Article.clustered_at.is_not(None))
        )
    return vectors or 0, clustered or 0


def _start_cluster() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.security.cluster_child", str(BATCH)],
        cwd=REPO_ROOT, env=dict(os.environ), stderr=subprocess.PIPE,
    )


def _kill_after_progress(store: Store, rng: random.Random) -> bool:
    """Start a run, wait until it commits something, SIGKILL it a random moment later.

    Returns whether the process was still running when the signal was sent.
    """
    before = _progress(store)
    child = _start_cluster()
    while child.poll() is None and _progress(store) == before:
        time.sleep(POLL)
    time.sleep(rng.uniform(0.0, 0.3))
    alive = child.poll() is None
    if alive:
        child.send_signal(signal.SIGKILL)
    _, errors = child.communicate()
    assert alive or child.returncode == 0, errors.decode(errors="replace")
    return alive


def assignment(store: Store) -> Assignment:
    """Article uid -> (uids of its story's articles, uid it copies, the engine's note)."""
    with store.session() as session:
        rows = session.execute(
            select(Article.id, Article.uid, Article.story_id, Article.copy_of_id,
                   Article.cluster_note)
        ).all()
    uid_of = {row.id: row.uid for row in rows}
    members: dict[str | None, set[str]] = {}
    for row in rows:
        members.setdefault(row.story_id, set()).add(row.uid)
    return {
        row.uid: (frozenset(members[row.story_id]), uid_of.get(row.copy_of_id), row.cluster_note)
        for row in rows
    }


def uninterrupted_assignment(corpus: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> Assignment:
    """The assignment one clean run (same batches) makes in a fresh SQLite database."""
    monkeypatch.setattr(process, "BATCH", BATCH)
    fresh = Store.open(f"sqlite:///{tmp_path / 'uninterrupted.db'}")
    try:
        import_file(fresh, corpus)
        process.cluster_new_articles(fresh, embedder_named("hashing"))
        return assignment(fresh)
    finally:
        fresh.close()


def assert_consistent(store: Store, records: int) -> None:
    """Every article once, filed, in a story row that agrees with it; no dangling link."""
    with store.session() as session:
        articles = session.scalars(select(Article)).all()
        stories = {s.id: s for s in session.scalars(select(Story))}
    assert len(articles) == len({a.uid for a in articles}) == records
    assert all(a.story_id and a.clustered_at for a in articles), "an article left unfiled"
    ids = {a.id for a in articles}
    assert all(a.copy_of_id in ids for a in articles if a.copy_of_id is not None)
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(article.story_id, []).append(article)
    assert set(by_story) <= set(stories), "an article's story has no row"
    for story_id, members in by_story.items():
        story = stories[story_id]
        originals = [a for a in members if a.copy_of_id is None]
        assert story.merged_into is None, f"articles left in merged story {story_id}"
        assert (story.size, story.outlets) == (
            len(originals), len({a.source_id for a in originals})
        ), f"story {story_id} disagrees with its articles"
    empty = [s.id for s in stories.values() if s.id not in by_story and s.merged_into is None]
    assert not empty, f"stories without articles that were never merged: {empty}"


def test_sigkill_mid_clustering_then_rerun_equals_an_uninterrupted_run(
    store: Store, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    records = import_file(store, corpus).new
    expected = uninterrupted_assignment(corpus, tmp_path, monkeypatch)
    rng = random.Random(20260518)
    runs = mid_run = 0
    while mid_run < KILLS and runs < MAX_RUNS and _progress(store)[1] < records:
        runs += 1
        killed = _kill_after_progress(store, rng)
        mid_run += killed and _progress(store)[1] < records
    finished = subprocess.run([sys.executable, "-m", "newsdesk", "cluster", "--quiet"],
                              env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    print(f"\ncluster runs: {runs}, killed mid-run: {mid_run}, then one clean run; "
          f"articles: {records}")
    assert mid_run >= KILLS, f"only {mid_run} kills landed mid-run: the test proved too little"
    assert_consistent(store, records)
    assert assignment(store) == expected
