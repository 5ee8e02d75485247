"""Cheap checks on an XML feed's shape, made before a parser sees it.

feedparser's cost grows with a feed's structure, not its bytes: 100,000 attributes on one
element take its strict parser minutes (quadratic), a million unclosed tags take its
lenient parser gigabytes, and every item is parsed before the max_items cut. A few scans
by regular expression (in C, linear) refuse the first two with a one-line reason and cut
the third down to max_items items before parsing. Shapes these checks miss are still
bounded by the parse budget (budget.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.ingest.feeds.model import FeedError

MAX_ATTRIBUTES = 256  # on one element
MAX_TAGS = 50_000  # start and end tags outside CDATA after the item cut (~3 s of feedparser)
# name=value: a value is required, so that words of text after a stray "<" never count
ATTRIBUTE = r"\s+[^\s=<>/\"']+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>\"']+)"
CROWDED_TAG = re.compile(r"<[A-Za-z_][^\s<>/]*(?:" + ATTRIBUTE + f"){{{MAX_ATTRIBUTES + 1}}}")
CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)
# The element of an item in each root's format ("entry" alone is a one-entry document).
ITEM_TAGS = {"rss": "item", "rdf": "item", "channel": "item", "feed": "entry"}


@dataclass
class Shaped:
    """Feed text ready to parse, and what was done to it."""

    text: str
    warnings: list[str] = field(default_factory=list)


def check_shape(text: str, root: str, max_items: int) -> Shaped:
    """The feed cut to its first ``max_items`` items; FeedError for an absurd structure."""
    shaped = keep_first_items(text, ITEM_TAGS.get(root), max_items)
    if CROWDED_TAG.search(shaped.text):
        raise FeedError(f"refused: an element with more than {MAX_ATTRIBUTES} attributes "
                        "(parse budget)")
    tags = count_tags(shaped.text)
    if tags > MAX_TAGS:
        raise FeedError(f"refused: {tags:,} tags, more than {MAX_TAGS:,} (parse budget)")
    return shaped


def count_tags(text: str) -> int:
    """How many tags a parser would meet: every "<" outside CDATA sections."""
    count = text.count("<")
    if count <= MAX_TAGS:
        return count  # an upper bound is enough: no need to look for CDATA
    return CDATA.sub("", text).count("<")


def keep_first_items(text: str, tag: str | None, max_items: int) -> Shaped:
    """The text without its items after the first ``max_items``, with the item cap's
    warning; unchanged when it has no more, or when their ends cannot be found."""
    if tag is None:
        return Shaped(text)
    starts = re.compile(r"<(?:[\w.-]+:)?" + tag + r"[\s/>]").finditer(text)
    cut_from = None
    total = 0
    for total, start in enumerate(starts, 1):
        if total > max(0, max_items):
            cut_from = start.start()
            break
    if cut_from is None:
        return Shaped(text)
    total += sum(1 for _ in starts)
    end_tag = re.compile(r"</(?:[\w.-]+:)?" + tag + r"\s*>")
    ends = [end.end() for end in end_tag.finditer(text, cut_from)]
    if not ends:
        return Shaped(text)
    return Shaped(text[:cut_from] + text[ends[-1]:],
                  [f"kept the first {max(0, max_items)} of {total} items"])
