"""Feed discovery from HTML pages and the feed sniff."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.subscriptions.discover import DiscoveredFeed, discover_feeds, looks_like_feed
from tests.ingest.conftest import FIXTURES


def test_feeds_resolve_against_base_href_and_main_feed_comes_first() -> None:
    page = (FIXTURES / "blog_with_feeds.html").read_bytes()
    feeds = discover_feeds(page, "https://blog.example.com/2024/05/post.html")
    assert feeds == [
        DiscoveredFeed("https://cdn.example.com/site/feed.atom", "Example Blog", "atom"),
        DiscoveredFeed("https://blog.example.com/feed.json", "Example Blog JSON Feed", "json"),
        DiscoveredFeed("https://blog.example.com/rss.xml", None, "rss"),
        DiscoveredFeed(
            "https://cdn.example.com/site/post/comments/feed", "Comments on post", "rss"
        ),
    ]


def test_non_feed_alternates_and_rest_api_links_are_ignored() -> None:
    page = (FIXTURES / "blog_with_feeds.html").read_text(encoding="utf-8")
    urls = [feed.url for feed in discover_feeds(page, "https://blog.example.com/")]
    assert not any("wp-json" in url or "/fr/" in url or "stylesheet" in url for url in urls)


def test_page_without_feed_links_discovers_nothing() -> None:
    html = "<html><head><title>x</title><link rel=stylesheet href=a.css></head></html>"
    assert discover_feeds(html, "https://example.com/") == []


def test_real_pages_advertise_their_feeds(shared_data: Path) -> None:
    folder = shared_data / "feeds" / "netnewswire"
    fireball = discover_feeds(
        (folder / "RSCore/daringfireball.html").read_bytes(), "https://daringfireball.net/"
    )
    assert [(f.url, f.type) for f in fireball] == [
        ("https://daringfireball.net/feeds/main", "atom"),
        ("https://daringfireball.net/feeds/json", "json"),
    ]
    atlantic = discover_feeds(
        (folder / "RSParser/coco.html").read_bytes(), "https://www.theatlantic.com/x/"
    )
    assert atlantic[0].url == "https://www.theatlantic.com/feed/all/"
    unquoted = discover_feeds(
        (folder / "RSCore/inessential.html").read_bytes(), "https://inessential.com/"
    )
    assert unquoted[0] == DiscoveredFeed(
        "https://inessential.com/xml/rss.xml", "inessential.com RSS feed", "rss"
    )
    apple = discover_feeds((folder / "RSCore/apple.html").read_bytes(), "https://www.apple.com/")
    assert apple == []


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>',
        b'\xef\xbb\xbf<?xml version="1.0"?><!-- hi --><feed xmlns="http://www.w3.org/2005/Atom"/>',
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
        b'  \n<?xml-stylesheet href="a.xsl"?><rss>',
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}',
    ],
    ids=["rss", "atom-bom", "rdf", "stylesheet", "jsonfeed"],
)
def test_feed_bodies_are_recognised(body: bytes) -> None:
    assert looks_like_feed(body, None)


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Feed</title></head><body>rss</body></html>",
        b'{"version": "1.0", "items": []}',
        b"[1, 2, 3]",
        b"",
        b"not a feed",
    ],
    ids=["html", "plain-json", "json-list", "empty", "text"],
)
def test_other_bodies_are_not_feeds(body: bytes) -> None:
    assert not looks_like_feed(body, "application/rss+xml")


def test_feed_json_content_type_accepts_a_json_object() -> None:
    assert looks_like_feed(b'{"title": "x", "items": []}', "application/feed+json")
    assert not looks_like_feed(b'{"title": "x", "items": []}', "application/json")


def test_real_feeds_pass_and_real_pages_fail_the_sniff(shared_data: Path) -> None:
    folder = shared_data / "feeds" / "netnewswire"
    # RSS-in-JSON is not JSON Feed; the truncated file never reaches its "version".
    not_feeds = {"ScriptingNews.json", "allthis-partial.json"}
    feeds = [
        p
        for p in sorted(folder.rglob("*"))
        if p.suffix in (".rss", ".atom", ".xml", ".rdf", ".json") and p.name not in not_feeds
    ]
    assert len(feeds) > 40
    for path in feeds:
        assert looks_like_feed(path.read_bytes(), None), path.name
    others = [p for p in sorted(folder.rglob("*")) if p.suffix in (".html", ".opml")]
    others += [folder / "RSParser" / name for name in not_feeds]
    for path in others:
        assert not looks_like_feed(path.read_bytes(), "text/html"), path.name
