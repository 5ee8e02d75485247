"""What comes before a feed's root element: cleaned up, checked for safety, identified.

Real feeds start with byte-order marks, blank lines, PHP warnings or a mistyped
``<?phpxml`` declaration; all of that is dropped (with a warning) so the XML parser sees a
well-formed start. Document type declarations are never fetched: an external DTD is
simply removed, and any ENTITY declaration is refused outright, since entity expansion is
how billion-laughs, quadratic-blowup and XXE attacks work, and feedparser's lenient
fallback parser would otherwise be handed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.ingest.feeds.model import FeedError

# Local names of the root elements of the XML feed formats we read (CDF's is "channel";
# "entry" is a stand-alone Atom entry document).
FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel", "entry"})
NOT_FEED_ROOTS = {
    "html": "an HTML page",
    "head": "an HTML page",
    "body": "an HTML page",
    "opml": "an OPML subscription list",
    "svg": "an SVG image",
}
COMMENT = re.compile(r"<!--.*?-->", re.S)
DOCTYPE = re.compile(r"<!DOCTYPE\b(?:[^\[>]*)(?:\[.*?\]\s*)?>", re.S | re.I)
ENTITY_OR_CDATA = re.compile(r"<!ENTITY\b|<!\[CDATA\[", re.I)
ROOT_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
FEED_ROOT_TAG = re.compile(r"<((?:\w+:)?(?:rss|feed|RDF))[\s>]")
PROLOG_START = re.compile(r"<[!?]")
PROLOG_ITEM = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>)", re.S | re.I
)


@dataclass
class CleanCopy:
    """Feed text ready for an XML parser, and what its root element says it is."""

    text: str
    root: str
    warnings: list[str] = field(default_factory=list)


def clean_prolog(text: str) -> CleanCopy:
    """Return the feed text from its root element on, with a safe, minimal prolog.

    Raises FeedError when the document declares entities (unsafe XML), when its root
    element is not a feed's (an HTML page, an OPML list...) or when it has no root at all.
    """
    if declares_entities(text):
        raise FeedError("unsafe XML: entity declarations (<!ENTITY>) are refused")
    start, root = locate_root(text)
    head = text[:start]
    warnings = describe_repairs(head)
    comments = "".join(COMMENT.findall(head))
    return CleanCopy('<?xml version="1.0" encoding="utf-8"?>\n' + comments + text[start:],
                     root, warnings)


def declares_entities(text: str) -> bool:
    """True when ``<!ENTITY`` appears outside CDATA sections (one linear scan)."""
    position = 0
    while True:
        found = ENTITY_OR_CDATA.search(text, position)
        if found is None:
            return False
        if found.group(0).upper().startswith("<!ENTITY"):
            return True
        close = text.find("]]>", found.end())
        if close < 0:
            return False
        position = close + 3


def locate_root(text: str) -> tuple[int, str]:
    """Return where the feed's root element starts and its local name, or raise FeedError."""
    start = find_first_element(text)
    if start is None:
        raise FeedError(f"not a feed: no XML root element found ({describe_start(text)})")
    root = local_name(ROOT_TAG.match(text, start).group(1))
    if root in NOT_FEED_ROOTS:
        raise FeedError(f"not a feed: got {NOT_FEED_ROOTS[root]} (<{root}>)")
    if root in FEED_ROOTS:
        return start, root
    # junk with markup of its own (a PHP warning in <b>) may precede the real root
    later = FEED_ROOT_TAG.search(text, start)
    if later is None:
        raise FeedError(f"not a feed: unexpected root element <{root}>")
    return later.start(), local_name(later.group(1))


def find_first_element(text: str) -> int | None:
    """Return the offset of the first start tag after the prolog, skipping leading junk."""
    position = 0
    while True:
        step = PROLOG_ITEM.match(text, position)
        if step and step.end() > position:
            position = step.end()
            continue
        tag = ROOT_TAG.search(text, position)
        markup = PROLOG_START.search(text, position)
        if markup and (tag is None or markup.start() < tag.start()):
            step = PROLOG_ITEM.match(text, markup.start())
            if step and step.end() > markup.start():
                position = step.end()  # junk, then more prolog: keep skipping
                continue
        return tag.start() if tag else None


def describe_repairs(head: str) -> list[str]:
    """Warnings for what cleaning the prolog removed or repaired."""
    warnings = []
    doctype = DOCTYPE.search(head)
    if doctype and "[" in doctype.group(0):
        warnings.append("removed the internal DTD subset of the document type declaration")
    junk = leading_junk(head)
    if junk:
        warnings.append(f"dropped {len(junk)} characters of junk before the root element")
    if re.search(r"<\?\s*[a-z]+xml", head, re.I) and not re.search(r"<\?xml\b", head):
        warnings.append("repaired a malformed XML declaration")
    return warnings


def leading_junk(head: str) -> str:
    """Text before the root that is neither prolog markup nor whitespace."""
    return PROLOG_ITEM.sub("", head).strip()


def local_name(tag: str) -> str:
    """The lower-case local part of a possibly prefixed tag name."""
    return tag.rsplit(":", 1)[-1].lower()


def describe_start(text: str) -> str:
    """A short, printable view of how a document begins, for error messages."""
    start = " ".join(text[:40].split())
    return f"starts with {start!r}" if start else "empty document"
