"""SSRF end to end: hostile source URLs, article links and redirects through the real pipeline.

Every attack aims at the test's own loopback server, so a refusal is proved twice: the
source (or article) records why, and the server's request log shows nothing arrived.
Traffic never leaves loopback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from newsdesk.config import load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.collect import fetch_sources
from newsdesk.ingest.subscriptions.subscribe import import_opml, subscribe
from newsdesk.store import Article, Source, Store
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer

# Ways to write "this machine" that a naive allow/deny check reads as something else.
LOOPBACK_SPELLINGS = [
    "2130706433",  # decimal
    "017700000001",  # octal, one number
    "0177.0.0.1",  # octal dotted
    "0x7f.0.0.1",  # hex dotted
    "0x7f000001",  # hex, one number
    "127.1",  # short form
    "127.0.1",
    "0",  # 0.0.0.0 reaches the local host on Linux
    "0.0.0.0",
    "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::127.0.0.1]",  # IPv4-compatible IPv6
    "[::1]",
    "[::]",
    "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
    "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
    "localhost",  # a name that resolves to loopback
]
NON_WEB_SCHEMES = [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "gopher://127.0.0.1:70/_GET%20/",
    "dict://127.0.0.1:11211/stats",
    "ftp://127.0.0.1/feed.xml",
    "jar:http://127.0.0.1/x.jar!/feed",
    "javascript:alert(1)",
    "data:application/rss+xml,<rss/>",
    "ldap://127.0.0.1/",
    "unix:/var/run/docker.sock",
]


@pytest.fixture
def no_networks_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default of a real installation: no private or loopback network is allowed."""
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "")


def _add(store: Store, url: str) -> int:
    with store.session() as session:
        return add_source(session, url)[0].id


def _source(store: Store, source_id: int) -> Source:
    with store.session() as session:
        return session.get(Source, source_id)


def _article_count(store: Store) -> int:
    with store.session() as session:
        return len(session.scalars(select(Article.id)).all())


@pytest.mark.usefixtures("no_networks_allowed")
def test_loopback_source_is_refused_recorded_and_never_contacted(
    store: Store, feed_server: FeedServer
) -> None:
    source_id = _add(store, feed_server.route("/feed", rss(range(3))))
    report = fetch_sources(store, load_settings(), full_text=True)
    source = _source(store, source_id)
    assert not report.outcomes[0].ok
    assert source.error_kind == "blocked" and source.status == "failing"
    assert "127.0.0.1 is a loopback address" in source.last_error
    assert feed_server.requests == []
    assert _article_count(store) == 0


