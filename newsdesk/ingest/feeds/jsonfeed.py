"""JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), and RSS-in-JSON as a courtesy.

feedparser 6 does not read JSON Feed, so this is our own reader. RSS-in-JSON (Dave
Winer's mapping of an RSS 2.0 document onto JSON: ``{"rss": {"channel": {"item": [...]}}}``,
as served by scripting.com) is read with the RSS element names, kind ``"rss-json"``.
``content_text`` is HTML-escaped so that ``FeedEntry.content`` is always HTML.
"""

from __future__ import annotations

import html
import json

from newsdesk.ingest.feeds.dates import zone_for_language
from newsdesk.ingest.feeds.fields import (
    clean_text,
    jsonable,
    limit_items,
    read_date,
    read_enclosure,
    read_link,
    unique,
)
from newsdesk.ingest.feeds.model import Enclosure, FeedEntry, FeedError, ParsedFeed

VERSION_PREFIX = "https://jsonfeed.org/version/"
KINDS = {"1": "json10", "1.0": "json10", "1.1": "json11"}


def read_json_document(text: str) -> object:
    """Decode JSON text, raising FeedError for truncated or invalid JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FeedError(f"truncated or invalid JSON Feed: {error}") from None
    except RecursionError:
        raise FeedError("truncated or invalid JSON Feed: nested too deeply") from None


def read_json_feed(text: str, *, url: str | None, encoding: str, warnings: list[str],
                   max_items: int) -> ParsedFeed:
    """Parse a JSON Feed (or RSS-in-JSON) document into a ParsedFeed."""
    document = read_json_document(text)
    if isinstance(document, dict) and isinstance(document.get("rss"), dict):
        return read_rss_in_json(document["rss"], url=url, encoding=encoding,
                                warnings=warnings, max_items=max_items)
    if not isinstance(document, dict):
        raise FeedError("not a feed: JSON document is not an object")
    kind = json_feed_kind(document, warnings)
    language = clean_text(document.get("language"))
    base = clean_text(document.get("feed_url")) or url
    items = [item for item in as_list(document.get("items")) if isinstance(item, dict)]
    items = limit_items(items, max_items, warnings)
    feed_authors = read_json_authors(document)
    entries = [read_json_item(item, base, language, feed_authors, warnings) for item in items]
    return ParsedFeed(
        kind=kind,
        title=clean_text(document.get("title")),
        link=read_link(document.get("home_page_url"), base, []),
        self_url=read_link(document.get("feed_url"), url, []),
        language=language,
        encoding=encoding,
        entries=entries,
        warnings=warnings,
    )


def json_feed_kind(document: dict, warnings: list[str]) -> str:
    """``json10`` or ``json11`` from the version URL; raise FeedError when it is no feed."""
    version = clean_text(document.get("version")) or ""
    if version.startswith(VERSION_PREFIX):
        number = version[len(VERSION_PREFIX):].strip("/")
        if number in KINDS:
            return KINDS[number]
        warnings.append(f"unknown JSON Feed version {version!r}, read as 1.1")
        return "json11"
    if isinstance(document.get("items"), list):
        warnings.append("JSON Feed without a version, read as 1.1")
        return "json11"
    raise FeedError("not a feed: JSON document has no JSON Feed version or items")


def read_json_item(item: dict, base: str | None, feed_language: str | None,
                   feed_authors: list[str], warnings: list[str]) -> FeedEntry:
    """Normalise one JSON Feed item."""
    language = clean_text(item.get("language")) or feed_language
    assume_tz = zone_for_language(language)
    published_raw = clean_text(item.get("date_published")) or clean_text(
        item.get("date_modified"))
    link = item.get("url") or item.get("external_url")
    return FeedEntry(
        guid=clean_text(item.get("id")),
        link=read_link(link, base, warnings),
        title=clean_text(item.get("title")),
        authors=read_json_authors(item) or feed_authors,
        categories=unique(tag for tag in as_list(item.get("tags")) if isinstance(tag, str)),
        summary=clean_text(item.get("summary")),
        content=json_content(item),
        published=read_date(published_raw, assume_tz, warnings),
        published_raw=published_raw,
        updated=read_date(item.get("date_modified"), assume_tz, []),
        language=language,
        enclosures=read_attachments(item, base, warnings),
        raw=dict(jsonable(item)),
    )


def json_content(item: dict) -> str | None:
    """``content_html``, else ``content_text`` escaped as HTML."""
    content_html = clean_text(item.get("content_html"))
    if content_html is not None:
        return content_html
    content_text = clean_text(item.get("content_text"))
    return html.escape(content_text, quote=False) if content_text is not None else None


def read_json_authors(holder: dict) -> list[str]:
    """Author names from 1.1 ``authors`` or 1.0 ``author``."""
    authors = as_list(holder.get("authors")) + as_list(holder.get("author"))
    return unique(author.get("name") if isinstance(author, dict) else author
                  for author in authors)


def read_attachments(item: dict, base: str | None, warnings: list[str]) -> list[Enclosure]:
    """JSON Feed attachments as enclosures."""
    found = [
        read_enclosure(attachment.get("url"), attachment.get("mime_type"),
                       attachment.get("size_in_bytes"), base, warnings)
        for attachment in as_list(item.get("attachments")) if isinstance(attachment, dict)
    ]
    return [enclosure for enclosure in found if enclosure is not None]


def read_rss_in_json(rss: dict, *, url: str | None, encoding: str, warnings: list[str],
                     max_items: int) -> ParsedFeed:
    """Parse RSS 2.0 expressed as JSON (element names as keys)."""
    channel = rss.get("channel") if isinstance(rss.get("channel"), dict) else {}
    language = clean_text(channel.get("language"))
    items = [item for item in as_list(channel.get("item")) if isinstance(item, dict)]
    items = limit_items(items, max_items, warnings)
    entries = [read_rss_json_item(item, url, language, warnings) for item in items]
    return ParsedFeed(
        kind="rss-json",
        title=clean_text(channel.get("title")),
        link=read_link(channel.get("link"), url, []),
        self_url=None,
        language=language,
        encoding=encoding,
        entries=entries,
        warnings=warnings,
    )


def read_rss_json_item(item: dict, base: str | None, language: str | None,
                       warnings: list[str]) -> FeedEntry:
    """Normalise one RSS-in-JSON item."""
    guid = item.get("guid")
    guid_text = clean_text(guid.get("value") if isinstance(guid, dict) else guid)
    published_raw = clean_text(item.get("pubDate"))
    enclosures = [read_enclosure(enclosure.get("url"), enclosure.get("type"),
                                 enclosure.get("length"), base, warnings)
                  for enclosure in as_list(item.get("enclosure"))
                  if isinstance(enclosure, dict)]
    return FeedEntry(
        guid=guid_text,
        link=read_link(item.get("link") or guid_text, base, warnings),
        title=clean_text(item.get("title")),
        authors=unique(as_list(item.get("author")) + as_list(item.get("dc:creator"))),
        categories=unique(category.get("value") if isinstance(category, dict) else category
                          for category in as_list(item.get("category"))),
        summary=clean_text(item.get("description")),
        content=clean_text(item.get("content:encoded")),
        published=read_date(published_raw, zone_for_language(language), warnings),
        published_raw=published_raw,
        updated=None,
        language=language,
        enclosures=[enclosure for enclosure in enclosures if enclosure is not None],
        raw=dict(jsonable(item)),
    )


def as_list(value: object) -> list:
    """A list whatever the JSON held: a list as is, one value wrapped, None as empty."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

