"""Text made storable on every backend, and the length caps of stored fields.

PostgreSQL refuses NUL in text and in JSON columns, and no backend can encode a lone
surrogate as UTF-8, while SQLite stores NUL as it is: without this step the same feed
stored differently on the two backends, or not at all. Every text that reaches the store
from outside (feed items, source titles, OPML fields, error lines) passes through
``storable`` first, so both backends store exactly the same characters.
"""

from __future__ import annotations

import re

# C0 controls other than tab, line feed and carriage return, and UTF-16 surrogates.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
REPLACEMENT = "\ufffd"

# Caps on stored fields, in characters (SECURITY.md's limits table lists each).
MAX_URL_CHARS = 2048  # article, enclosure, source and site URLs; longer ones are dropped
MAX_TITLE_CHARS = 1000  # article titles
MAX_NAME_CHARS = 512  # source titles (outlet names) and folders
MAX_AUTHOR_CHARS = 256  # each author name
MAX_AUTHORS = 50  # authors per article
MAX_CATEGORY_CHARS = 256  # each category
MAX_CATEGORIES = 100  # categories per article
MAX_TEXT_CHARS = 200_000  # an article's text, from its feed or its extracted page
MAX_MARKUP_CHARS = 1_000_000  # an article's summary and content HTML, each string of its raw copy
MAX_LINE_CHARS = 2000  # error and warning lines


def storable_text(text: str) -> str:
    """``text`` without C0 controls (tab, LF and CR stay); lone surrogates become U+FFFD."""
    if UNSTORABLE.search(text) is None:
        return text
    return UNSTORABLE.sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    return REPLACEMENT if match.group(0) >= "\ud800" else ""


def storable(value: object) -> object:
    """A copy of ``value`` (str, dict, list or scalar) with every string in it, dict keys
    included, made storable; tuples become lists, as JSON stores them."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [storable(item) for item in value]
    return value


def storable_line(text: str | None) -> str | None:
    """An error or warning line made storable and cut at MAX_LINE_CHARS."""
    return None if text is None else cut(storable_text(text), MAX_LINE_CHARS)


def storable_name(text: str | None) -> str | None:
    """A source title (outlet name) or folder made storable and cut at MAX_NAME_CHARS."""
    return None if text is None else cut(storable_text(text), MAX_NAME_CHARS)


def storable_url(url: str | None) -> str | None:
    """A URL made storable, or None when it is longer than MAX_URL_CHARS."""
    return None if url is None else capped_url(storable_text(url))


def cut(text: str | None, limit: int) -> str | None:
    """``text`` cut to at most ``limit`` characters, ending in "…" when it was cut."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def capped_url(url: str | None) -> str | None:
    """The URL, or None when it is longer than MAX_URL_CHARS (a cut URL points elsewhere)."""
    return url if url is None or len(url) <= MAX_URL_CHARS else None


def capped_list(values: list[str], each: int, count: int) -> list[str]:
    """At most ``count`` values, each cut at ``each`` characters."""
    return [cut(value, each) or "" for value in values[:count]]
