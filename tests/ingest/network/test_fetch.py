"""Fetching from a real loopback server: bodies, encodings, conditional GET, HTTP errors."""

from __future__ import annotations

import email.utils
import ipaddress
import time
from pathlib import Path

import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.network.fetch import (
    HTML_ACCEPT,
    Fetcher,
    FetchRequest,
    FetchResult,
    FetchSettings,
    allowed_networks_from_env,
    fetch_many,
)
from tests.feedserver import FeedServer

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title></channel></rss>'
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


async def fetch_one(request: FetchRequest | str, **policy: object) -> FetchResult:
    if isinstance(request, str):
        request = FetchRequest(request)
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK, **policy)) as fetcher:  # type: ignore[arg-type]
        return await fetcher.fetch(request)


@pytest.mark.parametrize("encoding", [None, "gzip", "deflate", "br"])
async def test_fetch_decodes_each_content_encoding(
    feed_server: FeedServer, encoding: str | None
) -> None:
    url = feed_server.route("/feed.xml", body=FEED * 50, encoding=encoding)
    result = await fetch_one(url)
    assert result.ok, result.error
    assert result.status == 200
    assert result.body == FEED * 50
    assert result.headers.get("content-encoding") == encoding
    assert result.content_type == "application/xml; charset=utf-8"


async def test_fetch_accepts_raw_deflate_without_zlib_wrapper(feed_server: FeedServer) -> None:
    import zlib

    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = raw.compress(FEED) + raw.flush()
    url = feed_server.route("/raw", body=body, headers={"Content-Encoding": "deflate"})
    result = await fetch_one(url)
    assert result.body == FEED


async def test_fetch_reports_corrupt_gzip_as_protocol_error(feed_server: FeedServer) -> None:
    url = feed_server.route("/bad", body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    result = await fetch_one(url)
    assert result.error_kind == "protocol"
    assert "compressed" in (result.error or "")


async def test_fetch_names_newsdesk_in_user_agent_and_asks_for_compression(
    feed_server: FeedServer,
) -> None:
    url = feed_server.route("/feed.xml", body=FEED)
    await fetch_one(url)
    headers = feed_server.requests_for("/feed.xml")[0].headers
    assert headers["user-agent"].startswith("newsdesk/")
    assert "feed reader" in headers["user-agent"]
    assert {"gzip", "deflate", "br"} <= {c.strip() for c in headers["accept-encoding"].split(",")}
    assert "application/rss+xml" in headers["accept"]


async def test_fetch_sends_the_accept_header_the_caller_chose(feed_server: FeedServer) -> None:
    url = feed_server.route("/page", body=b"<html></html>", headers={"Content-Type": "text/html"})
    await fetch_one(FetchRequest(url, accept=HTML_ACCEPT))
    assert feed_server.requests_for("/page")[0].headers["accept"] == HTML_ACCEPT


async def test_fetch_returns_validators_for_the_next_conditional_get(
    feed_server: FeedServer,
) -> None:
    stamp = email.utils.formatdate(time.time() - 3600, usegmt=True)
    url = feed_server.route("/feed.xml", body=FEED, etag='"v1"', last_modified=stamp)
    result = await fetch_one(url)
    assert (result.etag, result.last_modified) == ('"v1"', stamp)
    assert not result.not_modified


async def test_conditional_get_with_etag_gives_not_modified(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=FEED, etag='"v1"')
    result = await fetch_one(FetchRequest(url, etag='"v1"'))
    assert result.ok and result.not_modified
    assert result.status == 304 and result.body is None
    assert feed_server.requests_for("/feed.xml")[0].headers["if-none-match"] == '"v1"'


async def test_conditional_get_with_last_modified_gives_not_modified(
    feed_server: FeedServer,
) -> None:
    stamp = email.utils.formatdate(time.time() - 3600, usegmt=True)
    url = feed_server.route("/feed.xml", body=FEED, last_modified=stamp)
    result = await fetch_one(FetchRequest(url, last_modified=stamp))
    assert result.not_modified and result.body is None
    assert feed_server.requests_for("/feed.xml")[0].headers["if-modified-since"] == stamp


async def test_conditional_get_with_stale_etag_gets_the_new_body(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=FEED, etag='"v2"')
    result = await fetch_one(FetchRequest(url, etag='"v1"'))
    assert not result.not_modified
    assert result.body == FEED and result.etag == '"v2"'


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"), (500, "HTTP 500 Internal Server Error")],
)
async def test_http_error_status_is_an_http_fault(
    feed_server: FeedServer, status: int, message: str
) -> None:
    url = feed_server.route("/gone", body=b"nope", status=status)
    result = await fetch_one(url)
    assert not result.ok
    assert (result.error, result.error_kind, result.status) == (message, "http", status)
    assert result.body is None


