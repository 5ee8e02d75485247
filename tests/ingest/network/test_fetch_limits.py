"""Caps that keep a hostile server from hurting us: time, size, bombs, concurrency."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import time

import brotli
import pytest

from newsdesk.ingest.network.fetch import Fetcher, FetchRequest, FetchResult
from newsdesk.options import FetchSettings
from tests.feedserver import FeedServer

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


async def fetch_one(url: str, **policy: object) -> FetchResult:
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK, **policy)) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(FetchRequest(url))


async def fetch_each(urls: list[str], **policy: object) -> list[FetchResult]:
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK, **policy)) as fetcher:  # type: ignore[arg-type]
        return [r async for r in fetcher.fetch_all(FetchRequest(u) for u in urls)]


async def test_server_that_never_answers_times_out(feed_server: FeedServer) -> None:
    url = feed_server.route("/sleepy", body=b"late", delay=5)
    result = await fetch_one(url, read_timeout=0.3)
    assert result.error_kind == "timeout"
    assert result.error == "timed out after 0.3s"
    assert result.elapsed < 3


async def test_slow_drip_body_hits_the_total_time_limit(feed_server: FeedServer) -> None:
    # Each 16-byte piece arrives well inside the read timeout; only the total cap stops it.
    url = feed_server.route("/drip", body=b"x" * 4096, drip=0.1)
    result = await fetch_one(url, read_timeout=2, total_timeout=0.8)
    assert result.error_kind == "timeout"
    assert result.error == "timed out after 0.8s (total time limit)"
    assert result.body is None
    assert result.elapsed < 3


async def test_endless_body_stops_at_the_wire_cap(feed_server: FeedServer) -> None:
    url = feed_server.route("/endless", body=b"<item/>" * 1000, endless=True)
    result = await fetch_one(url, max_body_bytes=256 * 1024)
    assert result.error_kind == "too_large"
    assert result.error == "response larger than 256 KiB"
    assert result.body is None


async def test_declared_oversized_body_is_refused_before_reading(feed_server: FeedServer) -> None:
    url = feed_server.route("/huge", body=b"x" * (2 * 2**20))
    result = await fetch_one(url, max_body_bytes=2**20)
    assert result.error_kind == "too_large"
    assert result.error == f"response larger than 1 MiB (Content-Length {2 * 2**20})"


async def test_body_at_exactly_the_cap_is_accepted(feed_server: FeedServer) -> None:
    url = feed_server.route("/exact", body=b"y" * 1024)
    result = await fetch_one(url, max_body_bytes=1024)
    assert result.ok and len(result.body or b"") == 1024


async def test_gzip_bomb_stops_at_the_decoded_cap(feed_server: FeedServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 2**20))  # ~64 KiB on the wire, 64 MiB inflated
    url = feed_server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    result = await fetch_one(url, max_decoded_bytes=2**20)
    assert len(bomb) < 2**20
    assert result.error_kind == "too_large"
    assert result.error == "response larger than 1 MiB once decompressed"


async def test_brotli_bomb_stops_at_the_decoded_cap(feed_server: FeedServer) -> None:
    bomb = brotli.compress(b"\0" * (32 * 2**20), quality=5)
    url = feed_server.route("/bomb.br", body=bomb, headers={"Content-Encoding": "br"})
    result = await fetch_one(url, max_decoded_bytes=2**20)
    assert result.error_kind == "too_large"


async def test_per_host_limit_caps_concurrent_requests_to_one_host(
    feed_server: FeedServer,
) -> None:
    urls = [feed_server.route(f"/slow{i}", body=b"ok", delay=0.2) for i in range(8)]
    results = await fetch_each(urls, per_host=2, max_connections=16)
    assert all(r.ok for r in results)
    assert feed_server.peak_concurrency == 2


async def test_per_host_limit_applies_to_each_host_separately(
    two_host_server: FeedServer,
) -> None:
    urls = []
    for i in range(6):
        two_host_server.route(f"/slow{i}", body=b"ok", delay=0.2)
        urls += [two_host_server.url(f"/slow{i}", host=h) for h in two_host_server.hosts]
    results = await fetch_each(urls, per_host=2, max_connections=16)
    assert all(r.ok for r in results)
    assert two_host_server.peak_concurrency_on("127.0.0.1") == 2
    assert two_host_server.peak_concurrency_on("127.0.0.2") == 2
    assert two_host_server.peak_concurrency == 4


async def test_global_limit_caps_concurrent_requests_across_hosts(
    two_host_server: FeedServer,
) -> None:
    urls = []
    for i in range(6):
        two_host_server.route(f"/slow{i}", body=b"ok", delay=0.2)
        urls += [two_host_server.url(f"/slow{i}", host=h) for h in two_host_server.hosts]
    results = await fetch_each(urls, per_host=10, max_connections=3)
    assert all(r.ok for r in results)
    assert two_host_server.peak_concurrency == 3


async def test_server_shuts_down_promptly_in_the_middle_of_responses() -> None:
    server = FeedServer().start()
    endless = server.route("/endless", endless=True, drip=0.05)
    sleepy = server.route("/sleepy", delay=30)
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK)) as fetcher:
        fetches = [asyncio.create_task(fetcher.fetch(FetchRequest(u))) for u in (endless, sleepy)]
        async with asyncio.timeout(5):
            while len(server.requests) < 2:
                await asyncio.sleep(0.02)
        started = time.monotonic()
        await asyncio.to_thread(server.close)
        closing_took = time.monotonic() - started
        results = await asyncio.gather(*fetches)
    assert closing_took < 2
    assert [r.ok for r in results] == [False, False]


async def test_time_queued_for_a_host_slot_does_not_count_against_the_total_limit(
    feed_server: FeedServer,
) -> None:
    # One at a time, the last of five waits ~1.2 s for its turn, past the 1 s total limit.
    urls = [feed_server.route(f"/turn{i}", body=b"ok", delay=0.3) for i in range(5)]
    results = await fetch_each(urls, per_host=1, total_timeout=1.0)
    assert [r.error for r in results] == [None] * 5
    assert feed_server.peak_concurrency == 1


async def test_fetching_outside_the_context_manager_is_a_programming_error() -> None:
    with pytest.raises(RuntimeError, match="async with Fetcher"):
        await Fetcher().fetch(FetchRequest("http://example.com/"))
