"""Turn a fetched feed body into article rows for the store, or say why it cannot be."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import lxml.html
from lxml.etree import ParserError

from newsdesk.clock import utcnow
from newsdesk.ingest.feeds.parse import (
    FeedEntry,
    FeedError,
    entry_identity,
    is_summary_only,
    parse_feed,
)
from newsdesk.store.storable import (
    MAX_AUTHOR_CHARS,
    MAX_AUTHORS,
    MAX_CATEGORIES,
    MAX_CATEGORY_CHARS,
    MAX_MARKUP_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    capped_list,
    capped_url,
    cut,
    storable_text,
)
from newsdesk.text.language_codes import normalise_language

BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
# The warning parse_source gives; the fetch stage looks for it to record the caps on the source.
FIELD_CAP_WARNING = re.compile(r"cut over-long fields of \d+ articles? at their caps \(.*\)")


@dataclass
class ParsedSource:
    """A fetched feed turned into article rows, or the reason (and its kind) it could not be."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    kind: str | None = None
    title: str | None = None
    link: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str = "parse"


def parse_source(
    body: bytes,
    *,
    url: str,
    content_type: str | None,
    max_items: int,
    source_id: int,
    fetched_at: datetime,
) -> ParsedSource:
    """Parse a feed body into article rows, or say in one line why it cannot be read.

    Never raises for anything the feed holds: every step from the bytes to the rows
    (parse, normalise, cap, hash) is guarded, so a feed that breaks one fails only itself.
    """
    try:
        feed = parse_feed(body, url=url, content_type=content_type, max_items=max_items)
        pairs = [(entry, article_row(entry, source_id=source_id, feed_language=feed.language,
                                     fetched_at=fetched_at)) for entry in feed.entries]
    except FeedError as exc:
        return ParsedSource(error=str(exc))
    except MemoryError:  # the parse budget's to report
        raise
    except Exception as exc:  # a bug or a library failure must fail this source only
        return ParsedSource(error=f"could not read feed: {one_line(exc)}")
    warnings = list(feed.warnings) + field_cap_warnings(pairs)
    return ParsedSource([row for _, row in pairs], feed.kind, feed.title, feed.link, warnings)


def one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and the start of its message."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}".rstrip(": ")


def field_cap_warnings(pairs: list[tuple[FeedEntry, dict[str, Any]]]) -> list[str]:
    """A warning naming the fields cut at their caps, when any was."""
    names: dict[str, None] = {}
    articles = 0
    for entry, row in pairs:
        cut_names = cut_fields(entry, row)
        articles += bool(cut_names)
        names.update(dict.fromkeys(cut_names))
    if not articles:
        return []
    plural = "s" if articles > 1 else ""
    return [f"cut over-long fields of {articles} article{plural} at their caps "
            f"({', '.join(names)})"]


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
    return hashlib.sha1(storable_text(normal).encode("utf-8")).hexdigest()


def article_row(
    entry: FeedEntry,
    *,
    source_id: int,
    feed_language: str | None,
    fetched_at: datetime | None = None,
) -> dict[str, Any]:
    """The store row for one feed entry; `text_origin` says where its text came from.

    The text is capped at MAX_TEXT_CHARS characters; `text_note` says when it was cut.
    Every other field is capped too (see storable.py); the caller learns which were cut
    by comparing with the entry (cut_fields).
    """
    summary_only = is_summary_only(entry)
    text, text_note = cap_text(feed_body_text(entry, summary_only=summary_only))
    return {
        "source_id": source_id,
        "uid": entry_identity(entry)[:512],
        "guid": (entry.guid or None) and entry.guid[:2048],
        "url": capped_url(entry.link),
        "title": cut(entry.title, MAX_TITLE_CHARS),
        "authors": capped_list(entry.authors, MAX_AUTHOR_CHARS, MAX_AUTHORS),
        "categories": capped_list(entry.categories, MAX_CATEGORY_CHARS, MAX_CATEGORIES),
        "summary": cut(entry.summary, MAX_MARKUP_CHARS),
        "content": cut(entry.content, MAX_MARKUP_CHARS),
        "text": text,
        "text_origin": "summary" if summary_only else "feed",
        "text_note": text_note,
        "language": normalise_language(entry.language or feed_language),
        "published_at": entry.published,
        "published_raw": entry.published_raw and entry.published_raw[:256],
        "updated_at": entry.updated,
        "enclosures": [
            {"url": e.url, "type": cut(e.type, MAX_AUTHOR_CHARS), "length": e.length}
            for e in entry.enclosures if capped_url(e.url)
        ],
        "content_hash": content_hash(entry.title, text),
        "raw": capped_raw(entry.raw),
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


def capped_raw(raw: object) -> object:
    """The raw copy with every string in it cut at MAX_MARKUP_CHARS characters."""
    if isinstance(raw, str):
        return cut(raw, MAX_MARKUP_CHARS)
    if isinstance(raw, dict):
        return {key: capped_raw(value) for key, value in raw.items()}
    if isinstance(raw, list):
        return [capped_raw(value) for value in raw]
    return raw


def cut_fields(entry: FeedEntry, row: dict[str, Any]) -> list[str]:
    """The names of the fields of ``entry`` that its row holds cut or dropped at their caps."""
    cut_names = [name for name in ("title", "summary", "content")
                 if getattr(entry, name) != row[name]]
    if entry.link != row["url"]:
        cut_names.append("link")
    for name in ("authors", "categories"):
        if list(getattr(entry, name)) != row[name]:
            cut_names.append(name)
    if len(entry.enclosures) != len(row["enclosures"]):
        cut_names.append("enclosures")
    return cut_names

