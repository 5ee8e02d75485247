"""Benchmark: `newsdesk worker` processes sharing one local PostgreSQL.

1. No double work: N workers (default 4) against F local feeds (default 2,000), one killed
   (SIGKILL) at random and restarted K times (default 20): every article stored once, one
   recorded fetch per source, repeated requests only for units abandoned by a kill, every
   lease released, every worker signed off.
2. Throughput: fetch -> understand -> cluster with 1, 2 and 4 workers on a fresh database
   each, articles/s from the workers' start until the last article is clustered.
3. Latency: with 4 workers running and the backlog done, `--fresh` feeds polled every
   minute get a new item at random moments; the time from the item appearing in its feed
   to its story being updated (the article clustered), p50 and p95, and the part of it
   after the fetch.

The embedder is `hashing` (no model), so the figures are the worker's own costs, not the
sentence encoder's. The feed server runs in this process, on 16 loopback addresses.

    .venv/bin/python bench/bench_workers.py [--feeds 2000] [--items 5] [--kills 20]
        [--workers 1,2,4] [--fresh 60] [--latency-seconds 100]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from newsdesk.clock import utcnow  # noqa: E402
from newsdesk.store import Article, Source, Store  # noqa: E402
from tests.feedfactory import rss  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402
from tests.worker.workers import (  # noqa: E402
    HOSTS,
    all_done,
    fetches_per_source,
    final_counts,
    requests_per_feed,
    serve_feeds,
    start_worker,
    stop,
    wait_for,
    worker_env,
    write_config,
)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BATCH = 6


class Run:
    """A fresh PostgreSQL database and data directory, dropped afterwards."""

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-workers-"))
        self.name = f"newsdesk_bench_{uuid.uuid4().hex[:8]}"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"

    def __enter__(self) -> Run:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        write_config(self.home, per_host=8)
        self.store = Store.open(self.url)
        self.env = worker_env(self.home, self.url)
        self.log = self.home / "workers.log"
        return self

    def __exit__(self, *_exc: object) -> None:
        self.store.close()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def start(self, count: int) -> list:
        return [start_worker(self.env, log=self.log) for _ in range(count)]


def no_double_work(feeds: int, items: int, workers: int, kills: int, seed: int) -> dict:
    """Kill and restart workers at random while they work; check nothing is lost or redone."""
    rng = random.Random(seed)
    with FeedServer(HOSTS) as server, Run() as run:
        serve_feeds(server, run.store, feeds, items, slow=feeds // 10, delay=0.5)
        started = time.monotonic()
        procs = run.start(workers)
        for killed in range(kills):  # each time all are up, kill one at a random moment
            wait_for(lambda k=killed: _started(run.log) >= workers + k, timeout=120)
            time.sleep(rng.uniform(0.3, 3.0))
            victim = rng.randrange(workers)
            stop(procs[victim], signal.SIGKILL)
            procs[victim] = start_worker(run.env, log=run.log)
        wait_for(lambda: _started(run.log) >= workers + kills, timeout=120)  # the last one
        done = wait_for(lambda: all_done(run.store, feeds), timeout=1800, every=1.0)
        elapsed = time.monotonic() - started
        took = [stop(p) for p in procs]
        requests = requests_per_feed(server)
        counts = final_counts(run.store)
        fetches = fetches_per_source(run.store)
        tracebacks = run.log.read_text(encoding="utf-8").count("Traceback")
    return {
        "finished": done, "seconds": elapsed, "expected": feeds * items, **counts,
        "sources_fetched_once": sum(1 for n in fetches.values() if n == 1),
        "sources_fetched_more": sum(1 for n in fetches.values() if n > 1),
        "repeated_requests": sum(n - 1 for n in requests.values()),
        "repeat_bound": kills * BATCH,
        "slowest_sigterm_s": max(took), "tracebacks": tracebacks,
    }


def _started(log: Path) -> int:
    return log.read_text(encoding="utf-8").count(" started: ") if log.exists() else 0


def throughput(feeds: int, items: int, workers: int) -> dict:
    """Articles/s from starting `workers` workers until every article is clustered, with
    the workers' CPU seconds and the database's bytes per article."""
    with FeedServer(HOSTS) as server, Run() as run:
        serve_feeds(server, run.store, feeds, items)
        started = time.monotonic()
        procs = run.start(workers)
        wait_for(lambda: all_done(run.store, feeds), timeout=1800, every=0.5)
        elapsed = time.monotonic() - started
        cpu = sum(_cpu_seconds(proc.pid) for proc in procs)
        with psycopg.connect(PG_ADMIN) as admin:
            size = admin.execute("SELECT pg_database_size(%s)", (run.name,)).fetchone()[0]
        for proc in procs:
            stop(proc)
    articles = feeds * items
    return {"rate": articles / elapsed, "seconds": elapsed,
            "cpu_ms_per_article": 1000 * cpu / articles, "db_bytes_per_article": size / articles}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latency(feeds: int, items: int, fresh: int, seconds: float, seed: int) -> dict:
    """Item-in-feed to story-updated times for items appearing while 4 workers run."""
    rng = random.Random(seed)
    with FeedServer(HOSTS) as server, Run() as run:
        paths = serve_feeds(server, run.store, feeds, items)
        procs = run.start(4)
        wait_for(lambda: all_done(run.store, feeds), timeout=1800, every=0.5)
        chosen = rng.sample(range(feeds), fresh)
        now = utcnow()
        with run.store.session() as session:  # these feeds are polled every minute from now
            for n in chosen:
                session.execute(
                    update(Source).where(Source.url.endswith(paths[n]))
                    .values(interval_minutes=1,
                            next_due_at=now + timedelta(seconds=rng.uniform(0, 60))))
        appeared = _publish_new_items(server, rng, paths, chosen, items, seconds / 2)
        time.sleep(max(seconds - (time.monotonic() - appeared["started"]), 0))
        for proc in procs:
            stop(proc)
        return _latencies(run.store, appeared)


def _publish_new_items(server: FeedServer, rng: random.Random, paths: list[str],
                       chosen: list[int], items: int, spread: float) -> dict:
    """Add one item to each chosen feed at a random moment within `spread` seconds."""
    started = time.monotonic()
    times = sorted((rng.uniform(0, spread), n) for n in chosen)
    appeared: dict = {"started": started, "items": {}}
    for offset, n in times:
        time.sleep(max(started + offset - time.monotonic(), 0))
        server.route(paths[n], body=rss(range(items + 1), base=f"https://site{n}.example",
                                        title=f"Site {n}"))
        appeared["items"][f"https://site{n}.example/story/{items}"] = utcnow()
    return appeared


def _latencies(store: Store, appeared: dict) -> dict:
    with store.session() as session:
        rows = session.execute(select(Article.url, Article.fetched_at, Article.clustered_at)
                               .where(Article.clustered_at.is_not(None))).all()
    seen = {url.split("?")[0]: (fetched, clustered) for url, fetched, clustered in rows}
    total, after_fetch = [], []
    for url, when in appeared["items"].items():
        if url in seen:
            fetched, clustered = seen[url]
            total.append((clustered - when).total_seconds())
            after_fetch.append((clustered - fetched).total_seconds())
    return {"items": len(appeared["items"]), "clustered": len(total),
            "p50": _pct(total, 50), "p95": _pct(total, 95),
            "after_fetch_p50": _pct(after_fetch, 50), "after_fetch_p95": _pct(after_fetch, 95)}


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--fresh", type=int, default=60)
    parser.add_argument("--latency-seconds", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--skip-kills", action="store_true")
    args = parser.parse_args()
    if not args.skip_kills:
        print(f"no double work, 4 workers, {args.feeds} feeds x {args.items} items, "
              f"{args.kills} kills:")
        print(" ", no_double_work(args.feeds, args.items, 4, args.kills, args.seed))
    rates = {}
    for count in (int(n) for n in args.workers.split(",")):
        figures = throughput(args.feeds, args.items, count)
        rates[count] = figures["rate"]
        print(f"throughput, {count} workers: {rates[count]:.0f} articles/s "
              f"({rates[count] / rates[min(rates)]:.2f}x); {figures}")
    if args.fresh:
        print(f"latency, {args.fresh} feeds polled every minute, 4 workers:")
        print(" ", latency(args.feeds, args.items, args.fresh, args.latency_seconds, args.seed))


if __name__ == "__main__":
    main()
