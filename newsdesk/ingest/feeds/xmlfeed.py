"""RSS, RDF and Atom feeds read with feedparser, then normalised into FeedEntry.

feedparser is handed only cleaned, UTF-8, DTD-free bytes (see prolog.py and charset.py),
always as a stream: given bare bytes it would first try them as a local file name.
Plain, well-formed RSS 2.0 is read first by plainrss.py, which returns exactly what
feedparser would (several times faster); every other feed goes to feedparser.
"""

from __future__ import annotations

import io
from datetime import tzinfo

import feedparser
from lxml import etree

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
from newsdesk.ingest.feeds.plainrss import read_plain_rss

KINDS = {
    "rss090": "rss09x", "rss091n": "rss09x", "rss091u": "rss09x", "rss092": "rss09x",
    "rss093": "rss09x", "rss094": "rss09x", "rss20": "rss20", "rss10": "rss10",
    "atom01": "atom03", "atom02": "atom03", "atom03": "atom03", "atom10": "atom10",
}
ROOT_KINDS = {"rss": "rss", "rdf": "rss10", "feed": "atom", "entry": "atom", "channel": "cdf"}
# Elements whose content is only ever text; nested elements in them are mistakes.
TEXT_ONLY = frozenset({"link", "guid", "id", "pubDate", "published", "updated", "comments"})
HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_xml_feed(text: str, root: str, *, url: str | None, encoding: str,
                  warnings: list[str], max_items: int) -> ParsedFeed:
    """Parse a cleaned XML feed into a ParsedFeed (never raises on malformed XML)."""
    headers = {"content-type": "application/xml; charset=utf-8"}
    if url:
        headers["content-location"] = url
    result = read_plain_rss(text, url)
    if result is None:
        result = run_lenient(text, headers, warnings)
    if result.get("bozo"):
        warnings.append(f"XML not well-formed, read leniently: {describe_bozo(result)}")
    channel = result.get("feed", {})
    base = url
    language = clean_text(channel.get("language"))
    assume_tz = zone_for_language(language)
    raw_entries = limit_items(list(result.get("entries", [])), max_items, warnings)
    entries = [read_xml_entry(entry, base, language, assume_tz, warnings)
               for entry in raw_entries]
    return ParsedFeed(
        kind=KINDS.get(result.get("version") or "", ROOT_KINDS[root]),
        title=clean_text(channel.get("title")),
        link=read_link(channel.get("link"), base, []),  # often a tag: URI copied from <id>
        self_url=read_link(self_link(channel.get("links", [])), base, []),
        language=language,
        encoding=encoding,
        entries=entries,
        warnings=warnings,
    )


def run_lenient(text: str, headers: dict[str, str], warnings: list[str]) -> dict:
    """feedparser, and feedparser over repaired XML when its lenient parser crashes."""
    try:
        return run_feedparser(text, headers)
    except Exception as error:  # feedparser's lenient parser crashes on some tag soup
        warnings.append(f"feedparser failed ({type(error).__name__}); "
                        "read the XML after repairing it")
        return run_repaired(text, headers)


def run_feedparser(text: str, headers: dict[str, str]) -> dict:
    """feedparser over UTF-8 bytes in a stream (bare bytes would be tried as a file name)."""
    return feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=headers,
                            sanitize_html=False, resolve_relative_uris=False)


def run_repaired(text: str, headers: dict[str, str]) -> dict:
    """feedparser over the repaired XML; FeedError when even that defeats it."""
    try:
        return run_feedparser(repair_xml(text), headers)
    except FeedError:
        raise
    except Exception as error:
        raise FeedError(f"feed XML too broken to read: feedparser raised "
                        f"{type(error).__name__} even after repair") from error


def repair_xml(text: str) -> str:
    """Well-formed XML rebuilt by lxml's recovering parser, with no DTD, entity or network.

    Elements that only ever hold text (link, guid, dates) lose any elements nested in them
    by mistake: such nesting is what crashes feedparser.
    """
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    root = etree.fromstring(text.encode("utf-8"), parser)
    if root is None:
        raise FeedError("not a feed: the XML is too broken to read")
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in TEXT_ONLY:
            flatten(element)
    return etree.tostring(root, encoding="unicode")


