"""Clustering while a fetch stores new articles (another worker, or `newsdesk fetch`)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.store import Article, Store
from newsdesk.store.sources import add_source
from newsdesk.stories import process
from newsdesk.text.embed import HashingEmbedder
from tests.feedfactory import rss
from tests.feedserver import FeedServer


def test_articles_stored_during_clustering_are_understood_then_clustered(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(process, "BATCH", 2)
    store = Store.open(database_url)
    settings = load_settings()
    with FeedServer() as server:
        urls = [server.route(f"/f{n}.xml", body=rss(range(4), base=f"https://s{n}.example"))
                for n in range(2)]
        with store.session() as session:
            source = add_source(session, urls[0])[0].id
        fetch_sources(store, settings, full_text=False)
        arrived = []

        def fetch_meanwhile(done: int, _total: int) -> None:
            if not arrived:  # after the first batch: a fetch commits 4 new articles
                with store.session() as session:
                    arrived.append(add_source(session, urls[1])[0].id)
                fetch_sources(store, settings, full_text=False, source_ids=arrived)

        report = process.cluster_new_articles(store, HashingEmbedder(), progress=fetch_meanwhile)
    with store.session() as session:
        waiting = session.scalar(select(func.count()).select_from(Article)
                                 .where(Article.clustered_at.is_(None)))
        total = session.scalar(select(func.count()).select_from(Article))
    assert arrived and source != arrived[0]
    assert total == 8 and waiting == 0 and report.articles == 8


def test_a_workers_clustering_unit_stops_between_batches(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.worker import loop
    from newsdesk.worker.stopping import StopSignal

    monkeypatch.setattr(process, "BATCH", 2)
    monkeypatch.setattr(loop, "CLUSTER_UNIT", 3)
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    store = Store.open(database_url)
    settings = load_settings()
    with FeedServer() as server:
        with store.session() as session:
            add_source(session, server.route("/f.xml", body=rss(range(7))))
        fetch_sources(store, settings, full_text=False)
    worker = loop.Worker(settings, store, "w1", loop.WorkerOptions(), StopSignal())
    waiting = []
    for _ in range(2):  # 7 articles in batches of 2, a unit ends once it has 3 or more
        assert worker._cluster()
        with store.session() as session:
            waiting.append(session.scalar(select(func.count()).select_from(Article)
                                          .where(Article.clustered_at.is_(None))))
    assert waiting == [3, 0]
    assert not worker._cluster()
