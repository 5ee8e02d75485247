"""The loopback FeedServer that fetch tests (and others) rely on behaves like a real site."""

from __future__ import annotations

import http.client
import ipaddress
from pathlib import Path

import pytest

from newsdesk.ingest.network.fetch import Fetcher, FetchRequest
from newsdesk.options import FetchSettings
from tests.feedserver import FeedServer

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def raw_get(server: FeedServer, path: str) -> int:
    """GET ``path`` exactly as written (no client-side dot-segment cleanup); the status."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_mounted_directory_refuses_paths_outside_it(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "feed.xml").write_text("<rss/>")
    (tmp_path / "secret.txt").write_text("no")
    feed_server.mount_dir("/files/", tmp_path / "public")
    assert raw_get(feed_server, "/files/feed.xml") == 200
    assert raw_get(feed_server, "/files/../secret.txt") == 404
    assert raw_get(feed_server, "/files/%2e%2e/secret.txt") == 404


async def test_connection_is_reused_after_not_modified_and_redirect(
    feed_server: FeedServer,
) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>", etag='"v1"')
    moved = feed_server.route("/moved", redirect_to="/feed.xml")
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK, per_host=1)) as fetcher:
        for request in (FetchRequest(url, etag='"v1"'), FetchRequest(moved, etag='"v1"')) * 2:
            assert (await fetcher.fetch(request)).not_modified
    assert len({r.client_port for r in feed_server.requests}) == 1
    assert len(feed_server.requests) == 6


@pytest.mark.shared
async def test_shared_feeds_are_served_from_their_folder(
    feed_server: FeedServer, shared_data: Path
) -> None:
    feeds = shared_data / "feeds" / "netnewswire"
    sample = next(p for p in sorted(feeds.rglob("*.rss")) if p.stat().st_size < 2**20)
    base = feed_server.mount_dir("/shared/", feeds)
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK)) as fetcher:
        result = await fetcher.fetch(FetchRequest(base + str(sample.relative_to(feeds))))
    assert result.ok and result.body == sample.read_bytes()
