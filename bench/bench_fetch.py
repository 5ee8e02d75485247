"""Fetch throughput against the loopback FeedServer: a cold run, then a conditional-GET run.

    /work/main/.venv/bin/python bench/bench_fetch.py [--feeds 500] [--items 20] [--hosts 8]

Feeds are spread over ``--hosts`` loopback addresses (127.0.0.1, 127.0.0.2, ...) so the
per-host limit behaves as it does across many real sources. The second run sends the
validators from the first, so every feed answers 304 Not Modified. The server runs in a
child process so it does not share the fetcher's GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import ipaddress
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.ingest.network.fetch import (  # noqa: E402 - after the path fix above
    Fetcher,
    FetchRequest,
    FetchResult,
    FetchSettings,
)
from tests.feedserver import FeedServer  # noqa: E402


def write_feed(number: int, items: int) -> bytes:
    """A plausible RSS 2.0 feed of ``items`` items, a few hundred bytes each."""
    entries = "".join(
        f"<item><title>Story {number}-{i}: regulators weigh chip export rules</title>"
        f"<link>https://news{number}.example/{i}</link><guid>news{number}-{i}</guid>"
        f"<pubDate>{email.utils.formatdate(1_700_000_000 + i * 3600, usegmt=True)}</pubDate>"
        f"<description>Paragraph {i} of feed {number}, long enough to look like a summary "
        f"of a real article about markets, policy and technology.</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Source {number}</title><link>https://news{number}.example/</link>"
        f"{entries}</channel></rss>"
    ).encode()


def feed_path(number: int) -> str:
    return f"/feeds/{number}.xml"


def serve_feeds(feeds: int, items: int, hosts: tuple[str, ...], control: Connection) -> None:
    """Child process: serve every feed (gzip, with validators) until told to stop."""
    stamp = email.utils.formatdate(1_700_000_000, usegmt=True)
    with FeedServer(hosts=hosts) as server:
        for number in range(feeds):
            server.route(
                feed_path(number),
                write_feed(number, items),
                etag=f'"f{number}"',
                last_modified=stamp,
                encoding="gzip",
                headers={"Content-Type": "application/rss+xml"},
            )
        control.send(server.port)
        control.recv()


async def timed_run(
    requests: list[FetchRequest], policy: FetchSettings
) -> tuple[float, list[FetchResult]]:
    """Fetch all requests with one Fetcher; returns (seconds, results)."""
    started = time.perf_counter()
    async with Fetcher(policy) as fetcher:
        results = [result async for result in fetcher.fetch_all(requests)]
    return time.perf_counter() - started, results


def report(label: str, seconds: float, results: list[FetchResult]) -> None:
    ok = sum(r.ok for r in results)
    not_modified = sum(r.not_modified for r in results)
    decoded = sum(len(r.body or b"") for r in results)
    print(
        f"{label:<16} {len(results):>5} fetches  {seconds:6.2f}s  "
        f"{len(results) / seconds:8.1f} req/s  ok={ok} not_modified={not_modified} "
        f"decoded={decoded / 2**20:.1f} MiB"
    )


def run_benchmark(urls: list[str], policy: FetchSettings) -> None:
    """Print the cold run, then the conditional-GET run with the cold run's validators."""
    cold_seconds, cold = asyncio.run(timed_run([FetchRequest(u) for u in urls], policy))
    report("cold", cold_seconds, cold)
    conditional = [FetchRequest(r.url, etag=r.etag, last_modified=r.last_modified) for r in cold]
    warm_seconds, warm = asyncio.run(timed_run(conditional, policy))
    report("conditional GET", warm_seconds, warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=8, help="loopback addresses to spread over")
    parser.add_argument("--max-connections", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=2)
    args = parser.parse_args()

    hosts = tuple(f"127.0.0.{i + 1}" for i in range(args.hosts))
    policy = FetchSettings(
        max_connections=args.max_connections,
        per_host=args.per_host,
        allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),),
    )
    control, child_end = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=serve_feeds, args=(args.feeds, args.items, hosts, child_end)
    )
    server.start()
    try:
        port = control.recv()
        print(
            f"{args.feeds} feeds x {args.items} items over {args.hosts} loopback hosts; "
            f"max_connections={policy.max_connections} per_host={policy.per_host}"
        )
        run_benchmark(
            [f"http://{hosts[n % len(hosts)]}:{port}{feed_path(n)}" for n in range(args.feeds)],
            policy,
        )
    finally:
        control.send("stop")
        server.join(timeout=10)


if __name__ == "__main__":
    main()
