"""Source leases and work claims: what several workers share through the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from newsdesk.clock import utcnow
from newsdesk.store import Source, Store
from newsdesk.store.leases import claim, drop_claim, finish_claim, lease_due_sources, release_leases
from newsdesk.store.sources import add_source
from newsdesk.worker.health import worker_stats


def _store_with_sources(url: str, count: int) -> Store:
    store = Store.open(url)
    with store.session() as session:
        for n in range(count):
            add_source(session, f"http://127.0.0.1:9/feed{n}.xml")
    return store


def test_a_leased_source_goes_to_no_other_worker_until_released(database_url: str) -> None:
    store = _store_with_sources(database_url, 5)
    first = lease_due_sources(store, "a", limit=3, lease=timedelta(minutes=5))
    second = lease_due_sources(store, "b", limit=10, lease=timedelta(minutes=5))
    assert len(first) == 3 and len(second) == 2
    assert not set(first) & set(second)
    assert lease_due_sources(store, "c", limit=10, lease=timedelta(minutes=5)) == []
    assert release_leases(store, "a", first[:1]) == 1
    assert lease_due_sources(store, "c", limit=10, lease=timedelta(minutes=5)) == first[:1]
    with store.session() as session:
        owners = dict(session.execute(select(Source.id, Source.lease_owner)).all())
    assert owners[first[1]] == "a" and owners[first[0]] == "c"


def test_a_dead_workers_lease_expires(database_url: str) -> None:
    store = _store_with_sources(database_url, 2)
    now = utcnow()
    held = lease_due_sources(store, "dead", limit=10, lease=timedelta(seconds=30), now=now)
    assert lease_due_sources(store, "b", limit=10, lease=timedelta(seconds=30),
                             now=now + timedelta(seconds=29)) == []
    later = lease_due_sources(store, "b", limit=10, lease=timedelta(seconds=30),
                              now=now + timedelta(seconds=31))
    assert sorted(later) == sorted(held)


def test_a_source_not_due_is_not_leased(database_url: str) -> None:
    store = _store_with_sources(database_url, 3)
    with store.session() as session:
        source = session.scalars(select(Source).order_by(Source.id)).first()
        source.next_due_at = utcnow() + timedelta(hours=1)
        paused = session.scalars(select(Source).order_by(Source.id.desc())).first()
        paused.paused = True
    leased = lease_due_sources(store, "a", limit=10, lease=timedelta(minutes=1))
    assert len(leased) == 1 and source.id not in leased and paused.id not in leased
    with store.session() as session:
        health = worker_stats(session)
    assert health["due_sources"] == 1 and health["due_sources_unleased"] == 0


def test_a_claim_goes_to_one_owner_and_is_taken_over_only_when_expired(
    database_url: str,
) -> None:
    store = Store.open(database_url)
    assert claim(store, "edition:x:1", "a", ttl=timedelta(minutes=5))
    assert not claim(store, "edition:x:1", "b", ttl=timedelta(minutes=5))
    assert claim(store, "edition:x:2", "a", ttl=timedelta(seconds=-1))  # already expired
    assert claim(store, "edition:x:2", "b", ttl=timedelta(minutes=5))
    finish_claim(store, "edition:x:1", "a", "published")
    drop_claim(store, "edition:x:1", "a")  # a finished claim is kept
    assert not claim(store, "edition:x:1", "b", ttl=timedelta(seconds=-1))
    drop_claim(store, "edition:x:2", "b")
    assert claim(store, "edition:x:2", "c", ttl=timedelta(minutes=5))


def test_clustering_from_the_command_line_waits_for_a_worker_clustering(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from newsdesk.cli.roundup import run_clustering
    from newsdesk.config import load_settings
    from newsdesk.worker.coordination import CLUSTER_LOCK, exclusive

    if database_url.startswith("sqlite"):
        pytest.skip("the clustering lock is PostgreSQL's; SQLite runs one worker")
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    store = Store.open(database_url)
    with exclusive(store, CLUSTER_LOCK) as held:
        assert held
        with exclusive(store, CLUSTER_LOCK) as again:  # another connection: refused
            assert not again
        waiting = threading.Thread(target=run_clustering, args=(load_settings(), store),
                                   kwargs={"quiet": True})
        waiting.start()
        waiting.join(timeout=2)
        assert waiting.is_alive()  # blocked on the lock
    waiting.join(timeout=60)
    assert not waiting.is_alive()
