"""Helpers for tests and the bench that run real `newsdesk worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select

from newsdesk.store import Article, Fetch, Source, Store
from newsdesk.store.models import Worker
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parents[2]
HOSTS = tuple(f"127.0.0.{n}" for n in range(1, 17))


def write_config(home: Path, *, total_timeout: float = 5.0, read_timeout: float = 3.0,
                 per_host: int = 8) -> None:
    """A config for fast local runs: short timeouts, the model-free embedder, no full text."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        'embedder = "hashing"\n[fetch]\nmax_connections = 16\n'
        f"per_host = {per_host}\ntotal_timeout = {total_timeout}\nconnect_timeout = 2.0\n"
        f"read_timeout = {read_timeout}\nfull_text = false\n",
        encoding="utf-8",
    )


def serve_feeds(server: FeedServer, store: Store, feeds: int, items: int,
                *, slow: int = 0, delay: float = 2.0) -> list[str]:
    """Route `feeds` feeds of `items` items over the server's hosts and subscribe to them.

    The first `slow` feeds answer after `delay` seconds, so workers are killed mid-fetch.
    Returns the feeds' paths.
    """
    paths = []
    with store.session() as session:
        for n in range(feeds):
            path = f"/feed{n}.xml"
            host = server.hosts[n % len(server.hosts)]
            server.route(path, body=rss(range(items), base=f"https://site{n}.example",
                                        title=f"Site {n}"),
                         delay=delay if n < slow else 0.0)
            add_source(session, server.url(path, host), interval_minutes=60)
            paths.append(path)
    return paths


def start_worker(env: dict[str, str], *extra: str, log: Path | None = None) -> subprocess.Popen:
    """Start `newsdesk worker` with fast settings; its stderr goes to `log` (or a pipe)."""
    out = log.open("ab") if log else subprocess.PIPE
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "worker", "--no-editions", "--batch", "6", *extra],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=out,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10.0) -> float:
    """Send `sig` and wait; returns the seconds it took the process to exit."""
    started = time.monotonic()
    process.send_signal(sig)
    process.wait(timeout=timeout)
    return time.monotonic() - started


def wait_for(condition: Callable[[], bool], timeout: float, every: float = 0.25) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def all_done(store: Store, feeds: int) -> bool:
    """Every source fetched once and every article clustered."""
    with store.session() as session:
        fetched = session.scalar(
            select(func.count()).select_from(Source).where(Source.last_fetched_at.is_not(None)))
        waiting = session.scalar(
            select(func.count()).select_from(Article).where(Article.clustered_at.is_(None)))
    return fetched == feeds and waiting == 0


def requests_per_feed(server: FeedServer) -> Counter[str]:
    """How many requests the server got for each path."""
    return Counter(urlsplit(r.path).path for r in server.requests)


def fetches_per_source(store: Store) -> Counter[int]:
    """How many recorded fetches each source has."""
    with store.session() as session:
        return Counter(dict(session.execute(
            select(Fetch.source_id, func.count()).group_by(Fetch.source_id)).all()))


def worker_env(home: Path, database_url: str) -> dict[str, str]:
    """The environment of a worker process for this home and database."""
    env = dict(os.environ)
    env.update(NEWSDESK_HOME=str(home), NEWSDESK_DATABASE_URL=database_url,
               NEWSDESK_ALLOWED_NETWORKS="127.0.0.0/8,::1/128", PYTHONPATH=str(REPO))
    return env


def final_counts(store: Store) -> dict[str, int]:
    """Articles stored (and distinct URLs), sources still leased, workers not signed off."""
    with store.session() as session:
        return {
            "stored": session.scalar(select(func.count()).select_from(Article)),
            "distinct": session.scalar(select(func.count(func.distinct(Article.url)))),
            "leased": session.scalar(select(func.count()).select_from(Source)
                                     .where(Source.lease_owner.is_not(None))),
            "unsigned": session.scalar(select(func.count()).select_from(Worker)
                                       .where(Worker.stopped_at.is_(None))),
        }