@pytest.mark.usefixtures("no_networks_allowed")
def test_source_add_of_a_loopback_url_is_refused_before_any_request(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed", rss(range(3)))
    for check in (True, False):
        with pytest.raises(NewsdeskError, match="loopback"):
            subscribe(store, load_settings(), url, check=check)
    assert feed_server.requests == []


@pytest.mark.usefixtures("no_networks_allowed")
@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_spelling_as_a_source_is_refused_and_never_contacted(
    sqlite_store: Store, feed_server: FeedServer, host: str
) -> None:
    store = sqlite_store
    feed_server.route("/feed", rss(range(3)))
    url = f"http://{host}:{feed_server.port}/feed"
    source_id = _add(store, url)
    fetch_sources(store, load_settings(), full_text=False)
    source = _source(store, source_id)
    assert source.error_kind == "blocked", source.last_error
    assert source.last_error.startswith("refused:")
    assert feed_server.requests == []


# Numeric spellings other than the canonical dotted quad (judged as an address instead).
OBSCURED_SPELLINGS = [h for h in LOOPBACK_SPELLINGS if not h.startswith(("l", "[", "0.0.0.0"))]


@pytest.mark.parametrize("host", OBSCURED_SPELLINGS)
def test_obscured_spelling_is_refused_even_when_loopback_is_allowed(
    sqlite_store: Store, feed_server: FeedServer, host: str
) -> None:
    store = sqlite_store
    url = f"http://{host}:{feed_server.port}/feed"
    with pytest.raises(NewsdeskError, match="refused"):
        subscribe(store, load_settings(), url, check=False)
    source_id = _add(store, url)
    fetch_sources(store, load_settings(), full_text=False)
    assert _source(store, source_id).error_kind == "blocked"
    assert feed_server.requests == []


@pytest.mark.parametrize("url", NON_WEB_SCHEMES)
def test_source_add_of_a_non_web_scheme_is_refused(sqlite_store: Store, url: str) -> None:
    store = sqlite_store
    for check in (True, False):
        with pytest.raises(NewsdeskError, match="not a usable feed URL"):
            subscribe(store, load_settings(), url, check=check)
    with store.session() as session:
        assert session.scalars(select(Source)).all() == []


def test_article_links_into_a_network_not_allowed_are_not_fetched_for_full_text(
    store: Store, two_host_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.1/32")
    server = two_host_server
    inside = server.url("", host="127.0.0.2").rstrip("/")
    server.route("/story/1", "<html><body><article>secret</article></body></html>")
    _add(store, server.route("/feed.xml", rss([1, 2], base=inside, full=False)))
    report = fetch_sources(store, load_settings(), full_text=True)
    with store.session() as session:
        articles = session.scalars(select(Article)).all()
    assert report.outcomes[0].ok and len(articles) == 2
    assert report.extracted == 0 and report.extract_failed == 2
    assert all("127.0.0.2 is a loopback address" in a.extract_error for a in articles)
    assert all(a.text_origin == "summary" for a in articles)
    assert [r.host for r in server.requests] == ["127.0.0.1"]


def test_redirect_into_a_network_not_allowed_is_refused(
    store: Store, two_host_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.1/32")
    server = two_host_server
    server.route("/internal.xml", rss(range(3)))
    hops = {
        "/moved": server.url("/internal.xml", host="127.0.0.2"),
        "/moved-twice": "/moved",
        "/moved-by-number": f"http://2130706434:{server.port}/internal.xml",
        "/moved-to-file": "file:///etc/passwd",
    }
    ids = [_add(store, server.route(path, redirect_to=target)) for path, target in hops.items()]
    fetch_sources(store, load_settings(), full_text=False)
    sources = [_source(store, source_id) for source_id in ids]
    assert [s.error_kind for s in sources] == ["blocked", "blocked", "blocked", "scheme"]
    assert all(s.last_error for s in sources)
    assert {r.host for r in server.requests} == {"127.0.0.1"}
    assert _article_count(store) == 0


def test_discovered_feed_link_into_a_network_not_allowed_is_refused(
    store: Store, two_host_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.1/32")
    server = two_host_server
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" '
        'href="http://2130706434/feed.xml"></head><body>site</body></html>'
    )
    site = server.route("/", page, headers={"Content-Type": "text/html"})
    with pytest.raises(NewsdeskError, match="obscured"):
        subscribe(store, load_settings(), site)
    assert {r.host for r in server.requests} == {"127.0.0.1"}


def _write_config(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "setting", ['allowed_networks = "127.0.0.1/32"', 'allowed_networks = ["127.0.0.1/32"]']
)
def test_allowed_networks_in_config_file_works_like_the_environment(
    store: Store,
    two_host_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
    setting: str,
) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    _write_config(isolated_home, setting + "\n")
    server = two_host_server
    allowed = _add(store, server.route("/feed.xml", rss(range(3))))
    refused = _add(store, server.url("/feed.xml", host="127.0.0.2"))
    fetch_sources(store, load_settings(), full_text=False)
    assert _source(store, allowed).status == "ok"
    assert _source(store, refused).error_kind == "blocked"
    assert {r.host for r in server.requests} == {"127.0.0.1"}


def test_empty_allowed_networks_in_config_file_refuses_loopback(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    _write_config(isolated_home, "allowed_networks = []\n")
    source_id = _add(store, feed_server.route("/feed.xml", rss(range(3))))
    fetch_sources(store, load_settings(), full_text=False)
    assert _source(store, source_id).error_kind == "blocked"
    assert feed_server.requests == []


def test_environment_overrides_the_config_file(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    _write_config(isolated_home, 'allowed_networks = "127.0.0.0/8"\n')
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "")
    source_id = _add(store, feed_server.route("/feed.xml", rss(range(3))))
    fetch_sources(store, load_settings(), full_text=False)
    assert _source(store, source_id).error_kind == "blocked"
    assert feed_server.requests == []


@pytest.mark.usefixtures("no_networks_allowed")
def test_opml_import_skips_feeds_the_fetcher_would_refuse(
    store: Store, tmp_path: Path
) -> None:
    hostile = "".join(
        f'<outline type="rss" text="x{n}" xmlUrl="{url}"/>'
        for n, url in enumerate(
            ["http://2130706433/feed", "http://[::1]/feed", "http://10.0.0.5/feed",
             "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
             "https://news.example/feed.xml"]
        )
    )
    path = tmp_path / "hostile.opml"
    path.write_text(f'<opml version="2.0"><body>{hostile}</body></opml>', encoding="utf-8")
    report = import_opml(store, path, allowed_networks=load_settings().allowed_networks)
    with store.session() as session:
        urls = session.scalars(select(Source.url)).all()
    assert urls == ["https://news.example/feed.xml"]
    assert report.added == 1
    assert sum("refused" in p or "non-web URL" in p for p in report.problems) == 5
