"""Benchmark: `newsdesk fetch` end to end over 500 local feeds of 20 items.

Measures fetch + parse + store on SQLite and PostgreSQL: articles/second, peak memory, the
second (conditional GET) run, and the ratio of our end-to-end time to `feedparser.parse`
alone over the same bytes in the same process (target: at most 2). Also times our plain
RSS 2.0 reader alone over those bytes, the parser that reads these feeds in our run.

    .venv/bin/python bench/bench_ingest.py [--feeds 500] [--items 20] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import feedparser  # noqa: E402
import psycopg  # noqa: E402

from newsdesk.config import load_settings  # noqa: E402
from newsdesk.ingest.collect import fetch_sources  # noqa: E402
from newsdesk.ingest.feeds.plainrss import read_plain_rss  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.store.sources import add_source  # noqa: E402
from tests.feedfactory import rss  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402

# Feeds live on many sites in real life: spread them over 16 loopback addresses, so the
# per-host politeness limit (2) applies as it would, not as if every feed were on one host.
HOSTS = tuple(f"127.0.0.{n}" for n in range(1, 17))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def feedparser_baseline(bodies: list[bytes]) -> float:
    """Seconds for feedparser.parse alone over the same bytes."""
    started = time.perf_counter()
    for body in bodies:
        feedparser.parse(body)
    return time.perf_counter() - started


def plain_rss_alone(bodies: list[bytes]) -> float:
    """Seconds for our plain-RSS reader alone over the same bytes (all of them accepted)."""
    started = time.perf_counter()
    for body in bodies:
        assert read_plain_rss(body.decode("utf-8"), None) is not None
    return time.perf_counter() - started


def run_backend(backend: str, urls: list[str], items: int) -> dict[str, float]:
    """Two fetch runs (cold, then conditional GET) on a fresh database of `backend`."""
    home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.environ["NEWSDESK_HOME"] = str(home)
    pg_name = None
    if backend == "sqlite":
        url = f"sqlite:///{home / 'bench.db'}"
    else:
        pg_name = f"newsdesk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{pg_name}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}"
    os.environ["NEWSDESK_DATABASE_URL"] = url
    try:
        store = Store.open(url)
        with store.session() as session:
            for feed_url in urls:
                add_source(session, feed_url)
        settings = load_settings()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        first = fetch_sources(store, settings, full_text=False)
        cold = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        started = time.perf_counter()
        second = fetch_sources(store, settings, force=True, full_text=False)
        warm = time.perf_counter() - started
        store.close()
    finally:
        if pg_name:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    assert first.new_articles == len(urls) * items, first.new_articles
    assert all(o.not_modified for o in second.outcomes)
    return {
        "cold_s": cold,
        "articles_per_s": first.new_articles / cold,
        "rss_growth_mib": peak / 1024,
        "conditional_s": warm,
    }


def feed_bodies(feeds: int, items: int) -> list[bytes]:
    return [
        rss(range(items), title=f"Feed {n}", base=f"https://site{n}.example") for n in range(feeds)
    ]


def serve(feeds: int, items: int) -> None:
    """Child process: serve the feeds (so the server does not share our GIL)."""
    with FeedServer(hosts=HOSTS) as server:
        for n, body in enumerate(feed_bodies(feeds, items)):
            server.route(f"/feed{n}.xml", body, etag=f'"{n}"')
        print(server.port, flush=True)
        sys.stdin.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.feeds, args.items)
        return
    os.environ["NEWSDESK_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    bodies = feed_bodies(args.feeds, args.items)
    command = [
        sys.executable,
        __file__,
        "--serve",
        f"--feeds={args.feeds}",
        f"--items={args.items}",
    ]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        port = server.stdout.readline().strip()
        urls = [
            f"http://{HOSTS[n % len(HOSTS)]}:{port}/feed{n}.xml" for n in range(args.feeds)
        ]
        baseline = feedparser_baseline(bodies)
        plain = plain_rss_alone(bodies)
        print(f"feeds={args.feeds} items={args.items}")
        print(f"feedparser.parse alone: {baseline:.2f} s")
        print(f"plain-RSS reader alone: {plain:.2f} s")
        print(
            "| backend | cold run s | articles/s | RSS growth MiB | conditional-GET run s "
            "| ratio to feedparser |"
        )
        print("|---|---|---|---|---|---|")
        for backend in args.backends.split(","):
            r = run_backend(backend, urls, args.items)
            print(
                f"| {backend} | {r['cold_s']:.2f} | {r['articles_per_s']:.0f} | "
                f"{r['rss_growth_mib']:.1f} | {r['conditional_s']:.2f} | "
                f"{r['cold_s'] / baseline:.2f} |"
            )
        server.stdin.close()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss_peak:.0f} MiB")


if __name__ == "__main__":
    main()
