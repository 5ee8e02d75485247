"""Redirects and connection faults: followed, bounded, and vetted on every hop."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from newsdesk.ingest.network.fetch import Fetcher, FetchRequest, FetchResult
from newsdesk.options import FetchSettings
from tests.feedserver import FeedServer

FEED = b"<rss/>"
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)
ONLY_127_0_0_1 = (ipaddress.ip_network("127.0.0.1/32"),)


async def fetch_one(url: str, **policy: object) -> FetchResult:
    policy.setdefault("allowed_networks", LOOPBACK)
    async with Fetcher(FetchSettings(**policy)) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(FetchRequest(url))


async def test_redirect_chain_is_followed_to_the_final_url(feed_server: FeedServer) -> None:
    first = feed_server.route("/a", redirect_to="/b", status=301)
    second = feed_server.route("/b", redirect_to="/c", status=308)
    final = feed_server.route("/c", body=FEED)
    result = await fetch_one(first)
    assert result.ok and result.body == FEED
    assert result.url == final
    assert result.redirects == [first, second]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_every_redirect_status_is_followed(feed_server: FeedServer, status: int) -> None:
    start = feed_server.route("/moved", redirect_to="/here", status=status)
    feed_server.route("/here", body=FEED)
    result = await fetch_one(start)
    assert result.body == FEED and result.status == 200


async def test_relative_location_resolves_against_the_current_url(
    feed_server: FeedServer,
) -> None:
    start = feed_server.route("/old/path", redirect_to="feed.xml")
    target = feed_server.route("/old/feed.xml", body=FEED)
    result = await fetch_one(start)
    assert result.url == target and result.body == FEED


async def test_redirect_loop_is_detected(feed_server: FeedServer) -> None:
    start = feed_server.route("/x", redirect_to="/y")
    feed_server.route("/y", redirect_to="/x")
    result = await fetch_one(start)
    assert result.error_kind == "redirect"
    assert result.error == f"redirect loop at {start}"


async def test_too_many_redirects_are_refused(feed_server: FeedServer) -> None:
    for i in range(10):
        feed_server.route(f"/hop{i}", redirect_to=f"/hop{i + 1}")
    result = await fetch_one(feed_server.url("/hop0"), max_redirects=5)
    assert result.error_kind == "redirect"
    assert result.error == "too many redirects (6)"
    assert len(feed_server.requests) == 6


async def test_redirect_without_location_is_a_redirect_fault(feed_server: FeedServer) -> None:
    url = feed_server.route("/nowhere", status=302)
    result = await fetch_one(url)
    assert result.error_kind == "redirect"
    assert result.error == "redirect without a Location header (HTTP 302)"


async def test_redirect_to_a_blocked_address_is_refused_before_connecting(
    two_host_server: FeedServer,
) -> None:
    forbidden = two_host_server.url("/inside", host="127.0.0.2")
    start = two_host_server.route("/hop", redirect_to=forbidden)
    two_host_server.route("/inside", body=b"secret")
    result = await fetch_one(start, allowed_networks=ONLY_127_0_0_1)
    assert result.error_kind == "blocked"
    assert result.error == "refused: 127.0.0.2 is a loopback address"
    assert result.url == forbidden and result.redirects == [start]
    assert [r.host for r in two_host_server.requests] == ["127.0.0.1"]


async def test_redirect_to_a_non_http_scheme_is_refused(feed_server: FeedServer) -> None:
    start = feed_server.route("/to-file", redirect_to="file:///etc/passwd")
    result = await fetch_one(start)
    assert result.error_kind == "scheme"
    assert result.body is None


async def test_dead_port_is_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = await fetch_one(f"http://127.0.0.1:{port}/feed")
    assert (result.error_kind, result.error) == ("connect", "connection refused")


async def test_unresolvable_name_is_a_dns_fault() -> None:
    result = await fetch_one("http://nosuch.invalid/feed.xml")
    assert (result.error_kind, result.error) == ("dns", "DNS lookup failed for nosuch.invalid")


async def test_tls_handshake_failure_is_a_tls_fault(feed_server: FeedServer) -> None:
    feed_server.route("/feed", body=FEED)
    result = await fetch_one(feed_server.url("/feed").replace("http:", "https:"))
    assert result.error_kind == "tls"
    assert (result.error or "").startswith("TLS error: ")


async def test_hostname_is_connected_by_vetted_ip_but_sent_as_host(
    feed_server: FeedServer,
) -> None:
    feed_server.route("/feed", body=FEED)
    result = await fetch_one(f"http://localhost:{feed_server.port}/feed")
    assert result.body == FEED
    assert feed_server.requests[0].headers["host"] == f"localhost:{feed_server.port}"
