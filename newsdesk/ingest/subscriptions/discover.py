"""Feed discovery: find a site's feeds in its HTML, and sniff whether a body is a feed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_KINDS = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rss",
    "application/feed+json": "json",
    "application/json": "json",
}
# Feeds that follow one post's comments or one tag rank after the site's main feed.
_SECONDARY_FEED = re.compile(r"comment|/tag/|/category/|/author/", re.IGNORECASE)
_SNIFF_BYTES = 4096
_MAX_JSON_PARSE = 2 * 1024 * 1024
_XML_PREAMBLE = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
_ROOT_TAG = re.compile(r"<([\w:.-]+)")
_JSON_FEED_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')


@dataclass(frozen=True)
class DiscoveredFeed:
    """A feed a page links to: absolute URL, the link's title, and kind (rss, atom or json)."""

    url: str
    title: str | None
    type: str


class _FeedLinkParser(HTMLParser):
    """Collects <base href> and <link rel="alternate"> feed links in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href: str | None = None
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record base and link tags; everything else is ignored."""
        attributes = {key.lower(): (value or "") for key, value in attrs}
        if tag == "base" and self.base_href is None and attributes.get("href"):
            self.base_href = attributes["href"].strip()
        elif tag == "link":
            self.links.append(attributes)


def discover_feeds(html: bytes | str, base_url: str) -> list[DiscoveredFeed]:
    """The feeds an HTML page advertises, absolute and de-duplicated, best first.

    Reads ``<link rel="alternate">`` with an RSS, Atom or JSON Feed type; relative hrefs
    resolve against ``<base href>`` then ``base_url``. The site's main feeds come before
    comment, tag and category feeds; otherwise document order is kept.
    """
    parser = _FeedLinkParser()
    parser.feed(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)
    parser.close()
    base = urljoin(base_url, parser.base_href) if parser.base_href else base_url
    found: dict[str, DiscoveredFeed] = {}
    for attributes in parser.links:
        feed = feed_of_link(attributes, base)
        if feed and feed.url not in found:
            found[feed.url] = feed
    return sorted(found.values(), key=is_secondary_feed)


def feed_of_link(attributes: dict[str, str], base: str) -> DiscoveredFeed | None:
    """The feed a <link> points to, or None when it is not a feed link."""
    rels = attributes.get("rel", "").lower().split()
    kind = FEED_KINDS.get(attributes.get("type", "").split(";")[0].strip().lower())
    href = attributes.get("href", "").strip()
    if "alternate" not in rels or kind is None or not href:
        return None
    title = attributes.get("title", "").strip() or None
    # WordPress links its REST API as alternate application/json; that is not a feed.
    if attributes.get("type", "").lower() == "application/json" and not mentions_feed(href, title):
        return None
    url = urljoin(base, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return DiscoveredFeed(url=url, title=title, type=kind)


def mentions_feed(href: str, title: str | None) -> bool:
    """Whether a plain JSON link calls itself a feed."""
    return "feed" in href.lower() or "feed" in (title or "").lower()


def is_secondary_feed(feed: DiscoveredFeed) -> bool:
    """Whether a feed follows comments, a tag or a category rather than the whole site."""
    return bool(_SECONDARY_FEED.search(feed.url) or _SECONDARY_FEED.search(feed.title or ""))


def looks_like_feed(body: bytes, content_type: str | None = None) -> bool:
    """A cheap sniff: True for RSS, Atom, RDF or JSON Feed bodies, False for HTML and others.

    Looks only at the first few kilobytes; the content type is a hint for JSON bodies and
    never makes an HTML page count as a feed.
    """
    head = sniff_text(body[:_SNIFF_BYTES])
    if head.startswith(("{", "[")):
        return is_json_feed(body, head, content_type)
    match = _ROOT_TAG.match(_XML_PREAMBLE.sub("", head, count=1))
    if not match:
        return False
    return match.group(1).lower() in ("rss", "feed", "rdf:rdf") or match.group(1).endswith(":RDF")


def sniff_text(head: bytes) -> str:
    """The start of a body as text with any byte-order mark and leading space removed."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore").lstrip()
    return head.decode("utf-8", errors="ignore").lstrip()


def is_json_feed(body: bytes, head: str, content_type: str | None) -> bool:
    """Whether a JSON body is a JSON Feed: its version names jsonfeed.org, or the server
    calls it feed+json. Bodies over 2 MB are judged on their first kilobytes only."""
    if _JSON_FEED_VERSION.search(head):
        return True
    if len(body) > _MAX_JSON_PARSE:
        return False
    try:
        document = json.loads(body)
    except ValueError:
        return False
    if not isinstance(document, dict):
        return False
    version = document.get("version")
    if isinstance(version, str) and "jsonfeed.org/version/" in version:
        return True
    return bool(content_type and "feed+json" in content_type.lower())