def flatten(element: etree._Element) -> None:
    """Replace an element's children with their text (attributes stay)."""
    if len(element):
        text = "".join(element.itertext())
        for child in list(element):
            element.remove(child)
        element.text = text


def describe_bozo(result: dict) -> str:
    """One line saying what feedparser found wrong."""
    error = result.get("bozo_exception")
    line = getattr(error, "getLineNumber", lambda: None)()
    where = f"line {line}: " if line else ""
    return where + " ".join(str(error).split())[:200]


def self_link(links: list[dict]) -> str | None:
    """The href of the feed's rel="self" link, if any."""
    for link in links:
        if link.get("rel") == "self":
            return link.get("href")
    return None


def read_xml_entry(entry: dict, base: str | None, feed_language: str | None,
                   assume_tz: tzinfo, warnings: list[str]) -> FeedEntry:
    """Normalise one feedparser entry.

    Plain keys are read with dict.get: FeedParserDict.get maps aliases first, which costs
    more than the lookup itself, and would make "updated" fall back to "published".
    Only "enclosures" (derived from the links) needs FeedParserDict's own get.
    """
    content = pick_content(dict.get(entry, "content") or [])
    summary = clean_text(dict.get(entry, "summary"))
    updated_raw = clean_text(dict.get(entry, "updated"))
    published_raw = clean_text(dict.get(entry, "published")) or updated_raw
    return FeedEntry(
        guid=clean_text(dict.get(entry, "id")),
        link=read_entry_link(entry, base, warnings),
        title=clean_text(dict.get(entry, "title")),
        authors=read_authors(entry),
        categories=unique(tag.get("term") or tag.get("label")
                          for tag in dict.get(entry, "tags", [])),
        summary=None if summary is not None and summary == content else summary,
        content=content,
        published=read_date(published_raw, assume_tz, warnings),
        published_raw=published_raw,
        updated=read_date(updated_raw, assume_tz, []),
        language=entry_language(entry) or feed_language,
        enclosures=read_enclosures(entry, base, warnings),
        raw=raw_copy(entry),
    )


def read_entry_link(entry: dict, base: str | None, warnings: list[str]) -> str | None:
    """The entry's canonical link; a non-URL guid that feedparser copied is dropped quietly."""
    link = dict.get(entry, "link")
    copied_from_guid = link is not None and link == dict.get(entry, "id")
    return read_link(link, base, [] if copied_from_guid else warnings)


def pick_content(contents: list[dict]) -> str | None:
    """The entry's full content, preferring an HTML version when several are given."""
    html = [item for item in contents if str(item.get("type", "")).lower() in HTML_TYPES]
    for item in html + list(contents):
        value = clean_text(item.get("value"))
        if value is not None:
            return value
    return None


def read_authors(entry: dict) -> list[str]:
    """Author names (or e-mail addresses when no name is given), deduplicated."""
    authors = dict.get(entry, "authors") or []
    names = [author.get("name") or author.get("email") for author in authors]
    if not any(names):
        names = [dict.get(entry, "author")]
    return unique(names)


def entry_language(entry: dict) -> str | None:
    """The xml:lang in force on the entry's content, summary or title."""
    details = list(dict.get(entry, "content") or [])
    details += [dict.get(entry, "summary_detail") or {}, dict.get(entry, "title_detail") or {}]
    for detail in details:
        language = clean_text(detail.get("language"))
        if language:
            return language
    return None


def read_enclosures(entry: dict, base: str | None, warnings: list[str]) -> list[Enclosure]:
    """Enclosures and Media RSS content, deduplicated by URL."""
    found: dict[str, Enclosure] = {}
    candidates = [(item.get("href") or item.get("url"), item.get("type"), item.get("length"))
                  for item in entry.get("enclosures", [])]
    candidates += [(item.get("url"), item.get("type"), item.get("filesize"))
                   for item in dict.get(entry, "media_content", [])]
    for url, media_type, length in candidates:
        enclosure = read_enclosure(url, media_type, length, base, warnings)
        if enclosure is not None:
            found.setdefault(enclosure.url, enclosure)
    return list(found.values())


def raw_copy(entry: dict) -> dict:
    """The feedparser entry as plain JSON data, without its derived struct_time fields."""
    copy = jsonable({key: value for key, value in entry.items()
                     if not key.endswith("_parsed")})
    return copy if isinstance(copy, dict) else {}
