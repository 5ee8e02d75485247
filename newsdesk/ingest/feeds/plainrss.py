"""Plain RSS 2.0 read directly with lxml, into exactly what feedparser would have returned.

Most feeds are simple, well-formed RSS 2.0, and feedparser's generality is most of what
reading them costs. read_plain_rss builds, for such a feed, the same entries feedparser
builds (the same FeedParserDict keys and values, so the normalising code and the stored
raw copy cannot tell the difference) at a fraction of the cost. It only does so when it
is sure: any feed that is not well-formed, not RSS 2.0, uses xml:base or xml:lang, or has
an item element, attribute or nesting outside the small set it knows gets None, and
feedparser reads it as before. tests/ingest/feeds/test_plainrss.py checks both readers agree on
every corpus feed this one accepts. Where feedparser's rules are its own (when a title
looks like HTML, how a link is joined to its base) they are feedparser's own helpers,
of the exact feedparser version pyproject.toml pins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri
from feedparser.util import FeedParserDict
from lxml import etree

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
WFW_COMMENT_RSS = "{http://wellformedweb.org/CommentAPI/}commentRss"
SLASH_COMMENTS = "{http://purl.org/rss/1.0/modules/slash/}comments"
# The item elements read here, and the attributes each may carry.
ITEM_ATTRIBUTES = {
    "title": frozenset(), "link": frozenset(), "guid": frozenset({"isPermaLink"}),
    "pubDate": frozenset(), "description": frozenset(), CONTENT: frozenset(),
    "category": frozenset({"domain"}), "comments": frozenset(), DC_CREATOR: frozenset(),
    "enclosure": frozenset({"url", "length", "type"}),
    WFW_COMMENT_RSS: frozenset(), SLASH_COMMENTS: frozenset(),
}
REPEATABLE = frozenset({"category", "enclosure"})
# Namespaced channel elements feedparser may map onto the channel fields we read.
CHANNEL_ALIASES = frozenset({"title", "link", "language"})
# Characters feedparser rewrites (Windows-1252 code points sent as C1 controls).
C1_CONTROLS = re.compile("[\x80-\x9f]")
# The query-string repair feedparser applies to links.
ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html


class NotPlain(Exception):
    """The feed needs feedparser: something in it is outside what this reader knows."""


def read_plain_rss(text: str, url: str | None) -> dict | None:
    """feedparser's result for a plain, well-formed RSS 2.0 feed; None for any other feed.

    ``text`` is the cleaned feed (UTF-8 declaration, no DTD); ``url`` the feed's address,
    which feedparser takes as the base of every element.
    """
    if "xml:" in text or C1_CONTROLS.search(text):
        return None
    try:
        root = etree.fromstring(text.encode("utf-8"), strict_parser())
    except etree.XMLSyntaxError:
        return None
    channels = [child for child in root if isinstance(child.tag, str)]
    if root.tag != "rss" or dict(root.attrib) != {"version": "2.0"} or len(channels) != 1 \
            or channels[0].tag != "channel" or channels[0].attrib:
        return None
    base = feed_base(url)
    try:
        feed, items = read_channel(channels[0], base)
        entries = [read_item(item, base) for item in items]
    except NotPlain:
        return None
    return {"version": "rss20", "bozo": False, "feed": feed, "entries": entries}


def strict_parser() -> etree.XMLParser:
    """A new non-recovering parser with no entities, DTD or network (one per call: an lxml
    parser must not be shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def feed_base(url: str | None) -> str:
    """The base URI feedparser gives every element of a feed fetched from ``url``."""
    location = url or ""
    base = make_safe_absolute_uri("", location) or make_safe_absolute_uri(location) or ""
    return make_safe_absolute_uri(base, base) or base


def read_channel(channel: etree._Element, base: str) -> tuple[FeedParserDict, list]:
    """The channel's title, link, language and links, and its item elements."""
    feed = FeedParserDict()
    items = []
    for child in channel:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "item":
            if child.attrib:
                raise NotPlain("item attributes")
            items.append(child)
        elif tag in ("title", "link", "language"):
            if tag in feed or child.attrib:
                raise NotPlain(tag)
            value = element_text(child)
            if tag == "title":
                feed["title"] = value
                feed["title_detail"] = detail(value, "text/plain", base)
            elif tag == "link":
                link = ENTITY_LIKE.sub(r"&\g<1>", _urljoin(base, value))
                feed.setdefault("links", []).append(
                    FeedParserDict(rel="alternate", type="text/html", href=link))
                feed["link"] = link
            else:
                feed["language"] = value
        elif tag == ATOM_LINK:
            feed.setdefault("links", []).append(atom_link(child, base))
        elif tag.startswith("{") and tag.rpartition("}")[2] in CHANNEL_ALIASES:
            raise NotPlain(tag)
    return feed, items


def atom_link(element: etree._Element, base: str) -> FeedParserDict:
    """An atom:link of the channel (rel="self" and the like) as feedparser records it."""
    attributes = dict(element.attrib)
    if set(attributes) - {"rel", "href", "type", "title"} or len(element):
        raise NotPlain("atom:link")
    if attributes.setdefault("rel", "alternate") == "alternate":
        raise NotPlain("atom:link standing in for the channel link")
    attributes.setdefault(
        "type", "application/atom+xml" if attributes["rel"] == "self" else "text/html")
    if "href" in attributes:
        attributes["href"] = _urljoin(base, attributes["href"])
    return FeedParserDict(attributes)


def read_item(item: etree._Element, base: str) -> FeedParserDict:
    """One item as feedparser's entry dict, reading its children in document order."""
    entry = FeedParserDict()
    seen: set[str] = set()
    has_content = False
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        allowed = ITEM_ATTRIBUTES.get(tag)
        if allowed is None or set(child.attrib) - allowed or len(child):
            raise NotPlain(str(tag))
        if tag in seen and tag not in REPEATABLE:
            raise NotPlain(f"repeated {tag}")
        seen.add(tag)
        if tag == "enclosure":
            add_enclosure(entry, child)
            continue
        value = element_text(child)
        if tag == "title":
            entry["title"] = value
            entry["title_detail"] = detail(value, "text/plain", base)
        elif tag == "link":
            add_link(entry, value, base)
        elif tag == "guid":
            add_guid(entry, value, child.get("isPermaLink", "true") == "true", base)
        elif tag == "pubDate":
            entry["published"] = value
        elif tag == "description":
            if "summary" in entry and not has_content:
                raise NotPlain("description read as content")
            entry["summary"] = value
            entry["summary_detail"] = detail(value, "text/html", base)
        elif tag == CONTENT:
            has_content = True
            entry["content"] = [detail(value, "text/html", base)]
            entry.setdefault("summary", value)
        elif tag == "category":
            add_category(entry, value, child.get("domain"))
        elif tag == "comments":
            entry["comments"] = _urljoin(base, value)
        elif tag == WFW_COMMENT_RSS:
            entry["wfw_commentrss"] = _urljoin(base, value)
        elif tag == SLASH_COMMENTS:
            entry["slash_comments"] = value
        else:
            add_creator(entry, value)
    return entry


def element_text(element: etree._Element) -> str:
    """An element's text as feedparser keeps it: stripped, never empty here.

    Like feedparser, text that decodes as UTF-8 once taken for Latin-1 is decoded so.
    """
    value = (element.text or "").strip()
    if not value:
        raise NotPlain(f"empty {element.tag}")
    if value.isascii():
        return value
    if C1_CONTROLS.search(value):  # from a character reference; feedparser remaps these
        raise NotPlain("C1 control character")
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def detail(value: str, default_type: str, base: str) -> FeedParserDict:
    """feedparser's ``*_detail`` record; plain text that looks like HTML is typed as HTML."""
    content_type = default_type
    if default_type == "text/plain" and looks_like_html(value):
        content_type = "text/html"
    return FeedParserDict(type=content_type, language=None, base=base, value=value)


def add_link(entry: FeedParserDict, value: str, base: str) -> None:
    """The item's link, resolved and query-repaired as feedparser does."""
    link = ENTITY_LIKE.sub(r"&\g<1>", _urljoin(base, value).replace("&amp;", "&"))
    entry.setdefault("links", []).append(
        FeedParserDict(rel="alternate", type="text/html", href=link))
    entry["link"] = link


def add_guid(entry: FeedParserDict, value: str, permalink: bool, base: str) -> None:
    """The guid; a permalink guid also stands in for a link the item has not given yet."""
    guid = _urljoin(base, value) if permalink else value
    entry["id"] = guid
    entry.setdefault("guidislink", permalink and "link" not in entry)
    if permalink:
        entry.setdefault("link", guid)


def add_category(entry: FeedParserDict, term: str, domain: str | None) -> None:
    """A category as a tag (term, scheme from its domain, no label).

    As in feedparser, a repeated category is dropped only when it has no domain.
    """
    tag = FeedParserDict(term=term, scheme=domain or None, label=None)
    tags = entry.setdefault("tags", [])
    if domain or tag not in tags:
        tags.append(tag)


def add_enclosure(entry: FeedParserDict, element: etree._Element) -> None:
    """An enclosure, kept as feedparser keeps it: a link with rel="enclosure"."""
    attributes = dict(element.attrib)
    if not attributes.get("url"):
        raise NotPlain("enclosure without url")
    attributes["href"] = attributes.pop("url")
    attributes["rel"] = "enclosure"
    entry.setdefault("links", []).append(FeedParserDict(attributes))


def add_creator(entry: FeedParserDict, name: str) -> None:
    """dc:creator as feedparser's author fields (names with e-mail addresses go to it)."""
    if "@" in name or "authors" in entry:
        raise NotPlain("author with an address")
    entry["author"] = name
    entry["authors"] = [FeedParserDict(name=name)]
    entry["author_detail"] = FeedParserDict(name=name)
