"""Turn parsed feed entries into article rows for the store."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

import lxml.html
from lxml.etree import ParserError

from newsdesk.ingest.feeds import FeedEntry, entry_identity, is_summary_only
from newsdesk.store.models import utcnow
from newsdesk.text.language_codes import normalise_language

MAX_TEXT_CHARS = 200_000
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(html: str | None) -> str:
    """Readable plain text from a fragment of feed HTML: block elements become line breaks."""
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return _tidy(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def text_cut_note(kept: int, total: int) -> str:
    """The note stored on an article whose text was cut at the length cap."""
    return f"text cut to the first {kept:,} of {total:,} characters (per-article cap)"


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, str | None]:
    """The text cut to ``limit`` characters, with a note saying so when it was cut."""
    if len(text) <= limit:
        return text, None
    return text[:limit], text_cut_note(limit, len(text))


def content_hash(title: str | None, text: str) -> str:
    """A hash of what the article says, for exact-duplicate detection across sources."""
    normal = SPACES.sub(" ", f"{title or ''}\n{text}".casefold()).strip()
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def article_row(
    entry: FeedEntry,
    *,
    source_id: int,
    feed_language: str | None,
    fetched_at: datetime | None = None,
) -> dict[str, Any]:
    """The store row for one feed entry; `text_origin` says where its text came from.

    The text is capped at MAX_TEXT_CHARS characters; `text_note` says when it was cut.
    """
    summary_only = is_summary_only(entry)
    text, text_note = cap_text(feed_body_text(entry, summary_only=summary_only))
    return {
        "source_id": source_id,
        "uid": entry_identity(entry)[:512],
        "guid": (entry.guid or None) and entry.guid[:2048],
        "url": entry.link and entry.link[:2048],
        "title": entry.title,
        "authors": list(entry.authors),
        "categories": list(entry.categories),
        "summary": entry.summary,
        "content": entry.content,
        "text": text,
        "text_origin": "summary" if summary_only else "feed",
        "text_note": text_note,
        "language": normalise_language(entry.language or feed_language),
        "published_at": entry.published,
        "published_raw": entry.published_raw and entry.published_raw[:256],
        "updated_at": entry.updated,
        "enclosures": [
            {"url": e.url, "type": e.type, "length": e.length} for e in entry.enclosures
        ],
        "content_hash": content_hash(entry.title, text),
        "raw": entry.raw,
        "fetched_at": fetched_at or utcnow(),
    }


def feed_body_text(entry: FeedEntry, *, summary_only: bool) -> str:
    """The text an entry's own bodies give: its content, else its summary.

    When the feed carries only a teaser (a truncated content, say), the longest of the two
    is kept: the page may not be fetchable, and a truncated content usually says more than
    the `<description>` beside it.
    """
    content_text = html_to_text(entry.content)
    summary_text = html_to_text(entry.summary)
    if summary_only:
        return max(content_text, summary_text, key=len)
    return content_text or summary_text

