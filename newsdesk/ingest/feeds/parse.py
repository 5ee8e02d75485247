"""Feed bytes to normalised entries: the one entry point of feed parsing.

parse_feed reads RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1 and RSS-in-JSON,
whatever the file name or Content-Type claims. A readable but broken feed comes back with
its entries and a list of warnings (feedparser's "bozo" spirit); a body that is not a feed
at all, or unsafe XML, raises FeedError with a one-line reason. Nothing else escapes.

Zoneless dates are read in UTC+8 for feeds whose language is Chinese (zh*), else in UTC.
"""

from __future__ import annotations

import hashlib
import html
import re

from newsdesk.ingest.feeds.charset import decode_feed_bytes
from newsdesk.ingest.feeds.jsonfeed import read_json_feed
from newsdesk.ingest.feeds.model import Enclosure, FeedEntry, FeedError, ParsedFeed
from newsdesk.ingest.feeds.prolog import clean_prolog
from newsdesk.ingest.feeds.shape import check_shape
from newsdesk.ingest.feeds.xmlfeed import read_xml_feed

__all__ = [
    "Enclosure", "FeedEntry", "FeedError", "ParsedFeed", "entry_identity", "is_summary_only",
    "parse_feed",
]

FEED_MEDIA_WORDS = ("xml", "json", "rss", "atom", "rdf", "octet-stream")
# Below this many characters of text, a feed's only body is a teaser, not the article.
SHORT_TEXT_CHARS = 500
# Longer than any truncation mark (the text's whitespace is collapsed to single spaces).
MARK_TAIL_CHARS = 40
TAG = re.compile(r"<[^>]*>")
TRUNCATION_MARKS = re.compile(
    r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|read the rest|阅读全文|全文|"
    r"more\s*»|»)\s*$",
    re.I,
)


def parse_feed(body: bytes, *, url: str | None = None, content_type: str | None = None,
               max_items: int = 1000) -> ParsedFeed:
    """Parse feed bytes into a ParsedFeed with canonical links and UTC dates.

    ``url`` (the feed's address) resolves relative links; ``content_type`` (the HTTP
    header) contributes its charset. At most ``max_items`` entries are kept (a warning
    says when more were dropped). Raises FeedError, and only FeedError, when the body is
    not a feed (empty, an HTML page, truncated JSON, garbage) or is unsafe XML.
    """
    try:
        return read_feed(body, url=url, content_type=content_type, max_items=max_items)
    except (FeedError, MemoryError):  # out of memory is the parse budget's to report
        raise
    except Exception as error:  # a bug or a library failure must not crash a fetch run
        raise FeedError(f"could not read feed: {type(error).__name__}: "
                        f"{' '.join(str(error).split())[:200]}") from error


def read_feed(body: bytes, *, url: str | None, content_type: str | None,
              max_items: int) -> ParsedFeed:
    """Decode, route to the JSON or XML reader, and parse."""
    if not isinstance(body, (bytes, bytearray)):
        raise FeedError(f"not a feed: expected bytes, got {type(body).__name__}")
    if not bytes(body).strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise FeedError("not a feed: empty body")
    decoded = decode_feed_bytes(bytes(body), content_type)
    decoded.warnings.extend(media_type_warnings(content_type))
    text = decoded.text.lstrip("\ufeff \t\r\n")
    if looks_like_json(text, content_type):
        return read_json_feed(text, url=url, encoding=decoded.encoding,
                              warnings=decoded.warnings, max_items=max_items)
    clean = clean_prolog(text)
    shaped = check_shape(clean.text, clean.root, max_items)
    return read_xml_feed(shaped.text, clean.root, url=url, encoding=decoded.encoding,
                         warnings=decoded.warnings + clean.warnings + shaped.warnings,
                         max_items=max_items)


def media_type_warnings(content_type: str | None) -> list[str]:
    """A warning when the server labelled the feed with a media type no feed uses."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if not media_type or any(word in media_type for word in FEED_MEDIA_WORDS):
        return []
    return [f"served as {media_type}, not a feed media type"]


def looks_like_json(text: str, content_type: str | None) -> bool:
    """True for a JSON body: it opens with ``{`` or ``[``, or is served as JSON, not ``<``."""
    if text[:1] in ("{", "["):
        return True
    served_as_json = bool(content_type) and "json" in content_type.lower()
    return served_as_json and not text.startswith("<")


def entry_identity(entry: FeedEntry) -> str:
    """A stable identity for an entry: its guid, else its canonical link, else a content hash.

    The hash (``sha1:<hex>``) covers title, link-less body and raw date, so the same item
    fetched twice gets the same identity.
    """
    if entry.guid:
        return entry.guid
    if entry.link:
        return entry.link
    parts = [entry.title or "", entry.summary or "", entry.content or "",
             entry.published_raw or ""]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return "sha1:" + digest.hexdigest()


def is_summary_only(entry: FeedEntry) -> bool:
    """True when the feed carries only a teaser, so the full article should be fetched.

    That is: no body at all, a body ending in a truncation mark ("…", "Read more",
    "阅读全文"...), or a body shorter than SHORT_TEXT_CHARS characters of text.
    """
    body = entry.content or entry.summary
    if body is None:
        return True
    text = visible_text(body)
    # The marks are short and must end the text, so its tail is all there is to search.
    if TRUNCATION_MARKS.search(text[-MARK_TAIL_CHARS:]):
        return True
    return len(text) < SHORT_TEXT_CHARS


def visible_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())