async def test_retry_after_seconds_is_surfaced_on_503(feed_server: FeedServer) -> None:
    url = feed_server.route("/busy", status=503, headers={"Retry-After": "120"})
    result = await fetch_one(url)
    assert result.error_kind == "http"
    assert result.retry_after == 120.0


async def test_retry_after_http_date_is_surfaced_on_429(feed_server: FeedServer) -> None:
    when = email.utils.formatdate(time.time() + 300, usegmt=True)
    url = feed_server.route("/slow-down", status=429, headers={"Retry-After": when})
    result = await fetch_one(url)
    assert result.error == "HTTP 429 Too Many Requests"
    assert result.retry_after is not None and 290 <= result.retry_after <= 301


async def test_fetch_all_yields_results_as_they_complete(feed_server: FeedServer) -> None:
    slow = feed_server.route("/slow", body=FEED, delay=0.5)
    fast = feed_server.route("/fast", body=FEED)
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK)) as fetcher:
        order = [
            r.request.key
            async for r in fetcher.fetch_all(
                [FetchRequest(slow, key="slow"), FetchRequest(fast, key="fast")]
            )
        ]
    assert order == ["fast", "slow"]


def test_fetch_many_calls_back_for_every_result(feed_server: FeedServer) -> None:
    urls = [feed_server.route(f"/f{i}", body=FEED) for i in range(5)]
    seen: list[FetchResult] = []
    results = fetch_many(
        [FetchRequest(u, key=i) for i, u in enumerate(urls)],
        FetchSettings(allowed_networks=LOOPBACK),
        on_result=seen.append,
    )
    assert sorted(r.request.key for r in results) == [0, 1, 2, 3, 4]  # type: ignore[type-var]
    assert seen == results and all(r.body == FEED for r in results)


async def test_mounted_directory_is_served_with_validators(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    (tmp_path / "desk.xml").write_bytes(FEED)
    base = feed_server.mount_dir("/files/", tmp_path)
    first = await fetch_one(base + "desk.xml")
    assert first.body == FEED and first.etag
    again = await fetch_one(FetchRequest(base + "desk.xml", etag=first.etag))
    assert again.not_modified
    missing = await fetch_one(base + "nothing.xml")
    assert missing.status == 404


def test_allowed_networks_from_env_parses_a_list() -> None:
    networks = allowed_networks_from_env(" 127.0.0.0/8, ::1/128 ,10.1.2.3")
    assert [str(n) for n in networks] == ["127.0.0.0/8", "::1/128", "10.1.2.3/32"]
    assert allowed_networks_from_env(None) == ()
    assert allowed_networks_from_env("") == ()


def test_allowed_networks_from_env_names_a_bad_entry() -> None:
    with pytest.raises(NewsdeskError, match="'localnet' is not an IP network"):
        allowed_networks_from_env("127.0.0.0/8,localnet")


async def test_slow_error_page_still_reports_the_http_status(feed_server: FeedServer) -> None:
    url = feed_server.route("/down", body=b"x" * 4096, status=500, drip=0.2)
    result = await fetch_one(url, total_timeout=5)
    assert (result.error, result.error_kind) == ("HTTP 500 Internal Server Error", "http")
    assert result.elapsed < 3


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"per_host": 0}, "per_host must be at least 1"),
        ({"max_connections": 0}, "max_connections must be at least 1"),
        ({"total_timeout": 0}, "total_timeout must be more than 0 seconds"),
        ({"max_redirects": -1}, "max_redirects cannot be negative"),
    ],
)
def test_policy_refuses_limits_that_would_deadlock_or_disarm(
    limits: dict[str, float], message: str
) -> None:
    with pytest.raises(NewsdeskError, match=message):
        FetchSettings(**limits)  # type: ignore[arg-type]
